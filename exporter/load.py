"""Read a report source (YAML) into the frozen model, reporting every problem at once with its place."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .cjk.figures import (
    AMOUNT_UNITS,
    QUALIFIER_PLACES,
    RANK_QUALIFIERS,
    BraceFigure,
    BraceLiteral,
    BraceProblem,
    BraceReference,
    Figure,
    SpanRole,
    find_figures,
    guess_name,
    parse_brace,
    qualifier_problem,
)
from .cjk.dates import parse_doc_number
from .cjk.numerals import typed_label
from .cjk.scripts import ASCII_DIGITS, FULL_WIDTH_DIGITS, ascii_marks_in_chinese
from .errors import Diagnostic, Level, Location, error, relative_name, warning
from .formula import FormulaError, parse, references
from .images import checked_seal
from .model import (
    INDICATOR_KIND_KEYS,
    MAX_HEADING_LEVEL,
    Attachment,
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
    Table,
    TableCell,
    Text,
)
from .yamlsource import Map, Node, Reader, Scalar, Seq, is_null, read_yaml

ID_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
DECIMAL_PATTERN = re.compile(r"-?\d+(\.\d+)?")
# A typed part number, besides the §7.3.3 labels (which are generated, never typed): 第一部分
TYPED_PART = re.compile(r"\s*第[一二三四五六七八九十]+部分")

_TOP = {"meta": "公文要素", "indicators": "指标", "relations": "指标关系", "body": "正文"}
_META = {
    "title": "标题", "title_breaks": "标题分行", "issuer": "发文机关", "issuer_mark": "发文机关标志",
    "doc_number": "发文字号", "signers": "签发人", "copy_number": "份号", "secrecy": "密级和保密期限",
    "urgency": "紧急程度", "recipients": "主送机关", "attachments": "附件说明", "date": "成文日期",
    "note": "附注", "cc": "抄送机关", "printer": "印发机关", "print_date": "印发日期",
    "keywords": "主题词", "subject": "主题", "seal": "印章图片", "numbering": "标题编号方式",
}
_NUMBERING = {f"level{level}": f"第{level}级标题" for level in range(1, MAX_HEADING_LEVEL + 1)}
NUMBERING_STYLES = {"restart": "每个上级标题下从头编号", "continuous": "全文连续编号（需要从头编号处写 number: 1）"}
_ATTACHMENT = {"title": "附件标题", "body": "附件正文", "detached": "不与正文一起装订",
               "indicators": "由全部指标生成的主要指标一览表"}
_TABLE = {"caption": "表题", "columns": "各列对齐方式", "header_rows": "表头行数", "rows": "表格各行", "landscape": "横排"}
_CELL = {"text": "单元格文字", "colspan": "横向合并的列数", "rowspan": "纵向合并的行数", "align": "对齐方式"}
CELL_ALIGNMENTS = {"left": "左对齐", "center": "居中", "right": "右对齐"}
MAX_TABLE_COLUMNS = 20
MAX_TITLE = 120  # characters: six lines of 二号 on the measure
MAX_PROPERTY = 255  # characters: a document property (title, subject, keywords) in Word and PDF metadata
META_TEXT_LIMITS = {"issuer": 100, "issuer_mark": 100, "subject": MAX_PROPERTY, "printer": 100, "note": 200,
                    "secrecy": 30, "urgency": 30}
MAX_FIGURE_DIGITS = 15  # significant digits a spreadsheet keeps exactly
MAX_PARAGRAPH = 5000  # characters in one paragraph, heading or cell: a 公文 paragraph runs to a few hundred
FIRST_YEAR, LAST_YEAR = 1949, 2100  # the years a 公文's dates can have
_DOC_NUMBER = {"agency": "机关代字", "year": "年份", "serial": "序号"}
_INDICATOR = {"id": "编号", "name": "指标名称", "value": "数值", "unit": "单位", "kind": "类型",
              "upper": "区间上限", "qualifier": "限定词", "unit_in_text": "正文中是否写出单位", "note": "备注"}
_RELATION = {"id": "编号", "name": "名称", "formula": "计算公式", "stated": "报告中写明的指标"}
_SECTION = {"heading": "标题", "run_in": "标题与段落连排", "body": "下级内容", "number": "标题序号"}
# Which qualifiers each kind takes; the place of an approximation's word is checked against the number.
_QUALIFIERS: dict[IndicatorKind, tuple[str, ...]] = {
    IndicatorKind.APPROX: tuple(QUALIFIER_PLACES),
    IndicatorKind.PERCENT: tuple(QUALIFIER_PLACES),
    IndicatorKind.AMOUNT: tuple(QUALIFIER_PLACES),
    IndicatorKind.RANK: RANK_QUALIFIERS,
}


@dataclass
class _InlineFigure:
    """A figure defined where it stands (`{66项}`), waiting for its name and for the indicators it may override."""

    id: str
    figure: Figure
    written: str
    name: str  # given with |名称, or guessed from its context
    named: bool  # the name was given, not guessed
    location: Location


@dataclass
class _Refs:
    """Indicator references and inline figures seen while reading the prose, checked once all indicators are known."""

    seen: list[IndicatorRef]
    figures: dict[str, _InlineFigure] = field(default_factory=dict)
    reserved: set[str] = field(default_factory=set)  # ids written anywhere in the source: never given automatically
    counter: int = 0

    def automatic_id(self) -> str:
        """The next free id for an unnamed inline figure, in report order: fig1, fig2, …"""
        while True:
            self.counter += 1
            ident = f"{AUTOMATIC_ID_PREFIX}{self.counter}"
            if ident not in self.reserved and ident not in self.figures:
                return ident


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
    refs = _Refs([], reserved=_written_ids(root))
    body = _blocks(reader, top.get("body"), 1, refs, "正文")
    if isinstance(top.get("body"), Scalar) or (top.get("body") is not None and not body and not reader.problems):
        reader.fail("C030", "正文（body）是空的", (top.get("body") or top).location)
    meta = _meta(reader, top.get("meta"), Location(name), path.parent, refs)
    indicators, declared = _indicators(reader, top.get("indicators"), refs.figures)
    known = {ind.id: ind for ind in indicators}
    relations = _relations(reader, top.get("relations"), known, declared)
    if meta is not None and not indicators:
        for attachment in meta.attachments:
            if attachment.indicator_list:
                reader.fail("C054", "要求生成指标一览表（indicators: true），但报告里没有指标", attachment.location,
                            "在正文中用 {51630人} 这样的写法标出数字，或删去 indicators 这一行。")
    diagnostics = problems + reader.problems + _reference_problems(refs, known, declared)
    if any(d.level.name == "ERROR" for d in diagnostics) or meta is None:
        return None, diagnostics
    return Document(meta, tuple(body), tuple(indicators), tuple(relations), name), diagnostics


# ---------------------------------------------------------------- meta
def _meta(r: Reader, node: Node | None, file_location: Location, folder: Path, refs: _Refs) -> Meta | None:
    meta = r.mapping(node, "公文要素（meta）", _META, required=("title",))
    if meta is None:
        return None
    title = r.text(meta.get("title"), "标题") or ""
    if meta.get("title") is not None and not title.strip():
        r.fail("C010", "标题是空的", (meta.get("title") or meta).location, "写出公文标题，如“关于2024年度法治政府建设情况的报告”。")
    elif len(title) > MAX_TITLE:
        r.fail("C010", f"标题有 {len(title)} 个字，最多 {MAX_TITLE} 个", (meta.get("title") or meta).location,
               "公文标题应当简明；检查是不是把正文写进了标题。")
    for key, limit in META_TEXT_LIMITS.items():
        value = meta.get(key)
        if isinstance(value, Scalar) and len(value.raw) > limit:
            r.fail("C010", f"{_META[key]}（{key}）有 {len(value.raw)} 个字，最多 {limit} 个", value.location)
    keywords_node = meta.get("keywords")
    if keywords_node is not None and len("；".join(r.texts(keywords_node, "主题词"))) > MAX_PROPERTY:
        r.fail("C010", f"主题词（keywords）合计超过 {MAX_PROPERTY} 个字", keywords_node.location)
    breaks = r.texts(meta.get("title_breaks"), "标题分行")
    if breaks and "".join(breaks) != title:
        r.fail("C011", "标题分行（title_breaks）连起来必须与标题（title）完全相同", (meta.get("title_breaks") or meta).location,
               "每一行写标题的一段，按顺序连起来等于标题。")
    doc_number = None
    written = meta.get("doc_number")
    number_node = None
    if isinstance(written, Scalar) and not is_null(written):
        doc_number = _doc_number_text(r, written)  # pasted whole: 宛政〔2023〕12号
    else:
        number_node = r.mapping(written, "发文字号（doc_number）", _DOC_NUMBER, required=tuple(_DOC_NUMBER))
    if number_node is not None:
        agency = r.text(number_node.get("agency"), "机关代字")
        year = r.integer(number_node.get("year"), "发文字号年份", FIRST_YEAR)
        if year is not None and year > LAST_YEAR:
            r.fail("C012", f"发文字号年份 {year} 不在 {FIRST_YEAR}—{LAST_YEAR} 之间", (number_node.get("year") or number_node).location)
            year = None
        serial = r.integer(number_node.get("serial"), "发文字号序号", 1)
        if agency and year and serial:
            doc_number = DocNumber(agency, year, serial, number_node.location)
    date = _plausible(r, r.date(meta.get("date"), "成文日期"), meta.get("date"), "成文日期")
    if not is_null(meta.get("seal")) and is_null(meta.get("date")):
        r.fail("C016", "加盖印章的公文必须有成文日期（印章压在署名和成文日期上，§7.3.5.1）", (meta.get("seal") or meta).location,
               "添加“date: 2023-02-22”，或删去 seal。")
    print_date = _plausible(r, r.date(meta.get("print_date"), "印发日期"), meta.get("print_date"), "印发日期")
    if date and print_date and print_date < date:
        r.fail("C012", "印发日期早于成文日期", (meta.get("print_date") or meta).location)
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
        attachments=_attachments(r, meta.get("attachments"), refs),
        date=date,
        note=_strip_parentheses(r.text(meta.get("note"), "附注")),
        cc=r.texts(meta.get("cc"), "抄送机关"),
        printer=r.text(meta.get("printer"), "印发机关"),
        print_date=print_date,
        seal=_seal(r, meta.get("seal"), folder),
        keywords=r.texts(meta.get("keywords"), "主题词"),
        subject=r.text(meta.get("subject"), "主题"),
        continuous_levels=_numbering(r, meta.get("numbering")),
        locations={key.raw: value.location for key, value in meta.entries},
        location=meta.location if isinstance(meta, Map) else file_location,
    )


def _plausible(r: Reader, date: dt.date | None, node: Node | None, what: str) -> dt.date | None:
    """A date whose year a report can have."""
    if date is not None and not FIRST_YEAR <= date.year <= LAST_YEAR:
        assert node is not None  # the date was read from it
        r.fail("C012", f"{what}的年份 {date.year} 不在 {FIRST_YEAR}—{LAST_YEAR} 之间", node.location,
               "检查年份是否写错。")
        return None
    return date


def _doc_number_text(r: Reader, node: Scalar) -> DocNumber | None:
    """发文字号 written as the document prints it. Other brackets are read too (exporter lint points them out);
    the document always prints 〔〕 without 第 or zero padding (§7.2.4)."""
    written = parse_doc_number(node.raw)
    if written is None:
        r.fail("C038", f"发文字号“{node.raw}”的写法无法识别", node.location,
               "写成“机关代字〔年份〕序号号”，如 doc_number: 宛政〔2023〕12号；"
               "或分项写成 doc_number: {agency: 宛政, year: 2023, serial: 12}。")
        return None
    if not FIRST_YEAR <= written.year <= LAST_YEAR:
        r.fail("C012", f"发文字号年份 {written.year} 不在 {FIRST_YEAR}—{LAST_YEAR} 之间", node.location, "检查年份是否写错。")
        return None
    if written.serial < 1:
        r.fail("C038", "发文字号的序号不能是 0", node.location, "序号从 1 开始。")
        return None
    return DocNumber(written.agency, written.year, written.serial, node.location)


def _numbering(r: Reader, node: Node | None) -> frozenset[int]:
    """The heading levels numbered straight through their parents: `numbering: {level3: continuous}`."""
    numbering = r.mapping(node, "标题编号方式（numbering）", _NUMBERING)
    if numbering is None:
        return frozenset()
    levels = set()
    for key, value in numbering.entries:
        how = r.text(value, f"numbering.{key.raw}")
        if how is None or key.raw not in _NUMBERING:
            continue
        if how not in NUMBERING_STYLES:
            r.fail("C017", f"标题编号方式“{how}”无效", value.location,
                   "可以写 " + "、".join(f"{k}（{v}）" for k, v in NUMBERING_STYLES.items()) + "。")
        elif how == "continuous":
            levels.add(int(key.raw.removeprefix("level")))
    return frozenset(levels)


def _attachments(r: Reader, node: Node | None, refs: _Refs) -> tuple[Attachment, ...]:
    """附件: each a name, or a mapping with its title, body and whether it is bound with the document."""
    if isinstance(node, Scalar) and not is_null(node):
        return (Attachment(node.raw, location=node.location),)
    found: list[Attachment] = []
    for item in r.seq(node, "附件（attachments）"):
        if isinstance(item, Scalar):
            if is_null(item):
                r.fail("C018", "附件名称是空的", item.location, "写出附件的名称，或删去这一项。")
            else:
                found.append(Attachment(item.raw, location=item.location))
            continue
        entry = r.mapping(item, "附件", _ATTACHMENT, required=("title",))
        if entry is None:
            continue
        title = r.text(entry.get("title"), "附件标题") or ""
        body = _blocks(r, entry.get("body"), 1, refs, "附件")
        detached = bool(r.boolean(entry.get("detached"), "detached"))
        listed = bool(r.boolean(entry.get("indicators"), "indicators"))
        if listed and entry.get("body") is not None:
            r.fail("C039", "这个附件既写了正文（body），又要求生成指标一览表（indicators: true）", entry.location,
                   "一览表由全部指标自动生成：删去 body，或删去 indicators 这一行。")
            listed = False  # one mistake, one error: no second one about the list
        found.append(Attachment(title, tuple(body), detached, listed, entry.location))
    return tuple(found)


def _seal(r: Reader, node: Node | None, folder: Path) -> SealImage | None:
    """The seal image, named relative to the source file, read and checked once."""
    return checked_seal(r, node, folder)


def _copy_number(r: Reader, node: Node | None) -> str | None:
    raw = r.text(node, "份号")
    if raw is not None and not re.fullmatch(r"\d{1,6}", raw):
        assert node is not None  # the text was read from it
        r.fail("C013", f"份号应当是最多 6 位的阿拉伯数字，这里是“{raw}”", node.location)
        return None
    return raw.zfill(6) if raw else None  # §7.2.1: 份号 has 6 digits


def _strip_parentheses(note: str | None) -> str | None:
    """附注 is printed in parentheses; accept it written with or without them."""
    if note and note[0] in "（(" and note[-1] in "）)":
        return note[1:-1]
    return note


# ---------------------------------------------------------------- indicators
def _indicators(r: Reader, node: Node | None, inline: dict[str, _InlineFigure]) -> tuple[list[Indicator], set[str]]:
    """The valid indicators, declared or defined inline (a declaration may name and annotate an inline figure),
    and the ids of every one, valid or not."""
    result: list[Indicator] = []
    ids: set[str] = set(inline)
    overridden: set[str] = set()
    for item in r.seq(node, "指标（indicators）"):
        entry = r.mapping(item, "指标", _INDICATOR, required=("id",))
        if entry is None:
            continue
        ident_node = entry.get("id")
        if isinstance(ident_node, Scalar) and ident_node.raw in inline and ident_node.raw not in overridden:
            overridden.add(ident_node.raw)
            merged = _annotated(r, entry, inline[ident_node.raw])
            if merged is not None:
                result.append(merged)
            continue
        for key in ("name", "value", "kind"):
            if is_null(entry.get(key)):
                r.fail("E022", f"指标缺少“{key}”（{_INDICATOR[key]}）", entry.location,
                       f"添加一行“{key}: …”，或在正文中写出这个数字，如 {{66项#编号}}。")
        if any(is_null(entry.get(key)) for key in ("name", "value", "kind")):
            continue
        ident = r.text(entry.get("id"), "指标编号")
        if ident is None:
            continue
        where = (entry.get("id") or entry).location
        if not ID_PATTERN.fullmatch(ident):
            r.fail("C020", f"指标编号“{ident}”只能由英文字母、数字和下划线组成，且不能以数字开头", where, "例如 baolian_ganbu。")
            continue
        if ident in ids:
            r.fail("C021", f"指标编号“{ident}”重复", where, "每个指标的编号必须不同，请改用一个新编号。")
            continue
        ids.add(ident)  # declared: a reference to it is not a second problem, even when the entry has one
        indicator = _indicator(r, entry, ident)
        if indicator is not None:
            result.append(indicator)
    for ident, found in inline.items():
        if ident not in overridden:
            result.append(_from_figure(found, found.name, ""))
    return result, ids


def _from_figure(found: _InlineFigure, name: str, note: str, unit_in_text: bool = True) -> Indicator:
    """The indicator an inline figure defines."""
    figure = found.figure
    kind = INDICATOR_KIND_KEYS[figure.kind]
    return Indicator(id=found.id, name=name, kind=kind, value=figure.value, unit=figure.unit, upper=figure.upper,
                     qualifier=figure.qualifier, unit_in_text=unit_in_text, note=note, location=found.location)


def _annotated(r: Reader, entry: Map, found: _InlineFigure) -> Indicator | None:
    """An inline figure with the name, note or settings its declaration adds; the figure itself is the text's."""
    figure = found.figure
    printed = {"value": figure.value, "unit": figure.unit, "kind": figure.kind, "qualifier": figure.qualifier,
               "upper": figure.upper or ""}
    for key, value in printed.items():
        given = r.text(entry.get(key), _INDICATOR[key])
        if given is not None and given.replace(",", "") != value:
            r.fail("C035", f"指标“{found.id}”在正文中写作“{found.written}”，这里的{_INDICATOR[key]}却是“{given}”",
                   (entry.get(key) or entry).location,
                   f"数字以正文为准：删去这一行的 {key}，或改正正文中的“{found.written}”。")
            return None
    name = r.text(entry.get("name"), "指标名称") or found.name
    unit_in_text = r.boolean(entry.get("unit_in_text"), "unit_in_text")
    return _from_figure(found, name, r.text(entry.get("note"), "备注") or "",
                        True if unit_in_text is None else unit_in_text)


