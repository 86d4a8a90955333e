"""A resolved report built in code for the DOCX tests: every 公文 element and several pages of the seed's prose."""

from __future__ import annotations

import dataclasses
import math
import re
from pathlib import Path
from typing import TypeVar

from PIL import Image, ImageDraw

from exporter.cjk.scripts import restore_full_width
from exporter.resolved import (
    Attachment,
    AttachmentItem,
    AttachmentNote,
    Block,
    Body,
    CarbonCopy,
    Colophon,
    Element,
    Heading,
    Note,
    Paragraph,
    Properties,
    Recipients,
    Resolved,
    Run,
    SealedSignature,
    SectionInfo,
    Signature,
    Title,
    VersionHead,
)
from exporter.errors import Location
from exporter.images import read_seal
from exporter.model import SealImage

SEED = Path(__file__).resolve().parent / "data" / "nanyang-2022-report.txt"
SOURCE = "content/fixture-report.yaml"
INDICATOR_TEXT = "98.72%"  # printed as an indicator's figure: its own run, like resolve gives it
INDICATOR_ID = "bujianmian_rate"

LEVEL1 = re.compile(r"^[一二三四五六七八九十]+、")
LEVEL2 = re.compile(r"^（[一二三四五六七八九十]+）")
YEAR_SPAN = re.compile(r"(\d{4})-(\d{4})")
NUMBER_RANGE = re.compile(r"(\d+)-(\d+)")
SEAL_PIXELS = 600
SEAL_RED = (230, 0, 0, 255)

@dataclasses.dataclass(frozen=True)
class FlatMeta:
    """Every 公文 element as its printed string, or None: how writer tests describe a report before it becomes elements."""

    title: str
    title_lines: tuple[str, ...]
    issuer: str | None
    issuer_mark: str | None
    doc_number: str | None
    signer_label: str | None
    signers: tuple[str, ...]
    copy_number: str | None
    secrecy: str | None
    urgency: str | None
    recipients: str | None
    attachments: tuple[str, ...]  # the 附件说明 lines as printed: "附件：1. 名称", "2. 名称"
    signature: str | None
    date: str | None
    note: str | None
    cc: str | None  # "抄送：……。"
    printer: str | None
    print_date: str | None
    iso_date: str | None
    keywords: tuple[str, ...]
    subject: str | None
    has_header: bool
    seal: SealImage | None = None

    def elements(self, blocks: tuple[Block, ...]) -> tuple[Element, ...]:
        """The page elements these strings print as, in order."""
        found: list[Element] = []
        if self.has_header and self.issuer_mark:
            found.append(VersionHead(self.issuer_mark, self.copy_number, self.secrecy, self.urgency, self.doc_number,
                                     self.signer_label, self.signers))
        found.append(Title(self.title_lines or (self.title,)))
        if self.recipients:
            found.append(Recipients(self.recipients))
        found.append(Body(blocks))
        if self.attachments:
            label, _, first = self.attachments[0].partition("：")
            items = []
            for line in (first, *self.attachments[1:]):
                number, space, name = line.partition(" ")
                items.append(AttachmentItem(number + space, name) if space and number.endswith(".")
                             else AttachmentItem("", line))
            found.append(AttachmentNote(label + "：", tuple(items)))
        if self.seal and self.date:
            found.append(SealedSignature(self.signature, self.date, self.seal))
        elif self.signature or self.date:
            found.append(Signature(self.signature, self.date))
        if self.note:
            found.append(Note(self.note))
        if self.cc or self.printer or self.print_date:
            cc = CarbonCopy(self.cc[:self.cc.index("：") + 1], self.cc[self.cc.index("：") + 1:]) if self.cc else None
            found.append(Colophon(cc, self.printer, self.print_date))
        return tuple(found)

    def properties(self) -> Properties:
        return Properties(self.title, self.issuer, self.subject, self.keywords, self.iso_date, self.date,
                          self.doc_number)


def resolved_of(meta: FlatMeta, blocks: tuple[Block, ...], sections: tuple[SectionInfo, ...] = (),
                source: str = "") -> Resolved:
    """A resolved report from flat metadata and blocks."""
    return Resolved(elements=meta.elements(blocks), properties=meta.properties(), sections=sections,
                    indicators=(), checks=(), source=source)


META = FlatMeta(
    title="南阳市人民政府关于2022年度法治政府建设情况的报告",
    title_lines=("南阳市人民政府关于", "2022年度法治政府建设情况的报告"),
    issuer="南阳市人民政府",
    issuer_mark="南阳市人民政府",
    doc_number="宛政〔2023〕12号",
    signer_label="签发人：",
    signers=("张明",),
    copy_number="000001",
    secrecy="机密★1年",
    urgency="特急",
    recipients="河南省人民政府：",
    attachments=("附件：1. 2022年度法治政府建设重点任务清单", "2. 2022年度行政执法数据统计表"),
    signature="南阳市人民政府",
    date="2023年2月22日",
    note="（此件公开发布）",
    cc="抄送：省委依法治省办，省司法厅，市委办公室，市人大常委会办公室，市政协办公室，市中级人民法院，市人民检察院。",
    printer="南阳市人民政府办公室",
    print_date="2023年2月22日印发",
    iso_date="2023-02-22",
    keywords=("法治政府建设", "年度报告"),
    subject="2022年度法治政府建设情况",
    has_header=True,
)


