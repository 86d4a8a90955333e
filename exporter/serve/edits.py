"""Changes to a report source made as text edits, so the clerk's comments, order and layout stay as written."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from ..cjk.figures import BraceFigure, BraceLiteral, BraceReference, parse_brace
from ..importer.emit import scalar
from ..yamlsource import Map, Node, Scalar, Seq, parse_yaml

# The order the 公文 elements are written in (as `exporter import` writes them); a new key goes after its predecessor.
META_ORDER = ("title", "title_breaks", "issuer_mark", "issuer", "doc_number", "signers", "copy_number", "secrecy",
              "urgency", "recipients", "attachments", "date", "note", "cc", "printer", "print_date", "seal",
              "keywords", "subject", "numbering")
_BRACE = re.compile(r"\{\{|\}\}|[{}]")  # as load.py reads prose: an escaped brace first, then a lone one
_TRAILING_COMMENT = re.compile(r"[ \t]+#[^\n]*")


class EditRefused(Exception):
    """The edit cannot be made; the message says why, in Chinese."""


@dataclass(frozen=True)
class Brace:
    """One `{…}` in a prose value: its content and where it stands in the value as load reads it."""

    index: int  # 0, 1, … among the braces of the value
    start: int  # offset of "{" in the read text
    end: int  # offset after "}"
    content: str


def parse_source(text: str) -> Map:
    """The located node tree of a source; refuses text that is not a YAML mapping."""
    root, problems = parse_yaml(text, "源文件")
    if root is None or not isinstance(root, Map):
        detail = f"：{problems[0].message}" if problems else ""
        raise EditRefused(f"源文件不是有效的 YAML{detail}")
    return root


def read_text(node: Scalar) -> str:
    """A prose value as load.py reads it: a literal block's lines joined, a folded block trimmed."""
    raw = node.raw
    if node.style in ("|", ">"):
        raw = raw.strip()
    return re.sub(r"[ \t]*\n[ \t]*", "", raw) if node.style == "|" else raw


def braces(text: str) -> list[Brace]:
    """The braces of a prose value, as load.py finds them (an unclosed one ends the search)."""
    found: list[Brace] = []
    position = 0
    while match := _BRACE.search(text, position):
        token, at = match.group(), match.start()
        if token in ("{{", "}}"):
            position = at + 2
        elif token == "}":
            position = at + 1
        else:
            close = text.find("}", at + 1)
            if close < 0:
                break
            found.append(Brace(len(found), at, close + 1, text[at + 1:close]))
            position = close + 1
    return found


def scalars(node: Node) -> list[Scalar]:
    """Every scalar value under a node (keys excluded), in text order."""
    found: list[Scalar] = []
    stack: list[Node] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, Scalar):
            found.append(current)
        elif isinstance(current, Seq):
            stack.extend(reversed(current.items))
        else:
            stack.extend(reversed([value for _, value in current.entries]))
    return found


def span(node: Node) -> tuple[int, int]:
    """Where `node` is written in the source text, as character offsets (end excluded)."""
    assert node.span is not None  # every node parsed from text has one; only a scalar made in code has none
    return node.span


def scalar_at(root: Map, start: int) -> Scalar:
    """The scalar value that starts at this character offset."""
    for node in scalars(root):
        if span(node)[0] == start:
            return node
    raise EditRefused("这段文字在源文件中已经改变，请刷新页面后再改")


# ---------------------------------------------------------------- scalar values
def replace_scalar(text: str, start: int, value: str) -> str:
    """The source with the scalar at `start` holding `value`, written plain where YAML allows, else quoted."""
    node = scalar_at(parse_source(text), start)
    end = span(node)[1]
    keep_newline = "\n" if text[start:end].endswith("\n") else ""
    for written in (scalar(value), scalar(value, flow=True), json.dumps(value, ensure_ascii=False)):
        changed = text[:start] + written + keep_newline + text[end:]
        try:
            root = parse_source(changed)
        except EditRefused:
            continue
        if any(span(n)[0] == start and n.raw == value for n in scalars(root)):
            return changed
    raise EditRefused("无法把这段文字写入源文件")


def set_brace(text: str, start: int, index: int, content: str) -> str:
    """The source with the `index`th brace of the prose value at `start` holding `content`."""
    node = scalar_at(parse_source(text), start)
    prose = read_text(node)
    found = braces(prose)
    if index >= len(found):
        raise EditRefused("这个数字在源文件中已经改变，请刷新页面后再改")
    brace = found[index]
    return replace_scalar(text, start, prose[:brace.start] + "{" + content + "}" + prose[brace.end:])