def _indicator(r: Reader, entry: Map, ident: str) -> Indicator | None:
    kind_key = r.text(entry.get("kind"), "指标类型")
    kind = INDICATOR_KIND_KEYS.get(kind_key or "")
    if kind_key and kind is None:
        r.fail("C022", f"指标“{ident}”的类型“{kind_key}”无效", (entry.get("kind") or entry).location,
               "类型可以是 count（数量）、percent（比率）、amount（金额）、approx（约数）、range（区间）、rank（排名）。")
    value = _decimal(r, entry.get("value"), f"指标“{ident}”的数值")
    upper = _decimal(r, entry.get("upper"), f"指标“{ident}”的区间上限")
    qualifier = r.text(entry.get("qualifier"), "限定词") or ""
    unit = r.text(entry.get("unit"), "单位") or ""
    errors_before = _errors(r)
    if kind is IndicatorKind.RANGE and value is not None and upper is None:
        r.fail("C023", f"区间指标“{ident}”缺少上限（upper）", entry.location, "例如 value: 6 与 upper: 8 表示 6～8。")
    if kind is not IndicatorKind.RANGE and upper is not None:
        r.fail("C024", f"只有区间指标才能写上限（upper），“{ident}”的类型是 {kind_key}", (entry.get("upper") or entry).location)
    if kind is IndicatorKind.RANGE and value is not None and upper is not None and Decimal(upper) < Decimal(value):
        r.fail("C025", f"区间指标“{ident}”的上限小于下限", (entry.get("upper") or entry).location)
    if kind is IndicatorKind.PERCENT and unit not in ("", "%"):
        r.fail("C026", f"比率指标“{ident}”的单位应当是 %，这里是“{unit}”", (entry.get("unit") or entry).location)
    if kind is IndicatorKind.AMOUNT and unit not in AMOUNT_UNITS:
        r.fail("C019", f"金额指标“{ident}”的单位应当是 {'、'.join(AMOUNT_UNITS)} 之一，这里是“{unit}”",
               (entry.get("unit") or entry).location, "例如 unit: 万元。")
    if kind is not None and kind is not IndicatorKind.PERCENT and value is not None and value.startswith("-"):
        r.fail("C037", f"{kind.value}指标“{ident}”的数值不能是负数，这里是“{value}”", (entry.get("value") or entry).location,
               "减少、下降写在文字里（如“减少{5件}”），数值写正数；增减幅度用比率。")
    if kind is IndicatorKind.PERCENT and value is not None and Decimal(value) > 100:
        r.problems.append(warning("W065", f"比率指标“{ident}”是 {value}%，超过 100%", (entry.get("value") or entry).location,
                                  "增长率等可以超过 100%，请确认没有写错。"))
    if kind is IndicatorKind.RANK and value is not None and not re.fullmatch(r"[1-9]\d{0,7}", value):
        r.fail("C027", f"排名指标“{ident}”的数值应当是不超过 8 位的正整数，这里是“{value}”", (entry.get("value") or entry).location)
    if kind is not None:
        _check_qualifier(r, entry, ident, kind, qualifier, value, unit)
    unit_in_text = r.boolean(entry.get("unit_in_text"), "unit_in_text")
    name = r.text(entry.get("name"), "指标名称")
    if value is None or kind is None or name is None or _errors(r) > errors_before:
        return None
    return Indicator(
        id=ident, name=name, kind=kind, value=value,
        unit="%" if kind is IndicatorKind.PERCENT else unit,
        upper=upper, qualifier=qualifier,
        unit_in_text=True if unit_in_text is None else unit_in_text,
        note=r.text(entry.get("note"), "备注") or "", location=entry.location,
    )


