"""页码 §7.5: odd pages right, even pages left, 1 字 in, below the text block."""

from __future__ import annotations

from ..pages import TextLine
from ..resolved import Run
from .setter import Setter


def set_folio(setter: Setter, text: str, number: int) -> TextLine:
    """The page number of physical page `number`; its em box top `offset` below the text block."""
    style = setter.style
    role = style.role("page_number")
    width = setter.width_of(text, role, "页码")
    inset = style.page_number.inset.pt
    x = setter.right - inset - width if number % 2 else setter.left + inset
    top = setter.bottom - style.page_number.offset.pt
    lines, styles, _ = setter.set([Run(text, "page_number")], role, "页码", left=x, width=10 * setter.width,
                                  first_indent=0.0, align="left")
    return TextLine(top - setter.drop(role), top, lines[0].clusters, styles, "page_number", "page_number")
