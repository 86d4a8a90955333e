"""版记 §7.4: 抄送 and 印发 rows stacked up from the text block's bottom edge between full-width rules."""

from __future__ import annotations

from ..pages import Rule, TextLine
from ..resolved import Colophon, Run
from ..styles import TextRole
from .flow import unplaced
from .setter import Setter

INK = "#000000"


def set_colophon(setter: Setter, colophon: Colophon) -> tuple[list[TextLine], list[Rule], int]:
    """The 版记's lines and rules, placed on the last page's bottom edge; returns the grid rows it takes."""
    style, pitch = setter.style, setter.pitch
    rows: list[list[tuple[TextLine, TextRole]]] = []  # from the top
    groups: list[int] = []  # rows per item, to draw the thin rules between items
    if colophon.cc:
        role = style.role("cc")
        hang = role.left_indent.pt + setter.width_of(colophon.cc.label, role, "抄送")
        lines, styles, _ = setter.set([Run(colophon.cc.label + colophon.cc.names, "cc")], role, "抄送",
                                      colophon.location, rest_indent=hang)
        rows += [[(unplaced(line, styles, "cc"), role)] for line in lines]
        groups.append(len(lines))
    if colophon.printer or colophon.print_date:
        role = style.role("imprint")
        row: list[tuple[TextLine, TextRole]] = []
        if colophon.printer:
            lines, styles, _ = setter.set([Run(colophon.printer, "imprint")], role, "印发机关", colophon.location,
                                          align="left")
            row += [(unplaced(line, styles, "imprint"), role) for line in lines[:1]]
        if colophon.print_date:
            lines, styles, _ = setter.set([Run(colophon.print_date, "imprint")], role, "印发日期", colophon.location,
                                          first_indent=0.0, align="right")
            row += [(unplaced(line, styles, "imprint"), role) for line in lines[:1]]
        rows.append(row)
        groups.append(1)
    count = len(rows)
    placed: list[TextLine] = []
    for index, row in enumerate(rows):
        band_bottom = setter.bottom + (count - 1 - index) * pitch
        for line, role in row:  # the em box centred in its row
            top = band_bottom + (pitch + role.size.pt) / 2
            placed.append(TextLine(top - setter.drop(role), top, line.cells, line.styles, line.kind, line.where,
                                   line.last))
    rules = [_rule(setter, setter.bottom, style.colophon.thick_rule.pt)]
    boundary = 0
    for group in reversed(groups):
        boundary += group
        thick = boundary == count  # §7.4.1: the first and last rules thick, those between thin
        rules.append(_rule(setter, setter.bottom + boundary * pitch,
                           (style.colophon.thick_rule if thick else style.colophon.thin_rule).pt))
    return placed, rules, count


def _rule(setter: Setter, y: float, thickness: float) -> Rule:
    return Rule(setter.left, y, setter.right, y, thickness, INK)
