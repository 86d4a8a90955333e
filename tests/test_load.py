"""The loader: located errors in Chinese, every problem at once, exact values."""

from __future__ import annotations

import textwrap
from pathlib import Path

from docx_fixtures import draw_seal
from exporter.errors import Level
from exporter.load import load_document
from exporter.model import IndicatorRef, Literal, Paragraph, Section, Text

MINIMAL = """\
meta:
  title: 测试报告
indicators:
  - {id: rate, name: 审批率, value: 98.70, unit: "%", kind: percent}
  - {id: staff, name: 干部人数, value: 51630, unit: 人, kind: count}
body:
  - "{2022}年，审批率{rate}，干部{staff}。"
"""


def load(tmp_path: Path, text: str):
    path = tmp_path / "report.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load_document(path)


def errors_of(diagnostics):
    return [d for d in diagnostics if d.level is Level.ERROR]


def test_minimal_source_loads_with_exact_values(tmp_path: Path) -> None:
    document, diagnostics = load(tmp_path, MINIMAL)
    assert document is not None and not errors_of(diagnostics)
    rate = document.indicators[0]
    assert rate.value == "98.70"  # a decimal string: the trailing zero survives
    (paragraph,) = document.body
    assert isinstance(paragraph, Paragraph)
    kinds = [type(i) for i in paragraph.inlines]
    assert kinds == [Literal, Text, IndicatorRef, Text, IndicatorRef, Text]


def test_reference_locations_point_at_the_brace(tmp_path: Path) -> None:
    document, _ = load(tmp_path, MINIMAL)
    ref = document.body[0].inlines[2]
    assert isinstance(ref, IndicatorRef)
    line = MINIMAL.splitlines()[ref.location.line - 1]
    assert line[ref.location.column - 1:].startswith("{rate}")


def test_untracked_digit_is_an_error_with_its_column(tmp_path: Path) -> None:
    text = MINIMAL.replace('干部{staff}。', '干部{staff}，新增300人。')
    document, diagnostics = load(tmp_path, text)
    assert document is None
    (problem,) = errors_of(diagnostics)
    assert problem.code == "C061" and "300" in problem.message
    line = text.splitlines()[problem.location.line - 1]
    assert line[problem.location.column - 1:].startswith("300")
    assert "{300人}" in problem.hint  # written as an inline figure, the unit with it


def test_five_different_mistakes_are_all_reported(tmp_path: Path) -> None:
    text = """\
    meta:
      title: 测试报告
      colour: red
    indicators:
      - {id: rate, name: 审批率, value: 98.7, unit: "%", kind: percent}
      - {id: rate, name: 重复, value: 1, unit: 个, kind: count}
      - {id: staff, name: 人数, value: 很多, unit: 人, kind: count}
    body:
      - heading: 一、总体情况
        body:
          - "审批率{rate}，涉及{nosuch}。"
    """
    document, diagnostics = load(tmp_path, text)
    assert document is None
    codes = {d.code: d.location.line for d in errors_of(diagnostics)}
    assert codes == {"E021": 3, "C021": 6, "C029": 7, "C044": 9, "C070": 11}
    assert all("“" in d.message for d in errors_of(diagnostics))  # worded in Chinese


def test_heading_deeper_than_four_levels(tmp_path: Path) -> None:
    nested = "body:\n"
    indent = "  "
    for level in "一二三四五":
        nested += f"{indent}- heading: 第{level}层标题\n{indent}  body:\n"
        indent += "    "
    nested += f"{indent}- 段落。\n"
    document, diagnostics = load(tmp_path, "meta:\n  title: 测试\n" + nested)
    assert document is None
    assert [d.code for d in errors_of(diagnostics)] == ["C043"]
    assert errors_of(diagnostics)[0].location.line == 12  # the fifth heading


def test_typed_heading_numbers_of_every_level_are_refused(tmp_path: Path) -> None:
    text = "meta: {title: 测试}\nbody:\n"
    for heading in ("一、总体", "（二）措施", "(三)问题", "1.做法", "（1）成效"):
        text += f"  - heading: {heading}\n    body: [段落。]\n"
    _, diagnostics = load(tmp_path, text)
    assert [d.code for d in errors_of(diagnostics)] == ["C044"] * 5


def test_run_in_heading_needs_a_paragraph(tmp_path: Path) -> None:
    text = "meta: {title: 测试}\nbody:\n  - heading: 标题。\n    run_in: true\n    body:\n      - heading: 下级\n        body: [段落。]\n"
    _, diagnostics = load(tmp_path, text)
    assert "C045" in [d.code for d in errors_of(diagnostics)]


def test_yaml_syntax_error_is_located_and_chinese(tmp_path: Path) -> None:
    _, diagnostics = load(tmp_path, "meta:\n  title: 测试\nbody:\n  - {2022}年，我市……\n")
    (problem,) = diagnostics
    assert problem.code == "E011" and problem.location.line == 4
    assert "YAML 格式错误" in problem.message


def test_tab_indentation_is_explained(tmp_path: Path) -> None:
    _, diagnostics = load(tmp_path, "meta:\n\ttitle: 测试\n")
    assert diagnostics[0].code == "E010" and diagnostics[0].location.line == 2


def test_missing_and_wrongly_typed_fields(tmp_path: Path) -> None:
    text = "meta:\n  issuer: 某市人民政府\n  recipients: {a: b}\nbody: 一段文字\n"
    _, diagnostics = load(tmp_path, text)
    codes = sorted(d.code for d in errors_of(diagnostics))
    assert "C022" not in codes  # no such code: make sure the real ones are listed below
    assert codes.count("E022") == 1  # title missing
    assert codes.count("E020") == 2  # recipients not a list, body not a list


