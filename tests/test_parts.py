"""Tables (§8) and attachments with content (§7.3.4, §7.3.7), through all three outputs of one test source."""

from __future__ import annotations

import re
import textwrap
import zipfile
from pathlib import Path

import openpyxl
import pdfplumber
import pytest
from lxml import etree

from exporter.build import Checked, build_outputs, check_source
from exporter.errors import ContentError, Level
from exporter.fonts import load_metrics, resolve_fonts
from exporter.layout import layout
from exporter.load import load_document
from exporter.pages import Pages, TextLine
from exporter.resolved import Attachment, AttachmentNote, Table
from exporter.styles import StyleSheet

PARTS = Path(__file__).resolve().parent / "data" / "parts-report.yaml"
FACES = ("songti", "fangsong", "heiti", "kaiti", "xiaobiaosong", "latin")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}


@pytest.fixture(scope="module")
def parts(style: StyleSheet) -> Checked:
    return check_source(PARTS, style)


@pytest.fixture(scope="module")
def outputs(parts: Checked, style: StyleSheet, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("parts")
    written = build_outputs(parts, style, folder, ("docx", "pdf", "xlsx"))
    return {path.suffix[1:]: path for path in written}


@pytest.fixture(scope="module")
def metrics() -> dict:
    return {face: load_metrics(font) for face, font in resolve_fonts(FACES).items()}


@pytest.fixture(scope="module")
def pages(parts: Checked, style: StyleSheet, metrics: dict) -> Pages:
    return layout(parts.resolved, style, metrics)


def lines_of(pages: Pages, kind: str) -> list[tuple[int, TextLine]]:
    return [(page.number, line) for page in pages.pages for line in page.lines if line.kind == kind]


def grid_row(style: StyleSheet, line: TextLine) -> int:
    return round((style.page.height.pt - style.page.margin_top.pt - line.top) / style.grid.line_pitch.pt)


# ---------------------------------------------------------------- the source
def test_the_source_holds_tables_and_attachments(parts: Checked) -> None:
    tables = [b for b in parts.resolved.blocks() if isinstance(b, Table)]
    attachments = [e for e in parts.resolved.elements if isinstance(e, Attachment)]
    assert len(tables) == 2 and len(attachments) == 2
    note = next(e for e in parts.resolved.elements if isinstance(e, AttachmentNote))
    assert [item.name for item in note.items] == [a.title_lines[0] for a in attachments]
    assert attachments[1].doc_number == "某司〔2025〕3号" and attachments[0].doc_number is None


@pytest.mark.parametrize(("table", "code"), [
    ("rows: [[甲, 乙], [丙]]", "C049"),  # a short row
    ("rows: [[甲, 乙], [{text: 丙, rowspan: 3}, 丁]]", "C049"),  # a span past the last row
    ("rows: [[甲, 乙]]", "C048"),  # nothing under the header
    ("{columns: [middle], rows: [[甲], [乙]]}", "C047"),
    ("rows: 甲", "E020"),
])
def test_a_table_written_wrong_is_refused_at_its_line(tmp_path: Path, table: str, code: str) -> None:
    spec = table if table.startswith("{") else "{" + table + "}"
    source = tmp_path / "t.yaml"
    source.write_text(f"meta: {{title: 测试}}\nbody:\n  - 正文。\n  - table: {spec}\n", encoding="utf-8")
    document, diagnostics = load_document(source)
    errors = [d for d in diagnostics if d.level is Level.ERROR]
    assert document is None and errors[0].code == code and errors[0].location.line == 4


def test_attachments_and_numbering_written_wrong_are_refused(tmp_path: Path) -> None:
    source = tmp_path / "a.yaml"
    source.write_text(textwrap.dedent("""\
        meta:
          title: 测试
          numbering: {level3: straight}
          attachments:
            - {body: [内容。]}
        body: [正文。]
        """), encoding="utf-8")
    _, diagnostics = load_document(source)
    assert sorted(d.code for d in diagnostics if d.level is Level.ERROR) == ["C017", "E022"]


# ---------------------------------------------------------------- layout and PDF
def test_table_rows_are_whole_grid_lines_framed_by_rules(pages: Pages, style: StyleSheet) -> None:
    rows = lines_of(pages, "table")
    first_page = rows[0][0]
    tops = [grid_row(style, line) for number, line in rows if number == first_page]
    assert tops == list(range(tops[0], tops[0] + len(tops)))  # one grid line after another
    page = pages.pages[first_page - 1]
    verticals = {round(rule.x0, 3) for rule in page.rules if rule.x0 == rule.x1}
    assert len(verticals) == 4  # the frame's two sides and two inner lines
    assert min(verticals) == pytest.approx(style.page.margin_left.pt, abs=0.01)
    assert max(verticals) == pytest.approx(style.page.margin_left.pt + style.page.text_width.pt, abs=0.01)


def test_a_cell_spanning_two_rows_has_no_rule_across_it(pages: Pages, style: StyleSheet) -> None:
    page_number, other = next((n, line) for n, line in lines_of(pages, "table") if line.text.startswith("其他"))
    page = pages.pages[page_number - 1]
    row_tops = sorted({r.y0 for r in page.rules if r.y0 == r.y1}, reverse=True)
    below_other = next(y for y in row_tops if y < other.baseline)  # the rule under the first line of 其他
    across = [r for r in page.rules if r.y0 == r.y1 and abs(r.y0 - below_other) < 0.01]
    first_column_right = min(r.x0 for r in page.rules if r.x0 == r.x1 and r.x0 > style.page.margin_left.pt + 1)
    assert across and all(r.x0 >= first_column_right - 0.01 for r in across)


def test_a_long_table_repeats_its_header_on_the_next_page(style: StyleSheet, metrics: dict, tmp_path: Path) -> None:
    rows = "\n".join(f'        - ["单位{{{n}}}", "{{{n}件}}"]' for n in range(1, 41))
    source = tmp_path / "long.yaml"
    source.write_text(f"meta: {{title: 测试}}\nbody:\n  - table:\n      rows:\n        - [单位, 案件数]\n{rows}\n",
                      encoding="utf-8")
    checked = check_source(source, style)
    pages = layout(checked.resolved, style, metrics)
    headers = [(number, grid_row(style, line)) for number, line in lines_of(pages, "table") if line.text == "单位案件数"]
    assert len(headers) == len(pages.pages) >= 2
    assert all(row == 0 for number, row in headers[1:])  # at the top of every page it continues on
    units = [line.text for _, line in lines_of(pages, "table") if line.text.startswith("单位") and line.text != "单位案件数"]
    assert units == [f"单位{n}{n}件" for n in range(1, 41)]  # every row once, in order
    assert len(checked.resolved.indicators) == 40


def test_each_attachment_starts_a_new_page_label_on_line_one_title_on_line_three(pages: Pages,
                                                                                style: StyleSheet) -> None:
    labels = lines_of(pages, "attachment_label")
    assert [line.text for _, line in labels] == ["附件1", "某司〔2025〕3号附件2"]
    for number, line in labels:
        assert grid_row(style, line) == 0
        page_lines = [l for l in pages.pages[number - 1].lines if l.kind not in ("page_number",)]
        assert page_lines[0] is line
        title = next(l for l in page_lines if l.kind == "title")
        assert grid_row(style, title) == 2
        chinese = {line.styles[c.run].face for c in line.clusters if not c.text.isascii()}
        assert chinese == {"heiti"} and {s.size for s in line.styles} == {16.0}  # digits in the Latin face
    assert labels[0][0] > next(n for n, _ in lines_of(pages, "date"))  # after the 署名 and 成文日期


def test_page_numbers_continue_through_the_attachments_and_the_colophon_comes_last(pages: Pages) -> None:
    numbered = [page.folio for page in pages.pages]
    assert numbered == [f"— {n} —" for n in range(1, len(pages.pages) + 1)]
    last_attachment_page = max(n for n, _ in lines_of(pages, "attachment_label"))
    (colophon_page,) = {n for n, _ in lines_of(pages, "cc")}
    assert colophon_page >= last_attachment_page and colophon_page % 2 == 0


def test_the_attachment_note_stands_on_one_page(pages: Pages) -> None:
    assert len({number for number, _ in lines_of(pages, "attachment")}) == 1


def test_the_pdf_prints_the_tables_and_attachments(outputs: dict[str, Path]) -> None:
    with pdfplumber.open(outputs["pdf"]) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages).replace("\n", "").replace(" ", "")
        assert "维持98件57.0%" in text and "合计37.22万元100%" in text
        assert "某司〔2025〕3号附件2" in text and "2025年法治政府建设重点任务清单" in text
        assert len(pdf.pages[1].lines + pdf.pages[1].rects) > 0  # the table's rules are drawn