def _errors(r: Reader) -> int:
    return sum(problem.level is Level.ERROR for problem in r.problems)


def _check_qualifier(r: Reader, entry: Map, ident: str, kind: IndicatorKind, qualifier: str, value: str | None,
                     unit: str) -> None:
    """A qualifier the kind takes, in a place the number allows (5700余件, never 1.2余亿元)."""
    where = (entry.get("qualifier") or entry).location
    allowed = _QUALIFIERS.get(kind, ())
    if kind is IndicatorKind.APPROX and not qualifier:
        r.fail("C034", f"约数指标“{ident}”缺少限定词（qualifier）", where,
               "写出报告中的约数词，如 qualifier: 余（5700余件）、约（约80%）、以上（900人次以上）。")
    elif qualifier and qualifier not in allowed:
        hint = ("有限定词的数量请写 kind: approx。" if kind is IndicatorKind.COUNT
                else f"可用的限定词：{'、'.join(allowed)}" if allowed else "这种类型的指标不用限定词。")
        r.fail("C028", f"指标“{ident}”的限定词“{qualifier}”不适用于{kind.value}指标", where, hint)
    elif qualifier and value is not None and kind is not IndicatorKind.RANK:
        problem = qualifier_problem(qualifier, value, "%" if kind is IndicatorKind.PERCENT else unit)
        if problem:
            r.fail("C028", f"指标“{ident}”：{problem}", where, "按报告的写法改正数值或限定词，如 5700余件、约1.2亿元。")


