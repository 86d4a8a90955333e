"""The emitted source text: scalars quoted exactly where YAML needs it, so every text reads back unchanged."""

from __future__ import annotations

import pytest

from exporter.importer.emit import scalar
from exporter.yamlsource import Map, Scalar, Seq, parse_yaml

TEXTS = [
    "{66项}民生事项", "{2022年}，我市", "一是坚持：完善制度。", "含有: 英文冒号", "结尾冒号:", "井号 #注释", "#开头",
    "- 开头", "? 开头", "true", "No", "null", "~", "2022", "98.72", "2023-02-22", "2023-02-22 更多", "'单引号'",
    '"双引号"', "反斜杠\\路径", "尾随空格 ", " 前导空格", "制表\t符", "逗号,方括号[]和花括号{}", "全角：，；（）｛｝",
    "@开头", "`反引号", "%百分号", "&锚", "*别名", "!标签", "|竖线", ">大于", "普通中文段落。",
]


@pytest.mark.parametrize("text", TEXTS)
def test_block_scalars_read_back_unchanged(text: str) -> None:
    root, problems = parse_yaml(f"body:\n  - {scalar(text)}\n  - heading: {scalar(text)}\n", "t.yaml")
    assert not problems and isinstance(root, Map)
    body = root.get("body")
    assert isinstance(body, Seq)
    paragraph, section = body.items
    assert isinstance(paragraph, Scalar) and paragraph.raw == text
    assert isinstance(section, Map) and section.get("heading").raw == text  # type: ignore[union-attr]


@pytest.mark.parametrize("text", TEXTS)
def test_flow_scalars_read_back_unchanged(text: str) -> None:
    root, problems = parse_yaml(f"rows:\n  - [{scalar(text, flow=True)}, {{text: {scalar(text, flow=True)}, colspan: 2}}]\n", "t.yaml")
    assert not problems and isinstance(root, Map)
    (row,) = root.get("rows").items  # type: ignore[union-attr]
    plain, cell = row.items  # type: ignore[union-attr]
    assert plain.raw == text and cell.get("text").raw == text


@pytest.mark.parametrize("text, plain", [("普通中文段落。", True), ("一是坚持：完善制度。", True), ("{66项}民生事项", False),
                                         ("2022", False), ("true", False)])
def test_plain_where_it_reads_back_and_quoted_otherwise(text: str, plain: bool) -> None:
    assert (scalar(text) == text) is plain
