"""GB/T 15835 numbers in prose: figures in braces, ranges with ～ and both units, year spans with —, no padding."""

from __future__ import annotations

import re

from ...cjk.figures import RANGE_SIGN, BraceLiteral, BraceProblem, Span, SpanRole, find_figures, parse_brace
from ...cjk.scripts import ASCII_DIGITS, FULL_WIDTH_DIGITS
from ..edits import found, prose_edit
from ..findings import Finding
from ..source import LintSource, Prose

BARE_FIGURE = "L201"
RANGE_DASH = "L202"
RANGE_UNIT = "L203"
SPAN_DASH = "L204"
FULL_WIDTH = "L205"
ZERO_PADDED = "L206"
UNREADABLE = "L207"

_TO_HALF_WIDTH = str.maketrans(FULL_WIDTH_DIGITS + "％", ASCII_DIGITS + "%")
_DIGIT = re.compile(f"[{ASCII_DIGITS}{FULL_WIDTH_DIGITS}]")
# GB/T 9704 §7.2.4 and §7.3.5.1: numbers are not padded with zeros — 2023年2月2日, 第5号, never 02月 or 第05号.
_DATE_OR_SERIAL = re.compile(r"(?<![\d.])(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日)?|(?<![\d.])\d{1,2}日|第\d+号?|(?<![\d.])\d+号")
_PADDED = re.compile(r"(?<![\d.])0+(?=[1-9])|(?<=第)0+(?=[1-9])")
_ID_OR_NAME = re.compile(r"[#＃|｜]")


def check(source: LintSource) -> list[Finding]:
    """Numbers in every prose scalar: outside braces as the loader reads them, and inside braces."""
    findings: list[Finding] = []
    for prose in source.prose:
        chunks, braces = prose.parts
        for chunk in chunks:
            covered = 0
            for span in find_figures(chunk.text):
                covered = max(covered, span.end)
                findings += _span(source, prose, span, list(chunk.at))
            for digit in _DIGIT.finditer(chunk.text, covered):
                findings.append(found(source.where(prose, chunk.at[digit.start()]), UNREADABLE,
                                      f"数字“{digit.group()}”无法识别为数字、年份或名称",
                                      "写在花括号里：统计数字带上单位，如 {66项}；年份、序号或名称如 {2022}。"))
                break
            findings += _zero_padding(source, prose, chunk.text, list(chunk.at))
        for brace in braces:
            findings += _brace(source, prose, brace.content, brace.start)
    return findings


def _span(source: LintSource, prose: Prose, span: Span, at: list[int]) -> list[Finding]:
    """One number found outside braces."""
    start, end = at[span.start], at[span.end - 1] + 1
    if end - start != span.end - span.start:
        return []  # an escaped brace inside: not a number the clerk wrote as one
    where = source.where(prose, start)
    if any(char in FULL_WIDTH_DIGITS + "％" for char in span.text) and span.problem:
        half = span.text.translate(_TO_HALF_WIDTH)
        return [found(where, FULL_WIDTH, f"“{span.text}”中有全角数字", f"数字用半角阿拉伯数字：{half}（GB/T 15835）。",
                      prose_edit(source, prose, start, end, half, "数字用半角阿拉伯数字"))]
    if span.problem:
        return [found(where, UNREADABLE, f"数字写法有误：{span.problem}", "按报告的原意改写，并写在花括号里。")]
    written = span.written
    if not span.needs_braces:
        if written == span.text:
            return []  # a year, a date, a festival or a label written as it should be; zero padding is checked apart
        return [found(where, SPAN_DASH, f"“{span.text}”：{span.fix}", f"写作“{written}”（GB/T 15834 连接号）。",
                      prose_edit(source, prose, start, end, written, span.fix))]
    code, why = _why(span)
    braced = "{" + written + "}"
    role = "统计数字" if span.role is SpanRole.FIGURE else "年份、序号或名称"
    message = (f"“{span.text}”：{span.fix}，并写在花括号里" if span.fix
               else f"{role}“{span.text}”没有写在花括号里" + ("，不会进入指标工作簿" if span.role is SpanRole.FIGURE else ""))
    hint = f"写成 {braced}" + ("。" if span.role is SpanRole.FIGURE else "（原样印出，不算指标；如果它是统计数字，请写成带单位的形式，如 {12个}）。")
    return [found(where, code, message, hint, prose_edit(source, prose, start, end, braced, why))]


