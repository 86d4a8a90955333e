"""Relation formulas parsed once into a tree: evaluated exactly, named for people, written for Excel."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation, localcontext
from typing import Callable, Mapping, assert_never

MAX_LENGTH = 2000  # characters: a relation between a report's figures is one line
MAX_DEPTH = 40  # nested parentheses and signs
MAX_OPERATORS = 200
MAX_DIGITS = 30  # in one number: more is a typing slip, and Decimal keeps 28 significant digits

_TOKEN = re.compile(r"\s*(?:(?P<number>\d+(?:\.\d+)?)|(?P<id>[A-Za-z_][A-Za-z0-9_]*)|(?P<op>[-+*/()]))")
_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}
_SPOKEN = {"+": " + ", "-": " − ", "*": " × ", "/": " ÷ "}


@dataclass(frozen=True, slots=True)
class Number:
    """A constant, as written."""

    text: str


@dataclass(frozen=True, slots=True)
class Ref:
    """An indicator, by id."""

    id: str


@dataclass(frozen=True, slots=True)
class Negate:
    """A leading minus."""

    operand: Expr


@dataclass(frozen=True, slots=True)
class Binary:
    """One of + - * / between two operands."""

    op: str
    left: Expr
    right: Expr


Expr = Number | Ref | Negate | Binary


class FormulaError(Exception):
    """A formula that cannot be read; the message is for the clerk, `offset` where in the formula it went wrong."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


class _Parser:
    """Recursive descent over the tokens, bounded in depth and size so no formula can exhaust the stack."""

    def __init__(self, text: str) -> None:
        self.tokens: list[tuple[str, str, int]] = []  # (kind, text, offset)
        position = 0
        end = len(text.rstrip())
        while position < end:
            match = _TOKEN.match(text, position)
            if match is None:
                bad = text[position:].strip()[:1]
                raise FormulaError(f"公式中有不能识别的字符“{bad}”", position)
            kind = match.lastgroup or ""
            self.tokens.append((kind, match[kind], match.start(kind)))
            position = match.end()
        if not self.tokens:
            raise FormulaError("公式是空的", 0)
        operators = sum(kind == "op" for kind, _, _ in self.tokens)
        if operators > MAX_OPERATORS:
            raise FormulaError(f"公式太长：有 {operators} 个运算符，最多 {MAX_OPERATORS} 个", 0)
        self.position = 0
        self.depth = 0

    def peek(self) -> str | None:
        return self.tokens[self.position][1] if self.position < len(self.tokens) else None

    def offset(self) -> int:
        return self.tokens[min(self.position, len(self.tokens) - 1)][2]

    def take(self) -> tuple[str, str, int]:
        token = self.tokens[self.position]
        self.position += 1
        return token

    def expression(self) -> Expr:
        left = self.term()
        while self.peek() in ("+", "-"):
            op = self.take()[1]
            left = Binary(op, left, self.term())
        return left

    def term(self) -> Expr:
        left = self.factor()
        while self.peek() in ("*", "/"):
            op = self.take()[1]
            left = Binary(op, left, self.factor())
        return left

    def factor(self) -> Expr:
        if self.position >= len(self.tokens):
            raise FormulaError("公式在运算符后面结束了，缺少一个指标或数字", self.tokens[-1][2])
        kind, text, offset = self.take()
        if kind == "number":
            digits = len(text.replace(".", ""))
            if digits > MAX_DIGITS:
                raise FormulaError(f"公式中的数字有 {digits} 位，最多 {MAX_DIGITS} 位", offset)
            return Number(text)
        if kind == "id":
            return Ref(text)
        if text in ("-", "("):
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise FormulaError(f"公式中的括号或负号嵌套超过 {MAX_DEPTH} 层", offset)
            if text == "-":
                inner: Expr = Negate(self.factor())
            else:
                inner = self.expression()
                if self.peek() != ")":
                    raise FormulaError("左括号“(”没有配对的右括号“)”", offset)
                self.take()
            self.depth -= 1
            return inner
        raise FormulaError(f"这里应当是指标编号、数字或“(”，却是“{text}”", offset)


def parse(text: str) -> Expr:
    """The tree of `text`: indicator ids, decimals, + - * / and parentheses; FormulaError when malformed."""
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"公式有 {len(text)} 个字符，最多 {MAX_LENGTH} 个", 0)
    parser = _Parser(text)
    tree = parser.expression()
    if parser.position < len(parser.tokens):
        raise FormulaError(f"公式中多了“{parser.peek()}”", parser.offset())
    return tree


def references(expr: Expr) -> list[str]:
    """The indicator ids the formula uses, in order of appearance."""
    match expr:
        case Number():
            return []
        case Ref():
            return [expr.id]
        case Negate():
            return references(expr.operand)
        case Binary():
            return references(expr.left) + references(expr.right)
        case _:
            assert_never(expr)


def evaluate(expr: Expr, values: Mapping[str, Decimal]) -> Decimal:
    """The exact value with Decimal arithmetic; DivisionByZero or InvalidOperation when it has none."""
    with localcontext() as context:
        context.prec = 28
        context.traps[DivisionByZero] = True
        context.traps[InvalidOperation] = True
        return _value(expr, values)


def _value(expr: Expr, values: Mapping[str, Decimal]) -> Decimal:
    match expr:
        case Number():
            return Decimal(expr.text)
        case Ref():
            return values[expr.id]
        case Negate():
            return -_value(expr.operand, values)
        case Binary():
            left, right = _value(expr.left, values), _value(expr.right, values)
            match expr.op:
                case "+":
                    return left + right
                case "-":
                    return left - right
                case "*":
                    return left * right
                case _:
                    return left / right
        case _:
            assert_never(expr)


def describe(expr: Expr, name: Callable[[str], str]) -> str:
    """The formula for people: indicator names and × ÷ (出庭应诉数 ÷ 开庭审理数)."""
    return _written(expr, name, _SPOKEN)


def to_excel(expr: Expr, cell_of: Callable[[str], str]) -> str:
    """The formula for a spreadsheet, each indicator replaced by its cell ("=Sheet!$E$3/Sheet!$E$4")."""
    return "=" + _written(expr, cell_of, {op: op for op in _PRECEDENCE})


def _written(expr: Expr, name: Callable[[str], str], ops: Mapping[str, str]) -> str:
    """The formula as text, with parentheses only where precedence needs them."""
    match expr:
        case Number():
            return expr.text
        case Ref():
            return name(expr.id)
        case Negate():
            inner = _written(expr.operand, name, ops)
            return f"-({inner})" if isinstance(expr.operand, Binary) else f"-{inner}"
        case Binary():
            precedence = _PRECEDENCE[expr.op]
            left = _written(expr.left, name, ops)
            right = _written(expr.right, name, ops)
            if isinstance(expr.left, Binary) and _PRECEDENCE[expr.left.op] < precedence:
                left = f"({left})"
            if isinstance(expr.right, Binary) and (_PRECEDENCE[expr.right.op] < precedence
                                                    or (_PRECEDENCE[expr.right.op] == precedence and expr.op in "-/")):
                right = f"({right})"
            return f"{left}{ops[expr.op]}{right}"
        case _:
            assert_never(expr)
