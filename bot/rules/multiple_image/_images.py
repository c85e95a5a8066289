"""How {{multiple image}} reads its parameters (Module:Multiple image, spec §4.1)."""

from __future__ import annotations

import re

from bot.wikitext.spans import Param, TemplateCall

PER_IMAGE_RE = re.compile(r"^(image|width|height|class|alt|link|thumbtime|caption)(\d+)$")
GLOBAL_PARAMS = frozenset(
    {
        "align",
        "direction",
        "perrow",
        "total_width",
        "width",
        "header",
        "title",
        "header_align",
        "header_background",
        "footer",
        "footer_align",
        "footer_background",
        "caption_align",
        "image_style",
        "image_gap",
        "border",
        "color",
        "text_color",
        "bg_color",
        "background_color",
        "background color",
    }
)
_PX_RE = re.compile(r"^(\d+)\s*px$", re.I)


def images(call: TemplateCall) -> dict[int, Param]:
    """imageN parameters by N (the last of a repeated name wins)."""
    found: dict[int, Param] = {}
    for param in call.params:
        match = PER_IMAGE_RE.match(param.key)
        if match and match.group(1) == "image":
            found[int(match.group(2))] = param
    return found


def filled_images(call: TemplateCall) -> dict[int, Param]:
    return {n: p for n, p in images(call).items() if p.value}


def numeric_after_px(value: str) -> bool:
    """Module:Multiple image strips 'px' from global widths only, then needs a number."""
    return value.isdigit() or bool(_PX_RE.match(value))
