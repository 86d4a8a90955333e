"""Page set-up (python-docx's section), document settings and the font table with fallback names."""

from __future__ import annotations

from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Twips

from ...cjk.punctuation import NO_LINE_END, NO_LINE_START
from ...errors import StyleError, error
from ...styles import StyleSheet
from .footer import add_page_number_footers
from .oxml import EastAsianFaces, Element, new
from .lines import text_block_lift
from .styles import BODY_ROLE, EAST_ASIAN_LANGUAGE, LATIN_LANGUAGE, page_number_line_twips, page_number_space_before_twips
from .units import twips

GB2312_CHARSET = "86"  # w:charset of the Chinese faces: Word picks them for GB2312 text
ANSI_CHARSET = "00"
WORD_2013_COMPATIBILITY = 15  # lay out as current Word does, not in a compatibility mode


def margins_twips(style: StyleSheet) -> dict[str, int]:
    """Top, right, bottom and left margins, rounded so the text block keeps its exact size (§5.2).

    Top and bottom are moved up by `text_block_lift`: Word and LibreOffice put an exactly spaced line's
    characters 80 % of the way down its box, so the first line's box must start above the 版心 for its
    characters to touch the 版心's top at 37 mm, as the PDF's do. The 225 mm between the margins, and with
    them the 22 lines a page, stay.
    """
    page = style.page
    lift = text_block_lift(style.grid.line_pitch.pt, style.role("body").size.pt)
    top, left = twips(page.margin_top.pt - lift), twips(page.margin_left.pt)
    return {
        "top": top,
        "right": twips(page.width.pt) - left - twips(page.text_width.pt),
        "bottom": twips(page.height.pt) - top - twips(page.text_height.pt),
        "left": left,
    }


def footer_distance_twips(style: StyleSheet, folio_baseline: float) -> int:
    """Word's footer distance from the paper edge: the bottom margin less the page-number gap and line (§7.5)."""
    distance = (margins_twips(style)["bottom"] - page_number_space_before_twips(style, folio_baseline)
                - page_number_line_twips(style))
    if distance <= 0:
        raise StyleError(error("S040", "页码距版心下边缘的距离加上页码字号超出了下边距，页码无处安放",
                               hint="减小 page_number.offset 或页码字号。"))
    return distance


def set_up_page(document: Document, style: StyleSheet, folio_baseline: float, faces: EastAsianFaces) -> None:
    """A4, the 版心 margins, odd and even footers and a 28.95 pt line pitch, on python-docx's one section.

    `folio_baseline`: the page number's baseline below the text block (layout.page_number_baseline).

    ```xml
    <w:sectPr>
      <w:footerReference w:type="default" r:id="…"/>
      <w:footerReference w:type="even" r:id="…"/>
      <w:pgSz w:w="11906" w:h="16838"/>
      <w:pgMar w:top="1916" w:right="1475" w:bottom="2166" w:left="1587" w:header="1225" w:footer="1225" w:gutter="0"/>
      <w:cols w:space="720"/>
      <w:docGrid w:linePitch="579"/>
    </w:sectPr>
    ```
    The grid has no type: lines keep their exact spacing and characters their condensed width;
    a "linesAndChars" grid would make LibreOffice set 14 characters a line.
    """
    section = document.sections[0]
    margins = margins_twips(style)
    footer = footer_distance_twips(style, folio_baseline)
    section.page_width = Twips(twips(style.page.width.pt))
    section.page_height = Twips(twips(style.page.height.pt))
    section.top_margin, section.right_margin = Twips(margins["top"]), Twips(margins["right"])
    section.bottom_margin, section.left_margin = Twips(margins["bottom"]), Twips(margins["left"])
    # No header part exists; its distance mirrors the footer's so an empty header never reaches the text.
    section.header_distance = section.footer_distance = Twips(footer)
    section.gutter = Twips(0)
    section.different_first_page_header_footer = False  # §7.5: page 1 is numbered like every other page
    section_properties = document.element.body.sectPr
    for revision in [name for name in section_properties.attrib if "rsid" in name]:
        del section_properties.attrib[revision]  # the template's revision ids name edits this file never had
    grid = section_properties.find(qn("w:docGrid"))
    assert grid is not None, "python-docx's template lacks w:docGrid"
    for attribute in ("w:type", "w:charSpace"):
        grid.attrib.pop(qn(attribute), None)
    grid.set(qn("w:linePitch"), str(twips(style.grid.line_pitch.pt)))
    add_page_number_footers(section, style, faces)


