"""Line breaking on the character grid: CJK cells, whole Latin words, 避头尾, hanging punctuation, justification.

Lines break where Word and LibreOffice break them: every character advances by its width plus the run's
tracking (Word's character spacing), a line takes what fits its measure, a sentence or pause mark that
would start the next line hangs past the line's end instead (标点悬挂), and any other mark that may not
start a line takes the character before it down with it. Nothing is compressed.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from array import array
from itertools import accumulate, chain, compress
from operator import add
from typing import Callable, Iterable, NamedTuple, Sequence

from .punctuation import (
    COMPRESSIBLE_CLOSING,
    COMPRESSIBLE_OPENING,
    HANGING,
    INSEPARABLE,
    NO_LINE_END,
    NO_LINE_START,
)
from .scripts import FULL_WIDTH_QUOTES, SHARED_WITH_LATIN, is_cjk

EPSILON = 1e-6  # points; widths are sums of floats
ALIGNMENTS = ("justify", "left", "right", "center")

# Atom kinds: one grid cell, a Latin word or number (never split), a breakable space.
GRID, LATIN, SPACE = 0, 1, 2
# Scripts of the text on either side of an atom, as the DOCX's renderers see them.
_WEAK, _HAN, _WESTERN = 0, 1, 2
# Where Chinese text meets a Latin word or number, both set a gap of this share of the type size between
# a letter or digit and an ideograph (LibreOffice's Asian/non-Asian spacing is 1/5 of the font height).
SCRIPT_GAP = 0.2

Advance = Callable[[str, str], float]  # (face key, character) → advance in em
Advances = dict[tuple[str, float], dict[str, float]]  # (face key, size) → character → advance in points


@dataclass(frozen=True, slots=True)
class StyledRun:
    """A stretch of text in one face and size; the breaker reports clusters by run index.

    `tracking` is added to every character's advance, in points (negative condenses): Word's w:spacing.
    """

    text: str
    face: str
    size: float
    tracking: float = 0.0


class Cluster(NamedTuple):
    """A positioned glyph cluster, all x in points: a CJK character, or a Latin word or number drawn as one string."""

    x: float  # the cell's left edge
    width: float  # the cell's width
    glyph_x: float  # the first glyph's origin
    text: str
    run: int  # index of the styled run it belongs to
    advances: tuple[float, ...]  # each glyph's advance in points, tracking included: the pen steps by these


@dataclass(frozen=True, slots=True)
class Cells:
    """A line's positioned cells as parallel arrays, all x in points: no object per glyph, so a yearbook's
    half a million cells cost tens of megabytes, not hundreds. `clusters` gives them one by one."""

    text: str  # every glyph's character, in order
    starts: array[int]  # each cell's first glyph in `text`, then len(text)
    x: array[float]  # each cell's left edge
    width: array[float]
    glyph_x: array[float]  # each cell's first glyph's origin
    run: array[int]  # each cell's styled run
    advances: array[float]  # each glyph's advance, tracking included: the pen steps by these

    def __len__(self) -> int:
        return len(self.x)

    def cluster(self, index: int) -> Cluster:
        first, end = self.starts[index], self.starts[index + 1]
        return Cluster(self.x[index], self.width[index], self.glyph_x[index], self.text[first:end], self.run[index],
                       tuple(self.advances[first:end]))

    @property
    def clusters(self) -> tuple[Cluster, ...]:
        return tuple(map(self.cluster, range(len(self.x))))

    def glyph_lefts(self) -> list[float]:
        """Each glyph's origin: a Latin word's glyphs follow each other as layout stepped them."""
        if len(self.text) == len(self.x):
            return self.glyph_x.tolist()
        lefts: list[float] = []
        starts, advances = self.starts, self.advances
        for index, origin in enumerate(self.glyph_x):
            lefts.append(origin)
            for glyph in range(starts[index], starts[index + 1] - 1):
                origin += advances[glyph]
                lefts.append(origin)
        return lefts

    def glyph_runs(self) -> array[int]:
        """Each glyph's styled run."""
        if len(self.text) == len(self.x):
            return self.run
        starts = self.starts
        return array("I", (run for index, run in enumerate(self.run) for _ in range(starts[index + 1] - starts[index])))


