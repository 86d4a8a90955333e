"""Page layout: the grid, 版头, headings kept with their text, 署名/日期, 版记 on an even page, page numbers, coverage."""

from __future__ import annotations

import dataclasses
import importlib

import pytest

from exporter.errors import FontError, Location
from exporter.fonts import load_metrics, resolve_fonts
from docx_fixtures import FlatMeta, resolved_of
from exporter.layout import layout
from exporter.pages import Pages, TextLine
from exporter.resolved import Heading, Paragraph, Resolved, Run, SectionInfo
from exporter.styles import StyleSheet

FACES = ("songti", "fangsong", "heiti", "kaiti", "xiaobiaosong", "latin")
MM = 72 / 25.4
FILLER = "法治政府建设推进依法行政执法监督规范公正文明"


# ---------------------------------------------------------------- fixtures built in code
def meta(**fields: object) -> FlatMeta:
    values: dict[str, object] = dict(
        title="测试市人民政府关于测试工作的报告", title_lines=("测试市人民政府关于测试工作的报告",), issuer=None,
        issuer_mark=None, doc_number=None, signer_label=None, signers=(), copy_number=None, secrecy=None,
        urgency=None, recipients=None, attachments=(), signature=None, date=None, note=None, cc=None, printer=None,
        print_date=None, iso_date=None, keywords=(), subject=None, has_header=False)
    values.update(fields)
    return FlatMeta(**values)  # type: ignore[arg-type]


def report(blocks: list, sections: tuple[SectionInfo, ...] = (), **fields: object) -> Resolved:
    return resolved_of(meta(**fields), tuple(blocks), sections, "测试.yaml")


