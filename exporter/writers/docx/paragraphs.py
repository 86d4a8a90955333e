"""Paragraphs in their flow (the body, a table cell): named styles, exact spacing, indents with Word's 字符 units, keeping."""

from __future__ import annotations

from typing import Iterable, Sequence

from docx.document import Document
from lxml import etree

from ...cjk.scripts import SHARED_WITH_LATIN
from ...resolved import Paragraph as ResolvedParagraph
from ...styles import StyleSheet, TextRole
from .measure import text_width
from .oxml import P, PPR, PSTYLE, R, T, VAL, EastAsianFaces, Element, add, get_or_place, paragraph_properties, set_on_off, w
from .runs import Text, paragraph_element, run_elements

BODY_ROLE_NAME = "body"
OPENER_LINE_TWIPS = 20  # an empty paragraph that only opens a page or anchors a table: one point high
# w:jc values of the style sheet's alignments (ST_Jc: "both" is justified).
JUSTIFICATION = {"left": "left", "right": "right", "center": "center", "justify": "both"}
_LENGTHS_AND_CHARS = tuple((w(length), w(chars)) for length, chars in (
    ("left", "leftChars"), ("right", "rightChars"), ("firstLine", "firstLineChars"), ("hanging", "hangingChars")))
_FIRST_LINE, _HANGING, _FIRST_LINE_CHARS = w("firstLine"), w("hanging"), w("firstLineChars")


class Flow:
    """Where blocks go, in reading order: the document body (before its closing `<w:sectPr>`) or a table cell.

    Blocks are appended as elements: python-docx would look for the w:sectPr among all the body's
    children before each insertion, which makes a long report quadratic in its paragraphs.
    """

    def __init__(self, container: Element, document: Document, faces: EastAsianFaces, block_width_emu: int,
                 before: Element | None = None) -> None:
        self.container = container
        self.document = document  # the package: image parts, sections
        self.faces = faces
        self.block_width_emu = block_width_emu  # the text block's width, which python-docx gives new tables
        self._before = before
        self.page_break_pending = False  # the next block opens a page (after a landscape table, §8)

    def append(self, block: Element) -> Element:
        """Put a `<w:p>` or `<w:tbl>` made elsewhere at the end of the flow."""
        if self.page_break_pending:
            self._open_page(block)
        if self._before is None:
            self.container.append(block)
        else:
            self._before.addprevious(block)
        return block

    def new_block(self, tag: str) -> Element:
        """An empty `<w:tag>` at the end of the flow."""
        if self.page_break_pending:
            self._open_page(None)
        block = etree.SubElement(self.container, tag)
        if self._before is not None:
            self._before.addprevious(block)
        return block

    def paragraph(self, style_id: str | None, switches: Sequence[tuple[str, bool]] = (),
                  texts: Iterable[Text] = ()) -> Element:
        """A paragraph in the style `style_id` at the end of the flow: `<w:p><w:pPr><w:pStyle w:val="…"/>…</w:pPr>`,
        the on/off `switches` after the style (`<w:keepNext w:val="0"/>` for ("keepNext", False)), the runs
        holding `texts` (see runs.runs_xml); a bare `<w:p/>` for no style.

        Every paragraph states its style, Normal included, as the styles of the other roles are stated.
        """
        return self.append(paragraph_element(style_id, switches, texts, self.faces))

    def _open_page(self, block: Element | None) -> None:
        """`<w:pageBreakBefore/>` on the paragraph `block`; before a table, an empty paragraph one point high that
        opens the page."""
        self.page_break_pending = False
        if block is not None and block.tag == P:
            set_on_off(paragraph_properties(block), "pageBreakBefore", True)
            return
        self.append(page_opener(self.faces))

    def last_paragraph(self) -> Element | None:
        """The flow's last `<w:p>` so far (a table after it aside)."""
        children = self._before.itersiblings(preceding=True) if self._before is not None else reversed(self.container)
        return next((child for child in children if child.tag == P), None)


def page_opener(faces: EastAsianFaces) -> Element:
    """`<w:p><w:pPr><w:pageBreakBefore/><w:spacing w:line="20" w:lineRule="exact" …/></w:pPr></w:p>`: an empty paragraph
    one point high that opens a page (and anchors a floating table there)."""
    opener = paragraph_element(None, (), (), faces)
    properties = paragraph_properties(opener)
    set_on_off(properties, "pageBreakBefore", True)
    set_exact_spacing(properties, OPENER_LINE_TWIPS)
    return opener


def add_text(paragraph: Element, text: str, faces: EastAsianFaces, style_id: str | None = None) -> None:
    """Runs holding `text` at the end of `paragraph`, in the character style `style_id` or none (see runs.runs_xml)."""
    before = _last_character(paragraph) if text.lstrip(" ")[:1] in SHARED_WITH_LATIN else ""
    paragraph.extend(run_elements(((text, style_id),), faces, paragraph_style_of(paragraph), before))


def add_break(paragraph: Element) -> None:
    """`<w:r><w:br/></w:r>`: a line break inside the paragraph."""
    add(add(paragraph, "r"), "br")


def add_tab(paragraph: Element) -> None:
    """`<w:r><w:tab/></w:r>`: the text after it goes to the next tab stop."""
    add(add(paragraph, "r"), "tab")