def _decimal(r: Reader, node: Node | None, what: str) -> str | None:
    raw = r.text(node, what)
    if raw is None:
        return None
    assert node is not None  # the text was read from it
    text = raw.strip().replace(",", "")
    if not DECIMAL_PATTERN.fullmatch(text):
        r.fail("C029", f"{what}应当是阿拉伯数字，这里是“{raw[:40]}”", node.location,
               "只写数字（如 98.72），单位、“余”等写在 unit、qualifier 中。")
        return None
    problem = figure_value_problem(text)
    if problem:
        r.fail("C029", f"{what}：{problem}", node.location)
        return None
    return text


def figure_value_problem(value: str) -> str | None:
    """Why a figure's value cannot be kept exactly (in the workbook too), or None."""
    digits = len(value.lstrip("-").replace(".", "").lstrip("0")) or 1
    if digits > MAX_FIGURE_DIGITS:
        return f"数值有 {digits} 位有效数字，最多 {MAX_FIGURE_DIGITS} 位（电子表格只能精确保存 {MAX_FIGURE_DIGITS} 位）"
    return None


# ---------------------------------------------------------------- relations
def _relations(r: Reader, node: Node | None, known: dict[str, Indicator], declared: set[str]) -> list[Relation]:
    result: list[Relation] = []
    ids: set[str] = set()
    for item in r.seq(node, "指标关系（relations）"):
        entry = r.mapping(item, "指标关系", _RELATION, required=("id", "formula", "stated"))
        if entry is None:
            continue
        ident = r.text(entry.get("id"), "关系编号") or ""
        if ident and ident in ids:  # a missing id is reported once, as missing (E022)
            r.fail("C031", f"指标关系编号“{ident}”重复", (entry.get("id") or entry).location)
            continue
        ids.add(ident)
        formula_node = entry.get("formula")
        formula = r.text(formula_node, "计算公式") or ""
        stated = r.text(entry.get("stated"), "报告中写明的指标") or ""
        try:
            expression = parse(formula)
        except FormulaError as exc:
            where = formula_node.column_of(exc.offset) if isinstance(formula_node, Scalar) else entry.location
            r.fail("C032", f"计算公式写法有误：{exc.message}", where,
                   "只能使用指标编号、数字、+ - * / 和括号，如 chuting / kaiting。")
            continue
        missing = False
        for name in dict.fromkeys(references(expression)):
            if name not in declared:
                r.fail("C033", f"计算公式中的指标“{name}”不存在", (formula_node or entry).location, _closest_hint(name, known))
            missing = missing or name not in known
        if stated and stated not in declared:
            r.fail("C033", f"指标关系中的 stated“{stated}”不是已定义的指标", (entry.get("stated") or entry).location, _closest_hint(stated, known))
        if missing or stated not in known:
            continue  # an indicator it names is in error: reported there
        result.append(Relation(ident, r.text(entry.get("name"), "名称") or ident, formula, expression, stated,
                               entry.location))
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
        elif isinstance(item, Map) and item.get("table") is not None:
            table = _table(r, item, refs)
            if table is not None:
                blocks.append(table)
        elif isinstance(item, Map):
            section = _section(r, item, level, refs)
            if section is not None:
                blocks.append(section)
        else:
            r.fail("C041", "正文中的每一项应当是一段文字、一个带 heading 的小节或一个 table 表格", item.location)
    return blocks


