"""Dates as 公文 print them: Arabic digits, full year, no zero padding (GB/T 9704 §7.3.5.1)."""

from __future__ import annotations

import datetime as dt


def chinese_date(date: dt.date) -> str:
    """2023-02-22 → 2023年2月22日."""
    return f"{date.year}年{date.month}月{date.day}日"


def doc_number(agency: str, year: int, serial: int) -> str:
    """发文字号 §7.2.4: 机关代字〔年份〕序号, with 〔〕 (U+3014/U+3015), no 第, no zero padding."""
    return f"{agency}〔{year}〕{serial}号"
