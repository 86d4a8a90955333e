"""The setter: runs of text in their roles' faces, broken into lines on the grid, every glyph checked."""

from __future__ import annotations

import re
from typing import Mapping, Protocol, Sequence

from ..cjk.linebreak import Advances, Line, StyledRun, break_lines
from ..cjk.scripts import is_cjk
from ..errors import UNKNOWN, Diagnostic, FontError, Location, error
from ..pages import TextStyle, TurnedTable
from ..resolved import Run, SectionInfo, Table
from ..styles import StyleSheet, TextRole

COVERAGE_CODE = "F020"
_SCRIPT_PIECES = re.compile("c+|l+")


Broken = tuple[list[Line], tuple[TextStyle, ...], list[str | None]]  # lines, their styles, each run's figure


class _Unprintable(Exception):
    """A trial met a character no face prints: the paragraph is left to the walk, which reports it."""


class FontMetricsLike(Protocol):
    """What layout needs of a face: advances and coverage per character, vertical extent in em."""

    ascent: float
    descent: float

    def advance(self, ch: str) -> float: ...

    def covers(self, ch: str) -> bool: ...

    def ink(self, ch: str) -> tuple[float, float]: ...  # bottom and top of the glyph's outline above the baseline, in em


class Setter:
    """Sets runs of text in their roles' faces on the page's measure, checking every glyph."""

    def __init__(self, style: StyleSheet, metrics: Mapping[str, FontMetricsLike], fallbacks: Sequence[str],
                 sections: Sequence[SectionInfo]) -> None:
        self.style = style
        self.metrics = metrics
        self.fallbacks = tuple(fallbacks)
        self.problems: list[Diagnostic] = []
        self.content_problems: list[Diagnostic] = []  # what the source asks that cannot be set (a row taller than a page)
        self._reported: set[tuple[str, str]] = set()
        page = style.page
        self.left = page.margin_left.pt
        self.width = page.text_width.pt
        self.right = self.left + self.width
        self.top = page.height.pt - page.margin_top.pt
        self.bottom = self.top - page.text_height.pt
        self.pitch = style.grid.line_pitch.pt
        # Latin face → the characters met, and each one's code point → "c" (the role's face) or "l"
        self._scripts: dict[str, tuple[set[str], dict[int, str]]] = {}
        self.table_rows: dict[Table, tuple[int, ...]] = {}  # grid lines each row of each table takes
        self.cell_offsets: dict[Table, dict[tuple[int, int], int]] = {}  # (row, column) → grid lines above its text
        self.landscape_tables: dict[Table, TurnedTable] = {}  # how each landscape table was set
        self._styles: dict[tuple[str, str], TextStyle] = {}
        self._advances: dict[str, dict[str, float]] = {face: {} for face in metrics}
        self._sized_advances: Advances = {}  # what the line breaker asked, kept from paragraph to paragraph
        self._covered: dict[str, set[str]] = {face: set() for face in metrics}  # characters known to have a glyph
        self._trial = False  # breaking ahead (prebreak): a character no face prints is not reported yet
        self.prebroken: dict[int, Broken] = {}  # a paragraph's lines broken ahead, by id of its runs
        # Section id → how messages name it; the first section with an id names it.
        self._places = {info.id: f"“{info.path_label}”部分" for info in reversed(sections)}

    def advance(self, face: str, ch: str) -> float:
        known = self._advances[face]
        width = known.get(ch)
        if width is None:
            width = known[ch] = self.metrics[face].advance(ch)
        return width

    def face_of(self, role: TextRole, latin: bool = False) -> str:
        """The face of a role's Chinese text, or with `latin` of its digits and Latin letters (as in Word)."""
        key = role.latin_font if latin else role.font
        face = self.style.fonts[key].face
        if face not in self.metrics:
            word = self.style.fonts[key].word
            raise FontError(error("F021", f"没有“{word}”字体（字体 {face}）的字宽数据，无法排版", UNKNOWN))
        return face

    def text_style(self, role: TextRole, face: str | None = None) -> TextStyle:
        key = (role.name, face or "")
        found = self._styles.get(key)
        if found is None:
            found = self._styles[key] = TextStyle(face or self.face_of(role), role.size.pt, role.color)
        return found

    def drop(self, role: TextRole) -> float:
        """Baseline below the em box top: the face's ascent share of its ascent + descent box."""
        m = self.metrics[self.face_of(role)]
        return role.size.pt * m.ascent / (m.ascent + m.descent)

    def styled(self, runs: Sequence[Run], where: str, location: Location) -> tuple[list[StyledRun], list[TextStyle], list[str | None]]:
        """Runs in their faces; a character the face lacks goes to a fallback face or is reported."""
        styled: list[StyledRun] = []
        styles: list[TextStyle] = []
        indicators: list[str | None] = []
        for run in runs:
            role = self.style.role(run.role)
            size, tracking = role.size.pt, self.style.tracking(role.name)
            for text, face in self._script_pieces(run.text, role):
                missing = self._missing(face, text)
                pieces = self._split(text, face, missing, role, where, location) if missing else [(text, face)]
                for piece, piece_face in pieces:
                    styled.append(StyledRun(piece, piece_face, size, tracking))
                    styles.append(self.text_style(role, piece_face))
                    indicators.append(run.indicator)
        return styled, styles, indicators

    def _script_pieces(self, text: str, role: TextRole) -> list[tuple[str, str]]:
        """The run cut where it changes between Chinese text (the role's face) and digits or Latin letters (the
        role's Latin face), as Word picks w:eastAsia or w:ascii for each character. A character the Latin face
        lacks (★) stays in the role's face."""
        face, latin = self.face_of(role), self.face_of(role, latin=True)
        if face == latin:
            return [(text, face)]
        # Each character as "c" (the role's face) or "l" (the Latin face), so the pieces are one translate
        # and one regex scan rather than a Python call per character.
        known = self._scripts.get(latin)
        if known is None:
            known = self._scripts[latin] = (set(), {})
        seen, table = known
        unknown = set(text).difference(seen)
        if unknown:
            covers = self.metrics[latin].covers
            for char in unknown:
                table[ord(char)] = "c" if is_cjk(char) or not covers(char) else "l"
            seen.update(unknown)
        letters = text.translate(table)
        return [(text[piece.start():piece.end()], face if letters[piece.start()] == "c" else latin)
                for piece in _SCRIPT_PIECES.finditer(letters)]

    def _missing(self, face: str, text: str) -> set[str]:
        """The characters of `text` the face has no glyph for."""
        covered = self._covered[face]
        unknown = set(text).difference(covered)
        if not unknown:
            return unknown
        covers = self.metrics[face].covers
        covered.update(ch for ch in unknown if covers(ch))
        return unknown.difference(covered)

    def _split(self, text: str, face: str, missing: set[str], role: TextRole, where: str,
               location: Location) -> list[tuple[str, str]]:
        faces = {ch: self._fallback_for(ch, face, role, where, location) for ch in missing}
        pieces: list[tuple[str, str]] = []
        for ch in text:
            ch_face = faces.get(ch, face)
            if pieces and pieces[-1][1] == ch_face:
                pieces[-1] = (pieces[-1][0] + ch, ch_face)
            else:
                pieces.append((ch, ch_face))
        return pieces

    def _fallback_for(self, ch: str, face: str, role: TextRole, where: str, location: Location) -> str:
        for fallback in self.fallbacks:
            if fallback in self.metrics and self.metrics[fallback].covers(ch):
                return fallback
        if self._trial:
            raise _Unprintable(ch)
        if (ch, where) not in self._reported:
            self._reported.add((ch, where))
            font = self.style.fonts[role.font]
            self.problems.append(error(
                COVERAGE_CODE,
                f"{where}中的字符“{ch}”（U+{ord(ch):04X}）在“{font.word}”字体（字体 {face}）中没有字形，"
                "PDF 无法印出这个字",
                location,
                "换用含有这个字的正式字体（放到 fonts/local/ 文件夹），或在样式表中声明含有这个字的备用字体。",
            ))
        return face

    def set(self, runs: Sequence[Run], role: TextRole, where: str, location: Location = UNKNOWN, *,
            left: float | None = None, width: float | None = None, first_indent: float | None = None,
            rest_indent: float | None = None, align: str | None = None, hang: bool = True) -> Broken:
        """Break runs into lines on the measure of `role` (or the one given); `hang`: marks may hang past it."""
        styled, styles, indicators = self.styled(runs, where, location)
        origin = self.left if left is None else left
        measure = (self.right - origin if width is None else width) - role.right_indent.pt
        first = role.left_indent.pt + (role.first_indent.pt if first_indent is None else first_indent)
        rest = role.left_indent.pt if rest_indent is None else rest_indent
        lines = break_lines(styled, self.advance, measure, left=origin,
                            first_indent=first, rest_indent=rest, align=align or role.align,
                            advances=self._sized_advances, hang=hang)
        return lines, tuple(styles), indicators

    def trial_set(self, runs: Sequence[Run], role: TextRole) -> Broken | None:
        """`set` at the role's own measure, or None for runs with a character no face prints."""
        self._trial = True
        try:
            return self.set(runs, role, "")
        except _Unprintable:
            return None
        finally:
            self._trial = False

    def width_of(self, text: str, role: TextRole, where: str) -> float:
        """The natural width of a one-line text."""
        lines, _, _ = self.set([Run(text, role.name)], role, where, width=10 * self.width, first_indent=0.0, align="left")
        return sum(line.natural for line in lines)

    def where(self, section: str) -> str:
        return self._places.get(section, "正文开头部分") if section else "正文开头部分"

    def grid_top(self, index: int) -> float:
        return self.top - index * self.pitch
