"""The command as a clerk runs it: messages, exit codes, no traceback, no half-written files."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import EXAMPLE, PROJECT
from exporter.atomic import write_atomically

FIVE_MISTAKES = """\
meta:
  title: 测试报告
  titel: 拼错的键
indicators:
  - {id: rate, name: 审批率, value: 98.7, unit: "%", kind: percent}
  - {id: rate, name: 重复的编号, value: 1, unit: 个, kind: count}
body:
  - heading: （一）手写了序号的标题
    body:
      - "审批率{rate}，新增300人，引用{missing}。"
"""


def run(*args: str, cwd: Path = PROJECT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "exporter", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_check_reports_five_mistakes_with_lines_and_exits_1(tmp_path: Path) -> None:
    source = tmp_path / "bad.yaml"
    source.write_text(FIVE_MISTAKES, encoding="utf-8")
    result = run("check", str(source))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if "错误[" in line]
    assert len(lines) == 5
    located = {line.split(": ")[0].rsplit(":", 2)[1] for line in lines}
    assert located == {"3", "6", "8", "10"}  # 10 holds two mistakes: the loose figure and the unknown id
    assert "共 5 处错误" in result.stderr


def test_check_passes_the_example_with_its_one_warning() -> None:
    result = run("check", str(EXAMPLE))
    assert result.returncode == 0, result.stderr
    assert "检查通过" in result.stdout
    assert result.stderr.count("警告[") == 1 and "99.96%" in result.stderr


@pytest.mark.parametrize("args", [
    ("build", "--format", "odt"),
    ("build", "--style", "no-such-style"),
    ("frobnicate",),
    (),
])
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_missing_source_is_a_content_error(tmp_path: Path) -> None:
    result = run("check", str(tmp_path / "missing.yaml"))
    assert result.returncode == 1 and "找不到文件" in result.stderr


def test_bad_source_leaves_earlier_outputs_untouched(tmp_path: Path) -> None:
    source = tmp_path / "bad.yaml"
    source.write_text(FIVE_MISTAKES, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "bad.docx").write_bytes(b"previous")
    result = run("build", str(source), "--out", str(out))
    assert result.returncode == 1
    assert (out / "bad.docx").read_bytes() == b"previous"
    assert sorted(p.name for p in out.iterdir()) == ["bad.docx"]


def test_failed_writer_leaves_no_partial_file(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old complete file")

    def broken(path: Path) -> None:
        path.write_bytes(b"half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomically(target, broken)
    assert target.read_bytes() == b"old complete file"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_yaml_mistake_gives_a_located_chinese_message(tmp_path: Path) -> None:
    source = tmp_path / "broken.yaml"
    source.write_text(textwrap.dedent("""\
        meta:
          title: 测试
        body:
          - {2022}年，我市……
        """), encoding="utf-8")
    result = run("check", str(source))
    assert result.returncode == 1
    assert "broken.yaml:4:" in result.stderr and "YAML 格式错误" in result.stderr