# ---------------------------------------------------------------- DOCX
def document_xml(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read("word/document.xml"))


def test_the_docx_has_real_tables_with_repeating_headers_and_merged_cells(outputs: dict[str, Path]) -> None:
    root = document_xml(outputs["docx"])
    tables = root.findall(f".//{W}tbl")
    body_tables = [t for t in tables if t.find(f"{W}tblPr/{W}tblpPr") is None]  # not the floating 版记
    assert len(body_tables) == 2
    money = body_tables[0]
    rows = money.findall(f"{W}tr")
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert all(row.find(f"{W}trPr/{W}cantSplit") is not None for row in rows)
    assert money.findall(f".//{W}vMerge"), "the 其他 cell spans two rows"
    widths = [int(col.get(f"{W}w")) for col in money.findall(f"{W}tblGrid/{W}gridCol")]
    assert sum(widths) == pytest.approx(156 / 25.4 * 1440, abs=3)
    cells = ["".join(t.text or "" for t in cell.iter(f"{W}t")) for cell in rows[1].findall(f"{W}tc")]
    assert cells == ["普法宣传", "12.5万元", "33.6%"]


def test_docx_cells_keep_their_rows_together_and_their_text_where_the_layout_set_it(style: StyleSheet,
                                                                                   tmp_path: Path) -> None:
    """A row span's rows share a page (keepNext on their paragraphs), a cell's text is the layout's whole lines
    down (not centred half a line off the grid), and no mark hangs into a cell's padding."""
    source = Path(__file__).resolve().parent / "data" / "agreement" / "cells.yaml"
    checked = check_source(source, style)
    (docx,) = build_outputs(checked, style, tmp_path, ("docx",))
    table = next(t for t in document_xml(docx).iter(f"{W}tbl") if t.find(f"{W}tblPr/{W}tblpPr") is None)
    rows = table.findall(f"{W}tr")

    def kept(row: etree._Element) -> bool:
        return all(p.find(f"{W}pPr/{W}keepNext") is not None for p in row.iter(f"{W}p"))

    # header; 公共法律服务 spanning three rows; 公证; 律师 spanning two
    assert [kept(row) for row in rows] == [True, True, True, False, False, True, False]
    written = [cell for row in rows for cell in row.findall(f"{W}tc") if "".join(cell.itertext())]
    assert all(cell.find(f"{W}tcPr/{W}vAlign").get(f"{W}val") == "top" for cell in written)
    assert all(p.find(f"{W}pPr/{W}overflowPunct").get(f"{W}val") == "0" for cell in written for p in cell.iter(f"{W}p"))
    spanned = rows[1].find(f"{W}tc/{W}p/{W}pPr/{W}spacing")  # two lines of text in four: one line down
    assert int(spanned.get(f"{W}before")) == round(style.grid.line_pitch.pt * 20)
    assert rows[2].find(f"{W}tc/{W}p/{W}pPr/{W}spacing") is None


