"""The figure grammar: figures inside braces, brace contents, numbers found in untagged prose, names from context."""

from __future__ import annotations

import pytest

from exporter.cjk.figures import (
    BraceFigure,
    BraceLiteral,
    BraceProblem,
    BraceReference,
    Figure,
    SpanRole,
    chinese_integer,
    figure_problem,
    find_figures,
    guess_name,
    parse_brace,
    parse_figure,
)


@pytest.mark.parametrize("text, kind, value, upper, unit, qualifier", [
    ("51630人", "count", "51630", None, "人", ""),
    ("98.72%", "percent", "98.72", None, "%", ""),
    ("5700余件", "approx", "5700", None, "件", "余"),
    ("约80%", "percent", "80", None, "%", "约"),
    ("近500件", "approx", "500", None, "件", "近"),
    ("超过300人", "approx", "300", None, "人", "超过"),
    ("不少于20场", "approx", "20", None, "场", "不少于"),
    ("900人次以上", "approx", "900", None, "人次", "以上"),
    ("300家左右", "approx", "300", None, "家", "左右"),
    ("100多场次", "approx", "100", None, "场次", "多"),
    ("6～8个", "range", "6", "8", "个", ""),
    ("15%～20%", "range", "15", "20", "%", ""),
    ("13万元～17万元", "range", "13", "17", "万元", ""),
    ("1.37亿元", "amount", "1.37", None, "亿元", ""),
    ("37.22万元", "amount", "37.22", None, "万元", ""),
    ("2600余万元", "amount", "2600", None, "万元", "余"),
    ("约1.2亿元", "amount", "1.2", None, "亿元", "约"),
    ("120元", "amount", "120", None, "元", ""),
    ("倒数第四名", "rank", "4", None, "名", "倒数"),
    ("第三名", "rank", "3", None, "名", ""),
    ("第十一名", "rank", "11", None, "名", ""),
    ("第3名", "rank", "3", None, "名", ""),
    ("1,200人", "count", "1200", None, "人", ""),
    ("12,438,000元", "amount", "12438000", None, "元", ""),
    ("3.5万人", "count", "3.5", None, "万人", ""),
    ("66项", "count", "66", None, "项", ""),
    ("24小时", "count", "24", None, "小时", ""),
    ("3艘", "count", "3", None, "艘", ""),  # between braces any Chinese word is a unit: the clerk said it is a figure
    ("约80", "approx", "80", None, "", "约"),
])
def test_figures_as_written(text: str, kind: str, value: str, upper: str | None, unit: str, qualifier: str) -> None:
    assert parse_figure(text) == Figure(kind, value, upper, unit, qualifier)  # type: ignore[arg-type]
    assert figure_problem(text) is None


@pytest.mark.parametrize("text", [
    "2022", "2022年", "2022年度", "2023年2月22日", "11月", "2022—2025", "2022—2025年", "第一", "第3", "1153",
    "3·15", "1+41+17", "", "一是", "LNG",
])
def test_literals_are_not_figures(text: str) -> None:
    assert parse_figure(text) is None
    assert figure_problem(text) is None


@pytest.mark.parametrize("text, says", [
    ("1.2余亿元", "不能跟在小数 1.2 后面"),
    ("80余%", "不能和 % 连用"),
    ("6-8个", "6～8个"),
    ("6~8个", "6～8个"),
    ("15～20%", "15%～20%"),
    ("13～17万元", "13万元～17万元"),
    ("8～6个", "上限应当大于下限"),
    ("约5700余件", "两个约数词"),
    ("3万余人", "30000余人"),
    ("５０人", "半角阿拉伯数字"),
    ("98.72％", "98.72%"),
    ("12,34人", "无法识别"),
])
def test_impossible_figures_are_explained(text: str, says: str) -> None:
    assert parse_figure(text) is None
    problem = figure_problem(text)
    assert problem is not None and says in problem


@pytest.mark.parametrize("numeral, value", [("一", 1), ("四", 4), ("十", 10), ("十一", 11), ("二十", 20),
                                             ("二十三", 23), ("一百零五", 105), ("两", 2)])
def test_chinese_integers(numeral: str, value: int) -> None:
    assert chinese_integer(numeral) == value


