"""页码 (§7.5): odd and even footers holding "— N —" around a PAGE field."""

from __future__ import annotations

from docx.section import Section, _Footer

from ...styles import StyleSheet
from .oxml import VAL, EastAsianFaces, add_page_field, get_or_place, paragraph_properties
from .paragraphs import add_text
from .styles import PAGE_NUMBER_ROLE, paragraph_style_id

NUMBER_SLOT = "{n}"  # where the page number stands in the style sheet's format


def add_page_number_footers(section: Section, style: StyleSheet, faces: EastAsianFaces) -> None:
    """The odd-page (default) footer, then the even-page one: word/footer1.xml and word/footer2.xml.

    Word shows the even one only with `<w:evenAndOddHeaders/>` in the settings (page.py).
    """
    _fill(section.footer, style, faces, odd=True)
    _fill(section.even_page_footer, style, faces, odd=False)


def _fill(footer: _Footer, style: StyleSheet, faces: EastAsianFaces, odd: bool) -> None:
    """`<w:ftr><w:p><w:pPr><w:pStyle w:val="GwPageNumber"/></w:pPr>— PAGE —</w:p></w:ftr>`.

    Position, face and size come from the 页码 styles (odd pages flush right, even pages flush left);
    the cached number is the first page of that parity, so a viewer that does not update fields
    still shows a plausible number.
    """
    footer.is_linked_to_previous = False  # python-docx creates the part, holding one empty paragraph
    paragraph = footer.paragraphs[0]._p
    style_id = paragraph_style_id(style, PAGE_NUMBER_ROLE) if odd else style.page_number.even_word.id
    get_or_place(paragraph_properties(paragraph), "pStyle").set(VAL, style_id)  # in place of the template's Footer
    before, _, after = style.page_number.format.partition(NUMBER_SLOT)
    if before:
        add_text(paragraph, before, faces)
    add_page_field(paragraph, "1" if odd else "2")
    if after:
        add_text(paragraph, after, faces)
