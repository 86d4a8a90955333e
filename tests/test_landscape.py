"""Landscape (横排) tables, GB/T 9704 §8: the table turned a quarter on pages of its own, its head towards the left
edge, the page numbers where they always are; through the PDF, the DOCX as LibreOffice renders it, and the workbook."""

from __future__ import annotations

import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pdfplumber
import pytest
from lxml import etree
from openxml_audit import OpenXmlValidator

from exporter.build import Checked, build_outputs, check_source
from exporter.errors import Level
from exporter.load import load_document
from exporter.pages import Page, TextLine
from exporter.resolved import Table
from exporter.styles import StyleSheet
from test_docx_render import render

SOURCE = Path(__file__).resolve().parent / "data" / "landscape-report.yaml"
MM = 25.4 / 72
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TABLE_PAGES = [2, 3]  # page 1: the head and the text before the table; page 4: the text after it
HEADER = "乡镇项目名称计划投资完成投资完成率备注"
CAPTION = "表1\u30002024年度各乡镇重点项目推进情况"


@dataclass(frozen=True)
class TurnedLine:
    """A line of turned characters read back from a PDF: where its baseline stands across the page, its text read
    bottom to top, and where it starts and ends up the page (mm from the top)."""

    x: float
    text: str
    start: float  # the first character's lower edge
    end: float  # the last character's upper edge


@dataclass(frozen=True)
class Printed:
    """One PDF read back: per page, the turned lines, the upright text, the page number's place, the rules."""

    pages: int
    turned: dict[int, list[TurnedLine]]
    turned_chars: dict[int, Counter[str]]
    upright: dict[int, str]
    folio: dict[int, tuple[str, float, float, float]]  # text, left, right and baseline in mm
    verticals: dict[int, list[float]]  # x of the vertical rules, mm


def read_printed(path: Path, tolerance: float = 0.3) -> Printed:
    turned: dict[int, list[TurnedLine]] = {}
    counts: dict[int, Counter[str]] = {}
    upright: dict[int, str] = {}
    folio: dict[int, tuple[str, float, float, float]] = {}
    verticals: dict[int, list[float]] = {}
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            number = page.page_number
            chars = [c for c in page.chars if not c["upright"]]
            counts[number] = Counter(c["text"] for c in chars)
            columns: list[list[dict]] = []
            for char in sorted(chars, key=lambda c: c["matrix"][4]):
                if columns and char["matrix"][4] - columns[-1][-1]["matrix"][4] < tolerance / MM:
                    columns[-1].append(char)
                else:
                    columns.append([char])
            turned[number] = []
            for column in columns:
                ordered = sorted(column, key=lambda c: -c["bottom"])
                turned[number].append(TurnedLine(column[0]["matrix"][4] * MM, "".join(c["text"] for c in ordered),
                                                 ordered[0]["bottom"] * MM, ordered[-1]["top"] * MM))
            standing = [c for c in page.chars if c["upright"]]
            upright[number] = "".join(c["text"] for c in standing)
            bottom = [c for c in standing if c["top"] * MM > 262]
            if bottom:
                folio[number] = ("".join(c["text"] for c in bottom), min(c["x0"] for c in bottom) * MM,
                                 max(c["x1"] for c in bottom) * MM, (page.height - bottom[0]["matrix"][5]) * MM)
            verticals[number] = sorted({round(e["x0"] * MM, 1) for e in page.edges
                                        if abs(e["x0"] - e["x1"]) < 0.1 and e["height"] > 1})
        return Printed(len(pdf.pages), turned, counts, upright, folio, verticals)


@pytest.fixture(scope="module")
def checked(style: StyleSheet) -> Checked:
    return check_source(SOURCE, style)


@pytest.fixture(scope="module")
def table(checked: Checked) -> Table:
    (found,) = [block for block in checked.resolved.blocks() if isinstance(block, Table)]
    return found