def _cells(text: str, starts: Iterable[int], x: Iterable[float], width: Iterable[float], glyph_x: Iterable[float],
           run: Iterable[int], advances: Iterable[float]) -> Cells:
    return Cells(text, array("I", starts), array("d", x), array("d", width), array("d", glyph_x), array("I", run),
                 array("d", advances))


NO_CELLS = _cells("", (0,), (), (), (), (), ())


def joined_cells(parts: Sequence[tuple[Cells, int]]) -> Cells:
    """Cells of several lines side by side as one line, each part's runs moved up by its offset."""
    if len(parts) == 1 and not parts[0][1]:
        return parts[0][0]
    starts: list[int] = [0]
    runs: list[int] = []
    for cells, offset in parts:
        base = starts.pop()
        starts += (start + base for start in cells.starts)
        runs += (run + offset for run in cells.run)
    return _cells("".join(cells.text for cells, _ in parts), starts, chain.from_iterable(c.x for c, _ in parts),
                  chain.from_iterable(c.width for c, _ in parts), chain.from_iterable(c.glyph_x for c, _ in parts),
                  runs, chain.from_iterable(c.advances for c, _ in parts))


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a paragraph."""

    cells: Cells
    left: float  # where the line's measure starts (after the indent)
    measure: float  # the width available to the line
    natural: float  # the width of its cells before justification, a hanging mark not counted
    last: bool  # the paragraph's last line (not justified)
    hanging: bool = False  # its last cluster is a mark hung past the measure

    @property
    def text(self) -> str:
        return self.cells.text

    @property
    def clusters(self) -> tuple[Cluster, ...]:
        return self.cells.clusters

    @property
    def right(self) -> float:
        """The right edge of the last cell."""
        cells = self.cells
        return cells.x[-1] + cells.width[-1] if len(cells) else self.left


@dataclass(slots=True)
class _Atoms:
    """The paragraph cut into unbreakable atoms, as parallel lists (no object per character)."""

    text: list[str] = field(default_factory=list)
    run: list[int] = field(default_factory=list)
    kind: list[int] = field(default_factory=list)
    full: list[float] = field(default_factory=list)  # width in points, tracking included
    glyph: list[float] = field(default_factory=list)  # the glyph's own advance in points (to place it in its cell)
    shift: list[float] = field(default_factory=list)  # glyph origin from the cell's left edge
    advances: dict[int, tuple[float, ...]] = field(default_factory=dict)  # per-glyph advances of Latin atoms
    hung_right: list[int] = field(default_factory=list)  # atoms whose glyph hangs at its cell's right: opening marks
    special: list[int] = field(default_factory=list)  # atoms other than a plain grid cell: Latin, spaces, marks
    breakable: list[bool] = field(default_factory=list)  # a line may break before atom j
    lead: list[float] = field(default_factory=list)  # space before atom j when it does not start a line
    tail: list[float] = field(default_factory=list)  # tracking in atom j's width that it drops when it ends a line


_char_class: dict[str, tuple[bool, bool]] = {}  # character → (takes a grid cell, is an ideograph-like letter)


def _classify(char: str) -> tuple[bool, bool]:
    found = _char_class.get(char)
    if found is None:
        grid = is_cjk(char)
        letter = grid and char not in NO_LINE_START and char not in NO_LINE_END and not (0x3000 <= ord(char) <= 0x303F)
        found = _char_class[char] = (grid, letter)
    return found


# Every character a breaking or placement rule names. Between two grid cells holding none of them a
# line may always break, so only atoms next to these need a closer look.
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


def _atoms(runs: Sequence[StyledRun], advance: Advance, advances: Advances) -> _Atoms:
    atoms = _Atoms()
    for index, run in enumerate(runs):
        chars = set(run.text)
        widths = advances.get((run.face, run.size))
        if widths is None:
            widths = advances[(run.face, run.size)] = {}
        for char in chars.difference(widths):
            widths[char] = advance(run.face, char) * run.size
        _add_run(atoms, run.text, _class_letters(run.text, chars), index, widths, run.tracking)
    _judge_neighbours(atoms)
    _space_scripts(atoms, runs)
    return atoms


def _add_run(atoms: _Atoms, text: str, classes: str, index: int, widths: dict[str, float], tracking: float) -> None:
    """Append the atoms of one run: whole stretches of grid cells at once, a Latin word as one atom.

    A cell is as wide as the face's advance for its character plus the tracking: one em for an ideograph,
    less for the few marks a face sets narrower (an open face's “” or —), as Word and LibreOffice set them.
    """
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
            atoms.full.extend([width + tracking for width in advances])
            atoms.glyph.extend(advances)
            atoms.shift.extend([tracking / 2] * count)
            mark = classes.find("m", begin, end)
            while mark >= 0:
                _place_mark(atoms, first + mark - begin)
                mark = classes.find("m", mark + 1, end)
            continue
        if classes[begin] == "l":  # a Latin word or number: one atom, never split
            atom = text[begin:end]
            glyphs = tuple(widths[char] + tracking for char in atom)
            width = 0.0
            for advance in glyphs:  # summed in order, as the characters are set
                width += advance
            atoms.advances[first] = glyphs
            kind = LATIN
        else:
            atom, width, kind = " ", widths[" "] + tracking, SPACE
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
    """Where a line may break; only pairs next to a special atom can differ from "anywhere"."""
    text, kind = atoms.text, atoms.kind
    count = len(text)
    atoms.breakable = breakable = [True] * count
    if count:
        breakable[0] = False
    judged = 0  # the pairs (j - 1, j) for j up to here are decided
    for j in atoms.special:
        for after in (j, j + 1):
            if after <= judged or after >= count:
                continue
            judged = after
            before = after - 1
            breakable[after] = _may_break(text[before], kind[before], text[after], kind[after])


def _space_scripts(atoms: _Atoms, runs: Sequence[StyledRun]) -> None:
    """Spacing where Chinese text and Latin text meet, as Word and LibreOffice set it.

    The character spacing (tracking) goes between the characters of one script, not after the last
    character before the script changes, nor after the last character of a line; between a letter or digit
    and an ideograph comes a gap of SCRIPT_GAP × the type size. Marks Unicode shares with Latin text (“”—…)
    take the script of what precedes them, so "2022—2025年" changes script only before 年.

    Only the special atoms (Latin, spaces, marks) can be anything but Chinese, so only they and the atom
    after each are looked at.
    """
    count = len(atoms.text)
    atoms.lead = [0.0] * count
    atoms.tail = [runs[index].tracking for index in atoms.run]
    if not atoms.special:
        return  # all ideographs: one script
    text, kind = atoms.text, atoms.kind
    previous = _HAN
    following = 0  # the first atom not yet looked at
    for j in atoms.special:
        if j > following:  # plain ideographs since the last special atom
            if previous != _HAN:
                _change_script(atoms, runs, following)
            previous = _HAN
        script = _script(text[j], kind[j])
        if script == _WEAK:
            script = previous
        elif j and script != previous:
            _change_script(atoms, runs, j)
        previous = script
        following = j + 1
    if following < count and previous != _HAN:
        _change_script(atoms, runs, following)


def _change_script(atoms: _Atoms, runs: Sequence[StyledRun], j: int) -> None:
    """Atom j starts another script than atom j - 1's."""
    before = runs[atoms.run[j - 1]]
    atoms.full[j - 1] -= before.tracking  # the last character before the change keeps its own width
    atoms.tail[j - 1] = 0.0
    if _letter_or_digit(atoms.text[j - 1][-1]) and _letter_or_digit(atoms.text[j][0]):
        atoms.lead[j] = SCRIPT_GAP * before.size


def _script(text: str, kind: int) -> int:
    if kind != GRID:
        return _WESTERN
    return _WEAK if text in SHARED_WITH_LATIN else _HAN


_letters_or_digits: dict[str, bool] = {}


def _letter_or_digit(char: str) -> bool:
    found = _letters_or_digits.get(char)
    if found is None:
        found = _letters_or_digits[char] = _classify(char)[1] if is_cjk(char) else char.isalnum()
    return found


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
    if (before_kind == LATIN and after[0] in FULL_WIDTH_QUOTES) or (after_kind == LATIN and before[-1] in FULL_WIDTH_QUOTES):
        return False  # a quotation mark stays with the Latin word or number beside it (UAX #14 LB19, as Word and LibreOffice)
    # A number may end a line before its unit or counter (51630|人): Word's rules allow the break and
    # LibreOffice 7.4 takes it whatever the DOCX says (joiners and kinsoku lists are ignored there).
    return True


def break_lines(runs: Sequence[StyledRun], advance: Advance, width: float, *,
                left: float = 0.0, first_indent: float = 0.0, rest_indent: float = 0.0,
                align: str = "justify", advances: Advances | None = None, hang: bool = True) -> list[Line]:
    """Break styled runs into lines of positioned clusters.

    `width` is the full measure in points; indents are in points from `left`. With `justify` every line
    but the last fills the measure exactly (a hanging mark stands beyond it); `left`, `right` and
    `center` place lines at their natural width. `advances` may carry the advances already asked of
    `advance` from one paragraph to the next. Without `hang` no mark hangs: the character before a mark
    that may not start a line goes down with it (a table cell's text, which stays inside its borders).
    """
    if align not in ALIGNMENTS:
        raise ValueError(f"unknown alignment {align!r}")
    atoms = _atoms(runs, advance, {} if advances is None else advances)
    count = len(atoms.text)
    if not count:
        return []
    lead, tail = atoms.lead, atoms.tail
    prefix = list(accumulate(map(add, lead, atoms.full), initial=0.0))  # a line's first atom drops its lead
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
        base = prefix[line_start] + lead[line_start]
        natural = prefix[trimmed] - base
        if natural - tail[trimmed - 1] <= measure + EPSILON:
            index = _segments_fitting(prefix, tail, trimmed_ends, index + 1, base, measure + EPSILON)
            start = segment_ends[index - 1]
            continue
        last = trimmed - 1
        if (hang and _hangs(atoms, last) and last > line_start
                and natural - atoms.full[last] - lead[last] - tail[last - 1] <= measure + EPSILON):
            # Only the segment's last mark is left over: it hangs past the measure and the line ends after it.
            lines.append(_line(atoms, line_start, end, left + indent, measure, False, align))
            index += 1
            line_start = start = end
        elif start > line_start:
            lines.append(_line(atoms, line_start, start, left + indent, measure, False, align))
            line_start = start
        else:
            # Nothing breakable fits on an empty line: cut the segment where the measure ends.
            cut = line_start + 1
            while cut < end and prefix[cut + 1] - base - tail[cut] <= measure + EPSILON:
                cut += 1
            lines.append(_line(atoms, line_start, cut, left + indent, measure, False, align))
            line_start = start = cut
        indent = rest_indent
        measure = width - rest_indent
    if line_start < count:
        lines.append(_line(atoms, line_start, count, left + indent, measure, True, align))
    elif lines:  # the last line came out full: it is still the paragraph's last
        done = lines[-1]
        lines[-1] = Line(done.cells, done.left, done.measure, done.natural, True, done.hanging)
    return lines


def _hangs(atoms: _Atoms, atom: int) -> bool:
    """Whether the atom is a mark that may hang past the line's end (a sentence or pause mark, clreq 标点悬挂)."""
    return atom >= 0 and atoms.kind[atom] == GRID and atoms.text[atom] in HANGING


def _trimmed_ends(atoms: _Atoms, segment_ends: list[int]) -> list[int]:
    """Where each segment's text ends once the spaces a line end drops are dropped."""
    trimmed = segment_ends.copy()
    count = len(atoms.kind)
    for j in atoms.special:
        if atoms.kind[j] == SPACE and (j + 1 == count or atoms.breakable[j + 1]):  # a space ends this segment
            segment = bisect_left(segment_ends, j + 1)
            trimmed[segment] = _trim_spaces(atoms, segment_ends[segment - 1] if segment else 0, j + 1)
    return trimmed


def _segments_fitting(prefix: list[float], tail: list[float], trimmed_ends: list[int], index: int, base: float,
                      limit: float) -> int:
    """The first segment from `index` on that no longer fits: its natural end (the last character's tracking
    dropped) lies beyond `limit` from `base`."""
    high = len(trimmed_ends)
    while index < high:  # natural widths only grow from segment to segment
        middle = (index + high) // 2
        end = trimmed_ends[middle]
        if prefix[end] - base - tail[end - 1] <= limit:
            index = middle + 1
        else:
            high = middle
    return index


def _trim_spaces(atoms: _Atoms, start: int, end: int) -> int:
    while end > start and atoms.kind[end - 1] == SPACE:
        end -= 1
    return end


def _line(atoms: _Atoms, start: int, end: int, left: float, measure: float, last: bool, align: str) -> Line:
    """Place atoms [start, end) on one line, justified or aligned; a hanging mark follows the measure's end."""
    end = _trim_spaces(atoms, start, end)
    widths = atoms.full[start:end]
    leads = [0.0, *atoms.lead[start + 1:end]]
    used = sum(widths) + sum(leads)
    hanging = used > measure + EPSILON and _hangs(atoms, end - 1)
    if hanging:
        used -= widths[-1] + leads[-1]
    placed = len(widths) - hanging
    lefts = _cell_lefts(atoms.breakable[start + 1:start + placed], widths[:placed], leads[:placed], left,
                        measure - used, last, align)
    if hanging:
        lefts.append(lefts[-1] + widths[placed - 1] + leads[-1] if placed else left)
    origins = list(map(add, lefts, atoms.shift[start:end]))
    hung = atoms.hung_right
    for j in hung[bisect_left(hung, start):bisect_left(hung, end)]:
        k = j - start
        origins[k] = lefts[k] + widths[k] - atoms.glyph[j]  # opening marks hug what follows
    texts = atoms.text[start:end]
    glyphs = atoms.glyph[start:end]
    latin = atoms.advances
    words = [j for j in atoms.special[bisect_left(atoms.special, start):bisect_left(atoms.special, end)] if j in latin]
    if words:  # a Latin word: each of its glyphs
        steps: list[float] = []
        done = start
        for j in words:
            steps += glyphs[done - start:j - start]
            steps += latin[j]
            done = j + 1
        steps += glyphs[done - start:]
        starts: Iterable[int] = accumulate(map(len, texts), initial=0)
    else:
        steps, starts = glyphs, range(len(texts) + 1)
    cells = _cells("".join(texts), starts, lefts, widths, origins, atoms.run[start:end], steps)
    return Line(cells, left, measure, used, last, hanging)


def _cell_lefts(open_gaps: list[bool], widths: list[float], leads: list[float], left: float, free: float,
                last: bool, align: str) -> list[float]:
    """Each cell's left edge; `open_gaps` says where a line may break between the cells, `leads` what stands
    before each cell (the gap between scripts; the first is not used)."""
    count = len(widths)
    steps = [0.0] * (2 * count - 1) if count else []  # cell, gap, cell, gap, …, cell: the pen's steps
    steps[0::2] = widths
    steps[1::2] = leads[1:]
    if align == "justify" and not last and free > EPSILON and count > 1:
        # The free space goes into the gaps where a line may break, or into every gap when there are none.
        chosen = sum(open_gaps) or count - 1
        gap = free / chosen
        steps[1::2] = [lead + gap if here or chosen == count - 1 else lead
                       for lead, here in zip(leads[1:], open_gaps)]
        return list(accumulate(steps, initial=left))[0::2]
    if align == "right" or (align == "center" and free > 0):
        left += free if align == "right" else free / 2
    return list(accumulate(steps, initial=left))[0::2]
