"""Script classes of characters (CJK ideograph, full-width mark, Latin, digit) and ASCII-punctuation findings."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Ideographs, CJK symbols and punctuation, full-width forms: the characters that take one grid cell.
_CJK_RANGES = (
    (0x2E80, 0x2FDF),  # radicals
    (0x3000, 0x303F),  # CJK symbols and punctuation 、。〔〕
    (0x3040, 0x30FF),  # kana
    (0x3400, 0x4DBF),  # extension A
    (0x4E00, 0x9FFF),  # unified ideographs
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFE30, 0xFE4F),  # compatibility forms
    (0xFF00, 0xFFEF),  # full-width forms ，（）；：
    (0x20000, 0x3FFFF),  # extensions B and later
)
FULL_WIDTH_QUOTES = "“”‘’"  # shared with Latin in Unicode, full width in Chinese text
# Marks Unicode shares between Latin and Chinese text: full width in Chinese text, but Word draws them in
# the East Asian face only when told (w:hint), and LibreOffice gives them the script of what precedes them.
SHARED_WITH_LATIN = frozenset(FULL_WIDTH_QUOTES + "—…·")
FULL_WIDTH_OF_ASCII = {",": "，", "(": "（", ")": "）", ";": "；", ":": "：", "?": "？", "!": "！"}
QUOTE_MARKS = ("“", "”")  # an ASCII " in Chinese text opens and closes in turn (GB/T 15834 §4.5)
ASCII_DIGITS = "0123456789"
FULL_WIDTH_DIGITS = "０１２３４５６７８９"


def is_cjk(char: str) -> bool:
    """True for a character that takes one full grid cell in Chinese text."""
    code = ord(char)
    if char in SHARED_WITH_LATIN:
        return True
    return any(low <= code <= high for low, high in _CJK_RANGES)


@dataclass(frozen=True)
class AsciiMark:
    """An ASCII punctuation mark standing in Chinese text, and the full-width mark it should be."""

    offset: int
    mark: str
    replacement: str


_ASCII_MARK = re.compile(r'[,();:?!"]')


def ascii_marks_in_chinese(text: str) -> list[AsciiMark]:
    """ASCII , ( ) ; : ? ! " next to a Chinese character (GB/T 15834: Chinese text uses full-width marks)."""
    found = []
    quotes = 0
    for match in _ASCII_MARK.finditer(text):
        i = match.start()
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        mark = match.group()
        if any(is_cjk(c) for c in before + after):
            if mark == '"':
                replacement = QUOTE_MARKS[quotes % 2]
                quotes += 1
            else:
                replacement = FULL_WIDTH_OF_ASCII[mark]
            found.append(AsciiMark(i, mark, replacement))
    return found


def restore_full_width(text: str) -> str:
    """Replace every ASCII mark that stands in Chinese text with its full-width form."""
    marks = ascii_marks_in_chinese(text)
    chars = list(text)
    for mark in marks:
        chars[mark.offset] = mark.replacement
    return "".join(chars)