def seed_blocks(text: str) -> tuple[Block, ...]:
    """The seed's lines as resolved blocks: "一、" headings, "（一）" headings stand-alone or run in, paragraphs."""
    blocks: list[Block] = []
    level1 = level2 = 0
    for raw_line in text.splitlines():
        line = _full_width(raw_line.strip())
        if not line:
            continue
        if match := LEVEL1.match(line):
            level1, level2 = level1 + 1, 0
            blocks.append(Heading(1, match.group(), (Run(line, "heading1"),), str(level1)))
        elif match := LEVEL2.match(line):
            level2 += 1
            section = f"{level1}.{level2}"
            sentence_end = line.index("。") + 1
            if sentence_end == len(line):
                blocks.append(Heading(2, match.group(), (Run(line, "heading2"),), section))
            else:
                runs = (Run(line[:sentence_end], "heading2"), *_body_runs(line[sentence_end:]))
                blocks.append(Paragraph(runs, section, run_in_level=2))
        else:
            section = f"{level1}.{level2}" if level2 else (str(level1) if level1 else "")
            blocks.append(Paragraph(_body_runs(line), section))
    return tuple(blocks)


def sample_resolved(**meta_changes: object) -> Resolved:
    """The fixture report; keyword arguments replace metadata fields (e.g. has_header=False)."""
    blocks = seed_blocks(SEED.read_text(encoding="utf-8"))
    sections = tuple(
        SectionInfo(block.section, block.label, block.level, block.label, block.text[len(block.label):])
        for block in blocks if isinstance(block, Heading)
    )
    return resolved_of(dataclasses.replace(META, **meta_changes), blocks, sections, SOURCE)


def short_resolved(**meta_changes: object) -> Resolved:
    """The fixture report cut to its first heading and first run-in section (for quick structural tests)."""
    blocks = seed_blocks(SEED.read_text(encoding="utf-8"))[:5]
    sections = tuple(
        SectionInfo(block.section, block.label, block.level, block.label, block.text[len(block.label):])
        for block in blocks if isinstance(block, Heading)
    )
    return resolved_of(dataclasses.replace(META, **meta_changes), blocks, sections, SOURCE)


def _full_width(line: str) -> str:
    """The seed folded punctuation to ASCII: restore the marks, ranges with ～ and year spans with — (GB/T 15835)."""
    line = YEAR_SPAN.sub("\\1—\\2", line)
    line = NUMBER_RANGE.sub("\\1～\\2", line)
    # The seed has no Latin brackets: "(" before a figure ("方案(2022—2025年)") is Chinese too.
    return restore_full_width(line).replace("(", "（").replace(")", "）")


def _body_runs(text: str) -> tuple[Run, ...]:
    """Body runs, the indicator figure in a run of its own."""
    before, found, after = text.partition(INDICATOR_TEXT)
    if not found:
        return (Run(text, "body"),)
    return tuple(run for run in (Run(before, "body"), Run(found, "body", INDICATOR_ID), Run(after, "body")) if run.text)


def seal_of(path: Path) -> SealImage:
    """The seal image at `path` as loading a source that names it gives it to the writers."""
    return read_seal(path.parent, path.name, Location(path.name))


def draw_seal(path: Path) -> Path:
    """A test 印章: a red ring and a red five-pointed star on a transparent square, 600 × 600 px, written as PNG."""
    image = Image.new("RGBA", (SEAL_PIXELS, SEAL_PIXELS), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    ring = SEAL_PIXELS // 25
    pen.ellipse((ring // 2, ring // 2, SEAL_PIXELS - ring // 2, SEAL_PIXELS - ring // 2), outline=SEAL_RED, width=ring)
    centre, outer = SEAL_PIXELS / 2, SEAL_PIXELS / 4
    inner = outer * math.sin(math.radians(18)) / math.sin(math.radians(126))  # a regular star's inner radius
    points = [(centre + radius * math.sin(math.radians(36 * i)), centre - radius * math.cos(math.radians(36 * i)))
              for i, radius in enumerate([outer, inner] * 5)]
    pen.polygon(points, fill=SEAL_RED)
    image.save(path)
    return path


E = TypeVar("E")


def element_of(resolved: Resolved, kind: type[E]) -> E:
    """The report's element of this type."""
    return next(element for element in resolved.elements if isinstance(element, kind))


def printed_strings(resolved: Resolved) -> list[str]:
    """Every string the report prints, in reading order, as its elements give them."""
    parts: list[str] = []
    for element in resolved.elements:
        match element:
            case VersionHead():
                parts += [element.copy_number or "", element.secrecy or "", element.urgency or "", element.mark,
                          element.doc_number or "", element.signer_label or "", *element.signers]
            case Title():
                parts += element.lines
            case Recipients() | Note():
                parts.append(element.text)
            case Body():
                parts += [block.text for block in element.blocks]
            case AttachmentNote():
                parts.append(element.label)
                parts += [item.number + item.name for item in element.items]
            case Signature() | SealedSignature():
                parts += [element.name or "", element.date or ""]
            case Attachment():
                parts += [element.doc_number or "", element.label, *element.title_lines,
                          *(block.text for block in element.blocks)]
            case Colophon():
                parts += [element.cc.label + element.cc.names if element.cc else "", element.printer or "",
                          element.print_date or ""]
    return [part for part in parts if part]
