"""Line breaking on the character grid: CJK cells, whole Latin words, 避头尾, punctuation compression, justification."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import accumulate, compress
from operator import add
from typing import Callable, NamedTuple, Sequence

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
Advances = dict[tuple[str, float], dict[str, float]]  # (face key, size) → character → advance in points


@dataclass(frozen=True, slots=True)
class StyledRun:
    """A stretch of text in one face and size; the breaker reports clusters by run index."""

    text: str
    face: str
    size: float


class Cluster(NamedTuple):
    """A positioned glyph cluster, all x in points: a CJK character, or a Latin word or number drawn as one string."""

    x: float  # the cell's left edge
    width: float  # the cell's width (a compressed mark's is narrower than its glyph)
    glyph_x: float  # the first glyph's origin
    text: str
    run: int  # index of the styled run it belongs to
    advances: tuple[float, ...]  # each glyph's advance in points, in order: the pen steps by these


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
        return "".join(c.text for c in self.clusters)

    @property
    def right(self) -> float:
        """The right edge of the last cell."""
        last = self.clusters[-1] if self.clusters else None
        return last.x + last.width if last else self.left


@dataclass(slots=True)
class _Atoms:
    """The paragraph cut into unbreakable atoms, as parallel lists (no object per character)."""

    text: list[str] = field(default_factory=list)
    run: list[int] = field(default_factory=list)
    kind: list[int] = field(default_factory=list)
    full: list[float] = field(default_factory=list)  # width in points, uncompressed
    glyph: list[float] = field(default_factory=list)  # the glyph's own advance in points (to place it in its cell)
    advances: dict[int, tuple[float, ...]] = field(default_factory=dict)  # per-glyph advances of Latin atoms
    shift: list[float] = field(default_factory=list)  # glyph origin from the cell's left edge (0 for hung marks)
    hung_right: list[int] = field(default_factory=list)  # atoms whose glyph hangs at its cell's right: opening marks
    special: list[int] = field(default_factory=list)  # atoms other than a plain grid cell: Latin, spaces, marks
    end_saving: list[float] = field(default_factory=list)  # saved when this atom ends a line compressed (closing marks)
    pair_saving: list[float] = field(default_factory=list)  # saved when atom j-1 and j share a line (adjacent marks)
    pair_target: list[int] = field(default_factory=list)  # which atom the pair saving compresses
    breakable: list[bool] = field(default_factory=list)  # a line may break before atom j


_char_class: dict[str, tuple[bool, bool]] = {}  # character → (takes a grid cell, is an ideograph-like letter)


def _classify(char: str) -> tuple[bool, bool]:
    found = _char_class.get(char)
    if found is None:
        grid = is_cjk(char)
        letter = grid and char not in NO_LINE_START and char not in NO_LINE_END and not (0x3000 <= ord(char) <= 0x303F)
        found = _char_class[char] = (grid, letter)
    return found


# Every character a breaking or compression rule names. Between two grid cells holding none of them a
# line may always break and nothing is compressed, so only atoms next to these need a closer look.
_MARKS = (NO_LINE_START | NO_LINE_END | COMPRESSIBLE_CLOSING | COMPRESSIBLE_OPENING
          | frozenset("".join(INSEPARABLE)))

# Each character's class as one letter, so a run's classes are one str.translate and its atoms one regex
# scan: "g" a grid cell, "m" a grid cell holding a mark of _MARKS, "s" the breakable space, "l" Latin.
_class_letter: dict[str, str] = {}
_class_table: dict[int, str] = {}  # the same, keyed for str.translate
_STRETCHES = re.compile(r"[gm]+|s|l+")


def _class_letters(text: str, chars: set[str]) -> str:
    """The class letter of each character of `text` (whose characters are `chars`)."""
    for char in chars.difference(_class_letter):
        grid, _ = _classify(char)
        letter = ("m" if char in _MARKS else "g") if grid else "s" if char == " " else "l"
        _class_letter[char] = _class_table[ord(char)] = letter
    return text.translate(_class_table)


def _atoms(runs: Sequence[StyledRun], advance: Advance, cell_scale: float, advances: Advances) -> _Atoms:
    atoms = _Atoms()
    for index, run in enumerate(runs):
        chars = set(run.text)
        widths = advances.get((run.face, run.size))
        if widths is None:
            widths = advances[(run.face, run.size)] = {}
        for char in chars.difference(widths):
            widths[char] = advance(run.face, char) * run.size
        _add_run(atoms, run.text, _class_letters(run.text, chars), index, widths, run.size * cell_scale)
    _judge_neighbours(atoms)
    return atoms


def _add_run(atoms: _Atoms, text: str, classes: str, index: int, widths: dict[str, float], cell: float) -> None:
    """Append the atoms of one run: whole stretches of grid cells at once, a Latin word as one atom."""
    for stretch in _STRETCHES.finditer(classes):
        begin, end = stretch.span()
        first = len(atoms.text)
        if classes[begin] == "g" or classes[begin] == "m":  # grid cells, one atom each, the glyph centred
            chars = text[begin:end]
            count = end - begin
            advances = list(map(widths.__getitem__, chars))
            atoms.text.extend(chars)
            atoms.run.extend([index] * count)
            atoms.kind.extend([GRID] * count)
            atoms.full.extend([cell] * count)
            atoms.glyph.extend(advances)
            atoms.shift.extend([(cell - width) / 2 for width in advances])
            mark = classes.find("m", begin, end)
            while mark >= 0:
                _place_mark(atoms, first + mark - begin)
                mark = classes.find("m", mark + 1, end)
            continue
        if classes[begin] == "l":  # a Latin word or number: one atom, never split
            atom = text[begin:end]
            glyphs = tuple(map(widths.__getitem__, atom))
            width = 0.0
            for advance in glyphs:  # summed in order, as the characters are set
                width += advance
            atoms.advances[first] = glyphs
            kind = LATIN
        else:
            atom, width, kind = " ", widths[" "], SPACE
        atoms.text.append(atom)
        atoms.run.append(index)
        atoms.kind.append(kind)
        atoms.full.append(width)
        atoms.glyph.append(width)
        atoms.shift.append(0.0)
        atoms.special.append(first)


def _place_mark(atoms: _Atoms, atom: int) -> None:
    atoms.special.append(atom)
    char = atoms.text[atom]
    if char in COMPRESSIBLE_OPENING or char in NO_LINE_END:
        atoms.shift[atom] = 0.0  # opening marks hug what follows: placed from the cell's right edge
        atoms.hung_right.append(atom)
    elif char in COMPRESSIBLE_CLOSING:
        atoms.shift[atom] = 0.0  # closing marks hug what precedes


def _judge_neighbours(atoms: _Atoms) -> None:
    """Where a line may break and what compression saves; only pairs next to a special atom can differ."""
    text, kind, full = atoms.text, atoms.kind, atoms.full
    count = len(text)
    atoms.end_saving = end_saving = [0.0] * count
    atoms.pair_saving = pair_saving = [0.0] * count
    atoms.pair_target = pair_target = [0] * count
    atoms.breakable = breakable = [True] * count
    if count:
        breakable[0] = False
    judged = 0  # the pairs (j - 1, j) for j up to here are decided
    for j in atoms.special:
        if kind[j] == GRID and text[j] in COMPRESSIBLE_CLOSING:
            end_saving[j] = full[j] / 2
        for after in (j, j + 1):
            if after <= judged or after >= count:
                continue
            judged = after
            before = after - 1
            if kind[after] == GRID and kind[before] == GRID:
                which = compressible_pair(text[before], text[after])
                if which:
                    target = before if which == 1 else after
                    pair_target[after] = target
                    pair_saving[after] = full[target] / 2
            breakable[after] = _may_break(text[before], kind[before], text[after], kind[after])


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
                align: str = "justify", advances: Advances | None = None) -> list[Line]:
    """Break styled runs into lines of positioned clusters.

    `width` is the full measure in points; `cell_scale` the grid cell per point of type size (15.79 pt
    cells at 16 pt give 0.987); indents are in points from `left`. With `justify` every line but the
    last fills the measure exactly; `left`, `right` and `center` place lines at their natural width.
    `advances` may carry the advances already asked of `advance` from one paragraph to the next.
    """
    if align not in ALIGNMENTS:
        raise ValueError(f"unknown alignment {align!r}")
    atoms = _atoms(runs, advance, cell_scale, {} if advances is None else advances)
    count = len(atoms.text)
    if not count:
        return []
    prefix = list(accumulate(atoms.full, initial=0.0))
    pair_prefix = list(accumulate(atoms.pair_saving, initial=0.0))
    # Segments run between break opportunities; `start` is where the segment being placed begins.
    segment_ends = [*compress(range(1, count), atoms.breakable[1:]), count]
    trimmed_ends = _trimmed_ends(atoms, segment_ends)

    lines: list[Line] = []
    line_start = start = 0
    measure = width - first_indent
    indent = first_indent
    index = 0
    while index < len(segment_ends):
        end = segment_ends[index]
        trimmed = max(start, trimmed_ends[index])  # a cut may have left `start` inside the segment
        natural = prefix[trimmed] - prefix[line_start]
        if natural <= measure + EPSILON:
            index = _segments_fitting(prefix, trimmed_ends, index + 1, prefix[line_start], measure + EPSILON)
            start = segment_ends[index - 1]
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


def _trimmed_ends(atoms: _Atoms, segment_ends: list[int]) -> list[int]:
    """Where each segment's text ends once the spaces a line end drops are dropped."""
    trimmed = segment_ends.copy()
    count = len(atoms.kind)
    for j in atoms.special:
        if atoms.kind[j] == SPACE and (j + 1 == count or atoms.breakable[j + 1]):  # a space ends this segment
            segment = bisect_left(segment_ends, j + 1)
            trimmed[segment] = _trim_spaces(atoms, segment_ends[segment - 1] if segment else 0, j + 1)
    return trimmed


