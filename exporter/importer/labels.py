"""Heading labels as reports type them (一、 （一） (一) 1. 1． 1、 （1） (1)) and run-in heading sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..cjk.figures import chinese_integer

_NUMERAL = "一二三四五六七八九十百"
# GB/T 9704 §7.3.3 levels, with the half-width brackets and the other stops clerks type.
_LABEL = re.compile(
    rf"\s*(?:(?P<l1>[{_NUMERAL}]+)、"
    rf"|[（(](?P<l2>[{_NUMERAL}]+)[）)]"
    rf"|(?P<l3>\d{{1,3}})[.．、](?!\d)"
    rf"|[（(](?P<l4>\d{{1,3}})[）)])"
    r"[ \t\u3000]*"
)
_OPENING = "“‘（(《〔【"
_CLOSING = "”’）)》〕】"


@dataclass(frozen=True)
class Label:
    """A typed heading label: its level, the number it shows and where the heading text begins."""

    level: int
    number: int
    end: int


def heading_label(text: str) -> Label | None:
    """The label a paragraph starts with, or None; 一是 and 2022年 are not labels."""
    match = _LABEL.match(text)
    if match is None or match.end() >= len(text.rstrip()):
        return None  # a label with nothing after it is not a heading
    for level, group in enumerate(("l1", "l2", "l3", "l4"), start=1):
        if numeral := match[group]:
            number = int(numeral) if numeral.isdigit() else chinese_integer(numeral)
            return Label(level, number, match.end()) if number > 0 else None
    return None


def split_run_in(text: str) -> tuple[str, str]:
    """A heading line split after its first full stop outside brackets and quotes: (heading sentence, the rest).

    The rest is "" for a heading that stands alone on its line.
    """
    depth = 0
    for index, char in enumerate(text):
        if char in _OPENING:
            depth += 1
        elif char in _CLOSING:
            depth = max(0, depth - 1)
        elif char == "。" and depth == 0:
            rest = text[index + 1:].strip()
            return (text[: index + 1], rest) if rest else (text, "")
    return text, ""