def paragraph_style_of(paragraph: Element) -> str | None:
    """The paragraph's style id (`w:pPr/w:pStyle/@w:val`), None when it names none."""
    if len(paragraph) and paragraph[0].tag == PPR:
        style = paragraph[0].find(PSTYLE)
        if style is not None:
            return style.get(VAL)
    return None


def _last_character(paragraph: Element) -> str:
    """The last character other than a space already written into the paragraph ("" when none)."""
    text = "".join(characters.text or "" for run in paragraph.iterchildren(R) for characters in run.iterchildren(T))
    return text.rstrip(" ")[-1:]


# ---------------------------------------------------------------- paragraph properties (of a paragraph or a style)
def set_exact_spacing(properties: Element, line_twips: int, before_twips: int = 0, after_twips: int = 0) -> None:
    """`<w:spacing w:before="1158" w:after="0" w:line="579" w:lineRule="exact"/>`: blank lines as space, lines on the pitch."""
    spacing = get_or_place(properties, "spacing")
    spacing.set(w("before"), str(before_twips))
    spacing.set(w("after"), str(after_twips))
    spacing.set(w("line"), str(line_twips))
    spacing.set(w("lineRule"), "exact")


def set_indents(properties: Element, first_line: int = 0, left: int = 0, right: int = 0, *, char_twips: int) -> None:
    """`<w:ind w:left="0" w:right="0" w:firstLine="640" w:leftChars="0" w:rightChars="0" w:firstLineChars="200"/>`:
    lengths in twips, each again in hundredths of a character of `char_twips` (the paragraph's type size, 三号 320).

    Word lets a *Chars value win over the length beside it (even 0), so both say the same; LibreOffice
    reads the lengths. A negative `first_line` is a hanging indent, which also gets `w:firstLineChars="0"`
    so the body's 200 inherited from Normal cannot win over it:
    `<w:ind w:left="1160" w:right="320" w:hanging="840" w:leftChars="363" w:rightChars="100" w:hangingChars="263" w:firstLineChars="0"/>`.
    """
    indent = get_or_place(properties, "ind")
    indent.set(w("left"), str(left))
    indent.set(w("right"), str(right))
    indent.attrib.pop(_FIRST_LINE, None)
    indent.attrib.pop(_HANGING, None)
    if first_line < 0:
        indent.set(_HANGING, str(-first_line))
    else:
        indent.set(_FIRST_LINE, str(first_line))
    for length, chars in _LENGTHS_AND_CHARS:
        value = indent.get(length)
        if value is not None:
            indent.set(chars, str(round(int(value) * 100 / char_twips)))
    if indent.get(_HANGING) is not None:
        indent.set(_FIRST_LINE_CHARS, "0")


def set_alignment(properties: Element, align: str) -> None:
    """`<w:jc w:val="both"/>` for the style sheet's left, right, center or justify."""
    get_or_place(properties, "jc").set(VAL, JUSTIFICATION[align])


def add_right_tab_stop(properties: Element, position_twips: int) -> None:
    """`<w:tabs><w:tab w:pos="8524" w:val="right"/></w:tabs>`: text after a tab ends at `position_twips`."""
    add(get_or_place(properties, "tabs"), "tab", {"pos": position_twips, "val": "right"})


def keep_with_next(paragraph: Element, keep: bool = True) -> None:
    """`<w:keepNext/>` (or, not kept, `<w:keepNext w:val="0"/>`): the paragraph's last line and the next paragraph
    share a page."""
    set_on_off(paragraph_properties(paragraph), "keepNext", keep)


def keep_together_with_next(paragraph: Element, keep: bool = True) -> None:
    """`<w:keepNext/><w:keepLines/>`: all the paragraph's lines share a page with the next paragraph
    (LibreOffice moves the whole paragraph for keepNext alone; Word needs keepLines for that)."""
    properties = paragraph_properties(paragraph)
    set_on_off(properties, "keepNext", keep)
    set_on_off(properties, "keepLines", keep)


def page_break_before(paragraph: Element) -> None:
    """`<w:pageBreakBefore/>`: the paragraph opens a page."""
    set_on_off(paragraph_properties(paragraph), "pageBreakBefore", True)


def keep_last_paragraph_with_next(flow: Flow) -> None:
    """`<w:keepNext/><w:keepLines/>` on the flow's last paragraph so far."""
    paragraph = flow.last_paragraph()
    if paragraph is not None:
        keep_together_with_next(paragraph)


def run_in_heading_keeping(block: ResolvedParagraph, style: StyleSheet) -> tuple[tuple[str, bool], ...]:
    """How a paragraph opened by a run-in heading keeps: as a body paragraph does (`<w:keepNext w:val="0"/>`,
    `<w:keepLines w:val="0"/>` over the heading style's), save that a first line holding nothing but the heading
    sentence never ends a page (widow control: `<w:widowControl/>`), as in the layout."""
    heading = "".join(run.text for run in block.runs if run.role != BODY_ROLE_NAME)
    fills = heading_fills_first_line(heading, style, style.role(f"heading{block.run_in_level}"))
    return (("keepNext", False), ("keepLines", False)) + ((("widowControl", True),) if fills else ())


def heading_fills_first_line(heading: str, style: StyleSheet, role: TextRole) -> bool:
    """Whether a run-in heading sentence leaves no room on the paragraph's first line for the body text after it
    (widths as Word sets them: one more character would not fit)."""
    measure = style.page.text_width.pt - role.left_indent.pt - role.first_indent.pt - role.right_indent.pt
    return text_width(heading, style, role) + role.size.pt + style.tracking(role.name) > measure
