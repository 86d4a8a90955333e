"""Write the imported report as source v2 YAML text: readable, UTF-8, every scalar quoted only where YAML needs it."""

from __future__ import annotations

import re

from .tree import Block, Cell, Paragraph, Report, ReportMeta, Section, Table

INDENT = "  "
# YAML 1.1 words and shapes a plain scalar would turn into something else (null, true, a number, a date).
_SPECIAL = re.compile(r"(?i:~|null|true|false|yes|no|on|off|y|n)|[-+]?[\d._:]+(?:[eE][-+]?\d+)?|\d{4}-\d\d?-\d\d?.*|[-+]?\.(?i:inf|nan)")
_UNSAFE_START = set("-?:,[]{}#&*!|>'\"%@` ")
_FLOW_MARKS = set(",[]{}")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def scalar(text: str, flow: bool = False) -> str:
    """`text` as a YAML scalar: plain when that reads back unchanged, else double-quoted."""
    plain = (text and text[0] not in _UNSAFE_START and text[-1] != " " and ": " not in text and " #" not in text
             and not text.endswith(":") and not _SPECIAL.fullmatch(text)
             and not any(ord(c) < 32 or c in "\u2028\u2029\ufeff\x7f" for c in text)
             and not (flow and _FLOW_MARKS & set(text)))
    if plain:
        return text
    return '"' + "".join(_ESCAPES.get(c, c if ord(c) >= 32 and c not in "\u2028\u2029\ufeff\x7f" else f"\\u{ord(c):04x}")
                         for c in text) + '"'


def emit(report: Report, source_name: str) -> str:
    """The report source text for `report`, imported from the file `source_name`."""
    lines = _header(report.meta, source_name)
    lines += ["meta:"] + _meta(report.meta) + ["", "body:"]
    for index, block in enumerate(report.body):
        if index and (isinstance(block, Section) or isinstance(report.body[index - 1], Section)):
            lines.append("")  # a blank line before and after each part keeps a long body readable
        lines += _block(block, 1)
    return "\n".join(lines) + "\n"


def _header(meta: ReportMeta, source_name: str) -> list[str]:
    return [
        f"# {meta.title or '报告源文件'}（由 exporter import 从“{source_name}”导入）",
        "#",
        "# 请逐段核对后再使用：",
        "# - 正文中的统计数字写在花括号里，如 {66项}、{98.72%}、{5700余件}；指标名称由程序根据上下文生成，",
        "#   需要时可写成 {66项|实现“秒批秒办”的民生事项数}。",
        "# - 年份、日期和不是统计数字的编号也在花括号里，如 {2022年}、{1153}，原样印出，不算指标。",
        "# - 各级标题的序号（一、（一）1.（1））由程序生成；number: 表示报告原有的序号与自动编号不同。",
        "",
    ]


def _meta(meta: ReportMeta) -> list[str]:
    lines: list[str] = []

    def text(key: str, value: str) -> None:
        if value:
            lines.append(f"{INDENT}{key}: {scalar(value)}")

    def texts(key: str, values: tuple[str, ...]) -> None:
        if values:
            lines.append(f"{INDENT}{key}: [{', '.join(scalar(v, flow=True) for v in values)}]")

    if meta.title:
        text("title", meta.title)
    else:
        lines.append(f'{INDENT}title: ""  # 没有找到标题行：请填写报告标题，或导入时加 --title')
    texts("title_breaks", meta.title_breaks)
    if meta.issuer_mark != meta.issuer:  # the 发文机关标志 defaults to the issuer
        text("issuer_mark", meta.issuer_mark)
    text("issuer", meta.issuer)
    if meta.doc_number:
        number = meta.doc_number
        lines.append(f"{INDENT}doc_number: {{agency: {scalar(number.agency, flow=True)}, year: {number.year}, "
                     f"serial: {number.serial}}}")
    texts("signers", meta.signers)
    if meta.copy_number:
        lines.append(f'{INDENT}copy_number: "{meta.copy_number}"')
    text("secrecy", meta.secrecy)
    text("urgency", meta.urgency)
    texts("recipients", meta.recipients)
    texts("attachments", meta.attachments)
    if meta.date:
        lines.append(f"{INDENT}date: {meta.date.isoformat()}")
    text("note", meta.note)
    texts("cc", meta.cc)
    text("printer", meta.printer)
    if meta.print_date:
        lines.append(f"{INDENT}print_date: {meta.print_date.isoformat()}")
    if meta.level3_continuous:
        lines.append(f"{INDENT}numbering: {{level3: continuous}}  # 三级标题“1.”跨上级连续编号")
    return lines


def _block(block: Block, depth: int) -> list[str]:
    pad = INDENT * depth
    match block:
        case Paragraph(text=text):
            return [f"{pad}- {scalar(text)}"]
        case Section():
            lines = [f"{pad}- heading: {scalar(block.title)}"]
            if block.number_shown:
                lines.append(f"{pad}{INDENT}number: {block.number}")
            if block.run_in:
                lines.append(f"{pad}{INDENT}run_in: true")
            if block.body:
                lines.append(f"{pad}{INDENT}body:")
                for child in block.body:
                    lines += _block(child, depth + 2)
            return lines
        case Table():
            return _table(block, pad)
    raise TypeError(f"unknown block {block!r}")


def _table(table: Table, pad: str) -> list[str]:
    inner = pad + INDENT * 2
    lines = [f"{pad}- table:"]
    if table.caption:
        lines.append(f"{inner}caption: {scalar(table.caption)}")
    if table.columns:
        lines.append(f"{inner}columns: [{', '.join(table.columns)}]")
    if table.header_rows != 1:
        lines.append(f"{inner}header_rows: {table.header_rows}")
    lines.append(f"{inner}rows:")
    for row in table.rows:
        lines.append(f"{inner}{INDENT}- [{', '.join(_cell(cell) for cell in row)}]")
    return lines


def _cell(cell: Cell) -> str:
    if cell.colspan == 1 and cell.rowspan == 1 and not cell.align:
        return scalar(cell.text, flow=True)
    parts = [f"text: {scalar(cell.text, flow=True)}"]
    parts += [f"colspan: {cell.colspan}"] if cell.colspan != 1 else []
    parts += [f"rowspan: {cell.rowspan}"] if cell.rowspan != 1 else []
    parts += [f"align: {cell.align}"] if cell.align else []
    return "{" + ", ".join(parts) + "}"
