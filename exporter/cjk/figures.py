"""Figures in Chinese text (GB/T 15835 and 公文 usage): qualifier places, units, the figure grammar, names from context."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .numerals import CHINESE_NUMERAL_CHARACTERS as _CHINESE_NUMERAL
from .numerals import chinese_integer
from enum import Enum
from typing import Literal

RANGE_SIGN = "～"  # GB/T 15835 §4.2: numeric ranges 6～8 (U+FF5E)
SPAN_DASH = "—"  # GB/T 15834 连接号: the span of two years, 2022—2025年 (U+2014)


class QualifierPlace(Enum):
    """Where an approximation's word stands in the printed figure."""

    BEFORE_NUMBER = "数字之前"  # 约80%, 近500件
    AFTER_NUMBER = "数字之后、单位之前"  # 5700余件, 2600余万元: only after an integer
    AFTER_UNIT = "单位之后"  # 900人次以上, 300家左右


# The reader's word order decides the place; it is part of each word's definition.
QUALIFIER_PLACES: dict[str, QualifierPlace] = {
    **{word: QualifierPlace.BEFORE_NUMBER for word in ("约", "近", "超", "逾", "超过", "不少于", "不到")},
    **{word: QualifierPlace.AFTER_NUMBER for word in ("余", "多")},
    **{word: QualifierPlace.AFTER_UNIT for word in ("以上", "以下", "左右", "以内")},
}
RANK_QUALIFIERS = ("倒数",)  # 倒数第四名: a rank counted from the bottom

# Amounts keep the unit the report uses; comparisons convert to 元.
AMOUNT_UNITS: dict[str, int] = {"元": 1, "万元": 10_000, "亿元": 100_000_000}


def qualifier_problem(qualifier: str, number: str, unit: str) -> str | None:
    """Why `qualifier` cannot stand with this number and unit, or None when it can."""
    place = QUALIFIER_PLACES.get(qualifier)
    if place is None:
        return f"“{qualifier}”不是表示约数的词"
    if place is QualifierPlace.AFTER_NUMBER:
        if "." in number:
            return f"“{qualifier}”只能跟在整数后面（如 5700余件），不能跟在小数 {number} 后面"
        if unit == "%":
            return f"“{qualifier}”不能和 % 连用"
    return None


def approximate(number: str, unit: str, qualifier: str) -> str:
    """A figure with its qualifier in the reader's word order: 约80%, 5700余件, 2600余万元, 300家左右."""
    match QUALIFIER_PLACES.get(qualifier):
        case QualifierPlace.BEFORE_NUMBER:
            return f"{qualifier}{number}{unit}"
        case QualifierPlace.AFTER_NUMBER:
            return f"{number}{qualifier}{unit}"
        case QualifierPlace.AFTER_UNIT:
            return f"{number}{unit}{qualifier}"
        case None:
            return f"{number}{unit}"


def amount_in_yuan(value: Decimal, unit: str) -> Decimal:
    """An amount written in 元, 万元 or 亿元, in 元."""
    return value * AMOUNT_UNITS[unit]


# ---------------------------------------------------------------- units
# 量词 and units of measure common in government work reports. In running prose a number is a figure
# only when one of these (or %) follows it, so codes such as 12345热线 and 1153工作模式 stay names.
COUNT_UNITS = (
    "人次", "人", "名", "位", "户次", "户", "家次", "家", "件", "个", "项", "次", "场次", "场", "条", "份", "卷",
    "期", "支", "所", "座", "处", "起", "宗", "批次", "批", "类", "套", "台次", "台", "辆", "篇", "部", "本",
    "册", "种", "张", "块", "间", "栋", "幢", "艘", "架次", "架", "例", "轮", "届", "门", "棵", "株", "头",
    "只", "口", "笔", "单", "个百分点", "百分点", "倍", "岁", "所",
)
MEASURE_UNITS = (
    "平方公里", "平方千米", "平方米", "立方米", "公里", "千米", "米", "公顷", "亩", "吨", "千克", "公斤",
    "千瓦时", "千瓦", "兆瓦", "小时", "分钟", "个工作日", "工作日", "天", "周年", "周", "个月", "年",
)
TIME_UNITS = ("小时", "分钟", "个工作日", "工作日", "天", "周年", "周", "个月", "年")
MULTIPLIERS = ("万", "亿")  # 3.5万人, 1.37亿元: the unit keeps its multiplier
PERCENT = "%"
_FULL_WIDTH_PERCENT = "％"
_FULL_WIDTH_DIGITS = "０１２３４５６７８９"

