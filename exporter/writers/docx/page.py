"""Page set-up (w:sectPr), document settings and the font table with fallback names."""

from __future__ import annotations

from ...errors import StyleError, error
from ...styles import StyleSheet
from .oxml import Element, element
from .styles import EAST_ASIAN_LANGUAGE, LATIN_LANGUAGE, page_number_line_twips, page_number_space_before_twips
from .units import twips

GB2312_CHARSET = "86"  # w:charset of the Chinese faces: Word picks them for GB2312 text
ANSI_CHARSET = "00"
WORD_2013_COMPATIBILITY = 15  # lay out as current Word does, not in a compatibility mode


def margins_twips(style: StyleSheet) -> dict[str, int]:
    """Top, right, bottom and left margins, rounded so the text block keeps its exact size (§5.2)."""
    page = style.page
    top, left = twips(page.margin_top.pt), twips(page.margin_left.pt)
    return {
        "top": top,
        "right": twips(page.width.pt) - left - twips(page.text_width.pt),
        "bottom": twips(page.height.pt) - top - twips(page.text_height.pt),
        "left": left,
    }


def footer_distance_twips(style: StyleSheet) -> int:
    """Word's footer distance from the paper edge: the bottom margin less the page-number gap and line (§7.5)."""
    distance = margins_twips(style)["bottom"] - page_number_space_before_twips(style) - page_number_line_twips(style)
    if distance <= 0:
        raise StyleError(error("S040", "页码距版心下边缘的距离加上页码字号超出了下边距，页码无处安放",
                               hint="减小 page_number.offset 或页码字号。"))
    return distance


def section_properties(style: StyleSheet, odd_footer_id: str, even_footer_id: str) -> Element:
    """`<w:sectPr>`: A4, the 版心 margins, odd and even footers and a 28.95 pt line pitch.

    ```xml
    <w:sectPr>
      <w:footerReference w:type="default" r:id="rId4"/>
      <w:footerReference w:type="even" r:id="rId5"/>
      <w:pgSz w:w="11906" w:h="16838"/>
      <w:pgMar w:top="2098" w:right="1475" w:bottom="1984" w:left="1587" w:header="1225" w:footer="1225" w:gutter="0"/>
      <w:docGrid w:linePitch="579"/>
    </w:sectPr>
    ```
    The grid has no type: lines keep their exact spacing and characters their condensed width;
    a "linesAndChars" grid would make LibreOffice set 14 characters a line.
    """
    margins = margins_twips(style)
    footer = footer_distance_twips(style)
    return element(
        "sectPr", None,
        element("footerReference", {"type": "default", "r:id": odd_footer_id}),
        element("footerReference", {"type": "even", "r:id": even_footer_id}),
        element("pgSz", {"w": twips(style.page.width.pt), "h": twips(style.page.height.pt)}),
        # No header part exists; its distance mirrors the footer's so an empty header never reaches the text.
        element("pgMar", {**margins, "header": footer, "footer": footer, "gutter": 0}),
        element("docGrid", {"linePitch": twips(style.grid.line_pitch.pt)}),
    )


def settings_part() -> Element:
    """`<w:settings>`: odd and even footers (§7.5), no punctuation compression, Chinese theme language.

    ```xml
    <w:settings>
      <w:zoom w:percent="100"/>
      <w:evenAndOddHeaders/>
      <w:characterSpacingControl w:val="doNotCompress"/>
      <w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>
      <w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>
      <w:decimalSymbol w:val="."/>
      <w:listSeparator w:val=","/>
    </w:settings>
    ```
    No w:rsids: revision ids would differ between builds.
    """
    return element(
        "settings", None,
        element("zoom", {"percent": 100}),
        element("evenAndOddHeaders"),
        # Compressing punctuation would shift every later character off the grid.
        element("characterSpacingControl", {"val": "doNotCompress"}),
        element("compat", None, element("compatSetting", {
            "name": "compatibilityMode", "uri": "http://schemas.microsoft.com/office/word",
            "val": WORD_2013_COMPATIBILITY})),
        element("themeFontLang", {"val": LATIN_LANGUAGE, "eastAsia": EAST_ASIAN_LANGUAGE}),
        element("decimalSymbol", {"val": "."}),
        element("listSeparator", {"val": ","}),
    )


def font_table_part(style: StyleSheet) -> Element:
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
    root = element("fonts")
    root.append(element("font", {"name": style.latin_font},
                        element("charset", {"val": ANSI_CHARSET}), element("family", {"val": "roman"}),
                        element("pitch", {"val": "variable"})))
    seen = {style.latin_font}
    for key in sorted(style.fonts):
        face = style.fonts[key]
        if face.word in seen:
            continue
        seen.add(face.word)
        font = element("font", {"name": face.word})
        if face.word_alt and face.word_alt != face.word:
            font.append(element("altName", {"val": face.word_alt}))
        font.append(element("charset", {"val": GB2312_CHARSET}))
        font.append(element("family", {"val": "modern"}))
        font.append(element("pitch", {"val": "fixed"}))
        root.append(font)
    return root