@pytest.mark.parametrize("content, expected", [
    ("baolian_ganbu", BraceReference("baolian_ganbu")),
    ("2022", BraceLiteral("2022")),
    ("第一", BraceLiteral("第一")),
    ("2022—2025", BraceLiteral("2022—2025")),
    ("1+41+17", BraceLiteral("1+41+17")),
    ("66项", BraceFigure(Figure("count", "66", None, "项", ""), "66项")),
    ("51630人#baolian|包联干部人数", BraceFigure(Figure("count", "51630", None, "人", ""), "51630人", "baolian", "包联干部人数")),
    ("51630人|包联干部人数#baolian", BraceFigure(Figure("count", "51630", None, "人", ""), "51630人", "baolian", "包联干部人数")),
    ("51630人＃baolian｜包联干部人数", BraceFigure(Figure("count", "51630", None, "人", ""), "51630人", "baolian", "包联干部人数")),
    ("98.72%|不见面审批率", BraceFigure(Figure("percent", "98.72", None, "%", ""), "98.72%", "", "不见面审批率")),
    ("1#yuan_zongti", BraceFigure(Figure("count", "1", None, "", ""), "1", "yuan_zongti")),
    ("第一|出庭应诉率全省排名", BraceFigure(Figure("rank", "1", None, "", ""), "第一", "", "出庭应诉率全省排名")),
    (" 66项 ", BraceFigure(Figure("count", "66", None, "项", ""), "66项")),
])
def test_brace_contents(content: str, expected: object) -> None:
    assert parse_brace(content) == expected


@pytest.mark.parametrize("content, says", [
    ("", "空的"),
    ("66项#1abc", "不能作编号"),
    ("66项#a#b", "只能有一个编号"),
    ("66项#a|名称#b", "只能有一个编号"),
    ("66项|", "缺少指标名称"),
    ("|名称", "缺少数字"),
    ("80余%", "不能和 % 连用"),
    ("一是|名称", "不是数字"),
])
def test_brace_problems(content: str, says: str) -> None:
    brace = parse_brace(content)
    assert isinstance(brace, BraceProblem) and says in brace.message


def _found(text: str) -> list[tuple[str, str, str, bool]]:
    return [(s.text, s.role.name, s.written, s.needs_braces) for s in find_figures(text)]


@pytest.mark.parametrize("text, expected", [
    ("实现66项民生事项", [("66项", "FIGURE", "66项", True)]),
    ("不见面审批率98.72%，", [("98.72%", "FIGURE", "98.72%", True)]),
    ("办理案件5700余件", [("5700余件", "FIGURE", "5700余件", True)]),
    ("覆盖约80%的乡镇", [("约80%", "FIGURE", "约80%", True)]),
    ("接待900人次以上", [("900人次以上", "FIGURE", "900人次以上", True)]),
    ("共2600余万元", [("2600余万元", "FIGURE", "2600余万元", True)]),
    ("每次检查6-8个单位", [("6-8个", "FIGURE", "6～8个", True)]),
    ("占比15～20%", [("15～20%", "FIGURE", "15%～20%", True)]),
    ("投入13-17万元", [("13-17万元", "FIGURE", "13万元～17万元", True)]),
    ("从倒数第四名跃升至全省第三名", [("倒数第四名", "FIGURE", "倒数第四名", True), ("第三名", "FIGURE", "第三名", True)]),
    ("2022年，我市", [("2022年", "DATE", "2022年", False)]),
    ("2022年度立法计划", [("2022年度", "DATE", "2022年度", False)]),
    ("于2023年2月22日印发", [("2023年2月22日", "DATE", "2023年2月22日", False)]),
    ("1-11月累计", [("1-11月", "DATE", "1—11月", False)]),
    ("方案（2022-2025年）", [("2022-2025年", "DATE", "2022—2025年", False)]),
    ("方案（2022—2025年）", [("2022—2025年", "DATE", "2022—2025年", False)]),
    ("方案（2015-2020）", [("2015-2020", "DATE", "2015—2020", True)]),
    ("开展3·15宣传和12·4宪法日活动", [("3·15", "FESTIVAL", "3·15", False), ("12·4", "FESTIVAL", "12·4", False)]),
    ("第3批试点", [("第3", "ORDINAL", "第3", True)]),
    ("第一时间", []),
    ("12345热线", [("12345", "CODE", "12345", True)]),
    ("创新1153工作模式", [("1153", "CODE", "1153", True)]),
    ("构建了“1+41+17”的应急预案体系", [("1+41+17", "CODE", "1+41+17", True)]),
    ("开展“1+N”活动", [("1+N", "CODE", "1+N", True)]),
    ("5G基站", [("5G", "CODE", "5G", True)]),
    ("G20峰会", [("20", "CODE", "20", True)]),  # {G20} would be an indicator id
    ("A8和BA4A", [("8", "CODE", "8", True), ("4A", "CODE", "4A", True)]),
    ("近3年来", [("3年", "FIGURE", "3年", True)]),
    ("近500件", [("近500件", "FIGURE", "近500件", True)]),
    ("达到1,200人", [("1,200人", "FIGURE", "1,200人", True)]),
    ("14家单位29个系统", [("14家", "FIGURE", "14家", True), ("29个", "FIGURE", "29个", True)]),
    ("增长3个百分点", [("3个百分点", "FIGURE", "3个百分点", True)]),
    ("历时3个月", [("3个月", "FIGURE", "3个月", True)]),
])
def test_numbers_in_prose(text: str, expected: list[tuple[str, str, str, bool]]) -> None:
    assert _found(text) == expected


