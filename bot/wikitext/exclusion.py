"""{{bots}} and {{nobots}} read from the page text, as Template:Bots documents them.

pywikibot's botMayEdit() asks the API for every page's templates; reading the text we already
have avoids a request per page. pywikibot still applies its own check when saving, as a net.
"""

from __future__ import annotations

import re

from bot.wikitext.spans import mask_opaque

_EXCLUSION_RE = re.compile(r"\{\{\s*(?:template\s*:\s*)?(bots|nobots)\s*(?:\|([^{}]*))?\}\}", re.I)


def bot_may_edit(text: str, username: str) -> bool:
    """False when the page opts out of this bot (or of all bots)."""
    for match in _EXCLUSION_RE.finditer(mask_opaque(text)):
        kind = match.group(1).lower()
        first = (match.group(2) or "").split("|")[0]
        key, sep, value = first.partition("=")
        if not sep:
            key, value = "", key
        key = key.strip().lower()
        names = {name.strip() for name in value.split(",") if name.strip()}
        if kind == "nobots":
            if key or not names or "all" in names or username in names:
                return False
            continue
        if key == "allow" and not ("all" in names or username in names):
            return False
        if key == "deny" and ("all" in names or username in names):
            return False
        if key == "optout" and "all" in names:
            return False
    return True