def _table(r: Reader, node: Map, refs: _Refs) -> Table | None:
    """A table: rows of cells on a grid, spans resolved so every row covers the same columns."""
    outer = r.mapping(node, "表格", {"table": "表格"})
    spec = r.mapping(outer.get("table") if outer else None, "表格（table）", _TABLE, required=("rows",))
    if spec is None:
        return None
    caption_node = spec.get("caption")
    caption = _inlines(r, caption_node, refs) if isinstance(caption_node, Scalar) and not is_null(caption_node) else ()
    header_rows = r.integer(spec.get("header_rows"), "表头行数（header_rows）", 0)
    landscape = bool(r.boolean(spec.get("landscape"), "表格是否横排（landscape）"))
    rows: list[tuple[TableCell, ...]] = []
    figures: list[list[list[_InlineFigure]]] = []  # per row, per cell, the figures it defines
    for row_node in r.seq(spec.get("rows"), "表格各行（rows）"):
        if not isinstance(row_node, Seq):
            r.fail("C046", "表格的每一行应当是一个列表，如 [类别, 数量, 占比]", row_node.location)
            continue
        cells = []
        figures.append([])
        for item in row_node.items:
            before = len(refs.figures)
            cell = _cell(r, item, refs)
            if cell is not None:
                cells.append(cell)
                figures[-1].append(list(refs.figures.values())[before:])
        rows.append(tuple(cells))
    if not rows:
        r.fail("C046", "表格没有任何行", spec.location, "在 rows 下逐行写出单元格。")
        return None
    placed = _placed(r, rows, spec.location)
    if placed is None:
        return None
    columns = sum(cell.colspan for cell in placed[0])  # the first row has no span from above
    rows = placed
    aligns = r.texts(spec.get("columns"), "各列对齐方式（columns）")
    for align in aligns:
        if align not in CELL_ALIGNMENTS:
            r.fail("C047", f"列对齐方式“{align}”无效", (spec.get("columns") or spec).location,
                   "可以写 " + "、".join(f"{k}（{v}）" for k, v in CELL_ALIGNMENTS.items()) + "。")
    if len(aligns) > columns:
        r.fail("C047", f"columns 写了 {len(aligns)} 列的对齐方式，表格只有 {columns} 列", (spec.get("columns") or spec).location)
    header = 1 if header_rows is None else header_rows
    if header >= len(rows):
        r.fail("C048", f"表头行数 {header} 不少于表格的行数 {len(rows)}", spec.location, "表头之下至少要有一行内容。")
        return None
    _name_by_row_and_column(rows, figures, header)
    return Table(tuple(rows), columns, caption, aligns, header, node.location, landscape)


