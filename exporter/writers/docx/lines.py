"""Where characters sit in an exactly spaced line, so elements can be placed by the top or bottom of their characters."""

from __future__ import annotations

import math

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



def text_block_lift(pitch_pt: float, body_size_pt: float) -> float:
    """How far the line boxes of a page start above the text block, so the first line's characters touch its top.

    The characters of an exactly spaced body line stand `em_top_below_line_top` below the line's top
    (9.08 pt for 三号 on a 28.95 pt pitch); the page's margins move up by as much, and every line box
    with them, so every body line's characters sit where the PDF's do (the first touches 37 mm).
    """
    return em_top_below_line_top(pitch_pt, body_size_pt)


def drop_to_grid(size_pt: float, pitch_pt: float, body_size_pt: float) -> float:
    """How far a line of `size_pt` must stand below its grid line's box for its characters' top to lie where a
    body line's do (the grid line's top in the PDF): 5.28 pt for a 二号 title, 0 for the body size."""
    return text_block_lift(pitch_pt, body_size_pt) - em_top_below_line_top(line_height(size_pt, pitch_pt), size_pt)


def grid_line_below(depth_pt: float, pitch_pt: float) -> int:
    """The first grid line wholly below a point `depth_pt` below the text block's top (the layout's rule)."""
    return math.floor(depth_pt / pitch_pt - 1e-6) + 1


def blank_lines(length_pt: float, pitch_pt: float) -> int:
    """Whole grid lines a gap of `length_pt` stands for (the layout's rule)."""
    return max(0, round(length_pt / pitch_pt))


def centred_line_height(size_pt: float) -> float:
    """The exact line height whose em box sits midway between its top and bottom (for text between rules)."""
    return size_pt * (EM_BOX_ASCENT - EM_BOX_DESCENT) / (2 * BASELINE_IN_FIXED_LINE - 1)