FigureKind = Literal["count", "percent", "amount", "approx", "range", "rank"]


@dataclass(frozen=True)
class Figure:
    """One figure as written: 5700余件 is an approx of value "5700", unit 件, qualifier 余."""

    kind: FigureKind
    value: str  # decimal string as written, without thousands separators: "98.72"
    upper: str | None  # a range's upper bound (6～8个: value "6", upper "8")
    unit: str  # as written: 人次, %, 万元, 名; "" for a bare number given a name
    qualifier: str  # "" or a word of QUALIFIER_PLACES or RANK_QUALIFIERS


class FigureProblem(ValueError):
    """Text written as a figure that breaks the rules; the message is Chinese and says what to write."""


# ---------------------------------------------------------------- the figure grammar
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"  # thousands separators allowed, stored without
_BEFORE = "|".join(sorted((w for w, p in QUALIFIER_PLACES.items() if p is QualifierPlace.BEFORE_NUMBER), key=len, reverse=True))
_AFTER_NUMBER = "|".join(w for w, p in QUALIFIER_PLACES.items() if p is QualifierPlace.AFTER_NUMBER)
_AFTER_UNIT = "|".join(w for w, p in QUALIFIER_PLACES.items() if p is QualifierPlace.AFTER_UNIT)
_KNOWN_UNIT = "|".join(sorted(set(COUNT_UNITS + MEASURE_UNITS + tuple(AMOUNT_UNITS)), key=len, reverse=True))
# In prose only known units count; between braces the clerk has said it is a figure, so any Chinese word is a unit.
_PROSE_UNIT = rf"[%％]|[万亿](?:{_KNOWN_UNIT})?|(?:{_KNOWN_UNIT})"
_BRACE_UNIT = rf"%|(?!{_AFTER_NUMBER}|{_AFTER_UNIT})[\u4e00-\u9fff]{{1,6}}?"
_RANGE_SEPARATOR = r"[～~\-－—–]|至|到"
_RANK = rf"(?P<rank_q>倒数)?第(?P<rank_n>[{_CHINESE_NUMERAL}]+|\d+)(?P<rank_unit>名)"


def _single(unit: str) -> str:
    return (rf"(?P<before>{_BEFORE})?(?P<number>{_NUMBER})(?P<after_number>{_AFTER_NUMBER})?"
            rf"(?P<unit>{unit})(?P<after_unit>{_AFTER_UNIT})?")


def _range(unit: str) -> str:
    return (rf"(?P<low>{_NUMBER})(?P<low_unit>{unit})?(?P<separator>{_RANGE_SEPARATOR})"
            rf"(?P<high>{_NUMBER})(?P<range_unit>{unit})")


_BRACE_RANK = re.compile(_RANK)
_BRACE_SINGLE = re.compile(_single(_BRACE_UNIT))
_BRACE_RANGE = re.compile(_range(_BRACE_UNIT))
_BARE_NUMBER = re.compile(rf"(?P<before>{_BEFORE})?(?P<number>{_NUMBER})(?P<after_number>{_AFTER_NUMBER})?(?P<after_unit>{_AFTER_UNIT})?")
_ORDINAL = re.compile(rf"第(?:[{_CHINESE_NUMERAL}]+|\d+)")

# Literals: numbers that are not figures. Years and dates are checked before figures, so 2022年 is a year.
_YEAR = r"[12]\d{3}"
_MONTH = r"(?:1[0-2]|0?[1-9])"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_YEAR_SPAN = rf"{_YEAR}年?\s*(?P<span_sep>[～~\-－—–]|至|到)\s*{_YEAR}(?:年度|年)?"
_MONTH_SPAN = rf"{_MONTH}(?P<month_sep>[～~\-－—–]|至){_MONTH}月"  # 1—11月
_DATE = rf"{_YEAR}年(?:{_MONTH}月(?:{_DAY}日)?|度)?|{_MONTH}月(?:{_DAY}日)?|{_DAY}日"
_FESTIVAL = rf"{_MONTH}[·・]{_DAY}(?!\d)"  # 3·15, 12·4: days named by their date
_SCHEME = r"[A-Za-z0-9]*\d[A-Za-z0-9]*(?:[+＋×][A-Za-z0-9]+)+"  # 1+41+17, 1+N, 7×24
_LATIN_CODE = r"[A-Za-z]+\d[A-Za-z0-9]*|\d+[A-Za-z][A-Za-z0-9]*"  # 5G, G20, 4A
_LITERAL_DATE = re.compile(rf"(?:{_YEAR_SPAN}|{_MONTH_SPAN}|{_DATE}|{_FESTIVAL})")


