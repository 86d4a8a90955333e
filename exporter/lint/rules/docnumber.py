"""发文字号 (GB/T 9704 §7.2.4): the year in 〔〕, no 第 before the serial, no zero padding."""

from __future__ import annotations

import re

from ...cjk.dates import DOC_NUMBER_BRACKETS, doc_number, parse_doc_number
from ...yamlsource import Map, Scalar, is_null
from ..edits import UNMAPPED, found, value_edit
from ..findings import Finding
from ..scalars import value_places
from ..source import LintSource

BRACKETS = "L601"
ORDINAL_MARK = "L602"
ZERO_PADDED = "L603"
_ANY_BRACKET = re.compile(r"[〔〕\[\]【】()（）［］〖〗<>〈〉《》{}｛｝]")
_RIGHT = "".join(DOC_NUMBER_BRACKETS)


def check(source: LintSource) -> list[Finding]:
    """The 发文字号, pasted whole (宛政〔2023〕12号) or given in parts ({agency, year, serial})."""
    written = source.meta.get("doc_number") if source.meta else None
    if isinstance(written, Scalar) and not is_null(written):
        return _whole(source, written)
    if isinstance(written, Map):
        return _parts(source, written)
    return []


def _whole(source: LintSource, node: Scalar) -> list[Finding]:
    number = parse_doc_number(node.raw)
    if number is None:
        return []  # check refuses it (C010) and says how to write it
    right = doc_number(number.agency, number.year, number.serial)
    hint = f"写作 {right}（GB/T 9704 §7.2.4）。"
    places = value_places(source.text, node)
    # One edit writes the whole 发文字号 right; each finding that it settles carries it.
    edit = (value_edit(source, node, places, 0, len(node.raw), right, "发文字号写作 机关代字〔年份〕序号号")
            if places is not None else UNMAPPED)
    findings: list[Finding] = []
    if number.brackets != _RIGHT:
        findings.append(found(node.column_of(number.brackets_at[0]), BRACKETS,
                              f"发文字号的年份用了“{number.brackets}”，应当用六角括号“〔〕”", hint, edit))
    if number.di_at >= 0:
        findings.append(found(node.column_of(number.di_at), ORDINAL_MARK, "发文字号的序号前不加“第”", hint, edit))
    if number.serial_text != str(number.serial):
        findings.append(found(node.column_of(number.serial_at), ZERO_PADDED,
                              f"发文字号的序号“{number.serial_text}”前面多了“0”", f"序号不编虚位：{hint}", edit))
    return findings


def _parts(source: LintSource, node: Map) -> list[Finding]:
    findings: list[Finding] = []
    agency = node.get("agency")
    if isinstance(agency, Scalar) and (bracket := _ANY_BRACKET.search(agency.raw)):
        findings.append(found(agency.column_of(bracket.start()), BRACKETS,
                              f"机关代字“{agency.raw}”中有括号“{bracket.group()}”",
                              "agency 只写机关代字（如 宛政），年份写在 year，括号〔〕由程序加上。"))
    serial = node.get("serial")
    if isinstance(serial, Scalar) and re.fullmatch(r"0+[1-9]\d*", serial.raw.strip()):
        places = value_places(source.text, serial)
        edit = (value_edit(source, serial, places, 0, len(serial.raw), str(int(serial.raw)), "发文字号的序号不编虚位")
                if places is not None else UNMAPPED)
        findings.append(found(serial.location, ZERO_PADDED, f"发文字号的序号写成了“{serial.raw}”",
                              f"序号不编虚位：serial: {int(serial.raw)}（GB/T 9704 §7.2.4）。", edit))
    return findings