def set_up_settings(document: Document) -> None:
    """word/settings.xml: odd and even footers (§7.5), no punctuation compression, Chinese theme language.

    ```xml
    <w:evenAndOddHeaders/>
    <w:characterSpacingControl w:val="doNotCompress"/>
    <w:noLineBreaksAfter w:lang="zh-CN" w:val="([{‘“〈《「『【〔〖〘〚﹝（［｛"/>
    <w:noLineBreaksBefore w:lang="zh-CN" w:val="!%),.:;?]}·—’”…‰℃、。〉》」』】〕〗〙〛﹞！％），：；？］｝～"/>
    <w:compat>…<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>…</w:compat>
    <w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>
    ```
    The template carries each of these elements but the kinsoku lists; only their values change. Its
    w:rsids go: revision ids name editing sessions this file never had. The lists are the spec's 避头尾
    sets (cjk.punctuation), so Word breaks lines by the rules the PDF follows, not its own default list.
    LibreOffice 7.4 does not read them (it keeps its own zh-CN list).
    """
    settings = document.settings
    settings.odd_and_even_pages_header_footer = True
    root = settings.element
    root.remove_all("w:rsids")
    # Compressing punctuation would shift every later character off the grid.
    spacing_control = _template_setting(root, "w:characterSpacingControl")
    spacing_control.set(qn("w:val"), "doNotCompress")
    for tag, marks in (("noLineBreaksBefore", NO_LINE_START), ("noLineBreaksAfter", NO_LINE_END)):
        spacing_control.addnext(new(tag, {"lang": EAST_ASIAN_LANGUAGE, "val": "".join(sorted(marks))}))
    mode = _template_setting(root, "w:compat/w:compatSetting[@w:name='compatibilityMode']")
    mode.set(qn("w:val"), str(WORD_2013_COMPATIBILITY))
    language = _template_setting(root, "w:themeFontLang")
    language.set(qn("w:val"), LATIN_LANGUAGE)
    language.set(qn("w:eastAsia"), EAST_ASIAN_LANGUAGE)


def _template_setting(root: Element, path: str) -> Element:
    found = root.xpath(path)
    assert isinstance(found, list) and len(found) == 1 and isinstance(found[0], Element), f"python-docx's template lacks {path}"
    return found[0]


def font_table(style: StyleSheet) -> Element:
    """`<w:fonts>`: every face the styles name, each Chinese face with its fallback name.

    ```xml
    <w:font w:name="仿宋_GB2312">
      <w:altName w:val="仿宋"/>
      <w:charset w:val="86"/>
      <w:family w:val="modern"/>
      <w:pitch w:val="fixed"/>
    </w:font>
    ```
    Word falls back to the w:altName face when the named one is not installed (Windows 10 ships
    仿宋 and 楷体, not the _GB2312 faces).
    """
    root = new("fonts")
    latin = style.latin_face(BODY_ROLE).word
    root.append(new("font", {"name": latin},
                    new("charset", {"val": ANSI_CHARSET}), new("family", {"val": "roman"}),
                    new("pitch", {"val": "variable"})))
    seen = {latin}
    for key in sorted(style.fonts):
        face = style.fonts[key]
        if face.word in seen:
            continue
        seen.add(face.word)
        font = new("font", {"name": face.word})
        if face.word_alt and face.word_alt != face.word:
            font.append(new("altName", {"val": face.word_alt}))
        font.append(new("charset", {"val": GB2312_CHARSET}))
        font.append(new("family", {"val": "modern"}))
        font.append(new("pitch", {"val": "fixed"}))
        root.append(font)
    return root
