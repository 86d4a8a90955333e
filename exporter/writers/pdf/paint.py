"""Painting laid-out pages on a ReportLab canvas: each line's glyphs shown where layout placed them, rules, colours."""

from __future__ import annotations

import re
from operator import sub
from typing import Mapping, Sequence

from reportlab.lib.colors import HexColor
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen.canvas import Canvas

from ...pages import Page, Rule, TextStyle, Turned
from .fontreg import EmbeddedFace
from .images import paint_image
from .plan import PlannedLine

# A glyph whose pen position misses its place by more than this gets an explicit TJ adjustment.
POSITION_TOLERANCE = 0.001  # points
_SAME_SUBSET = re.compile(r"((.)\2*)", re.DOTALL)  # a run of one subset number (one character per glyph)


class _Face:
    """One face at one size: its codes, each shown character's advance in points, and the Tf of each subset."""

    __slots__ = ("codes", "subsets", "resources", "advances", "selects", "size")

    def __init__(self, face: EmbeddedFace, size: float) -> None:
        self.codes = face.codes
        self.subsets = face.subsets if len(face.resources) > 1 else None  # None: one subset, nothing to split
        self.size = size
        self.advances = {char: width * size / 1000 for char, width in face.widths.items()}
        # by subset number as a character, the key the subset table gives
        self.selects = {chr(k): f"{name} {fp_str(size)} Tf" for k, name in enumerate(face.resources)}
        self.resources = {chr(k): name for k, name in enumerate(face.resources)}


class _TextState:
    """What the page's content stream has set so far: text state outlives each text object (BT … ET)."""

    __slots__ = ("font", "fill", "spacing")

    def __init__(self) -> None:
        self.font = ""  # the last Tf operator
        self.fill = ""  # "#RRGGBB"
        self.spacing = 0.0  # Tc, as a reader parses it


PageText = tuple[str, set[str]]  # a page's text operators, and the font resources they show ("/F1+0")


def paint(canvas: Canvas, page: Page, text: str) -> None:
    """Paint one page: its rules (a landscape table's turned with its frame), then its text's operators, then its images."""
    turned = page.turned
    if turned is not None:
        canvas.saveState()
        canvas.transform(*quarter_turn(turned))
        _rules(canvas, turned.rules)
        canvas.restoreState()
    _rules(canvas, page.rules)
    canvas.addLiteral(text)
    for image in page.images:  # after the text: a seal presses on the 署名 and 日期, which show through it
        paint_image(canvas, image)


def _rules(canvas: Canvas, rules: Sequence[Rule]) -> None:
    for rule in rules:
        canvas.setStrokeColor(HexColor(rule.color))
        canvas.setLineWidth(rule.thickness)
        canvas.line(rule.x0, rule.y0, rule.x1, rule.y1)


def quarter_turn(frame: Turned) -> tuple[float, float, float, float, float, float]:
    """The matrix that sets the frame's coordinates on the page, turned a quarter counter-clockwise: (u, v) → (x - v, y + u)."""
    return 0.0, 1.0, -1.0, 0.0, frame.x, frame.y


