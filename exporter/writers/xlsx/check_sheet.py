"""Sheet 核验: each declared relation as live formulas over the 指标 cells, with a 一致/不一致 verdict."""

from __future__ import annotations

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ...formula import to_excel
from ...resolved import CheckResult, Resolved, ResolvedIndicator
from .cells import FormulaValues, number_format, put_formula, put_number, put_text
from .indicator_sheet import value_cells
from .sheetsetup import ColumnSpec, add_table, fit_columns, set_up_printing, write_headers

TITLE = "核验"
TABLE_NAME = "Checks"
CONSISTENT = "一致"
INCONSISTENT = "不一致"
COLUMNS = (
    ColumnSpec("序号", "关系的先后次序", 6, 6),
    ColumnSpec("编号", "关系在来源文件中的编号", 10, 28),
    ColumnSpec("核验关系", "关系的名称", 20, 40, wrap=True),
    ColumnSpec("计算方法", "按指标名称写出的算式", 20, 40, wrap=True),
    ColumnSpec("报告的指标", "报告中写明、需要核验的指标", 14, 30, wrap=True),
    ColumnSpec("计算值", "公式：按算式用“指标”表中的数值重新计算", 11, 11),
    ColumnSpec("报告值", "公式：引用“指标”表中报告写明的数值", 11, 11),
    ColumnSpec("差值", "公式：计算值减报告值", 11, 11),
    ColumnSpec("容差", "报告值最后一位的半个单位（99% 为 0.5%，95.26% 为 0.005%）", 9, 9),
    ColumnSpec("结论", "公式：差值的绝对值不超过容差为“一致”，否则为“不一致”", 8, 8),
)
COMPUTED, STATED, DIFFERENCE, TOLERANCE, VERDICT = 6, 7, 8, 9, 10
# Excel's built-in "light red fill with dark red text": the mismatch a supervisor must see.
MISMATCH_FILL = PatternFill(bgColor="FFC7CE")
MISMATCH_FONT = Font(color="9C0006")


def verdict_column_range(row_count: int) -> str:
    """The 结论 cells, absolute, for formulas on other sheets; there must be at least one row."""
    column = get_column_letter(VERDICT)
    return f"'{TITLE}'!${column}$2:${column}${1 + row_count}"


def _compared_format(stated: ResolvedIndicator, more: int) -> str:
    """The format of a compared value: like the stated figure with `more` decimals; an amount in whole 元."""
    if stated.yuan is not None:
        return number_format(stated.kind, more)
    return number_format(stated.kind, stated.decimals + more)


def fill_check_sheet(sheet: Worksheet, resolved: Resolved, values: FormulaValues) -> None:
    """Write the header and one row of formulas per relation, then size, style and set up printing."""
    write_headers(sheet, COLUMNS)
    cells = value_cells(resolved)
    by_id = {indicator.id: indicator for indicator in resolved.indicators}
    for row, check in enumerate(resolved.checks, start=2):
        _write_row(sheet, row, check, by_id[check.stated], cells, values)
    fit_columns(sheet, COLUMNS)
    sheet.freeze_panes = "A2"
    add_table(sheet, TABLE_NAME, len(COLUMNS), len(resolved.checks))
    verdicts = f"{get_column_letter(VERDICT)}2:{get_column_letter(VERDICT)}{1 + max(len(resolved.checks), 1)}"
    # the stubs leave FormulaRule unannotated
    sheet.conditional_formatting.add(verdicts, FormulaRule(formula=[f'{verdicts.split(":")[0]}="{INCONSISTENT}"'],  # type: ignore[no-untyped-call]
                                                           fill=MISMATCH_FILL, font=MISMATCH_FONT))
    set_up_printing(sheet, resolved.properties.title)


def _write_row(sheet: Worksheet, row: int, check: CheckResult, stated: ResolvedIndicator, cells: dict[str, str],
               values: FormulaValues) -> None:
    # The computed value and difference get two more decimals than the stated figure, so a mismatch shows.
    precise = _compared_format(stated, 2)
    put_number(sheet, row, 1, row - 1, "0")
    put_text(sheet, row, 2, check.id)
    put_text(sheet, row, 3, check.name)
    put_text(sheet, row, 4, check.formula_text)
    put_text(sheet, row, 5, stated.name)
    put_formula(sheet, row, COMPUTED, to_excel(check.expression, cells.__getitem__), check.computed, precise, values)
    put_formula(sheet, row, STATED, "=" + cells[check.stated], check.stated_value, _compared_format(stated, 0), values)
    computed, stated_cell = (f"{get_column_letter(c)}{row}" for c in (COMPUTED, STATED))
    put_formula(sheet, row, DIFFERENCE, f"={computed}-{stated_cell}", check.computed - check.stated_value, precise,
                values)
    put_number(sheet, row, TOLERANCE, check.tolerance, _compared_format(stated, 1))
    difference, tolerance = (f"{get_column_letter(c)}{row}" for c in (DIFFERENCE, TOLERANCE))
    put_formula(sheet, row, VERDICT, f'=IF(ABS({difference})<={tolerance},"{CONSISTENT}","{INCONSISTENT}")',
                CONSISTENT if check.consistent else INCONSISTENT, "General", values)