def _segments_fitting(prefix: list[float], trimmed_ends: list[int], index: int, base: float, limit: float) -> int:
    """The first segment from `index` on that no longer fits: its natural end lies beyond `limit` from `base`."""
    high = len(trimmed_ends)
    while index < high:  # natural widths only grow from segment to segment
        middle = (index + high) // 2
        if prefix[trimmed_ends[middle]] - base <= limit:
            index = middle + 1
        else:
            high = middle
    return index


def _trim_spaces(atoms: _Atoms, start: int, end: int) -> int:
    while end > start and atoms.kind[end - 1] == SPACE:
        end -= 1
    return end


def _line(atoms: _Atoms, start: int, end: int, left: float, measure: float, last: bool, align: str) -> Line:
    """Place atoms [start, end) on one line: compress marks as far as needed, then justify or align."""
    end = _trim_spaces(atoms, start, end)
    widths, used = _compressed(atoms, start, end, measure)
    lefts = _cell_lefts(atoms.breakable[start + 1:end], widths, left, measure - used, last, align)
    origins = list(map(add, lefts, atoms.shift[start:end]))
    hung = atoms.hung_right
    for j in hung[bisect_left(hung, start):bisect_left(hung, end)]:
        k = j - start
        origins[k] = lefts[k] + widths[k] - atoms.glyph[j]  # opening marks hug what follows
    glyphs = atoms.glyph
    latin = atoms.advances
    clusters = tuple(map(Cluster, lefts, widths, origins, atoms.text[start:end], atoms.run[start:end],
                         [latin.get(j) or (glyphs[j],) for j in range(start, end)]))
    return Line(clusters, left, measure, used, last)


