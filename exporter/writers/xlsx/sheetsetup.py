"""Sheet usability: column widths for Chinese text, wrapped rows, frozen header, table style, print set-up."""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

# Column widths count the digit "0" of the default font; a CJK character is about two of them.
WIDE_CHAR_UNITS = 2.0
NARROW_CHAR_UNITS = 1.1
WIDTH_PADDING = 2.0
LINE_HEIGHT_PT = 15.0  # one line of 11 pt text, Excel's default row height
ROW_PADDING_PT = 3.0
TABLE_STYLE = "TableStyleMedium2"  # Excel's default table look: banded rows, dark header
# The header row is formatted directly too, for programs that ignore table styles (LibreOffice).
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill(fill_type="solid", fgColor="4472C4")  # TableStyleMedium2's header blue
TOP_WRAPPED = Alignment(vertical="top", wrap_text=True)
TOP = Alignment(vertical="top")


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a sheet: its header, what it means, and how wide it may grow."""

    header: str
    meaning: str
    min_width: float
    max_width: float
    wrap: bool = False  # long text wraps inside max_width instead of widening the column


def text_width(text: str) -> float:
    """The width of `text` in column units, a CJK character counting as two digits."""
    return sum(WIDE_CHAR_UNITS if unicodedata.east_asian_width(ch) in "WF" else NARROW_CHAR_UNITS for ch in text)


def fit_columns(sheet: Worksheet, columns: tuple[ColumnSpec, ...], first_row: int = 1) -> None:
    """Widen each column to its longest entry within the spec's bounds, and give each row room for its wrapped text."""
    widths: list[float] = []
    for index, spec in enumerate(columns, start=1):
        longest = max((text_width(_shown(cell.value)) for (cell,) in
                       sheet.iter_rows(min_row=first_row, min_col=index, max_col=index)), default=0.0)
        width = min(max(longest + WIDTH_PADDING, spec.min_width), spec.max_width)
        sheet.column_dimensions[get_column_letter(index)].width = round(width, 1)
        widths.append(width)
    # Heights are set, not left to the program: LibreOffice (and some WPS versions) keep one line per row on opening.
    for row in sheet.iter_rows(min_row=first_row + 1, max_col=len(columns)):
        lines = 1
        for cell, spec, width in zip(row, columns, widths):
            cell.alignment = TOP_WRAPPED if spec.wrap else TOP
            if spec.wrap and cell.value is not None:
                lines = max(lines, math.ceil(text_width(_shown(cell.value)) / (width - WIDTH_PADDING)))
        if lines > 1:
            assert row[0].row is not None  # a sheet's cells know their row
            sheet.row_dimensions[row[0].row].height = lines * LINE_HEIGHT_PT + ROW_PADDING_PT


def add_table(sheet: Worksheet, name: str, column_count: int, row_count: int, first_column: int = 1,
              first_row: int = 1) -> None:
    """Style a header row and `row_count` rows below it as a filterable table (a table has its own autofilter)."""
    # A table needs a body row; an empty report still gets one (empty) row.
    last_row = first_row + max(row_count, 1)
    ref = f"{get_column_letter(first_column)}{first_row}:{get_column_letter(first_column + column_count - 1)}{last_row}"
    table = Table(displayName=name, ref=ref)
    table.tableStyleInfo = TableStyleInfo(name=TABLE_STYLE, showRowStripes=True, showColumnStripes=False,
                                          showFirstColumn=False, showLastColumn=False)
    sheet.add_table(table)


def write_headers(sheet: Worksheet, columns: tuple[ColumnSpec, ...], row: int = 1, first_column: int = 1) -> None:
    """A header row, white bold on the table style's blue."""
    for index, spec in enumerate(columns, start=first_column):
        cell = sheet.cell(row=row, column=index, value=spec.header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL


def set_up_printing(sheet: Worksheet, title: str, repeat_header: bool = True, one_page: bool = False) -> None:
    """A4 landscape, every column on one page width (the whole sheet on one page when `one_page`),
    the header row on every page, the title and sheet name above and page numbers below."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 1 if one_page else 0  # 0: as many pages down as the rows need
    assert sheet.sheet_properties.pageSetUpPr is not None  # openpyxl makes one with every sheet
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if repeat_header:
        sheet.print_title_rows = "1:1"
    sheet.print_options.horizontalCentered = True
    assert sheet.oddHeader is not None and sheet.oddFooter is not None  # made with every sheet too
    sheet.oddHeader.left.text = title.replace("&", "&&")  # "&" starts a header code
    sheet.oddHeader.right.text = "&A"  # the sheet name
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"


def _shown(value: object) -> str:
    """Roughly what a cell shows, for sizing: numbers with separators take a few more characters."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)
