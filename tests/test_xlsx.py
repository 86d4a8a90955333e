"""The indicators workbook read back: typed figures, live checks recalculated by LibreOffice, usability, safety."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import column_index_from_string
from openpyxl.workbook.workbook import Workbook
from xlsx_fixtures import PAGES, sample_resolved

from exporter.build import Checked
from exporter.model import IndicatorKind
from exporter.resolved import Resolved
from exporter.styles import StyleSheet
from exporter.writers import Job
from exporter.writers.xlsx import write
from exporter.formula import parse, to_excel
from exporter.writers.xlsx.sheetsetup import text_width

HEADERS = ["序号", "编号", "部分", "指标名称", "数值", "上限", "单位", "折合元", "类型", "限定", "报告写法", "原文", "页码"]
COL = {name: index for index, name in enumerate(HEADERS, start=1)}
CHECK_HEADERS = ["序号", "编号", "核验关系", "计算方法", "报告的指标", "计算值", "报告值", "差值", "容差", "结论"]
CHK = {name: index for index, name in enumerate(CHECK_HEADERS, start=1)}
REFERENCE = re.compile(r"'指标'!\$([A-Z]+)\$(\d+)")
# LibreOffice recalculates every formula of an .xlsx on loading (0 = always) in this private profile.
RECALC_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""
DANGEROUS_NAME = "=cmd|' /C calc'!A0"
DANGEROUS_SENTENCE = "+1+1 @SUM(1) -2 开头的原文"


def build(resolved: Resolved, style: StyleSheet, path: Path, pages: object | None = PAGES) -> Path:
    write(Job(resolved, style, pages), path)  # type: ignore[arg-type]
    return path


def libreoffice(files: list[Path], target: str, out_dir: Path) -> list[Path]:
    """Convert `files` with LibreOffice headless in a private profile that forces recalculation."""
    profile = out_dir / "profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_PROFILE, encoding="utf-8")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) must be installed"
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", target,
                    "--outdir", str(out_dir), *map(str, files)], check=True, capture_output=True, timeout=180)
    converted = [out_dir / f"{f.stem}.{target.split(':')[0]}" for f in files]
    assert all(c.exists() for c in converted)
    return converted


@pytest.fixture(scope="module")
def resolved() -> Resolved:
    return sample_resolved()


@pytest.fixture(scope="module")
def workbook_path(resolved: Resolved, style: StyleSheet, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(resolved, style, tmp_path_factory.mktemp("xlsx") / "report.xlsx")


@pytest.fixture(scope="module")
def book(workbook_path: Path) -> Workbook:
    return openpyxl.load_workbook(workbook_path)


@pytest.fixture(scope="module")
def recalculated(workbook_path: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Workbook]:
    """LibreOffice's recalculation of: the workbook, a copy without stored results, a copy with 办结率 edited."""
    work = tmp_path_factory.mktemp("recalc")
    bare = openpyxl.load_workbook(workbook_path)  # openpyxl keeps formulas but drops their stored results
    bare.save(work / "bare.xlsx")
    edited = openpyxl.load_workbook(workbook_path)
    indicators = edited["指标"]
    for row in range(2, indicators.max_row + 1):
        if indicators.cell(row, COL["编号"]).value == "wenti_banjie_rate":
            indicators.cell(row, COL["数值"]).value = 0.9996  # the clerk corrects 99% to 99.96%
    edited.save(work / "edited.xlsx")
    shutil.copy(workbook_path, work / "original.xlsx")
    out = work / "out"
    paths = libreoffice([work / "original.xlsx", work / "bare.xlsx", work / "edited.xlsx"], "xlsx", out)
    return {p.stem: openpyxl.load_workbook(p, data_only=True) for p in paths}