def test_the_docx_attachments_start_new_pages(outputs: dict[str, Path]) -> None:
    root = document_xml(outputs["docx"])
    labels = root.xpath(".//w:p[w:pPr/w:pStyle/@w:val='GwAttachmentLabel']", namespaces=NS)
    assert ["".join(label.itertext()) for label in labels] == ["附件1", "某司〔2025〕3号附件2"]
    assert all(label.find(f"{W}pPr/{W}pageBreakBefore") is not None for label in labels)


# ---------------------------------------------------------------- the workbook
def test_every_figure_of_text_tables_and_attachments_reaches_the_workbook(parts: Checked,
                                                                         outputs: dict[str, Path]) -> None:
    sheet = openpyxl.load_workbook(outputs["xlsx"])["指标"]
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, (cell.value for cell in row))) for row in sheet.iter_rows(min_row=2)]
    assert len(rows) == len(parts.resolved.indicators)
    by_written = {row["报告写法"]: row for row in rows}
    assert by_written["98件"]["指标名称"] == "维持案件数"
    assert by_written["37.22万元"]["单位"] == "万元" and by_written["37.22万元"]["折合元"] == 372200
    assert by_written["1.37亿元"]["折合元"] == 137000000 and by_written["1.37亿元"]["类型"] == "金额"
    assert (by_written["2600余万元"]["限定"], by_written["2600余万元"]["折合元"]) == ("余", 26000000)
    assert (by_written["近500万元"]["限定"], by_written["近500万元"]["类型"]) == ("近", "金额")
    assert by_written["300件左右"]["限定"] == "左右"
    assert all(re.fullmatch(r"\d+", str(row["页码"])) for row in rows)


