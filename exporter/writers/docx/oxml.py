"""WordprocessingML builders for what python-docx lacks: eastAsia fonts, borders, tabs, the PAGE field."""

from __future__ import annotations

from typing import Iterable, Mapping

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NAMESPACES = {"w": W_NS, "r": R_NS}

# Characters Unicode shares between Latin and CJK text. Without w:hint="eastAsia" Word draws them with
# the Latin font (half-width quotes, a thin dash); the hint makes them take the East Asian face.
EAST_ASIAN_AMBIGUOUS = frozenset("“”‘’—…·")

# Schema order of the children of w:pPr and w:rPr (ECMA-376 Part 1, §17.3.1.26 and §17.3.2.28):
# Word rejects a file whose properties come in another order.
_PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
    "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
    "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
)
_RPR_ORDER = (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow",
    "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern",
    "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs",
    "em", "lang", "eastAsianLayout", "specVanish", "oMath",
)
_ORDERS = {"pPr": _PPR_ORDER, "rPr": _RPR_ORDER}

Element = etree._Element


def qualified(name: str) -> str:
    """Clark notation for "w:tag", "r:id", "xml:space" or a bare tag (taken as w:)."""
    prefix, _, local = name.rpartition(":")
    namespace = {"": W_NS, "w": W_NS, "r": R_NS, "xml": XML_NS}[prefix]
    return f"{{{namespace}}}{local}"


def element(tag: str, attributes: Mapping[str, str | int] | None = None, *children: Element | None) -> Element:
    """`<w:tag w:key="value">children</w:tag>`; keys are w: unless prefixed ("r:id", "xml:space")."""
    node = etree.Element(qualified(tag), nsmap=NAMESPACES)
    for key, value in (attributes or {}).items():
        node.set(qualified(key), str(value))
    for child in children:
        if child is not None:
            node.append(child)
    return node


def local_name(node: Element) -> str:
    return etree.QName(node).localname


def properties(tag: str, children: Iterable[Element | None]) -> Element:
    """`<w:pPr>` or `<w:rPr>` with its children put in schema order, whatever order they came in."""
    order = _ORDERS[tag]
    present = [c for c in children if c is not None]
    present.sort(key=lambda c: order.index(local_name(c)))
    return element(tag, None, *present)


def on_off(tag: str, value: bool) -> Element:
    """`<w:b/>` when on, `<w:b w:val="0"/>` when off (to override an inherited setting)."""
    return element(tag) if value else element(tag, {"val": 0})


def run_fonts(latin: str, east_asian: str) -> Element:
    """`<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="仿宋_GB2312" w:cs="Times New Roman"/>`.

    Naming all four slots leaves no room for the theme fonts (asciiTheme, eastAsiaTheme, …), which
    would otherwise win over a named face.
    """
    return element("rFonts", {"ascii": latin, "hAnsi": latin, "eastAsia": east_asian, "cs": latin})


def font_size(pt: float) -> list[Element]:
    """`<w:sz w:val="32"/><w:szCs w:val="32"/>` for 16 pt."""
    half = round(pt * 2)
    return [element("sz", {"val": half}), element("szCs", {"val": half})]


def language(latin: str, east_asian: str) -> Element:
    """`<w:lang w:val="en-US" w:eastAsia="zh-CN"/>`: the East Asian language selects the Chinese line-breaking rules."""
    return element("lang", {"val": latin, "eastAsia": east_asian})


def exact_line_spacing(line_twips: int, before_twips: int = 0, after_twips: int = 0) -> Element:
    """`<w:spacing w:before="0" w:after="0" w:line="579" w:lineRule="exact"/>`: every line exactly one grid pitch."""
    return element("spacing", {"before": before_twips, "after": after_twips, "line": line_twips, "lineRule": "exact"})


def indentation(first_line: int = 0, left: int = 0, right: int = 0, *, first_line_chars: int = 0) -> Element:
    """`<w:ind w:left="0" w:right="0" w:firstLine="632" w:firstLineChars="200"/>`.

    Lengths in twips; w:firstLineChars (hundredths of a character) is what Word shows as "2 字符" and,
    when not 0, wins over w:firstLine in Word, so it is always written: 0 stops a style inheriting
    Normal's 200. LibreOffice reads the twips. A negative `first_line` is a hanging indent:
    `<w:ind w:left="1156" w:right="316" w:hanging="840" w:hangingChars="0" w:firstLineChars="0"/>`.
    """
    attributes: dict[str, int] = {"left": left, "right": right}
    if first_line < 0:
        attributes.update(hanging=-first_line, hangingChars=0, firstLineChars=0)
    else:
        attributes.update(firstLine=first_line, firstLineChars=first_line_chars)
    return element("ind", attributes)


