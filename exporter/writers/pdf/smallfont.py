"""A TrueType font of only the characters a document shows, cut from the memory-mapped font file.

ReportLab parses every table of a font it is given: the whole cmap, hmtx and loca of a
10–16 MB CJK face take it about 20 ms each. Given instead a font of the few hundred glyphs
the pages show, it parses that in a millisecond and cuts its 256-glyph subsets from it as
before. The outlines, metrics, names and hinting tables are copied byte for byte, so every
glyph ReportLab embeds is the one in the font file.
"""

from __future__ import annotations

import mmap
import struct
import sys
from array import array
from bisect import bisect_left
from pathlib import Path
from typing import Callable, Collection, Iterable, Sequence

# Tables copied unchanged: names, OS/2 metrics (and the embedding permissions) and the hinting
# programs the outlines use; ReportLab copies the same ones into each subset it embeds.
_COPIED_TABLES = ("name", "OS/2", "cvt ", "fpgm", "prep")
_REQUIRED_TABLES = ("head", "hhea", "maxp", "hmtx", "loca", "glyf", "cmap", "post", "name")
# Composite glyph component flags (OpenType glyf table).
_ARGS_ARE_WORDS, _HAS_SCALE, _MORE_COMPONENTS, _HAS_XY_SCALE, _HAS_TWO_BY_TWO = 0x1, 0x8, 0x20, 0x40, 0x80
_U32 = "I" if array("I").itemsize == 4 else "L"
_NO_BREAK_SPACE, _SPACE = "\u00a0", " "
_TRUETYPE_VERSIONS = (0x00010000, 0x74727565)  # 1.0 and 'true'
_CFF_VERSION = 0x4F54544F  # 'OTTO'
# Unicode cmap subtables, best first (fontTools' getBestCmap order, which the layout's metrics are read with).
_UNICODE_SUBTABLES = ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0))


class FontFileError(ValueError):
    """The font file cannot give a TrueType font: damaged, or with PostScript (CFF) outlines."""


