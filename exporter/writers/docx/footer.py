"""页码 (§7.5): odd and even footers holding "— N —" around a PAGE field."""

from __future__ import annotations

from ...styles import StyleSheet
from .oxml import Element, element, page_field_runs, paragraph, text_run
from .styles import EVEN_PAGE_NUMBER, paragraph_style_id

NUMBER_SLOT = "{n}"  # where the page number stands in the style sheet's format


def footer_part(style: StyleSheet, odd: bool) -> Element:
    """`<w:ftr><w:p><w:pPr><w:pStyle w:val="GwPageNumber"/></w:pPr>— PAGE —</w:p></w:ftr>`.

    Position, face and size come from the 页码 styles (odd pages flush right, even pages flush left);
    the cached number is the first page of that parity, so a viewer that does not update fields
    still shows a plausible number.
    """
    before, _, after = style.page_number.format.partition(NUMBER_SLOT)
    runs: list[Element] = []
    if before:
        runs.append(text_run(before))
    runs += page_field_runs("1" if odd else "2")
    if after:
        runs.append(text_run(after))
    style_id = paragraph_style_id("page_number") if odd else EVEN_PAGE_NUMBER.paragraph_id
    return element("ftr", None, paragraph(style_id, runs))
