"""Work done in the server's worker processes, each a function of files: check and preview, build, import.

A worker stays warm (modules, style, font metrics loaded once), so a preview after an edit costs a check,
a PDF of the pages that changed and their pictures; pages whose layout is unchanged are not painted again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import time
import traceback
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Diagnostic, ExporterError, Level, Location, error
from ..styles import StyleSheet, load_style
from ..yamlsource import Map, parse_yaml
from .findings import findings
from .outline import outline

MAX_PAGES = 200  # a report far longer than any work report; beyond it the page would be slow to use
PAGE_SCALE = 1.5  # 108 dpi: sharp in the preview column on a common screen
PAGE_QUALITY = 90  # JPEG without chroma subsampling: red 版头 and seal stay crisp, 0.1 MB and 10 ms a page (PNG: 40 ms)
INTERNAL = "内部错误：程序遇到了意外情况，没有改动任何文件。请把源文件发给维护人员。"

_styles: dict[str, StyleSheet] = {}


def _style(name: str) -> StyleSheet:
    if name not in _styles:
        _styles[name] = load_style(name)
    return _styles[name]


def warm(style_name: str) -> None:
    """Load what every job needs once per worker: the style, its fonts' metrics, the writers, the rasteriser."""
    import importlib

    from ..forked import keep_to_one_core

    keep_to_one_core()  # the workers already keep the cores busy
    style = _style(style_name)
    from ..fonts import load_metrics, resolve_fonts

    for font in resolve_fonts(sorted({face.face for face in style.fonts.values()})).values():
        load_metrics(font)
    for module in ("exporter.writers.pdf", "exporter.writers.docx", "exporter.writers.xlsx", "pypdfium2"):
        importlib.import_module(module)


@dataclass
class Preview:
    """The state of a source after a change: its structure, its problems and its pages."""

    view: dict[str, Any]
    findings: list[dict[str, Any]]
    ok: bool  # the source loads and lays out; the pages are current
    pages: list[str] = field(default_factory=list)  # one digest a page, in order
    images: dict[str, bytes] = field(default_factory=dict)  # JPEG of the pages the caller did not have
    page_size: tuple[float, float] = (0.0, 0.0)  # points
    indicators: int = 0
    seconds: float = 0.0


@dataclass
class Built:
    """The files of one build, or why there are none."""

    files: list[str]
    message: str = ""
    findings: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Imported:
    """A report turned into source text, or why it could not be."""

    text: str | None
    message: str = ""
    hint: str = ""
    notices: list[str] = field(default_factory=list)
    title: str = ""


def _too_many_pages(count: int, file: str) -> Diagnostic:
    return error("S001", f"报告排版后有 {count} 页，超过了网页上预览和生成的上限 {MAX_PAGES} 页", Location(file),
                 "把报告分成几份分别处理，或在命令行中运行 exporter build 生成。")


def _check(source: Path, style: StyleSheet) -> tuple[Any, list[Diagnostic]]:
    """The checked report (None when it has errors) and every diagnostic."""
    from ..build import check_source

    try:
        checked = check_source(source, style)
    except ExporterError as exc:
        return None, list(exc.diagnostics)
    if len(checked.pages.pages) > MAX_PAGES:
        return None, [_too_many_pages(len(checked.pages.pages), checked.document.source)]
    return checked, list(checked.warnings)


