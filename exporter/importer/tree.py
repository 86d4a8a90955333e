"""What every reader produces and the emitter writes: the imported report as a small frozen tree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


# ---------------------------------------------------------------- what a reader sees
@dataclass(frozen=True)
class RawParagraph:
    """One paragraph as the file holds it, before any label or 公文 element is recognised."""

    text: str
    line: int  # where it starts: the line of a text file, the paragraph's number in a Word file
    heading_level: int | None = None  # from a Word heading style or a Markdown "##"
    is_title: bool = False  # Word's Title style or a Markdown "# " line


@dataclass(frozen=True)
class RawCell:
    """A table cell as read: its text and how many columns and rows it spans."""

    text: str
    colspan: int = 1
    rowspan: int = 1
    align: str = ""  # left, center, right; "" when the file does not say


@dataclass(frozen=True)
class RawTable:
    """A table as read; merged cells appear once, at their top-left place."""

    rows: tuple[tuple[RawCell, ...], ...]
    line: int
    header_rows: int = 1
    columns: tuple[str, ...] = ()  # alignment per column, when the file says (Markdown ":--:")


RawBlock = RawParagraph | RawTable


# ---------------------------------------------------------------- the imported report
@dataclass(frozen=True)
class Paragraph:
    """A body paragraph in source form: figures already in braces."""

    text: str


@dataclass(frozen=True)
class Cell:
    """A table cell in source form."""

    text: str
    colspan: int = 1
    rowspan: int = 1
    align: str = ""


@dataclass(frozen=True)
class Table:
    """A table (GB/T 9704 §8) with an optional caption (表题)."""

    rows: tuple[tuple[Cell, ...], ...]
    caption: str = ""
    header_rows: int = 1
    columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    """A heading and what stands under it; its depth is its level."""

    level: int
    title: str  # without its label: 深入学习贯彻……。
    number: int  # the report's own number for it: 3 for 三、
    run_in: bool = False
    body: tuple["Block", ...] = ()
    number_shown: bool = False  # the number differs from what the numbering rules generate: write `number:`


Block = Paragraph | Table | Section


@dataclass(frozen=True)
class DocNumber:
    """发文字号 宛政〔2023〕12号."""

    agency: str
    year: int
    serial: int


@dataclass(frozen=True)
class ReportMeta:
    """The 公文 elements found around the body; every one may be missing."""

    title: str = ""
    title_breaks: tuple[str, ...] = ()
    issuer_mark: str = ""
    issuer: str = ""
    doc_number: DocNumber | None = None
    signers: tuple[str, ...] = ()
    copy_number: str = ""
    secrecy: str = ""
    urgency: str = ""
    recipients: tuple[str, ...] = ()
    attachments: tuple[str, ...] = ()
    date: dt.date | None = None
    note: str = ""
    cc: tuple[str, ...] = ()
    printer: str = ""
    print_date: dt.date | None = None
    level3_continuous: bool = False  # level-3 "1." headings numbered straight through their parents


@dataclass(frozen=True)
class Notice:
    """Something the import changed or could not decide, told to the clerk with where it stands."""

    line: int  # 0 when it concerns the whole file
    message: str


@dataclass(frozen=True)
class Report:
    """A whole imported report."""

    meta: ReportMeta
    body: tuple[Block, ...]
    notices: tuple[Notice, ...] = ()
    figure_count: int = 0  # figures put in braces