def justification(align: str) -> Element:
    """`<w:jc w:val="both"/>` for the style sheet's justify (left, right, center likewise)."""
    return element("jc", {"val": {"justify": "both"}.get(align, align)})


def colour(hex_rgb: str) -> Element:
    """`<w:color w:val="E60000"/>` from "#E60000"."""
    return element("color", {"val": hex_rgb.lstrip("#").upper()})


def border(side: str, width_eighths: int, colour_hex: str = "#000000", space_pt: int = 0) -> Element:
    """`<w:bottom w:val="single" w:sz="8" w:space="9" w:color="E60000"/>`: a solid rule, width in eighths of a point."""
    return element(side, {"val": "single", "sz": width_eighths, "space": space_pt, "color": colour_hex.lstrip("#").upper()})


def no_border(side: str) -> Element:
    """`<w:left w:val="nil"/>`: no rule on this side."""
    return element(side, {"val": "nil"})


def tab_stops(*stops: tuple[str, int]) -> Element:
    """`<w:tabs><w:tab w:val="right" w:pos="8529"/></w:tabs>`; positions in twips from the text's left edge."""
    return element("tabs", None, *(element("tab", {"val": kind, "pos": pos}) for kind, pos in stops))


def text_run(text: str, char_style: str | None = None) -> Element:
    """`<w:r><w:rPr><w:rStyle w:val="…"/><w:rFonts w:hint="eastAsia"/></w:rPr><w:t>text</w:t></w:r>`.

    The run carries no formatting of its own: only a character style and, when the text holds
    “”‘’—…, the East Asian hint that makes Word draw them full width.
    """
    rpr_children = []
    if char_style:
        rpr_children.append(element("rStyle", {"val": char_style}))
    if any(c in EAST_ASIAN_AMBIGUOUS for c in text):
        rpr_children.append(element("rFonts", {"hint": "eastAsia"}))
    run = element("r")
    if rpr_children:
        run.append(properties("rPr", rpr_children))
    t = element("t", None)
    t.text = text
    if text != text.strip(" "):
        t.set(qualified("xml:space"), "preserve")
    run.append(t)
    return run


def tab_run() -> Element:
    """`<w:r><w:tab/></w:r>`: jump to the next tab stop."""
    return element("r", None, element("tab"))


def line_break_run() -> Element:
    """`<w:r><w:br/></w:r>`: a new line inside the same paragraph."""
    return element("r", None, element("br"))


def page_field_runs(cached_number: str) -> list[Element]:
    """The current page number as a complex field Word and LibreOffice update on every page:

    `<w:r><w:fldChar w:fldCharType="begin"/></w:r>`
    `<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>`
    `<w:r><w:fldChar w:fldCharType="separate"/></w:r>`
    `<w:r><w:t>1</w:t></w:r>`
    `<w:r><w:fldChar w:fldCharType="end"/></w:r>`
    """
    instruction = element("instrText", {"xml:space": "preserve"})
    instruction.text = " PAGE "
    cached = element("t")
    cached.text = cached_number
    return [
        element("r", None, element("fldChar", {"fldCharType": "begin"})),
        element("r", None, instruction),
        element("r", None, element("fldChar", {"fldCharType": "separate"})),
        element("r", None, cached),
        element("r", None, element("fldChar", {"fldCharType": "end"})),
    ]


def paragraph(style_id: str | None, runs: Iterable[Element], *extra_properties: Element | None) -> Element:
    """`<w:p><w:pPr><w:pStyle w:val="…"/>…</w:pPr>runs</w:p>`."""
    ppr_children = [element("pStyle", {"val": style_id}) if style_id else None, *extra_properties]
    node = element("p")
    if any(c is not None for c in ppr_children):
        node.append(properties("pPr", ppr_children))
    for run in runs:
        node.append(run)
    return node


def serialise(root: Element) -> bytes:
    """The part as Word writes it: UTF-8 with a standalone XML declaration."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