def _compressed(atoms: _Atoms, start: int, end: int, measure: float) -> tuple[list[float], float]:
    """The cell widths of atoms [start, end) with marks compressed from the line end until they fit, and their sum."""
    widths = atoms.full[start:end]
    natural = sum(widths)
    excess = natural - measure
    if excess <= EPSILON:
        return widths, natural
    compressed = [False] * len(widths)
    if atoms.end_saving[end - 1]:
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
    return widths, sum(widths)


def _cell_lefts(open_gaps: list[bool], widths: list[float], left: float, free: float, last: bool,
                align: str) -> list[float]:
    """Each cell's left edge; `open_gaps` says where a line may break between the cells."""
    count = len(widths)
    if align == "justify" and not last and free > EPSILON and count > 1:
        # The free space goes into the gaps where a line may break, or into every gap when there are none.
        chosen = sum(open_gaps) or count - 1
        gap = free / chosen
        steps = [gap] * (2 * count - 1)  # cell, gap, cell, gap, …, cell: the running sum steps as the pen does
        steps[0::2] = widths
        if chosen < count - 1:
            steps[1::2] = [gap if here else 0.0 for here in open_gaps]
        return list(accumulate(steps, initial=left))[0::2]
    if align == "right" or (align == "center" and free > 0):
        left += free if align == "right" else free / 2
    lefts = list(accumulate(widths, initial=left))
    lefts.pop()
    return lefts
