"""Writing cells: numbers stay numbers, text stays text (never a formula), formulas carry their value."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import assert_never

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.worksheet.worksheet import Worksheet

from ...model import IndicatorKind

# A spreadsheet reads text starting with these as a formula (and a formula can run commands).
FORMULA_LEADS = ("=", "+", "-", "@")

CachedValue = int | float | str


@dataclass
class FormulaValues:
    """The value each formula cell had when the workbook was written, by sheet title and cell."""

    by_sheet: dict[str, dict[str, CachedValue]] = field(default_factory=dict)

    def record(self, cell: Cell, value: CachedValue) -> None:
        self.by_sheet.setdefault(cell.parent.title, {})[cell.coordinate] = value


def put_text(sheet: Worksheet, row: int, column: int, text: str) -> Cell:
    """A text cell holding `text` literally, even when it looks like a formula."""
    cell = sheet.cell(row=row, column=column)
    assert isinstance(cell, Cell)  # never inside a merged range, whose covered cells take no value
    # XML cannot carry control characters; a clerk cannot see them either.
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", text)
    cell.data_type = "s"  # openpyxl turns a string starting with "=" into a formula
    if text.startswith(FORMULA_LEADS):
        cell.quotePrefix = True  # stays text when someone edits the cell in Excel or WPS
    return cell


def put_number(sheet: Worksheet, row: int, column: int, value: Decimal | int, number_format: str) -> Cell:
    """A numeric cell shown with `number_format`."""
    cell = sheet.cell(row=row, column=column)
    assert isinstance(cell, Cell)  # as above
    cell.value = as_number(value)
    cell.number_format = number_format
    return cell


def put_formula(sheet: Worksheet, row: int, column: int, formula: str, value: CachedValue | Decimal,
                number_format: str, values: FormulaValues) -> Cell:
    """A formula cell (`formula` starts with "="), remembering the value it computes now."""
    cell = sheet.cell(row=row, column=column)
    assert isinstance(cell, Cell)  # as above
    cell.value = formula
    cell.number_format = number_format
    values.record(cell, as_number(value) if isinstance(value, Decimal) else value)
    return cell


def as_number(value: Decimal | int) -> int | float:
    """An int when whole (so 51630 is written as 51630, not 51630.0), else the nearest float."""
    if isinstance(value, int):
        return value
    return int(value) if value == value.to_integral_value() else float(value)


def number_format(kind: IndicatorKind, decimals: int) -> str:
    """The display format of a figure with `decimals` places as written: 98.72% → 0.00%, 51630 → #,##0."""
    places = "." + "0" * decimals if decimals > 0 else ""
    match kind:
        case IndicatorKind.PERCENT:
            return f"0{places}%"
        case IndicatorKind.RANK:
            return f"0{places}"
        case IndicatorKind.COUNT | IndicatorKind.APPROX | IndicatorKind.RANGE | IndicatorKind.AMOUNT:
            return f"#,##0{places}"
        case _:
            assert_never(kind)


def figure_format(kind: IndicatorKind, decimals: int, unit: str) -> str:
    """The format of an indicator's own cells: a percent range shows as percentages, like a percentage."""
    return number_format(IndicatorKind.PERCENT if kind is IndicatorKind.RANGE and unit == "%" else kind, decimals)
