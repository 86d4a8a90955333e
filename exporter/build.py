"""The pipeline: load → check → resolve → layout → write, the outputs replaced as a set."""

from __future__ import annotations

import importlib
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Mapping

from .collection import collection_paused
from .errors import ContentError, Diagnostic, Level
from .forked import Child, ChildOSError, can_fork
from .indicators import check_relations
from .load import load_document
from .model import Document
from .outputs import OutputSet
from .resolve import resolve
from .resolved import Resolved
from .styles import StyleSheet
from .writers import Job

if TYPE_CHECKING:
    from .fonts import FontFile
    from .pages import Pages

FORMATS = ("docx", "pdf", "xlsx")
_WRITERS = {"docx": "exporter.writers.docx", "pdf": "exporter.writers.pdf", "xlsx": "exporter.writers.xlsx"}


@dataclass(frozen=True)
class Checked:
    """A source that passed loading, checking and layout, with the warnings found on the way."""

    document: Document
    resolved: Resolved
    warnings: tuple[Diagnostic, ...]
    pages: "Pages"
    fonts: "Mapping[str, FontFile]"


def check_source(source: Path, style: StyleSheet) -> Checked:
    """Load, validate, resolve and lay out one source; raise ContentError (or FontError) with every error found.

    Layout belongs to checking: a character no face can print is found here, at its line in the
    source, so `check` refuses whatever `build` would.
    """
    with collection_paused():
        return _checked(source, style)


def _checked(source: Path, style: StyleSheet) -> Checked:
    """check_source's stages, in order."""
    # 1. Load: YAML with locations → the model, every problem at once.
    document, diagnostics = load_document(source)
    if document is None:
        raise ContentError([d for d in diagnostics if d.level is Level.ERROR] + [d for d in diagnostics if d.level is Level.WARNING])
    # 2. Check: declared relations between figures (a mismatch is a warning, not an error).
    checks, relation_warnings = check_relations(document.indicators, document.relations)
    # 3. Resolve: every printed string decided once for all writers.
    outcome = resolve(document, style, tuple(checks))
    # 4. Layout: pages of positioned lines from font metrics (PDF paints them, XLSX cites page numbers).
    from .fonts import load_metrics, resolve_fonts
    from .layout import layout

    fonts = resolve_fonts(sorted({face.face for face in style.fonts.values()}))
    metrics = {face: load_metrics(font) for face, font in fonts.items()}
    pages = layout(outcome.resolved, style, metrics, fallbacks=style.pdf.fallback_faces)
    return Checked(document, outcome.resolved, tuple(diagnostics) + tuple(relation_warnings) + outcome.warnings,
                   pages, fonts)


def build_outputs(checked: Checked, style: StyleSheet, out_dir: Path, formats: tuple[str, ...],
                  progress: Callable[[str, Path, float], None] | None = None, *, parallel: bool = False) -> list[Path]:
    """Write the requested formats for one checked source into `out_dir`, replacing its outputs as a set.

    With `parallel`, the PDF is written here while a forked child writes the other formats on the other core.
    """
    stem = Path(checked.document.source).stem
    # A long report's PDF pages are painted on both cores too: the other formats' child ends first
    # (at ×100 the DOCX and the workbook take half the PDF's time), and three processes on two cores
    # finished 7 % sooner than leaving that core idle.
    job = Job(checked.resolved, style, checked.pages, checked.fonts, may_fork=parallel)
    seconds: dict[str, float] = {}
    with collection_paused(), OutputSet(out_dir, stem) as outputs:
        # 5. Write: each writer on its own into a temporary file; all are renamed into place once all succeeded.
        elsewhere = tuple(fmt for fmt in formats if fmt != "pdf") if parallel and "pdf" in formats else ()
        if len(elsewhere) and can_fork():
            seconds.update(_write_beside(job, outputs, elsewhere, tuple(f for f in formats if f not in elsewhere)))
        else:
            for fmt in formats:
                started = time.perf_counter()
                writer = importlib.import_module(_WRITERS[fmt])
                outputs.write(fmt, lambda path: writer.write(job, path))
                seconds[fmt] = time.perf_counter() - started
        committed = {target.suffix[1:]: target for target in outputs.commit()}
    written = [committed[fmt] for fmt in formats]
    for fmt, target in zip(formats, written):
        if progress:
            progress(fmt, target, seconds[fmt])
    return written


def _write_beside(job: Job, outputs: OutputSet, child_formats: tuple[str, ...],
                  own_formats: tuple[str, ...]) -> dict[str, float]:
    """`own_formats` written here while a forked child writes `child_formats`; the seconds each took."""
    temps = {fmt: outputs.prepare(fmt) for fmt in child_formats}

    def work(step: Callable[[str], None]) -> dict[str, float]:
        taken = {}
        for fmt in child_formats:
            step(fmt)
            started = time.perf_counter()
            importlib.import_module(_WRITERS[fmt]).write(job, temps[fmt])
            taken[fmt] = time.perf_counter() - started
        return taken

    child = Child(work)
    try:
        seconds: dict[str, float] = {}
        for fmt in own_formats:
            started = time.perf_counter()
            writer = importlib.import_module(_WRITERS[fmt])
            outputs.write(fmt, lambda path: writer.write(job, path))
            seconds[fmt] = time.perf_counter() - started
        try:
            taken = child.wait()
        except ChildOSError as exc:
            raise outputs.failed(exc.step, exc) from None
    finally:
        child.stop()
    assert isinstance(taken, dict)  # what `work` returns
    for fmt in child_formats:
        outputs.finish(fmt)
    return {**seconds, **taken}
