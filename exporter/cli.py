"""The `exporter` command: argument parsing, progress, exit codes; the only place that picks paths."""

from __future__ import annotations

import argparse
import io
import os
import signal
import sys
import time
import traceback
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Iterator, NoReturn, Sequence, TextIO

from .errors import Diagnostic, ExporterError, Level
from .importer.command import add_import_parser, run_import
from .lint.command import add_lint_parsers, run_fix_command, run_lint_command
from .oserrors import hint, reason
from .styles import DEFAULT_STYLE

if TYPE_CHECKING:
    from .build import Checked
    from .styles import StyleSheet

PROJECT_DIR = Path(__file__).resolve().parent.parent
EXAMPLE_SOURCE = PROJECT_DIR / "content" / "nanyang-2022.yaml"
DEFAULT_OUT = Path("build")
DEFAULT_PORT = 8765
EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
WATCH_INTERVAL_SECONDS = 0.25  # how often --watch looks at the files: a rebuild starts within a quarter second
_FORMAT_NAMES = {"docx": "Word 公文", "pdf": "排版 PDF", "xlsx": "指标工作簿"}


class _UsageError(Exception):
    """The command line itself is wrong."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in Chinese and lets main() pick the exit code."""

    def error(self, message: str) -> NoReturn:
        raise _UsageError(_translate_usage(message))


def _translate_usage(message: str) -> str:
    replacements = {
        "the following arguments are required": "缺少参数",
        "unrecognized arguments": "无法识别的参数",
        "invalid choice": "无效的选项",
        "expected one argument": "需要一个值",
        "argument": "参数",
    }
    for english, chinese in replacements.items():
        message = message.replace(english, chinese)
    return message


def _parser() -> _Parser:
    parser = _Parser(prog="exporter", description="把结构化的报告源文件生成为公文 Word、排版 PDF 和指标 Excel。")
    parser.add_argument("--debug", action="store_true", help="出现内部错误时显示技术细节")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    build = sub.add_parser("build", help="生成输出文件（默认生成示例报告到 build/）")
    build.add_argument("sources", nargs="*", type=Path, metavar="源文件", help="content/ 中的报告源文件（.yaml）")
    build.add_argument("--style", default=DEFAULT_STYLE, metavar="样式", help="样式表名称或路径（默认 gbt9704）")
    build.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="目录", help="输出目录（默认 build/）")
    build.add_argument("--format", default="docx,pdf,xlsx", metavar="格式", help="输出格式，逗号分隔：docx,pdf,xlsx")
    build.add_argument("--verbose", "-v", action="store_true", help="显示每个字体角色使用的字体文件")
    build.add_argument("-j", "--jobs", type=int, default=1, metavar="进程数",
                       help="同时生成几份源文件（多份源文件时；默认 1，可设为处理器个数）")
    build.add_argument("--watch", action="store_true", help="生成后继续监视源文件和样式表，一有改动就重新生成（按 Ctrl+C 结束）")
    check = sub.add_parser("check", help="只检查源文件，不生成输出")
    check.add_argument("sources", nargs="+", type=Path, metavar="源文件")
    check.add_argument("--style", default=DEFAULT_STYLE, metavar="样式")
    fonts = sub.add_parser("fonts", help="下载并校验开源字体，生成 LibreOffice 预览用的 fontconfig")
    fonts.add_argument("--verbose", "-v", action="store_true")
    add_import_parser(sub)
    serve = sub.add_parser("serve", help="在浏览器中打开本机网页：导入、核对、填写公文要素、预览和下载")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, metavar="端口", help=f"端口（默认 {DEFAULT_PORT}；0 表示任选空闲端口）")
    serve.add_argument("--no-browser", action="store_true", help="不自动打开浏览器，只显示网址")
    serve.add_argument("--style", default=DEFAULT_STYLE, metavar="样式", help="样式表名称（默认 gbt9704）")
    serve.add_argument("--content", type=Path, default=Path("content"), metavar="目录", help="源文件目录（默认 content/）")
    serve.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="目录", help="生成文件的目录（默认 build/）")
    add_lint_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return the exit code (0 ok, 1 content errors, 2 usage errors)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except _UsageError as exc:
        print(f"用法错误：{exc}\n运行 exporter --help 查看用法。", file=sys.stderr)
        return EXIT_USAGE
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    with _termination_as_interrupt():
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    try:
        if args.command == "fonts":
            from .fontsetup import run_setup

            return run_setup(verbose=args.verbose)
        if args.command == "check":
            return _check(args.sources, args.style)
        if args.command == "import":
            return run_import(args)
        if args.command == "serve":
            return _serve(args)
        if args.command == "lint":
            return run_lint_command(args)
        if args.command == "fix":
            return run_fix_command(args)
        return _build(args)
    except _UsageError as exc:
        print(f"用法错误：{exc}", file=sys.stderr)
        return EXIT_USAGE
    except ExporterError as exc:
        _report(exc.diagnostics)
        return EXIT_CONTENT
    except Terminated:
        print("已停止（收到终止信号）：正在生成的输出文件保持原样，没有留下不完整的文件。", file=sys.stderr)
        _leave(EXIT_CONTENT)
    except KeyboardInterrupt:
        print("已中断：正在生成的输出文件保持原样，没有留下不完整的文件。", file=sys.stderr)
        _leave(EXIT_CONTENT)
    except OSError as exc:  # the system refused a file the command needs (a cache, a font folder)
        where = f" {os.fsdecode(exc.filename)}" if exc.filename else ""
        print(f"无法访问{where}：{reason(exc)}。输出文件没有被改动。", file=sys.stderr)
        advice = hint(exc)
        if advice:
            print(f"    修改建议：{advice}", file=sys.stderr)
        return EXIT_CONTENT
    except Exception:  # noqa: BLE001 — a clerk must never see a traceback
        if args.debug:
            traceback.print_exc()
        print("内部错误：程序遇到了意外情况，输出文件没有被改动。请把源文件和这条信息发给维护人员；"
              "加 --debug 可显示技术细节。", file=sys.stderr)
        return EXIT_INTERNAL