def named_figure(content: str, name: str) -> str:
    """Brace content for a figure with this name (or, for "", the name the program guesses): {66项#id|名称}."""
    name = clean_name(name)
    match parse_brace(content):
        case BraceFigure(written=written, id=ident):
            return written + (f"#{ident}" if ident else "") + (f"|{name}" if name else "")
        case BraceLiteral(text=literal):
            if not name:
                raise EditRefused("把它算作统计数字时要写出指标名称")
            return f"{literal}|{name}"
        case BraceReference():
            raise EditRefused("这个数字的名称写在“indicators”中")
        case _:
            raise EditRefused("花括号里的写法有误，请先改正这段文字")


def as_literal(content: str) -> tuple[str, str, str]:
    """A figure made a literal: the number stays in braces, its unit and qualifier words move out.

    {5700余件} → {5700}余件, {98.72%} → {98.72}%, {倒数第四名} → {倒数第四}名, {约80%} → 约{80}%.
    Returns (text before, brace content, text after).
    """
    figure = parse_brace(content)
    if not isinstance(figure, BraceFigure):
        raise EditRefused("只有统计数字可以改为“不是指标”")
    written = figure.written
    numeral = [i for i, c in enumerate(written) if c.isdigit() or c in "〇零一二三四五六七八九两十百"]
    if numeral:
        first, last = numeral[0], numeral[-1] + 1
        for begin in (0, first):
            if isinstance(parse_brace(written[begin:last]), BraceLiteral):
                return written[:begin], written[begin:last], written[last:]
    raise EditRefused(f"“{written}”无法改为不是指标的写法，请直接修改这段文字")


def make_literal(text: str, start: int, index: int) -> str:
    """The source with a figure brace turned into a literal and its unit written after it."""
    node = scalar_at(parse_source(text), start)
    prose = read_text(node)
    found = braces(prose)
    if index >= len(found):
        raise EditRefused("这个数字在源文件中已经改变，请刷新页面后再改")
    brace = found[index]
    before, literal, after = as_literal(brace.content)
    return replace_scalar(text, start, prose[:brace.start] + before + "{" + literal + "}" + after + prose[brace.end:])


def clean_name(name: str) -> str:
    """An indicator name as it may stand after `|`: one line, no braces or marks that end it."""
    name = " ".join(name.split())
    bad = sorted({c for c in name if c in "{}|｜#＃"})
    if bad:
        raise EditRefused(f"指标名称中不能有“{'”“'.join(bad)}”")
    if len(name) > 60:
        raise EditRefused("指标名称太长（最多 60 个字）")
    return name


# ---------------------------------------------------------------- the 公文 elements under meta
def yaml_value(value: str | list[str] | dict[str, str]) -> str:
    """A meta value written in flow style on one line: text, [a, b], {agency: 宛政, year: 2023}."""
    if isinstance(value, list):
        return "[" + ", ".join(scalar(item, flow=True) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {_plain_number(item) or scalar(item, flow=True)}" for key, item in value.items()) + "}"
    return _plain_number(value) or scalar(value)


def _plain_number(value: str) -> str:
    """A year, a serial or a date written plain, as the clerk reads them (the loader reads every value as text)."""
    return value if re.fullmatch(r"\d{1,9}|\d{4}-\d\d-\d\d", value) else ""


def set_meta(text: str, key: str, value: str | list[str] | dict[str, str] | None) -> str:
    """The source with `meta.key` set to `value` (None or empty: the line removed)."""
    if key not in META_ORDER:
        raise EditRefused(f"未知的公文要素“{key}”")
    root = parse_source(text)
    meta = root.get("meta")
    if not isinstance(meta, Map) or meta.flow:
        raise EditRefused("源文件的“meta”不是逐行书写的“键: 值”，请在文本编辑器中修改")
    entry = next(((k, v) for k, v in meta.entries if k.raw == key), None)
    empty = value is None or value == "" or value == [] or value == {}
    if entry is None and empty:
        return text
    if entry is None:
        assert value is not None  # not empty
        changed = _insert_meta(text, meta, key, yaml_value(value))
    elif empty:
        changed = _delete_lines(text, span(entry[0])[0], span(entry[1])[1])
    else:
        assert value is not None  # not empty
        key_node, value_node = entry
        end = _content_end(text, span(key_node)[0], span(value_node)[1])
        comment = _TRAILING_COMMENT.match(text, end)
        if comment and "\n" not in text[span(key_node)[0]:end]:
            end = comment.end()  # a remark on the old value (such as “请填写标题”) no longer holds
        changed = text[:span(key_node)[1]] + ": " + yaml_value(value) + text[end:]
    new_meta = parse_source(changed).get("meta")
    if not isinstance(new_meta, Map) or (new_meta.get(key) is None) != empty:
        raise EditRefused("无法把这一项写入源文件")
    return changed


