"""A declared relation (indicator ids, + - * / ( ) and decimals) as an Excel formula over cells."""

from __future__ import annotations

import re
from typing import Callable

from ...errors import ContentError, Location, error

_TOKEN = re.compile(r"\s*(?:(?P<number>\d+(?:\.\d+)?)|(?P<id>[A-Za-z_][A-Za-z0-9_]*)|(?P<op>[-+*/()]))")


def excel_formula(formula: str, cell_of: Callable[[str], str | None], location: Location) -> str:
    """`formula` with every indicator id replaced by its cell reference, as "=…"; a stray token is a content error."""
    parts: list[str] = []
    position = 0
    while position < len(formula.rstrip()):
        match = _TOKEN.match(formula, position)
        if match is None:
            raise ContentError(error("X010", f"指标关系的公式“{formula}”中有无法识别的内容“{formula[position:].strip()}”",
                                     location, "公式只能由指标编号、数字、+ - * / 和括号组成。"))
        if match["id"]:
            reference = cell_of(match["id"])
            if reference is None:
                raise ContentError(error("X011", f"指标关系的公式“{formula}”引用了不存在的指标“{match['id']}”", location,
                                         "检查指标编号的拼写。"))
            parts.append(reference)
        else:
            parts.append(match["number"] or match["op"])
        position = match.end()
    return "=" + "".join(parts)