def parse_figure(text: str) -> Figure | None:
    """One figure as written inside braces, or None when the text is not a figure (or breaks a rule)."""
    try:
        return _figure(text)
    except FigureProblem:
        return None


def figure_problem(text: str) -> str | None:
    """Why text written as a figure is wrong (in Chinese, with what to write), or None."""
    try:
        _figure(text)
    except FigureProblem as problem:
        return str(problem)
    return None


def _figure(text: str) -> Figure | None:
    """The figure `text` writes; raises FigureProblem for a figure that breaks a rule."""
    text = text.strip()
    if not text or not re.search(r"\d|第", text):
        return None
    if any(c in _FULL_WIDTH_DIGITS for c in text):
        raise FigureProblem(f"“{text}”中有全角数字，数字应当用半角阿拉伯数字")
    if _FULL_WIDTH_PERCENT in text:
        raise FigureProblem(f"“{text}”中的百分号应当用半角 %：{text.replace(_FULL_WIDTH_PERCENT, PERCENT)}")
    if _LITERAL_DATE.fullmatch(text) or _ORDINAL.fullmatch(text):
        return None  # a year, a date, a year span, 第一: literals
    if rank := _BRACE_RANK.fullmatch(text):
        return _rank(rank)
    if ranged := _BRACE_RANGE.fullmatch(text):
        return _range_figure(ranged, text)
    if single := _BRACE_SINGLE.fullmatch(text):
        return _single_figure(single, text)
    if bare := _BARE_NUMBER.fullmatch(text):
        qualifiers = [q for q in (bare["before"], bare["after_number"], bare["after_unit"]) if q]
        if len(qualifiers) > 1:
            raise FigureProblem(f"“{text}”带了两个约数词（{'、'.join(qualifiers)}），只能留一个")
        if qualifiers:  # 约80, 300余, 300以上: an approximation even without a unit
            return Figure("approx", _plain(bare["number"]), None, "", qualifiers[0])
        return None  # a bare number is a literal
    _explain_unreadable(text)
    return None


def _plain(number: str) -> str:
    return number.replace(",", "")


def _rank(match: re.Match[str]) -> Figure:
    numeral = match["rank_n"]
    value = int(numeral) if numeral.isdigit() else chinese_integer(numeral)
    if value < 1:
        raise FigureProblem(f"名次“{match.group()}”应当从第一名开始")
    return Figure("rank", str(value), None, match["rank_unit"] or "", match["rank_q"] or "")


def _range_figure(match: re.Match[str], text: str) -> Figure:
    low, high, unit = _plain(match["low"]), _plain(match["high"]), match["range_unit"]
    low_unit = match["low_unit"] or ""
    if match["separator"] != RANGE_SIGN:
        fixed = text.replace(match["separator"], RANGE_SIGN, 1)
        raise FigureProblem(f"数值范围“{text}”应当用浪纹线“～”连接：{fixed}")
    if low_unit and low_unit != unit and not unit.startswith(low_unit):
        raise FigureProblem(f"数值范围“{text}”两端的单位不同")
    if not low_unit and (unit == PERCENT or unit[:1] in MULTIPLIERS):
        # GB/T 15835: 15%～30%, 13万元～17万元, never 15～30% or 13～17万元.
        fixed = f"{match['low']}{unit}{RANGE_SIGN}{match['high']}{unit}"
        raise FigureProblem(f"数值范围“{text}”两端都要写“{unit}”：{fixed}")
    if Decimal(high) <= Decimal(low):
        raise FigureProblem(f"数值范围“{text}”的上限应当大于下限")
    return Figure("range", low, high, unit, "")


