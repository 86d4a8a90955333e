"""styles.xml through python-docx: the template's styles pruned, one named paragraph style per text role, character styles for runs of another role."""

from __future__ import annotations

from typing import cast

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.oxml.text.font import CT_RPr
from docx.oxml.text.parfmt import CT_PPr
from docx.shared import Pt, RGBColor, Twips
from docx.styles.style import BaseStyle, CharacterStyle, ParagraphStyle, StyleFactory
from docx.styles.styles import Styles

from ...styles import StyleSheet, TextRole
from .lines import BASELINE_IN_FIXED_LINE, centred_line_height, line_height, text_block_lift
from .oxml import (
    local_name,
    new,
    place,
    set_character_spacing,
    set_complex_script_size,
    set_east_asian_font,
    set_language,
    set_outline_level,
    zero_cell_margins,
)
from .paragraphs import set_exact_spacing, set_indents
from .units import half_points, twips

LATIN_LANGUAGE = "en-US"
EAST_ASIAN_LANGUAGE = "zh-CN"  # selects Chinese line-breaking rules (避头尾) in Word and LibreOffice


BODY_ROLE = "body"
PAGE_NUMBER_ROLE = "page_number"
# 版记 lines stand between rules, so their characters are centred in the line rather than on its baseline.
COLOPHON_ROLES = ("cc", "imprint")
# Roles a run may take inside another role's paragraph: the body text after a run-in heading and 签发人 on
# the 发文字号 line; the headings' own character styles are offered for a clerk's run-in headings too.
INLINE_ROLES = ("body", "heading1", "heading2", "heading3", "heading4", "signer_label", "signer_name")
# Roles that only ever appear inside another role's paragraph get a character style and no paragraph style.
CHARACTER_ONLY_ROLES = ("signer_label", "signer_name")

# The template's styles that stay besides those a role takes over: the defaults Word expects. Every other
# template style (Heading 5–9, lists, 99 table styles) names theme fonts and would only crowd the clerk's
# style gallery.
_TEMPLATE_DEFAULTS = ("DefaultParagraphFont", "TableNormal", "NoList")
# What a template style a role takes over (Word's built-in Normal, Title, heading 1–4 in GB/T 9704) keeps of
# its template definition; its formatting and its link to a template character style go.
_BUILT_IN_KEEPS = ("name", "basedOn", "next", "uiPriority", "qFormat")
_ALIGNMENTS = {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT,
               "center": WD_ALIGN_PARAGRAPH.CENTER, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}


def paragraph_style_id(style: StyleSheet, role: str) -> str:
    """The id of a role's paragraph style, as the style sheet names it (`<w:pStyle w:val="GwRecipient"/>`)."""
    return style.role(role).word.id


def character_style_id(style: StyleSheet, role: str) -> str:
    """The id of a role's character style (`<w:rStyle w:val="NormalChar"/>`)."""
    return style.role(role).word.character_id


def alignment(align: str) -> WD_ALIGN_PARAGRAPH:
    """python-docx's alignment for the style sheet's left, right, center or justify (`<w:jc w:val="both"/>`)."""
    return _ALIGNMENTS[align]


def define_styles(document: Document, style: StyleSheet, inline_roles: set[str], folio_baseline: float) -> None:
    """The document defaults, a paragraph style per role and the character styles, on python-docx's template.

    `folio_baseline`: the page number's baseline below the text block (layout.page_number_baseline).
    """
    styles = document.styles
    # Roles the document runs inline must exist (style.role raises a StyleError); the usual ones are
    # offered to the clerk even when this document does not use them.
    character_roles = {style.role(name).name for name in inline_roles} | {n for n in INLINE_ROLES if n in style.roles}
    paragraph_styles = [(role.word.id, role.word.name) for name, role in style.roles.items()
                        if name not in CHARACTER_ONLY_ROLES]
    even = style.page_number.even_word
    taken_over = _prune_template(styles, {*paragraph_styles, (even.id, even.name)})
    _set_document_defaults(styles, style)
    for name in style.roles:
        if name not in CHARACTER_ONLY_ROLES:
            _define_paragraph_style(styles, style, style.roles[name], folio_baseline, taken_over)
    _define_even_page_number_style(styles, style, folio_baseline, taken_over)
    for name in sorted(character_roles):
        _define_character_style(styles, style, style.roles[name])


