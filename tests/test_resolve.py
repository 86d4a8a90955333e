"""resolve: every printed string decided once — labels, section paths, figures, metadata lines."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

from exporter.load import load_document
from exporter.model import Document, Meta, Paragraph, Section, Text
from exporter.resolve import balanced_lines, resolve, sentence_around
from exporter.resolved import Heading
from exporter.resolved import Paragraph as ResolvedParagraph


def nested(levels: int) -> Section:
    section = Section((Text("第四层"),), (Paragraph((Text("段落。"),)),))
    for name in ("第三层", "第二层", "第一层")[4 - levels:]:
        section = Section((Text(name),), (Paragraph((Text("引言。"),)), section))
    return section


def test_labels_and_paths_of_all_four_levels(style) -> None:
    document = Document(Meta(title="测试"), (nested(4), nested(4)))
    resolved = resolve(document, style)
    headings = [b for b in resolved.blocks if isinstance(b, Heading)]
    assert [h.label for h in headings] == ["一、", "（一）", "1.", "（1）", "二、", "（一）", "1.", "（1）"]
    assert [s.path_label for s in resolved.sections][:4] == ["一", "一（一）", "一（一）1", "一（一）1（1）"]
    assert [s.id for s in resolved.sections][4:] == ["2", "2.1", "2.1.1", "2.1.1.1"]
    assert [h.runs[0].role for h in headings[:4]] == ["heading1", "heading2", "heading3", "heading4"]


def test_run_in_heading_joins_its_paragraph(style) -> None:
    section = Section((Text("标题句。"),), (Paragraph((Text("正文。"),)), Paragraph((Text("第二段。"),))), run_in=True)
    resolved = resolve(Document(Meta(title="测试"), (Section((Text("部分"),), (section,)),)), style)
    paragraphs = [b for b in resolved.blocks if isinstance(b, ResolvedParagraph)]
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
    resolved = resolve(document, style)
    a, b = resolved.indicators
    assert (a.display, b.display) == ("5700余件", "6～8个")
    assert a.section == "1" and a.sentence == "办理5700余件，每次检查6～8个；"


def test_sentence_around() -> None:
    text = "甲。乙丙，丁！戊"
    assert sentence_around(text, 3) == "乙丙，丁！"
    assert sentence_around(text, 7) == "戊"


def test_metadata_lines(style) -> None:
    meta = Meta(title="关于测试的报告", issuer="某市人民政府", recipients=("省政府", "省委"), date=dt.date(2023, 2, 22),
                note="此件公开发布", cc=("甲", "乙"), attachments=("名单", "方案"), print_date=dt.date(2023, 3, 1))
    resolved = resolve(Document(meta, (Paragraph((Text("正文。"),)),)), style).meta
    assert resolved.recipients == "省政府、省委："
    assert resolved.note == "（此件公开发布）"
    assert resolved.cc == "抄送：甲，乙。"
    assert resolved.attachments == ("附件：1. 名单", "2. 方案")
    assert resolved.print_date == "2023年3月1日印发" and resolved.iso_date == "2023-02-22"
    assert resolved.issuer_mark == "某市人民政府" and resolved.has_header
    assert resolved.title_lines == ("关于测试的报告",)


def test_long_titles_break_between_words_upper_line_shorter() -> None:
    assert balanced_lines("南阳市人民政府关于2022年度法治政府建设情况的报告", 20) == (
        "南阳市人民政府关于", "2022年度法治政府建设情况的报告")
    lines = balanced_lines("某某市人民政府办公室关于进一步加强和改进全市行政规范性文件合法性审核工作的通知", 20)
    assert "".join(lines) == "某某市人民政府办公室关于进一步加强和改进全市行政规范性文件合法性审核工作的通知"
    assert all(len(line) <= 20 for line in lines)


def test_explicit_title_breaks_win(style) -> None:
    meta = Meta(title="南阳市人民政府关于2022年度法治政府建设情况的报告",
                title_breaks=("南阳市人民政府关于2022年度", "法治政府建设情况的报告"))
    assert resolve(Document(meta, ()), style).meta.title_lines == meta.title_breaks
