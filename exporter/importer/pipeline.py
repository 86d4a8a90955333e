"""One import: read the file, recognise the report, write its source text."""

from __future__ import annotations

from pathlib import Path

from ..errors import relative_name
from .emit import emit
from .reading import read_blocks
from .structure import build_report
from .tree import Report


def import_report(path: Path, title: str | None = None) -> tuple[Report, str]:
    """The imported report and its source v2 text; raises ImportFailure for a file that cannot be imported."""
    file = relative_name(path)
    report = build_report(read_blocks(path, file), file, title)
    return report, emit(report, path.name)
