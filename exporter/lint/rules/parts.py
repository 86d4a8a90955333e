"""The parts an annual 法治政府建设 report must have (《法治政府建设与责任落实督察工作规定》, 2019)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...cjk.numerals import heading_label, label_stem
from ...errors import Location
from ...yamlsource import Scalar
from ..edits import found
from ..findings import Finding
from ..source import LintSource, Paragraph, Prose, Section

MISSING_PART = "L401"
NO_CAUSES = "L402"
REGULATION = "《法治政府建设与责任落实督察工作规定》"
_REPORT_TITLE = re.compile(r"^(?=.*法治政府建设).*(?:报告|情况)")  # both words, in either order


@dataclass(frozen=True)
class Part:
    """A part the regulation requires, and the words by which a level-1 heading is recognised as it."""

    name: str
    words: re.Pattern[str]
    example: str


# In the order the regulation lists them. A heading counts for every part its words name
# (“存在的问题及下步打算” gives two parts).
PARTS = (
    Part("主要举措和成效", re.compile(r"举措|成效|成绩|做法|进展|主要工作|工作情况|开展情况"), "主要举措和成效"),
    Part("存在的不足和原因", re.compile(r"不足|问题|差距|短板|薄弱"), "存在的不足和原因"),
    Part("党政主要负责人履行推进法治建设第一责任人职责情况", re.compile(r"第一责任人|主要负责人.*(?:法治|职责)"),
         "党政主要负责人履行推进法治建设第一责任人职责情况"),
    Part("下一年度工作打算", re.compile(r"打算|安排|思路|计划|下步|下一步|下一年|明年|展望"), "下一年度推进法治政府建设的主要安排"),
    Part("其他需要报告的情况", re.compile(r"其他"), "其他需要报告的情况"),
)
_DUTY = PARTS[2].name
_SHORTCOMINGS = PARTS[1].name
_CAUSES = re.compile(r"原因")
_DUTY_WORDS = re.compile(r"第一责任人")


def check(source: LintSource) -> list[Finding]:
    """Each required part among the level-1 headings of the body; shortcomings with their causes."""
    title = source.meta.get("title") if source.meta else None
    if not isinstance(title, Scalar) or not _REPORT_TITLE.search(title.raw):
        return []
    sections = [block for block in source.outline if isinstance(block, Section)]
    matched: dict[str, Section] = {}
    for section in sections:
        for part in PARTS:
            if part.words.search(section.heading.printed):
                matched.setdefault(part.name, section)
    where = _body_location(source)
    findings = []
    for part in PARTS:
        if part.name in matched:
            continue
        message = f"年度法治政府建设报告缺少“{part.name}”部分（{REGULATION}要求）"
        if part.name == _DUTY and (mention := _mention(source.outline, "")):
            prose, path = mention
            place = f"“{path}”之下" if path else "正文中"
            message += f"；第 {prose.scalar.location.line} 行（{place}）提到了第一责任人职责，但没有单列一部分"
        findings.append(found(where, MISSING_PART, message,
                              f"增加一个一级标题，如“- heading: {part.example}”，写明这一部分。"))
    shortcomings = matched.get(_SHORTCOMINGS)
    if shortcomings is not None and not _CAUSES.search(shortcomings.text()):
        heading = shortcomings.heading.printed
        findings.append(found(shortcomings.heading.scalar.location, NO_CAUSES,
                              f"“{heading}”只写了不足，没有写原因（{REGULATION}要求写明存在的不足和原因）",
                              "在这一部分分析不足的原因，并把标题改为“存在的不足和原因”这样的写法。"))
    return findings


def _body_location(source: LintSource) -> Location:
    for key, _ in source.top.entries if source.top else ():
        if key.raw == "body":
            return key.location
    return Location(source.name)


def _mention(outline: list[Paragraph | Section], path: str) -> tuple[Prose, str] | None:
    """The first text that speaks of the 第一责任人 duty, and the labels of the headings it stands under (一、（一）)."""
    number = 0
    for block in outline:
        if isinstance(block, Paragraph):
            if _DUTY_WORDS.search(block.prose.text):
                return block.prose, path
            continue
        number = block.given_number or number + 1
        label = path + label_stem(block.level, heading_label(block.level, number)) if block.level <= 4 else path
        if _DUTY_WORDS.search(block.heading.text):
            return block.heading, label
        if found_below := _mention(block.children, label):
            return found_below
    return None
