"""Painting laid-out pages on a ReportLab canvas: each line's glyphs shown where layout placed them, rules, colours."""

from __future__ import annotations

from typing import Mapping, cast

from reportlab.lib.colors import HexColor
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from ...pages import Page, TextLine, TextStyle
from .images import paint_image

# A glyph whose pen position misses its place by more than this gets an explicit TJ adjustment.
POSITION_TOLERANCE = 0.001  # points


class _Face:
    """One face at one size: the subset, code and advance ReportLab gives each character, and the Tf of each subset."""

    __slots__ = ("font", "size", "glyphs", "selects", "document")

    def __init__(self, font: TTFont, size: float, document: object) -> None:
        self.font = font
        self.size = size
        self.document = document  # the canvas's document holds the 256-glyph subsets
        self.glyphs: dict[str, tuple[int, int, float]] = {}  # character → (subset, code, advance in points)
        self.selects: dict[int, tuple[str, str]] = {}  # subset → (font resource name, "/F1+0 16 Tf")

    def glyph(self, char: str) -> tuple[int, int, float]:
        ((subset, encoded),) = self.font.splitString(char, self.document)
        # as /Widths gives it to a reader; the stubs leave getCharWidth unannotated
        width = float(fp_str(self.font.face.getCharWidth(ord(char))))  # type: ignore[no-untyped-call]
        found = self.glyphs[char] = (subset, encoded[0], width * self.size / 1000)
        return found

    def select(self, subset: int) -> tuple[str, str]:
        name = self.font.getSubsetInternalName(subset, self.document)
        found = self.selects[subset] = (name, f"{name} {fp_str(self.size)} Tf")
        return found


class _TextState:
    """What the page's content stream has set so far: text state outlives each text object (BT … ET)."""

    __slots__ = ("font", "fill", "spacing")

    def __init__(self) -> None:
        self.font = ""  # the last Tf operator
        self.fill = ""  # "#RRGGBB"
        self.spacing = 0.0  # Tc, as a reader parses it