def test_prose_spans_give_offsets_and_figures() -> None:
    text = "解决14774件,办结率99%。"
    first, second = find_figures(text)
    assert text[first.start:first.end] == "14774件" and first.figure == Figure("count", "14774", None, "件", "")
    assert text[second.start:second.end] == "99%" and second.figure == Figure("percent", "99", None, "%", "")


def test_a_refused_figure_in_prose_is_reported_not_braced() -> None:
    (span,) = find_figures("培训3万余人")
    assert span.role is SpanRole.FIGURE and span.figure is None and "30000余人" in span.problem
    assert span.needs_braces  # a loader must not take it for a literal


def test_range_fix_says_why() -> None:
    (span,) = find_figures("检查6-8个单位")
    assert span.fix and "～" in span.fix


def _name(sentence: str, figure: str) -> str:
    start = sentence.index(figure)
    return guess_name(sentence, start, start + len(figure))


@pytest.mark.parametrize("sentence, figure, name", [
    ("实现66项民生事项“秒批秒办”、397项民生事项“一证通办”", "66项", "民生事项“秒批秒办”"),
    ("实现66项民生事项“秒批秒办”、397项民生事项“一证通办”", "397项", "民生事项“一证通办”"),
    ("全市包联干部达到51630人，累计收集问题14780件", "51630人", "包联干部"),
    ("全市包联干部达到51630人，累计收集问题14780件", "14780件", "收集问题"),
    ("不见面审批率达98.72%。", "98.72%", "不见面审批率"),
    ("出庭应诉率为95.26%，连续三年蝉联全省第一", "95.26%", "出庭应诉率"),
    ("确定河南威武律师事务所等18个基层单位为行政执法监督基层联系点", "18个", "基层单位"),
    ("19970名行政执法人员通过年度审验", "19970名", "行政执法人员"),
    ("目前全市共有7支专职应急救援队伍627人", "7支", "专职应急救援队伍"),
    ("目前全市共有7支专职应急救援队伍627人", "627人", "专职应急救援队伍人数"),
    ("2022年，市政府共办结复议案件269件", "269件", "市政府办结复议案件"),
    ("2022年全市两级法院开庭审理行政案件1349件", "1349件", "两级法院开庭审理行政案件"),
    ("其中高风险点104个", "104个", "高风险点"),
    ("我市营商环境从倒数第四名跃升至全省第三名", "倒数第四名", "营商环境排名"),
    ("我市营商环境从倒数第四名跃升至全省第三名", "第三名", "营商环境排名"),
    ("市直执法部门合计制定从轻条款303条", "303条", "市直执法部门制定从轻条款"),
])
def test_names_from_context(sentence: str, figure: str, name: str) -> None:
    assert _name(sentence, figure) == name


def test_a_qualifier_is_never_taken_for_a_unit() -> None:
    assert parse_figure("5700余") == Figure("approx", "5700", None, "", "余")
    assert parse_figure("300以上") == Figure("approx", "300", None, "", "以上")


def test_full_width_percent_in_prose_is_written_half_width() -> None:
    (span,) = find_figures("办结率99％，")
    assert span.written == "99%" and span.figure == Figure("percent", "99", None, "%", "") and span.fix