def test_unused_indicator_is_a_warning(tmp_path: Path) -> None:
    text = MINIMAL.replace("body:", "  - {id: spare, name: 备用, value: 1, unit: 个, kind: count}\nbody:")
    document, diagnostics = load(tmp_path, text)
    assert document is not None
    assert [d.code for d in diagnostics if d.level is Level.WARNING] == ["W071"]


def test_ascii_punctuation_in_chinese_is_a_warning(tmp_path: Path) -> None:
    document, diagnostics = load(tmp_path, MINIMAL.replace("，审批率", ",审批率"))
    assert document is not None
    (warning,) = diagnostics
    assert warning.code == "W062" and "，" in warning.hint


def test_range_and_rank_rules(tmp_path: Path) -> None:
    text = """\
    meta: {title: 测试}
    indicators:
      - {id: span, name: 单位数, value: 6, unit: 个, kind: range}
      - {id: place, name: 排名, value: 3.5, unit: 名, kind: rank}
      - {id: about, name: 件数, value: 5700, qualifier: 倒数, unit: 件, kind: approx}
    body:
      - "{span}{place}{about}"
    """
    _, diagnostics = load(tmp_path, text)
    assert sorted(d.code for d in errors_of(diagnostics)) == ["C023", "C027", "C028"]


def test_relation_formula_is_checked(tmp_path: Path) -> None:
    text = MINIMAL + "relations:\n  - {id: r1, formula: staff / / rate, stated: rate}\n  - {id: r2, formula: staff / ghost, stated: rate}\n"
    _, diagnostics = load(tmp_path, text)
    assert sorted(d.code for d in errors_of(diagnostics)) == ["C032", "C033"]


def test_relations_without_id_are_each_reported_once(tmp_path: Path) -> None:
    text = MINIMAL + "relations:\n  - {formula: staff / rate, stated: rate}\n  - {formula: staff / rate, stated: rate}\n"
    _, diagnostics = load(tmp_path, text)
    assert [(d.code, d.location.line) for d in errors_of(diagnostics)] == [("E022", 9), ("E022", 10)]


def test_short_row_starting_with_a_written_out_cell_is_located(tmp_path: Path) -> None:
    text = MINIMAL + "  - table:\n      rows:\n        - [甲, 乙, 丙]\n        - [{text: 丁, colspan: 2}]\n"
    _, diagnostics = load(tmp_path, text)
    (problem,) = errors_of(diagnostics)
    assert problem.code == "C049" and (problem.location.line, problem.location.column) == (11, 12)


def test_missing_file_and_bad_encoding(tmp_path: Path) -> None:
    _, diagnostics = load_document(tmp_path / "nope.yaml")
    assert diagnostics[0].code == "E001"
    path = tmp_path / "gbk.yaml"
    path.write_bytes("meta:\n  title: 测试\n".encode("gbk"))
    _, diagnostics = load_document(path)
    assert diagnostics[0].code == "E002"


def test_sections_nest_by_depth(tmp_path: Path) -> None:
    text = "meta: {title: 测试}\nbody:\n  - heading: 甲\n    body:\n      - heading: 乙\n        run_in: true\n        body: [段落。]\n"
    document, _ = load(tmp_path, text)
    (outer,) = document.body
    assert isinstance(outer, Section) and isinstance(outer.children[0], Section)
    assert outer.children[0].run_in


def test_seal_image_is_found_relative_to_the_source(tmp_path: Path) -> None:
    draw_seal(tmp_path / "seal.png")
    document, _ = load(tmp_path, "meta: {title: 测试, date: 2023-02-22, seal: seal.png}\nbody: [段落。]\n")
    assert document.meta.seal is not None
    assert document.meta.seal.data == (tmp_path / "seal.png").read_bytes()
    assert (document.meta.seal.format, document.meta.seal.width, document.meta.seal.mode) == ("PNG", 600, "RGBA")
    _, diagnostics = load(tmp_path, "meta: {title: 测试, seal: seal.png}\nbody: [段落。]\n")
    assert [d.code for d in diagnostics] == ["C016"]
    _, diagnostics = load(tmp_path, "meta: {title: 测试, date: 2023-02-22, seal: missing.png}\nbody: [段落。]\n")
    assert [d.code for d in diagnostics] == ["C015"]
    _, diagnostics = load(tmp_path, "meta: {title: 测试, date: 2023-02-22, seal: seal.gif}\nbody: [段落。]\n")
    assert [d.code for d in diagnostics] == ["C014"]


def test_doc_number_may_be_pasted_whole(tmp_path: Path) -> None:
    for written in ("宛政〔2023〕12号", "宛政[2023]12号", "宛政【2023】第012号"):
        document, diagnostics = load(tmp_path, MINIMAL.replace("  title: 测试报告\n", f"  title: 测试报告\n  doc_number: {written}\n"))
        assert document is not None and not errors_of(diagnostics)
        number = document.meta.doc_number
        assert (number.agency, number.year, number.serial, number.location.line) == ("宛政", 2023, 12, 3)


def test_a_malformed_pasted_doc_number_is_refused_where_it_is_written(tmp_path: Path) -> None:
    for written, code in (("宛政2023年12号", "C038"), ("〔2023〕12号", "C038"), ("宛政〔1900〕1号", "C012"),
                          ("宛政〔2023〕0号", "C038")):
        document, diagnostics = load(tmp_path, MINIMAL.replace("  title: 测试报告\n", f"  title: 测试报告\n  doc_number: {written}\n"))
        (problem,) = errors_of(diagnostics)
        assert document is None and (problem.code, problem.location.line) == (code, 3)