def _prune_template(styles: Styles, paragraph_styles: set[tuple[str, str]]) -> set[str]:
    """Delete the template's styles but the defaults and those a paragraph style of the document takes over (the
    same id and name: Word's built-ins); clear the formatting of those taken over and return their ids."""
    taken_over: set[str] = set()
    for template_style in list(styles):
        element = template_style.element
        if (element.styleId, element.name_val) in paragraph_styles:
            taken_over.add(element.styleId)
            for child in list(element):
                if local_name(child) not in _BUILT_IN_KEEPS:
                    element.remove(child)
        elif template_style.style_id not in _TEMPLATE_DEFAULTS:
            template_style.delete()
    # "Normal Table" without cell padding, so a table's rules span exactly its width.
    place(styles.element.get_by_id("TableNormal").find(qn("w:tblPr")), zero_cell_margins())
    return taken_over


def _paragraph_style(styles: Styles, style_id: str, name: str, taken_over: set[str]) -> ParagraphStyle:
    """The template's style of that id when the document takes it over, else a new paragraph style."""
    if style_id in taken_over:
        found = StyleFactory(styles.element.get_by_id(style_id))
    else:
        found = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)  # type: ignore[no-untyped-call]  # unannotated in python-docx
        found.style_id = style_id
    assert isinstance(found, ParagraphStyle)
    return found


def _set_document_defaults(styles: Styles, style: StyleSheet) -> None:
    """`<w:docDefaults>`: the body face and size, Chinese language, exact grid line spacing, grid-keeping settings.

    Replaces the template's defaults, which name the theme fonts, 11 pt and Japanese.
    """
    body = style.role(BODY_ROLE)
    run_properties = cast(CT_RPr, new("rPr"))
    latin = style.latin_face(BODY_ROLE).word
    run_properties.rFonts_ascii = run_properties.rFonts_hAnsi = latin
    set_east_asian_font(run_properties, style.fonts[body.font].word, latin)
    run_properties.sz_val = Pt(half_points(body.size.pt) / 2)
    set_complex_script_size(run_properties, half_points(body.size.pt))
    set_language(run_properties, LATIN_LANGUAGE, EAST_ASIAN_LANGUAGE)
    paragraph_properties = cast(CT_PPr, new("pPr"))
    keep_on_grid(paragraph_properties)
    paragraph_properties.spacing_before = paragraph_properties.spacing_after = Twips(0)
    paragraph_properties.spacing_line = Twips(twips(style.grid.line_pitch.pt))
    paragraph_properties.spacing_lineRule = WD_LINE_SPACING.EXACTLY
    defaults = new("docDefaults", None, new("rPrDefault", None, run_properties),
                   new("pPrDefault", None, paragraph_properties))
    for old in styles.element.findall(defaults.tag):
        styles.element.remove(old)
    styles.element.insert(0, defaults)


def keep_on_grid(paragraph_properties: CT_PPr) -> None:
    """Paragraph settings that keep text on the grid, in the defaults and again in Normal (LibreOffice reads them there).

    `<w:widowControl w:val="0"/>` keeps every page at lines_per_page lines (§5.2.2).
    Two Word defaults are left as they are, because LibreOffice cannot be told otherwise and the PDF
    follows both:
    - No `w:overflowPunct`: left out it means "on" to Word (ECMA-376 §17.3.1.21) and LibreOffice keeps
      its own default, also on, so both hang a sentence or pause mark past a full line (标点悬挂).
      LibreOffice 7.4 reads the element inverted (writerfilter maps w:val="1" to "no hanging"), so any
      value written would make the two disagree.
    - No `w:autoSpaceDE`/`w:autoSpaceDN`: Word then puts a small gap between Chinese text and Latin
      words or numbers; LibreOffice ignores the elements and always does (1/5 of the font height).
    """
    paragraph_properties.widowControl_val = False