def _leave(code: int) -> NoReturn:
    """End the process now with `code`, once an interrupt has been handled and every temporary file removed.

    CPython counts a Ctrl+C that reached an exec() (a dataclass being made while a module loads, in the first
    tenths of a second) as unhandled even though it was handled here, and at exit kills itself with SIGINT:
    the shell would see 130, not the documented exit code.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP arrived: unwound like Ctrl-C, so every temporary file is removed on the way out."""


@contextmanager
def _termination_as_interrupt() -> Iterator[None]:
    def stop(number: int, frame: FrameType | None) -> None:
        raise Terminated(number)

    previous = {number: signal.signal(number, stop) for number in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _report(diagnostics: list[Diagnostic], stream: TextIO | None = None) -> None:
    stream = stream or sys.stderr
    errors = [d for d in diagnostics if d.level is Level.ERROR]
    for diagnostic in diagnostics:
        print(diagnostic, file=stream)
    if errors:
        print(f"共 {len(errors)} 处错误，请按提示修改后重试。", file=stream)


def _formats(spec: str) -> tuple[str, ...]:
    from .build import FORMATS

    chosen = tuple(dict.fromkeys(f.strip().lower() for f in spec.split(",") if f.strip()))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise _UsageError(f"未知的输出格式“{'、'.join(unknown) or spec}”，可用：{','.join(FORMATS)}")
    return chosen


def _load_style(name: str) -> "StyleSheet":
    from .styles import load_style, style_path

    if not style_path(name).exists():
        raise _UsageError(f"找不到样式表“{name}”（styles/ 中没有 {name}.yaml）")
    return load_style(name)


def _checked_sources(sources: list[Path], style: "StyleSheet", failures: list[Path]) -> Iterator["Checked"]:
    """Check each source in turn, reporting its problems; yield those that can be built."""
    from .build import check_source

    for source in sources:
        try:
            checked = check_source(source, style)
        except ExporterError as exc:
            _report(exc.diagnostics)
            failures.append(source)
            continue
        _report(list(checked.warnings))
        yield checked


def _check(sources: list[Path], style_name: str) -> int:
    failures: list[Path] = []
    for checked in _checked_sources(sources, _load_style(style_name), failures):
        print(f"{checked.document.source}：检查通过，{len(checked.resolved.indicators)} 个指标，"
              f"{len(checked.resolved.checks)} 条指标关系，{len(checked.warnings)} 条警告。")
    return EXIT_CONTENT if failures else EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from .serve.server import serve

    if not 0 <= args.port <= 65535:
        raise _UsageError(f"端口 {args.port} 无效，应当在 1 到 65535 之间")
    _load_style(args.style)  # a wrong style name is a usage error now, not a failed preview later
    return serve(args.content, args.out, args.style, args.port, open_browser=not args.no_browser)


def _build(args: argparse.Namespace) -> int:
    formats = _formats(args.format)
    style = _load_style(args.style)
    sources = args.sources or [EXAMPLE_SOURCE]
    stems = [source.stem for source in sources]
    if len(set(stems)) < len(stems):
        raise _UsageError("有同名的源文件，它们的输出会互相覆盖；请分别用 --out 指定不同的输出目录")
    if args.jobs < 1:
        raise _UsageError("-j 后面应当是 1 或更大的整数")
    if args.watch and len(sources) != 1:
        raise _UsageError("--watch 一次只能监视一份源文件")
    if args.jobs > 1 and len(sources) > 1:
        failed = _build_in_processes(sources, style, args.out, formats, args.jobs)
    else:
        failed = [source for source in sources
                  if not _build_one(source, style, args.out, formats, sys.stdout, sys.stderr, parallel=True)]
    if args.verbose:
        from .fonts import font_report, resolve_fonts

        for line in font_report(resolve_fonts(sorted({face.face for face in style.fonts.values()}))):
            print(f"  {line}")
    if args.watch:
        return _watch(sources[0], args.style, args.out, formats)
    return EXIT_CONTENT if failed else EXIT_OK


def _build_one(source: Path, style: "StyleSheet", out: Path, formats: tuple[str, ...], stdout: TextIO, stderr: TextIO,
               *, parallel: bool) -> bool:
    """Check and build one source, telling the clerk what happened; False when the source has errors."""
    from .build import build_outputs, check_source

    try:
        checked = check_source(source, style)
    except ExporterError as exc:
        _report(exc.diagnostics, stderr)
        return False
    _report(list(checked.warnings), stderr)
    print(f"{checked.document.source} → {out}/", file=stdout, flush=True)

    def progress(fmt: str, path: Path, seconds: float) -> None:
        print(f"  已生成 {_FORMAT_NAMES[fmt]}：{path}（{seconds:.1f} 秒）", file=stdout)

    build_outputs(checked, style, out, formats, progress, parallel=parallel)
    return True


def _build_quietly(source: Path, style: "StyleSheet", out: Path, formats: tuple[str, ...]) -> tuple[bool, str, str]:
    """`_build_one` in a worker process: what it would print, handed back to be printed in order."""
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        built = _build_one(source, style, out, formats, stdout, stderr, parallel=False)
    except ExporterError as exc:
        _report(exc.diagnostics, stderr)
        built = False
    return built, stdout.getvalue(), stderr.getvalue()


def _build_in_processes(sources: list[Path], style: "StyleSheet", out: Path, formats: tuple[str, ...],
                        jobs: int) -> list[Path]:
    """Several sources built by `jobs` processes at once, each source's messages printed whole, in order."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from .forked import keep_to_one_core

    failed = []
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(jobs, len(sources)), mp_context=context,
                             initializer=keep_to_one_core) as pool:
        results = pool.map(_build_quietly, sources, [style] * len(sources), [out] * len(sources),
                           [formats] * len(sources))
        for source, (built, printed, reported) in zip(sources, results):
            sys.stdout.write(printed)
            sys.stderr.write(reported)
            sys.stdout.flush()
            if not built:
                failed.append(source)
    return failed


def _watch(source: Path, style_name: str, out: Path, formats: tuple[str, ...]) -> int:
    """Build again whenever the source or its style sheet changes, in this warm process, until Ctrl+C."""
    from .styles import style_path

    def stamps() -> tuple[float, ...]:
        found = []
        for path in (source, *style_files):
            try:
                found.append(path.stat().st_mtime)
            except OSError:
                found.append(-1.0)
        return tuple(found)

    style = _load_style(style_name)
    style_files = [Path(name) if Path(name).exists() else style_path(name) for name in style.files]
    seen = stamps()
    print(f"正在监视 {source} 和样式表的改动，保存后自动重新生成；按 Ctrl+C 结束。", flush=True)
    try:
        while True:
            time.sleep(WATCH_INTERVAL_SECONDS)
            now = stamps()
            if now == seen:
                continue
            seen = now
            started = time.perf_counter()
            try:
                style = _load_style(style_name)
                built = _build_one(source, style, out, formats, sys.stdout, sys.stderr, parallel=False)
            except ExporterError as exc:
                _report(exc.diagnostics, sys.stderr)
                built = False
            state = "已重新生成" if built else "有错误，输出文件没有改动"
            print(f"{time.strftime('%H:%M:%S')} {state}（{time.perf_counter() - started:.2f} 秒）", flush=True)
    except KeyboardInterrupt:
        print("已结束监视。")
        _leave(EXIT_OK)


