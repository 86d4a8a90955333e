"""The 主要指标一览表: an attachment's table made from every indicator, in the order the report first prints them."""

from __future__ import annotations

from typing import Mapping, Sequence

from .errors import Location
from .model import Indicator, IndicatorRef, Inline, Table, TableCell, Text

HEADER = ("序号", "指标", "数值", "所在部分")
ALIGNS = ("center", "left", "right", "center")
BEFORE_HEADINGS = "开头"  # a figure printed before the first heading (the opening paragraph)


def indicator_list(indicators: Sequence[Indicator], parts: Mapping[str, str], location: Location) -> Table:
    """One row per indicator: its number, name, figure as the report prints it, and the part it is first printed in.

    `parts` maps an indicator printed in the body to its part's label ("一（二）1."; "" before the first heading);
    an indicator the body does not print has no part.
    """
    rows = [_row(tuple(Text(text) for text in HEADER))]
    for number, indicator in enumerate(indicators, start=1):
        part = parts.get(indicator.id)
        where = BEFORE_HEADINGS if part == "" else (part or "")
        rows.append(_row((Text(str(number)), Text(indicator.name), IndicatorRef(indicator.id), Text(where))))
    return Table(tuple(rows), len(HEADER), aligns=ALIGNS, header_rows=1, location=location)


def _row(inlines: tuple[Inline, ...]) -> tuple[TableCell, ...]:
    return tuple(TableCell((inline,), column=column) for column, inline in enumerate(inlines))