def _single_figure(match: re.Match[str], text: str) -> Figure:
    number, unit = match["number"], match["unit"]
    qualifiers = [q for q in (match["before"], match["after_number"], match["after_unit"]) if q]
    if len(qualifiers) > 1:
        raise FigureProblem(f"“{text}”带了两个约数词（{'、'.join(qualifiers)}），只能留一个")
    qualifier = qualifiers[0] if qualifiers else ""
    if qualifier and (problem := qualifier_problem(qualifier, number, unit)):
        raise FigureProblem(f"“{text}”：{problem}")
    if unit[:1] in MULTIPLIERS and unit[1:2] in QUALIFIER_PLACES and not qualifier:
        _explain_unreadable(text)  # 3万余人
    value = _plain(number)
    if unit == PERCENT:
        return Figure("percent", value, None, unit, qualifier)
    if unit in AMOUNT_UNITS:
        return Figure("amount", value, None, unit, qualifier)
    return Figure("approx" if qualifier else "count", value, None, unit, qualifier)


def _explain_unreadable(text: str) -> None:
    """Raise a FigureProblem for text that looks like a figure but is none; return for a plain literal."""
    if wan := re.fullmatch(rf"({_NUMBER})([万亿])([余多])(.*)", text):
        scale = 10_000 if wan[2] == "万" else 100_000_000
        whole = Decimal(_plain(wan[1])) * scale
        raise FigureProblem(f"“{text}”：“{wan[3]}”写在“{wan[2]}”之后的约数暂不支持，"
                            f"请写成 {whole.normalize():f}{wan[3]}{wan[4]} 或 {wan[1]}{wan[3]}{wan[2]}{wan[4]}")
    if re.fullmatch(rf"{_NUMBER}[余多]%", text):
        raise FigureProblem(f"“{text}”：“余”“多”不能和 % 连用，可写成“约{re.sub(r'[余多]', '', text)}”")
    if re.search(rf"\d(?:{_PROSE_UNIT})(?:{_AFTER_UNIT})?$", text) and not re.search(r"[+＋×·]", text):
        raise FigureProblem(f"“{text}”看起来是一个数字，但写法无法识别")


# ---------------------------------------------------------------- braces
_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ID_MARK = "#＃"
_NAME_MARK = "|｜"


@dataclass(frozen=True)
class BraceReference:
    """`{baolian_ganbu}`: a reference to an indicator declared under `indicators:`."""

    id: str


@dataclass(frozen=True)
class BraceLiteral:
    """`{2022}`, `{第一}`, `{1153}`: a number that is not a figure, printed as written."""

    text: str


@dataclass(frozen=True)
class BraceFigure:
    """`{51630人#baolian|包联干部人数}`: a figure defined where it stands, with an optional id and name."""

    figure: Figure
    written: str  # the figure as printed: 51630人 (the id and name are not printed)
    id: str = ""
    name: str = ""


@dataclass(frozen=True)
class BraceProblem:
    """Brace content that cannot be read; the message is Chinese and says what to change."""

    message: str


Brace = BraceReference | BraceLiteral | BraceFigure | BraceProblem


def parse_brace(content: str) -> Brace:
    """What stands between `{` and `}`: a reference, a literal, or a figure with optional `#id` and `|名称`.

    The id and the name may come in either order (`{66项#miaopi|民生事项}` or `{66项|民生事项#miaopi}`):
    `|` starts the name, and `#` followed by an identifier at the end of the figure or of the name is the id.
    Full-width ＃ and ｜, as a Chinese input method types them, mean the same.
    """
    content = content.strip()
    if not content:
        return BraceProblem("花括号里是空的")
    if _ID.fullmatch(content):
        return BraceReference(content)
    figure_part, name = content, ""
    bar = next((i for i, c in enumerate(content) if c in _NAME_MARK), -1)
    if bar >= 0:
        figure_part, name = content[:bar].strip(), content[bar + 1:].strip()
    ident = ""
    for part in ("figure", "name"):
        text = figure_part if part == "figure" else name
        hash_at = max(text.rfind(mark) for mark in _ID_MARK)
        if hash_at < 0:
            continue
        candidate = text[hash_at + 1:].strip()
        if not _ID.fullmatch(candidate):
            return BraceProblem(f"“{candidate}”不能作编号：编号只能由英文字母、数字和下划线组成，且不能以数字开头")
        if ident:
            return BraceProblem("一个数字只能有一个编号（#…）")
        ident = candidate
        if part == "figure":
            figure_part = text[:hash_at].strip()
        else:
            name = text[:hash_at].strip()
    if any(mark in figure_part for mark in _ID_MARK):
        return BraceProblem("一个数字只能有一个编号（#…）")
    if bar >= 0 and not name:
        return BraceProblem("“|”后面缺少指标名称")
    if not figure_part:
        return BraceProblem("花括号里缺少数字")
    try:
        figure = _figure(figure_part)
    except FigureProblem as problem:
        return BraceProblem(str(problem))
    if figure is None and (ident or name):
        figure = _named_bare(figure_part)
        if figure is None:
            return BraceProblem(f"“{figure_part}”不是数字，不能带编号或名称")
    if figure is None:
        return BraceLiteral(content)
    return BraceFigure(figure, figure_part, ident, name)


