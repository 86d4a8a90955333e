"""WordprocessingML python-docx lacks, set on its elements: eastAsia fonts, grid settings, borders, the PAGE field, floating tables."""

from __future__ import annotations

from typing import Mapping, cast

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.font import CT_RPr
from docx.oxml.text.parfmt import CT_PPr
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

# Characters Unicode shares between Latin and CJK text. Without w:hint="eastAsia" Word draws them with
# the Latin font (half-width quotes, a thin dash); the hint makes them take the East Asian face.
EAST_ASIAN_AMBIGUOUS = frozenset("“”‘’—…·")

# Schema order of the children python-docx leaves to us (ECMA-376 Part 1: w:pPr §17.3.1.26, w:rPr §17.3.2.28,
# w:tblPr §17.4.60, w:trPr §17.4.82, w:tcPr §17.4.70, w:sectPr §17.6.17, w:style §17.7.4.17). Word rejects a file
# whose properties come in another order.
_ORDERS: dict[str, tuple[str, ...]] = {
    "pPr": (
        "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
        "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
        "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
        "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
        "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
    ),
    "rPr": (
        "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow",
        "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern",
        "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs",
        "em", "lang", "eastAsianLayout", "specVanish", "oMath",
    ),
    "tblPr": (
        "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW",
        "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
        "tblCaption", "tblDescription",
    ),
    "trPr": ("cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight", "tblHeader",
             "tblCellSpacing", "jc", "hidden"),
    "tcPr": ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar", "textDirection",
             "tcFitText", "vAlign", "hideMark"),
    "sectPr": (
        "headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar", "paperSrc",
        "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection",
        "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange",
    ),
    "style": (
        "name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority", "semiHidden",
        "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose", "personalReply", "rsid", "pPr",
        "rPr", "tblPr", "trPr", "tcPr", "tblStylePr",
    ),
}

Element = etree._Element  # what OxmlElement makes for a tag python-docx has no class for


def new(tag: str, attributes: Mapping[str, str | int] | None = None, *children: etree._Element) -> Element:
    """`<w:tag w:key="value">children</w:tag>` made by python-docx's parser; keys are w: unless prefixed ("xml:space")."""
    node = OxmlElement(tag if ":" in tag else f"w:{tag}")
    for key, value in (attributes or {}).items():
        node.set(qn(key if ":" in key else f"w:{key}"), str(value))
    for child in children:
        node.append(child)
    return node


def local_name(node: etree._Element) -> str:
    return etree.QName(node).localname


def place(parent: etree._Element, child: etree._Element) -> etree._Element:
    """Put `child` into `parent` in schema order, replacing a child of the same tag."""
    order = _ORDERS[local_name(parent)]
    name = local_name(child)
    for old in parent.findall(cast(str, child.tag)):  # lxml's tags are str; the stubs allow what a setter takes
        parent.remove(old)
    later = order[order.index(name) + 1:]
    successor = next((c for c in parent if local_name(c) in later), None)
    if successor is None:
        parent.append(child)
    else:
        successor.addprevious(child)
    return child


# ---------------------------------------------------------------- run properties
def set_east_asian_font(run_properties: CT_RPr, east_asian: str, complex_script: str) -> None:
    """Complete python-docx's `<w:rFonts w:ascii=… w:hAnsi=…/>` with `w:eastAsia="仿宋_GB2312" w:cs="Times New Roman"`.

    Naming all four slots leaves no room for the theme fonts (asciiTheme, eastAsiaTheme, …), which
    would otherwise win over a named face; any theme attribute already there is removed.
    """
    fonts = run_properties.get_or_add_rFonts()
    for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{theme}"), None)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:cs"), complex_script)


def set_complex_script_size(run_properties: CT_RPr, half_points: int) -> None:
    """`<w:szCs w:val="32"/>`, the size python-docx's `font.size` leaves unset for complex-script text."""
    place(run_properties, new("szCs", {"val": half_points}))


def set_character_spacing(run_properties: CT_RPr, twips: int) -> None:
    """`<w:spacing w:val="-5"/>`: every character's advance widened (or, negative, condensed) by `twips`."""
    place(run_properties, new("spacing", {"val": twips}))


def set_language(run_properties: CT_RPr, latin: str, east_asian: str) -> None:
    """`<w:lang w:val="en-US" w:eastAsia="zh-CN"/>`: the East Asian language selects the Chinese line-breaking rules."""
    place(run_properties, new("lang", {"val": latin, "eastAsia": east_asian}))


def set_east_asian_only(run: Run, face: str | None) -> None:
    """`<w:rFonts w:ascii="仿宋_GB2312" w:hAnsi="仿宋_GB2312" w:eastAsia="仿宋_GB2312" w:hint="eastAsia"/>`.

    For marks shared with Latin text (“”—…) right after a digit or Latin letter: LibreOffice ignores
    w:hint and gives such a mark the script of the character before it, the Latin one, so it would draw a
    narrow Latin quote; with the East Asian face in every slot each application draws the full-width mark.
    """
    fonts = run.element.get_or_add_rPr().get_or_add_rFonts()
    if face:
        for slot in ("ascii", "hAnsi", "eastAsia"):
            fonts.set(qn(f"w:{slot}"), face)
    fonts.set(qn("w:hint"), "eastAsia")


