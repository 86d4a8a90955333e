"""Lint a report source against GB/T 15834, GB/T 15835 and 公文 usage, and make the safe corrections in place."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .engine import fix_source, lint_source
    from .findings import Edit, Finding, apply_edits, stale_edit

__all__ = ["Edit", "Finding", "apply_edits", "fix_source", "lint_source", "stale_edit"]
_HOMES = {"fix_source": "engine", "lint_source": "engine", "Edit": "findings", "Finding": "findings",
          "apply_edits": "findings", "stale_edit": "findings"}


def __getattr__(name: str) -> Any:
    """The API, imported when first used: the command line registers `lint` and `fix` without loading the rules."""
    if name not in _HOMES:
        raise AttributeError(name)
    from importlib import import_module

    return getattr(import_module(f".{_HOMES[name]}", __name__), name)