def test_a_figure_of_an_attachment_is_placed_in_that_attachment(parts: Checked) -> None:
    forty = next(i for i in parts.resolved.indicators if i.display == "40件")
    assert forty.section.startswith("附件2/") and forty.name


def test_check_refuses_a_broken_table_as_build_would(tmp_path: Path, style: StyleSheet) -> None:
    source = tmp_path / "bad.yaml"
    source.write_text("meta: {title: 测试}\nbody:\n  - table: {rows: [[甲, 乙], [丙]]}\n", encoding="utf-8")
    with pytest.raises(ContentError, match="C049"):
        check_source(source, style)


def test_the_workbook_names_level_three_parts_whole_and_counts_no_relations_without_formulas(
        outputs: dict[str, Path]) -> None:
    book = openpyxl.load_workbook(outputs["xlsx"])
    sheet = book["指标"]
    header = [cell.value for cell in sheet[1]]
    first = dict(zip(header, (cell.value for cell in sheet[2])))
    assert (first["报告写法"], first["部分"]) == ("37件", "一（一）1.加强规范性文件管理")
    summary = book["汇总"]
    verdicts = {row[0].value: row[1].value for row in summary.iter_rows(min_col=5, max_col=6) if row[0].value in ("一致", "不一致")}
    assert verdicts == {"一致": 0, "不一致": 0}  # plain numbers: no formula counting an empty range


# ---------------------------------------------------------------- the 主要指标一览表 (opt-in)
LISTED = textwrap.dedent("""\
    meta:
      title: 关于测试指标一览表的报告
      issuer: 测试市人民政府
      date: 2023-02-20
      attachments:
        - title: 测试市典型案例
          body:
            - 案例中查处案件{40件|案例查处案件数}。
        - title: 测试市主要指标一览表
          indicators: true
    indicators:
      - {id: spare, name: 备用指标, value: 7, unit: 个, kind: count}
    body:
      - 全市共有{51630人|包联干部人数}参与包联。
      - heading: 工作成效
        body:
          - 办结率达到{98.72%|问题办结率}，投入资金{1.37亿元|投入资金}。
    """)


@pytest.fixture(scope="module")
def listed(style: StyleSheet, tmp_path_factory: pytest.TempPathFactory) -> tuple[Checked, dict[str, Path]]:
    folder = tmp_path_factory.mktemp("listed")
    source = folder / "listed.yaml"
    source.write_text(LISTED, encoding="utf-8")
    checked = check_source(source, style)
    written = build_outputs(checked, style, folder / "out", ("docx", "pdf", "xlsx"))
    return checked, {path.suffix[1:]: path for path in written}


LIST_ROWS = [["序号", "指标", "数值", "所在部分"],
             ["1", "包联干部人数", "51630人", "开头"],
             ["2", "问题办结率", "98.72%", "一、"],
             ["3", "投入资金", "1.37亿元", "一、"],
             ["4", "案例查处案件数", "40件", "附件1"],
             ["5", "备用指标", "7个", ""]]


