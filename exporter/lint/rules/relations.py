"""Declared relations between figures that do not hold (the check of exporter check, W080 and W081)."""

from __future__ import annotations

from ...indicators import check_relations
from ..edits import found
from ..findings import Finding
from ..source import LintSource

MISMATCH = "L501"
NOT_COMPUTABLE = "L502"
_CODES = {"W081": MISMATCH, "W080": NOT_COMPUTABLE}


def check(source: LintSource) -> list[Finding]:
    """The relations of a source check accepts; a source check refuses has none to compute."""
    document = source.document
    if document is None:
        return []
    _, problems = check_relations(document.indicators, document.relations)
    return [found(problem.location, _CODES.get(problem.code, MISMATCH), problem.message,
                  problem.hint or "检查公式中作除数的指标：它在报告中的数值是 0。") for problem in problems]