def _name_by_row_and_column(rows: list[tuple[TableCell, ...]], figures: list[list[list[_InlineFigure]]],
                            header: int) -> None:
    """A figure in a cell is named by its row and its column: 行政复议 + 案件数 → 行政复议案件数."""
    columns: dict[int, str] = {}  # grid column → the header text above it
    for row in rows[:header]:
        for cell in row:
            for spanned in range(cell.column, cell.column + cell.colspan):
                columns[spanned] = columns.get(spanned, "") + _plain(cell.inlines)
    labels: dict[int, str] = {}  # row → the words of its first column, which a row span carries down
    for index, row in enumerate(rows):
        for cell in row:
            if cell.column == 0:
                labels.update((below, _plain(cell.inlines)) for below in range(index, index + cell.rowspan))
    for index, (row, row_figures) in enumerate(zip(rows, figures)):
        if index < header:
            continue
        for cell, cell_figures in zip(row, row_figures):
            for found in cell_figures:
                if not found.named:
                    row_label = labels.get(index, "") if cell.column else ""
                    found.name = row_label + columns.get(cell.column, "") or found.name


def _plain(inlines: tuple[Inline, ...]) -> str:
    """The words of a cell, without its figures."""
    return "".join(inline.text for inline in inlines if isinstance(inline, Text | Literal)).strip()


def _cell(r: Reader, node: Node, refs: _Refs) -> TableCell | None:
    if isinstance(node, Scalar):
        return TableCell(_inlines(r, node, refs) if not is_null(node) else (), location=node.location)
    entry = r.mapping(node, "单元格", _CELL)
    if entry is None:
        return None
    text = entry.get("text")
    inlines = _inlines(r, text, refs) if isinstance(text, Scalar) and not is_null(text) else ()
    colspan = r.integer(entry.get("colspan"), "横向合并的列数（colspan）", 1) or 1
    rowspan = r.integer(entry.get("rowspan"), "纵向合并的行数（rowspan）", 1) or 1
    align = r.text(entry.get("align"), "对齐方式")
    if align is not None and align not in CELL_ALIGNMENTS:
        r.fail("C047", f"单元格对齐方式“{align}”无效", (entry.get("align") or entry).location,
               "可以写 " + "、".join(CELL_ALIGNMENTS) + "。")
        align = None
    return TableCell(inlines, colspan, rowspan, align, location=entry.location)


