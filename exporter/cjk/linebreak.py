"""Line breaking on the character grid: CJK cells, whole Latin words, 避头尾, punctuation compression, justification."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from .punctuation import (
    COMPRESSIBLE_CLOSING,
    COMPRESSIBLE_OPENING,
    INSEPARABLE,
    NO_LINE_END,
    NO_LINE_START,
    compressible_pair,
)
from .scripts import is_cjk

EPSILON = 1e-6  # points; widths are sums of floats
ALIGNMENTS = ("justify", "left", "right", "center")

# Atom kinds: one grid cell, a Latin word or number (never split), a breakable space.
GRID, LATIN, SPACE = 0, 1, 2

Advance = Callable[[str, str], float]  # (face key, character) → advance in em


@dataclass(frozen=True, slots=True)
class StyledRun:
    """A stretch of text in one face and size; the breaker reports clusters by run index."""

    text: str
    face: str
    size: float


# A positioned glyph cluster: (cell left, cell width, glyph origin x, text, run index), all x in points.
# A CJK character is one cluster; a Latin word or number is one cluster drawn as one string.
Cluster = tuple[float, float, float, str, int]


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a paragraph."""

    clusters: tuple[Cluster, ...]
    left: float  # where the line's measure starts (after the indent)
    measure: float  # the width available to the line
    natural: float  # the width of its cells before justification
    last: bool  # the paragraph's last line (not justified)

    @property
    def text(self) -> str:
        return "".join(c[3] for c in self.clusters)

    @property
    def right(self) -> float:
        """The right edge of the last cell."""
        last = self.clusters[-1] if self.clusters else None
        return last[0] + last[1] if last else self.left


@dataclass(slots=True)
class _Atoms:
    """The paragraph cut into unbreakable atoms, as parallel lists (no object per character)."""

    text: list[str]
    run: list[int]
    kind: list[int]
    full: list[float]  # width in points, uncompressed
    glyph: list[float]  # the glyph's own advance in points (to place it in its cell)
    end_saving: list[float]  # saved when this atom ends a line compressed (closing marks)
    pair_saving: list[float]  # saved when atom j-1 and j share a line (adjacent marks)
    pair_target: list[int]  # which atom the pair saving compresses
    breakable: list[bool]  # a line may break before atom j


_char_class: dict[str, tuple[bool, bool]] = {}  # character → (takes a grid cell, is an ideograph-like letter)


def _classify(char: str) -> tuple[bool, bool]:
    found = _char_class.get(char)
    if found is None:
        grid = is_cjk(char)
        letter = grid and char not in NO_LINE_START and char not in NO_LINE_END and not (0x3000 <= ord(char) <= 0x303F)
        found = _char_class[char] = (grid, letter)
    return found


def _atoms(runs: Sequence[StyledRun], advance: Advance, cell_scale: float) -> _Atoms:
    text: list[str] = []
    run_of: list[int] = []
    kind: list[int] = []
    full: list[float] = []
    glyph: list[float] = []
    latin = ""  # the Latin word being collected
    latin_width = 0.0
    latin_run = -1

    def flush_latin() -> None:
        nonlocal latin, latin_width
        if latin:
            text.append(latin)
            run_of.append(latin_run)
            kind.append(LATIN)
            full.append(latin_width)
            glyph.append(latin_width)
            latin, latin_width = "", 0.0

    for index, run in enumerate(runs):
        size = run.size
        cell = size * cell_scale
        advances: dict[str, float] = {}
        for char in run.text:
            width = advances.get(char)
            if width is None:
                width = advances[char] = advance(run.face, char) * size
            grid, _ = _classify(char)
            if grid:
                flush_latin()
                text.append(char)
                run_of.append(index)
                kind.append(GRID)
                full.append(cell)
                glyph.append(width)
            elif char == " ":
                flush_latin()
                text.append(char)
                run_of.append(index)
                kind.append(SPACE)
                full.append(width)
                glyph.append(width)
            else:
                if latin and latin_run != index:
                    flush_latin()
                latin_run = index
                latin += char
                latin_width += width
        flush_latin()

    count = len(text)
    end_saving = [0.0] * count
    pair_saving = [0.0] * count
    pair_target = [0] * count
    breakable = [True] * count
    if count:
        breakable[0] = False
    for j in range(count):
        current = text[j]
        if kind[j] == GRID and current in COMPRESSIBLE_CLOSING:
            end_saving[j] = full[j] / 2
        if j == 0:
            continue
        before = text[j - 1]
        if kind[j] == GRID and kind[j - 1] == GRID:
            which = compressible_pair(before, current)
            if which:
                target = j - 1 if which == 1 else j
                pair_target[j] = target
                pair_saving[j] = full[target] / 2
        breakable[j] = _may_break(before, kind[j - 1], current, kind[j])
    return _Atoms(text, run_of, kind, full, glyph, end_saving, pair_saving, pair_target, breakable)


def _may_break(before: str, before_kind: int, after: str, after_kind: int) -> bool:
    """Whether a line may end between two atoms."""
    if after[0] in NO_LINE_START or before[-1] in NO_LINE_END:
        return False  # 避头尾
    if before[-1] + after[0] in INSEPARABLE:
        return False
    if after_kind == SPACE:
        return False  # a space stays at the end of its line, where it is dropped
    if before_kind == LATIN and after_kind == LATIN:
        return False  # one word split over two runs
    if before_kind == LATIN and after_kind == GRID and before[-1].isdigit() and _classify(after)[1]:
        return False  # a number keeps its unit or counter: 2022年, 66项
    return True


