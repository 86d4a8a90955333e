"""What every writer receives: all strings decided, headings numbered, figures formatted."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .errors import UNKNOWN, Location
from .model import IndicatorKind, SealImage


@dataclass(frozen=True)
class Run:
    """A stretch of text in one text role (a key of the style sheet's `roles`)."""

    text: str
    role: str
    indicator: str | None = None  # id when the run is an indicator's figure


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
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph; a run-in heading's runs come first and `run_in_level` is set."""

    runs: tuple[Run, ...]
    section: str  # id of the innermost section it stands in ("" before the first heading)
    run_in_level: int = 0  # level of the run-in heading at its start, 0 for none
    location: Location = UNKNOWN

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


Block = Heading | Paragraph


@dataclass(frozen=True)
class SectionInfo:
    """A section as the workbook and outline name it."""

    id: str  # "1", "1.2"
    path_label: str  # "一（二）"
    level: int
    label: str  # "（二）"
    title: str  # heading text without label or closing 。, as outlines and the workbook name it


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
    display: str  # the figure as printed: "98.72%", "5700余件", "6～8个", "倒数第四名"
    section: str  # section id
    sentence: str  # the sentence of the report where the figure stands
    location: Location = UNKNOWN


@dataclass(frozen=True)
class CheckResult:
    """A declared relation evaluated: the stated figure against the one computed."""

    id: str
    name: str
    formula: str  # over indicator ids, as declared
    formula_text: str  # over indicator names, for people
    stated: str  # indicator id
    stated_value: Decimal
    computed: Decimal
    tolerance: Decimal
    consistent: bool
    location: Location = UNKNOWN


@dataclass(frozen=True)
class ResolvedMeta:
    """Every 公文 element as the printed string, or None when the source lacks it."""

    title: str
    title_lines: tuple[str, ...]
    issuer: str | None
    issuer_mark: str | None
    doc_number: str | None  # 宛政〔2023〕12号
    signer_label: str | None  # "签发人："
    signers: tuple[str, ...]
    copy_number: str | None
    secrecy: str | None
    urgency: str | None
    recipients: str | None  # "河南省人民政府："
    attachments: tuple[str, ...]  # "附件：1. 名称", then "2. 名称" lines that writers align under "1."
    signature: str | None  # 发文机关署名
    date: str | None  # 2023年2月22日
    note: str | None  # （此件公开发布）
    cc: str | None  # 抄送：……。
    printer: str | None
    print_date: str | None  # 2023年2月22日印发
    iso_date: str | None  # 2023-02-22, for document properties
    keywords: tuple[str, ...]
    subject: str | None
    has_header: bool  # the source gives a 版头 (issuer mark)
    seal: SealImage | None = None  # the 印章 image; None: 署名 and 日期 without a seal (§7.3.5.2)


@dataclass(frozen=True)
class Resolved:
    """The report ready for writers."""

    meta: ResolvedMeta
    blocks: tuple[Block, ...]
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
