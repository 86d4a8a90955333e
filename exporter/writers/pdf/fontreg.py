"""The fonts of one PDF: each font file's shown characters cut into a small TrueType font that ReportLab embeds as subsets."""

from __future__ import annotations

import hashlib
import io
import re
import struct
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from ...errors import FontError, Location, error
from ...fonts import FontFile
from .smallfont import FontFileError, small_font

# Small fonts kept for the next build in this process (a rebuild after an edit, the next report of a
# batch): two documents' worth of faces. A key holds the file's size and time and the characters.
_KEPT_FONTS = 12
_kept: OrderedDict[tuple[object, ...], tuple[TTFont, bytes]] = OrderedDict()
_kept_lock = threading.Lock()
# The canvas asks the font registry only for its initial font, to learn that it is a dynamic
# (subset-embedded) font that needs no font operator in each page's preamble; the pages select
# their fonts themselves. Any of the report's faces serves, registered once per process.
INITIAL_FONT = "gongwen-initial"
_initial_lock = threading.Lock()


@dataclass(frozen=True)
class SmallFont:
    """ReportLab's font for the characters one font file shows in a document (for every face it serves)."""

    font: TTFont
    program: bytes  # the small TrueType font ReportLab reads
    shown: Counter[str]  # how often each character is shown


@dataclass(frozen=True)
class EmbeddedFace:
    """A face in one document: its ReportLab font and, for each character it shows, a subset and a one-byte code.

    `codes` and `subsets` are str.translate tables (character → code in hex, character → subset
    number as a character), so a run of text turns into its codes in one call.
    """

    font: TTFont
    codes: dict[int, str]  # character → its code as two hex digits
    subsets: dict[int, str]
    resources: tuple[str, ...]  # each subset's font resource name, "/F1+0"
    widths: dict[str, float]  # character → advance in thousandths of the em, as /Widths gives it to a reader


def small_fonts(fonts: Mapping[str, FontFile], shown: Mapping[str, Counter[str]]) -> dict[str, SmallFont]:
    """The small font of each face: one per font file, holding what all the faces it serves show."""
    files: dict[tuple[Path, int], list[str]] = {}
    for face in sorted(fonts):
        font = fonts[face]
        files.setdefault((font.path, font.subfont_index), []).append(face)
    taken: dict[bytes, tuple[Path, int]] = {}  # PostScript name → the file whose subsets carry it
    result: dict[str, SmallFont] = {}
    for place, faces in files.items():
        font = fonts[faces[0]]
        counts: Counter[str] = Counter()
        for face in faces:
            counts.update(shown.get(face, {}))
        ttf, program = _font(font, frozenset(counts), "")
        if taken.setdefault(ttf.face.name, place) != place:
            # ReportLab names a subset's objects after the PostScript name: a second file with the
            # same name gets a name of its own, or its subsets would share the first file's objects.
            digest = hashlib.sha256(f"{font.path}#{font.subfont_index}".encode()).hexdigest()[:8]
            ttf, program = _font(font, frozenset(counts), digest)
        small = SmallFont(ttf, program, counts)
        for face in faces:
            result[face] = small
    return result


def embed(fonts: Mapping[str, SmallFont], document: pdfdoc.PDFDocument) -> dict[str, EmbeddedFace]:
    """Each face's codes in `document`, its characters numbered most frequent first.

    ReportLab numbers characters into 256-code subsets in the order it first meets them; meeting
    them by frequency puts the common ones together, so a line switches subsets less often.
    The fonts are numbered (F1, F2, …) in the order of their faces' names.
    """
    coded: dict[int, EmbeddedFace] = {}
    result: dict[str, EmbeddedFace] = {}
    for face in sorted(fonts):
        small = fonts[face]
        found = coded.get(id(small))
        if found is None:
            found = coded[id(small)] = _coded(small.font, small.shown, document)
        result[face] = found
    return result


def initial_font(font: SmallFont) -> str:
    """The name of a registered dynamic font, for the canvas's initial font (see INITIAL_FONT)."""
    with _initial_lock:
        if INITIAL_FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(INITIAL_FONT, io.BytesIO(font.program)))
    return INITIAL_FONT


def _font(font: FontFile, chars: frozenset[str], suffix: str) -> tuple[TTFont, bytes]:
    """ReportLab's font for a small font of `chars` from the file; kept for the next build."""
    try:
        stat = font.path.stat()
        key = (str(font.path), font.subfont_index, stat.st_size, stat.st_mtime_ns, chars, suffix)
        with _kept_lock:
            kept = _kept.get(key)
            if kept is not None:
                _kept.move_to_end(key)
                return kept
        data, _ = small_font(font.path, font.subfont_index, chars)
        # Not "ASCII readable": the codes are written in hex, and keeping codes 32–127 for ASCII would
        # leave the first subset half the room for the report's characters.
        ttf = TTFont(re.sub(r"[^A-Za-z0-9-]+", "", f"{font.face}-{font.family}") or font.face, _Named(data, font.path),
                     asciiReadable=False)
    except (FontFileError, TTFError, OSError, ValueError, struct.error) as exc:
        # ReportLab embeds TrueType outlines only; a CFF font or a damaged file ends here.
        raise FontError(error(
            "F030", f"字体文件 {font.path} 无法嵌入 PDF（{exc}）",
            Location("字体"), "PDF 只能嵌入 TrueType（glyf）轮廓的字体；请换用 .ttf 字体文件。")) from exc
    if suffix:
        ttf.face.name += b"-" + suffix.encode()
    with _kept_lock:
        _kept[key] = (ttf, data)
        while len(_kept) > _KEPT_FONTS:
            _kept.popitem(last=False)
    return ttf, data


class _Named(io.BytesIO):
    """The small font's bytes under the file's name: ReportLab checks the name against its list of fonts
    whose rights allow subsetting, and names the embedded font file's object after it."""

    def __init__(self, data: bytes, path: Path) -> None:
        super().__init__(data)
        self.name = str(path)


def _coded(ttf: TTFont, counts: Counter[str], document: pdfdoc.PDFDocument) -> EmbeddedFace:
    """Number the characters into ReportLab's subsets, most frequent first, and read back each one's code."""
    order = "".join(sorted(counts, key=lambda char: (-counts[char], char)))
    codes: dict[int, str] = {}
    subsets: dict[int, str] = {}
    k = 0
    for subset, encoded in ttf.splitString(order, document):
        for code in encoded:
            char = ord(order[k])
            codes[char] = f"{code:02x}"
            subsets[char] = chr(subset)
            k += 1
    # A face with nothing to show (the body face of a report without body text) embeds nothing.
    count = max(map(ord, subsets.values())) + 1 if subsets else 0
    resources = tuple(ttf.getSubsetInternalName(subset, document) for subset in range(count))
    face = ttf.face
    widths = {char: float(fp_str(face.getCharWidth(ord(char)))) for char in order}  # type: ignore[no-untyped-call]
    return EmbeddedFace(ttf, codes, subsets, resources, widths)