def condensing(style: StyleSheet, role: TextRole) -> int:
    """Character spacing in twips that puts chars_per_line body characters on one line (§5.2.3: 28 字 in 156 mm).

    Only roles set in the body size sit on the character grid; other sizes keep their natural width (0).
    The PDF's layout adds the same amount to every character's advance, so both break lines alike.
    """
    return twips(style.tracking(role.name))


def _define_paragraph_style(styles: Styles, style: StyleSheet, role: TextRole, folio_baseline: float,
                            taken_over: set[str]) -> None:
    word = role.word
    paragraph_style = _paragraph_style(styles, word.id, word.name, taken_over)
    if word.alias:
        place(paragraph_style.element, new("aliases", {"val": word.alias}))
    if role.name != BODY_ROLE:
        body = StyleFactory(styles.element.get_by_id(paragraph_style_id(style, BODY_ROLE)))
        paragraph_style.base_style = body
        paragraph_style.next_paragraph_style = body
    if role.name in INLINE_ROLES and role.name != BODY_ROLE:
        _link(paragraph_style, word.character_id)
    paragraph_style.quick_style = True
    if role.name == PAGE_NUMBER_ROLE:
        set_page_number_format(paragraph_style, style, folio_baseline, odd=True)
    else:
        _set_role_paragraph_format(paragraph_style, style, role)
    _set_role_font(paragraph_style, style, role)


def _set_role_paragraph_format(paragraph_style: ParagraphStyle, style: StyleSheet, role: TextRole) -> None:
    """Alignment, indents, spacing and outline level of a role."""
    paragraph_format = paragraph_style.paragraph_format
    paragraph_format.alignment = alignment(role.align)
    paragraph_properties = paragraph_style.element.get_or_add_pPr()
    set_indents(paragraph_properties, twips(role.first_indent.pt), twips(role.left_indent.pt),
                twips(role.right_indent.pt), char_twips=twips(role.size.pt))
    if role.name == BODY_ROLE:
        keep_on_grid(paragraph_properties)
    # Spacing is stated in every style, so no application's own defaults for Title and the like creep in.
    if role.name in COLOPHON_ROLES:
        line, padding = colophon_line_spacing(style, role)
        set_exact_spacing(paragraph_properties, twips(line), twips(padding), twips(padding))
    else:
        line = line_height(role.size.pt, style.grid.line_pitch.pt)
        set_exact_spacing(paragraph_properties, twips(line), twips(role_gap_before(style, role.name)))
    if role.outline_level:
        set_outline_level(paragraph_properties, role.outline_level)
    if role.keep_with_next:  # `<w:keepNext/><w:keepLines/>`: the heading's lines and the next line share a page
        paragraph_format.keep_with_next = paragraph_format.keep_together = True


def colophon_line_spacing(style: StyleSheet, role: TextRole) -> tuple[float, float]:
    """A 版记 line one grid pitch tall with its characters centred: a tight exact line, the rest split above and below.

    (17.75, 5.6) points, i.e. `<w:spacing w:before="113" w:after="113" w:line="355" w:lineRule="exact"/>`,
    for 14 pt on a 28.95 pt pitch.
    """
    line = max(centred_line_height(role.size.pt), role.size.pt)
    return line, max(0.0, (style.grid.line_pitch.pt - line) / 2)


def role_gap_before(style: StyleSheet, role_name: str) -> float:
    """Blank space a role always leaves above itself, in points: one line above the 署名 (§7.3.5).

    The line above the 主送机关 (§7.3.2) is the title's space after: it stands there with or without one.
    """
    return {"signature": style.body.signature_gap.pt}.get(role_name, 0.0)


