"""What the page lists beside the text: every problem with its place, and the safe fix when there is one.

The findings come from `exporter.lint.lint_source` when that module is present (each with an optional
Edit); without it, from the diagnostics of load and check, with the fixes that follow from the Chinese
text rules alone (a full-width mark for an ASCII one, braces round an untracked figure, ～ in a range).
"""

from __future__ import annotations

import importlib
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable

from ..cjk.figures import SpanRole, find_figures
from ..cjk.scripts import ascii_marks_in_chinese
from ..errors import Diagnostic, Level
from ..yamlsource import Map, Scalar
from .edits import scalars


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


def _lint() -> Callable[[Path], list[Any]] | None:
    """`exporter.lint.lint_source`, once it exists."""
    try:
        module = importlib.import_module("exporter.lint")
    except ImportError:
        return None
    return getattr(module, "lint_source", None)


def findings(source: Path, root: Map | None, diagnostics: list[Diagnostic]) -> list[Finding]:
    """The problems of one source, errors first, each once."""
    found = [_from_diagnostic(d, root) for d in diagnostics]
    lint_source = _lint()
    if lint_source is not None:
        found = [_from_lint(item) for item in lint_source(source)] + found
    unique: dict[tuple[str, int, int], Finding] = {}
    for finding in found:
        unique.setdefault((finding.code, finding.line, finding.column), finding)
    return sorted(unique.values(), key=lambda f: (f.level != "error", f.line, f.column))


def _from_lint(item: Any) -> Finding:
    """A lint Finding (location, code, message, hint, optional edit with location, old and new text)."""
    edit = getattr(item, "edit", None)
    fix = None
    if edit is not None and all(hasattr(edit, name) for name in ("location", "old", "new")):
        fix = Fix(edit.location.line, edit.location.column, edit.old, edit.new)
    level = getattr(item, "level", Level.WARNING if str(item.code).startswith("W") else Level.ERROR)
    return Finding("error" if level is Level.ERROR else "warning", item.code, item.message, item.hint or "",
                   item.location.line, item.location.column, fix)


def _from_diagnostic(diagnostic: Diagnostic, root: Map | None) -> Finding:
    where = diagnostic.location
    level = "error" if diagnostic.level is Level.ERROR else "warning"
    fix = _text_rule_fix(diagnostic, root) if root is not None else None
    return Finding(level, diagnostic.code, diagnostic.message, for_the_page(diagnostic.hint), where.line, where.column,
                   fix)


_COMMAND = re.compile(r"[；;，,]?\s*(?:运行|用|加)\s*exporter\s+\w+[^。；;]*[。]?")


def for_the_page(hint: str) -> str:
    """A hint without the advice to run a command: on the page the fix is a button."""
    return _COMMAND.sub("", hint).rstrip("；;，, ") + ("。" if hint.endswith("。") and _COMMAND.search(hint) else "")


def _text_rule_fix(diagnostic: Diagnostic, root: Map) -> Fix | None:
    """The fix the text rules give for a problem at a known column of a one-line value, if any."""
    line, column = diagnostic.location.line, diagnostic.location.column
    if diagnostic.code not in ("W062", "C061", "W063") or column <= 0:
        return None
    for node in scalars(root):
        if node.location.line != line or node.style not in ("", '"') or "\n" in node.raw:
            continue
        offset = column - node.location.column - (1 if node.style == '"' else 0)
        if not 0 <= offset < len(node.raw):
            continue
        fix = _fix_in(node, offset, diagnostic.code)
        if fix is not None:
            return Fix(line, column, *fix)
    return None


def _fix_in(node: Scalar, offset: int, code: str) -> tuple[str, str] | None:
    text = node.raw
    if code == "W062":
        for mark in ascii_marks_in_chinese(text):
            if mark.offset == offset:
                return mark.mark, mark.replacement
        return None
    for span in find_figures(text):
        if span.start != offset:
            continue
        if code == "C061" and span.role is SpanRole.FIGURE and not span.problem:
            return span.text, "{" + span.written + "}"
        if code == "W063" and span.fix and not span.needs_braces:
            return span.text, span.written
    return None
