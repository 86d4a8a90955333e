"""Figures in the source: defined inline or declared, printed in the reader's word order, checked where they stand."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from exporter.build import check_source
from exporter.errors import ContentError, Level
from exporter.load import load_document
from exporter.model import IndicatorKind
from exporter.styles import StyleSheet


def load(tmp_path: Path, text: str):
    path = tmp_path / "report.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load_document(path)


def codes(diagnostics, level: Level = Level.ERROR) -> list[str]:
    return [d.code for d in diagnostics if d.level is level]


def checked(tmp_path: Path, style: StyleSheet, text: str):
    path = tmp_path / "report.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return check_source(path, style)


def with_body(*paragraphs: str, indicators: str = "") -> str:
    lines = ["meta: {title: 测试报告}"]
    if indicators:
        lines.append("indicators:")
        lines += ["  " + line for line in textwrap.dedent(indicators).splitlines()]
    lines.append("body:")
    lines += [f"  - {paragraph!r}".replace("'", '"') for paragraph in paragraphs]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- printed in the reader's word order (issue: real reports)
@pytest.mark.parametrize(("written", "display", "kind", "qualifier"), [
    ("{2000人次以上}", "2000人次以上", IndicatorKind.APPROX, "以上"),
    ("{300家左右}", "300家左右", IndicatorKind.APPROX, "左右"),
    ("{近500件}", "近500件", IndicatorKind.APPROX, "近"),
    ("{约80%}", "约80%", IndicatorKind.PERCENT, "约"),
    ("{5700余件}", "5700余件", IndicatorKind.APPROX, "余"),
    ("{2600余万元}", "2600余万元", IndicatorKind.AMOUNT, "余"),
    ("{100多场次}", "100多场次", IndicatorKind.APPROX, "多"),
    ("{1.37亿元}", "1.37亿元", IndicatorKind.AMOUNT, ""),
    ("{15%～20%}", "15%～20%", IndicatorKind.RANGE, ""),
    ("{倒数第四名}", "倒数第四名", IndicatorKind.RANK, "倒数"),
])
def test_inline_figures_print_exactly_as_written(tmp_path: Path, style: StyleSheet, written: str, display: str,
                                                 kind: IndicatorKind, qualifier: str) -> None:
    result = checked(tmp_path, style, with_body(f"全年办理{written}。"))
    (indicator,) = result.resolved.indicators
    assert (indicator.display, indicator.kind, indicator.qualifier) == (display, kind, qualifier)
    paragraph = result.resolved.blocks()[0]
    assert paragraph.text == f"全年办理{display}。"


@pytest.mark.parametrize(("declared", "display"), [
    ("{id: a, name: 甲, value: 2000, unit: 人次, qualifier: 以上, kind: approx}", "2000人次以上"),
    ("{id: a, name: 甲, value: 300, unit: 家, qualifier: 左右, kind: approx}", "300家左右"),
    ("{id: a, name: 甲, value: 500, unit: 件, qualifier: 近, kind: approx}", "近500件"),
    ("{id: a, name: 甲, value: 80, unit: '%', qualifier: 约, kind: percent}", "约80%"),
    ("{id: a, name: 甲, value: 1.2, unit: 亿元, qualifier: 约, kind: amount}", "约1.2亿元"),
])
def test_declared_approximations_put_the_word_where_chinese_puts_it(tmp_path: Path, style: StyleSheet, declared: str,
                                                                     display: str) -> None:
    result = checked(tmp_path, style, with_body("办理{a}。", indicators=f"- {declared}"))
    assert result.resolved.indicators[0].display == display


@pytest.mark.parametrize("declared", [
    "{id: a, name: 甲, value: 1.2, unit: 亿元, qualifier: 余, kind: amount}",  # 余 never follows a decimal
    "{id: a, name: 甲, value: 80, unit: '%', qualifier: 余, kind: percent}",
    "{id: a, name: 甲, value: 80, unit: 件, qualifier: 大约, kind: approx}",
])
def test_an_impossible_qualifier_is_refused_at_its_line(tmp_path: Path, declared: str) -> None:
    document, diagnostics = load(tmp_path, with_body("办理{a}。", indicators=f"- {declared}"))
    assert document is None
    (problem,) = [d for d in diagnostics if d.level is Level.ERROR]
    assert problem.code == "C028" and problem.location.line == 3


def test_an_impossible_inline_qualifier_is_refused_at_its_brace(tmp_path: Path) -> None:
    document, diagnostics = load(tmp_path, with_body("投入{1.2余亿元}。"))
    assert document is None
    (problem,) = [d for d in diagnostics if d.level is Level.ERROR]
    assert problem.code == "C052" and "小数" in problem.message and problem.location.column > 0


def test_amounts_are_compared_in_yuan_across_units(tmp_path: Path, style: StyleSheet) -> None:
    text = with_body("投入{1.37亿元#total}，其中{3700万元#part_a}和{1亿元#part_b}。") + textwrap.dedent("""\
        relations:
          - {id: sum, name: 合计, formula: part_a + part_b, stated: total}
        """)
    result = checked(tmp_path, style, text)
    total = next(i for i in result.resolved.indicators if i.id == "total")
    assert total.kind is IndicatorKind.AMOUNT and total.yuan == Decimal("137000000")
    (check,) = result.resolved.checks
    assert check.consistent and check.computed == Decimal("137000000")


def test_an_amount_needs_a_money_unit(tmp_path: Path) -> None:
    _, diagnostics = load(tmp_path, with_body("投入{a}。", indicators="- {id: a, name: 甲, value: 3, unit: 件, kind: amount}"))
    assert codes(diagnostics) == ["C019"]


# ---------------------------------------------------------------- inline figures: names, ids, declarations
def test_an_inline_figure_is_named_from_what_it_counts(tmp_path: Path, style: StyleSheet) -> None:
    result = checked(tmp_path, style, with_body("实现{66项}民生事项“秒批秒办”，包联干部达到{51630人}。"))
    names = [(i.id, i.name, i.unit) for i in result.resolved.indicators]
    assert names == [("fig1", "民生事项“秒批秒办”", "项"), ("fig2", "包联干部", "人")]


def test_a_name_and_an_id_may_be_given_in_the_braces(tmp_path: Path, style: StyleSheet) -> None:
    result = checked(tmp_path, style, with_body("包联干部{51630人#baolian|包联干部人数}。"))
    (indicator,) = result.resolved.indicators
    assert (indicator.id, indicator.name, indicator.display) == ("baolian", "包联干部人数", "51630人")


def test_a_declaration_names_and_annotates_an_inline_figure(tmp_path: Path, style: StyleSheet) -> None:
    indicators = "- {id: baolian, name: “万人助万企”包联干部人数, note: 年末数}"
    result = checked(tmp_path, style, with_body("包联干部{51630人#baolian}。", indicators=indicators))
    (indicator,) = result.resolved.indicators
    assert (indicator.name, indicator.display) == ("“万人助万企”包联干部人数", "51630人")


def test_a_declaration_that_contradicts_the_text_is_refused(tmp_path: Path) -> None:
    indicators = "- {id: baolian, name: 包联干部人数, value: 51000}"
    _, diagnostics = load(tmp_path, with_body("包联干部{51630人#baolian}。", indicators=indicators))
    (problem,) = [d for d in diagnostics if d.level is Level.ERROR]
    assert problem.code == "C035" and "51630人" in problem.message


def test_the_same_id_for_two_different_figures_is_refused(tmp_path: Path) -> None:
    _, diagnostics = load(tmp_path, with_body("甲{66项#a}，乙{67项#a}。"))
    assert codes(diagnostics) == ["C036"]


def test_a_figure_mentioned_again_by_its_id_is_one_indicator(tmp_path: Path, style: StyleSheet) -> None:
    result = checked(tmp_path, style, with_body("甲{66项#a}。", "再次说明{a}。"))
    assert [i.id for i in result.resolved.indicators] == ["a"]


def test_an_automatic_id_never_takes_one_the_source_writes(tmp_path: Path, style: StyleSheet) -> None:
    result = checked(tmp_path, style, with_body("甲{66项}，乙{5项#fig1}。"))
    assert sorted(i.id for i in result.resolved.indicators) == ["fig1", "fig2"]
    assert next(i for i in result.resolved.indicators if i.id == "fig1").display == "5项"


def test_a_figure_in_a_table_is_named_by_its_row_and_column(tmp_path: Path, style: StyleSheet) -> None:
    text = textwrap.dedent("""\
        meta: {title: 测试报告}
        body:
          - table:
              rows:
                - [类别, 收案数, 结案率]
                - [行政复议, "{120件}", "{98.5%}"]
        """)
    result = checked(tmp_path, style, text)
    assert [(i.name, i.display) for i in result.resolved.indicators] == [("行政复议收案数", "120件"),
                                                                         ("行政复议结案率", "98.5%")]


# ---------------------------------------------------------------- one mistake, one error; literals
def test_an_invalid_kind_is_one_error_not_two(tmp_path: Path) -> None:
    indicators = "- {id: a, name: 甲, value: 5, unit: 件, kind: quantity}"
    _, diagnostics = load(tmp_path, with_body("办理{a}。", indicators=indicators))
    assert codes(diagnostics) == ["C022"]  # not also C070 "does not exist" for {a}


def test_year_spans_and_festival_days_need_no_braces(tmp_path: Path, style: StyleSheet) -> None:
    result = checked(tmp_path, style, with_body("开展3·15和12·4宣传，落实2022—2025年规划，2023年2月22日召开会议。"))
    assert not result.resolved.indicators and not codes(result.warnings, Level.WARNING)


def test_an_ascii_hyphen_in_a_year_span_is_warned_about(tmp_path: Path, style: StyleSheet) -> None:
    result = checked(tmp_path, style, with_body("落实{2015-2020}年规划，2021-2025年继续。"))
    warned = [d for d in result.warnings if d.code == "W063"]
    assert len(warned) == 2 and "2015—2020" in warned[0].hint and "2021—2025年" in warned[1].hint


def test_a_bare_figure_is_still_an_error_with_the_braces_to_write(tmp_path: Path) -> None:
    _, diagnostics = load(tmp_path, with_body("新增300人，投入5万元。"))
    problems = [d for d in diagnostics if d.level is Level.ERROR]
    assert [d.code for d in problems] == ["C061", "C061"]
    assert "{300人}" in problems[0].hint and "{5万元}" in problems[1].hint


def test_check_refuses_what_build_would(tmp_path: Path, style: StyleSheet) -> None:
    with pytest.raises(ContentError):
        checked(tmp_path, style, with_body("投入{1.2余亿元}。"))


def test_check_refuses_a_character_no_face_can_print_at_the_line_that_holds_it(tmp_path: Path,
                                                                               style: StyleSheet) -> None:
    from exporter.errors import FontError

    text = "meta:\n  title: 关于测试😀的报告\n  issuer: 某单位\n  date: 2023-02-22\nbody:\n  - 正文。\n"
    with pytest.raises(FontError) as raised:
        checked(tmp_path, style, text)
    (problem,) = raised.value.diagnostics
    assert problem.code == "F020" and "😀" in problem.message and problem.location.line == 2


# ---------------------------------------------------------------- values a report cannot have
@pytest.mark.parametrize(("body", "indicators", "code"), [
    ("办理{a}。", "- {id: a, name: 甲, value: -5, unit: 件, kind: count}", "C037"),
    ("办理{a}。", "- {id: a, name: 甲, value: " + "9" * 401 + ", unit: 件, kind: count}", "C029"),
    ("办理{a}。", "- {id: a, name: 甲, value: 0." + "1" * 400 + ", unit: '%', kind: percent}", "C029"),
    ("办理{" + "7" * 4000 + "件}。", "", "C029"),
    ("全省{a}。", "- {id: a, name: 甲, value: 100000000, unit: 名, kind: rank}", "C027"),
])
def test_values_no_report_can_have_are_refused_at_their_line(tmp_path: Path, body: str, indicators: str,
                                                              code: str) -> None:
    document, diagnostics = load(tmp_path, with_body(body, indicators=indicators))
    problems = [d for d in diagnostics if d.level is Level.ERROR]
    assert document is None and [d.code for d in problems] == [code] and problems[0].location.line > 0


def test_a_percentage_over_a_hundred_is_warned_about(tmp_path: Path, style: StyleSheet) -> None:
    result = checked(tmp_path, style, with_body("增长{a}。", indicators="- {id: a, name: 增长率, value: 150, unit: '%', kind: percent}"))
    assert codes(result.warnings, Level.WARNING) == ["W065"]


@pytest.mark.parametrize(("meta", "code"), [
    ("{title: '   '}", "C010"),
    ("{title: " + "长" * 300 + "}", "C010"),
    ("{title: 测试, date: 9999-01-01}", "C012"),
    ("{title: 测试, doc_number: {agency: 宛政, year: 9999, serial: 1}}", "C012"),
    ("{title: 测试, subject: " + "题" * 300 + "}", "C010"),
])
def test_meta_values_no_report_can_have_are_refused(tmp_path: Path, meta: str, code: str) -> None:
    document, diagnostics = load(tmp_path, f"meta: {meta}\nbody: [正文。]\n")
    assert document is None and [d.code for d in diagnostics if d.level is Level.ERROR] == [code]
