"""Indicator numbers, printed forms and the checking of declared relations."""

from __future__ import annotations

import re
from decimal import Decimal, DivisionByZero, InvalidOperation, localcontext

from .cjk.numerals import chinese_numeral
from .errors import Diagnostic, warning
from .model import Indicator, IndicatorKind, Relation
from .resolved import CheckResult

RANGE_SIGN = "～"  # GB/T 15835 §4.2: numeric ranges 6～8 (U+FF5E)
_TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|([-+*/()]))")


def decimals_of(raw: str) -> int:
    """Decimals as written: "98.72" → 2, "308" → 0."""
    return len(raw.split(".", 1)[1]) if "." in raw else 0


def numeric_value(indicator: Indicator) -> Decimal:
    """The indicator as a number; a percentage as a fraction (98.72% → 0.9872)."""
    value = Decimal(indicator.value)
    return value / 100 if indicator.kind is IndicatorKind.PERCENT else value


def numeric_upper(indicator: Indicator) -> Decimal | None:
    """A range's upper bound, or None."""
    return Decimal(indicator.upper) if indicator.upper is not None else None


def display_text(indicator: Indicator) -> str:
    """The figure as the report prints it: 66项, 98.72%, 5700余件, 6～8个, 倒数第四名."""
    unit = indicator.unit if indicator.unit_in_text else ""
    match indicator.kind:
        case IndicatorKind.COUNT:
            return f"{indicator.value}{unit}"
        case IndicatorKind.PERCENT:
            return f"{indicator.value}%"
        case IndicatorKind.APPROX:
            return f"{indicator.value}{indicator.qualifier}{unit}"
        case IndicatorKind.RANGE:
            return f"{indicator.value}{RANGE_SIGN}{indicator.upper}{unit}"
        case IndicatorKind.RANK:
            return f"{indicator.qualifier}第{chinese_numeral(int(indicator.value))}{unit}"


def tolerance(indicator: Indicator) -> Decimal:
    """Half a unit of the last written decimal of a stated figure (99% → 0.005, 95.26% → 0.00005)."""
    half = Decimal(5) * Decimal(10) ** -(decimals_of(indicator.value) + 1)
    return half / 100 if indicator.kind is IndicatorKind.PERCENT else half


def evaluate(formula: str, values: dict[str, Decimal]) -> Decimal:
    """Evaluate + - * / and parentheses over indicator ids, exactly, with Decimal arithmetic."""
    tokens = [t for m in _TOKEN.finditer(formula) for t in m.groups() if t]
    position = 0

    def peek() -> str | None:
        return tokens[position] if position < len(tokens) else None

    def take() -> str:
        nonlocal position
        position += 1
        return tokens[position - 1]

    def expression() -> Decimal:
        total = term()
        while peek() in ("+", "-"):
            total = total + term() if take() == "+" else total - term()
        return total

    def term() -> Decimal:
        product = factor()
        while peek() in ("*", "/"):
            product = product * factor() if take() == "*" else product / factor()
        return product

    def factor() -> Decimal:
        token = take()
        if token == "-":
            return -factor()
        if token == "(":
            inner = expression()
            take()  # ")" — well-formedness was checked when the source was loaded
            return inner
        return values[token] if token in values else Decimal(token)

    with localcontext() as context:
        context.prec = 28
        context.traps[DivisionByZero] = True
        return expression()


def check_relations(indicators: tuple[Indicator, ...], relations: tuple[Relation, ...]) -> tuple[list[CheckResult], list[Diagnostic]]:
    """Compute each declared relation and compare it with the stated figure; a mismatch is a warning."""
    by_id = {ind.id: ind for ind in indicators}
    values = {ind.id: numeric_value(ind) for ind in indicators}
    results: list[CheckResult] = []
    problems: list[Diagnostic] = []
    for relation in relations:
        stated = by_id[relation.stated]
        try:
            computed = evaluate(relation.formula, values)
        except (InvalidOperation, DivisionByZero, ZeroDivisionError):
            problems.append(warning("W080", f"指标关系“{relation.name}”无法计算（除数为零）", relation.location))
            continue
        allowed = tolerance(stated)
        consistent = abs(computed - values[stated.id]) <= allowed
        results.append(CheckResult(
            id=relation.id, name=relation.name, formula=relation.formula,
            formula_text=_TOKEN.sub(lambda m: _name_token(m, by_id), relation.formula),
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
    if indicator.kind is IndicatorKind.PERCENT:
        return f"{value * 100:.{places}f}%"
    return f"{value:.{places}f}"


def _name_token(match: re.Match[str], by_id: dict[str, Indicator]) -> str:
    number, ident, op = match.groups()
    if ident:
        return by_id[ident].name if ident in by_id else ident
    if op:
        return {"*": " × ", "/": " ÷ ", "+": " + ", "-": " − "}.get(op, op)
    return number or ""
