"""The page's changes as text edits of the source (comments and order kept), its view of the structure, and its fixes."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from exporter.build import check_source
from exporter.errors import ExporterError
from exporter.serve import edits
from exporter.serve.edits import EditRefused
from exporter.serve.findings import findings
from exporter.serve.outline import outline
from exporter.yamlsource import parse_yaml

SOURCE = textwrap.dedent("""\
    # 报告源文件：注释要保留
    meta:
      title: ""  # 没有找到标题行：请填写报告标题
      issuer: 南阳市人民政府
      date: 2023-02-22
      cc:
        - 省司法厅
        - 市委办公室

    body:
      - "{2022年}，全市包联干部达到{51630人}，办结率{99%}。"
      - heading: 存在的问题
        body:
          - heading: 规范重大行政决策。
            run_in: true
            body:
              - 实现{66项}民生事项“秒批秒办”，创新{1153}工作模式。
          - 第二段。
    """)


def _check(tmp_path: Path, text: str, style):
    source = tmp_path / "report.yaml"
    source.write_text(text, encoding="utf-8")
    return check_source(source, style)


def _node(text: str, startswith: str) -> int:
    return next(n.span[0] for n in edits.scalars(edits.parse_source(text)) if n.raw.startswith(startswith))


# ---------------------------------------------------------------- meta
def test_setting_a_meta_value_replaces_it_and_drops_the_stale_remark() -> None:
    changed = edits.set_meta(SOURCE, "title", "南阳市人民政府关于2022年度法治政府建设情况的报告")
    assert "  title: 南阳市人民政府关于2022年度法治政府建设情况的报告\n  issuer:" in changed
    assert "请填写报告标题" not in changed and "# 报告源文件：注释要保留" in changed


def test_a_new_meta_key_goes_after_its_predecessor_in_the_usual_order() -> None:
    changed = edits.set_meta(SOURCE, "doc_number", {"agency": "宛政", "year": "2023", "serial": "12"})
    changed = edits.set_meta(changed, "recipients", ["河南省人民政府"])
    lines = changed.splitlines()
    assert lines[4:7] == ["  doc_number: {agency: 宛政, year: 2023, serial: 12}", "  recipients: [河南省人民政府]",
                          "  date: 2023-02-22"]


def test_a_block_list_is_replaced_whole_and_an_empty_value_removes_the_line() -> None:
    changed = edits.set_meta(SOURCE, "cc", ["省委依法治省办", "省司法厅"])
    assert "  cc: [省委依法治省办, 省司法厅]\n\nbody:" in changed and "市委办公室" not in changed
    removed = edits.set_meta(changed, "issuer", "")
    assert "issuer" not in removed and "  date: 2023-02-22\n" in removed


def test_meta_values_that_need_quotes_are_quoted() -> None:
    changed = edits.set_meta(SOURCE, "note", "注：{此件}公开发布 # 不是注释")
    root = edits.parse_source(changed)
    assert root.get("meta").get("note").raw == "注：{此件}公开发布 # 不是注释"


def test_an_unknown_meta_key_is_refused() -> None:
    with pytest.raises(EditRefused, match="未知"):
        edits.set_meta(SOURCE, "evil", "x")


# ---------------------------------------------------------------- prose
def test_naming_a_figure_writes_the_name_into_its_brace() -> None:
    node = _node(SOURCE, "实现")
    changed = edits.set_brace(SOURCE, node, 0, edits.named_figure("66项", "实现“秒批秒办”的民生事项数"))
    assert "- 实现{66项|实现“秒批秒办”的民生事项数}民生事项“秒批秒办”" in changed
    renamed = edits.set_brace(changed, node, 0, edits.named_figure("66项|旧名", "新名"))
    assert "{66项|新名}" in renamed


def test_a_figure_keeps_its_id_when_named() -> None:
    assert edits.named_figure("51630人#baolian", "包联干部人数") == "51630人#baolian|包联干部人数"


@pytest.mark.parametrize("written, parts", [
    ("5700余件", ("", "5700", "余件")), ("98.72%", ("", "98.72", "%")), ("倒数第四名", ("", "倒数第四", "名")),
    ("6～8个", ("", "6～8", "个")), ("1.37亿元", ("", "1.37", "亿元")), ("约80%", ("约", "80", "%")),
])
def test_a_figure_made_a_literal_keeps_its_number_in_braces(written: str, parts: tuple[str, str, str]) -> None:
    assert edits.as_literal(written) == parts


def test_making_a_figure_a_literal_rewrites_the_paragraph() -> None:
    changed = edits.make_literal(SOURCE, _node(SOURCE, "实现"), 0)
    assert "- 实现{66}项民生事项“秒批秒办”" in changed


def test_a_literal_made_a_figure_needs_a_name() -> None:
    assert edits.named_figure("1153", "工作模式编号") == "1153|工作模式编号"
    with pytest.raises(EditRefused, match="名称"):
        edits.named_figure("1153", "")


@pytest.mark.parametrize("name", ["a{b", "a|b", "a#b", "x" * 61])
def test_a_name_that_would_break_the_brace_is_refused(name: str) -> None:
    with pytest.raises(EditRefused):
        edits.clean_name(name)


def test_a_paragraph_that_comes_to_start_with_a_brace_is_quoted() -> None:
    node = _node(SOURCE, "第二段")
    changed = edits.replace_scalar(SOURCE, node, "{2023年}第二段。")
    assert '      - "{2023年}第二段。"\n' in changed
    assert edits.scalar_at(edits.parse_source(changed), node).raw == "{2023年}第二段。"


def test_an_edit_at_a_place_that_has_changed_is_refused() -> None:
    with pytest.raises(EditRefused, match="刷新"):
        edits.replace_scalar(SOURCE, 3, "x")


def test_a_fix_that_would_open_a_plain_value_with_a_brace_rewrites_the_value() -> None:
    text = "meta:\n  title: 标题\nbody:\n  - 66项民生事项\n"
    changed = edits.apply_fix(text, 4, 5, "66项", "{66项}")
    assert changed.endswith('  - "{66项}民生事项"\n')
    with pytest.raises(EditRefused):
        edits.apply_fix(text, 4, 5, "67项", "{67项}")


# ---------------------------------------------------------------- the view
def test_the_view_shows_levels_run_in_headings_figures_and_literals(tmp_path: Path, style) -> None:
    checked = _check(tmp_path, edits.set_meta(SOURCE, "title", "标题"), style)
    text = (tmp_path / "report.yaml").read_text(encoding="utf-8")
    root, _ = parse_yaml(text, "report.yaml")
    view = outline(text, root, checked.document, checked.resolved)
    kinds = [(b["type"], b.get("label") or (b.get("runIn") or {}).get("label")) for b in view["blocks"]]
    assert kinds == [("paragraph", None), ("heading", "一、"), ("paragraph", "（一）"), ("paragraph", None)]
    first = view["blocks"][0]["part"]["pieces"]
    assert [(p["t"], p["s"]) for p in first if p["t"] != "text"] == [("literal", "2022年"), ("figure", "51630人"),
                                                                    ("figure", "99%")]
    cadres = first[2]
    assert (cadres["name"], cadres["unit"], cadres["kindName"]) == ("包联干部", "人", "数量")
    run_in = view["blocks"][2]
    assert run_in["runIn"]["level"] == 2 and run_in["runIn"]["part"]["text"] == "规范重大行政决策。"
    assert [p["t"] for p in run_in["part"]["pieces"] if p["t"] != "text"] == ["figure", "literal"]
    assert view["meta"]["cc"] == ["省司法厅", "市委办公室"] and view["meta"]["date"] == "2023-02-22"


def test_the_view_numbers_headings_even_when_the_source_has_errors() -> None:
    text = SOURCE.replace("第二段。", "第2段。")
    root, _ = parse_yaml(text, "report.yaml")
    view = outline(text, root, None, None)
    assert [b.get("label") or b["runIn"]["label"] for b in view["blocks"][1:3]] == ["一、", "（一）"]


def test_the_view_numbers_attachments_as_the_attachment_note_does() -> None:
    attachments = ("  attachments:\n    - 只有名称的附件\n    - title: 案例\n      body: [内容。]\n"
                   "    - {title: 主要指标一览表, indicators: true}\n")
    text = SOURCE.replace("  cc:\n", attachments + "  cc:\n", 1)
    root, problems = parse_yaml(text, "report.yaml")
    assert problems == []
    view = outline(text, root, None, None)
    shown = [(b["label"], b["title"]["text"], b["list"]) for b in view["blocks"] if b["type"] == "attachment"]
    assert shown == [("附件2", "案例", False), ("附件3", "主要指标一览表", True)]  # as the printed labels are


def test_a_yaml_alias_is_shown_where_it_stands_and_can_be_replaced() -> None:
    text = SOURCE.replace("- 第二段。", "- *a")
    text = text.replace("- heading: 规范重大行政决策。", "- heading: &a 规范重大行政决策。")
    root, problems = parse_yaml(text, "report.yaml")
    assert [p.code for p in problems] == ["E013"]
    view = outline(text, root, None, None)
    alias = view["blocks"][-1]
    assert alias["part"]["text"] == "*a" and alias["line"] == text[:text.index("*a")].count("\n") + 1
    changed = edits.replace_scalar(text, alias["part"]["node"], "第二段。")
    assert changed == SOURCE.replace("- heading: 规范重大行政决策。", "- heading: &a 规范重大行政决策。")


# ---------------------------------------------------------------- findings and their fixes
def test_an_untracked_figure_and_an_ascii_comma_get_one_click_fixes(tmp_path: Path, style) -> None:
    text = edits.set_meta(SOURCE, "title", "标题").replace("第二段。", "新建站点3个,覆盖全市。")
    source = tmp_path / "report.yaml"
    source.write_text(text, encoding="utf-8")
    with pytest.raises(ExporterError) as raised:
        check_source(source, style)
    found = {f.code: f for f in findings(source, text, raised.value.diagnostics)}
    assert found["C061"].fix is not None and (found["C061"].fix.old, found["C061"].fix.new) == ("3个", "{3个}")
    assert found["W062"].fix is not None and (found["W062"].fix.old, found["W062"].fix.new) == (",", "，")
    for fix in (found["W062"].fix, found["C061"].fix):  # right to left: the second keeps its column
        text = edits.apply_fix(text, fix.line, fix.column, fix.old, fix.new)
    assert "- 新建站点{3个}，覆盖全市。" in text
    source.write_text(text, encoding="utf-8")
    assert [w.code for w in check_source(source, style).warnings if w.code in ("C061", "W062")] == []


# ---------------------------------------------------------------- limits and the worker's own work
def test_a_report_over_the_page_limit_is_refused_with_a_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import EXAMPLE
    from exporter.serve import work

    source = tmp_path / EXAMPLE.name
    source.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(work, "MAX_PAGES", 3)
    preview = work.refresh(str(source), "gbt9704", frozenset())
    assert not preview.ok and not preview.pages and not preview.images
    limit = next(f for f in preview.findings if f["code"] == "S001")
    assert preview.findings[0] is limit and "超过了网页上预览和生成的上限 3 页" in limit["message"]
    built = work.build(str(source), "gbt9704", str(tmp_path / "out"), ("pdf",))
    assert built.files == [] and "1 处错误" in built.message and not (tmp_path / "out").exists()


def test_the_preview_paints_only_the_pages_it_was_not_given(tmp_path: Path) -> None:
    from conftest import EXAMPLE
    from exporter.serve import work

    source = tmp_path / EXAMPLE.name
    text = EXAMPLE.read_text(encoding="utf-8")
    source.write_text(text, encoding="utf-8")
    first = work.refresh(str(source), "gbt9704", frozenset())
    assert first.ok and len(first.images) == len(set(first.pages)) >= 8
    assert all(image.startswith(b"\xff\xd8\xff") for image in first.images.values())
    source.write_text(edits.set_meta(text, "note", "此件主动公开"), encoding="utf-8")
    second = work.refresh(str(source), "gbt9704", frozenset(first.images))
    changed = [i for i, (a, b) in enumerate(zip(first.pages, second.pages)) if a != b]
    assert changed == [len(first.pages) - 1]  # the 附注 stands on the last page only
    assert set(second.images) == {second.pages[-1]}
