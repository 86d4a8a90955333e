"""The page model the layout stage produces and page-painting writers read: positioned glyphs, rules, images, in points."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from .cjk.linebreak import Cells, Cluster
from .model import SealImage
from .resolved import Table

__all__ = ["Cells", "Cluster", "Image", "OutlineEntry", "Page", "Pages", "Rule", "TextLine", "TextStyle", "Turned", "TurnedTable"]


@dataclass(frozen=True, slots=True)
class TextStyle:
    """How a run of glyphs is painted."""

    face: str  # face key (songti, fangsong, heiti, kaiti, xiaobiaosong or a fallback face)
    size: float  # points
    color: str  # "#RRGGBB"


@dataclass(frozen=True, slots=True)
class TextLine:
    """One line of glyph cells at its place on the page; x and y in points from the paper's bottom left.

    The cells carry their glyphs' advances, so a writer paints every glyph where layout put it
    without measuring text again.
    """

    baseline: float
    top: float  # top of the em box (the grid line's top for lines on the grid)
    cells: Cells
    styles: tuple[TextStyle, ...]  # indexed by each cell's `run`
    kind: str  # the text role: body, heading1…heading4, title, signature, cc, page_number, …
    where: str  # the section id ("1.2") or the 公文 element the line belongs to
    last: bool = True  # the last line of its paragraph (not justified)

    @property
    def text(self) -> str:
        return self.cells.text

    @property
    def clusters(self) -> tuple[Cluster, ...]:
        return self.cells.clusters

    @property
    def left(self) -> float:
        return self.cells.x[0] if len(self.cells) else 0.0

    @property
    def right(self) -> float:
        cells = self.cells
        return cells.x[-1] + cells.width[-1] if len(cells) else 0.0


@dataclass(frozen=True, slots=True)
class Rule:
    """A straight stroke from (x0, y0) to (x1, y1), centred on that line: the 版头 and 版记 rules, table borders."""

    x0: float
    y0: float
    x1: float
    y1: float
    thickness: float
    color: str

    @property
    def y(self) -> float:
        """The height of a horizontal rule."""
        return self.y0


@dataclass(frozen=True, slots=True)
class Image:
    """A picture (the 印章) scaled into its box; x and y are its bottom left corner in points from the paper's bottom left."""

    x: float
    y: float
    width: float
    height: float
    picture: SealImage  # checked when the source was loaded

    @property
    def top(self) -> float:
        return self.y + self.height


@dataclass(frozen=True)
class Turned:
    """Lines and rules set in a frame turned a quarter counter-clockwise on the page: a landscape (横排) table, §8.

    Inside, x runs along the frame's width and y across its depth, in points from the frame's origin, as on an
    upright page; the frame's point (u, v) stands on the page at (x - v, y + u): its lines read up the page and
    follow each other towards the page's right edge. The origin is the text block's bottom right corner, so the
    frame's top, the table's caption and head, lies along the text block's left edge on odd and even pages alike
    (the 订口 of an odd page, the 切口 of an even one).
    """

    x: float  # where the frame's origin stands on the page
    y: float
    width: float  # the frame's measure: the text block's height
    depth: float  # the text block's width
    lines: tuple[TextLine, ...]  # baselines, tops and glyph places in the frame's coordinates
    rules: tuple[Rule, ...]  # in the frame's coordinates


@dataclass(frozen=True)
class TurnedTable:
    """How a landscape table was set: its caption's grid lines, and on each of its pages the (first, end) of the
    rows set there (the header rows repeated above them on the pages after the first)."""

    caption_lines: int
    pages: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Page:
    """One physical page."""

    number: int  # 1-based physical page
    folio: str | None  # the printed page number ("— 3 —"), None on an unnumbered page (§7.5)
    lines: tuple[TextLine, ...]  # upright: the page number, and on other pages all their text
    rules: tuple[Rule, ...] = ()
    images: tuple[Image, ...] = ()  # painted over the text: a seal presses on the 署名 and 日期
    turned: Turned | None = None  # a landscape table's page: its table, set turned


@dataclass(frozen=True)
class OutlineEntry:
    """A heading for the PDF outline."""

    title: str
    level: int
    page: int
    top: float


@dataclass(frozen=True)
class Pages:
    """The laid-out report."""

    pages: tuple[Page, ...]
    indicator_pages: Mapping[str, int]  # indicator id → page where its figure is first printed
    headings: tuple[OutlineEntry, ...]
    width: float
    height: float
    table_rows: Mapping[Table, tuple[int, ...]] = field(default_factory=dict)  # grid lines each row of a table takes
    landscape_tables: Mapping[Table, TurnedTable] = field(default_factory=dict)  # how each landscape table was set
    # (row, column) of a cell → whole grid lines between the cell's top and its text (absent: none)
    cell_offsets: Mapping[Table, Mapping[tuple[int, int], int]] = field(default_factory=dict)
