"""Sheet 说明: what report the workbook comes from, and what every column of every sheet means."""

from __future__ import annotations

from pathlib import PurePath

from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from ...resolved import Resolved
from . import check_sheet, indicator_sheet, summary_sheet
from .cells import put_number, put_text
from .sheetsetup import TOP_WRAPPED, ColumnSpec, fit_columns, set_up_printing, write_headers

TITLE = "说明"
COLUMNS = (
    ColumnSpec("项目", "", 10, 12),
    ColumnSpec("内容", "", 12, 14),
    ColumnSpec("", "", 40, 70, wrap=True),
)
DICTIONARY_COLUMNS = (
    ColumnSpec("工作表", "", 10, 12),
    ColumnSpec("列", "", 12, 14),
    ColumnSpec("含义", "", 40, 70, wrap=True),
)
LEFT = Alignment(horizontal="left", vertical="top")  # counts read as facts beside the text above them
DATE_NOTE = "（取自来源文件的成文日期，同一来源每次生成的工作簿完全相同）"


def source_name(resolved: Resolved) -> str:
    """The source's file name: the folder the build runs in, or the path typed, must not change the bytes."""
    return PurePath(resolved.source).name


def fill_about_sheet(sheet: Worksheet, resolved: Resolved) -> None:
    """The report's particulars, then a dictionary of the columns."""
    meta = resolved.properties
    facts: tuple[tuple[str, str | int], ...] = (
        ("报告标题", meta.title),
        ("发文机关", meta.author or ""),
        ("发文字号", meta.doc_number or ""),
        ("成文日期", meta.date or ""),
        ("来源文件", source_name(resolved)),
        ("生成日期", f"{meta.iso_date}{DATE_NOTE}" if meta.iso_date else ""),
        ("指标数", len(resolved.indicators)),
        ("核验关系数", len(resolved.checks)),
    )
    write_headers(sheet, COLUMNS)
    # The particulars span 内容 and the wide column beside it.
    for row in range(1, len(facts) + 2):
        sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
    for row, (label, value) in enumerate(facts, start=2):
        put_text(sheet, row, 1, label)
        if isinstance(value, int):
            put_number(sheet, row, 2, value, "0")
        else:
            put_text(sheet, row, 2, value)
    row = len(facts) + 3
    write_headers(sheet, DICTIONARY_COLUMNS, row=row)
    for title, columns in ((indicator_sheet.TITLE, indicator_sheet.COLUMNS), (check_sheet.TITLE, check_sheet.COLUMNS),
                           (summary_sheet.TITLE, summary_sheet.PART_COLUMNS + summary_sheet.KIND_COLUMNS
                            + summary_sheet.CHECK_COLUMNS)):
        for spec in columns:
            row += 1
            put_text(sheet, row, 1, title)
            put_text(sheet, row, 2, spec.header)
            put_text(sheet, row, 3, spec.meaning)
    fit_columns(sheet, COLUMNS)
    for merged in sheet.merged_cells.ranges:
        if merged.min_row > 1:
            cell = sheet.cell(row=merged.min_row, column=merged.min_col)
            cell.alignment = LEFT if isinstance(cell.value, int) else TOP_WRAPPED
    set_up_printing(sheet, resolved.properties.title, repeat_header=False)

