"""Lint a report source against GB/T 15834, GB/T 15835 and 公文 usage, and make the safe corrections in place."""

from .engine import fix_source, lint_source
from .findings import Edit, Finding, apply_edits, stale_edit

__all__ = ["Edit", "Finding", "apply_edits", "fix_source", "lint_source", "stale_edit"]