def filler(count: int) -> str:
    return (FILLER * (count // len(FILLER) + 1))[:count]


def paragraph_of_lines(lines: int, section: str = "") -> Paragraph:
    """A body paragraph that sets in exactly `lines` full lines (26 cells after the indent, then 28)."""
    return Paragraph((Run(filler(26 + 28 * (lines - 1)), "body"),), section)


def heading(level: int, text: str, section: str = "1") -> Heading:
    label = {1: "一、", 2: "（一）", 3: "1.", 4: "（1）"}[level]
    return Heading(level, label, (Run(label + text, f"heading{level}"),), section)


@pytest.fixture(scope="module")
def metrics() -> dict:
    return {face: load_metrics(font) for face, font in resolve_fonts(FACES).items()}


def text_lines(pages: Pages, number: int, kind: str | None = None) -> list[TextLine]:
    return [line for line in pages.pages[number - 1].lines if kind is None or line.kind == kind]


def grid_index(style: StyleSheet, line: TextLine) -> float:
    block_top = style.page.height.pt - style.page.margin_top.pt
    return (block_top - line.top) / style.grid.line_pitch.pt


# ---------------------------------------------------------------- the grid
def test_full_pages_hold_22_lines_on_the_grid(style: StyleSheet, metrics: dict) -> None:
    pages = layout(report([paragraph_of_lines(70)]), style, metrics)
    body = text_lines(pages, 2, "body")
    assert len(body) == 22
    assert [round(grid_index(style, line), 6) for line in body] == list(range(22))
    assert body[0].top == pytest.approx((297 - 37) * MM)
    assert min(line.left for line in body) == pytest.approx(28 * MM, abs=0.2)
    for line in body:
        assert line.right == pytest.approx((28 + 156) * MM, abs=1e-6)
        assert len(line.clusters) == 28
        assert line.baseline == pytest.approx(line.top - 16 * 0.88, abs=0.5)


def test_title_is_centred_in_the_title_face_above_the_body(style: StyleSheet, metrics: dict) -> None:
    pages = layout(report([paragraph_of_lines(2)], title_lines=("测试市人民政府关于", "测试工作的报告"),
                          recipients="测试省人民政府："), style, metrics)
    title = text_lines(pages, 1, "title")
    assert [line.text for line in title] == ["测试市人民政府关于", "测试工作的报告"]
    assert [grid_index(style, line) for line in title] == pytest.approx([0, 1])
    centre = (28 + 78) * MM
    for line in title:
        assert (line.left + line.right) / 2 == pytest.approx(centre, abs=0.01)
        assert {(s.face, s.size) for s in line.styles} == {("xiaobiaosong", 22.0)}
    (recipient,) = text_lines(pages, 1, "recipient")
    assert grid_index(style, recipient) == pytest.approx(3)  # one blank line below the title
    assert recipient.left == pytest.approx(28 * MM, abs=0.2)
    assert grid_index(style, text_lines(pages, 1, "body")[0]) == pytest.approx(4)


# ---------------------------------------------------------------- 版头
def header_report(**fields: object) -> Resolved:
    values: dict[str, object] = dict(issuer="测试市人民政府", issuer_mark="测试市人民政府", doc_number="测政〔2023〕12号",
                                     signer_label="签发人：", signers=("张明",), has_header=True)
    values.update(fields)
    return report([paragraph_of_lines(30)], **values)


def test_header_mark_number_and_red_rule(style: StyleSheet, metrics: dict) -> None:
    pages = layout(header_report(copy_number="000001", secrecy="机密★1年"), style, metrics)
    block_top = (297 - 37) * MM
    (mark,) = text_lines(pages, 1, "issuer_mark")
    assert block_top - mark.top == pytest.approx(35 * MM)
    assert (mark.left + mark.right) / 2 == pytest.approx(106 * MM, abs=0.01)
    assert {s.color for s in mark.styles} == {"#E60000"}
    copy, secrecy = text_lines(pages, 1, "copy_number") + text_lines(pages, 1, "secrecy")
    assert (grid_index(style, copy), grid_index(style, secrecy)) == pytest.approx((0, 1))
    assert copy.left == pytest.approx(28 * MM, abs=0.2)
    (number,) = text_lines(pages, 1, "doc_number")
    (signer,) = text_lines(pages, 1, "signer")
    assert number.left == pytest.approx(28 * MM + 16, abs=0.2)  # 上行文: 1 字 in from the left
    assert signer.right == pytest.approx((28 + 156) * MM - 16, abs=0.01)
    assert signer.baseline == number.baseline
    assert [s.face for s in signer.styles] == ["fangsong", "kaiti"]  # label 仿宋, name 楷体
    # two blank grid lines between the mark and the 发文字号
    assert grid_index(style, number) == pytest.approx(7)
    (rule,) = pages.pages[0].rules
    assert (rule.x0, rule.x1) == pytest.approx((28 * MM, (28 + 156) * MM))
    assert rule.thickness == pytest.approx(0.35 * MM)
    assert rule.color == "#E60000"
    assert (number.top - 16) - rule.y == pytest.approx(4 * MM)
    title = text_lines(pages, 1, "title")[0]
    blank_lines = grid_index(style, title) - (block_top - rule.y) / style.grid.line_pitch.pt
    assert 2 <= blank_lines < 3


def test_doc_number_is_centred_without_signers(style: StyleSheet, metrics: dict) -> None:
    pages = layout(header_report(signers=(), signer_label=None), style, metrics)
    (number,) = text_lines(pages, 1, "doc_number")
    assert (number.left + number.right) / 2 == pytest.approx(106 * MM, abs=0.01)
    assert not text_lines(pages, 1, "signer")


def test_no_header_without_issuer_mark(style: StyleSheet, metrics: dict) -> None:
    pages = layout(report([paragraph_of_lines(3)]), style, metrics)
    assert not pages.pages[0].rules
    assert grid_index(style, text_lines(pages, 1, "title")[0]) == pytest.approx(0)


# ---------------------------------------------------------------- headings
SECTIONS = (SectionInfo("1", "一", 1, "一、", "第一部分"), SectionInfo("1.1", "一（一）", 2, "（一）", "第一小节"))


def test_heading_never_stands_alone_at_the_bottom(style: StyleSheet, metrics: dict) -> None:
    # title, blank, 19 body lines (grid lines 2–20): the heading would take line 21, the last.
    blocks = [paragraph_of_lines(19), heading(1, "第一部分"), paragraph_of_lines(3, "1")]
    pages = layout(report(blocks, SECTIONS), style, metrics)
    assert not text_lines(pages, 1, "heading1")
    (moved,) = text_lines(pages, 2, "heading1")
    assert grid_index(style, moved) == pytest.approx(0)
    assert text_lines(pages, 2)[1].kind == "body"


def test_stacked_headings_move_together(style: StyleSheet, metrics: dict) -> None:
    blocks = [paragraph_of_lines(18), heading(1, "第一部分"), heading(2, "第一小节", "1.1"), paragraph_of_lines(3, "1.1")]
    pages = layout(report(blocks, SECTIONS), style, metrics)
    assert [line.kind for line in text_lines(pages, 2)[:3]] == ["heading1", "heading2", "body"]
    assert [line.kind for line in text_lines(pages, 1) if line.kind != "page_number"][-1] == "body"


def test_heading_faces_and_run_in_heading(style: StyleSheet, metrics: dict) -> None:
    run_in = Paragraph((Run("（一）第一小节。", "heading2"), Run("正文内容。", "body")), "1.1", 2)
    pages = layout(report([heading(1, "第一部分"), run_in], SECTIONS), style, metrics)
    (level1,) = text_lines(pages, 1, "heading1")
    assert {s.face for s in level1.styles} == {"heiti"}
    assert level1.left == pytest.approx(28 * MM + 2 * 16, abs=0.2)
    (body,) = text_lines(pages, 1, "body")
    faces = [body.styles[c[4]].face for c in body.clusters]
    assert faces == ["kaiti"] * len("（一）第一小节。") + ["fangsong"] * len("正文内容。")
    assert [(h.title, h.level, h.page) for h in pages.headings] == [("一、第一部分", 1, 1), ("（一）第一小节。", 2, 1)]


# ---------------------------------------------------------------- 署名, 日期, 附注 §7.3.5.2
def closing_report(signature: str, body_lines: int = 3) -> Resolved:
    return report([paragraph_of_lines(body_lines)], signature=signature, date="2023年2月22日", note="（此件公开发布）")


def test_longer_date_takes_the_indent_and_the_name_moves(style: StyleSheet, metrics: dict) -> None:
    pages = layout(closing_report("测试市人民政府"), style, metrics)
    (name,) = text_lines(pages, 1, "signature")
    (date,) = text_lines(pages, 1, "date")
    (note,) = text_lines(pages, 1, "note")
    cell, right = 16.0, (28 + 156) * MM  # one 字
    assert date.right == pytest.approx(right - 2 * cell, abs=0.01)
    assert date.left - name.left == pytest.approx(2 * cell, abs=0.01)
    body_end = grid_index(style, text_lines(pages, 1, "body")[-1])
    assert [grid_index(style, x) for x in (name, date, note)] == pytest.approx([body_end + 2, body_end + 3, body_end + 4])
    assert note.left == pytest.approx(28 * MM + 2 * cell, abs=0.2)


def test_longer_name_takes_the_indent_and_the_date_follows(style: StyleSheet, metrics: dict) -> None:
    pages = layout(closing_report("测试市人民政府办公室（代章）"), style, metrics)
    (name,) = text_lines(pages, 1, "signature")
    (date,) = text_lines(pages, 1, "date")
    cell = 16.0  # one 字
    assert name.right == pytest.approx((28 + 156) * MM - 2 * cell, abs=0.01)
    assert date.left - name.left == pytest.approx(2 * cell, abs=0.01)


def test_signature_never_stands_alone_on_a_page(style: StyleSheet, metrics: dict) -> None:
    # title, blank, 17 + 3 body lines fill page 1: the blank, name, date and note cannot follow there, and the
    # last paragraph goes with them, whole, as Word's keepNext and keepLines take it (§7.3.5.5).
    blocks = [paragraph_of_lines(17), paragraph_of_lines(3)]
    pages = layout(report(blocks, signature="测试市人民政府", date="2023年2月22日", note="（此件公开发布）"), style, metrics)
    page2 = text_lines(pages, 2)
    assert [line.kind for line in page2[:6]] == ["body"] * 3 + ["signature", "date", "note"]
    assert len(text_lines(pages, 1, "body")) == 17


# ---------------------------------------------------------------- 版记 and page numbers §7.4, §7.5
COLOPHON = dict(cc="抄送：测试省人民政府办公厅，测试市委办公室。", printer="测试市人民政府办公室", print_date="2023年2月22日印发")


@pytest.mark.parametrize(("body_lines", "page_count", "colophon_page", "unnumbered"), [
    (30, 2, 2, set()),       # ends on page 2 (even) with room: the 版记 goes there
    (8, 2, 2, set()),        # ends on page 1 (odd): the 版记 takes page 2, which is numbered
    (19, 2, 2, set()),       # page 1 full to line 21: no room, page 2 is even
    (41, 4, 4, {3, 4}),      # page 2 full: a blank page 3, the 版记 on page 4, neither numbered
])
def test_colophon_on_the_last_even_page(style: StyleSheet, metrics: dict, body_lines: int, page_count: int,
                                        colophon_page: int, unnumbered: set[int]) -> None:
    pages = layout(report([paragraph_of_lines(body_lines)], **COLOPHON), style, metrics)
    assert len(pages.pages) == page_count
    assert [p.number for p in pages.pages if text_lines(pages, p.number, "cc")] == [colophon_page]
    assert {p.number for p in pages.pages if p.folio is None} == unnumbered
    if unnumbered:
        assert not text_lines(pages, min(unnumbered))  # the inserted page is blank


def test_colophon_rules_and_rows(style: StyleSheet, metrics: dict) -> None:
    pages = layout(report([paragraph_of_lines(5)], **COLOPHON), style, metrics)
    page = pages.pages[-1]
    bottom = (297 - 37 - 225) * MM
    rules = sorted(page.rules, key=lambda r: r.y)
    assert [r.y for r in rules] == pytest.approx([bottom, bottom + 28.95, bottom + 2 * 28.95])
    assert [round(r.thickness / MM, 2) for r in rules] == [0.35, 0.25, 0.35]
    assert all((r.x0, r.x1) == pytest.approx((28 * MM, 184 * MM)) for r in rules)
    (cc,) = text_lines(pages, page.number, "cc")
    printer, printed = text_lines(pages, page.number, "imprint")
    cell = 16.0  # one 字
    assert cc.left == pytest.approx(28 * MM + cell, abs=0.2) and printer.left == pytest.approx(28 * MM + cell, abs=0.2)
    assert printed.right == pytest.approx(184 * MM - cell, abs=0.01)
    assert {s.size for line in (cc, printer, printed) for s in line.styles} == {14.0}
    assert bottom < printer.baseline < bottom + 28.95 < cc.baseline < bottom + 2 * 28.95


def test_long_cc_wraps_under_the_first_name(style: StyleSheet, metrics: dict) -> None:
    cc = "抄送：" + "，".join(["测试省人民政府办公厅"] * 5) + "。"
    pages = layout(report([paragraph_of_lines(3)], **{**COLOPHON, "cc": cc}), style, metrics)
    first, second, *_ = text_lines(pages, pages.pages[-1].number, "cc")
    label = first.clusters[3][0]  # the first character after 抄送：
    assert second.left == pytest.approx(label, abs=0.01)
    assert len(pages.pages[-1].rules) == 3


def test_page_numbers(style: StyleSheet, metrics: dict) -> None:
    pages = layout(report([paragraph_of_lines(60)]), style, metrics)
    cell, bottom = 16.0, (297 - 37 - 225) * MM
    _, dash_top = metrics["songti"].ink("—")
    for page in pages.pages:
        (number,) = text_lines(pages, page.number, "page_number")
        assert number.text == f"— {page.number} —" == page.folio
        assert {(s.face, s.size) for s in number.styles} == {("songti", 14.0)}
        # §7.5: the top of the dash's ink, not of the em box, stands 7 mm below the text block
        assert bottom - (number.baseline + dash_top * 14) == pytest.approx(7 * MM)
        assert bottom - number.top < 7 * MM - 3
        if page.number % 2:
            assert number.right == pytest.approx(184 * MM - cell, abs=0.01)
        else:
            assert number.left == pytest.approx(28 * MM + cell, abs=0.01)


# ---------------------------------------------------------------- fonts
RARE = "\U00030EDE"  # biang: in no face the set-up installs


def test_a_character_no_face_has_is_reported_with_its_place(style: StyleSheet, metrics: dict) -> None:
    blocks = [heading(1, "第一部分"), Paragraph((Run(f"面条名为{RARE}。", "body"),), "1", 0, Location("测试.yaml", 12, 5))]
    with pytest.raises(FontError) as caught:
        layout(report(blocks, SECTIONS), style, metrics)
    (problem,) = caught.value.diagnostics
    assert RARE in problem.message and "U+30EDE" in problem.message
    assert "“一”部分的段落" in problem.message and "仿宋" in problem.message
    assert (problem.location.line, problem.location.column) == (12, 5)


def test_a_declared_fallback_face_prints_what_the_role_face_lacks(style: StyleSheet, metrics: dict) -> None:
    fangsong, songti = metrics["fangsong"], metrics["songti"]
    rare = next(chr(c) for c in range(0x3400, 0x4DC0) if songti.covers(chr(c)) and not fangsong.covers(chr(c)))
    pages = layout(report([Paragraph((Run(f"甲{rare}乙", "body"),), "")]), style, metrics, fallbacks=("songti",))
    (body,) = text_lines(pages, 1, "body")
    assert [(c[3], body.styles[c[4]].face) for c in body.clusters] == [("甲", "fangsong"), (rare, "songti"), ("乙", "fangsong")]


# ---------------------------------------------------------------- what the workbook and outline read
def test_indicator_pages(style: StyleSheet, metrics: dict) -> None:
    blocks = [paragraph_of_lines(25), Paragraph((Run("办结率", "body"), Run("99%", "body", "banjie_rate"), Run("。", "body")), "")]
    pages = layout(report(blocks), style, metrics)
    assert dict(pages.indicator_pages) == {"banjie_rate": 2}


def test_850_pages_of_paragraphs_fill_850_pages(style: StyleSheet, metrics: dict) -> None:
    blocks = [paragraph_of_lines(22, "1") for _ in range(850)]
    pages = layout(report(blocks), style, metrics)
    assert len(pages.pages) >= 850


def break_on_both_cores(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """From now on every report breaks its paragraphs on two cores; records how many each layout broke ahead."""
    prebreak = importlib.import_module("exporter.layout.prebreak")
    monkeypatch.setattr(prebreak, "PARALLEL_FROM_CHARACTERS", 1)
    counted: list[int] = []
    real = prebreak.prebreak

    def counting(setter, resolved) -> None:  # type: ignore[no-untyped-def]
        real(setter, resolved)
        counted.append(len(setter.prebroken))

    monkeypatch.setattr(importlib.import_module("exporter.layout"), "prebreak", counting)
    return counted


def test_paragraphs_broken_on_both_cores_set_as_in_order(style: StyleSheet, metrics: dict, example,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    in_order = dataclasses.asdict(layout(example.resolved, style, metrics))
    counted = break_on_both_cores(monkeypatch)
    both = dataclasses.asdict(layout(example.resolved, style, metrics))
    assert counted == [sum(isinstance(block, Paragraph) for block in example.resolved.blocks())]
    assert both == in_order


def test_a_character_no_face_has_is_reported_in_order_when_broken_on_both_cores(
        style: StyleSheet, metrics: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    def paragraph(text: str, section: str, line: int) -> Paragraph:
        return Paragraph((Run(filler(30) + text, "body"),), section, 0, Location("测试.yaml", line, 5))

    blocks = [paragraph("", "1", 3), paragraph(RARE, "1", 7), paragraph("", "1.1", 9), paragraph(RARE, "1.1", 12)]
    with pytest.raises(FontError) as in_order:
        layout(report(blocks, SECTIONS), style, metrics)
    counted = break_on_both_cores(monkeypatch)
    with pytest.raises(FontError) as both:
        layout(report(blocks, SECTIONS), style, metrics)
    assert counted == [2]  # the two printable paragraphs, one on each core
    assert [problem.location.line for problem in both.value.diagnostics] == [7, 12]
    assert both.value.diagnostics == in_order.value.diagnostics


def test_layout_keeps_the_report_text(style: StyleSheet, metrics: dict, example) -> None:
    resolved = example.resolved
    pages = layout(resolved, style, metrics)
    printed = "".join(line.text for page in pages.pages for line in page.lines
                      if line.kind in ("body", "heading1", "heading2", "heading3", "heading4"))
    assert printed == "".join(block.text for block in resolved.blocks())
    assert dataclasses.asdict(pages) == dataclasses.asdict(layout(resolved, style, metrics))


def test_attachment_names_align_under_the_first(style: StyleSheet, metrics: dict) -> None:
    names = ("附件：1. 测试市法治政府建设示范市创建工作考核奖惩办法实施细则（试行）", "2. 测试名单")
    pages = layout(report([paragraph_of_lines(2)], attachments=names), style, metrics)
    first, wrapped, second = text_lines(pages, 1, "attachment")
    body_end = grid_index(style, text_lines(pages, 1, "body")[-1])
    assert grid_index(style, first) == pytest.approx(body_end + 2)  # one blank line below the body
    assert first.left == pytest.approx(28 * MM + 2 * 16, abs=0.2)
    by_text = [(c[3], c[0]) for c in first.clusters]
    number_x = next(x for text, x in by_text if text.startswith("1"))
    name_x = next(x for text, x in by_text if text == "测")
    assert second.left == pytest.approx(number_x)
    assert wrapped.left == pytest.approx(name_x)


def test_a_run_in_heading_alone_at_the_bottom_moves_with_its_text(style: StyleSheet, metrics: dict) -> None:
    # title, blank, 19 body lines: the run-in heading's first line, all heading, would take line 21.
    sentence = "（一）" + filler(30) + "。"
    run_in = Paragraph((Run(sentence, "heading2"), Run(filler(40), "body")), "1.1", 2)
    pages = layout(report([paragraph_of_lines(19), run_in], SECTIONS), style, metrics)
    assert len(text_lines(pages, 1, "body")) == 19
    first = text_lines(pages, 2, "body")[0]
    assert first.text.startswith("（一）") and grid_index(style, first) == pytest.approx(0)
    assert pages.headings[0].page == 2
