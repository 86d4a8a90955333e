"""Chinese numerals and the heading labels of GB/T 9704 §7.3.3 (一、 （一） 1. （1）)."""

from __future__ import annotations

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