class Painter:
    """Writes a page's text with each face's subsets, one text-show operator per run of glyphs in one subset.

    What it keeps from page to page only saves work (faces made at a size, the last line's styles,
    fill operators): a page's operators depend on its lines alone, in whatever order, or process,
    the pages are written.
    """

    def __init__(self, faces: Mapping[str, EmbeddedFace]) -> None:
        self._embedded = faces
        self._faces: dict[tuple[str, float], _Face] = {}
        self._styles: tuple[TextStyle, ...] = ()  # the last line's styles and their faces
        self._styled_faces: list[_Face | None] = []
        self._fills: dict[str, str] = {}  # "#RRGGBB" → "r g b rg"

    def text(self, lines: Sequence[PlannedLine]) -> PageText:
        """One page's text operators and the font resources they show."""
        state = _TextState()  # each page's content stream starts from the default state
        used: set[str] = set()
        out: list[str] = []
        for planned in lines:
            self._line(planned, state, used, out)
        return "\n".join(out), used

    def _line(self, planned: PlannedLine, state: _TextState, used: set[str], out: list[str]) -> None:
        line, runs, frame = planned
        # Each line is one marked span whose ActualText is its text: a reader copying it gets the
        # characters in order, undisturbed by justification gaps or overlapping compressed marks.
        out.append(f"/Span <</ActualText <FEFF{line.text.encode('utf-16-be').hex().upper()}>>> BDC\nBT")
        if frame is not None:  # the moves below are then in the frame's coordinates
            out.append("{} {} {} {} {:.4f} {:.4f} Tm".format(*map(fp_str, quarter_turn(frame)[:4]), frame.x, frame.y))
        styles = line.styles
        if styles is not self._styles:  # the lines of a paragraph share their styles
            self._styles = styles
            # (a style of the paragraph that no run of these pages shows has no font in this document)
            self._styled_faces = [self._face(style) if style.face in self._embedded else None for style in styles]
        faces = self._styled_faces
        # Each piece is placed by moving the line matrix (Td) to its first glyph: some extractors drop
        # the character spacing after a string's last glyph, so a piece never relies on where the
        # previous one left the pen. Places are counted in 0.0001 pt, as the moves are written, so
        # `start` is exactly where a reader adds the moves up to.
        start = -1
        append = out.append
        font = state.font
        for style, text, lefts in runs:
            face = faces[style]
            assert face is not None  # every face a run shows is embedded
            color = styles[style].color
            if state.fill != color:
                state.fill = color
                append(self._fill(color))
            codes = text.translate(face.codes)  # two hex digits per glyph
            pieces = _SAME_SUBSET.findall(text.translate(face.subsets)) if face.subsets else [(text, "\0")]
            if len(text) > 1:
                advances = list(map(face.advances.__getitem__, text))
                spacing, uneven = _spacing(list(map(sub, map(sub, lefts[1:], lefts), advances)), state.spacing)
            end = 0
            for piece, subset in pieces:
                first = end
                end += len(piece)
                select = face.selects[subset]
                if font != select:
                    font = select
                    append(select)
                    used.add(face.resources[subset])
                place = round(lefts[first] * 10000)
                if start < 0:
                    move = f"{place / 10000:.4f} {line.baseline:.4f} Td"
                else:
                    move = f"{(place - start) / 10000:.4f} 0 Td"
                start = place
                if end - first == 1:
                    append(f"{move} <{codes[2 * first:2 * end]}> Tj")
                    continue
                if state.spacing != spacing:
                    state.spacing = spacing
                    append(f"{spacing:.6f} Tc")
                if "1" not in uneven[first:end - 1]:
                    append(f"{move} <{codes[2 * first:2 * end]}> Tj")
                else:
                    shown = _adjusted(codes[2 * first:2 * end], lefts[first:end], advances[first:end], start / 10000,
                                      face.size, spacing)
                    append(f"{move} {shown}")
        state.font = font
        out.append("ET\nEMC")

    def _face(self, style: TextStyle) -> _Face:
        face = self._faces.get((style.face, style.size))
        if face is None:
            face = self._faces[(style.face, style.size)] = _Face(self._embedded[style.face], style.size)
        return face

    def _fill(self, color: str) -> str:
        operator = self._fills.get(color)
        if operator is None:
            rgb = HexColor(color)
            operator = self._fills[color] = f"{fp_str(rgb.red, rgb.green, rgb.blue)} rg"
        return operator


def _spacing(gaps: list[float], current: float) -> tuple[float, str]:
    """The character spacing (Tc) for a run of glyphs, and "1" after each glyph it would not place.

    `gaps` is how far each glyph's neighbour stands beyond its advance. The spacing is the
    median gap (the step most glyphs take in a justified line), or the current spacing when that is
    as good. A piece of the run shown with it as one string may drift from the laid-out places by
    half the tolerance at most.
    """
    limit = POSITION_TOLERANCE / 2 / len(gaps)
    median = sorted(gaps)[len(gaps) // 2]
    spacing = current if abs(median - current) <= limit / 2 else float(f"{median:.6f}")  # as a reader parses it
    low, high = spacing - limit, spacing + limit
    return spacing, "".join(["0" if low <= gap <= high else "1" for gap in gaps])


def _adjusted(codes: str, lefts: list[float], advances: list[float], pen: float, size: float, spacing: float) -> str:
    """A TJ array showing glyphs at `lefts`, with an adjustment wherever the pen would miss a glyph's place.

    `codes` holds two hex digits per glyph; `pen` is where the first glyph is shown.
    """
    parts: list[str] = []
    first = 0
    per_point = 1000 / size  # TJ adjustments are in thousandths of the font size
    for k, x in enumerate(lefts):
        miss = x - pen
        if k and (miss > POSITION_TOLERANCE or miss < -POSITION_TOLERANCE):
            adjustment = f"{-miss * per_point:.3f}"
            parts.append(f"<{codes[2 * first:2 * k]}>{adjustment}")
            first = k
            pen -= float(adjustment) / per_point
        pen += advances[k] + spacing
    parts.append(f"<{codes[2 * first:]}>")
    return f"[{''.join(parts)}] TJ"