def _set_role_font(role_style: BaseStyle, style: StyleSheet, role: TextRole) -> None:
    """Face, size, weight, colour and grid condensing of a role.

    `<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="仿宋_GB2312" w:cs="Times New Roman"/>`,
    `<w:b w:val="0"/><w:bCs w:val="0"/>`, `<w:color w:val="E60000"/>`, `<w:spacing w:val="-5"/>`,
    `<w:sz w:val="32"/><w:szCs w:val="32"/>`.
    """
    assert isinstance(role_style, (ParagraphStyle, CharacterStyle))
    face = style.fonts[role.font].word
    latin = style.latin_face(role.name).word  # §7.5: the page number's digits are 宋体, the style sheet says so
    font = role_style.font
    font.name = latin
    run_properties = role_style.element.get_or_add_rPr()
    set_east_asian_font(run_properties, face, latin)
    font.bold = font.cs_bold = role.bold
    size = half_points(role.size.pt)
    font.size = Pt(size / 2)
    set_complex_script_size(run_properties, size)
    if role.color.upper() != "#000000":
        font.color.rgb = RGBColor.from_string(role.color.lstrip("#").upper())
    # Written even when 0: a style based on Normal would otherwise inherit the body's condensing.
    set_character_spacing(run_properties, condensing(style, role))


def page_number_line_twips(style: StyleSheet) -> int:
    """The page number's exactly spaced line."""
    return twips(line_height(style.role(PAGE_NUMBER_ROLE).size.pt, style.grid.line_pitch.pt))


def page_number_space_before_twips(style: StyleSheet, folio_baseline: float) -> int:
    """Space above the page number's line that puts its baseline `folio_baseline` below the text block.

    The footer's first line box starts where the margin ends, `text_block_lift` above the 版心's bottom
    edge; an exact line's baseline lies 80 % down its box.
    """
    size = style.role(PAGE_NUMBER_ROLE).size.pt
    pitch = style.grid.line_pitch.pt
    line = line_height(size, pitch)
    lift = text_block_lift(pitch, style.role(BODY_ROLE).size.pt)
    return max(0, twips(lift + folio_baseline - BASELINE_IN_FIXED_LINE * line))


def set_page_number_format(paragraph_style: ParagraphStyle, style: StyleSheet, folio_baseline: float,
                           odd: bool) -> None:
    """§7.5: odd pages flush right, even pages flush left, each `inset` in from the text block's edge.

    The footer is exactly as tall as the bottom margin less the footer distance, so the figures stand
    where `folio_baseline` says whether the application hangs the footer from the text block
    (LibreOffice) or stands it on the footer distance (Word).
    """
    inset = twips(style.page_number.inset.pt)
    paragraph_style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    paragraph_properties = paragraph_style.element.get_or_add_pPr()
    set_indents(paragraph_properties, 0, 0 if odd else inset, inset if odd else 0,
                char_twips=twips(style.role(PAGE_NUMBER_ROLE).size.pt))
    set_exact_spacing(paragraph_properties, page_number_line_twips(style),
                      page_number_space_before_twips(style, folio_baseline))


def _define_even_page_number_style(styles: Styles, style: StyleSheet, folio_baseline: float,
                                   taken_over: set[str]) -> None:
    """页码（偶数页）: the page-number role mirrored, flush left with the inset on the left (§7.5)."""
    word = style.page_number.even_word
    even = _paragraph_style(styles, word.id, word.name, taken_over)
    even.base_style = StyleFactory(styles.element.get_by_id(paragraph_style_id(style, PAGE_NUMBER_ROLE)))
    even.quick_style = True
    set_page_number_format(even, style, folio_baseline, odd=False)


def _define_character_style(styles: Styles, style: StyleSheet, role: TextRole) -> None:
    """A character style carrying the role's run properties, for runs inside another role's paragraph."""
    word = role.word
    character_style = styles.add_style(word.character_name, WD_STYLE_TYPE.CHARACTER)  # type: ignore[no-untyped-call]
    character_style.style_id = word.character_id
    character_style.base_style = StyleFactory(styles.element.get_by_id("DefaultParagraphFont"))
    if role.name in INLINE_ROLES and role.name not in CHARACTER_ONLY_ROLES and role.name != BODY_ROLE:
        _link(character_style, word.id)
    character_style.quick_style = True
    _set_role_font(character_style, style, role)


def _link(role_style: BaseStyle, other_style_id: str) -> None:
    """`<w:link w:val="Heading2Char"/>`: Word pairs a paragraph style with its character style (python-docx has no API)."""
    place(role_style.element, new("link", {"val": other_style_id}))
