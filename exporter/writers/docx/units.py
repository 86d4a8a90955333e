"""Word's units from points: twips, half-points, eighths of a point, character-spacing twentieths and DrawingML EMU."""

from __future__ import annotations

TWIPS_PER_PT = 20  # page geometry, indents, line spacing, tab stops
HALF_POINTS_PER_PT = 2  # w:sz
EIGHTHS_PER_PT = 8  # border w:sz
EMU_PER_PT = 12700  # DrawingML: extents and offsets of pictures (914400 a inch)


def twips(pt: float) -> int:
    """A length in twentieths of a point, as w:pgMar, w:ind, w:spacing and w:tab want it."""
    return round(pt * TWIPS_PER_PT)


def half_points(pt: float) -> int:
    """A font size as w:sz wants it (三号 16 pt → 32)."""
    return round(pt * HALF_POINTS_PER_PT)


def eighths(pt: float) -> int:
    """A border thickness as w:bdr/@w:sz wants it (0.35 mm ≈ 0.99 pt → 8)."""
    return max(1, round(pt * EIGHTHS_PER_PT))


def emu(pt: float) -> int:
    """A length in English Metric Units, as wp:extent and wp:posOffset want it (42 mm → 1512000)."""
    return round(pt * EMU_PER_PT)
