"""resolve: every printed string decided once — labels, section paths, figures, the ordered page elements."""

from __future__ import annotations

import dataclasses
import datetime as dt
import textwrap
from pathlib import Path

import pytest

from exporter.cjk.titles import break_title
from exporter.load import load_document
from exporter.model import Attachment as SourceAttachment
from exporter.model import Document, Meta, Paragraph, Section, Text
from exporter.resolve import resolve, sentence_around
from exporter.resolved import (
    Attachment,
    AttachmentNote,
    Body,
    Colophon,
    Heading,
    Note,
    Recipients,
    Signature,
    Title,
    VersionHead,
)
from exporter.resolved import Paragraph as ResolvedParagraph
from exporter.resolved import Table as ResolvedTable

TITLE_CHARS = 156 / 25.4 * 72 / 22  # 二号 characters on the 156 mm measure


def nested(levels: int) -> Section:
    section = Section((Text("第四层"),), (Paragraph((Text("段落。"),)),))
    for name in ("第三层", "第二层", "第一层")[4 - levels:]:
        section = Section((Text(name),), (Paragraph((Text("引言。"),)), section))
    return section


def headings_of(document: Document, style) -> list[Heading]:
    return [b for b in resolve(document, style).resolved.blocks() if isinstance(b, Heading)]


def test_labels_and_paths_of_all_four_levels(style) -> None:
    document = Document(Meta(title="测试"), (nested(4), nested(4)))
    resolved = resolve(document, style).resolved
    headings = [b for b in resolved.blocks() if isinstance(b, Heading)]
    assert [h.label for h in headings] == ["一、", "（一）", "1.", "（1）", "二、", "（一）", "1.", "（1）"]
    assert [s.path_label for s in resolved.sections][:4] == ["一", "一（一）", "一（一）1", "一（一）1（1）"]
    assert [s.full_label for s in resolved.sections][:4] == ["一、", "一（一）", "一（一）1.", "一（一）1（1）"]
    assert [s.id for s in resolved.sections][4:] == ["2", "2.1", "2.1.1", "2.1.1.1"]
    assert [h.runs[0].role for h in headings[:4]] == ["heading1", "heading2", "heading3", "heading4"]


def test_level_three_numbered_straight_through_when_the_source_says_so(style) -> None:
    item = lambda name: Section((Text(name),), (Paragraph((Text("正文。"),)),))  # noqa: E731
    part = Section((Text("部分"),), (Section((Text("甲"),), (item("一"), item("二"))),
                                      Section((Text("乙"),), (item("三"),))))
    plain = [h.label for h in headings_of(Document(Meta(title="测试"), (part, part)), style) if h.level == 3]
    assert plain == ["1.", "2.", "1.", "1.", "2.", "1."]
    continuous = Meta(title="测试", continuous_levels=frozenset({3}))
    labels = [h.label for h in headings_of(Document(continuous, (part, part)), style) if h.level == 3]
    assert labels == ["1.", "2.", "3.", "4.", "5.", "6."]  # straight through the whole text
    restart = Section((Text("部分"),), (Section((Text("甲"),), (Section((Text("一"),), number=1), item("二"))),))
    labels = [h.label for h in headings_of(Document(continuous, (part, restart)), style) if h.level == 3]
    assert labels == ["1.", "2.", "3.", "1.", "2."]  # an explicit number restarts it


def test_an_explicit_number_is_kept_and_later_siblings_follow_it(style) -> None:
    sections = (Section((Text("甲"),)), Section((Text("乙"),), number=3), Section((Text("丙"),)))
    assert [h.label for h in headings_of(Document(Meta(title="测试"), sections), style)] == ["一、", "三、", "四、"]


def test_run_in_heading_joins_its_paragraph(style) -> None:
    section = Section((Text("标题句。"),), (Paragraph((Text("正文。"),)), Paragraph((Text("第二段。"),))), run_in=True)
    resolved = resolve(Document(Meta(title="测试"), (Section((Text("部分"),), (section,)),)), style).resolved
    paragraphs = [b for b in resolved.blocks() if isinstance(b, ResolvedParagraph)]
    assert paragraphs[0].text == "（一）标题句。正文。" and paragraphs[0].run_in_level == 2
    assert [r.role for r in paragraphs[0].runs] == ["heading2", "body"]
    assert paragraphs[1].text == "第二段。" and paragraphs[1].run_in_level == 0
    assert resolved.sections[1].title == "标题句"  # a name: no closing 。


