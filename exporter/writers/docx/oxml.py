"""WordprocessingML written directly with lxml, in schema order: the tags, run and paragraph properties, borders, the PAGE field."""

from __future__ import annotations

from typing import Mapping

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.font import CT_RPr
from docx.oxml.text.parfmt import CT_PPr
from docx.oxml.xmlchemy import BaseOxmlElement
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

Element = etree._Element
W_NAMESPACE = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def w(local: str) -> str:
    """The qualified (Clark) name of a WordprocessingML tag or attribute: `w("p")` is `{…/main}p`."""
    return f"{{{W_NAMESPACE}}}{local}"


# Tags and attributes written for every paragraph and run, qualified once.
P, PPR, PSTYLE, R, RPR, RFONTS, T, VAL = (w(name) for name in ("p", "pPr", "pStyle", "r", "rPr", "rFonts", "t", "val"))
_HINT = w("hint")
# Each parent's children ranked in schema order, by qualified name.
_RANKS: dict[str, dict[str, int]] = {w(parent): {w(name): rank for rank, name in enumerate(order)}
                                     for parent, order in _ORDERS.items()}


def new(tag: str, attributes: Mapping[str, str | int] | None = None, *children: etree._Element) -> Element:
    """`<w:tag w:key="value">children</w:tag>` made by python-docx's parser; keys are w: unless prefixed ("xml:space")."""
    node = OxmlElement(tag if ":" in tag else f"w:{tag}")
    for key, value in (attributes or {}).items():
        node.set(qn(key if ":" in key else f"w:{key}"), str(value))
    for child in children:
        node.append(child)
    return node


def add(parent: Element, tag: str, attributes: Mapping[str, str | int] | None = None) -> Element:
    """`<w:tag w:key="value"/>` appended to `parent`, attributes in the order given."""
    return etree.SubElement(parent, w(tag), {w(key): str(value) for key, value in (attributes or {}).items()})


def local_name(node: etree._Element) -> str:
    return etree.QName(node).localname


def tag_of(node: Element) -> str:
    """An element's qualified name (lxml also gives comments and processing instructions a `tag`, not a name)."""
    tag = node.tag
    assert isinstance(tag, str), "an element"
    return tag


def place(parent: etree._Element, child: etree._Element) -> etree._Element:
    """Put `child` into `parent` in schema order, replacing a child of the same tag."""
    for old in parent.findall(tag_of(child)):
        parent.remove(old)
    parent.append(child)
    return _settle(parent, child)


def get_or_place(parent: Element, tag: str) -> Element:
    """The child `<w:tag>` of `parent`, added empty in schema order when missing (python-docx's get_or_add_…)."""
    qualified = w(tag)
    found = parent.find(qualified)
    return found if found is not None else _settle(parent, etree.SubElement(parent, qualified))


def _settle(parent: Element, child: Element) -> Element:
    """Move `child`, the last of `parent`'s children, before the first child that the schema puts after it."""
    ranks = _RANKS[tag_of(parent)]
    rank = ranks[tag_of(child)]
    for sibling in parent:
        if sibling is child:
            break
        if ranks.get(str(sibling.tag), -1) > rank:
            sibling.addprevious(child)
            break
    return child


def paragraph_properties(paragraph: Element) -> Element:
    """The paragraph's `<w:pPr>`, its first child, added when missing."""
    if len(paragraph) and paragraph[0].tag == PPR:
        return paragraph[0]
    properties = etree.SubElement(paragraph, PPR)
    paragraph.insert(0, properties)
    return properties


def set_on_off(properties: Element, tag: str, on: bool) -> None:
    """`<w:keepNext/>` for on, `<w:keepNext w:val="0"/>` for off, as python-docx writes a boolean property."""
    element = get_or_place(properties, tag)
    if on:
        element.attrib.pop(VAL, None)
    else:
        element.set(VAL, "0")


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


class EastAsianFaces:
    """The East Asian face a run takes from its character style, else from its paragraph's style (following
    w:basedOn), else from Normal, else from the document defaults: read from styles.xml once per pair of styles."""

    def __init__(self, styles: Element) -> None:
        self._styles = styles
        self._known: dict[tuple[str | None, str | None], str | None] = {}

    def face(self, paragraph_style_id: str | None, character_style_id: str | None) -> str | None:
        key = (paragraph_style_id, character_style_id)
        if key not in self._known:
            self._known[key] = self._look_up(paragraph_style_id, character_style_id)
        return self._known[key]

    def _look_up(self, paragraph_style_id: str | None, character_style_id: str | None) -> str | None:
        root = self._styles
        by_id: dict[str, Element] = {}
        for style in root.iterchildren(w("style")):
            style_id = style.get(w("styleId"))
            if style_id is not None:
                by_id.setdefault(str(style_id), style)  # the first of a repeated id, as Word takes it
        for first in (character_style_id, paragraph_style_id, "Normal"):
            seen: set[str] = set()
            style_id = first
            while style_id and style_id not in seen:
                seen.add(style_id)
                found = by_id.get(style_id)
                if found is None:
                    break
                face = _first_attribute(found, (RPR, RFONTS), w("eastAsia"))
                if face is not None:
                    return face
                style_id = _first_attribute(found, (w("basedOn"),), VAL)
        return _first_attribute(root, (w("docDefaults"), w("rPrDefault"), RPR, RFONTS), w("eastAsia"))


def _first_attribute(node: Element, path: tuple[str, ...], attribute: str) -> str | None:
    """The first `attribute` of the elements at `path` below `node` (`./a/b/@attribute`), in document order."""
    for found in node.iterfind("/".join(path)):
        value = found.get(attribute)
        if value is not None:
            return str(value)
    return None


# ---------------------------------------------------------------- paragraph properties
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


def set_bottom_rule(paragraph_properties: Element, width_eighths: int, colour_hex: str, space_pt: int) -> None:
    """`<w:pBdr><w:bottom w:val="single" w:sz="8" w:space="7" w:color="E60000"/></w:pBdr>`: a rule under the paragraph."""
    place(paragraph_properties, new("pBdr", None, border("bottom", width_eighths, colour_hex, space_pt)))


# ---------------------------------------------------------------- fields
def add_page_field(paragraph: Element, cached_number: str) -> None:
    """The current page number as a complex field Word and LibreOffice update on every page:

    `<w:r><w:fldChar w:fldCharType="begin"/></w:r>`
    `<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>`
    `<w:r><w:fldChar w:fldCharType="separate"/></w:r>`
    `<w:r><w:t>1</w:t></w:r>`
    `<w:r><w:fldChar w:fldCharType="end"/></w:r>`
    """
    add(add(paragraph, "r"), "fldChar", {"fldCharType": "begin"})
    instruction = etree.SubElement(add(paragraph, "r"), w("instrText"), {XML_SPACE: "preserve"})
    instruction.text = " PAGE "
    add(add(paragraph, "r"), "fldChar", {"fldCharType": "separate"})
    add(add(paragraph, "r"), "t").text = cached_number
    add(add(paragraph, "r"), "fldChar", {"fldCharType": "end"})


# ---------------------------------------------------------------- tables
def zero_cell_margins() -> Element:
    """`<w:tblCellMar>` with all four sides 0, so a table's rules span exactly its width."""
    zero: dict[str, str | int] = {"w": 0, "type": "dxa"}
    return new("tblCellMar", None, new("top", zero), new("left", zero), new("bottom", zero), new("right", zero))
