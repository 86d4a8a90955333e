"""The pipeline: load → check → resolve → layout → write, each output written atomically."""

from __future__ import annotations

import importlib
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .atomic import write_atomically
from .errors import ContentError, Diagnostic, Level
from .indicators import check_relations
from .load import load_document
from .model import Document
from .resolve import resolve
from .resolved import Resolved
from .styles import StyleSheet
from .writers import Job

FORMATS = ("docx", "pdf", "xlsx")
_WRITERS = {"docx": "exporter.writers.docx", "pdf": "exporter.writers.pdf", "xlsx": "exporter.writers.xlsx"}
# The workbook names the PDF page of each figure; the DOCX puts its 版记 on the page the layout chose.
_NEEDS_LAYOUT = {"docx", "pdf", "xlsx"}


@dataclass(frozen=True)
class Checked:
    """A source that passed loading and checking, with the warnings found on the way."""

    document: Document
    resolved: Resolved
    warnings: tuple[Diagnostic, ...]


def check_source(source: Path, style: StyleSheet) -> Checked:
    """Load, validate and resolve one source; raise ContentError with every error found."""
    # 1. Load: YAML with locations → the model, every problem at once.
    document, diagnostics = load_document(source)
    if document is None:
        raise ContentError([d for d in diagnostics if d.level is Level.ERROR] + [d for d in diagnostics if d.level is Level.WARNING])
    # 2. Check: declared relations between figures (a mismatch is a warning, not an error).
    checks, relation_warnings = check_relations(document.indicators, document.relations)
    # 3. Resolve: every printed string decided once for all writers.
    resolved = resolve(document, style, tuple(checks))
    return Checked(document, resolved, tuple(diagnostics) + tuple(relation_warnings))


def build_outputs(checked: Checked, style: StyleSheet, out_dir: Path, formats: tuple[str, ...],
                  progress: Callable[[str, Path, float], None] | None = None) -> list[Path]:
    """Write the requested formats for one checked source into `out_dir`."""
    stem = Path(checked.document.source).stem
    out_dir.mkdir(parents=True, exist_ok=True)
    pages = fonts = None
    if _NEEDS_LAYOUT & set(formats):
        # 4. Layout: pages of positioned lines from font metrics (PDF paints them, XLSX cites page numbers,
        #    the DOCX places its 版记 and page numbers by them).
        from .fonts import load_metrics, resolve_fonts
        from .layout import layout

        faces = sorted({face.pdf for face in style.fonts.values()})
        fonts = resolve_fonts(faces)
        metrics = {face: load_metrics(font) for face, font in fonts.items()}
        pages = layout(checked.resolved, style, metrics, fallbacks=style.pdf.fallback_faces)
    job = Job(checked.resolved, style, pages, fonts)
    written = []
    for fmt in formats:
        # 5. Write: each writer on its own, into a temporary file renamed into place.
        started = time.perf_counter()
        target = out_dir / f"{stem}.{fmt}"
        writer = importlib.import_module(_WRITERS[fmt])
        write_atomically(target, lambda path: writer.write(job, path))
        written.append(target)
        if progress:
            progress(fmt, target, time.perf_counter() - started)
    return written
