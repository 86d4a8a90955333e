"""Hostile input: every bad source or situation gets exit 1 and a located Chinese message, nothing is lost, nothing hangs.

Each case runs the command in a folder of its own holding the corpus files it names
(tests/hostile/) and an `out/` with the previous outputs of its source. For every case: the exit
code (1, or 0 for legal input; never 3), a Chinese message naming file:line:column or the path,
no untranslated English, at most TIME_LIMIT seconds and MEMORY_LIMIT_MB of peak memory, the
previous outputs byte-identical after a failure (replaced as a whole set after a success), and no
temporary or lock file left anywhere. A case with `fails_because` is a known gap in a stage this
corpus does not own; it is marked xfail (strict) until that stage refuses the input in Chinese.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from conftest import PROJECT
from hostile_run import ENGLISH_SENTENCE, MEMORY_LIMIT_MB, TIME_LIMIT, run, temporary_files

CORPUS = PROJECT / "tests" / "hostile"
FORMATS = ("docx", "pdf", "xlsx")
SEAL_LINE = re.compile(r"^\s*seal: (\S+)$", re.MULTILINE)
LONG_STEM = "长" * 80  # 240 bytes: with ".yaml" a legal 245-byte file name


@dataclass(frozen=True)
class Case:
    """One hostile input: the command, what it must answer, and how to set the scene."""

    name: str
    args: tuple[str, ...]  # the command line; corpus files named here are copied into the case's folder
    exit: int  # 1 for a refused input, 0 for legal input
    message: str = ""  # a substring of the Chinese message
    where: str = ""  # file:line:column (or the path concerned) the message must name
    prepare: Callable[[Path], None] | None = None  # makes what cannot live in git: pipes, loops, huge files
    needs_mount: bool = False
    fails_because: str = ""  # a known gap, left to the stage that owns it: the case is expected to fail until then


def fifo(name: str) -> Callable[[Path], None]:
    return lambda folder: os.mkfifo(folder / name)


def folder_named(name: str) -> Callable[[Path], None]:
    return lambda folder: (folder / name).mkdir(parents=True)


def sized(name: str, size: int, sparse: bool) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        with open(folder / name, "wb") as file:
            if sparse:
                file.truncate(size)  # 50 MB on paper, no disk used: refused by its size before any read
            else:
                file.write(b"body:\n" + b"  - a\n" * (size // 6))
    return make


def copy_as(corpus_name: str, name: str) -> Callable[[Path], None]:
    return lambda folder: shutil.copy(CORPUS / corpus_name, folder / name)


def symlink_loop(name: str) -> Callable[[Path], None]:
    return lambda folder: os.symlink(name, folder / name)


def file_named(name: str) -> Callable[[Path], None]:
    return lambda folder: (folder / name).write_bytes(b"not a folder")


def read_only_mount(name: str) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        (folder / name).mkdir()
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,ro", "tmpfs", str(folder / name)], check=True,
                       capture_output=True)
    return make


def build(source: str, out: str = "out") -> tuple[str, ...]:
    return ("build", source, "--out", out)


CASES = (
    # ---------------------------------------------------------------- the source file itself
    Case("named pipe as source", ("check", "pipe.yaml"), 1, "命名管道", "pipe.yaml", fifo("pipe.yaml")),
    Case("/dev/zero as source", ("check", "/dev/zero"), 1, "设备文件", "/dev/zero"),
    Case("/dev/urandom as source", ("check", "/dev/urandom"), 1, "设备文件", "/dev/urandom"),
    Case("folder as source", ("check", "报告.yaml"), 1, "文件夹", "报告.yaml", folder_named("报告.yaml")),
    Case("3 MB source", ("check", "big.yaml"), 1, "源文件最大 2.0 MB", "big.yaml", sized("big.yaml", 3 << 20, False)),
    Case("50 MB source", ("build", "huge.yaml", "--out", "out"), 1, "文件太大（50.0 MB）", "huge.yaml",
         sized("huge.yaml", 50 << 20, True)),
    Case("missing source", ("check", "没有这个文件.yaml"), 1, "找不到文件", "没有这个文件.yaml"),
    Case("GBK-encoded source", ("check", "file-gbk.yaml"), 1, "不是 UTF-8 编码", "file-gbk.yaml:2"),
    Case("empty source", ("check", "file-empty.yaml"), 1, "文件是空的", "file-empty.yaml"),
    Case("comments only", ("check", "file-comments-only.yaml"), 1, "文件是空的", "file-comments-only.yaml"),
    # ---------------------------------------------------------------- YAML structure
    Case("600 nested [", ("check", "yaml-nested-600-flow.yaml"), 1, "嵌套超过 50 层", "yaml-nested-600-flow.yaml:6:53"),
    Case("600 nested lists", ("check", "yaml-nested-600-block.yaml"), 1, "嵌套超过 50 层",
         "yaml-nested-600-block.yaml:55:101"),
    Case("second document", ("check", "yaml-second-document.yaml"), 1, "第二份 YAML 文档", "yaml-second-document.yaml:7:1"),
    Case("undefined alias", ("check", "yaml-undefined-alias.yaml"), 1, "不支持 YAML 锚点和别名",
         "yaml-undefined-alias.yaml:6:5"),
    Case("alias", ("check", "yaml-alias.yaml"), 1, "不支持 YAML 锚点和别名", "yaml-alias.yaml:7:5"),
    Case("!!binary tag", ("check", "yaml-binary-tag.yaml"), 1, "不支持 YAML 标记“!!binary”", "yaml-binary-tag.yaml:2:10"),
    Case("custom tag", ("check", "yaml-custom-tag.yaml"), 1, "不支持 YAML 标记“!include”", "yaml-custom-tag.yaml:5:7"),
    Case("python tag", ("check", "yaml-python-tag.yaml"), 1, "不支持 YAML 标记“!!python/object/apply:os.system”",
         "yaml-python-tag.yaml:6:5"),
    # ---------------------------------------------------------------- characters
    Case("NUL", ("check", "chars-nul.yaml"), 1, "U+0000（空字符 NUL）", "chars-nul.yaml:6:7"),
    Case("vertical tab", ("check", "chars-vertical-tab.yaml"), 1, "U+000B（垂直制表符）", "chars-vertical-tab.yaml:6:7"),
    Case("form feed", ("check", "chars-form-feed.yaml"), 1, "U+000C（换页符）", "chars-form-feed.yaml:6:11"),
    Case("escape character", ("check", "chars-escape.yaml"), 1, "U+001B（转义符 ESC）", "chars-escape.yaml:6:7"),
    Case("line separator", ("check", "chars-line-separator.yaml"), 1, "U+2028（行分隔符）", "chars-line-separator.yaml:6:7"),
    Case("escaped \\v", ("check", "chars-escaped-vertical-tab.yaml"), 1, "U+000B（垂直制表符）",
         "chars-escaped-vertical-tab.yaml:6:5"),
    Case("escaped \\0", ("check", "chars-escaped-nul.yaml"), 1, "U+0000（空字符 NUL）", "chars-escaped-nul.yaml:6:5"),
    Case("escaped lone surrogate", ("check", "chars-escaped-surrogate.yaml"), 1, "U+D800（不成对的代理码位）",
         "chars-escaped-surrogate.yaml:6:5"),
    # ---------------------------------------------------------------- a clerk's mistakes
    Case("text starting with {", ("check", "clerk-brace-start.yaml"), 1, "以“{”开头的文字要放在英文双引号里",
         "clerk-brace-start.yaml:6:5"),
    Case("text starting with [", ("check", "clerk-bracket-start.yaml"), 1, "以“[”开头的文字要放在英文双引号里",
         "clerk-bracket-start.yaml:6:5"),
    Case("unit % in braces", ("check", "clerk-percent-unit.yaml"), 1, "“%”不能直接写在值的开头",
         "clerk-percent-unit.yaml:6:46"),
    Case("unit % on its line", ("check", "clerk-percent-unit-block.yaml"), 1, 'unit: "%"', "clerk-percent-unit-block.yaml:9:11"),
    Case("， replacing , in braces", ("check", "clerk-full-width-commas.yaml"), 1, "这里用了中文逗号“，”",
         "clerk-full-width-commas.yaml:6:21"),
    Case(", replacing ， in a name", ("check", "clerk-ascii-comma-in-name.yaml"), 1, "“审结案件数”被当成了单独的一项",
         "clerk-ascii-comma-in-name.yaml:6:27"),
    Case("： in braces", ("check", "clerk-full-width-colon.yaml"), 1, "用了中文冒号“：”", "clerk-full-width-colon.yaml:6:6"),
    Case("tab indentation", ("check", "clerk-tab-indent.yaml"), 1, "制表符（Tab）", "clerk-tab-indent.yaml:2:1"),
    Case("no space after colon", ("check", "clerk-missing-space.yaml"), 1, "冒号后面缺少空格：“title:测试报告”",
         "clerk-missing-space.yaml:2:9"),
    Case("no space after the last colon", ("check", "clerk-missing-space-last.yaml"), 1, "冒号后面缺少空格",
         "clerk-missing-space-last.yaml:3:10"),
    Case("unbalanced double quote", ("check", "clerk-unbalanced-double-quote.yaml"), 1, "引号没有配对",
         "clerk-unbalanced-double-quote.yaml:6:5"),
    Case("unbalanced single quote", ("check", "clerk-unbalanced-single-quote.yaml"), 1, "引号没有配对",
         "clerk-unbalanced-single-quote.yaml:2:10"),
    Case("text after the closing quote", ("check", "clerk-text-after-quote.yaml"), 1, "引号在这一行中间就结束了",
         "clerk-text-after-quote.yaml:6:14"),
    Case("': ' in a paragraph", ("check", "clerk-colon-in-text.yaml"), 1, "被当成了“键: 值”", "clerk-colon-in-text.yaml:6:5"),
    Case("line indented too far", ("check", "clerk-over-indented.yaml"), 1, "缩进不对", "clerk-over-indented.yaml:3:4"),
    Case("line indented too little", ("check", "clerk-under-indented.yaml"), 1, "缩进不对", "clerk-under-indented.yaml:3:2"),
    Case("text starting with *", ("check", "clerk-star-start.yaml"), 1, "以“*”开头的文字", "clerk-star-start.yaml:6:5"),
    Case("text starting with @", ("check", "clerk-at-start.yaml"), 1, "“@”不能写在一段文字的开头", "clerk-at-start.yaml:6:5"),
    Case("backslash in double quotes", ("check", "clerk-backslash.yaml"), 1, "反斜杠", "clerk-backslash.yaml:2:16"),
    Case("- after a key", ("check", "clerk-dash-after-key.yaml"), 1, "“- ”不能写在这里", "clerk-dash-after-key.yaml:2:10"),
    Case("unclosed {", ("check", "clerk-unclosed-brace.yaml"), 1, "没有配对的“}”", "clerk-unclosed-brace.yaml:6:5"),
    # ---------------------------------------------------------------- seal images
    Case("0-byte seal", ("check", "seal-empty.yaml"), 1, "空文件（0 字节）", "seal-empty.yaml:5:9"),
    Case("corrupt seal", ("check", "seal-corrupt.yaml"), 1, "不是 PNG 或 JPEG 图片，或已损坏", "seal-corrupt.yaml:5:9"),
    Case("truncated PNG seal", ("check", "seal-truncated-png.yaml"), 1, "不完整或已损坏", "seal-truncated-png.yaml:5:9"),
    Case("truncated JPEG seal", ("check", "seal-truncated-jpeg.yaml"), 1, "不完整或已损坏", "seal-truncated-jpeg.yaml:5:9"),
    Case("GIF named .png", ("check", "seal-gif-content.yaml"), 1, "不是 PNG 或 JPEG 图片", "seal-gif-content.yaml:5:9"),
    Case("text named .png", ("check", "seal-text-content.yaml"), 1, "不是 PNG 或 JPEG 图片", "seal-text-content.yaml:5:9"),
    Case(".gif seal", ("check", "seal-gif-suffix.yaml"), 1, "应当是 PNG 或 JPEG 文件", "seal-gif-suffix.yaml:5:9"),
    Case("missing seal", ("check", "seal-missing.yaml"), 1, "找不到印章图片", "seal-missing.yaml:5:9"),
    Case("5000 × 5000 seal", ("check", "seal-5000px.yaml"), 1, "5000 × 5000 像素，最大 4000 × 4000", "seal-5000px.yaml:5:9"),
    Case("100-megapixel seal (Pillow's warning)", ("check", "seal-100-megapixels.yaml"), 1, "像素太多",
         "seal-100-megapixels.yaml:5:9"),
    Case("400-megapixel seal (Pillow's error)", ("check", "seal-400-megapixels.yaml"), 1, "像素太多",
         "seal-400-megapixels.yaml:5:9"),
    Case("NUL in the seal's name", ("check", "seal-nul-in-name.yaml"), 1, "文件名中有空字符", "seal-nul-in-name.yaml:5:9"),
    Case("5000-character seal name", ("check", "seal-long-name.yaml"), 1, "文件名或路径太长", "seal-long-name.yaml:5:9"),
    Case("seal is a folder", ("check", "seal-directory.yaml"), 1, "是一个文件夹", "seal-directory.yaml:5:9",
         folder_named("seal-directory.png")),
    Case("seal is a symlink loop", ("check", "seal-symlink-loop.yaml"), 1, "符号链接形成了循环", "seal-symlink-loop.yaml:5:9",
         symlink_loop("seal-loop.png")),
    Case("seal is a named pipe", ("check", "seal-named-pipe.yaml"), 1, "不是普通文件", "seal-named-pipe.yaml:5:9",
         fifo("seal-pipe.png")),
    Case("CMYK JPEG without JFIF", build("seal-cmyk.yaml"), 0),
    Case("RGB JPEG without JFIF", build("seal-no-jfif.yaml"), 0),
    Case("16-bit grey PNG", build("seal-16-bit-grey.yaml"), 0),
    Case("palette PNG with transparency", build("seal-palette.yaml"), 0),
    # ---------------------------------------------------------------- where the outputs go
    Case("legal 245-byte source name", build(f"{LONG_STEM}.yaml"), 0, prepare=copy_as("minimal.yaml", f"{LONG_STEM}.yaml")),
    Case("output name over 255 bytes", build("a" * 252 + ".md"), 1, "输出文件名太长", "a" * 252 + ".docx",
         copy_as("minimal.yaml", "a" * 252 + ".md")),
    Case("--out is a file", ("build", "minimal.yaml", "--out", "afile"), 1, "不是文件夹", "afile", file_named("afile")),
    Case("--out under a file", ("build", "minimal.yaml", "--out", "afile/sub"), 1, "路径中有一部分不是文件夹", "afile/sub",
         file_named("afile")),
    Case("--out is /dev/null", ("build", "minimal.yaml", "--out", "/dev/null"), 1, "不是文件夹", "/dev/null"),
    Case("--out on a read-only file system", ("build", "minimal.yaml", "--out", "ro"), 1, "只读文件系统", "ro",
         read_only_mount("ro"), needs_mount=True),
    Case("an output's place taken by a folder", build("minimal.yaml"), 1, "同名的文件夹", "out/minimal.pdf",
         folder_named("out/minimal.pdf")),
    Case("a legal source", build("minimal.yaml"), 0),
    # ---------------------------------------------------------------- figures, titles, formulas, style values
    Case("5000-digit 发文字号 serial", ("check", "lead-huge-serial.yaml"), 1, "发文字号序号太大", "lead-huge-serial.yaml:5:48"),
    Case("formula dividing by zero", build("lead-formula-divide-by-zero.yaml"), 0),
    Case("10000 figures in one sentence", build("lead-10000-figures-one-sentence.yaml"), 1, "这一段有",
         "lead-10000-figures-one-sentence.yaml:3"),
    Case("formula of 20000 terms", build("lead-formula-20000-terms.yaml"), 1, "计算公式", "lead-formula-20000-terms.yaml:10"),
    Case("seal diameter 0", ("build", "seal-palette.yaml", "--style", "./style-seal-diameter-zero.yaml", "--out", "out"), 1,
         "印章直径", "style-seal-diameter-zero.yaml:3", copy_as("../../styles/gbt9704.yaml", "gbt9704.yaml")),
    Case("400-digit figure", build("lead-huge-value.yaml"), 1, "位有效数字", "lead-huge-value.yaml:6"),
    Case("100000-digit figure", build("lead-huge-value-100k-digits.yaml"), 1, "位有效数字",
         "lead-huge-value-100k-digits.yaml:6"),
    Case("20000-character title", build("lead-long-title.yaml"), 1, "标题有", "lead-long-title.yaml:2"),
    Case("formula nested 5000 deep", ("check", "lead-formula-nested-5000.yaml"), 1, "计算公式", "lead-formula-nested-5000.yaml:10"),
    *(Case(f"style: {what} 0", ("build", "minimal.yaml", "--style", f"./{name}", "--out", "out"), 1, label, f"{name}:3",
           copy_as("../../styles/gbt9704.yaml", "gbt9704.yaml"))
      for what, name, label in (
          ("grid.line_pitch", "style-line-pitch-zero.yaml", "行距"),
          ("roles.body.size", "style-body-size-zero.yaml", "字号"),
          ("roles.title.size", "style-title-size-zero.yaml", "字号"),
          ("page.width", "style-page-width-zero.yaml", "纸张宽度"),
          ("page.text_width", "style-text-width-zero.yaml", "版心宽度"),
      )),
)


def can_mount() -> bool:
    return os.geteuid() == 0 and shutil.which("mount") is not None


def corpus_files(args: tuple[str, ...]) -> list[Path]:
    """The corpus files a command line names, with the seal image each source names."""
    files = [CORPUS / arg for arg in args if is_file(CORPUS / arg)]
    for source in list(files):
        if source.suffix == ".yaml":
            files += [CORPUS / name for name in SEAL_LINE.findall(source.read_text(encoding="utf-8", errors="replace"))
                      if is_file(CORPUS / name)]
    return files


def is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a name too long to exist
        return False


def source_stem(args: tuple[str, ...]) -> str | None:
    sources = [arg for arg in args[1:] if not arg.startswith("-") and "." in arg and not arg.startswith("/")]
    return Path(sources[0]).stem if sources else None


def with_known_gaps(cases: tuple[Case, ...]) -> list[object]:
    return [pytest.param(case, id=case.name, marks=pytest.mark.xfail(strict=True, reason=case.fails_because))
            if case.fails_because else pytest.param(case, id=case.name) for case in cases]


@pytest.mark.parametrize("case", with_known_gaps(CASES))
def test_hostile_input(case: Case, tmp_path: Path) -> None:
    if case.needs_mount and not can_mount():
        pytest.skip("mounting a read-only file system needs root")
    work = tmp_path / "work"
    out = work / "out"
    out.mkdir(parents=True)
    for file in corpus_files(case.args):
        shutil.copy(file, work / file.name)
    stem = source_stem(case.args)
    previous = {}
    try:
        if case.prepare:
            case.prepare(work)
        for fmt in FORMATS if stem is not None else ():
            path = out / f"{stem}.{fmt}"
            if len(path.name.encode()) <= 255 and not path.exists():
                path.write_bytes(f"previous {fmt} of {stem}".encode())
                previous[path] = path.read_bytes()
        outcome = run(list(case.args), work, tmp_path / "log")
    finally:
        if case.needs_mount:
            subprocess.run(["umount", str(work / "ro")], check=False, capture_output=True)
    text = outcome.stderr + outcome.stdout
    assert outcome.code == case.exit, text
    assert "Traceback" not in text and "内部错误" not in text
    assert outcome.seconds < TIME_LIMIT, f"{outcome.seconds:.1f} s"
    assert outcome.peak_mb < MEMORY_LIMIT_MB, f"{outcome.peak_mb:.0f} MB"
    assert not ENGLISH_SENTENCE.search(outcome.stderr), outcome.stderr
    if case.exit:
        assert case.message in outcome.stderr, outcome.stderr
        assert re.search(r"错误\[[A-Z]\d{3}\]", outcome.stderr)
        assert f"{case.where}:" in outcome.stderr, outcome.stderr  # the place, then ":" and the message
        for path, data in previous.items():
            assert path.read_bytes() == data, f"{path.name} changed"
    elif case.args[0] == "build":
        for path in previous:
            data = path.read_bytes()
            assert data[:4] in (b"PK\x03\x04", b"%PDF"), f"{path.name} not replaced"
    assert not temporary_files(work), temporary_files(work)