def test_the_indicator_list_has_a_row_for_every_figure_as_the_report_prints_it(listed) -> None:
    checked, _ = listed
    attachments = [e for e in checked.resolved.elements if isinstance(e, Attachment)]
    assert [a.label for a in attachments] == ["附件1", "附件2"]
    (table,) = attachments[1].blocks
    assert isinstance(table, Table) and table.header_rows == 1
    assert [[cell.text for cell in row.cells] for row in table.rows] == LIST_ROWS
    assert [cell.align for cell in table.rows[1].cells] == ["center", "left", "right", "center"]
    note = next(e for e in checked.resolved.elements if isinstance(e, AttachmentNote))
    assert [item.name for item in note.items] == ["测试市典型案例", "测试市主要指标一览表"]


def test_the_indicator_list_prints_in_the_pdf_and_the_docx_and_adds_no_figure_to_the_workbook(listed) -> None:
    checked, paths = listed
    with pdfplumber.open(paths["pdf"]) as pdf:
        last = pdf.pages[-1].extract_text().replace(" ", "")
        body_page = next(number for number, page in enumerate(pdf.pages, start=1)
                         if "51630人参与包联" in page.extract_text().replace(" ", ""))
    assert "测试市主要指标一览表" in last and all("".join(row) in last.replace("\n", "") for row in LIST_ROWS[1:])
    tables = document_xml(paths["docx"]).findall(f".//{W}tbl")
    rows = [["".join(cell.itertext()) for cell in row.findall(f"{W}tc")] for row in tables[-1].findall(f"{W}tr")]
    assert rows == LIST_ROWS
    sheet = openpyxl.load_workbook(paths["xlsx"])["指标"]
    header = [cell.value for cell in sheet[1]]
    written = [dict(zip(header, (cell.value for cell in row))) for row in sheet.iter_rows(min_row=2)]
    assert [row["报告写法"] for row in written] == [row[2] for row in LIST_ROWS[1:]]  # each once, in the list's order
    assert written[0]["页码"] == body_page  # cited where the body prints it, not in the list


@pytest.mark.parametrize(("attachment", "indicators", "code", "line"), [
    ("{title: 一览表, indicators: true, body: [内容。]}", "", "C039", 4),
    ("{title: 一览表, indicators: true}", "", "C054", 4),
    ("{title: 一览表, indicators: 全部}", "", "E025", 4),
])
def test_an_indicator_list_written_wrong_is_refused_by_check_as_by_build(
        tmp_path: Path, style: StyleSheet, attachment: str, indicators: str, code: str, line: int) -> None:
    source = tmp_path / "a.yaml"
    source.write_text(f"meta:\n  title: 测试\n  attachments:\n    - {attachment}\nbody: [正文。]\n{indicators}",
                      encoding="utf-8")
    with pytest.raises(ContentError) as refused:
        check_source(source, style)
    errors = [d for d in refused.value.diagnostics if d.level is Level.ERROR]
    assert [(d.code, d.location.line) for d in errors] == [(code, line)]


@pytest.mark.parametrize(("landscape", "page_lines"), [(False, 22), (True, 15)], ids=["upright", "landscape"])
def test_a_row_taller_than_a_page_is_refused_at_its_table(tmp_path: Path, style: StyleSheet, landscape: bool,
                                                          page_lines: int) -> None:
    """Word and LibreOffice would cut such a row off at the page's foot, losing its text from the DOCX."""
    source = tmp_path / "tall.yaml"
    long = "很长的备注内容" * 120
    source.write_text(f"meta: {{title: 测试}}\nbody:\n  - 正文。\n  - table:\n      landscape: {str(landscape).lower()}\n"
                      f"      rows:\n        - [项目, 备注]\n        - [甲, {long}]\n", encoding="utf-8")
    with pytest.raises(ContentError) as refused:
        check_source(source, style)
    (problem,) = refused.value.diagnostics
    assert problem.code == "C055" and problem.location.line == 4
    assert "第 2 行" in problem.message and f"超过一页的 {page_lines} 行" in problem.message
