"""The indicators workbook: 指标, 核验, 汇总 and 说明 sheets, typed, traceable, checked and reproducible."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from ...resolved import Resolved
from .. import Job
from . import about_sheet, check_sheet, indicator_sheet, summary_sheet
from .cells import FormulaValues
from .package import ZIP_EPOCH, save

LANGUAGE = "zh-CN"


def write(job: Job, path: Path) -> None:
    """Write the workbook of `job`'s indicators to `path`."""
    resolved = job.resolved
    workbook = Workbook()
    assert workbook.active is not None  # a new workbook has its one empty sheet
    workbook.remove(workbook.active)
    values = FormulaValues()
    pages = job.pages.indicator_pages if job.pages is not None else None
    indicator_sheet.fill_indicator_sheet(workbook.create_sheet(indicator_sheet.TITLE), resolved, pages)
    check_sheet.fill_check_sheet(workbook.create_sheet(check_sheet.TITLE), resolved, values)
    summary_sheet.fill_summary_sheet(workbook.create_sheet(summary_sheet.TITLE), resolved, values)
    about_sheet.fill_about_sheet(workbook.create_sheet(about_sheet.TITLE), resolved)
    workbook.active = 0
    # Excel and WPS recompute every formula on opening, so an edited figure is never shown with a stale result.
    workbook.calculation.fullCalcOnLoad = True
    stamp = source_date(resolved)
    _set_properties(workbook, resolved, stamp)
    save(workbook, path, values.by_sheet, stamp)


def source_date(resolved: Resolved) -> dt.datetime:
    """The date the workbook claims to be made: the report's date, never the clock (reproducible bytes)."""
    if resolved.properties.iso_date:
        return dt.datetime.fromisoformat(resolved.properties.iso_date)
    return ZIP_EPOCH


def _set_properties(workbook: Workbook, resolved: Resolved, stamp: dt.datetime) -> None:
    meta = resolved.properties
    properties = workbook.properties
    properties.title = meta.title
    properties.subject = meta.subject
    properties.creator = meta.author
    properties.keywords = "; ".join(meta.keywords) or None
    properties.language = LANGUAGE
    properties.identifier = about_sheet.source_name(resolved) or None
    properties.created = stamp
    properties.modified = stamp
