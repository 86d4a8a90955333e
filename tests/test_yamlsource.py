"""Located YAML reading: the fast and the Python parser agree on every value and place."""

from __future__ import annotations

import yaml

from conftest import EXAMPLE
from exporter import yamlsource
from exporter.yamlsource import Map, Scalar, Seq, parse_yaml


def flatten(node, out: list) -> list:
    if isinstance(node, Scalar):
        out.append((node.raw, node.plain, node.style, node.location))
    elif isinstance(node, Seq):
        for item in node.items:
            flatten(item, out)
    elif isinstance(node, Map):
        for key, value in node.entries:
            flatten(key, out)
            flatten(value, out)
    return out


def test_fast_and_python_parsers_give_the_same_located_nodes(monkeypatch) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    fast, _ = parse_yaml(text, "example.yaml")
    monkeypatch.setattr(yamlsource, "_FAST_LOADER", yaml.SafeLoader)
    slow, _ = parse_yaml(text, "example.yaml")
    assert flatten(fast, []) == flatten(slow, [])


def test_syntax_errors_keep_the_translated_message() -> None:
    _, problems = parse_yaml("a: b: c\n", "x.yaml")
    assert problems[0].message.startswith("YAML 格式错误：这里不能出现冒号")
    assert str(problems[0].location) == "x.yaml:1:5"


def test_duplicate_keys_and_aliases_are_refused() -> None:
    _, problems = parse_yaml("a: 1\na: 2\nb: &x [1]\nc: *x\n", "x.yaml")
    assert [p.code for p in problems] == ["E015", "E013"]
