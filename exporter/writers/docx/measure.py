"""Widths of short lines (署名, 成文日期, the 抄送 label) estimated from character classes, in points."""

from __future__ import annotations

from functools import lru_cache

from ...cjk.scripts import is_cjk
from ...styles import StyleSheet, TextRole

HALF_WIDTH = 0.5  # digits and Latin letters of the Latin font take about half a character's width (§7.1)


def text_width(text: str, style: StyleSheet, role: TextRole) -> float:
    """Width of `text` set in `role`: full width for CJK, half for the rest, each condensed like the grid."""
    advance = style.tracking(role.name)
    return sum(role.size.pt * (1 if is_full_width(char) else HALF_WIDTH) + advance for char in text)


@lru_cache(maxsize=4096)
def is_full_width(char: str) -> bool:
    """cjk.scripts.is_cjk, remembered: a report has a few thousand distinct characters, met again and again."""
    return is_cjk(char)
