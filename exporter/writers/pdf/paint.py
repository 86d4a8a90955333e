"""Painting laid-out pages on a ReportLab canvas: glyph clusters at their positions, rules, colours."""

from __future__ import annotations

from typing import Iterator, Mapping

from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfgen.canvas import Canvas

from ...layout import Page, TextLine

# Clusters whose glyph origins step by their advance plus the same spacing are drawn as one string with
# that character spacing (Tc); the positions stay exact and the content stream stays small.
SPACING_TOLERANCE = 0.001  # points


class Painter:
    """Paints pages with the registered ReportLab font of each face."""

    def __init__(self, canvas: Canvas, font_names: Mapping[str, str]) -> None:
        self.canvas = canvas
        self.font_names = font_names
        self._advances: dict[tuple[str, float], dict[str, float]] = {}
        self._colors: dict[str, HexColor] = {}

    def paint(self, page: Page) -> None:
        canvas = self.canvas
        for rule in page.rules:
            canvas.setStrokeColor(self._color(rule.color))
            canvas.setLineWidth(rule.thickness)
            canvas.line(rule.x0, rule.y, rule.x1, rule.y)
        spacing = 0.0  # character spacing is graphics state: it outlives each text object
        for line in page.lines:
            # Each line is one marked span whose ActualText is its text: a reader copying it gets the
            # characters in order, undisturbed by justification gaps or overlapping compressed marks.
            canvas.addLiteral(f"/Span <</ActualText <FEFF{line.text.encode('utf-16-be').hex().upper()}>>> BDC")
            text = canvas.beginText()
            font: tuple[str, float] | None = None  # a text object starts in the canvas's font
            fill = ""
            for x, string, style_index, char_spacing in self._strings(line):
                style = line.styles[style_index]
                if font != (style.face, style.size):
                    font = (style.face, style.size)
                    text.setFont(self.font_names[style.face], style.size)
                if fill != style.color:
                    fill = style.color
                    text.setFillColor(self._color(style.color))
                if abs(spacing - char_spacing) > SPACING_TOLERANCE / 10:
                    spacing = char_spacing
                    text.setCharSpace(char_spacing)
                for piece_x, piece in self._subset_pieces(x, string, line, style_index, char_spacing):
                    text.setTextOrigin(piece_x, line.baseline)
                    text.textOut(piece)
            canvas.drawText(text)
            canvas.addLiteral("EMC")

    def _strings(self, line: TextLine) -> Iterator[tuple[float, str, int, float]]:
        """(x, text, style index, character spacing) for runs of evenly stepped clusters."""
        start_x = 0.0
        chars: list[str] = []
        style_index = -1
        spacing: float | None = None
        next_x = 0.0  # where the next glyph would start with zero spacing
        for _, _, x, string, index in line.clusters:
            single = len(string) == 1
            if chars and single and index == style_index and len(chars[-1]) == 1:
                gap = x - next_x
                if spacing is None or abs(gap - spacing) <= SPACING_TOLERANCE:
                    if spacing is None:
                        spacing = gap
                    chars.append(string)
                    next_x = x + self._advance(line, index, string)
                    continue
            if chars:
                yield start_x, "".join(chars), style_index, spacing or 0.0
            start_x, chars, style_index, spacing = x, [string], index, None
            next_x = x + self._advance(line, index, string)
        if chars:
            yield start_x, "".join(chars), style_index, spacing or 0.0

    def _subset_pieces(self, x: float, string: str, line: TextLine, index: int,
                       spacing: float) -> Iterator[tuple[float, str]]:
        """The string cut where ReportLab switches font subsets, each piece at its own origin.

        ReportLab draws a string that spans two 256-glyph subsets as two Tj operators; some text
        extractors drop the character spacing after the last glyph of a Tj, so each piece is placed
        explicitly and every reader finds the glyphs where they are painted.
        """
        if len(string) == 1:
            yield x, string
            return
        font = getFont(self.font_names[line.styles[index].face])
        start = 0
        for _, encoded in font.splitString(string, self.canvas._doc):  # the canvas's document holds the subsets
            piece = string[start:start + len(encoded)]
            yield x, piece
            x += sum(self._advance(line, index, char) + spacing for char in piece)
            start += len(encoded)

    def _advance(self, line: TextLine, index: int, string: str) -> float:
        style = line.styles[index]
        widths = self._advances.setdefault((style.face, style.size), {})
        width = widths.get(string)
        if width is None:
            width = widths[string] = stringWidth(string, self.font_names[style.face], style.size)
        return width

    def _color(self, value: str) -> HexColor:
        color = self._colors.get(value)
        if color is None:
            color = self._colors[value] = HexColor(value)
        return color