@pytest.fixture(scope="module")
def rendered_text(workbook_path: Path, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The workbook printed to PDF by LibreOffice, as text page by page."""
    (pdf,) = libreoffice([workbook_path], "pdf", tmp_path_factory.mktemp("render"))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


def indicator_rows(book: Workbook) -> dict[str, int]:
    sheet = book["指标"]
    return {sheet.cell(row, COL["编号"]).value: row for row in range(2, sheet.max_row + 1)}


def check_rows(book: Workbook) -> dict[str, int]:
    sheet = book["核验"]
    return {sheet.cell(row, CHK["编号"]).value: row for row in range(2, sheet.max_row + 1)}


# ---------------------------------------------------------------- 指标
def test_indicator_sheet_has_the_columns_and_one_row_per_indicator_in_report_order(book: Workbook, resolved: Resolved) -> None:
    sheet = book["指标"]
    assert book.sheetnames == ["指标", "核验", "汇总", "说明"]
    assert [c.value for c in sheet[1]] == HEADERS
    assert sheet.max_row == 1 + len(resolved.indicators)
    assert [sheet.cell(r, COL["编号"]).value for r in range(2, sheet.max_row + 1)] == [i.id for i in resolved.indicators]
    assert [sheet.cell(r, COL["序号"]).value for r in range(2, sheet.max_row + 1)] == list(range(1, 15))


def test_every_figure_is_a_numeric_cell_never_text(book: Workbook, resolved: Resolved) -> None:
    sheet = book["指标"]
    rows = indicator_rows(book)
    for indicator in resolved.indicators:
        value = sheet.cell(rows[indicator.id], COL["数值"])
        assert value.data_type == "n" and isinstance(value.value, (int, float)), indicator.id
        assert Decimal(str(value.value)) == indicator.value, indicator.id
    for column in ("序号", "数值", "上限", "页码"):
        for row in range(2, sheet.max_row + 1):
            assert not isinstance(sheet.cell(row, COL[column]).value, str), (column, row)


def test_percentages_are_fractions_shown_with_the_source_decimals(book: Workbook) -> None:
    sheet, rows = book["指标"], indicator_rows(book)
    expected = {"bujianmian_rate": (0.9872, "0.00%"), "wenti_banjie_rate": (0.99, "0%"),
                "fuyi_jiucuo_rate": (0.323, "0.0%"), "chuting_rate": (0.9526, "0.00%")}
    for id, (value, number_format) in expected.items():
        cell = sheet.cell(rows[id], COL["数值"])
        assert (cell.value, cell.number_format) == (value, number_format), id


def test_counts_have_thousands_separators_and_each_kind_its_columns(book: Workbook) -> None:
    sheet, rows = book["指标"], indicator_rows(book)

    def row_of(id: str) -> dict[str, object]:
        return {name: sheet.cell(rows[id], index).value for name, index in COL.items()}

    assert sheet.cell(rows["baolian_ganbu"], COL["数值"]).number_format == "#,##0"
    assert row_of("baolian_ganbu") | {"原文": None} == {
        "序号": 4, "编号": "baolian_ganbu", "部分": "一（二）加强政府机构职能建设，依法全面履行政府职能。",
        "指标名称": "“万人助万企”包联干部人数", "数值": 51630, "上限": None, "单位": "人", "折合元": None, "类型": "数量", "限定": None,
        "报告写法": "51630人", "原文": None, "页码": 2}
    approx = row_of("baorong_anjian")
    assert (approx["数值"], approx["类型"], approx["限定"], approx["报告写法"]) == (5700, "约数", "余", "5700余件")
    span = row_of("jiancha_danwei_meici")
    assert (span["数值"], span["上限"], span["类型"], span["页码"]) == (6, 8, "区间", 3)
    assert sheet.cell(rows["jiancha_danwei_meici"], COL["上限"]).number_format == "#,##0"
    before, after = row_of("yingshang_rank_before"), row_of("yingshang_rank_after")
    assert (before["数值"], before["限定"], before["类型"], before["报告写法"]) == (4, "倒数", "排名", "倒数第四名")
    assert (after["数值"], after["限定"], after["报告写法"]) == (3, None, "第三名")
    assert row_of("bujianmian_rate")["原文"].endswith("“不见面审批率”98.72%。")


def test_page_column_is_empty_when_the_pdf_was_not_laid_out(resolved: Resolved, style: StyleSheet, tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(build(resolved, style, tmp_path / "no-pages.xlsx", pages=None))["指标"]
    assert [sheet.cell(r, COL["页码"]).value for r in range(2, sheet.max_row + 1)] == [None] * len(resolved.indicators)
    assert sheet.cell(2, COL["数值"]).value == 0.9872


# ---------------------------------------------------------------- 核验
def test_check_formulas_reference_the_indicator_cells_of_their_ids(book: Workbook, resolved: Resolved) -> None:
    checks, indicators = book["核验"], book["指标"]
    rows = check_rows(book)
    assert [c.value for c in checks[1]] == CHECK_HEADERS
    for check in resolved.checks:
        row = rows[check.id]
        formula = checks.cell(row, CHK["计算值"]).value
        referenced = [indicators.cell(int(r), column_index_from_string(c)) for c, r in REFERENCE.findall(formula)]
        ids_in_formula = re.findall(r"[A-Za-z_]\w*", check.formula)
        assert [indicators.cell(c.row, COL["编号"]).value for c in referenced] == ids_in_formula
        assert all(c.column == COL["数值"] and c.data_type == "n" for c in referenced)
        stated = checks.cell(row, CHK["报告值"]).value
        (stated_ref,) = REFERENCE.findall(stated)
        assert indicators.cell(int(stated_ref[1]), COL["编号"]).value == check.stated
        assert checks.cell(row, CHK["差值"]).value == f"=F{row}-G{row}"
        assert checks.cell(row, CHK["结论"]).value == f'=IF(ABS(H{row})<=I{row},"一致","不一致")'
        assert checks.cell(row, CHK["容差"]).value == float(check.tolerance)


def test_the_banjie_rate_row_shows_99_percent_stated_and_99_96_computed(book: Workbook) -> None:
    sheet, row = book["核验"], check_rows(book)["wenti_banjie_rate_check"]
    assert sheet.cell(row, CHK["计算值"]).value == "='指标'!$E$7/'指标'!$E$6"
    assert sheet.cell(row, CHK["计算值"]).number_format == "0.00%"  # 99.96%
    assert sheet.cell(row, CHK["报告值"]).number_format == "0%"  # 99%
    assert sheet.cell(row, CHK["容差"]).number_format == "0.0%"  # 0.5%


def test_formula_translation_keeps_operators_constants_and_parentheses() -> None:
    cells = {"a": "'指标'!$E$2", "b": "'指标'!$E$3", "c": "'指标'!$E$4"}
    assert to_excel(parse("1 - (a + b) * 0.5 / c"), cells.__getitem__) == \
        "=1-('指标'!$E$2+'指标'!$E$3)*0.5/'指标'!$E$4"


def test_stored_results_match_python_for_viewers_that_do_not_recalculate(workbook_path: Path, resolved: Resolved) -> None:
    sheet = openpyxl.load_workbook(workbook_path, data_only=True)["核验"]
    rows = check_rows(sheet.parent)
    for check in resolved.checks:
        row = rows[check.id]
        assert sheet.cell(row, CHK["计算值"]).value == pytest.approx(float(check.computed), abs=1e-12)
        assert sheet.cell(row, CHK["报告值"]).value == pytest.approx(float(check.stated_value))
        assert sheet.cell(row, CHK["结论"]).value == ("一致" if check.consistent else "不一致")


@pytest.mark.parametrize("copy", ["original", "bare"])
def test_libreoffice_recalculation_gives_the_values_computed_in_python(recalculated: dict[str, Workbook], resolved: Resolved,
                                                                      copy: str) -> None:
    book = recalculated[copy]
    sheet, rows = book["核验"], check_rows(book)
    for check in resolved.checks:
        row = rows[check.id]
        assert sheet.cell(row, CHK["计算值"]).value == pytest.approx(float(check.computed), abs=1e-12)
        assert sheet.cell(row, CHK["报告值"]).value == pytest.approx(float(check.stated_value), abs=1e-12)
        assert sheet.cell(row, CHK["差值"]).value == pytest.approx(float(check.computed - check.stated_value), abs=1e-12)
        assert sheet.cell(row, CHK["结论"]).value == ("一致" if check.consistent else "不一致"), check.id
    mismatch = rows["wenti_banjie_rate_check"]
    assert round(sheet.cell(mismatch, CHK["计算值"]).value, 4) == 0.9996
    assert sheet.cell(mismatch, CHK["结论"]).value == "不一致"
    assert [book["汇总"]["F10"].value, book["汇总"]["F11"].value] == [2, 1]  # 一致, 不一致


def test_the_checks_are_live_an_edited_figure_changes_the_verdict(recalculated: dict[str, Workbook]) -> None:
    book = recalculated["edited"]
    row = check_rows(book)["wenti_banjie_rate_check"]
    assert book["核验"].cell(row, CHK["结论"]).value == "一致"
    assert [book["汇总"]["F10"].value, book["汇总"]["F11"].value] == [3, 0]


# ---------------------------------------------------------------- 汇总 and 说明
def test_summary_counts_indicators_per_part_and_kind_with_a_chart(book: Workbook, workbook_path: Path) -> None:
    sheet = book["汇总"]
    parts = [[sheet.cell(r, c).value for c in (1, 2, 3)] for r in range(1, 5)]
    assert parts == [["部分序号", "部分", "指标数"],
                     ["一（二）", "一（二）加强政府机构职能建设，依法全面履行政府职能。", 7],
                     ["一（四）", "一（四）推进严格规范公正文明执法，提升行政执法水平。", 2],
                     ["一（六）", "一（六）加强行政预防调处化解，依法有效化解矛盾纠纷。", 5]]
    kinds = {sheet.cell(r, 5).value: sheet.cell(r, 6).value for r in range(2, 8)}
    assert kinds == {"数量": 6, "比率": 4, "金额": 0, "约数": 1, "区间": 1, "排名": 2}
    with zipfile.ZipFile(workbook_path) as archive:
        chart = archive.read("xl/charts/chart1.xml").decode()
    assert '<barDir val="bar"/>' in chart
    assert "<val><numRef><f>'汇总'!$C$2:$C$4</f>" in chart and "<cat><strRef><f>'汇总'!$A$2:$A$4</f>" in chart


def test_about_sheet_names_the_report_and_every_column(book: Workbook, resolved: Resolved) -> None:
    sheet = book["说明"]
    facts = {sheet.cell(r, 1).value: sheet.cell(r, 2).value for r in range(2, 10)}
    assert facts["报告标题"] == "南阳市人民政府关于2022年度法治政府建设情况的报告"
    assert facts["发文机关"] == "南阳市人民政府"
    assert facts["成文日期"] == "2023年2月22日"
    assert facts["来源文件"] == "fixture-report.yaml"  # the name, not the path: bytes independent of the folder
    assert facts["生成日期"].startswith("2023-02-22")
    assert (facts["指标数"], facts["核验关系数"]) == (14, 3)
    described = {(sheet.cell(r, 1).value, sheet.cell(r, 2).value) for r in range(11, sheet.max_row + 1)
                 if sheet.cell(r, 3).value}
    assert {("指标", h) for h in HEADERS} | {("核验", h) for h in CHECK_HEADERS} <= described


# ---------------------------------------------------------------- usability
def test_sheets_are_frozen_filterable_tables_with_chinese_widths_and_wrapped_sentences(book: Workbook) -> None:
    sheet = book["指标"]
    assert book["指标"].freeze_panes == "A2" and book["核验"].freeze_panes == "A2"
    (table,) = sheet.tables.values()
    assert table.ref == "A1:M15" and table.autoFilter is not None
    assert table.tableStyleInfo.name == "TableStyleMedium2"
    assert book["核验"].tables["Checks"].ref == "A1:J4"
    for row in range(2, sheet.max_row + 1):
        assert sheet.cell(row, COL["原文"]).alignment.wrap_text
        for name in ("编号", "单位", "类型", "报告写法"):  # unwrapped columns show their whole text
            text = str(sheet.cell(row, COL[name]).value or "")
            assert text_width(text) <= sheet.column_dimensions[chr(64 + COL[name])].width, (row, name)
    long_sentence = indicator_rows(book)["yingshang_rank_before"]
    assert sheet.row_dimensions[long_sentence].height >= 45  # three lines of the wrapped sentence


def test_every_sheet_prints_on_a4_landscape_fitted_to_width_with_the_header_repeated(book: Workbook) -> None:
    for sheet in book.worksheets:
        assert (sheet.page_setup.paperSize, sheet.page_setup.orientation) == (9, "landscape"), sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
    assert book["指标"].print_title_rows == "$1:$1" and book["核验"].print_title_rows == "$1:$1"
    assert book["指标"].page_setup.fitToHeight == 0
    assert "&P" in book["指标"].oddFooter.center.text


def test_document_properties_come_from_the_source(book: Workbook) -> None:
    properties = book.properties
    assert properties.title == "南阳市人民政府关于2022年度法治政府建设情况的报告"
    assert properties.creator == "南阳市人民政府"
    assert properties.subject == "2022年度法治政府建设情况"
    assert properties.keywords == "法治政府建设; 年度报告"
    assert properties.created == properties.modified == dt.datetime(2023, 2, 22)


def test_building_twice_gives_identical_bytes(resolved: Resolved, style: StyleSheet, workbook_path: Path,
                                             tmp_path: Path) -> None:
    again = build(resolved, style, tmp_path / "again.xlsx")
    assert again.read_bytes() == workbook_path.read_bytes()
    with zipfile.ZipFile(again) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2023, 2, 22, 0, 0, 0)}


# ---------------------------------------------------------------- safety
def test_text_that_looks_like_a_formula_stays_literal_text(resolved: Resolved, style: StyleSheet, tmp_path: Path) -> None:
    first = dataclasses.replace(resolved.indicators[0], name=DANGEROUS_NAME, sentence=DANGEROUS_SENTENCE, unit="@")
    hostile = dataclasses.replace(resolved, indicators=(first, *resolved.indicators[1:]),
                                  properties=dataclasses.replace(resolved.properties, author="-1+2"))
    path = build(hostile, style, tmp_path / "hostile.xlsx")
    book = openpyxl.load_workbook(path)
    cells = [book["指标"].cell(2, COL[c]) for c in ("指标名称", "原文", "单位")] + [book["说明"]["B3"]]
    assert [c.value for c in cells] == [DANGEROUS_NAME, DANGEROUS_SENTENCE, "@", "-1+2"]
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    with zipfile.ZipFile(path) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()
    (recalculated,) = libreoffice([path], "xlsx", tmp_path / "out")
    assert openpyxl.load_workbook(recalculated, data_only=True)["指标"].cell(2, COL["指标名称"]).value == DANGEROUS_NAME


# ---------------------------------------------------------------- as printed
def test_libreoffice_prints_the_figures_with_their_formats(rendered_text: list[str]) -> None:
    text = "\n".join(rendered_text)
    for shown in ("98.72%", "51,630", "14,780", "5,700", "32.3%", "99.96%", "不一致", "各部分指标数", "第 1 页，共"):
        assert shown in text, shown
    headers = [page.strip().splitlines()[0].split() for page in rendered_text]
    assert all(h[0] == "南阳市人民政府关于2022年度法治政府建设情况的报告" for h in headers)
    # Every column of a sheet fits the page width; 汇总 is one page with its chart; 说明 runs to a second page.
    assert [h[-1] for h in headers] == ["指标", "核验", "汇总", "说明", "说明"]
    assert "原文" in rendered_text[0] and "页码" in rendered_text[0] and "结论" in rendered_text[1]


# ---------------------------------------------------------------- the example report
def test_every_figure_of_the_example_is_a_numeric_cell(example: Checked, style: StyleSheet, tmp_path: Path) -> None:
    resolved = example.resolved
    sheet = openpyxl.load_workbook(build(resolved, style, tmp_path / "example.xlsx", pages=None))["指标"]
    assert sheet.max_row == 1 + len(resolved.indicators)
    for row, indicator in enumerate(resolved.indicators, start=2):
        shown = [Decimal(n) for n in re.findall(r"\d+(?:\.\d+)?", indicator.display)]
        if indicator.kind is IndicatorKind.PERCENT:
            shown = [n / 100 for n in shown]
        numbers = [sheet.cell(row, COL[c]).value for c in ("数值", "上限") if sheet.cell(row, COL[c]).value is not None]
        assert all(isinstance(n, (int, float)) for n in numbers), indicator.id
        assert [Decimal(str(n)) for n in numbers] == (shown or [indicator.value]), indicator.id  # ranks: 倒数第四名 → 4