def _why(span: Span) -> tuple[str, str]:
    """The rule a bare number breaks first, and the words fix prints for it."""
    if "％" in span.text:
        return FULL_WIDTH, "百分号用半角“%”，数字写在花括号里"
    if span.role is SpanRole.DATE and span.fix:
        return SPAN_DASH, f"{span.fix}，写在花括号里"
    if RANGE_SIGN in span.written and RANGE_SIGN not in span.text:
        return RANGE_DASH, "数值范围用浪纹线“～”连接，写在花括号里"
    if span.written != span.text:
        return RANGE_UNIT, f"{span.fix}，写在花括号里"
    if span.role is SpanRole.FIGURE:
        return BARE_FIGURE, "统计数字写在花括号里"
    return BARE_FIGURE, "不是统计数字的数字写在花括号里，原样印出"


def _zero_padding(source: LintSource, prose: Prose, text: str, at: list[int]) -> list[Finding]:
    """Months, days and serial numbers written with leading zeros: 2023年02月02日, 第05号."""
    findings = []
    for token in _DATE_OR_SERIAL.finditer(text):
        unpadded = _PADDED.sub("", token.group())
        if unpadded == token.group():
            continue
        start, end = at[token.start()], at[token.end() - 1] + 1
        if end - start != len(token.group()):
            continue
        findings.append(found(source.where(prose, start), ZERO_PADDED, f"“{token.group()}”中的数字前面多了“0”",
                              f"月、日和序号不编虚位，写作“{unpadded}”（GB/T 9704 §7.2.4、§7.3.5.1）。",
                              prose_edit(source, prose, start, end, unpadded, "月、日和序号不编虚位")))
    return findings


def _brace(source: LintSource, prose: Prose, content: str, offset: int) -> list[Finding]:
    """A figure or literal in braces written against the rules: {6-8个}, {15～20%}, {2015-2020年}, {第05号}."""
    at = list(range(offset, offset + len(content)))
    findings = _zero_padding(source, prose, content, at)
    if findings:
        return findings  # one correction at a time: the figure is read again once its zeros are gone
    match parse_brace(content):
        case BraceProblem():
            figure = _ID_OR_NAME.split(content, 1)[0]
            stripped = figure.strip()
            begin = offset + figure.index(stripped) if stripped else offset
            corrected = _corrected(stripped)
            if corrected is None or isinstance(parse_brace(content.replace(stripped, corrected, 1)), BraceProblem):
                return []  # check explains what is wrong (C052); there is no safe correction
            code, why, message = _brace_why(stripped, corrected)
            return [found(source.where(prose, begin), code, message, f"写成 {{{corrected}}}（GB/T 15835）。",
                          prose_edit(source, prose, begin, begin + len(stripped), corrected, why))]
        case BraceLiteral(text=literal):
            begin = offset + content.index(literal)
            for span in find_figures(literal):
                if span.fix and not span.problem:
                    return [found(source.where(prose, begin + span.start), SPAN_DASH, f"“{span.text}”：{span.fix}",
                                  f"写作 {{{span.written}}}（GB/T 15834 连接号）。",
                                  prose_edit(source, prose, begin + span.start, begin + span.end, span.written, span.fix))]
    return []


def _corrected(figure: str) -> str | None:
    """The figure as GB/T 15835 writes it, when one reading is certain: 6～8个, 15%～20%, 66项 for ６６项."""
    half = figure.translate(_TO_HALF_WIDTH)
    spans = find_figures(half)
    if len(spans) == 1 and spans[0].start == 0 and spans[0].end == len(half) and not spans[0].problem:
        half = spans[0].written
    return half if half != figure else None


def _brace_why(figure: str, corrected: str) -> tuple[str, str, str]:
    if figure.translate(_TO_HALF_WIDTH) != figure:
        return FULL_WIDTH, "数字用半角阿拉伯数字", f"“{figure}”中有全角数字或全角百分号"
    if RANGE_SIGN in corrected and RANGE_SIGN not in figure:
        return RANGE_DASH, "数值范围用浪纹线“～”连接", f"数值范围“{figure}”应当用浪纹线“～”连接"
    unit = corrected.rsplit(RANGE_SIGN, 1)[-1].lstrip("0123456789.")
    return RANGE_UNIT, f"数值范围两端都要写“{unit}”", f"数值范围“{figure}”两端都要写“{unit}”"
