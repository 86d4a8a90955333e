"""Indicator numbers, printed forms and the checking of declared relations."""

from __future__ import annotations

from decimal import Decimal, DivisionByZero, InvalidOperation
from typing import assert_never

from .cjk.figures import AMOUNT_UNITS, RANGE_SIGN, approximate
from .cjk.numerals import chinese_numeral
from .errors import Diagnostic, warning
from .formula import describe, evaluate
from .model import Indicator, IndicatorKind, Relation
from .resolved import CheckResult

def decimals_of(raw: str) -> int:
    """Decimals as written: "98.72" → 2, "308" → 0."""
    return len(raw.split(".", 1)[1]) if "." in raw else 0


def _scale(indicator: Indicator) -> Decimal:
    """What one written unit is worth when figures are compared: % as a fraction, 万元 in 元."""
    if indicator.kind is IndicatorKind.PERCENT or (indicator.kind is IndicatorKind.RANGE and indicator.unit == "%"):
        return Decimal("0.01")
    if indicator.kind is IndicatorKind.AMOUNT:
        return Decimal(AMOUNT_UNITS[indicator.unit])
    return Decimal(1)


def numeric_value(indicator: Indicator) -> Decimal:
    """The indicator as a number to compare: a percentage as a fraction (98.72% → 0.9872), an amount in 元."""
    return Decimal(indicator.value) * _scale(indicator)


def numeric_upper(indicator: Indicator) -> Decimal | None:
    """A range's upper bound, or None."""
    return Decimal(indicator.upper) * _scale(indicator) if indicator.upper is not None else None


def display_text(indicator: Indicator) -> str:
    """The figure as the report prints it: 66项, 98.72%, 5700余件, 约80%, 300家左右, 6～8个, 15%～20%, 倒数第四名."""
    unit = indicator.unit if indicator.unit_in_text else ""
    match indicator.kind:
        case IndicatorKind.COUNT:
            return f"{indicator.value}{unit}"
        case IndicatorKind.PERCENT:
            return approximate(indicator.value, "%", indicator.qualifier)
        case IndicatorKind.AMOUNT | IndicatorKind.APPROX:
            return approximate(indicator.value, unit, indicator.qualifier)
        case IndicatorKind.RANGE:
            if indicator.unit == "%":  # GB/T 15835: a percent range repeats the sign, 15%～20%
                return f"{indicator.value}%{RANGE_SIGN}{indicator.upper}%"
            return f"{indicator.value}{RANGE_SIGN}{indicator.upper}{unit}"
        case IndicatorKind.RANK:
            return f"{indicator.qualifier}第{chinese_numeral(int(indicator.value))}{unit}"
        case _:
            assert_never(indicator.kind)


def tolerance(indicator: Indicator) -> Decimal:
    """Half a unit of the last written decimal of a stated figure (99% → 0.005, 95.26% → 0.00005, 1.37亿元 → 500000)."""
    return Decimal(5) * Decimal(10) ** -(decimals_of(indicator.value) + 1) * _scale(indicator)


def check_relations(indicators: tuple[Indicator, ...], relations: tuple[Relation, ...]) -> tuple[list[CheckResult], list[Diagnostic]]:
    """Compute each declared relation and compare it with the stated figure; a mismatch is a warning."""
    by_id = {ind.id: ind for ind in indicators}
    values = {ind.id: numeric_value(ind) for ind in indicators}
    results: list[CheckResult] = []
    problems: list[Diagnostic] = []
    for relation in relations:
        stated = by_id[relation.stated]
        try:
            computed = evaluate(relation.expression, values)
        except (InvalidOperation, DivisionByZero, ZeroDivisionError):
            problems.append(warning("W080", f"指标关系“{relation.name}”无法计算（除数为零）", relation.location))
            continue
        allowed = tolerance(stated)
        consistent = abs(computed - values[stated.id]) <= allowed
        results.append(CheckResult(
            id=relation.id, name=relation.name, formula=relation.formula,
            expression=relation.expression,
            formula_text=describe(relation.expression, lambda ident: by_id[ident].name),
            stated=stated.id, stated_value=values[stated.id], computed=computed,
            tolerance=allowed, consistent=consistent, location=relation.location,
        ))
        if not consistent:
            problems.append(warning(
                "W081",
                f"指标关系“{relation.name}”不一致：报告写的是 {display_text(stated)}，"
                f"按 {relation.formula} 计算得 {format_like(computed, stated)}",
                relation.location,
                "核对报告中的数字；若报告的写法是有意的（如约数），可以保留。",
            ))
    return results, problems


def format_like(value: Decimal, indicator: Indicator) -> str:
    """A computed value printed like the stated indicator, with two more decimals so a mismatch shows."""
    places = decimals_of(indicator.value) + 2
    shown = value / _scale(indicator)
    if indicator.kind is IndicatorKind.PERCENT:
        return f"{shown:.{places}f}%"
    if indicator.kind is IndicatorKind.AMOUNT:
        return f"{shown:.{places}f}{indicator.unit}"
    return f"{shown:.{places}f}"
