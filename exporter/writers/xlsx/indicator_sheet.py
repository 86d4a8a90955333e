"""Sheet 指标: one row per indicator in report order, every figure a typed, formatted number."""

from __future__ import annotations

from decimal import Decimal
from typing import Mapping

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ...model import IndicatorKind
from ...resolved import Resolved, ResolvedIndicator
from .cells import figure_format, number_format, put_number, put_text
from .sheetsetup import ColumnSpec, add_table, fit_columns, set_up_printing, write_headers

TITLE = "指标"
TABLE_NAME = "Indicators"
COLUMNS = (
    ColumnSpec("序号", "指标在报告中出现的先后次序", 6, 6),
    ColumnSpec("编号", "指标在来源文件中的编号，核验公式按它找到指标", 10, 24),
    ColumnSpec("部分", "指标所在的章节：章节序号和标题", 14, 36, wrap=True),
    ColumnSpec("指标名称", "指标的名称", 16, 40, wrap=True),
    ColumnSpec("数值", "指标的数值（可计算的数字）；比率存为小数、按百分比显示（98.72% 存为 0.9872）；区间为下限", 10, 14),
    ColumnSpec("上限", "区间指标的上限（如 6～8 个中的 8），其他指标为空", 8, 10),
    ColumnSpec("单位", "计量单位，与报告的写法相同（万元、亿元……）", 6, 8),
    ColumnSpec("折合元", "金额指标折合成元的数值（37.22万元 为 372200），核验公式用它比较不同单位的金额", 12, 16),
    ColumnSpec("类型", "数量、比率、金额、约数、区间或排名", 6, 8),
    ColumnSpec("限定", "约数的“约”“余”“以上”，排名的“倒数”等限定词", 6, 10),
    ColumnSpec("报告写法", "数字在报告中的印刷形式，如 5700余件、6～8个", 10, 16),
    ColumnSpec("原文", "数字所在的原句", 30, 60, wrap=True),
    ColumnSpec("页码", "数字在 PDF 中所在的页；未生成 PDF 时为空", 6, 6),
)
VALUE_COLUMN = 5  # 数值: the cell 核验 formulas refer to
UPPER_COLUMN = 6
YUAN_COLUMN = 8  # 折合元: what 核验 formulas refer to for an amount
FIRST_DATA_ROW = 2


def section_text(resolved: Resolved, section_id: str) -> str:
    """A section as 部分 names it: the path to it with its own label whole, then its heading: 一（二）1.深化……"""
    info = resolved.section(section_id)
    if info is None:
        return ""
    # The own label keeps its "、" or "." so the number does not run into a heading that starts with digits.
    return f"{info.full_label}{info.title}"


def value_cells(resolved: Resolved) -> dict[str, str]:
    """Indicator id → absolute reference of the cell formulas on other sheets compare: 数值, or 折合元 for an amount."""
    value, yuan = get_column_letter(VALUE_COLUMN), get_column_letter(YUAN_COLUMN)
    return {indicator.id: f"'{TITLE}'!${yuan if indicator.yuan is not None else value}${row}"
            for row, indicator in enumerate(resolved.indicators, start=FIRST_DATA_ROW)}


def fill_indicator_sheet(sheet: Worksheet, resolved: Resolved, pages: Mapping[str, int] | None) -> None:
    """Write the header and one row per indicator, then size, style and set up printing."""
    write_headers(sheet, COLUMNS)
    for row, indicator in enumerate(resolved.indicators, start=FIRST_DATA_ROW):
        _write_row(sheet, row, row - FIRST_DATA_ROW + 1, indicator, resolved, pages)
    fit_columns(sheet, COLUMNS)
    sheet.freeze_panes = "A2"
    add_table(sheet, TABLE_NAME, len(COLUMNS), len(resolved.indicators))
    set_up_printing(sheet, resolved.properties.title)


def _write_row(sheet: Worksheet, row: int, number: int, indicator: ResolvedIndicator, resolved: Resolved,
               pages: Mapping[str, int] | None) -> None:
    shown = figure_format(indicator.kind, indicator.decimals, indicator.unit)
    put_number(sheet, row, 1, number, "0")
    put_text(sheet, row, 2, indicator.id)
    put_text(sheet, row, 3, section_text(resolved, indicator.section))
    put_text(sheet, row, 4, indicator.name)
    # An amount keeps the number as written (37.22 in 万元); its value in 元 stands beside the unit.
    put_number(sheet, row, VALUE_COLUMN, Decimal(indicator.raw) if indicator.yuan is not None else indicator.value,
               shown)
    if indicator.kind is IndicatorKind.RANGE and indicator.upper is not None:
        put_number(sheet, row, UPPER_COLUMN, indicator.upper, shown)
    put_text(sheet, row, 7, indicator.unit)
    if indicator.yuan is not None:
        put_number(sheet, row, YUAN_COLUMN, indicator.yuan, number_format(indicator.kind, _decimals(indicator.yuan)))
    put_text(sheet, row, 9, indicator.kind.value)
    put_text(sheet, row, 10, indicator.qualifier)
    put_text(sheet, row, 11, indicator.display)
    put_text(sheet, row, 12, indicator.sentence)
    page = pages.get(indicator.id) if pages is not None else None
    if page is not None:
        put_number(sheet, row, 13, page, "0")


def _decimals(value: Decimal) -> int:
    """Decimals a value needs: 372200 → 0, 0.5 → 1."""
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0
