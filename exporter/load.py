"""Read a report source (YAML) into the frozen model, reporting every problem at once with its place."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .cjk.scripts import ASCII_DIGITS, FULL_WIDTH_DIGITS, ascii_marks_in_chinese
from .errors import Diagnostic, Location, error, relative_name, warning
from .images import checked_seal
from .model import (
    INDICATOR_KIND_KEYS,
    MAX_HEADING_LEVEL,
    Block,
    DocNumber,
    Document,
    Indicator,
    IndicatorKind,
    IndicatorRef,
    Inline,
    Literal,
    Meta,
    Paragraph,
    Relation,
    SealImage,
    Section,
    Text,
)
from .yamlsource import Map, Node, Reader, Scalar, is_null, read_yaml

ID_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
DECIMAL_PATTERN = re.compile(r"-?\d+(\.\d+)?")
# A typed heading number (§7.3.3 labels are generated): 一、 （一） (一) 1. 1、 （1） (1) 第一部分
TYPED_LABEL = re.compile(r"^\s*([一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百\d]+[）)]|\d+[.．、](?!\d)|第[一二三四五六七八九十]+部分)")

_TOP = {"meta": "公文要素", "indicators": "指标", "relations": "指标关系", "body": "正文"}
_META = {
    "title": "标题", "title_breaks": "标题分行", "issuer": "发文机关", "issuer_mark": "发文机关标志",
    "doc_number": "发文字号", "signers": "签发人", "copy_number": "份号", "secrecy": "密级和保密期限",
    "urgency": "紧急程度", "recipients": "主送机关", "attachments": "附件说明", "date": "成文日期",
    "note": "附注", "cc": "抄送机关", "printer": "印发机关", "print_date": "印发日期",
    "keywords": "主题词", "subject": "主题", "seal": "印章图片",
}
_DOC_NUMBER = {"agency": "机关代字", "year": "年份", "serial": "序号"}
_INDICATOR = {"id": "编号", "name": "指标名称", "value": "数值", "unit": "单位", "kind": "类型",
              "upper": "区间上限", "qualifier": "限定词", "unit_in_text": "正文中是否写出单位", "note": "备注"}
_RELATION = {"id": "编号", "name": "名称", "formula": "计算公式", "stated": "报告中写明的指标"}
_SECTION = {"heading": "标题", "run_in": "标题与段落连排", "body": "下级内容"}
_QUALIFIERS = {IndicatorKind.APPROX: ("余", "多", "以上", "左右", "近", "约"), IndicatorKind.RANK: ("倒数",)}


@dataclass
class _Refs:
    """Indicator references seen while reading the prose, checked once all indicators are known."""

    seen: list[IndicatorRef]


def load_document(path: Path) -> tuple[Document | None, list[Diagnostic]]:
    """Read and check a source file; the document is None when there are errors."""
    name = relative_name(path)
    root, problems = read_yaml(path, name)
    if root is None:
        return None, problems
    reader = Reader()
    top = reader.mapping(root, "报告源文件", _TOP, required=("meta", "body"))
    if top is None:
        return None, problems + reader.problems
    meta = _meta(reader, top.get("meta"), Location(name), path.parent)
    indicators = _indicators(reader, top.get("indicators"))
    refs = _Refs([])
    body = _blocks(reader, top.get("body"), 1, refs, "正文")
    if isinstance(top.get("body"), Scalar) or (top.get("body") is not None and not body and not reader.problems):
        reader.fail("C030", "正文（body）是空的", top.get("body").location)  # type: ignore[union-attr]
    known = {ind.id: ind for ind in indicators}
    relations = _relations(reader, top.get("relations"), known)
    diagnostics = problems + reader.problems + _reference_problems(refs, known)
    if any(d.level.name == "ERROR" for d in diagnostics) or meta is None:
        return None, diagnostics
    return Document(meta, tuple(body), tuple(indicators), tuple(relations), name), diagnostics


# ---------------------------------------------------------------- meta
def _meta(r: Reader, node: Node | None, file_location: Location, folder: Path) -> Meta | None:
    meta = r.mapping(node, "公文要素（meta）", _META, required=("title",))
    if meta is None:
        return None
    title = r.text(meta.get("title"), "标题") or ""
    breaks = r.texts(meta.get("title_breaks"), "标题分行")
    if breaks and "".join(breaks) != title:
        r.fail("C011", "标题分行（title_breaks）连起来必须与标题（title）完全相同", meta.get("title_breaks").location,  # type: ignore[union-attr]
               "每一行写标题的一段，按顺序连起来等于标题。")
    doc_number = None
    number_node = r.mapping(meta.get("doc_number"), "发文字号（doc_number）", _DOC_NUMBER, required=tuple(_DOC_NUMBER))
    if number_node is not None:
        agency = r.text(number_node.get("agency"), "机关代字")
        year = r.integer(number_node.get("year"), "发文字号年份", 1949)
        serial = r.integer(number_node.get("serial"), "发文字号序号", 1)
        if agency and year and serial:
            doc_number = DocNumber(agency, year, serial, number_node.location)
    date = r.date(meta.get("date"), "成文日期")
    if not is_null(meta.get("seal")) and is_null(meta.get("date")):
        r.fail("C016", "加盖印章的公文必须有成文日期（印章压在署名和成文日期上，§7.3.5.1）", meta.get("seal").location,  # type: ignore[union-attr]
               "添加“date: 2023-02-22”，或删去 seal。")
    print_date = r.date(meta.get("print_date"), "印发日期")
    if date and print_date and print_date < date:
        r.fail("C012", "印发日期早于成文日期", meta.get("print_date").location)  # type: ignore[union-attr]
    return Meta(
        title=title, title_breaks=breaks,
        issuer=r.text(meta.get("issuer"), "发文机关"),
        issuer_mark=r.text(meta.get("issuer_mark"), "发文机关标志"),
        doc_number=doc_number,
        signers=r.texts(meta.get("signers"), "签发人"),
        copy_number=_copy_number(r, meta.get("copy_number")),
        secrecy=r.text(meta.get("secrecy"), "密级和保密期限"),
        urgency=r.text(meta.get("urgency"), "紧急程度"),
        recipients=r.texts(meta.get("recipients"), "主送机关"),
        attachments=r.texts(meta.get("attachments"), "附件说明"),
        date=date,
        note=_strip_parentheses(r.text(meta.get("note"), "附注")),
        cc=r.texts(meta.get("cc"), "抄送机关"),
        printer=r.text(meta.get("printer"), "印发机关"),
        print_date=print_date,
        seal=_seal(r, meta.get("seal"), folder),
        keywords=r.texts(meta.get("keywords"), "主题词"),
        subject=r.text(meta.get("subject"), "主题"),
        location=meta.location if isinstance(meta, Map) else file_location,
    )


def _seal(r: Reader, node: Node | None, folder: Path) -> SealImage | None:
    """The seal image, named relative to the source file, read and checked once."""
    return checked_seal(r, node, folder)


def _copy_number(r: Reader, node: Node | None) -> str | None:
    raw = r.text(node, "份号")
    if raw is not None and not re.fullmatch(r"\d{1,6}", raw):
        r.fail("C013", f"份号应当是最多 6 位的阿拉伯数字，这里是“{raw}”", node.location)  # type: ignore[union-attr]
        return None
    return raw.zfill(6) if raw else None  # §7.2.1: 份号 has 6 digits


def _strip_parentheses(note: str | None) -> str | None:
    """附注 is printed in parentheses; accept it written with or without them."""
    if note and note[0] in "（(" and note[-1] in "）)":
        return note[1:-1]
    return note


# ---------------------------------------------------------------- indicators
def _indicators(r: Reader, node: Node | None) -> list[Indicator]:
    result: list[Indicator] = []
    ids: set[str] = set()
    for item in r.seq(node, "指标（indicators）"):
        entry = r.mapping(item, "指标", _INDICATOR, required=("id", "name", "value", "kind"))
        if entry is None:
            continue
        ident = r.text(entry.get("id"), "指标编号")
        if ident is None:
            continue
        where = entry.get("id").location  # type: ignore[union-attr]
        if not ID_PATTERN.fullmatch(ident):
            r.fail("C020", f"指标编号“{ident}”只能由英文字母、数字和下划线组成，且不能以数字开头", where, "例如 baolian_ganbu。")
            continue
        if ident in ids:
            r.fail("C021", f"指标编号“{ident}”重复", where, "每个指标的编号必须不同，请改用一个新编号。")
            continue
        ids.add(ident)
        kind_key = r.text(entry.get("kind"), "指标类型")
        kind = INDICATOR_KIND_KEYS.get(kind_key or "")
        if kind_key and kind is None:
            r.fail("C022", f"指标“{ident}”的类型“{kind_key}”无效", entry.get("kind").location,  # type: ignore[union-attr]
                   "类型可以是 count（数量）、percent（比率）、approx（约数）、range（区间）、rank（排名）。")
        value = _decimal(r, entry.get("value"), f"指标“{ident}”的数值")
        upper = _decimal(r, entry.get("upper"), f"指标“{ident}”的区间上限")
        qualifier = r.text(entry.get("qualifier"), "限定词") or ""
        unit = r.text(entry.get("unit"), "单位") or ""
        if kind is IndicatorKind.RANGE and value is not None and upper is None:
            r.fail("C023", f"区间指标“{ident}”缺少上限（upper）", entry.location, "例如 value: 6 与 upper: 8 表示 6～8。")
        if kind is not IndicatorKind.RANGE and upper is not None:
            r.fail("C024", f"只有区间指标才能写上限（upper），“{ident}”的类型是 {kind_key}", entry.get("upper").location)  # type: ignore[union-attr]
        if kind is IndicatorKind.RANGE and value is not None and upper is not None and float(upper) < float(value):
            r.fail("C025", f"区间指标“{ident}”的上限小于下限", entry.get("upper").location)  # type: ignore[union-attr]
        if kind is IndicatorKind.PERCENT and unit not in ("", "%"):
            r.fail("C026", f"比率指标“{ident}”的单位应当是 %，这里是“{unit}”", entry.get("unit").location)  # type: ignore[union-attr]
        if kind is IndicatorKind.RANK and value is not None and not re.fullmatch(r"[1-9]\d*", value):
            r.fail("C027", f"排名指标“{ident}”的数值应当是正整数，这里是“{value}”", entry.get("value").location)  # type: ignore[union-attr]
        if qualifier and kind is not None and qualifier not in _QUALIFIERS.get(kind, ()):
            allowed = "、".join(_QUALIFIERS.get(kind, ())) or "（此类型不用限定词）"
            r.fail("C028", f"指标“{ident}”的限定词“{qualifier}”不适用于{kind.value}指标", entry.get("qualifier").location,  # type: ignore[union-attr]
                   f"可用的限定词：{allowed}")
        unit_in_text = r.boolean(entry.get("unit_in_text"), "unit_in_text")
        name = r.text(entry.get("name"), "指标名称")
        if value is None or kind is None or name is None:
            continue
        result.append(Indicator(
            id=ident, name=name, kind=kind, value=value,
            unit="%" if kind is IndicatorKind.PERCENT else unit,
            upper=upper, qualifier=qualifier,
            unit_in_text=True if unit_in_text is None else unit_in_text,
            note=r.text(entry.get("note"), "备注") or "", location=entry.location,
        ))
    return result


def _decimal(r: Reader, node: Node | None, what: str) -> str | None:
    raw = r.text(node, what)
    if raw is None:
        return None
    text = raw.strip().replace(",", "")
    if not DECIMAL_PATTERN.fullmatch(text):
        r.fail("C029", f"{what}应当是阿拉伯数字，这里是“{raw}”", node.location,  # type: ignore[union-attr]
               "只写数字（如 98.72），单位、“余”等写在 unit、qualifier 中。")
        return None
    return text


# ---------------------------------------------------------------- relations
_FORMULA_TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|([-+*/()]))")


def formula_ids(formula: str) -> list[str] | None:
    """The indicator ids a formula uses, or None when it is not a well-formed arithmetic expression."""
    pos, ids, depth, expect_operand = 0, [], 0, True
    while pos < len(formula.rstrip()):
        match = _FORMULA_TOKEN.match(formula, pos)
        if not match:
            return None
        number, ident, op = match.groups()
        pos = match.end()
        if number or ident:
            if not expect_operand:
                return None
            if ident:
                ids.append(ident)
            expect_operand = False
        elif op == "(":
            if not expect_operand:
                return None
            depth += 1
        elif op == ")":
            if expect_operand or depth == 0:
                return None
            depth -= 1
        elif op == "-" and expect_operand:
            continue
        elif expect_operand:
            return None
        else:
            expect_operand = True
    return ids if depth == 0 and not expect_operand else None


def _relations(r: Reader, node: Node | None, known: dict[str, Indicator]) -> list[Relation]:
    result: list[Relation] = []
    ids: set[str] = set()
    for item in r.seq(node, "指标关系（relations）"):
        entry = r.mapping(item, "指标关系", _RELATION, required=("id", "formula", "stated"))
        if entry is None:
            continue
        ident = r.text(entry.get("id"), "关系编号") or ""
        if ident in ids:
            r.fail("C031", f"指标关系编号“{ident}”重复", entry.get("id").location)  # type: ignore[union-attr]
            continue
        ids.add(ident)
        formula = r.text(entry.get("formula"), "计算公式") or ""
        stated = r.text(entry.get("stated"), "报告中写明的指标") or ""
        used = formula_ids(formula)
        if used is None:
            r.fail("C032", f"计算公式“{formula}”写法有误", entry.get("formula").location,  # type: ignore[union-attr]
                   "只能使用指标编号、数字、+ - * / 和括号，如 chuting / kaiting。")
            continue
        for name in used:
            if name not in known:
                r.fail("C033", f"计算公式中的指标“{name}”不存在", entry.get("formula").location, _closest_hint(name, known))  # type: ignore[union-attr]
        if stated and stated not in known:
            r.fail("C033", f"指标关系中的 stated“{stated}”不是已定义的指标", entry.get("stated").location, _closest_hint(stated, known))  # type: ignore[union-attr]
        result.append(Relation(ident, r.text(entry.get("name"), "名称") or ident, formula, stated, entry.location))
    return result


def _closest_hint(name: str, known: dict[str, Indicator]) -> str:
    close = [k for k in known if k.startswith(name[:4]) or name.startswith(k[:4])][:3]
    return ("是不是：" + "、".join(close) + "？") if close else "先在 indicators 中定义这个指标。"


# ---------------------------------------------------------------- body
def _blocks(r: Reader, node: Node | None, level: int, refs: _Refs, where: str) -> list[Block]:
    blocks: list[Block] = []
    for item in r.seq(node, f"{where}（body）"):
        if isinstance(item, Scalar):
            if is_null(item):
                r.fail("C040", "这里是一个空段落", item.location, "删除这一行，或写上段落文字。")
                continue
            blocks.append(Paragraph(_inlines(r, item, refs), item.location))
        elif isinstance(item, Map):
            section = _section(r, item, level, refs)
            if section is not None:
                blocks.append(section)
        else:
            r.fail("C041", "正文中的每一项应当是一段文字或一个带 heading 的小节", item.location)
    return blocks


def _section(r: Reader, node: Map, level: int, refs: _Refs) -> Section | None:
    entry = r.mapping(node, "小节", _SECTION, required=("heading",))
    if entry is None or is_null(entry.get("heading")):
        return None
    heading_node = entry.get("heading")
    if not isinstance(heading_node, Scalar):
        r.fail("C042", "标题（heading）应当是一行文字", heading_node.location)  # type: ignore[union-attr]
        return None
    if level > MAX_HEADING_LEVEL:
        r.fail("C043", f"标题层级超过 {MAX_HEADING_LEVEL} 级（GB/T 9704 只有 一、（一）1.（1）四级）", heading_node.location,
               "把这一节并入上一级，或改成普通段落。")
        return None
    typed = TYPED_LABEL.match(heading_node.raw)
    if typed:
        r.fail("C044", f"标题开头手写了序号“{typed.group(1)}”", heading_node.location,
               "删去序号，序号会按层级自动生成（一、（一）1.（1））。")
        # Read on after the typed label, so its digits are not reported a second time.
        heading_node = Scalar(heading_node.raw[typed.end():], heading_node.column_of(typed.end()), False, "")
    run_in = bool(r.boolean(entry.get("run_in"), "run_in"))
    children = _blocks(r, entry.get("body"), level + 1, refs, "小节")
    if run_in and (not children or not isinstance(children[0], Paragraph)):
        r.fail("C045", "连排标题（run_in: true）后面的第一项必须是一段文字", heading_node.location,
               "在 body 下第一项写出与标题连排的段落，或删去 run_in。")
    return Section(_inlines(r, heading_node, refs), tuple(children), run_in, heading_node.location)


_BRACE = re.compile(r"\{\{|\}\}|[{}]")  # an escaped brace ({{ or }}) first, then a lone one
_NUMBER = re.compile(f"[{ASCII_DIGITS}{FULL_WIDTH_DIGITS}][{ASCII_DIGITS}{FULL_WIDTH_DIGITS}.]*")


def _inlines(r: Reader, node: Scalar, refs: _Refs) -> tuple[Inline, ...]:
    """Split prose into text, `{id}` indicator references and `{…}` marked numbers; flag loose digits."""
    raw = node.raw
    if node.style in ("|", ">"):
        raw = raw.strip()
    text = re.sub(r"[ \t]*\n[ \t]*", "", raw) if node.style == "|" else raw
    inlines: list[Inline] = []
    pieces: list[str] = []  # the plain text gathered since the last reference, braces unescaped
    pieces_start = 0  # where in `text` the gathered text starts

    def flush() -> None:
        if pieces:
            chunk = "".join(pieces)
            _check_prose(r, node, chunk, pieces_start)
            inlines.append(Text(chunk, node.column_of(pieces_start)))
            pieces.clear()

    def gather(begin: int, piece: str) -> None:
        nonlocal pieces_start
        if not pieces:
            pieces_start = begin
        pieces.append(piece)

    position = 0
    while brace := _BRACE.search(text, position):
        at = brace.start()
        if at > position:
            gather(position, text[position:at])
        token = brace.group()
        if token in ("{{", "}}"):
            gather(at, token[0])
            position = at + 2
        elif token == "}":
            r.fail("C050", "多了一个右花括号“}”", node.column_of(at), "花括号要成对：{编号} 或 {2022}；要印出花括号本身请写 }}。")
            position = at + 1
        else:
            close = text.find("}", at + 1)
            if close < 0:
                r.fail("C051", "花括号“{”没有配对的“}”", node.column_of(at), "补上“}”，如 {baolian_ganbu}。")
                position = len(text)  # the rest is not read
                break
            flush()
            _reference(r, node, text[at + 1:close], at, refs, inlines)
            position = close + 1
    if position < len(text):
        gather(position, text[position:])
    flush()
    return tuple(inlines)


def _reference(r: Reader, node: Scalar, content: str, at: int, refs: _Refs, inlines: list[Inline]) -> None:
    """What stands in braces: an indicator id, or a number marked as not being a figure."""
    where = node.column_of(at)
    if not content.strip():
        r.fail("C052", "花括号里是空的", where)
    elif ID_PATTERN.fullmatch(content):
        ref = IndicatorRef(content, where)
        refs.seen.append(ref)
        inlines.append(ref)
    else:
        inlines.append(Literal(content, where))


def _check_prose(r: Reader, node: Scalar, chunk: str, start: int) -> None:
    """Digits outside braces are untracked figures; ASCII marks in Chinese text are likely conversion slips."""
    for match in _NUMBER.finditer(chunk):
        number = match.group().rstrip(".")
        where = node.column_of(start + match.start())
        if any(c in FULL_WIDTH_DIGITS for c in number):
            r.fail("C060", f"全角数字“{number}”：正文中的数字应当用半角阿拉伯数字", where, "改成半角数字，并按下一条处理。")
        r.fail("C061", f"数字“{number}”既不是指标，也没有标明不是指标", where,
               f"如果它是一个统计数字，在 indicators 中定义指标并写成 {{编号}}；如果是年份、序号或名称，写成 {{{number}}}。")
    for mark in ascii_marks_in_chinese(chunk):
        r.problems.append(warning("W062", f"中文中使用了英文标点“{mark.mark}”", node.column_of(start + mark.offset),
                                  f"改为全角“{mark.replacement}”（GB/T 15834）。"))


def _reference_problems(refs: _Refs, known: dict[str, Indicator]) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    used = set()
    for ref in refs.seen:
        used.add(ref.id)
        if ref.id not in known:
            problems.append(error("C070", f"引用了不存在的指标“{{{ref.id}}}”", ref.location, _closest_hint(ref.id, known)))
    for ident, indicator in known.items():
        if ident not in used:
            problems.append(warning("W071", f"指标“{ident}”（{indicator.name}）定义了但正文没有用到", indicator.location,
                                    "在正文中写 {" + ident + "}，或删除这个指标。"))
    return problems