def _named_bare(text: str) -> Figure | None:
    """A bare number or ordinal given an id or a name is a figure without a unit: “{1#zongti}+41+17”, 全省{第一|排名}."""
    if re.fullmatch(_NUMBER, text):
        return Figure("count", _plain(text), None, "", "")
    if ordinal := re.fullmatch(rf"(倒数)?第([{_CHINESE_NUMERAL}]+|\d+)", text):
        value = int(ordinal[2]) if ordinal[2].isdigit() else chinese_integer(ordinal[2])
        return Figure("rank", str(value), None, "", ordinal[1] or "") if value > 0 else None
    return None


# ---------------------------------------------------------------- figures in untagged prose
class SpanRole(Enum):
    """What a number found in prose is."""

    FIGURE = "数字"  # a figure: 66项, 98.72%, 5700余件, 第三名
    DATE = "日期"  # a year, a date, a year span: 2022年, 2023年2月22日, 2022—2025年
    FESTIVAL = "节日"  # 3·15, 12·4
    ORDINAL = "序数"  # 第3
    LABEL = "标号"  # 表1, 图2, 附件3: the number of a table, figure or attachment
    CODE = "名称"  # a number that names something: 12345热线, 1153工作模式, “1+41+17”


@dataclass(frozen=True)
class Span:
    """A number found in prose: where it stands, what it is, and how it should be written."""

    start: int
    end: int
    role: SpanRole
    text: str  # as found
    written: str  # as it should be written: 6～8个 for 6-8个, 15%～20% for 15～20%, 2022—2025年 for 2022-2025年
    figure: Figure | None = None  # for SpanRole.FIGURE, unless `problem`
    fix: str = ""  # why `written` differs from `text`, in Chinese
    problem: str = ""  # a figure the grammar refuses; `written` is then `text`

    @property
    def needs_braces(self) -> bool:
        """Figures and named numbers go in braces; recognised years, dates, festival names and labels may stand bare.

        A refused figure (`problem`) needs braces too: left bare, it is a loose digit the clerk must rewrite.
        """
        if self.role in (SpanRole.FESTIVAL, SpanRole.LABEL):
            return False
        if self.role is SpanRole.DATE:
            return not self.written.endswith(("年", "年度", "月", "日"))
        return True


_PROSE = re.compile(
    rf"(?P<label>(?:附表|附件|表|图)\d+(?:[-.－]\d+)?)(?![\d.%％万亿]|{_KNOWN_UNIT})"
    rf"|(?P<festival>{_FESTIVAL})"
    rf"|(?P<year_span>{_YEAR_SPAN})"
    rf"|(?P<month_span>{_MONTH_SPAN})"
    rf"|(?P<date>(?:{_DATE})(?![\d个]))"
    rf"|(?P<rank>{_RANK})"
    rf"|(?P<ordinal>第\d+)"
    rf"|(?P<scheme>{_SCHEME})"
    rf"|(?P<scaled_approx>{_NUMBER}[万亿][余多](?:{_KNOWN_UNIT}))"  # 3万余人: refused, but found whole
    rf"|(?P<range>{_range(_PROSE_UNIT)})"
    rf"|(?P<single>{_single(_PROSE_UNIT)})"
    rf"|(?P<latin>{_LATIN_CODE})"
    rf"|(?P<bare>{_NUMBER})"
)
_NOT_AFTER = re.compile(r"[\dA-Za-z.]")  # a match may not start inside a number or a Latin word
_CANDIDATE = re.compile(r"[A-Za-z]*\d|第")  # where _PROSE's matches have their first digit (or 第 of a rank)
# The most characters a match holds before that: a qualifier (不少于), 倒数 of a rank, 附件 of a label.
_LONGEST_LEAD = max(len("倒数"), len("附件"), *(len(word) for word in _BEFORE.split("|")))


