"""exporter lint: each rule on a source built to break it, nothing on a clean source, never a crash."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from conftest import EXAMPLE, PROJECT
from exporter.lint import Finding, apply_edits, lint_source
from exporter.yamlsource import Map, Scalar, Seq, parse_yaml

LINT_DATA = PROJECT / "tests" / "data" / "lint"


def places(findings: list[Finding]) -> list[tuple[int, int, str]]:
    return [(f.location.line, f.location.column, f.code) for f in findings]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "report.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_the_clean_source_has_no_finding_and_passes_check() -> None:
    from exporter.build import check_source
    from exporter.styles import load_style

    assert lint_source(LINT_DATA / "clean.yaml") == []
    checked = check_source(LINT_DATA / "clean.yaml", load_style())
    assert checked.warnings == () and len(checked.resolved.checks) == 1


# One source per rule: the places (line, column) and codes lint reports, and nothing else.
@pytest.mark.parametrize("name, expected", [
    ("ascii-punctuation", [(3, 23, "L101"), (3, 29, "L101"), (5, 15, "L101"), (5, 22, "L101"), (5, 28, "L101"),
                           (5, 29, "L101"), (5, 39, "L101"), (6, 7, "L101"), (6, 8, "L101"), (6, 15, "L101"),
                           (7, 18, "L101"), (13, 21, "L101")]),
    ("bare-figures", [(5, 15, "L201"), (5, 31, "L201"), (6, 14, "L201")]),
    ("range-dash", [(5, 9, "L202"), (5, 19, "L202"), (5, 31, "L202")]),
    ("range-unit", [(5, 9, "L203"), (6, 10, "L203")]),
    ("year-span", [(5, 5, "L204"), (5, 24, "L204"), (5, 43, "L204")]),
    ("full-width", [(5, 7, "L205"), (5, 26, "L205")]),
    ("zero-padded", [(5, 5, "L206"), (5, 23, "L201"), (5, 23, "L206"), (5, 31, "L206")]),
    ("unreadable", [(5, 9, "L207")]),
    ("doc-number-pasted", [(4, 17, "L601"), (4, 23, "L602"), (4, 24, "L603")]),
    ("doc-number-parts", [(4, 27, "L601"), (4, 51, "L603")]),
    ("heading-numbers", [(7, 13, "L301"), (15, 17, "L301"), (25, 21, "L301"), (29, 17, "L301")]),
    ("heading-levels", [(7, 18, "L302"), (10, 9, "L302"), (10, 10, "L201")]),
    ("enumeration", [(10, 13, "L303"), (11, 13, "L201"), (12, 13, "L201"), (13, 13, "L201"), (13, 13, "L303")]),
    ("parts-missing", [(4, 1, "L401"), (4, 1, "L401"), (8, 14, "L402")]),
    ("relations", [(5, 5, "L501"), (6, 5, "L502")]),
])
def test_each_rule_reports_its_source(name: str, expected: list[tuple[int, int, str]]) -> None:
    path = LINT_DATA / f"{name}.yaml"
    findings = lint_source(path)
    assert places(findings) == expected
    lines = path.read_text(encoding="utf-8").splitlines()
    for finding in findings:  # every message and hint is Chinese and says what to write
        assert finding.message and finding.hint
        assert str(finding).startswith(f"{finding.location}: 警告[{finding.code}]")
        assert finding.location.line <= len(lines)


def test_ascii_marks_in_the_title_are_reported_but_left_to_the_clerk() -> None:
    findings = lint_source(LINT_DATA / "ascii-punctuation.yaml")
    title = [f for f in findings if f.location.line == 3]
    assert [f.message for f in title] == ["中文中使用了英文标点“(”", "中文中使用了英文标点“)”"]
    assert all(f.edit is None and "公文要素" in f.unfixed for f in title)
    assert all(f.edit is not None for f in findings if f.location.line != 3)


def test_corrections_are_the_ones_the_standards_ask_for() -> None:
    def shown(name: str) -> list[str]:
        return [f.edit.shown for f in lint_source(LINT_DATA / f"{name}.yaml") if f.edit]

    assert shown("range-dash") == ["6-8个 → {6～8个}", "10-12件 → 10～12件", "3~5名 → {3～5名}"]
    assert shown("range-unit") == ["15～20% → {15%～20%}", "13～17万元 → 13万元～17万元"]
    assert shown("year-span") == ["2015-2020年 → 2015—2020年", "1-11月 → 1—11月", "2021-2025年 → 2021—2025年"]
    assert shown("full-width") == ["６６项 → 66项", "98.72％ → 98.72%"]
    assert shown("zero-padded") == ["2023年02月02日 → 2023年2月2日", "第05 → {第05}", "第05号 → 第5号",
                                    "2023年03月05日 → 2023年3月5日"]
    assert shown("bare-figures") == ["66项 → {66项}", "1153 → {1153}", "5700余件 → {5700余件}"]  # 2023年 stays bare
    assert shown("doc-number-pasted") == ["某政[2024]第05号 → 某政〔2024〕5号"] * 3
    assert shown("doc-number-parts") == ["05 → 5"]
    assert shown("unreadable") == []  # 3万余人: the clerk decides between 30000余人 and 3余万人


def test_the_example_lacks_two_parts_and_the_causes_of_its_shortcomings() -> None:
    findings = lint_source(EXAMPLE)
    assert places(findings) == [(118, 5, "L501"), (127, 1, "L401"), (127, 1, "L401"), (165, 14, "L402")]
    relation, duty, other, causes = findings
    assert "99.96%" in relation.message
    assert "第一责任人职责情况" in duty.message and "第 135 行（“一（一）”之下）提到了第一责任人职责" in duty.message
    assert "其他需要报告的情况" in other.message
    assert causes.message.startswith("“存在的问题和不足”只写了不足，没有写原因")
    assert not any(f.fixable for f in findings)


@pytest.mark.parametrize("heading, counted", [
    ("存在的问题和不足", False), ("存在的不足和原因", True), ("问题及原因分析", True),
])
def test_shortcomings_need_their_causes_in_the_heading_or_the_text(tmp_path: Path, heading: str, counted: bool) -> None:
    path = write(tmp_path, f"""\
        meta: {{title: 关于2023年度法治政府建设情况的报告}}
        body:
          - heading: 主要举措和成效
            body: [内容。]
          - heading: {heading}
            body: [基层力量不足。]
          - heading: 党政主要负责人履行推进法治建设第一责任人职责情况
            body: [内容。]
          - heading: 2024年工作打算
            body: [内容。]
          - heading: 其他需要报告的情况
            body: [无。]
        """)
    assert [f.code for f in lint_source(path)] == ([] if counted else ["L402"])


def test_parts_are_only_required_of_a_rule_of_law_report(tmp_path: Path) -> None:
    path = write(tmp_path, """\
        meta: {title: 关于2023年度安全生产工作情况的报告}
        body: [内容。]
        """)
    assert lint_source(path) == []


def test_every_edit_applies_alone_as_the_web_page_applies_it() -> None:
    path = LINT_DATA / "messy.yaml"
    text = path.read_text(encoding="utf-8")
    for finding in lint_source(path):
        if finding.edit is None:
            continue
        edit = finding.edit
        assert text[edit.start:edit.end] == edit.before
        root, problems = parse_yaml(apply_edits(text, [edit]), "messy.yaml")
        assert root is not None and not problems
        before, after = edit.shown.split(" → ")
        assert after in "".join(_values(root))


def _values(node: object) -> list[str]:
    if isinstance(node, Scalar):
        return [node.raw]
    if isinstance(node, Seq):
        return [value for item in node.items for value in _values(item)]
    if isinstance(node, Map):
        return [value for _, item in node.entries for value in _values(item)]
    return []


@pytest.mark.parametrize("text", [
    "", "a", "- 1\n- 2", "meta: 1\nbody: 2", "meta: [a]\nbody: {x: 1}",
    "body:\n  - heading: [1]\n  - heading: {a: b}\n  - table: 3\n  - table: {rows: [1, [2, {text: [3]}]]}",
    "meta: {title: 法治政府建设报告, doc_number: [1], numbering: 3, attachments: 5}\nbody: [{heading: '一、x', number: abc, body: 3}]",
    "meta: {title: 法治政府建设情况报告, doc_number: {agency: [x], serial: [1]}, numbering: {level3: [1]}, "
    "attachments: [{body: [66项]}, 3, ~]}\nbody: [~, '', {heading: ~}, {heading: 1.x, number: 0}, {heading: x, number: 999}]",
    "body:\n  - |9\n    显式缩进 66项\n  - >2-\n     66项\n",
    "body:\n  - &a 66项\n  - *a\n",
    'body: ["\\x41\\u4e2d66项\\U0001F600,中"]\n',
    "body:\n  - 66项\n    后续行: 值\n",
    "body:\n  - x {66项\n  - y 66项}\n  - \"{{66项}}\"\n",
    "body: [{heading: a, body: [{heading: b, body: [{heading: c, body: [{heading: d, body: [{heading: 1.e, body: "
    "[（1）f, {heading: 一、g}]}]}]}]}]}]\n",
])
def test_lint_never_crashes_on_a_source_check_refuses(tmp_path: Path, text: str) -> None:
    path = tmp_path / "odd.yaml"
    path.write_text(text, encoding="utf-8")
    for finding in lint_source(path):
        assert finding.code and finding.message


def test_a_source_that_is_not_yaml_gives_its_located_syntax_error(tmp_path: Path) -> None:
    path = write(tmp_path, "meta:\n  title: [未闭合\nbody: x\n")
    (finding,) = lint_source(path)
    assert finding.code == "E011" and finding.location.line >= 2 and "YAML 格式错误" in finding.message


@pytest.mark.parametrize("source", sorted((PROJECT / "tests" / "hostile").glob("*.yaml")), ids=lambda p: p.stem)
def test_lint_and_a_dry_fix_survive_every_hostile_source(source: Path) -> None:
    from exporter.errors import ContentError
    from exporter.lint import fix_source

    original = source.read_bytes()
    assert all(finding.code for finding in lint_source(source))
    try:
        fix_source(source, dry_run=True)
    except ContentError as refused:
        assert refused.diagnostics and all(d.location.file for d in refused.diagnostics)
    assert source.read_bytes() == original
