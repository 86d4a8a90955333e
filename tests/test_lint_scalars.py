"""Each value character of a YAML scalar traced to the text that writes it, in every scalar style."""

from __future__ import annotations

import pytest

from exporter.lint.scalars import value_places
from exporter.yamlsource import Map, parse_yaml


@pytest.mark.parametrize("written", [
    "中文中文 # 注释",
    '"中文\\"引号\\u4e2d\\\\"',
    "'单引''号'",
    "多行\n  普通 文本\n\n  空行后",
    '"双引\n  续行 \\\n  接续"',
    "|\n  第一行\n    缩进\n  第二行\n\n",
    ">-\n  折叠\n  文本\n\n  新段",
    "|+\n  保留\n\n",
    "[中文, \"引号\", '单''引']",
])
def test_every_character_is_traced_to_where_it_is_written(written: str) -> None:
    text = f"key: {written}\nnext: 1\n"
    root, problems = parse_yaml(text, "t.yaml")
    assert isinstance(root, Map) and not problems
    value = root.entries[0][1]
    scalars = getattr(value, "items", None) or (value,)
    for scalar in scalars:
        places = value_places(text, scalar)
        assert places is not None and len(places) == len(scalar.raw)
        for char, place in zip(scalar.raw, places):
            if place is not None and place[1] - place[0] == 1:
                assert text[place[0]] == char
            elif place is not None:  # an escape: \" '' \u4e2d \\
                assert text[place[0]] in "\\'"


def test_a_block_with_an_explicit_indentation_is_not_traced() -> None:
    text = "key: |2\n    缩进指示符\n"
    root, _ = parse_yaml(text, "t.yaml")
    assert isinstance(root, Map)
    assert value_places(text, root.entries[0][1]) is None  # type: ignore[arg-type]
