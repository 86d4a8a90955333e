"""Every example in the README runs as written: each shell command and each YAML block."""
from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
import time
import http.cookiejar
import urllib.request
from pathlib import Path

import pytest
from docx import Document

from hostile_run import ctrl_c_reaches_it

PROJECT = Path(__file__).resolve().parent.parent
README = (PROJECT / "README.md").read_text(encoding="utf-8")
SEED = PROJECT / "tests" / "data" / "nanyang-2022-report.txt"
SETUP_COMMANDS = ["bash setup.sh", ".venv/bin/python -m pytest"]
SOURCE_EXAMPLE = "示例.yaml"
STYLE_EXAMPLE = "我的样式.yaml"
COMMAND_TIMEOUT = 300
LONG_RUNNING_WAIT = 120


def _blocks(language: str) -> list[str]:
    return [body for lang, body in re.findall(r"```(\w*)\n(.*?)```", README, re.S) if lang == language]


def _commands() -> list[str]:
    lines = [line.strip() for block in _blocks("bash") for line in block.splitlines()]
    return [" ".join(shlex.split(line, comments=True)) for line in lines if line and not line.startswith("#")]


def _example_commands() -> list[str]:
    return [command for command in _commands() if command not in SETUP_COMMANDS]


def _yaml_example(marker: str) -> str:
    found = [block for block in _blocks("yaml") if re.search(marker, block, re.M)]
    assert len(found) == 1, f"the README should hold one YAML block matching {marker!r}"
    return found[0]


def _write_inputs(folder: Path) -> None:
    """The files a clerk would have beside the README's commands: the report as text, Word and Markdown."""
    seed = SEED.read_text(encoding="utf-8")
    paragraphs = [line for line in seed.splitlines() if line.strip()]
    (folder / "报告.txt").write_text(seed, encoding="utf-8")
    document = Document()
    document.add_heading("南阳市人民政府关于2022年度法治政府建设情况的报告", level=0)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.save(str(folder / "报告.docx"))
    markdown = ["# 南阳市人民政府关于2022年度法治政府建设情况的报告", ""]
    markdown += [line for paragraph in paragraphs for line in (paragraph, "")]
    (folder / "报告.md").write_text("\n".join(markdown), encoding="utf-8")
    (folder / SOURCE_EXAMPLE).write_text(_yaml_example(r"^meta:"), encoding="utf-8")
    (folder / STYLE_EXAMPLE).write_text(_yaml_example(r"^base:"), encoding="utf-8")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clerk's folder outside the project, where `.venv/bin/exporter` is this environment's command."""
    folder = tmp_path_factory.mktemp("clerk")
    bin_dir = folder / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "exporter").symlink_to(Path(sys.executable).parent / "exporter")
    _write_inputs(folder)
    return folder


def _environment() -> dict[str, str]:
    # `serve` opens a browser unless told otherwise; `true` stands in for one.
    return {**os.environ, "BROWSER": "true", "PYTHONUNBUFFERED": "1"}


def _run(command: str, folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-c", command], cwd=folder, env=_environment(), capture_output=True,
                          text=True, timeout=COMMAND_TIMEOUT)


def _until(process: subprocess.Popen[str], pattern: str) -> re.Match[str]:
    """Read the process's output until a line matches; fail if it ends or takes too long."""
    assert process.stdout is not None
    deadline = time.monotonic() + LONG_RUNNING_WAIT
    seen: list[str] = []
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line)
        if match := re.search(pattern, line):
            return match
    process.kill()
    raise AssertionError(f"no line matching {pattern!r} in:\n{''.join(seen)}")


def _stop(process: subprocess.Popen[str]) -> int:
    process.send_signal(signal.SIGINT)
    try:
        return process.wait(timeout=30)
    finally:
        process.kill()


def _run_serve(command: str, folder: Path) -> None:
    process = subprocess.Popen(["bash", "-c", f"exec {command}"], cwd=folder, env=_environment(),
                               preexec_fn=ctrl_c_reaches_it,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = _until(process, r"(http://127\.0\.0\.1:\d+/\?token=\S+)").group(1)
        # The address with the token sets a session cookie and redirects to the page, as a browser follows.
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        with browser.open(url, timeout=30) as response:
            page = response.read().decode("utf-8")
        assert response.status == 200 and "公文" in page
    finally:
        stopped = _stop(process)
    assert stopped == 0


def _run_watch(command: str, folder: Path) -> None:
    source = folder / shlex.split(command)[2]
    process = subprocess.Popen(["bash", "-c", f"exec {command}"], cwd=folder, env=_environment(),
                               preexec_fn=ctrl_c_reaches_it,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        _until(process, "正在监视")
        pdf = folder / "build" / (source.stem + ".pdf")
        before = pdf.stat().st_mtime_ns
        source.write_text(source.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        _until(process, "已生成 排版 PDF")
        assert pdf.stat().st_mtime_ns > before
    finally:
        stopped = _stop(process)
    assert stopped == 0


def test_the_first_commands_set_up_and_test() -> None:
    assert _commands()[:2] == SETUP_COMMANDS
    ci = (PROJECT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert [line for line in ci if line in SETUP_COMMANDS] == SETUP_COMMANDS


def test_the_first_example_imports_plain_text_then_builds() -> None:
    first, second = _example_commands()[:2]
    assert first.startswith(".venv/bin/exporter import 报告.txt")
    assert second.startswith(".venv/bin/exporter build")


def test_every_readme_command_runs(workspace: Path) -> None:
    """Runs the README's commands in order, in a clerk's folder, exactly as written."""
    commands = _example_commands()
    assert commands and all(command.startswith(".venv/bin/exporter ") for command in commands)
    for command in commands:
        subcommand = shlex.split(command)[1]
        if subcommand == "serve":
            _run_serve(command, workspace)
            continue
        if "--watch" in command:
            _run_watch(command, workspace)
            continue
        result = _run(command, workspace)
        allowed = {0, 1} if subcommand == "lint" else {0}  # lint exits 1 when it has reminders
        assert result.returncode in allowed, f"{command}\n{result.stdout}\n{result.stderr}"
        assert "Traceback" not in result.stderr
    for name in ("我的报告", "nanyang-2022"):
        assert {path.name for path in (workspace / "build").glob(f"{name}.*")} == {
            f"{name}.docx", f"{name}.pdf", f"{name}.xlsx"}
    assert (workspace / "打印" / "我的报告.pdf").is_file()
    assert (workspace / "content" / "从Word导入.yaml").is_file()
    assert (workspace / "content" / "报告.yaml").is_file()


def test_the_source_example_builds_with_the_warning_the_readme_describes(workspace: Path) -> None:
    result = _run(f".venv/bin/exporter build {SOURCE_EXAMPLE} --out 示例输出", workspace)
    assert result.returncode == 0, result.stderr
    assert "W081" in result.stderr and "99.96%" in result.stderr
    assert result.stderr.count("警告[") == 1
    text = subprocess.run(["pdftotext", "-layout", str(workspace / "示例输出" / "示例.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    for printed in ("宛政〔2023〕12号", "一、主要举措和成效", "（一）严格规范重大行政决策事项管理。", "表1",
                    "附件：1.2022年度行政复议案件情况", "2.主要指标一览表", "11办结的行政复议案件数269件附件1"):
        assert printed in text.replace(" ", "")


def test_the_style_variant_works_outside_the_project(workspace: Path) -> None:
    result = _run(f".venv/bin/exporter check content/我的报告.yaml --style {STYLE_EXAMPLE}", workspace)
    assert result.returncode == 0, result.stderr