def break_lines(runs: Sequence[StyledRun], advance: Advance, width: float, *, cell_scale: float,
                left: float = 0.0, first_indent: float = 0.0, rest_indent: float = 0.0,
                align: str = "justify") -> list[Line]:
    """Break styled runs into lines of positioned clusters.

    `width` is the full measure in points; `cell_scale` the grid cell per point of type size (15.79 pt
    cells at 16 pt give 0.987); indents are in points from `left`. With `justify` every line but the
    last fills the measure exactly; `left`, `right` and `center` place lines at their natural width.
    """
    if align not in ALIGNMENTS:
        raise ValueError(f"unknown alignment {align!r}")
    atoms = _atoms(runs, advance, cell_scale)
    count = len(atoms.text)
    if not count:
        return []
    prefix = [0.0] * (count + 1)
    pair_prefix = [0.0] * (count + 1)
    for j in range(count):
        prefix[j + 1] = prefix[j] + atoms.full[j]
        pair_prefix[j + 1] = pair_prefix[j] + atoms.pair_saving[j]
    # Segments run between break opportunities; `start` is where the segment being placed begins.
    segment_ends = [j for j in range(1, count) if atoms.breakable[j]] + [count]

    lines: list[Line] = []
    line_start = start = 0
    measure = width - first_indent
    indent = first_indent
    index = 0
    while index < len(segment_ends):
        end = segment_ends[index]
        trimmed = _trim_spaces(atoms, start, end)
        natural = prefix[trimmed] - prefix[line_start]
        if natural <= measure + EPSILON:
            index += 1
            start = end
            continue
        savings = pair_prefix[trimmed] - pair_prefix[line_start + 1] + (atoms.end_saving[trimmed - 1] if trimmed else 0.0)
        if natural - savings <= measure + EPSILON:
            lines.append(_line(atoms, line_start, end, left + indent, measure, False, align))
            index += 1
            line_start = start = end
        elif start > line_start:
            lines.append(_line(atoms, line_start, start, left + indent, measure, False, align))
            line_start = start
        else:
            # Nothing breakable fits on an empty line: cut the segment where the measure ends.
            cut = line_start + 1
            while cut < end and prefix[cut + 1] - prefix[line_start] <= measure + EPSILON:
                cut += 1
            lines.append(_line(atoms, line_start, cut, left + indent, measure, False, align))
            line_start = start = cut
        indent = rest_indent
        measure = width - rest_indent
    if line_start < count:
        lines.append(_line(atoms, line_start, count, left + indent, measure, True, align))
    elif lines:  # the last line came out full: it is still the paragraph's last
        done = lines[-1]
        lines[-1] = Line(done.clusters, done.left, done.measure, done.natural, True)
    return lines


def _trim_spaces(atoms: _Atoms, start: int, end: int) -> int:
    while end > start and atoms.kind[end - 1] == SPACE:
        end -= 1
    return end


def _line(atoms: _Atoms, start: int, end: int, left: float, measure: float, last: bool, align: str) -> Line:
    """Place atoms [start, end) on one line: compress marks as far as needed, then justify or align."""
    end = _trim_spaces(atoms, start, end)
    widths = atoms.full[start:end]
    natural = sum(widths)
    excess = natural - measure
    compressed = [False] * len(widths)
    if excess > EPSILON and atoms.end_saving[end - 1]:
        widths[-1] -= atoms.end_saving[end - 1]
        compressed[-1] = True
        excess -= atoms.end_saving[end - 1]
    j = end - 1
    while excess > EPSILON and j > start:
        saving = atoms.pair_saving[j]
        target = atoms.pair_target[j] - start
        if saving and not compressed[target]:
            widths[target] -= saving
            compressed[target] = True
            excess -= saving
        j -= 1
    used = sum(widths)
    free = measure - used
    gap = 0.0
    x = left
    breakable = atoms.breakable
    gaps: set[int] | None = None
    if align == "justify" and not last and free > EPSILON and end - start > 1:
        chosen = [j for j in range(start + 1, end) if breakable[j]] or list(range(start + 1, end))
        gap = free / len(chosen)
        if len(chosen) < end - start - 1:
            gaps = set(chosen)
    elif align == "right" or (align == "center" and free > 0):
        x += free if align == "right" else free / 2

    texts, runs, kinds, glyphs = atoms.text, atoms.run, atoms.kind, atoms.glyph
    clusters: list[Cluster] = []
    append = clusters.append
    for offset, j in enumerate(range(start, end)):
        if offset and gap and (gaps is None or j in gaps):
            x += gap
        cell = widths[offset]
        char = texts[j]
        if kinds[j] != GRID:
            origin = x
        elif char in COMPRESSIBLE_OPENING or char in NO_LINE_END:
            origin = x + cell - glyphs[j]  # opening marks hug what follows
        elif char in COMPRESSIBLE_CLOSING:
            origin = x  # closing marks hug what precedes
        else:
            origin = x + (cell - glyphs[j]) / 2
        append((x, cell, origin, char, runs[j]))
        x += cell
    return Line(tuple(clusters), left, measure, used, last)
