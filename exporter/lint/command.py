"""The `exporter lint` and `exporter fix` commands: findings listed with places, safe corrections made in place."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..errors import relative_name

EXIT_CLEAN, EXIT_FOUND = 0, 1


def add_lint_parsers(commands: "argparse._SubParsersAction[Any]") -> None:  # cli passes its own parser class
    """Register `exporter lint SOURCE…` and `exporter fix SOURCE… [--dry-run]`."""
    lint = commands.add_parser(
        "lint", help="按 GB/T 15834、GB/T 15835 和公文惯例检查源文件的写法（有问题时退出码为 1）")
    lint.add_argument("sources", nargs="+", type=Path, metavar="源文件")
    fix = commands.add_parser("fix", help="自动改正源文件中可以安全改正的写法（英文标点、数字花括号、范围号等）")
    fix.add_argument("sources", nargs="+", type=Path, metavar="源文件")
    fix.add_argument("--dry-run", action="store_true", help="只列出将要做的改动，不改文件")


def run_lint_command(args: argparse.Namespace) -> int:
    """`lint`: 0 when no source has a finding, 1 when any has (every finding is worth a look, none stops a build)."""
    from .engine import lint_source

    total = fixable = 0
    for path in args.sources:
        findings = lint_source(path)
        for finding in findings:
            print(finding)
        total += len(findings)
        fixable += sum(finding.fixable for finding in findings)
        if not findings:
            print(f"{relative_name(path)}：没有发现写法问题。")
    if total:
        tail = f"其中 {fixable} 处可以运行 exporter fix 自动改正。" if fixable else "都需要手工修改。"
        print(f"共 {total} 处写法问题，{tail}")
    return EXIT_FOUND if total else EXIT_CLEAN


def run_fix_command(args: argparse.Namespace) -> int:
    """`fix`: 0 when every source was read (corrected or already right), 1 when one could not be read."""
    from ..errors import ExporterError
    from .engine import fix_source, lint_source

    status = EXIT_CLEAN
    for path in args.sources:
        name = relative_name(path)
        try:
            edits = fix_source(path, dry_run=args.dry_run)
        except ExporterError as exc:
            for diagnostic in exc.diagnostics:
                print(diagnostic)
            print(f"{name}：没有改动。")
            status = EXIT_FOUND
            continue
        for edit in edits:
            print(f"{edit.location}: {edit.shown}（{edit.why}）")
        if not edits:
            print(f"{name}：没有需要自动改正的地方。")
        elif args.dry_run:
            print(f"{name}：将改正 {len(edits)} 处（--dry-run，文件没有改动）。")
        else:
            print(f"{name}：已改正 {len(edits)} 处。")
        remaining = lint_source(path)
        for finding in remaining:
            if finding.unfixed:
                print(f"{finding.location}: 提示：{finding.message}，没有自动改正：{finding.unfixed}")
        if remaining and not args.dry_run:
            print(f"还有 {len(remaining)} 处写法问题需要手工修改，运行 exporter lint {name} 查看。")
    return status
