"""Located YAML reading: the fast and the Python parser agree on every value and place."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLE
from exporter import yamlsource
from exporter.oserrors import reason
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


# ---------------------------------------------------------------- hostile text
MUTATIONS = ("", '"', "'", ":", ": ", "{", "}", "[", "]", "- ", "  ", "\n", "%", "@", "*", "&", "!", "|", ">", "，", "#", "\\")


def mutated_sources() -> list[str]:
    """The example's opening lines with one character deleted or one YAML indicator inserted, at many places."""
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    text = "".join(lines[:40])
    variants = []
    for number, offset in enumerate(range(0, len(text), 7)):
        inserted = MUTATIONS[number % len(MUTATIONS)]
        variants.append(text[:offset] + inserted + text[offset + (0 if inserted else 1):])
    return variants


def test_every_syntax_error_is_explained_in_chinese_with_line_column_and_hint() -> None:
    english = re.compile(r"[A-Za-z]{2,}(?: [A-Za-z']{2,}){2,}")
    explained = 0
    for text in mutated_sources():
        _, problems = parse_yaml(text, "x.yaml")
        for problem in problems:
            if problem.code != "E011":
                continue
            explained += 1
            assert problem.location.line > 0 and problem.location.column > 0, problem
            assert problem.hint and re.search("[\u4e00-\u9fff]", problem.message), problem
            assert not english.search(problem.message + problem.hint), problem
    assert explained > 50  # the mutations do break the YAML


def test_a_source_that_cannot_be_opened_says_why_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "report.yaml"
    source.write_text("meta: {title: 测试}\n", encoding="utf-8")

    def refused(*args: object, **kwargs: object) -> int:
        raise PermissionError(errno.EACCES, "Permission denied", str(source))

    monkeypatch.setattr(yamlsource.os, "open", refused)
    _, problems = yamlsource.read_yaml(source, "report.yaml")
    assert [(p.code, p.message) for p in problems] == [("E003", "无法读取文件：没有权限（读取或写入被拒绝）")]
    assert "Permission" not in str(problems[0])


def test_a_source_is_read_to_its_limit_and_no_further(tmp_path: Path) -> None:
    source = tmp_path / "report.yaml"
    source.write_bytes(b"a" * 101)
    assert yamlsource.read_source_bytes(source, limit=101) == b"a" * 101
    with pytest.raises(yamlsource.SourceRefused, match="文件太大"):
        yamlsource.read_source_bytes(source, limit=100)


@pytest.mark.parametrize("number, words", [
    (errno.ENOSPC, "磁盘空间不足"), (errno.EACCES, "没有权限"), (errno.EPERM, "没有权限"), (errno.EROFS, "只读文件系统"),
    (errno.ENOTDIR, "不是文件夹"), (errno.EISDIR, "是一个文件夹"), (errno.ENAMETOOLONG, "太长"), (errno.ELOOP, "循环"),
    (errno.ECONNRESET, "系统错误（ECONNRESET）"),
])
def test_system_reasons_are_chinese(number: int, words: str) -> None:
    assert words in reason(OSError(number, os.strerror(number)))