def find_figures(text: str) -> list[Span]:
    """Every number in untagged prose, figure or literal, left to right; conservative: unknown words make names."""
    spans: list[Span] = []
    position = 0
    # Trying every alternative at every character of a long paragraph is slow; a match starts at most
    # _LONGEST_LEAD characters before a digit or 第 (or where a Latin code's letters begin), so the
    # search may start there.
    while candidate := _CANDIDATE.search(text, position):
        match = _PROSE.search(text, max(position, candidate.start() - _LONGEST_LEAD))
        if match is None:
            break
        start = match.start()
        if start and _NOT_AFTER.match(text[start - 1]) and text[start].isdigit():
            position = start + 1
            continue
        span = _span(match)
        if span is None:  # 近3年: 近 means "recent" here; read again from the number
            position = start + 1
            continue
        spans.append(span)
        position = span.end
    return spans


def _span(match: re.Match[str]) -> Span | None:
    found, start, end = match.group(), match.start(), match.end()
    kind = match.lastgroup
    if kind == "festival":
        return Span(start, end, SpanRole.FESTIVAL, found, found)
    if kind == "label":
        return Span(start, end, SpanRole.LABEL, found, found)
    if kind in ("year_span", "month_span"):
        separator = match["span_sep"] or match["month_sep"]
        if separator in "-－–~":
            return Span(start, end, SpanRole.DATE, found, found.replace(separator, SPAN_DASH, 1),
                        fix=f"起止时间用连接号“{SPAN_DASH}”")
        return Span(start, end, SpanRole.DATE, found, found)
    if kind == "date":
        return Span(start, end, SpanRole.DATE, found, found)
    if kind == "ordinal":
        return Span(start, end, SpanRole.ORDINAL, found, found)
    if kind == "latin" and not found[0].isdigit():
        # G20, A8: braced whole they would read as an indicator id, so the name's number starts the span.
        digit = next(i for i, c in enumerate(found) if c.isdigit())
        return Span(start + digit, end, SpanRole.CODE, found[digit:], found[digit:])
    if kind in ("scheme", "latin", "bare"):
        return Span(start, end, SpanRole.CODE, found, found)
    if kind == "single" and match["before"] == "近" and match["unit"] in TIME_UNITS:
        return None
    written, fix = _prose_written(match, kind)
    try:
        figure = _figure(written)
    except FigureProblem as problem:
        return Span(start, end, SpanRole.FIGURE, found, found, problem=str(problem))
    if figure is None:
        return Span(start, end, SpanRole.CODE, found, found)
    return Span(start, end, SpanRole.FIGURE, found, written, figure, fix)


def _prose_written(match: re.Match[str], kind: str | None) -> tuple[str, str]:
    """A range as GB/T 15835 writes it: 6～8个, 15%～20%, 13万元～17万元."""
    found = match.group()
    if _FULL_WIDTH_PERCENT in found:
        return found.replace(_FULL_WIDTH_PERCENT, PERCENT), "百分号用半角“%”"
    if kind != "range":
        return found, ""
    low, high, unit = match["low"], match["high"], match["range_unit"]
    low_unit = match["low_unit"] or ""
    if not low_unit and (unit == PERCENT or unit[:1] in MULTIPLIERS):
        low_unit = unit
    written = f"{low}{low_unit}{RANGE_SIGN}{high}{unit}"
    if written == found:
        return found, ""
    if match["separator"] != RANGE_SIGN and low_unit == (match["low_unit"] or ""):
        return written, "数值范围用浪纹线“～”连接"
    return written, f"数值范围两端都要写“{unit}”"