def test_figures_know_the_section_and_sentence_of_first_use(style, tmp_path: Path) -> None:
    source = tmp_path / "r.yaml"
    source.write_text(textwrap.dedent("""\
        meta: {title: 测试}
        indicators:
          - {id: a, name: 甲指标, value: 5700, qualifier: 余, unit: 件, kind: approx}
          - {id: b, name: 乙指标, value: 6, upper: 8, unit: 个, kind: range}
        body:
          - heading: 部分
            body:
              - 前一句。办理{a}，每次检查{b}；后一句。
        """), encoding="utf-8")
    document, _ = load_document(source)
    assert document is not None
    resolved = resolve(document, style).resolved
    a, b = resolved.indicators
    assert (a.display, b.display) == ("5700余件", "6～8个")
    assert a.section == "1" and a.sentence == "办理5700余件，每次检查6～8个；"


def test_sentence_around() -> None:
    text = "甲。乙丙，丁！戊"
    assert sentence_around(text, 3) == "乙丙，丁！"
    assert sentence_around(text, 7) == "戊"


FULL_META = Meta(title="关于测试的报告", issuer="某市人民政府", recipients=("省政府", "省委"), date=dt.date(2023, 2, 22),
                 note="此件公开发布", cc=("甲", "乙"), attachments=(SourceAttachment("名单"), SourceAttachment("方案")),
                 print_date=dt.date(2023, 3, 1))


def test_elements_come_in_print_order_with_their_strings_decided(style) -> None:
    outcome = resolve(Document(FULL_META, (Paragraph((Text("正文。"),)),)), style)
    elements = outcome.resolved.elements
    assert [type(e) for e in elements] == [VersionHead, Title, Recipients, Body, AttachmentNote, Signature, Note,
                                           Colophon]
    head, title, recipients, _, note_of_attachments, signature, note, colophon = elements
    assert isinstance(head, VersionHead) and head.mark == "某市人民政府"
    assert isinstance(title, Title) and title.lines == ("关于测试的报告",)
    assert isinstance(recipients, Recipients) and recipients.text == "省政府、省委："
    assert isinstance(note_of_attachments, AttachmentNote) and note_of_attachments.label == "附件："
    assert [(i.number, i.name) for i in note_of_attachments.items] == [("1. ", "名单"), ("2. ", "方案")]
    assert isinstance(signature, Signature) and (signature.name, signature.date) == ("某市人民政府", "2023年2月22日")
    assert isinstance(note, Note) and note.text == "（此件公开发布）"
    assert isinstance(colophon, Colophon) and colophon.cc is not None
    assert (colophon.cc.label, colophon.cc.names) == ("抄送：", "甲，乙。")
    assert colophon.print_date == "2023年3月1日印发"
    assert outcome.resolved.properties.iso_date == "2023-02-22"


def test_elements_that_do_not_print_are_absent(style) -> None:
    elements = resolve(Document(Meta(title="测试"), (Paragraph((Text("正文。"),)),)), style).resolved.elements
    assert [type(e) for e in elements] == [Title, Body]


def test_a_style_without_header_or_colophon_leaves_them_out(style) -> None:
    public = dataclasses.replace(style, header=dataclasses.replace(style.header, enabled=False),
                                 colophon=dataclasses.replace(style.colophon, enabled=False))
    kinds = [type(e) for e in resolve(Document(FULL_META, ()), public).resolved.elements]
    assert VersionHead not in kinds and Colophon not in kinds and Title in kinds


def test_attachments_with_content_follow_the_signature_and_precede_the_colophon(style) -> None:
    meta = dataclasses.replace(FULL_META, attachments=(
        SourceAttachment("名单", (Section((Text("总体情况"),), (Paragraph((Text("内容。"),)),)),)),
        SourceAttachment("方案", (Paragraph((Text("方案内容。"),)),), detached=True)),
        doc_number=None)
    elements = resolve(Document(meta, ()), style).resolved.elements
    kinds = [type(e) for e in elements]
    assert kinds[-3:] == [Attachment, Attachment, Colophon] and kinds.index(Note) < kinds.index(Attachment)
    first, second = (e for e in elements if isinstance(e, Attachment))
    assert (first.label, first.title_lines, second.label) == ("附件1", ("名单",), "附件2")
    assert isinstance(first.blocks[0], Heading) and first.blocks[0].label == "一、"
    assert first.blocks[0].section == "附件1/1"