def east_asian_face_of(paragraph: Paragraph, character_style_id: str | None) -> str | None:
    """The East Asian face a run of `paragraph` takes from its character style, else from the paragraph style
    (following w:basedOn), else from the document defaults; None outside the main document's reach."""
    styles = getattr(paragraph.part.package.main_document_part, "styles", None) if paragraph.part.package else None
    if styles is None:
        return None
    root = styles.element
    properties = paragraph._p.pPr
    for style_id in (character_style_id, properties.style if properties is not None else None, "Normal"):
        seen: set[str] = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = root.get_by_id(style_id)
            if style is None:
                break
            face = style.xpath("./w:rPr/w:rFonts/@w:eastAsia")
            if face:
                return str(face[0])
            based_on = style.xpath("./w:basedOn/@w:val")
            style_id = str(based_on[0]) if based_on else None
    face = root.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:rFonts/@w:eastAsia")
    return str(face[0]) if face else None


def hint_east_asian(run: Run) -> None:
    """`<w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr>` on a run holding “”‘’—…, so Word draws them full width."""
    if any(c in EAST_ASIAN_AMBIGUOUS for c in run.text):
        run.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:hint"), "eastAsia")


# ---------------------------------------------------------------- paragraph properties
def set_indent_in_characters(paragraph_properties: CT_PPr, char_twips: int) -> None:
    """Add Word's 字符 units to python-docx's `<w:ind>`: each length again in hundredths of a character.

    `<w:ind w:left="0" w:leftChars="0" w:right="0" w:rightChars="0" w:firstLine="640" w:firstLineChars="200"/>`;
    a character is `char_twips` wide (the paragraph's type size: 三号 320). Word lets a *Chars value win over
    the length beside it (even 0), so both say the same; LibreOffice reads the lengths. A hanging indent
    also gets `w:firstLineChars="0"`, so the body's 200 inherited from Normal cannot win over it.
    """
    indent = paragraph_properties.get_or_add_ind()
    for length, chars in (("left", "leftChars"), ("right", "rightChars"), ("firstLine", "firstLineChars"),
                          ("hanging", "hangingChars")):
        value = indent.get(qn(f"w:{length}"))
        if value is not None:
            indent.set(qn(f"w:{chars}"), str(round(int(value) * 100 / char_twips)))
    if indent.get(qn("w:hanging")) is not None:
        indent.set(qn("w:firstLineChars"), "0")


def set_outline_level(paragraph_properties: CT_PPr, level: int) -> None:
    """`<w:outlineLvl w:val="0"/>` for a level-1 heading: Word's navigation pane lists the paragraph."""
    place(paragraph_properties, new("outlineLvl", {"val": level - 1}))


def border(side: str, width_eighths: int, colour_hex: str = "#000000", space_pt: int = 0) -> Element:
    """`<w:bottom w:val="single" w:sz="8" w:space="9" w:color="E60000"/>`: a solid rule, width in eighths of a point."""
    return new(side, {"val": "single", "sz": width_eighths, "space": space_pt,
                      "color": colour_hex.lstrip("#").upper()})


def no_border(side: str) -> Element:
    """`<w:left w:val="nil"/>`: no rule on this side."""
    return new(side, {"val": "nil"})


def set_bottom_rule(paragraph_properties: CT_PPr, width_eighths: int, colour_hex: str, space_pt: int) -> None:
    """`<w:pBdr><w:bottom w:val="single" w:sz="8" w:space="7" w:color="E60000"/></w:pBdr>`: a rule under the paragraph."""
    place(paragraph_properties, new("pBdr", None, border("bottom", width_eighths, colour_hex, space_pt)))


# ---------------------------------------------------------------- fields
def add_page_field(paragraph: Paragraph, cached_number: str) -> None:
    """The current page number as a complex field Word and LibreOffice update on every page:

    `<w:r><w:fldChar w:fldCharType="begin"/></w:r>`
    `<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>`
    `<w:r><w:fldChar w:fldCharType="separate"/></w:r>`
    `<w:r><w:t>1</w:t></w:r>`
    `<w:r><w:fldChar w:fldCharType="end"/></w:r>`
    """
    instruction = new("instrText", {"xml:space": "preserve"})
    instruction.text = " PAGE "
    # types-lxml has an element take children of its own class only: a CT_R, a plain w:fldChar
    paragraph.add_run().element.append(new("fldChar", {"fldCharType": "begin"}))  # type: ignore[arg-type]
    paragraph.add_run().element.append(instruction)  # type: ignore[arg-type]
    paragraph.add_run().element.append(new("fldChar", {"fldCharType": "separate"}))  # type: ignore[arg-type]
    paragraph.add_run(cached_number)
    paragraph.add_run().element.append(new("fldChar", {"fldCharType": "end"}))  # type: ignore[arg-type]


# ---------------------------------------------------------------- tables
def zero_cell_margins() -> Element:
    """`<w:tblCellMar>` with all four sides 0, so a table's rules span exactly its width."""
    zero: dict[str, str | int] = {"w": 0, "type": "dxa"}
    return new("tblCellMar", None, new("top", zero), new("left", zero), new("bottom", zero), new("right", zero))


def set_table_properties(table_properties: Element, *children: Element) -> None:
    """Children of `<w:tblPr>` python-docx has no API for (tblpPr, tblOverlap, tblW, tblBorders, tblCellMar)."""
    for child in children:
        place(table_properties, child)
