"""Punctuation classes for Chinese line breaking (禁则, 避头尾), hanging punctuation (标点悬挂) and glyph placement."""

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

# Marks that hang past the end of a full line rather than start the next one (标点悬挂, GB/T 9704 project
# decision, see the spec): the sentence and pause marks that LibreOffice hangs for Chinese text. Word hangs
# these too, and also closing brackets and quotes (MS-OI29500 §2.1.52); both outputs move the character
# before a closing bracket or quote down with it instead.
HANGING = frozenset("，。、；：？！")

# Full-width marks whose ink fills one half of the cell (clreq §3.1.6): closing marks keep their glyph
# on the left of the cell, against what they close, opening marks on the right, against what they open.
# ？！ are left out: their ink reaches the middle of the cell in common faces.
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
