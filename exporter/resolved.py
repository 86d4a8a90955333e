"""What every writer receives: one closed, ordered tuple of page elements, each present only when it prints.

Every string is decided here (labels, figures, dates, 发文字号, the 抄送 line); a writer lays out
what it receives and never splits, composes or renumbers text. Layout and the DOCX writer walk
`Resolved.elements` with `match` over `Element` and `assert_never`, so a new element is one type
here and one case in each of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterator

from .errors import UNKNOWN, Location
from .formula import Expr
from .model import IndicatorKind, SealImage


# ---------------------------------------------------------------- inline
@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text in one text role (a key of the style sheet's `roles`)."""

    text: str
    role: str
    indicator: str | None = None  # id when the run is an indicator's figure


def runs_text(runs: tuple[Run, ...]) -> str:
    """The text of runs, joined."""
    return "".join(run.text for run in runs)


# ---------------------------------------------------------------- blocks: the body of the text and of attachments
@dataclass(frozen=True)
class Heading:
    """A stand-alone heading paragraph; its runs include the label ("一、")."""

    level: int
    label: str
    runs: tuple[Run, ...]
    section: str  # id of the section it opens, e.g. "1.2"
    location: Location = UNKNOWN

    @property
    def text(self) -> str:
        return runs_text(self.runs)


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph; a run-in heading's runs come first and `run_in_level` is set."""

    runs: tuple[Run, ...]
    section: str  # id of the innermost section it stands in ("" before the first heading)
    run_in_level: int = 0  # level of the run-in heading at its start, 0 for none
    location: Location = UNKNOWN

    @property
    def text(self) -> str:
        return runs_text(self.runs)


@dataclass(frozen=True)
class TableCell:
    """One cell: its text, the grid column it starts in, what it spans and how its text is aligned."""

    runs: tuple[Run, ...]
    column: int  # 0-based grid column of its left edge
    colspan: int = 1
    rowspan: int = 1
    align: str = "left"  # left, center, right

    @property
    def text(self) -> str:
        return runs_text(self.runs)


@dataclass(frozen=True)
class TableRow:
    """A row of cells; cells covered by a span from a row above are absent."""

    cells: tuple[TableCell, ...]


@dataclass(frozen=True)
class Table:
    """A table (§8): caption, header rows repeated on each page, rows of cells on a grid of columns."""

    caption: tuple[Run, ...]  # 表题, empty for none
    widths: tuple[float, ...]  # each grid column's width in points; together the text block's width (its height if landscape)
    header_rows: int
    rows: tuple[TableRow, ...]
    section: str
    location: Location = UNKNOWN
    landscape: bool = False  # 横排 (§8): set across the text block's height, turned a quarter counter-clockwise

    @property
    def columns(self) -> int:
        return len(self.widths)

    @property
    def text(self) -> str:
        return runs_text(self.caption) + "".join(cell.text for row in self.rows for cell in row.cells)

    def row_groups(self) -> tuple[tuple[int, int], ...]:
        """The runs of rows that stay on one page, each (first, end): a row and every row a span from it, or
        from a row it joins, reaches."""
        reach = [index + max((cell.rowspan for cell in row.cells), default=1) for index, row in enumerate(self.rows)]
        groups = []
        first = 0
        while first < len(self.rows):
            end = reach[first]
            probe = first
            while probe < end:
                end = max(end, reach[probe])
                probe += 1
            groups.append((first, end))
            first = end
        return tuple(groups)


Block = Heading | Paragraph | Table


def block_runs(block: Block) -> Iterator[Run]:
    """Every run of a block, in reading order."""
    match block:
        case Heading() | Paragraph():
            yield from block.runs
        case Table():
            yield from block.caption
            for row in block.rows:
                for cell in row.cells:
                    yield from cell.runs


# ---------------------------------------------------------------- page elements, in the order they print
@dataclass(frozen=True)
class VersionHead:
    """版头 §7.2: 份号, 密级, 紧急程度 stacked flush left, the red 发文机关标志, the 发文字号 line, the red rule."""

    mark: str  # 发文机关标志
    copy_number: str | None = None
    secrecy: str | None = None
    urgency: str | None = None
    doc_number: str | None = None  # 宛政〔2023〕12号
    signer_label: str | None = None  # "签发人：" (上行文: the number flush left, the signers right)
    signers: tuple[str, ...] = ()
    location: Location = field(default=UNKNOWN, compare=False)  # where the source writes it


@dataclass(frozen=True)
class Title:
    """标题 §7.3.1, in the lines it prints on."""

    lines: tuple[str, ...]
    location: Location = field(default=UNKNOWN, compare=False)  # where the source writes it


@dataclass(frozen=True)
class Recipients:
    """主送机关 §7.3.2: "河南省人民政府："."""

    text: str
    location: Location = field(default=UNKNOWN, compare=False)  # where the source writes it


@dataclass(frozen=True)
class Body:
    """正文 §7.3.3: headings, paragraphs and tables."""

    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class AttachmentItem:
    """One line of the 附件说明: its number with the space after it ("1. ", or "" for a single attachment), its name."""

    number: str
    name: str


