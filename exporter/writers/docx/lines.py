"""Where characters sit in an exactly spaced line, so elements can be placed by the top or bottom of their characters."""

from __future__ import annotations

# Word and LibreOffice put the baseline of an exactly spaced line 80 % of the way down, whatever the
# font (LibreOffice: SwTextFormatter::CalcRealHeight, "fix" line spacing); measured in the rendering.
BASELINE_IN_FIXED_LINE = 0.8
# A Chinese face's ideographic em box stands 0.88 em above the baseline and 0.12 em below it.
EM_BOX_ASCENT = 0.88
EM_BOX_DESCENT = 1 - EM_BOX_ASCENT


def line_height(size_pt: float, pitch_pt: float) -> float:
    """The grid pitch, or more when a large size would push its em box above the top of the line."""
    return max(pitch_pt, size_pt * EM_BOX_ASCENT / BASELINE_IN_FIXED_LINE)


def em_top_below_line_top(line_pt: float, size_pt: float) -> float:
    """How far the top of the characters' em box lies below the top of their line."""
    return BASELINE_IN_FIXED_LINE * line_pt - EM_BOX_ASCENT * size_pt


def em_bottom_above_line_bottom(line_pt: float, size_pt: float) -> float:
    """How far the bottom of the characters' em box lies above the bottom of their line."""
    return (1 - BASELINE_IN_FIXED_LINE) * line_pt - EM_BOX_DESCENT * size_pt



def centred_line_height(size_pt: float) -> float:
    """The exact line height whose em box sits midway between its top and bottom (for text between rules)."""
    return size_pt * (EM_BOX_ASCENT - EM_BOX_DESCENT) / (2 * BASELINE_IN_FIXED_LINE - 1)
