"""``python -m bot.cli``: the same command as ``maintbot``."""

import sys

from bot.cli import main

sys.exit(main())
