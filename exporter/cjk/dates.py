"""Dates as 公文 print them: Arabic digits, full year, no zero padding (GB/T 9704 §7.3.5.1)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_CHINESE_DIGITS = "〇一二三四五六七八九"
_ARABIC_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_CHINESE_DATE = re.compile(r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日")


def chinese_date(date: dt.date) -> str:
    """2023-02-22 → 2023年2月22日."""
    return f"{date.year}年{date.month}月{date.day}日"


def doc_number(agency: str, year: int, serial: int) -> str:
    """发文字号 §7.2.4: 机关代字〔年份〕序号, with 〔〕 (U+3014/U+3015), no 第, no zero padding."""
    return f"{agency}〔{year}〕{serial}号"


DOC_NUMBER_BRACKETS = ("〔", "〕")  # §7.2.4: the year in 六角括号 U+3014/U+3015
# Brackets a pasted 发文字号 may carry instead: square, lenticular, round, half or full width, or 〔〕 themselves.
_OPENING = re.escape("〔[【(（［〖")
_CLOSING = re.escape("〕]】)）］〗")
_WRITTEN_DOC_NUMBER = re.compile(
    rf"\s*(?P<agency>[^\s{_OPENING}{_CLOSING}]+?)\s*(?P<open>[{_OPENING}])\s*(?P<year>\d{{4}})\s*(?P<close>[{_CLOSING}])"
    rf"\s*(?P<di>第)?\s*(?P<serial>\d{{1,6}})\s*号\s*")


@dataclass(frozen=True)
class WrittenDocNumber:
    """A 发文字号 as a clerk pasted it (宛政〔2023〕12号, or with [] 【】 () and 第, 012): its parts and how they were written."""

    agency: str
    year: int
    serial: int
    brackets: str  # the opening and closing bracket as written: "〔〕", "[]", "【】"
    brackets_at: tuple[int, int]  # offsets of the two brackets in the text
    di_at: int  # offset of a 第 before the serial (§7.2.4: none), or -1
    serial_text: str  # the serial as written: "12", "012" (§7.2.4: no zero padding)
    serial_at: int  # offset of the serial in the text


def parse_doc_number(text: str) -> WrittenDocNumber | None:
    """The parts of a written 发文字号 (机关代字〔年份〕序号号), or None when the text is not one."""
    match = _WRITTEN_DOC_NUMBER.fullmatch(text)
    if match is None:
        return None
    return WrittenDocNumber(
        agency=match["agency"], year=int(match["year"]), serial=int(match["serial"]),
        brackets=match["open"] + match["close"], brackets_at=(match.start("open"), match.start("close")),
        di_at=match.start("di") if match["di"] else -1, serial_text=match["serial"], serial_at=match.start("serial"),
    )


def parse_chinese_date(text: str) -> dt.date | None:
    """2023年2月22日 or 二〇二三年二月二十二日 (older 公文) → a date; None for anything else or an impossible date."""
    text = text.strip()
    if match := _ARABIC_DATE.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _CHINESE_DATE.fullmatch(text):
        year = int("".join(str(_CHINESE_DIGITS.index("〇" if c == "零" else c)) for c in match[1]))
        month, day = _small_numeral(match[2]), _small_numeral(match[3])
    else:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _small_numeral(text: str) -> int:
    """一 … 三十一 as months and days are written."""
    if "十" not in text:
        return _CHINESE_DIGITS.index(text)
    tens, _, units = text.partition("十")
    return (_CHINESE_DIGITS.index(tens) if tens else 1) * 10 + (_CHINESE_DIGITS.index(units) if units else 0)