def _placed(r: Reader, rows: list[tuple[TableCell, ...]], where: Location) -> list[tuple[TableCell, ...]] | None:
    """The cells with the grid column each starts in (the first one no row span from above covers);
    every row must cover the same number of columns."""
    covered: set[tuple[int, int]] = set()  # (row, column) taken by a span from a row above
    placed: list[tuple[TableCell, ...]] = []
    widths = []
    for index, row in enumerate(rows):
        column = 0
        cells = []
        for cell in row:
            while (index, column) in covered:
                column += 1
            cells.append(dataclasses.replace(cell, column=column))
            for below in range(index + 1, index + cell.rowspan):
                covered.update((below, c) for c in range(column, column + cell.colspan))
            column += cell.colspan
        placed.append(tuple(cells))
        widths.append(max([column] + [c + 1 for (i, c) in covered if i == index]))
    if any(index >= len(rows) for index, _ in covered):
        r.fail("C049", "单元格的纵向合并（rowspan）超出了表格的最后一行", where)
        return None
    columns = max(widths)
    if columns > MAX_TABLE_COLUMNS:
        r.fail("C049", f"表格有 {columns} 列，最多 {MAX_TABLE_COLUMNS} 列", where, "把表格拆开，或改为横排表格的附件。")
        return None
    for index, (row, width) in enumerate(zip(placed, widths)):
        taken = sum(cell.colspan for cell in row) + sum(1 for (i, _) in covered if i == index)
        if width != columns or taken != columns:
            first = row[0].location if row else where
            r.fail("C049", f"表格第 {index + 1} 行有 {taken} 列，其他行有 {columns} 列", first,
                   "每行的单元格数（加上合并的列）要相同；空单元格写 \"\"。")
            return None
    return placed


def _section(r: Reader, node: Map, level: int, refs: _Refs) -> Section | None:
    entry = r.mapping(node, "小节", _SECTION, required=("heading",))
    if entry is None or is_null(entry.get("heading")):
        return None
    heading_node = entry.get("heading")
    if not isinstance(heading_node, Scalar):
        r.fail("C042", "标题（heading）应当是一行文字", (heading_node or entry).location)
        return None
    if level > MAX_HEADING_LEVEL:
        r.fail("C043", f"标题层级超过 {MAX_HEADING_LEVEL} 级（GB/T 9704 只有 一、（一）1.（1）四级）", heading_node.location,
               "把这一节并入上一级，或改成普通段落。")
        return None
    label = typed_label(heading_node.raw)
    part = TYPED_PART.match(heading_node.raw)
    typed_end = label.end if label else part.end() if part else 0
    if typed_end:
        r.fail("C044", f"标题开头手写了序号“{heading_node.raw[:typed_end].strip()}”", heading_node.location,
               "删去序号，序号会按层级自动生成（一、（一）1.（1））；要保留报告自己的序号，写 number: N。")
        # Read on after the typed label, so its digits are not reported a second time.
        heading_node = Scalar(heading_node.raw[typed_end:], heading_node.column_of(typed_end), False, "")
    run_in = bool(r.boolean(entry.get("run_in"), "run_in"))
    number = r.integer(entry.get("number"), "标题序号（number）", 1)
    if number is not None and number > 99:
        r.fail("C044", f"标题序号 {number} 太大", (entry.get("number") or entry).location, "标题序号写 1 到 99 之间的整数。")
        number = None
    children = _blocks(r, entry.get("body"), level + 1, refs, "小节")
    if run_in and (not children or not isinstance(children[0], Paragraph)):
        r.fail("C045", "连排标题（run_in: true）后面的第一项必须是一段文字", heading_node.location,
               "在 body 下第一项写出与标题连排的段落，或删去 run_in。")
    return Section(_inlines(r, heading_node, refs), tuple(children), run_in, number, heading_node.location)


_BRACE = re.compile(r"\{\{|\}\}|[{}]")  # an escaped brace ({{ or }}) first, then a lone one
_DIGIT = re.compile(f"[{ASCII_DIGITS}{FULL_WIDTH_DIGITS}]")
_WRITTEN_ID = re.compile(r"[#＃]([A-Za-z_][A-Za-z0-9_]*)")
AUTOMATIC_ID_PREFIX = "fig"


def _written_ids(root: Node) -> set[str]:
    """Every id the source writes (`id:` values and `#id` in braces), so an automatic id never takes one."""
    found: set[str] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, Scalar):
            found.update(_WRITTEN_ID.findall(node.raw))
            if ID_PATTERN.fullmatch(node.raw):
                found.add(node.raw)
        elif isinstance(node, Seq):
            stack.extend(node.items)
        else:
            stack.extend(value for _, value in node.entries)
    return found


def _inlines(r: Reader, node: Scalar, refs: _Refs) -> tuple[Inline, ...]:
    """Split prose into text, `{id}` references, `{66项}` inline figures and `{2022}` literals; flag loose digits."""
    raw = node.raw
    if node.style in ("|", ">"):
        raw = raw.strip()
    text = re.sub(r"[ \t]*\n[ \t]*", "", raw) if node.style == "|" else raw
    if len(text) > MAX_PARAGRAPH:
        r.fail("C053", f"这一段有 {len(text)} 个字符，最多 {MAX_PARAGRAPH} 个", node.location,
               "把它分成几段；检查是不是几段文字连成了一段。")
        return (Text(text[:MAX_PARAGRAPH], node.location),)
    inlines: list[Inline] = []
    pieces: list[str] = []  # the plain text gathered since the last reference, braces unescaped
    pieces_start = 0  # where in `text` the gathered text starts
    printed: list[str] = []  # the paragraph as printed, to name its figures from their context
    unnamed: list[tuple[_InlineFigure, int, int]] = []  # figures to name, with their place in the printed text

    def flush() -> None:
        if pieces:
            chunk = "".join(pieces)
            _check_prose(r, node, chunk, pieces_start)
            inlines.append(Text(chunk, node.column_of(pieces_start)))
            printed.append(chunk)
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
            r.fail("C050", "多了一个右花括号“}”", node.column_of(at), "花括号要成对：{66项}、{编号} 或 {2022}；要印出花括号本身请写 }}。")
            position = at + 1
        else:
            close = text.find("}", at + 1)
            if close < 0:
                r.fail("C051", "花括号“{”没有配对的“}”", node.column_of(at), "补上“}”，如 {66项} 或 {baolian_ganbu}。")
                position = len(text)  # the rest is not read
                break
            flush()
            start = sum(map(len, printed))
            shown, waiting = _brace(r, node.column_of(at), text[at + 1:close], refs, inlines)
            printed.append(shown)
            if waiting is not None:
                unnamed.append((waiting, start, start + len(shown)))
            position = close + 1
    if position < len(text):
        gather(position, text[position:])
    flush()
    sentence = "".join(printed)
    for found, start, end in unnamed:
        found.name = guess_name(sentence, start, end) or found.written
    return tuple(inlines)


