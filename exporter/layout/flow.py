"""The flow before pagination: one slot per grid line, and the helpers that make slots and place fixed lines."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from ..cjk.linebreak import Line
from ..errors import UNKNOWN, Location
from ..model import SealImage
from ..pages import Image, Rule, TextLine, TextStyle, Turned
from ..resolved import Run
from ..styles import TextRole
from .setter import Setter

EPSILON = 1e-6


@dataclass(frozen=True, slots=True)
class SealPlacement:
    """The 印章 relative to the grid line it is anchored to (the date's): placed once that line has its page."""

    x: float  # left edge
    rise: float  # the seal's top above the anchor line's top
    diameter: float
    picture: SealImage
    rows_below: int  # grid lines below the anchor line the seal reaches into

    def at(self, line_top: float) -> Image:
        top = line_top + self.rise
        return Image(self.x, top - self.diameter, self.diameter, self.diameter, self.picture)


@dataclass(frozen=True, slots=True)
class RelativeRule:
    """A stroke placed with its slot: y offsets are from the slot's line top (negative is lower)."""

    x0: float
    dy0: float
    x1: float
    dy1: float
    thickness: float
    color: str

    def at(self, line_top: float) -> Rule:
        return Rule(self.x0, line_top + self.dy0, self.x1, line_top + self.dy1, self.thickness, self.color)


@dataclass(slots=True)
class Slot:
    """One grid line of the flow before pagination; a blank slot is an empty line."""

    line: Line | None
    styles: tuple[TextStyle, ...] = ()
    kind: str = ""
    where: str = ""
    drop: float = 0.0  # baseline below the line's top
    keep: bool = False  # stands on the same page as the next slot
    indicators: tuple[str, ...] = ()
    outline: tuple[str, int] | None = None
    seal: SealPlacement | None = None
    new_page: bool = False  # starts a new page (an attachment, §7.3.7)
    rules: tuple[RelativeRule, ...] = ()  # strokes drawn with the line: a table's borders
    repeat: tuple["Slot", ...] = ()  # slots set again at the top of a page this slot starts: a table's header rows
    turned: Turned | None = None  # a whole page of a landscape table (§8), its only content

    @property
    def rows(self) -> int:
        """Grid lines the slot covers on its page: its own, and those its seal hangs into."""
        return 1 + (self.seal.rows_below if self.seal else 0)


def slots(lines: list[Line], styles: tuple[TextStyle, ...], kind: str, where: str, drop: float, *,
          keep: bool = False, indicators: Sequence[str | None] = ()) -> list[Slot]:
    """One slot per line, each naming the figures it prints."""
    made = []
    tracked = {i: ident for i, ident in enumerate(indicators) if ident}
    for line in lines:
        found: tuple[str, ...] = ()
        if tracked:
            # Clusters come in run order, so the runs a line holds, in order, name its figures in order.
            runs = sorted(set(line.cells.run))
            found = tuple(dict.fromkeys(tracked[index] for index in runs if index in tracked))
        made.append(Slot(line, styles, kind, where, drop, keep, found))
    return made


def blank_slots(setter: Setter, length_pt: float, keep: bool = False) -> list[Slot]:
    """Whole grid lines left blank for a gap given as a length."""
    return [Slot(None, keep=keep) for _ in range(blank_lines(setter, length_pt))]


def blank_lines(setter: Setter, length_pt: float) -> int:
    return max(0, round(length_pt / setter.pitch))


def grid_line_below(setter: Setter, y: float) -> int:
    """The first grid line wholly below height y."""
    return math.floor((setter.top - y) / setter.pitch - EPSILON) + 1


def lines_at(setter: Setter, runs: list[Run], role: TextRole, kind: str, where: str, top: float, *,
             spacing: float | None = None, left: float | None = None, width: float | None = None,
             align: str | None = None, location: Location = UNKNOWN) -> list[TextLine]:
    """Text lines placed off the flow, the first em box top at `top`."""
    lines, styles, _ = setter.set(runs, role, where, location, left=left, width=width, align=align)
    drop = setter.drop(role)
    step = spacing or setter.pitch
    return [TextLine(top - k * step - drop, top - k * step, line.cells, styles, kind, kind, line.last)
            for k, line in enumerate(lines)]


def unplaced(line: Line, styles: tuple[TextStyle, ...], kind: str) -> TextLine:
    """A line not yet given its height."""
    return TextLine(0.0, 0.0, line.cells, styles, kind, kind, line.last)


def size_of(slot: Slot) -> float:
    """The largest type size on a slot's line."""
    assert slot.line is not None
    return max((slot.styles[run].size for run in set(slot.line.cells.run)), default=0.0)
