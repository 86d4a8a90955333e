"""Sheet 汇总: indicators per part and per kind, the verdicts of 核验, and a chart of the counts per part."""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.label import DataLabelList
from openpyxl.worksheet.worksheet import Worksheet

from ...model import IndicatorKind
from ...resolved import Resolved
from .cells import FormulaValues, put_formula, put_number, put_text
from .check_sheet import CONSISTENT, INCONSISTENT, verdict_column_range
from .indicator_sheet import section_text
from .sheetsetup import ColumnSpec, add_table, fit_columns, set_up_printing, write_headers

TITLE = "汇总"
PART_COLUMNS = (
    ColumnSpec("部分序号", "章节的序号，图表的分类", 8, 12),
    ColumnSpec("部分", "章节序号和标题", 20, 64, wrap=True),
    ColumnSpec("指标数", "该部分（含其下各级标题）中的指标个数", 8, 8),
)
SPACER = ColumnSpec("", "", 3, 3)
KIND_COLUMNS = (
    ColumnSpec("类型", "指标类型", 10, 12),
    ColumnSpec("指标数", "该类型的指标个数", 8, 8),
)
CHECK_COLUMNS = (
    ColumnSpec("核验", "核验的结论", 10, 12),
    ColumnSpec("关系数", "公式：按“核验”表的结论计数", 8, 8),
)
PART_LEVEL = 2  # parts are counted at the level of （一）, so the chart has a bar per subsection
KIND_FIRST_COLUMN = len(PART_COLUMNS) + 2
CHART_ANCHOR_GAP = 2  # blank rows between the tables and the chart
CHART_WIDTH_CM = 18.0
CHART_BAR_CM = 0.9  # height per bar, so labels never overlap
CHART_MIN_HEIGHT_CM = 7.0
NO_SECTION = "（标题之前）"


@dataclass(frozen=True)
class Part:
    """A part of the report and how many indicators stand in it."""

    label: str
    text: str
    count: int


def count_parts(resolved: Resolved) -> list[Part]:
    """Indicators per part (a section at PART_LEVEL or above), in report order, parts without any left out."""
    counts: dict[str, int] = {}
    for indicator in resolved.indicators:
        part = ".".join(indicator.section.split(".")[:PART_LEVEL])
        counts[part] = counts.get(part, 0) + 1
    parts = []
    for part_id, count in counts.items():  # dicts keep the report order
        info = resolved.section(part_id)
        parts.append(Part(info.path_label if info else "", section_text(resolved, part_id) or NO_SECTION, count))
    return parts


def fill_summary_sheet(sheet: Worksheet, resolved: Resolved, values: FormulaValues) -> None:
    """Write the three small tables and the chart."""
    parts = count_parts(resolved)
    write_headers(sheet, PART_COLUMNS)
    for row, part in enumerate(parts, start=2):
        put_text(sheet, row, 1, part.label)
        put_text(sheet, row, 2, part.text)
        put_number(sheet, row, 3, part.count, "0")
    add_table(sheet, "Parts", len(PART_COLUMNS), len(parts))

    write_headers(sheet, KIND_COLUMNS, first_column=KIND_FIRST_COLUMN)
    kinds = list(IndicatorKind)
    for row, kind in enumerate(kinds, start=2):
        put_text(sheet, row, KIND_FIRST_COLUMN, kind.value)
        put_number(sheet, row, KIND_FIRST_COLUMN + 1, sum(i.kind is kind for i in resolved.indicators), "0")
    add_table(sheet, "Kinds", len(KIND_COLUMNS), len(kinds), first_column=KIND_FIRST_COLUMN)

    check_row = len(kinds) + 3
    write_headers(sheet, CHECK_COLUMNS, row=check_row, first_column=KIND_FIRST_COLUMN)
    for offset, verdict in enumerate((CONSISTENT, INCONSISTENT), start=1):
        put_text(sheet, check_row + offset, KIND_FIRST_COLUMN, verdict)
        expected = sum(check.consistent == (verdict == CONSISTENT) for check in resolved.checks)
        if resolved.checks:
            verdicts = verdict_column_range(len(resolved.checks))
            put_formula(sheet, check_row + offset, KIND_FIRST_COLUMN + 1, f'=COUNTIF({verdicts},"{verdict}")',
                        expected, "0", values)
        else:  # no relation declared: nothing to count, and no formula pointing at an empty row
            put_number(sheet, check_row + offset, KIND_FIRST_COLUMN + 1, 0, "0")
    add_table(sheet, "CheckSummary", len(CHECK_COLUMNS), 2, first_column=KIND_FIRST_COLUMN, first_row=check_row)

    fit_columns(sheet, PART_COLUMNS + (SPACER,) + KIND_COLUMNS)
    if parts:
        sheet.add_chart(_parts_chart(sheet, len(parts)),
                        f"A{max(len(parts) + 1, check_row + 2) + CHART_ANCHOR_GAP}")
    set_up_printing(sheet, resolved.properties.title, repeat_header=False, one_page=True)


def _parts_chart(sheet: Worksheet, part_count: int) -> BarChart:
    """Horizontal bars, one per part, top to bottom in report order, each labelled with its count."""
    chart = BarChart()
    chart.type = "bar"
    chart.title = "各部分指标数"
    chart.legend = None
    chart.add_data(Reference(sheet, min_col=3, min_row=1, max_row=part_count + 1), titles_from_data=True)
    # Text categories are a string reference; openpyxl's set_categories would declare them numbers.
    categories = Reference(sheet, min_col=1, min_row=2, max_row=part_count + 1)
    chart.series[0].cat = AxDataSource(strRef=StrRef(f=str(categories)))
    chart.x_axis.scaling.orientation = "maxMin"  # first part on top, as in the report
    chart.x_axis.delete = False  # openpyxl 3.1 hides both axes unless told otherwise
    chart.y_axis.delete = False
    chart.y_axis.majorGridlines = None
    # Say every flag: LibreOffice reads an unset flag as "show" and would print series and category names.
    chart.dataLabels = DataLabelList(showVal=True, showCatName=False, showSerName=False, showLegendKey=False,
                                     showPercent=False, showBubbleSize=False)
    chart.width = CHART_WIDTH_CM  # type: ignore[assignment]  # centimetres, a float; the stubs say int
    chart.height = max(CHART_MIN_HEIGHT_CM, CHART_BAR_CM * part_count + 3)
    return chart
