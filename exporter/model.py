"""The report source as frozen data: metadata, the section tree, inline text and indicators."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum
from typing import Mapping

from .errors import UNKNOWN, Location
from .formula import Expr

MAX_HEADING_LEVEL = 4  # GB/T 9704-2012 §7.3.3: four levels 一、（一）1.（1）


# ---------------------------------------------------------------- inline text
@dataclass(frozen=True)
class Text:
    """Plain prose."""

    text: str
    location: Location = UNKNOWN


@dataclass(frozen=True)
class IndicatorRef:
    """A place where the prose shows an indicator's figure, written `{id}` in the source."""

    id: str
    location: Location = UNKNOWN


@dataclass(frozen=True)
class Literal:
    """A number the clerk marked as not an indicator (a year, an ordinal, a name), written `{2022}`."""

    text: str
    location: Location = UNKNOWN


Inline = Text | IndicatorRef | Literal


# ---------------------------------------------------------------- blocks
@dataclass(frozen=True)
class Paragraph:
    """A body paragraph."""

    inlines: tuple[Inline, ...]
    location: Location = UNKNOWN


@dataclass(frozen=True)
class Section:
    """A heading and what stands under it; its depth in the tree is its heading level."""

    heading: tuple[Inline, ...]
    children: tuple["Block", ...] = ()
    run_in: bool = False  # heading sentence runs into the first paragraph: "（一）标题。正文……"
    number: int | None = None  # the report's own number for this heading; later siblings continue from it
    location: Location = UNKNOWN


@dataclass(frozen=True)
class TableCell:
    """One cell as written: its text, what it spans, its alignment (None: the column's)."""

    inlines: tuple[Inline, ...]
    colspan: int = 1
    rowspan: int = 1
    align: str | None = None
    column: int = 0  # the grid column it starts in, spans from the rows above counted
    location: Location = UNKNOWN


@dataclass(frozen=True)
class Table:
    """A table (GB/T 9704 §8): an optional caption, header rows, rows of cells."""

    rows: tuple[tuple[TableCell, ...], ...]
    columns: int  # grid columns, spans counted
    caption: tuple[Inline, ...] = ()
    aligns: tuple[str, ...] = ()  # per grid column; missing ones are left
    header_rows: int = 1
    location: Location = UNKNOWN
    landscape: bool = False  # 横排 (§8): turned a quarter on its own pages, its head towards the left edge


Block = Paragraph | Section | Table


# ---------------------------------------------------------------- indicators
class IndicatorKind(Enum):
    """What sort of figure an indicator is; the value is the workbook's Chinese label."""

    COUNT = "数量"
    PERCENT = "比率"
    AMOUNT = "金额"
    APPROX = "约数"
    RANGE = "区间"
    RANK = "排名"


INDICATOR_KIND_KEYS: dict[str, IndicatorKind] = {
    "count": IndicatorKind.COUNT,
    "percent": IndicatorKind.PERCENT,
    "amount": IndicatorKind.AMOUNT,
    "approx": IndicatorKind.APPROX,
    "range": IndicatorKind.RANGE,
    "rank": IndicatorKind.RANK,
}


@dataclass(frozen=True)
class Indicator:
    """One figure of the report, written once here and referred to from the prose."""

    id: str
    name: str
    kind: IndicatorKind
    value: str  # decimal string as written: "98.72" keeps its precision
    unit: str = ""  # as written: 人, %, 万元
    upper: str | None = None  # a range's upper bound ("6～8": value 6, upper 8)
    qualifier: str = ""  # 约, 余, 以上 … for approximations (cjk.figures places it); 倒数 for ranks
    unit_in_text: bool = True  # False where the prose shows the bare number ("1+41+17")
    note: str = ""
    location: Location = UNKNOWN


@dataclass(frozen=True)
class Relation:
    """A stated figure that follows from others: `stated` = `formula` over indicator ids."""

    id: str
    name: str
    formula: str  # e.g. "yingsu_chuting / yingsu_kaiting"
    expression: Expr  # the formula parsed once
    stated: str  # indicator id of the figure the report states
    location: Location = UNKNOWN


# ---------------------------------------------------------------- metadata
@dataclass(frozen=True)
class DocNumber:
    """发文字号: 机关代字〔年份〕序号 (§7.2.4)."""

    agency: str
    year: int
    serial: int
    location: Location = UNKNOWN


@dataclass(frozen=True)
class Attachment:
    """附件 §7.3.7: its name (as the 附件说明 lists it), and its content when the source gives one."""

    title: str
    body: tuple[Block, ...] = ()  # empty: only named in the 附件说明
    detached: bool = False  # 不能与正文一起装订: carries the 发文字号 before its label
    indicator_list: bool = False  # its body is the 主要指标一览表, made from every indicator when resolved
    location: Location = UNKNOWN


@dataclass(frozen=True)
class SealImage:
    """A 印章 image read and checked once when the source is loaded: bytes every writer embeds as they are."""

    data: bytes = field(repr=False)  # PNG, or JPEG with a JFIF or Exif header, in grey or RGB (a CMYK JPEG is converted)
    format: str  # "PNG" or "JPEG"
    width: int  # pixels
    height: int
    mode: str  # Pillow's name of the pixel format of `data`: "RGBA", "RGB", "L", "P", …
    name: str  # the file as the source names it


@dataclass(frozen=True)
class Meta:
    """The 公文 elements around the body; all optional but the title."""

    title: str
    title_breaks: tuple[str, ...] = ()  # explicit title lines chosen by the clerk
    issuer: str | None = None  # 发文机关 (署名)
    issuer_mark: str | None = None  # 发文机关标志; defaults to the issuer
    doc_number: DocNumber | None = None
    signers: tuple[str, ...] = ()  # 签发人 (上行文)
    copy_number: str | None = None  # 份号
    secrecy: str | None = None  # 密级和保密期限
    urgency: str | None = None  # 紧急程度
    recipients: tuple[str, ...] = ()  # 主送机关
    attachments: tuple[Attachment, ...] = ()
    date: dt.date | None = None  # 成文日期
    seal: SealImage | None = None  # 印章 image; §7.3.5.1 layout when given
    note: str | None = None  # 附注, without its parentheses
    cc: tuple[str, ...] = ()  # 抄送机关
    printer: str | None = None  # 印发机关
    print_date: dt.date | None = None  # 印发日期
    keywords: tuple[str, ...] = ()
    subject: str | None = None
    continuous_levels: frozenset[int] = frozenset()  # heading levels numbered straight through their parents
    locations: Mapping[str, Location] = field(default_factory=dict)  # each element's key → where its value is written
    location: Location = UNKNOWN

    def where(self, *keys: str) -> Location:
        """Where the first of these elements that the source gives is written (the meta block if none)."""
        return next((self.locations[key] for key in keys if key in self.locations), self.location)


@dataclass(frozen=True)
class Document:
    """A whole report source."""

    meta: Meta
    body: tuple[Block, ...]
    indicators: tuple[Indicator, ...] = ()
    relations: tuple[Relation, ...] = ()
    source: str = ""  # the source file as the clerk names it
