"""Punctuation classes for Chinese line breaking (禁则, 避头尾) and punctuation compression (标点挤压)."""

from __future__ import annotations

# GB/T 15834-2011 with W3C clreq §3.1.7: marks that never start a line — closing brackets and quotes,
# sentence and pause marks, the ellipsis and dash (kept with what they follow), the interpunct, and the
# half-width forms a Latin figure may carry ("98.72%，").
NO_LINE_START = frozenset(
    "，。、；：？！）》」』”’】〕〉］｝〗〙〛﹞…—·～％‰℃"
    ",.;:?!)]}%"
)

# Marks that never end a line: opening brackets and quotes belong with what follows.
NO_LINE_END = frozenset("（《「『“‘【〔〈［｛〖〘〚﹝([{")

# Marks written doubled that a line break must never split (GB/T 15834 §4.9, §4.11).
INSEPARABLE = frozenset(("——", "……"))

# Full-width marks whose ink fills one half of the cell, so the other half may be removed (clreq
# §3.1.6 标点挤压). Closing marks keep their left half, opening marks their right half. ？！ are left
# out: their ink reaches the middle of the cell in common faces, and compressing them would clip it.
COMPRESSIBLE_CLOSING = frozenset("，。、；：）》」』”’】〕〉］｝〗〙〛")
COMPRESSIBLE_OPENING = frozenset("（《「『“‘【〔〈［｛〖〘〚")


def may_start_line(char: str) -> bool:
    """False for a mark that must not stand first on a line."""
    return char not in NO_LINE_START


def may_end_line(char: str) -> bool:
    """False for a mark that must not stand last on a line."""
    return char not in NO_LINE_END


def is_opening(char: str) -> bool:
    """An opening bracket or quote: its glyph sits on the right of its cell."""
    return char in NO_LINE_END


def is_closing(char: str) -> bool:
    """A closing mark or pause mark: its glyph sits on the left of its cell."""
    return char in COMPRESSIBLE_CLOSING


def compressible_pair(first: str, second: str) -> int:
    """Which of two adjacent marks loses its blank half: 1 = the first, 2 = the second, 0 = neither.

    clreq §3.1.6: after a closing mark ("。”", "，“", "）。") the closing mark is compressed; two opening
    marks in a row ("（“") compress the second.
    """
    if first in COMPRESSIBLE_CLOSING and (second in COMPRESSIBLE_CLOSING or second in COMPRESSIBLE_OPENING):
        return 1
    if first in COMPRESSIBLE_OPENING and second in COMPRESSIBLE_OPENING:
        return 2
    return 0
