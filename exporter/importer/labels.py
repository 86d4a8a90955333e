"""Heading labels as reports type them (一、 （一） (一) 1. 1． 1、 （1） (1)) and run-in heading sentences."""

from __future__ import annotations

from ..cjk.numerals import TypedLabel, typed_label

_OPENING = "“‘（(《〔【"
_CLOSING = "”’）)》〕】"


def heading_label(text: str) -> TypedLabel | None:
    """The label a paragraph starts with, or None; 一是 and 2022年 are not labels, nor a label with nothing after it."""
    label = typed_label(text)
    return label if label is not None and label.end < len(text.rstrip()) else None


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