def _brace(r: Reader, where: Location, content: str, refs: _Refs,
           inlines: list[Inline]) -> tuple[str, _InlineFigure | None]:
    """What stands in braces, added to `inlines`; returns its printed text and an inline figure still to be named."""
    match parse_brace(content):
        case BraceProblem(message=message):
            r.fail("C052", f"花括号里的“{content}”写法有误：{message}", where,
                   "数字写成 {66项}、{98.72%}、{5700余件}；年份、序号写成 {2022}；引用指标写 {编号}。")
            return content, None
        case BraceReference(id=ident):
            ref = IndicatorRef(ident, where)
            refs.seen.append(ref)
            inlines.append(ref)
            return "", None
        case BraceLiteral(text=literal):
            for span in find_figures(literal):
                if span.fix:
                    r.problems.append(warning("W063", f"“{span.text}”：{span.fix}", where, f"写作 {{{span.written}}}。"))
            inlines.append(Literal(literal, where))
            return literal, None
        case BraceFigure(figure=figure, written=written, id=ident, name=name):
            problem = figure_value_problem(figure.value) or (figure_value_problem(figure.upper) if figure.upper else None)
            if problem:
                r.fail("C029", f"数字“{written[:40]}”：{problem}", where)
                return written, None
            if ident in refs.figures:
                earlier = refs.figures[ident]
                if earlier.figure != figure:
                    r.fail("C036", f"编号“{ident}”已经用于“{earlier.written}”（{earlier.location}），这里又写作“{written}”",
                           where, "同一个数字第二次出现时写 {" + ident + "}；不同的数字用不同的编号。")
                    return written, None
                ref = IndicatorRef(ident, where)
                refs.seen.append(ref)
                inlines.append(ref)
                return written, None
            found = _InlineFigure(ident or refs.automatic_id(), figure, written, name, bool(name), where)
            refs.figures[found.id] = found
            ref = IndicatorRef(found.id, where)
            refs.seen.append(ref)
            inlines.append(ref)
            return written, None if name else found
        case _:
            raise AssertionError(content)


def _check_prose(r: Reader, node: Scalar, chunk: str, start: int) -> None:
    """Digits outside braces are untracked figures, unless they are years, dates or festival names;
    ASCII marks in Chinese text are likely conversion slips."""
    covered = 0
    for span in find_figures(chunk):
        where = node.column_of(start + span.start)
        if span.fix and not span.needs_braces:
            r.problems.append(warning("W063", f"“{span.text}”：{span.fix}", where, f"写作“{span.written}”。"))
        covered = max(covered, span.end)
        if not span.needs_braces:
            continue
        if any(c in FULL_WIDTH_DIGITS for c in span.text):
            r.fail("C060", f"全角数字“{span.text}”：正文中的数字应当用半角阿拉伯数字", where, "改成半角数字。")
        if span.problem:
            r.fail("C061", f"数字“{span.text}”写法有误：{span.problem}", where, "按报告的原意改写，并写在花括号里。")
        elif span.role is SpanRole.FIGURE:
            r.fail("C061", f"数字“{span.text}”没有写在花括号里，不会进入指标工作簿", where,
                   f"写成 {{{span.written}}}；运行 exporter fix 可以一次改好全部。")
        else:
            r.fail("C061", f"数字“{span.text}”既不是指标，也没有标明不是指标", where,
                   f"如果它是一个统计数字，写成 {{{span.text}个}} 这样带单位的形式；如果是年份、序号或名称，写成 {{{span.text}}}。")
    for digit in _DIGIT.finditer(chunk, covered):
        r.fail("C061", f"数字“{digit.group()}”既不是指标，也没有标明不是指标", node.column_of(start + digit.start()),
               "写在花括号里：统计数字带上单位，如 {66项}；年份、序号或名称如 {2022}。")
        break
    for mark in ascii_marks_in_chinese(chunk):
        r.problems.append(warning("W062", f"中文中使用了英文标点“{mark.mark}”", node.column_of(start + mark.offset),
                                  f"改为全角“{mark.replacement}”（GB/T 15834）；运行 exporter fix 可以一次改好全部。"))


def _reference_problems(refs: _Refs, known: dict[str, Indicator], declared: set[str]) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    used = set()
    for ref in refs.seen:
        used.add(ref.id)
        if ref.id not in declared:
            problems.append(error("C070", f"引用了不存在的指标“{{{ref.id}}}”", ref.location, _closest_hint(ref.id, known)))
    for ident, indicator in known.items():
        if ident not in used:
            problems.append(warning("W071", f"指标“{ident}”（{indicator.name}）定义了但正文没有用到", indicator.location,
                                    "在正文中写 {" + ident + "}，或删除这个指标。"))
    return problems