class FontTables:
    """The tables of one font in a font file (or collection), read in place from its (memory-mapped) bytes.

    For the few glyphs a build needs, instead of parsing whole tables of 30,000 glyphs.
    """

    def __init__(self, data: bytes | mmap.mmap, subfont_index: int, required: Sequence[str]) -> None:
        self.data = data
        start = 0
        if data[:4] == b"ttcf":
            (count,) = struct.unpack_from(">I", data, 8)
            if not 0 <= subfont_index < count:
                raise FontFileError(f"no font number {subfont_index} in the collection")
            (start,) = struct.unpack_from(">I", data, 12 + 4 * subfont_index)
        version, table_count = struct.unpack_from(">IH", data, start)
        if version == _CFF_VERSION:
            raise FontFileError("PostScript (CFF) outlines are not supported")
        if version not in _TRUETYPE_VERSIONS:
            raise FontFileError(f"not a TrueType font (version 0x{version:08X})")
        self.tables: dict[str, tuple[int, int]] = {}
        for k in range(table_count):
            tag, _, offset, length = struct.unpack_from(">4sIII", data, start + 12 + 16 * k)
            if offset + length > len(data):
                raise FontFileError(f"table {tag!r} lies past the end of the file")
            self.tables[tag.decode("latin-1")] = (offset, length)
        missing = [tag for tag in ("head", "maxp", "cmap", *required) if tag not in self.tables]
        if missing:
            raise FontFileError("missing table " + ", ".join(missing))
        (self.long_offsets,) = struct.unpack_from(">h", data, self.offset("head") + 50)
        (self.glyph_count,) = struct.unpack_from(">H", data, self.offset("maxp") + 4)
        self.metric_count = struct.unpack_from(">H", data, self.offset("hhea") + 34)[0] if "hhea" in self.tables else 0

    def offset(self, tag: str) -> int:
        return self.tables[tag][0]

    def table(self, tag: str) -> bytes | None:
        place = self.tables.get(tag)
        return bytes(self.data[place[0]:place[0] + place[1]]) if place else None

    def glyph_bounds(self, glyph: int) -> tuple[int, int]:
        """Where the outline of `glyph` lies in the file (start, end); empty for a glyph without one."""
        loca = self.offset("loca")
        if self.long_offsets:
            begin, end = struct.unpack_from(">II", self.data, loca + 4 * glyph)
        else:
            begin, end = struct.unpack_from(">HH", self.data, loca + 2 * glyph)
            begin, end = begin * 2, end * 2
        glyf = self.offset("glyf")
        return glyf + begin, glyf + max(begin, end)

    def metric(self, glyph: int) -> tuple[int, int]:
        """(advance width, left side bearing as its unsigned 16 bits) of `glyph`."""
        hmtx = self.offset("hmtx")
        last = self.metric_count - 1
        if last < 0:
            raise FontFileError("no horizontal metrics")
        if glyph <= last:
            advance, bearing = struct.unpack_from(">HH", self.data, hmtx + 4 * glyph)
        else:  # past the last full pair: the last advance, and a bearing of its own
            (advance,) = struct.unpack_from(">H", self.data, hmtx + 4 * last)
            (bearing,) = struct.unpack_from(">H", self.data, hmtx + 4 * self.metric_count + 2 * (glyph - self.metric_count))
        return advance, bearing

    def cmap(self) -> Callable[[int], int]:
        """The glyph of a code point (0 when the font has none), from the best Unicode subtable."""
        data, start = self.data, self.offset("cmap")
        _, count = struct.unpack_from(">HH", data, start)
        subtables: dict[tuple[int, int], int] = {}
        for k in range(count):
            platform, encoding, offset = struct.unpack_from(">HHI", data, start + 4 + 8 * k)
            subtables.setdefault((platform, encoding), start + offset)
        for key in _UNICODE_SUBTABLES:
            if key in subtables:
                (kind,) = struct.unpack_from(">H", data, subtables[key])
                if kind == 4:
                    return _Format4(data, subtables[key]).glyph
                if kind == 12:
                    return _Format12(data, subtables[key]).glyph
        raise FontFileError("no Unicode character map of format 4 or 12")


class _Format4:
    """A segment-mapped (format 4) Unicode cmap, looked up per character."""

    def __init__(self, data: bytes | mmap.mmap, start: int) -> None:
        self.data = data
        (doubled,) = struct.unpack_from(">H", data, start + 6)
        count = doubled // 2
        self.ends = _big_endian("H", data, start + 14, count)
        self.starts = _big_endian("H", data, start + 16 + 2 * count, count)
        self.deltas = _big_endian("H", data, start + 16 + 4 * count, count)
        self.range_at = start + 16 + 6 * count
        self.ranges = _big_endian("H", data, self.range_at, count)

    def glyph(self, code: int) -> int:
        if code > 0xFFFF:
            return 0
        k = bisect_left(self.ends, code)
        if k == len(self.ends) or self.starts[k] > code:
            return 0
        if not self.ranges[k]:
            return (code + self.deltas[k]) & 0xFFFF
        (glyph,) = struct.unpack_from(">H", self.data, self.range_at + 2 * k + self.ranges[k] + 2 * (code - self.starts[k]))
        return (glyph + self.deltas[k]) & 0xFFFF if glyph else 0


class _Format12:
    """A segmented-coverage (format 12) Unicode cmap, looked up per character."""

    def __init__(self, data: bytes | mmap.mmap, start: int) -> None:
        (count,) = struct.unpack_from(">I", data, start + 12)
        groups = _big_endian(_U32, data, start + 16, 3 * count)
        self.starts, self.ends, self.glyphs = groups[0::3], groups[1::3], groups[2::3]

    def glyph(self, code: int) -> int:
        k = bisect_left(self.ends, code)
        if k == len(self.ends) or self.starts[k] > code:
            return 0
        return int(self.glyphs[k]) + code - int(self.starts[k])


