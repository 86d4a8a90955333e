"""What the page lists beside the text: every problem with its place, and the safe fix when there is one.

The problems are check's diagnostics and lint's findings (exporter.lint); the fixes are lint's edits, the
same `exporter fix` makes.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Diagnostic, Level

if TYPE_CHECKING:
    from ..lint.findings import Edit


@dataclass(frozen=True)
class Fix:
    """Replace `old` at line:column of the source with `new`."""

    line: int
    column: int
    old: str
    new: str


@dataclass(frozen=True)
class Finding:
    """One problem as the page shows it."""

    level: str  # "error" or "warning"
    code: str
    message: str
    hint: str
    line: int
    column: int
    fix: Fix | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def findings(source: Path, text: str, diagnostics: list[Diagnostic]) -> list[Finding]:
    """The problems of one source, errors first, each place once: the diagnostics of check, and what lint finds
    beyond them; a place lint can correct safely carries lint's edit as its one-click fix."""
    from ..lint import lint_source

    page = {(d.location.line, d.location.column): _from_diagnostic(d) for d in diagnostics}
    for item in lint_source(source):
        place = (item.location.line, item.location.column)
        fix = _fix(item.edit, text) if item.edit is not None else None
        if place in page:
            if page[place].fix is None and fix is not None:
                page[place] = replace(page[place], fix=fix)
            continue
        level = "error" if item.level is Level.ERROR else "warning"
        page[place] = Finding(level, item.code, item.message, for_the_page(item.hint), place[0], place[1], fix)
    return sorted(page.values(), key=lambda f: (f.level != "error", f.line, f.column))


def _fix(edit: Edit, text: str) -> Fix:
    """Lint's exact replacement, placed by line and column in the text the page edits."""
    line = text.count("\n", 0, edit.start) + 1
    column = edit.start - (text.rfind("\n", 0, edit.start) + 1) + 1
    return Fix(line, column, edit.before, edit.after)


def _from_diagnostic(diagnostic: Diagnostic) -> Finding:
    where = diagnostic.location
    level = "error" if diagnostic.level is Level.ERROR else "warning"
    return Finding(level, diagnostic.code, diagnostic.message, for_the_page(diagnostic.hint), where.line, where.column)


_COMMAND = re.compile(r"[；;，,]?\s*(?:运行|用|加)\s*exporter\s+\w+[^。；;]*[。]?")


def for_the_page(hint: str) -> str:
    """A hint without the advice to run a command: on the page the fix is a button."""
    return _COMMAND.sub("", hint).rstrip("；;，, ") + ("。" if hint.endswith("。") and _COMMAND.search(hint) else "")
