#!/usr/bin/env bash
# Quick start: install everything, start the local MediaWiki with its sample pages (as seeded),
# and run the bot's main job on it: safe fixes as bot edits, the rest as talk-page reports.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
.venv/bin/python scripts/localwiki.py up
.venv/bin/python scripts/localwiki.py reset      # every demo starts from the seeded pages...
rm -f var/state/localwiki/state.sqlite*          # ...and a bot that has not seen them yet
echo
echo "== maintbot run (config/local-wiki.toml) =="
status=0
.venv/bin/maintbot run --config config/local-wiki.toml || status=$?
base="http://127.0.0.1:8765/index.php"
cat <<MSG

Where to look (the wiki stays up; stop it with: scripts/localwiki.py stop)
  every edit and report:  $base?title=Special:RecentChanges&hidebots=0&days=1
  one fix, as a diff:     $base?title=Mill_history&diff=cur&oldid=prev
  one talk report:        $base?title=Talk:Mill_history
  try a dry run:          .venv/bin/maintbot run --config config/local-wiki.toml --dry-run --page "Joseph Stalin"
MSG
exit "$status"