def _big_endian(kind: str, data: bytes | mmap.mmap, start: int, count: int) -> array[int]:
    values = array(kind)
    values.frombytes(bytes(data[start:start + values.itemsize * count]))
    if sys.byteorder == "little":
        values.byteswap()
    return values


def small_font(path: Path, subfont_index: int, chars: Iterable[str]) -> tuple[bytes, frozenset[str]]:
    """A TrueType font with the glyphs of `chars` from the font file, and the characters it maps.

    A character the font does not map is left out (ReportLab shows .notdef for it, as before).
    Raises FontFileError for a file that is no TrueType font, OSError when it cannot be read.
    """
    wanted = set(chars)
    if _NO_BREAK_SPACE in wanted:
        wanted.add(_SPACE)  # ReportLab shows a no-break space with the space's glyph
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        try:
            return _cut(FontTables(data, subfont_index, _REQUIRED_TABLES), wanted)
        except (struct.error, IndexError) as exc:
            raise FontFileError(f"damaged font file ({exc})") from exc


def _cut(font: FontTables, wanted: Collection[str]) -> tuple[bytes, frozenset[str]]:
    glyph_of = font.cmap()
    mapped: list[tuple[int, int]] = []  # (code point, glyph in the file), ascending by code point
    for code in sorted(map(ord, wanted)):
        glyph = glyph_of(code)
        if 0 < glyph < font.glyph_count:
            mapped.append((code, glyph))
    order = [0]  # new glyph → glyph in the file; .notdef stays first
    new_of = {0: 0}
    for _, glyph in mapped:
        if glyph not in new_of:
            new_of[glyph] = len(order)
            order.append(glyph)
    outlines: list[bytes] = []
    k = 0
    while k < len(order):  # the list grows as composite glyphs bring their parts
        begin, end = font.glyph_bounds(order[k])
        k += 1
        outline = bytes(font.data[begin:end])
        if len(outline) >= 10 and struct.unpack_from(">h", outline)[0] < 0:
            outline = _renumbered_composite(outline, order, new_of)
        outlines.append(outline)
    glyf, offsets = bytearray(), []
    for outline in outlines:
        offsets.append(len(glyf))
        glyf += outline
        glyf += b"\0" * (-len(glyf) % 4)  # every outline starts on a four-byte boundary
    offsets.append(len(glyf))
    long_offsets = offsets[-1] // 2 > 0xFFFF
    loca = array(_U32, offsets) if long_offsets else array("H", [offset // 2 for offset in offsets])
    hmtx = array("H")  # a full (advance, left side bearing) pair for every glyph
    for glyph in order:
        hmtx.extend(font.metric(glyph))
    if sys.byteorder == "little":
        loca.byteswap()
        hmtx.byteswap()
    head = bytearray(_table(font, "head"))
    head[8:12] = b"\0\0\0\0"  # checkSumAdjustment (see _sfnt)
    struct.pack_into(">h", head, 50, 1 if long_offsets else 0)  # indexToLocFormat
    hhea = bytearray(_table(font, "hhea"))
    struct.pack_into(">H", hhea, 34, len(order))  # numberOfHMetrics
    maxp = bytearray(_table(font, "maxp"))
    struct.pack_into(">H", maxp, 4, len(order))  # numGlyphs
    post = _table(font, "post")
    tables: dict[str, bytes] = {
        "glyf": bytes(glyf), "loca": loca.tobytes(), "hmtx": hmtx.tobytes(), "head": bytes(head),
        "hhea": bytes(hhea), "maxp": bytes(maxp),
        # Version 3: the header only, no glyph names (as in the subsets ReportLab embeds).
        "post": b"\x00\x03\x00\x00" + post[4:16] + b"\0" * 16,
        "cmap": _cmap_table([(code, new_of[glyph]) for code, glyph in mapped]),
    }
    for tag in _COPIED_TABLES:
        table = font.table(tag)
        if table is not None:
            tables[tag] = table
    return _sfnt(tables), frozenset(chr(code) for code, _ in mapped)


def _table(font: FontTables, tag: str) -> bytes:
    table = font.table(tag)
    if table is None:
        raise FontFileError(f"missing table {tag}")
    return table


def _renumbered_composite(outline: bytes, order: list[int], new_of: dict[int, int]) -> bytes:
    """A composite glyph with its parts renumbered for the small font, the parts added to `order`."""
    data = bytearray(outline)
    position = 10  # past numberOfContours and the bounding box
    flags = _MORE_COMPONENTS
    while flags & _MORE_COMPONENTS:
        flags, part = struct.unpack_from(">HH", data, position)
        if part not in new_of:
            new_of[part] = len(order)
            order.append(part)
        struct.pack_into(">H", data, position + 2, new_of[part])
        position += 4 + (4 if flags & _ARGS_ARE_WORDS else 2)
        if flags & _HAS_SCALE:
            position += 2
        elif flags & _HAS_XY_SCALE:
            position += 4
        elif flags & _HAS_TWO_BY_TWO:
            position += 8
    return bytes(data)


def _cmap_table(mapped: list[tuple[int, int]]) -> bytes:
    """One Unicode subtable: format 4 (3, 1) when every character is in the BMP, else format 12 (3, 10).

    Characters with consecutive codes and glyphs share a segment: the glyphs are numbered in
    code point order, so a run of neighbouring characters takes one.
    """
    groups: list[list[int]] = []  # [first code, last code, first glyph]
    for code, glyph in mapped:
        if groups and code == groups[-1][1] + 1 and glyph == groups[-1][2] + code - groups[-1][0]:
            groups[-1][1] = code
        else:
            groups.append([code, code, glyph])
    if not mapped or mapped[-1][0] <= 0xFFFE:
        groups.append([0xFFFF, 0xFFFF, 0])  # the closing segment format 4 requires
        count = len(groups)
        selector = count.bit_length() - 1
        header = struct.pack(">HHHH", 2 * count, 2 << selector, selector, 2 * count - (2 << selector))
        ends = array("H", [group[1] for group in groups])
        starts = array("H", [group[0] for group in groups])
        deltas = array("H", [(group[2] - group[0]) & 0xFFFF for group in groups])
        deltas[-1] = 1  # 0xFFFF + 1 wraps to glyph 0
        ranges = array("H", [0] * count)
        if sys.byteorder == "little":
            for values in (ends, starts, deltas):
                values.byteswap()
        body = header + ends.tobytes() + b"\0\0" + starts.tobytes() + deltas.tobytes() + ranges.tobytes()
        subtable = struct.pack(">HHH", 4, 6 + len(body), 0) + body
        platform, encoding = 3, 1
    else:
        flat = array(_U32, [value for group in groups for value in group])
        if sys.byteorder == "little":
            flat.byteswap()
        subtable = struct.pack(">HHIII", 12, 0, 16 + 12 * len(groups), 0, len(groups)) + flat.tobytes()
        platform, encoding = 3, 10
    return struct.pack(">HHHHI", 0, 1, platform, encoding, 12) + subtable


def _sfnt(tables: dict[str, bytes]) -> bytes:
    """The font file: offset table, table directory in tag order, the tables on four-byte boundaries.

    The checksums are left at zero: ReportLab reads the font without checking them, and computes
    them for each subset it embeds.
    """
    tags = sorted(tables)
    count = len(tags)
    selector = count.bit_length() - 1
    search_range = (1 << selector) * 16
    header = struct.pack(">IHHHH", 0x00010000, count, search_range, selector, count * 16 - search_range)
    directory, body = bytearray(), bytearray()
    offset = len(header) + 16 * count
    for tag in tags:
        table = tables[tag]
        directory += struct.pack(">4sIII", tag.encode("latin-1"), 0, offset + len(body), len(table))
        body += table
        body += b"\0" * (-len(body) % 4)
    return bytes(header + directory + body)