class Painter:
    """Paints pages with the registered ReportLab font of each face, one text-show operator per subset run."""

    def __init__(self, canvas: Canvas, font_names: Mapping[str, str]) -> None:
        self.canvas = canvas
        self._document = canvas._doc  # type: ignore[attr-defined]  # ReportLab's private document, not in the stubs
        # getFont returns whatever was registered, typed in the stubs as a Type 1 Font: these are TTFonts
        self._fonts: dict[str, TTFont] = {face: cast(TTFont, getFont(name)) for face, name in font_names.items()}
        self._faces: dict[tuple[str, float], _Face] = {}
        self._styles: tuple[TextStyle, ...] = ()  # the last line's styles and their faces
        self._styled_faces: list[_Face] = []
        self._fills: dict[str, str] = {}  # "#RRGGBB" → "r g b rg"
        self.page_fonts: list[tuple[str, ...]] = []  # per painted page, the font resources it shows ("/F1+0")

    def paint(self, page: Page) -> None:
        canvas = self.canvas
        for rule in page.rules:
            canvas.setStrokeColor(HexColor(rule.color))
            canvas.setLineWidth(rule.thickness)
            canvas.line(rule.x0, rule.y0, rule.x1, rule.y1)
        state = _TextState()  # each page's content stream starts from the default state
        used: set[str] = set()
        out: list[str] = []
        for line in page.lines:
            if line.text:  # an empty line (a table's blank cells) only carries borders
                self._line(line, state, used, out)
        canvas.addLiteral("\n".join(out))
        for image in page.images:  # after the text: a seal presses on the 署名 and 日期, which show through it
            paint_image(canvas, image)
        self.page_fonts.append(tuple(sorted(used)))

    def _line(self, line: TextLine, state: _TextState, used: set[str], out: list[str]) -> None:
        # Each line is one marked span whose ActualText is its text: a reader copying it gets the
        # characters in order, undisturbed by justification gaps or overlapping compressed marks.
        out.append(f"/Span <</ActualText <FEFF{line.text.encode('utf-16-be').hex().upper()}>>> BDC\nBT")
        if line.styles is not self._styles:  # the lines of a paragraph share their styles
            self._styles = line.styles
            self._styled_faces = [self._face(style) for style in line.styles]
        faces = self._styled_faces
        codes: list[int] = []
        lefts: list[float] = []
        advances: list[float] = []
        runs: list[tuple[int, int, int]] = []  # (first glyph, style index, subset) of each run of one subset and style
        run_style = run_subset = -1
        cells = line.cells
        for char, x, index in zip(cells.text, cells.glyph_lefts(), cells.glyph_runs()):
            face = faces[index]
            subset, code, advance = face.glyphs.get(char) or face.glyph(char)
            if subset != run_subset or index != run_style:
                run_style, run_subset = index, subset
                runs.append((len(codes), index, subset))
            codes.append(code)
            lefts.append(x)
            advances.append(advance)
        baseline = f"{line.baseline:.4f}"
        ends = [first for first, _, _ in runs[1:]] + [len(codes)]
        for (first, index, subset), end in zip(runs, ends):
            # Each run is placed with its own text matrix: some extractors drop the character spacing
            # after a string's last glyph, so a run never relies on where the previous one left the pen.
            face = faces[index]
            name, select = face.selects.get(subset) or face.select(subset)
            used.add(name)
            if state.font != select:
                state.font = select
                out.append(select)
            color = line.styles[index].color
            if state.fill != color:
                state.fill = color
                out.append(self._fill(color))
            start = f"{lefts[first]:.4f}"
            if end - first == 1:
                out.append(f"1 0 0 1 {start} {baseline} Tm <{codes[first]:02x}> Tj")
            else:
                shown = _shown(codes[first:end], lefts[first:end], advances[first:end], float(start), face.size,
                               state, out)
                out.append(f"1 0 0 1 {start} {baseline} Tm {shown}")
        out.append("ET\nEMC")

    def _face(self, style: TextStyle) -> _Face:
        face = self._faces.get((style.face, style.size))
        if face is None:
            face = self._faces[(style.face, style.size)] = _Face(self._fonts[style.face], style.size, self._document)
        return face

    def _fill(self, color: str) -> str:
        operator = self._fills.get(color)
        if operator is None:
            rgb = HexColor(color)
            operator = self._fills[color] = f"{fp_str(rgb.red, rgb.green, rgb.blue)} rg"
        return operator


def _shown(codes: list[int], lefts: list[float], advances: list[float], pen: float, size: float,
           state: _TextState, out: list[str]) -> str:
    """The text-show operator for glyphs at `lefts`, after setting the character spacing (Tc) most of them step by.

    One hex string of codes (Tj) when the spacing places every glyph, else a TJ array with an
    adjustment wherever the pen would miss a glyph's place.
    """
    gaps = [after - before - advance for after, before, advance in zip(lefts[1:], lefts, advances)]
    low, high = min(gaps), max(gaps)
    spacing = state.spacing
    if low < spacing - POSITION_TOLERANCE or high > spacing + POSITION_TOLERANCE:
        common = sorted(gaps)[len(gaps) // 2]  # the median: the step most glyphs take when most take one
        if abs(common - spacing) > POSITION_TOLERANCE:
            text = f"{common:.6f}"
            out.append(f"{text} Tc")
            spacing = state.spacing = float(text)
    # An evenly stepped run (a justified line of ideographs) needs no adjustment at all.
    if max(high - spacing, spacing - low) * len(gaps) <= POSITION_TOLERANCE / 2 \
            and abs(pen - lefts[0]) <= POSITION_TOLERANCE / 2:
        return f"<{bytes(codes).hex()}> Tj"
    parts: list[str] = []
    start = 0
    per_point = 1000 / size  # TJ adjustments are in thousandths of the font size
    for k, x in enumerate(lefts):
        miss = x - pen
        if k and (miss > POSITION_TOLERANCE or miss < -POSITION_TOLERANCE):
            adjustment = f"{-miss * per_point:.3f}"
            parts.append(f"<{bytes(codes[start:k]).hex()}>{adjustment}")
            start = k
            pen -= float(adjustment) / per_point
        pen += advances[k] + spacing
    parts.append(f"<{bytes(codes[start:]).hex()}>")
    return f"[{''.join(parts)}] TJ"