# ---------------------------------------------------------------- names from context
_CLAUSE_END = "，。；：！？,;:!?\n"
_AFTER_STOP = _CLAUSE_END + "、（）()《》"
# Words that end the counted thing after a figure: 18个基层单位为……, 19970名行政执法人员通过……
_AFTER_STOP_WORDS = ("分别", "通过", "为", "在", "被", "得到", "获得", "荣获", "参加", "参与", "已", "均", "和", "及", "等")
# Words of scope and time that open a clause but do not name the thing: 全市包联干部 → 包联干部
_SCOPE_WORDS = ("今年以来", "目前", "实现", "其中", "此外", "同时", "全年", "全市", "全省", "全县", "全区", "我市", "我省",
                "我县", "我区", "共有", "共", "已经", "已", "先后", "分别", "均")
_TALLY_WORDS = re.compile("累计|合计|共计")  # 市直执法部门合计制定从轻条款 → 市直执法部门制定从轻条款
# Linking words between the thing and its figure: 包联干部达到51630人 → 包联干部
_LINK_WORDS = ("达到了", "达到", "达", "为", "是", "共有", "共", "均", "约", "近", "超过", "超", "逾", "从", "由", "已")
_PEOPLE_UNITS = ("人", "名", "人次", "万人", "万人次")


def guess_name(text: str, start: int, end: int) -> str:
    """A short name for the figure at text[start:end]: the thing it counts, from the words around it.

    `text` is the sentence as printed (no braces). The words right after the figure name the thing when
    they follow it directly (实现66项民生事项“秒批秒办” → 民生事项“秒批秒办”); otherwise the words of the
    clause before it do (包联干部达到51630人 → 包联干部). A rank is named after what is ranked (营商环境排名).
    """
    figure = parse_figure(text[start:end])
    if figure is not None and figure.kind == "rank":
        before, previous = _phrase_before(text, start)
        if previous is not None and previous.figure is not None and previous.figure.kind == "rank":
            return guess_name(text, previous.start, previous.end)  # 从倒数第四名跃升至全省第三名: one ranking
        return before if before.endswith(("排名", "名次")) else before + "排名"
    after = _phrase_after(text, end)
    if after:
        return after
    before, previous = _phrase_before(text, start)
    if not before:
        return text[start:end]
    if previous is not None and figure is not None and figure.unit:
        # 7支专职应急救援队伍627人: the thing the figure before counted, counted another way
        return before + ("人数" if figure.unit in _PEOPLE_UNITS else "数")
    return before


def _phrase_after(text: str, end: int) -> str:
    """The noun phrase that follows a figure directly, up to punctuation, a number or a verb."""
    stop, depth = end, 0
    while stop < len(text):
        char = text[stop]
        if char in "“‘":
            depth += 1
        elif char in "”’":
            depth -= 1
            if depth < 0:
                break
        elif depth == 0 and (char in _AFTER_STOP or char.isdigit()
                             or any(text.startswith(word, stop) for word in _AFTER_STOP_WORDS)):
            break
        stop += 1
    phrase = text[end:stop]
    return phrase if len(phrase) >= 2 and not phrase.startswith(("的", "了", "以")) else ""


def _phrase_before(text: str, start: int) -> tuple[str, Span | None]:
    """The words of the clause before a figure, without scope and linking words; and the figure they follow, if any."""
    begin = start
    while begin > 0 and text[begin - 1] not in _CLAUSE_END:
        begin -= 1
    figures = [s for s in find_figures(text[begin:start]) if s.role is SpanRole.FIGURE]
    previous = None
    if figures:
        last = figures[-1]
        previous = Span(begin + last.start, begin + last.end, last.role, last.text, last.written, last.figure)
        begin = previous.end
    phrase = _TALLY_WORDS.sub("", text[begin:start]).strip("、 ")
    changed = True
    while changed:
        changed = False
        stripped = re.sub(rf"^(?:{_YEAR}年(?:度|以来)?|{_MONTH}月(?:份|以来)?)", "", phrase)
        for word in _SCOPE_WORDS:
            if stripped.startswith(word) and len(stripped) > len(word):
                stripped = stripped[len(word):]
        for word in _LINK_WORDS:
            if stripped.endswith(word) and len(stripped) > len(word):
                stripped = stripped[: -len(word)]
        changed, phrase = stripped != phrase, stripped
    phrase = re.sub(r"共(?=[办审有组发收梳排开培计])", "", phrase)  # 市政府共办结复议案件 → 市政府办结复议案件
    return phrase.strip("、 "), previous
