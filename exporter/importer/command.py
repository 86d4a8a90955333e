"""The `exporter import` command: a report file in, a report source out, written whole or not at all."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..errors import relative_name

DEFAULT_FOLDER = Path("content")


def add_import_parser(commands: "argparse._SubParsersAction[Any]") -> None:  # cli passes its own parser class
    """Register `exporter import REPORT [-o SOURCE] [--title 标题] [--force]`."""
    parser = commands.add_parser("import", help="把已有的报告（.docx、.md、.txt）转换为结构化源文件")
    parser.add_argument("report", type=Path, metavar="报告文件", help="Word（.docx）、Markdown（.md）或纯文本（.txt）报告")
    parser.add_argument("-o", "--output", type=Path, metavar="源文件",
                        help="写出的源文件（.yaml），默认 content/<报告文件名>.yaml")
    parser.add_argument("--title", metavar="标题", help="报告标题；文件中没有标题行时用它")
    parser.add_argument("--force", action="store_true", help="源文件已存在时覆盖它")


def run_import(args: argparse.Namespace) -> int:
    """Import one report; raises ExporterError (exit 1, nothing written) when it cannot."""
    from ..atomic import write_atomically
    from .pipeline import import_report
    from .problems import fail
    from .tree import Section

    report_path: Path = args.report
    output: Path = args.output or DEFAULT_FOLDER / f"{report_path.stem}.yaml"
    file, target = relative_name(report_path), relative_name(output)
    if output.suffix.lower() not in (".yaml", ".yml"):
        raise fail("I030", f"源文件应当以 .yaml 结尾，这里是“{target}”", target, f"例如 -o content/{report_path.stem}.yaml")
    if output.exists() and not args.force:
        raise fail("I031", f"{target} 已经存在，没有覆盖", target, "换一个文件名，或加 --force 覆盖原文件。")
    report, text = import_report(report_path, args.title)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(output, lambda path: path.write_text(text, encoding="utf-8"))
    except OSError as exc:
        raise fail("I032", f"无法写入 {target}：{exc.strerror}", target, "检查文件夹是否存在、是否有写入权限。") from None

    for notice in report.notices:
        where = f"{file}:{notice.line}" if notice.line else file
        print(f"{where}: 提示：{notice.message}", file=sys.stderr)
    if not report.meta.title:
        print(f"{target}: 提示：没有找到标题行，请在 meta.title 中填写报告标题（或导入时加 --title）", file=sys.stderr)
    levels = [0, 0, 0, 0]

    def count(blocks: tuple[object, ...]) -> None:
        for block in blocks:
            if isinstance(block, Section):
                levels[block.level - 1] += 1
                count(block.body)

    count(report.body)
    headings = "，".join(f"{n} 个{'一二三四'[i]}级标题" for i, n in enumerate(levels) if n) or "没有标题"
    print(f"已导入 {file} → {target}：{headings}，{report.figure_count} 个数字已加花括号。")
    print(f"请核对后运行：exporter check {target}")
    return 0