def refresh(source: str, style_name: str, known: frozenset[str]) -> Preview:
    """Check the source, describe it for the page, and paint the pages not in `known` (digests)."""
    started = time.perf_counter()
    path = Path(source)
    style = _style(style_name)
    text = path.read_text(encoding="utf-8")
    root, problems = parse_yaml(text, path.name)
    tree = root if isinstance(root, Map) else None
    checked, diagnostics = _check(path, style)
    view = outline(text, tree, checked.document if checked else None, checked.resolved if checked else None)
    listed = [f.to_json() for f in findings(path, text, diagnostics or problems)]
    if checked is None:
        return Preview(view, listed, False, seconds=time.perf_counter() - started)
    pages = checked.pages
    salt = f"{style_name}|{PAGE_SCALE}|" + "|".join(f"{k}={v.path}" for k, v in sorted(checked.fonts.items()))
    digests = [hashlib.sha256((salt + repr(page)).encode("utf-8")).hexdigest()[:32] for page in pages.pages]
    missing = [i for i, digest in enumerate(digests) if digest not in known]
    images = _paint(checked, style, path.parent / ".preview.pdf", missing, digests) if missing else {}
    return Preview(view, listed, True, digests, images, (pages.width, pages.height), len(checked.resolved.indicators),
                   time.perf_counter() - started)


def _paint(checked: Any, style: StyleSheet, scratch: Path, missing: list[int], digests: list[str]) -> dict[str, bytes]:
    """Pictures of some pages: a PDF of just those pages from the PDF writer, rasterised by PDFium."""
    import pypdfium2

    from ..writers import Job
    from ..writers.pdf import write

    subset = dataclasses.replace(checked.pages, pages=tuple(checked.pages.pages[i] for i in missing), headings=())
    write(Job(checked.resolved, style, subset, checked.fonts), scratch)
    images: dict[str, bytes] = {}
    document = pypdfium2.PdfDocument(str(scratch))
    try:
        for position, index in enumerate(missing):
            bitmap = document[position].render(scale=PAGE_SCALE)
            buffer = io.BytesIO()
            bitmap.to_pil().save(buffer, format="JPEG", quality=PAGE_QUALITY, subsampling=0)
            images[digests[index]] = buffer.getvalue()
    finally:
        document.close()
        scratch.unlink(missing_ok=True)
    return images


def build(source: str, style_name: str, out_dir: str, formats: tuple[str, ...]) -> Built:
    """Write the requested formats (and "zip": the three in one archive) for one source."""
    from ..build import FORMATS, build_outputs

    path, out = Path(source), Path(out_dir)
    style = _style(style_name)
    checked, diagnostics = _check(path, style)
    if checked is None:
        listed = findings(path, path.read_text(encoding="utf-8"), diagnostics)
        errors = [f for f in listed if f.level == "error"]
        return Built([], f"源文件有 {len(errors)} 处错误，改正后才能生成文件。", [f.to_json() for f in listed])
    wanted = tuple(f for f in FORMATS if f in formats or "zip" in formats)
    written = build_outputs(checked, style, out, wanted)
    names = [p.name for p in written]
    if "zip" in formats:
        archive = out / f"{path.stem}.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
            for file in written:
                bundle.write(file, file.name)
        names.append(archive.name)
    return Built([n for n in names if n.rsplit(".", 1)[-1] in formats])


def import_file(report: str, title: str | None) -> Imported:
    """Import a .txt, .md or .docx report into source text."""
    from ..importer.pipeline import import_report

    try:
        imported, text = import_report(Path(report), title or None)
    except ExporterError as exc:
        first = exc.diagnostics[0]
        return Imported(None, first.message, first.hint)
    notices = [f"第 {n.line} 行：{n.message}" if n.line else n.message for n in imported.notices]
    return Imported(text, notices=notices, title=imported.meta.title)


def guarded(function: Any, *args: Any) -> Any:
    """Run a job; an unexpected exception becomes a message for its own client, with details on the server's log."""
    try:
        return function(*args)
    except ExporterError as exc:
        return Failure("\n".join(d.message for d in exc.diagnostics if d.level is Level.ERROR) or str(exc))
    except Exception:  # noqa: BLE001 — one client's broken job must never reach another client or stop the server
        traceback.print_exc()
        return Failure(INTERNAL)


@dataclass
class Failure:
    """A job that failed; the message is for the clerk who asked for it."""

    message: str