def test_the_only_attachment_is_called_plainly(style) -> None:
    meta = dataclasses.replace(FULL_META, attachments=(SourceAttachment("名单", (Paragraph((Text("内容。"),)),)),))
    elements = resolve(Document(meta, ()), style).resolved.elements
    note = next(e for e in elements if isinstance(e, AttachmentNote))
    attachment = next(e for e in elements if isinstance(e, Attachment))
    assert [(i.number, i.name) for i in note.items] == [("", "名单")] and attachment.label == "附件"


def test_tables_place_spanning_cells_on_the_grid_and_fill_the_text_block(style, tmp_path: Path) -> None:
    source = tmp_path / "table.yaml"
    source.write_text(textwrap.dedent("""\
        meta: {title: 测试}
        body:
          - table:
              caption: 表1　行政复议案件
              columns: [left, right, right]
              rows:
                - [类别, 数量, 占比]
                - [{text: 复议, rowspan: 2}, "{120件}", "{45.2%}"]
                - ["{98件}", "{37.1%}"]
                - [{text: 合计, colspan: 2}, "{100%}"]
        """), encoding="utf-8")
    document, problems = load_document(source)
    assert document is not None, problems
    resolved = resolve(document, style).resolved
    found = next(b for b in resolved.blocks() if isinstance(b, ResolvedTable))
    assert [[c.column for c in row.cells] for row in found.rows] == [[0, 1, 2], [0, 1, 2], [1, 2], [0, 2]]
    assert sum(found.widths) == pytest.approx(style.page.text_width.pt)
    assert [c.align for c in found.rows[0].cells] == ["center"] * 3  # header cells
    assert [c.align for c in found.rows[1].cells] == ["left", "right", "right"]
    assert found.rows[0].cells[0].runs[0].role == "table_header" and found.rows[1].cells[0].runs[0].role == "table"
    names = {i.display: i.name for i in resolved.indicators}
    assert names == {"120件": "复议数量", "45.2%": "复议占比", "98件": "复议数量", "37.1%": "复议占比", "100%": "合计占比"}
    assert next(i for i in resolved.indicators if i.display == "98件").sentence == "98件｜37.1%"


# ---------------------------------------------------------------- titles (§7.3.1: 回行时要做到词意完整)
@pytest.mark.parametrize(("title", "lines"), [
    ("南阳市人民政府关于2022年度法治政府建设情况的报告", ("南阳市人民政府关于", "2022年度法治政府建设情况的报告")),
    ("重庆市潼南区安居镇人民政府关于2024年度法治政府建设情况的报告",
     ("重庆市潼南区安居镇人民政府关于", "2024年度法治政府建设情况的报告")),
    ("中共重庆市潼南区安居镇委员会　重庆市潼南区安居镇人民政府关于2024年度法治政府建设工作情况的报告",
     ("中共重庆市潼南区安居镇委员会", "重庆市潼南区安居镇人民政府关于", "2024年度法治政府建设工作情况的报告")),
    ("成都市武侯区司法局关于2023年度法治政府建设工作情况和2024年工作安排的报告",
     ("成都市武侯区司法局关于", "2023年度法治政府建设工作情况和", "2024年工作安排的报告")),
    ("关于印发《南阳市法治政府建设实施方案（2021—2025年）》的通知",
     ("关于印发《南阳市法治政府建设实施方案", "（2021—2025年）》的通知")),
])
def test_long_titles_break_between_words_never_inside_a_number(title: str, lines: tuple[str, ...]) -> None:
    broken = break_title(title, TITLE_CHARS)
    assert broken.lines == lines and not broken.inside_word


def test_a_title_with_no_word_boundary_that_fits_is_warned_about(style) -> None:
    title = "安居镇2024年度法治政府建设工作情况报告及2025年工作计划"
    outcome = resolve(Document(Meta(title=title), ()), style)
    lines = next(e for e in outcome.resolved.elements if isinstance(e, Title)).lines
    assert "".join(lines) == title and all("2024年度" in line or "2024" not in line for line in lines)
    assert [w.code for w in outcome.warnings] == ["W090"]


def test_explicit_title_breaks_win(style) -> None:
    meta = Meta(title="南阳市人民政府关于2022年度法治政府建设情况的报告",
                title_breaks=("南阳市人民政府关于2022年度", "法治政府建设情况的报告"))
    elements = resolve(Document(meta, ()), style).resolved.elements
    assert next(e for e in elements if isinstance(e, Title)).lines == meta.title_breaks


def test_a_very_long_sentence_is_quoted_around_its_figure() -> None:
    text = "甲" * 1000 + "办理66项" + "乙" * 1000 + "。"
    quoted = sentence_around(text, 1002)
    assert quoted.startswith("……") and quoted.endswith("……") and "办理66项" in quoted and len(quoted) <= 304
