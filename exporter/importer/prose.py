"""Prose as the source writes it: marks restored to full width, figures in braces, literals left readable."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..cjk.figures import SpanRole, find_figures
from ..cjk.scripts import ASCII_DIGITS, FULL_WIDTH_DIGITS, ascii_marks_in_chinese, is_cjk, restore_full_width
from .tree import Notice

_TO_ASCII_DIGITS = str.maketrans(FULL_WIDTH_DIGITS, ASCII_DIGITS)
# Line and paragraph separators (U+2028/U+2029, Word's soft line breaks) wrap text like a newline does.
_SPACES = re.compile(r"[ \t\r\n\u00a0\u2028\u2029]+")
_EDGE_SPACE = " \t\r\n\u00a0\u3000\u2028\u2029"
# Other invisible control characters a copied report may carry; the source cannot hold them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")
_BARE_NUMBER = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


@dataclass
class Tally:
    """What the import changed, gathered for the clerk: marks restored, figures tagged, notices with lines."""

    marks_restored: int = 0
    figures: int = 0
    notices: list[Notice] = field(default_factory=list)


def clean(text: str, tally: Tally) -> str:
    """Trimmed text with half-width digits, no spaces inside Chinese and full-width marks (GB/T 15834, 15835)."""
    text = _CONTROL.sub("", text).strip(_EDGE_SPACE).translate(_TO_ASCII_DIGITS)
    text = _SPACES.sub(lambda space: _space_between(space.string, space.start(), space.end()), text)
    tally.marks_restored += len(ascii_marks_in_chinese(text))
    return restore_full_width(text)


def _space_between(text: str, start: int, end: int) -> str:
    """Spaces and line breaks inside Chinese text are typing or wrapping leftovers; between Latin words one stays."""
    before, after = text[start - 1:start], text[end:end + 1]
    return "" if any(is_cjk(c) for c in before + after) else " "


def escape_braces(text: str) -> str:
    """Braces the report itself prints, written {{ and }} in the source."""
    return text.replace("{", "{{").replace("}", "}}")


def tag(text: str, line: int, tally: Tally) -> str:
    """Cleaned prose with every number in braces: figures ({66项}) and literals ({2022年}, {1153}, {3·15})."""
    pieces: list[str] = []
    position = 0
    for span in find_figures(text):
        pieces.append(escape_braces(text[position:span.start]))
        position = span.end
        if span.problem:
            tally.notices.append(Notice(line, f"{span.problem}。这个数字没有加花括号，请手工改写"))
            pieces.append(escape_braces(span.text))
            continue
        if span.role is SpanRole.LABEL:  # 表1, 附件2: the number of a part of the report, printed as it is
            pieces.append(escape_braces(span.text))
            continue
        if span.fix:
            tally.notices.append(Notice(line, f"“{span.text}”已改为“{span.written}”（{span.fix}）"))
        if span.figure is not None:
            tally.figures += 1
        # Every number goes in braces, years and dates too ({2022年}): a literal reads the same to any loader,
        # while which bare literals a loader recognises (Span.needs_braces) is the loader's rule to keep.
        pieces.append("{" + span.written + "}")
    pieces.append(escape_braces(text[position:]))
    return "".join(pieces)


def tag_cell(text: str, name: str, line: int, tally: Tally) -> str:
    """A table cell: a bare number takes the name of its row and column, so it is a figure and not a literal."""
    if name and _BARE_NUMBER.fullmatch(text):
        tally.figures += 1
        return "{" + text + "|" + re.sub(r"[{}|｜#＃]", "", name) + "}"
    return tag(text, line, tally)
