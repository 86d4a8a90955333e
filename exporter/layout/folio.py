"""页码 §7.5: odd pages right, even pages left, 1 字 in, below the text block."""

from __future__ import annotations

from typing import Mapping

from ..errors import UNKNOWN, FontError, error
from ..pages import TextLine
from ..resolved import Run
from ..styles import StyleSheet
from .setter import FontMetricsLike, Setter


PAGE_NUMBER_DASH = "—"  # U+2014, the 一字线 of §7.5


def set_folio(setter: Setter, text: str, number: int) -> TextLine:
    """The page number of physical page `number`; its dashes' ink `offset` below the text block."""
    style = setter.style
    role = style.role("page_number")
    width = setter.width_of(text, role, "页码")
    inset = style.page_number.inset.pt
    x = setter.right - inset - width if number % 2 else setter.left + inset
    baseline = setter.bottom - page_number_baseline(style, setter.metrics)
    lines, styles, _ = setter.set([Run(text, "page_number")], role, "页码", left=x, width=10 * setter.width,
                                  first_indent=0.0, align="left")
    return TextLine(baseline, baseline + setter.drop(role), lines[0].cells, styles, "page_number", "page_number")


def page_number_baseline(style: StyleSheet, metrics: Mapping[str, FontMetricsLike]) -> float:
    """How far the page number's baseline lies below the text block's bottom edge, in points.

    §7.5 "一字线上距版心下边缘7mm": the top of the dash's ink, read from the outline of the dash in the
    face that prints it, stands `page_number.offset` below the text block. The DOCX writer places its
    footer by the same number.
    """
    role = style.role("page_number")
    face = style.fonts[role.font].face
    if face not in metrics:
        raise FontError(error("F021", f"没有“{style.fonts[role.font].word}”字体（字体 {face}）的字形数据，无法放置页码",
                              UNKNOWN))
    _, dash_top = metrics[face].ink(PAGE_NUMBER_DASH)
    return style.page_number.offset.pt + dash_top * role.size.pt
