"""The command as a clerk runs it: messages, exit codes, no traceback, no half-written files."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import EXAMPLE, PROJECT
from hostile_run import ctrl_c_reaches_it
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


# ---------------------------------------------------------------- several sources, parallel writers, watching
def test_several_sources_build_in_parallel_processes_each_reported_whole(tmp_path: Path) -> None:
    sources = []
    for name in ("甲", "乙", "丙"):
        path = tmp_path / f"{name}.yaml"
        path.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
        sources.append(str(path))
    broken = tmp_path / "丁.yaml"
    broken.write_text(FIVE_MISTAKES, encoding="utf-8")
    result = run("build", *sources, str(broken), "-j", "2", "--out", str(tmp_path / "out"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    built = sorted(path.name for path in (tmp_path / "out").iterdir())
    assert built == sorted(f"{name}.{fmt}" for name in "甲乙丙" for fmt in ("docx", "pdf", "xlsx"))
    starts = [line for line in result.stdout.splitlines() if "→" in line]
    assert [Path(line.split(" →")[0]).stem for line in starts] == ["甲", "乙", "丙"]  # in the order given
    assert result.stderr.count("错误[") == 5


def test_a_process_among_several_building_forks_no_work_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    from exporter import forked

    monkeypatch.setattr(forked, "_one_of_many", False)
    before = forked.can_fork()
    forked.keep_to_one_core()  # what each -j worker does first: the workers already keep the cores busy
    assert forked.can_fork() is False
    assert before == (len(__import__("os").sched_getaffinity(0)) > 1)


def test_the_files_of_a_parallel_build_are_the_files_of_a_plain_one(style, tmp_path: Path) -> None:
    from exporter.build import build_outputs, check_source

    checked = check_source(EXAMPLE, style)
    plain = build_outputs(checked, style, tmp_path / "plain", ("docx", "pdf", "xlsx"))
    beside = build_outputs(checked, style, tmp_path / "beside", ("docx", "pdf", "xlsx"), parallel=True)
    assert [p.name for p in beside] == [p.name for p in plain]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(plain, beside))


@pytest.mark.parametrize("failure", ["content", "disk"])
def test_a_writer_failing_in_the_other_process_leaves_every_output_as_it_was(
        style, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: str) -> None:
    import errno

    from exporter.build import build_outputs, check_source
    from exporter.errors import ContentError, OutputError, error
    from exporter.writers import xlsx

    checked = check_source(EXAMPLE, style)
    out = tmp_path / "out"
    first = build_outputs(checked, style, out, ("docx", "pdf", "xlsx"))
    before = {path.name: path.read_bytes() for path in first}

    def broken(job: object, path: Path) -> None:
        if failure == "content":
            raise ContentError(error("X999", "测试用的错误"))
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(xlsx, "write", broken)  # the forked child runs this test's code
    with pytest.raises(ContentError if failure == "content" else OutputError) as raised:
        build_outputs(checked, style, out, ("docx", "pdf", "xlsx"), parallel=True)
    if failure == "disk":
        assert "磁盘空间不足" in str(raised.value) and "xlsx" in str(raised.value)
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before  # no temporary file, nothing replaced


def test_watch_rebuilds_after_each_saved_change_in_a_warm_process(tmp_path: Path) -> None:
    source = tmp_path / "watched.yaml"
    source.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "exporter", "build", str(source), "--out", str(out), "--watch"],
                               preexec_fn=ctrl_c_reaches_it,
                               cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines: list[str] = []
        assert process.stdout is not None
        while not any("正在监视" in line for line in lines):
            lines.append(process.stdout.readline())
        first = (out / "watched.pdf").read_bytes()
        source.write_text(source.read_text(encoding="utf-8").replace("持续深入学习", "持续深入系统学习"), encoding="utf-8")
        while not any("已重新生成" in line for line in lines):
            lines.append(process.stdout.readline())
        assert (out / "watched.pdf").read_bytes() != first
        source.write_text("meta: {title: 测试}\nbody: [有错误的{段落。]\n", encoding="utf-8")
        while not any("有错误" in line for line in lines):
            lines.append(process.stdout.readline())
    finally:
        process.send_signal(2)  # Ctrl+C
        output, errors = process.communicate(timeout=30)
    assert process.returncode == 0 and "已结束监视" in output and "Traceback" not in errors


@pytest.mark.parametrize("after", [0.05, 0.1, 0.15, 0.2, 0.3])
def test_ctrl_c_while_the_command_starts_ends_with_the_documented_exit_code(tmp_path: Path, after: float) -> None:
    """Ctrl+C in the first tenths of a second (modules loading, compiled afresh) ends with exit 1, not killed by
    SIGINT: CPython counts a Ctrl+C that reached an exec() as unhandled unless the process leaves at once."""
    import os
    import signal
    import time

    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(PROJECT)}
    process = subprocess.Popen([sys.executable, "-m", "exporter", "build", str(EXAMPLE), "--out", str(tmp_path)],
                               cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=ctrl_c_reaches_it)
    time.sleep(after)
    process.send_signal(signal.SIGINT)
    _, errors = process.communicate(timeout=60)
    assert process.returncode in (0, 1), errors  # 0: it had finished already
    assert "Traceback" not in errors
    if process.returncode == 1:
        assert "已中断" in errors