@dataclass(frozen=True)
class AttachmentNote:
    """附件说明 §7.3.4: "附件：" then the items; later items align under the first one's number."""

    label: str
    items: tuple[AttachmentItem, ...]
    location: Location = field(default=UNKNOWN, compare=False)  # where the source writes it


@dataclass(frozen=True)
class Signature:
    """发文机关署名 and 成文日期 without a seal §7.3.5.2."""

    name: str | None
    date: str | None
    location: Location = field(default=UNKNOWN, compare=False)  # where the source writes it


@dataclass(frozen=True)
class SealedSignature:
    """署名 and 成文日期 under a 印章 §7.3.5.1: the date 4 字 from the right, the name centred over it."""

    name: str | None
    date: str
    seal: SealImage  # the image checked when the source was loaded
    location: Location = field(default=UNKNOWN, compare=False)  # where the source writes it


@dataclass(frozen=True)
class Note:
    """附注 §7.3.6: "（此件公开发布）"."""

    text: str
    location: Location = field(default=UNKNOWN, compare=False)  # where the source writes it


@dataclass(frozen=True)
class Attachment:
    """附件 §7.3.7: on a new page, "附件N" flush left on line 1, its title centred on line 3, then its body."""

    label: str  # "附件1", or "附件" for the only one
    title_lines: tuple[str, ...]
    blocks: tuple[Block, ...]
    doc_number: str | None = None  # a detached attachment carries the 发文字号 before its label
    location: Location = field(default=UNKNOWN, compare=False)  # where the source writes it


@dataclass(frozen=True)
class CarbonCopy:
    """抄送 §7.4.2: the label and the organs, ending with "。"; wrapped lines align under the first organ."""

    label: str
    names: str


@dataclass(frozen=True)
class Colophon:
    """版记 §7.4: 抄送 and 印发机关/印发日期 between rules, on the bottom of the last page."""

    cc: CarbonCopy | None
    printer: str | None
    print_date: str | None  # "2023年2月22日印发"
    location: Location = field(default=UNKNOWN, compare=False)  # where the source writes it


Element = (VersionHead | Title | Recipients | Body | AttachmentNote | Signature | SealedSignature | Note
           | Attachment | Colophon)


# ---------------------------------------------------------------- about the report
@dataclass(frozen=True)
class Properties:
    """The report as document properties and the workbook's particulars name it."""

    title: str
    author: str | None  # the issuer
    subject: str | None
    keywords: tuple[str, ...]
    iso_date: str | None  # 2023-02-22, the 成文日期
    date: str | None  # 2023年2月22日
    doc_number: str | None


@dataclass(frozen=True)
class SectionInfo:
    """A section as the workbook and outline name it."""

    id: str  # "1", "1.2"; "附件1/1.2" inside an attachment
    path_label: str  # "一（二）"
    level: int
    label: str  # "（二）"
    title: str  # heading text without label or closing 。, as outlines and the workbook name it

    @property
    def full_label(self) -> str:
        """The path to it with its own label whole: "一（二）1." (the 部分 column of the workbook)."""
        stem = self.label.rstrip("、.")
        return self.path_label + self.label[len(stem):]


@dataclass(frozen=True)
class ResolvedIndicator:
    """An indicator with its number, display text and place in the report."""

    id: str
    name: str
    kind: IndicatorKind
    raw: str  # the value as written in the source
    value: Decimal  # percent as a fraction: 98.72% → 0.9872
    upper: Decimal | None
    decimals: int  # decimals as written (98.72 → 2)
    unit: str
    qualifier: str
    display: str  # the figure as printed: "98.72%", "5700余件", "6～8个", "倒数第四名", "约80%"
    section: str  # section id
    sentence: str  # the sentence of the report where the figure stands
    yuan: Decimal | None = None  # an amount in 元 (37.22万元 → 372200)
    location: Location = UNKNOWN


@dataclass(frozen=True)
class CheckResult:
    """A declared relation evaluated: the stated figure against the one computed."""

    id: str
    name: str
    formula: str  # over indicator ids, as declared
    expression: Expr  # the formula parsed
    formula_text: str  # over indicator names, for people
    stated: str  # indicator id
    stated_value: Decimal
    computed: Decimal
    tolerance: Decimal
    consistent: bool
    location: Location = UNKNOWN


@dataclass(frozen=True)
class Resolved:
    """The report ready for writers."""

    elements: tuple[Element, ...]
    properties: Properties
    sections: tuple[SectionInfo, ...]
    indicators: tuple[ResolvedIndicator, ...]  # report order
    checks: tuple[CheckResult, ...]
    source: str

    def section(self, section_id: str) -> SectionInfo | None:
        """The section with this id."""
        for info in self.sections:
            if info.id == section_id:
                return info
        return None

    def blocks(self) -> tuple[Block, ...]:
        """Every block of the body and of the attachments, in reading order."""
        return tuple(block for element in self.elements if isinstance(element, Body | Attachment)
                     for block in element.blocks)