def meta_text(text: str, key: str) -> str:
    """The text of `meta.key` as written ("" when absent or when the source does not parse)."""
    try:
        meta = parse_source(text).get("meta")
    except EditRefused:
        return ""
    node = meta.get(key) if isinstance(meta, Map) else None
    return node.raw if isinstance(node, Scalar) else ""


def _insert_meta(text: str, meta: Map, key: str, written: str) -> str:
    present = {k.raw: (k, v) for k, v in meta.entries}
    if not present:
        raise EditRefused("源文件的“meta”是空的")
    indent = " " * (meta.entries[0][0].location.column - 1)
    before = [k for k in META_ORDER[:META_ORDER.index(key)] if k in present]
    if before:
        key_node, value = present[before[-1]]
        end = _content_end(text, span(key_node)[0], span(value)[1])
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        return text[:line_end] + f"\n{indent}{key}: {written}" + text[line_end:]
    first_key = meta.entries[0][0]
    return text[:span(first_key)[0]] + f"{key}: {written}\n{indent}" + text[span(first_key)[0]:]


def _content_end(text: str, start: int, end: int) -> int:
    """Where a node's own text ends: a block value's span also takes the blank lines after it."""
    while end > start and text[end - 1] in " \t\n":
        end -= 1
    return end


def _delete_lines(text: str, start: int, end: int) -> str:
    """The text without the lines from the one holding `start` to the one holding `end - 1`."""
    line_start = text.rfind("\n", 0, start) + 1
    end = _content_end(text, start, end)
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end + 1
    return text[:line_start] + text[line_end:]


# ---------------------------------------------------------------- declared indicators
def set_declared(text: str, ident: str, key: str, value: str) -> str:
    """The source with `key` (name or kind) of the indicator declared under `indicators:` with this id set."""
    root = parse_source(text)
    entries = root.get("indicators")
    if isinstance(entries, Seq):
        for entry in entries.items:
            if isinstance(entry, Map) and isinstance(id_node := entry.get("id"), Scalar) and id_node.raw == ident:
                node = entry.get(key)
                if isinstance(node, Scalar) and span(node)[1] > span(node)[0]:
                    return replace_scalar(text, span(node)[0], value)
                raise EditRefused(f"指标“{ident}”没有写“{key}”，请在文本编辑器中添加")
    raise EditRefused(f"找不到指标“{ident}”")


# ---------------------------------------------------------------- a fix at a line and column
def apply_fix(text: str, line: int, column: int, old: str, new: str) -> str:
    """The source with `old` at line:column replaced by `new`; refused when the text there has changed.

    A change that would break the YAML (a brace now opening a plain value) is made in the value and the
    value written again.
    """
    lines = text.split("\n")
    if not 1 <= line <= len(lines) or column < 1:
        raise EditRefused("要修改的位置不在源文件中")
    offset = sum(len(part) + 1 for part in lines[:line - 1]) + column - 1
    if text[offset:offset + len(old)] != old:
        raise EditRefused("这里的文字已经改变，请刷新后再试")
    changed = text[:offset] + new + text[offset + len(old):]
    root = parse_source(text)
    holder = next((n for n in scalars(root) if span(n)[0] <= offset < span(n)[1]), None)
    try:
        new_root = parse_source(changed)
        if holder is None or any(span(n)[0] == span(holder)[0] and isinstance(n, Scalar) for n in scalars(new_root)):
            return changed
    except EditRefused:
        pass
    if holder is None or holder.style not in ("", '"') or "\n" in text[span(holder)[0]:span(holder)[1]].rstrip("\n"):
        raise EditRefused("无法在这里自动修改，请直接编辑这段文字")
    quote = 1 if holder.style == '"' else 0
    inner = offset - span(holder)[0] - quote
    if holder.raw[inner:inner + len(old)] != old:
        raise EditRefused("无法在这里自动修改，请直接编辑这段文字")
    return replace_scalar(text, span(holder)[0], holder.raw[:inner] + new + holder.raw[inner + len(old):])
