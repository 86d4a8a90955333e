"""Chinese numerals and the heading labels of GB/T 9704 §7.3.3 (一、 （一） 1. （1）)."""

from __future__ import annotations

import re
from dataclasses import dataclass

DIGITS = "〇一二三四五六七八九"
_SMALL_UNITS = ((1000, "千"), (100, "百"), (10, "十"))


def chinese_numeral(number: int) -> str:
    """Write 1…99 999 999 in Chinese numerals as headings and ranks use them: 十, 十一, 二十, 一百零五."""
    if number < 0:
        raise ValueError(f"negative number: {number}")
    if number < 10:
        return DIGITS[number]
    if number < 20:  # 十, 十一: the leading 一 is dropped in counting below twenty
        return "十" + (DIGITS[number % 10] if number % 10 else "")
    if number >= 100_000_000:
        raise ValueError(f"number too large: {number}")
    high, low = divmod(number, 10_000)
    if high:
        text = _below_ten_thousand(high) + "万"
        if low:
            text += ("零" if low < 1000 else "") + _below_ten_thousand(low)
        return text
    return _below_ten_thousand(low)


def _below_ten_thousand(number: int) -> str:
    text = ""
    pending_zero = False
    for value, unit in _SMALL_UNITS:
        digit, number = divmod(number, value)
        if digit:
            if pending_zero:
                text += "零"
            text += DIGITS[digit] + unit
            pending_zero = False
        elif text:
            pending_zero = True
    if number:
        text += ("零" if pending_zero and text else "") + DIGITS[number]
    return text


def heading_label(level: int, number: int) -> str:
    """The label of the `number`th heading at `level` 1…4: 一、 （一） 1. （1）."""
    if number < 1:
        raise ValueError(f"heading numbers start at 1, got {number}")
    match level:
        case 1:
            return f"{chinese_numeral(number)}、"
        case 2:
            return f"（{chinese_numeral(number)}）"
        case 3:
            return f"{number}."
        case 4:
            return f"（{number}）"
    raise ValueError(f"heading level must be 1…4, got {level}")


def label_stem(level: int, label: str) -> str:
    """A label without its trailing 、 or . — how a section is named inside a path like 一（二）."""
    return label[:-1] if level in (1, 3) else label


# ---------------------------------------------------------------- reading numerals and typed labels
_CHINESE_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
                   "八": 8, "九": 9}
_CHINESE_TENS = {"十": 10, "百": 100}
CHINESE_NUMERAL_CHARACTERS = "〇零一二三四五六七八九两十百"


def chinese_integer(text: str) -> int:
    """The value of a Chinese numeral below a thousand as ranks and labels use it: 四 → 4, 十一 → 11, 一百零五 → 105."""
    total, digit = 0, None
    for char in text:
        if char in _CHINESE_DIGITS:
            digit = _CHINESE_DIGITS[char]
        elif char in _CHINESE_TENS:
            total += (1 if digit is None else digit) * _CHINESE_TENS[char]  # 十一: the leading 一 is implied
            digit = None
        else:
            raise ValueError(f"not a Chinese numeral: {text}")
    return total + (digit or 0)


_LABEL_NUMERAL = "一二三四五六七八九十百"
# The four levels of §7.3.3 as clerks type them: 一、 （一） (一) 1. 1． 1、 （1） (1).
_TYPED_LABEL = re.compile(
    rf"\s*(?:(?P<l1>[{_LABEL_NUMERAL}]+)[、.．]"
    rf"|[（(](?P<l2>[{_LABEL_NUMERAL}]+)[）)]"
    rf"|(?P<l3>\d{{1,3}})[.．、](?!\d)"
    rf"|[（(](?P<l4>\d{{1,3}})[）)])"
    r"[ \t\u3000]*"
)


@dataclass(frozen=True)
class TypedLabel:
    """A heading label typed at the start of a line: its level, the number it shows and where the text after it begins."""

    level: int
    number: int
    end: int


def typed_label(text: str) -> TypedLabel | None:
    """The heading label `text` starts with (一、 （一） 1. （1） and their half-width forms), or None; 一是 is none."""
    match = _TYPED_LABEL.match(text)
    if match is None:
        return None
    for level, group in enumerate(("l1", "l2", "l3", "l4"), start=1):
        if numeral := match[group]:
            number = int(numeral) if numeral.isdigit() else chinese_integer(numeral)
            return TypedLabel(level, number, match.end()) if number > 0 else None
    return None
