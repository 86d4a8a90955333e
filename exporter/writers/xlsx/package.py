"""Saving the workbook reproducibly: fixed dates in the zip, and each formula's value stored beside it."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path, PurePosixPath
from typing import Mapping
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from .cells import CachedValue

_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
ZIP_EPOCH = dt.datetime(1980, 1, 1)  # the earliest date a zip entry can carry
# A formula cell as openpyxl writes it: formula, then an empty value.
_FORMULA_CELL = re.compile(r'<c r="(?P<ref>[A-Z]+[0-9]+)"(?P<attrs>[^>]*)><f>(?P<formula>[^<]*)</f><v\s*(?:/>|></v>)</c>')


def save(workbook: Workbook, path: Path, values: Mapping[str, Mapping[str, CachedValue]], stamp: dt.datetime) -> None:
    """Write `workbook` to `path`, byte-identical for identical input; `values` are the formulas' results."""
    # openpyxl's save_workbook stamps the clock into docProps/core.xml; its writer alone does not.
    buffer = io.BytesIO()
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    with zipfile.ZipFile(buffer) as written:
        parts = {name: written.read(name) for name in written.namelist()}
    for title, part in _sheet_parts(parts).items():
        if values.get(title):
            parts[part] = _with_cached_values(parts[part].decode("utf-8"), values[title]).encode("utf-8")
    date_time = max(stamp, ZIP_EPOCH).timetuple()[:6]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # the same bytes whichever system builds it
            info.external_attr = 0
            archive.writestr(info, data)


def _sheet_parts(parts: Mapping[str, bytes]) -> dict[str, str]:
    """Sheet title → the zip entry holding that sheet, read from the workbook and its relationships."""
    workbook = ElementTree.fromstring(parts["xl/workbook.xml"])
    relations = ElementTree.fromstring(parts["xl/_rels/workbook.xml.rels"])
    targets = {rel.get("Id"): rel.get("Target", "") for rel in relations.iter(f"{_PACKAGE_REL_NS}Relationship")}
    found = {}
    for sheet in workbook.iter(f"{_MAIN_NS}sheet"):
        target = targets[sheet.get(f"{_REL_NS}id")]
        found[sheet.get("name", "")] = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl", target))
    return found


def _with_cached_values(sheet_xml: str, values: Mapping[str, CachedValue]) -> str:
    """The sheet with each formula cell's empty <v> filled, so viewers that do not recalculate show results."""
    filled: set[str] = set()

    def fill(match: re.Match[str]) -> str:
        value = values.get(match["ref"])
        if value is None:
            return match[0]
        filled.add(match["ref"])
        kind = ' t="str"' if isinstance(value, str) else ""
        text = escape(value) if isinstance(value, str) else repr(value)
        ref, attrs, formula = match.group("ref", "attrs", "formula")
        return f'<c r="{ref}"{attrs}{kind}><f>{formula}</f><v>{text}</v></c>'

    result = _FORMULA_CELL.sub(fill, sheet_xml)
    if set(values) - filled:  # openpyxl's XML changed shape: fail loudly rather than ship formulas without results
        raise RuntimeError("内部错误：工作簿中找不到公式单元格 " + "、".join(sorted(set(values) - filled)))
    return result