@pytest.fixture(scope="module")
def built(checked: Checked, style: StyleSheet, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("landscape")
    written = build_outputs(checked, style, folder / "out", ("docx", "pdf", "xlsx"))
    paths = {path.suffix[1:]: path for path in written}
    paths["rendered"] = render(paths["docx"], folder)
    return paths


@pytest.fixture(scope="module")
def pdf(built: dict[str, Path]) -> Printed:
    return read_printed(built["pdf"])


@pytest.fixture(scope="module")
def word(built: dict[str, Path]) -> Printed:
    return read_printed(built["rendered"])


# ---------------------------------------------------------------- the source
@pytest.mark.parametrize("value", ["横着", "[true]"])
def test_a_landscape_value_that_is_not_true_or_false_is_refused_at_its_line(tmp_path: Path, value: str) -> None:
    source = tmp_path / "t.yaml"
    source.write_text("meta: {title: 测试}\nbody:\n  - 正文。\n  - table:\n      landscape: " + value
                      + "\n      rows: [[甲, 乙], [丙, 丁]]\n", encoding="utf-8")
    document, diagnostics = load_document(source)
    errors = [d for d in diagnostics if d.level is Level.ERROR]
    assert document is None and [(d.location.line, d.location.column) for d in errors] == [(5, 18)]
    assert "landscape" in errors[0].message and "横排" in errors[0].message


def test_landscape_is_read_with_every_other_table_feature(checked: Checked, table: Table, style: StyleSheet) -> None:
    assert table.landscape and table.text.startswith(CAPTION + HEADER)
    assert [cell.align for cell in table.rows[1].cells] == ["left", "left", "right", "right", "right", "left"]
    assert table.rows[3].cells[0].rowspan == 2 and table.rows[-1].cells[0].colspan == 2
    # set across the text block's height: 225 mm
    assert sum(table.widths) == pytest.approx(style.page.text_height.pt)


# ---------------------------------------------------------------- layout
def test_the_table_has_pages_of_its_own_and_the_text_after_it_starts_a_new_page(checked: Checked) -> None:
    pages = checked.pages.pages
    assert len(pages) == 4
    assert [page.number for page in pages if page.turned] == TABLE_PAGES
    assert any(line.text.startswith("2024年，全县重点项目") for line in pages[0].lines)
    for number in TABLE_PAGES:  # nothing upright on them but the page number
        assert [line.kind for line in pages[number - 1].lines] == ["page_number"]
    assert pages[3].lines[0].text.startswith("下一步，县政府将加强调度")


def test_the_frame_is_the_text_block_turned_its_top_on_the_left_edge(checked: Checked, style: StyleSheet) -> None:
    page = style.page
    left, bottom = page.margin_left.pt, page.height.pt - page.margin_top.pt - page.text_height.pt
    for number in TABLE_PAGES:
        frame = checked.pages.pages[number - 1].turned
        assert frame is not None
        assert (frame.width, frame.depth) == (page.text_height.pt, page.text_width.pt)
        # the frame's origin is the text block's bottom right corner: its top (x - depth) is the block's left edge
        assert (frame.x, frame.y) == pytest.approx((left + page.text_width.pt, bottom))
        assert frame.x - frame.depth == pytest.approx(left) and frame.y + frame.width == pytest.approx(
            page.height.pt - page.margin_top.pt)


def test_a_turned_page_holds_whole_grid_lines_and_rows_never_split(checked: Checked, table: Table,
                                                                     style: StyleSheet) -> None:
    pitch = style.grid.line_pitch.pt
    fits = int(style.page.text_width.pt // pitch)
    assert fits == 15  # 156 mm at 28.95 pt
    heights = checked.pages.table_rows[table]
    turned = checked.pages.landscape_tables[table]
    assert turned.caption_lines == 1 and turned.pages == ((0, 14), (14, len(table.rows)))
    first, second = (checked.pages.pages[n - 1].turned for n in TABLE_PAGES)
    assert first is not None and second is not None
    for frame, rows in ((first, range(0, 14)), (second, range(14, 16))):
        steps = {round((frame.depth - line.top) / pitch, 6) for line in frame.lines}
        assert steps <= {float(k) for k in range(fits)}
    # the caption, the header and rows 1–13 (row 3 spans two lines, row 4 two) take the first page's 15 lines
    assert 1 + sum(heights[:14]) <= fits < 1 + sum(heights[:15]) + heights[0]
    assert first.lines[0].text == CAPTION and first.lines[0].kind == "table_caption"


def test_the_header_row_is_repeated_on_the_next_turned_page(checked: Checked) -> None:
    first, second = (checked.pages.pages[n - 1].turned for n in TABLE_PAGES)
    assert first is not None and second is not None
    assert first.lines[1].text == HEADER and second.lines[0].text == HEADER
    assert second.lines[0].top == pytest.approx(second.depth)  # at the frame's top, nearest the left edge
    assert second.lines[-1].text.startswith("合计")


def test_the_page_number_stands_where_it_stands_on_every_page(checked: Checked) -> None:
    pages = checked.pages.pages

    def place(page: Page) -> tuple[float, float]:
        (folio,) = [line for line in page.lines if line.kind == "page_number"]
        return (folio.right if page.number % 2 else folio.left), folio.baseline  # odd pages flush right (§7.5)

    assert place(pages[1]) == place(pages[3])  # even pages: 2 (turned) and 4
    assert place(pages[2]) == pytest.approx(place(pages[0]))  # odd pages: 3 (turned) and 1


# ---------------------------------------------------------------- the PDF
def test_the_pdf_sets_the_table_turned_with_its_head_at_the_left_on_odd_and_even_pages(pdf: Printed,
                                                                                     table: Table) -> None:
    first_column = table.widths[0] * MM  # at the bottom of the page
    assert pdf.pages == 4
    assert [n for n in range(1, 5) if pdf.turned[n]] == TABLE_PAGES
    for number in TABLE_PAGES:
        lines = pdf.turned[number]
        header = next(line for line in lines if line.text == HEADER)
        assert 28.0 < header.x < 28.0 + 2 * 10.22  # within the first two grid lines from the block's left edge
        assert header.x == min(line.x for line in lines if line.text != CAPTION)
        assert all(line.x < 28 + 156 for line in lines)
        # read bottom to top: the line starts low on the page (its first column) and ends high
        assert header.start > header.end and 262.0 - first_column < header.start < 262.0
    assert pdf.turned[2][0].text == CAPTION and pdf.turned[2][0].x < pdf.turned[2][1].x


def test_the_pdfs_turned_text_is_the_sources(pdf: Printed, checked: Checked, table: Table) -> None:
    for number in TABLE_PAGES:
        frame = checked.pages.pages[number - 1].turned
        assert frame is not None
        assert [line.text for line in pdf.turned[number]] == [line.text for line in frame.lines]
    printed = pdf.turned_chars[2] + pdf.turned_chars[3]
    assert printed == Counter(table.text) + Counter(HEADER)  # the header once more, on the second page
    text = "".join(line.text for n in TABLE_PAGES for line in pdf.turned[n])
    for words in ("城关镇老旧小区改造工程3200万元2980万元93.1%按期推进", "合计34700万元32350万元93.2%"):
        assert words in text


def test_the_pdfs_page_numbers_stay_in_place_on_the_turned_pages(pdf: Printed) -> None:
    assert pdf.folio[2][0] == "— 2 —" and pdf.folio[3][0] == "— 3 —"
    assert (pdf.folio[2][1], pdf.folio[2][3]) == pytest.approx((pdf.folio[4][1], pdf.folio[4][3]), abs=0.01)
    assert pdf.folio[3][2:] == pytest.approx(pdf.folio[1][2:], abs=0.01)  # odd pages flush right


# ---------------------------------------------------------------- the DOCX, as LibreOffice renders it
def test_the_docx_turns_each_page_of_the_table_by_hand(built: dict[str, Path], table: Table) -> None:
    with zipfile.ZipFile(built["docx"]) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    tables = root.findall(f"{W}body/{W}tbl")
    assert len(tables) == 3  # one per page the layout made, and the 版记's
    for word_table in tables[:2]:
        assert word_table.find(f"{W}tblPr/{W}tblpPr") is not None  # floating, so it stands where the PDF's does
        directions = {cell.find(f"{W}tcPr/{W}textDirection").get(f"{W}val") for cell in word_table.iter(f"{W}tc")}
        assert directions == {"btLr"}
        assert len(word_table.findall(f"{W}tr")) == table.columns  # a row per landscape column
        following = word_table.getnext()
        assert following.tag == f"{W}p" and following.find(f"{W}pPr/{W}pageBreakBefore") is not None
    assert OpenXmlValidator().validate(built["docx"]).errors == []


def test_libreoffice_prints_the_table_on_the_pdfs_pages(pdf: Printed, word: Printed) -> None:
    assert word.pages == pdf.pages
    assert [n for n in range(1, word.pages + 1) if word.turned[n]] == TABLE_PAGES
    for number in TABLE_PAGES:
        assert word.turned_chars[number] == pdf.turned_chars[number]
        assert "".join(line.text for line in word.turned[number]).count(HEADER) == 1
    assert word.upright[4].startswith("下一步，县政府将加强调度")


def test_libreoffice_draws_the_rows_rules_where_the_pdf_does(pdf: Printed, word: Printed) -> None:
    for number in TABLE_PAGES:
        drawn = word.verticals[number]
        assert drawn and all(min(abs(x - y) for y in drawn) <= 0.5 for x in pdf.verticals[number])


def test_libreoffice_keeps_the_page_numbers_in_place(pdf: Printed, word: Printed) -> None:
    for number in range(1, 5):
        assert word.folio[number][0] == pdf.folio[number][0]
        assert word.folio[number][1:] == pytest.approx(pdf.folio[number][1:], abs=0.5)


# ---------------------------------------------------------------- the workbook
def test_figures_in_a_landscape_table_reach_the_workbook_with_their_pages(built: dict[str, Path]) -> None:
    sheet = openpyxl.load_workbook(built["xlsx"])["指标"]
    header = [cell.value for cell in sheet[1]]
    rows = {row["报告写法"]: row for row in (dict(zip(header, (cell.value for cell in r)))
                                             for r in sheet.iter_rows(min_row=2))}
    assert rows["3200万元"]["页码"] == 2 and rows["34700万元"]["页码"] == 3
    assert rows["3200万元"]["指标名称"] == "城关镇计划投资"
