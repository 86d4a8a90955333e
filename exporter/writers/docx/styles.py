"""styles.xml: one named paragraph style per text role, character styles for runs of another role."""

from __future__ import annotations

from dataclasses import dataclass

from ...styles import Length, StyleSheet, TextRole
from .oxml import (
    Element,
    colour,
    element,
    exact_line_spacing,
    font_size,
    indentation,
    justification,
    language,
    on_off,
    properties,
    run_fonts,
)
from .lines import centred_line_height, em_top_below_line_top, line_height
from .units import condensing_twips, twips

LATIN_LANGUAGE = "en-US"
EAST_ASIAN_LANGUAGE = "zh-CN"  # selects Chinese line-breaking rules (避头尾) in Word and LibreOffice


@dataclass(frozen=True)
class StyleName:
    """How Word knows a role's styles: ids in the XML, names a clerk sees in the style gallery."""

    paragraph_id: str
    paragraph_name: str
    character_id: str
    character_name: str


# Body and title take Word's built-in Normal and Title, which Chinese Word shows as 正文 and 标题;
# a custom style of those names would clash with them.
_NAMES: dict[str, tuple[str, str, str]] = {  # role → (id stem, paragraph style name, character style name)
    "body": ("Normal", "Normal", "正文字符"),
    "title": ("Title", "Title", "标题字符"),
    "heading1": ("GwHeading1", "一级标题", "段内一级标题"),
    "heading2": ("GwHeading2", "二级标题", "段内二级标题"),
    "heading3": ("GwHeading3", "三级标题", "段内三级标题"),
    "heading4": ("GwHeading4", "四级标题", "段内四级标题"),
    "recipient": ("GwRecipient", "主送机关", "主送机关字符"),
    "attachment": ("GwAttachment", "附件说明", "附件说明字符"),
    "signature": ("GwSignature", "署名", "署名字符"),
    "date": ("GwDate", "成文日期", "成文日期字符"),
    "note": ("GwNote", "附注", "附注字符"),
    "cc": ("GwCopyTo", "抄送", "抄送字符"),
    "imprint": ("GwImprint", "印发", "印发字符"),
    "page_number": ("GwPageNumber", "页码（奇数页）", "页码字符"),
    "issuer_mark": ("GwIssuerMark", "发文机关标志", "发文机关标志字符"),
    "doc_number": ("GwDocNumber", "发文字号", "发文字号字符"),
    "signer_label": ("GwSignerLabel", "签发人标签", "签发人标签"),
    "signer_name": ("GwSignerName", "签发人姓名", "签发人"),
    "copy_number": ("GwCopyNumber", "份号", "份号字符"),
    "secrecy": ("GwSecrecy", "密级", "密级字符"),
    "urgency": ("GwUrgency", "紧急程度", "紧急程度字符"),
}
EVEN_PAGE_NUMBER = StyleName("GwPageNumberEven", "页码（偶数页）", "", "")
BODY_ROLE = "body"
PAGE_NUMBER_ROLE = "page_number"
# 版记 lines stand between rules, so their characters are centred in the line rather than on its baseline.
COLOPHON_ROLES = ("cc", "imprint")
# Roles a run may take inside another role's paragraph: the run-in heading sentence and 签发人 on the 发文字号 line.
INLINE_ROLES = ("heading1", "heading2", "heading3", "heading4", "signer_label", "signer_name")
# Roles that only ever appear inside another role's paragraph get a character style and no paragraph style.
CHARACTER_ONLY_ROLES = ("signer_label", "signer_name")


def style_name(role: str) -> StyleName:
    """The style ids and names of a role; a role the table lacks is named after its key."""
    stem, paragraph_name, character_name = _NAMES.get(role, (f"Gw_{role}", role, f"{role}字符"))
    return StyleName(stem, paragraph_name, f"{stem}Char", character_name)


def paragraph_style_id(role: str) -> str:
    return style_name(role).paragraph_id


def character_style_id(role: str) -> str:
    return style_name(role).character_id


def styles_part(style: StyleSheet, inline_roles: set[str]) -> Element:
    """`<w:styles>` with the document defaults, a paragraph style per role and the character styles in use."""
    body = style.role(BODY_ROLE)
    root = element("styles", None, _doc_defaults(style, body))
    root.append(_builtin_character_default())
    root.append(_builtin_table_default())
    for name in style.roles:
        if name not in CHARACTER_ONLY_ROLES:
            root.append(_paragraph_style(style, style.roles[name]))
    root.append(_even_page_number_style(style))
    # Roles the document runs inline must exist (style.role raises a StyleError); the usual ones are
    # offered to the clerk even when this document does not use them.
    character_roles = {style.role(name).name for name in inline_roles} | {n for n in INLINE_ROLES if n in style.roles}
    for name in sorted(character_roles):
        root.append(_character_style(style, style.roles[name]))
    return root


def condensing(style: StyleSheet, role: TextRole) -> int:
    """Character spacing that puts chars_per_line body characters on one line (§5.2.2: 28 字 in 156 mm).

    Only roles set in the body size sit on the character grid; other sizes keep their natural width.
    """
    if role.size.pt != style.role(BODY_ROLE).size.pt:
        return 0
    return condensing_twips(role.size.pt, style.grid.cell_pt)


def _doc_defaults(style: StyleSheet, body: TextRole) -> Element:
    """`<w:docDefaults>`: the body face and size, Chinese language, exact grid line spacing, grid-keeping settings."""
    run_defaults = properties("rPr", [
        run_fonts(style.latin_font, style.fonts[body.font].word),
        *font_size(body.size.pt),
        language(LATIN_LANGUAGE, EAST_ASIAN_LANGUAGE),
    ])
    paragraph_defaults = properties("pPr", [*grid_keeping_properties(), exact_line_spacing(twips(style.grid.line_pitch.pt))])
    return element("docDefaults", None, element("rPrDefault", None, run_defaults),
                   element("pPrDefault", None, paragraph_defaults))


def grid_keeping_properties() -> list[Element]:
    """Paragraph settings that keep text on the grid, in the defaults and again in Normal (LibreOffice reads them there).

    `<w:widowControl w:val="0"/>` keeps every page at lines_per_page lines (§5.2.2).
    `<w:overflowPunct/>` is Word's default (a closing mark may hang past the last cell), written out
    because LibreOffice 7.4 reads it inverted and then moves a character down instead of hanging the
    mark; left to hang, LibreOffice sometimes fails to paint a hung mark after a figure.
    `<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>` stop Word putting extra space around digits
    and Latin words, which would push characters off the grid (LibreOffice 7.4 ignores them).
    """
    return [on_off("widowControl", False), on_off("overflowPunct", True), on_off("autoSpaceDE", False),
            on_off("autoSpaceDN", False)]


def role_paragraph_properties(style: StyleSheet, role: TextRole) -> list[Element]:
    """Alignment, indents, spacing and outline level of a role, as `<w:pPr>` children."""
    children = [justification(role.align), role_indentation(style, role)]
    if role.name == BODY_ROLE:
        children += grid_keeping_properties()
    # Spacing is stated in every style, so no application's own defaults for Title and the like creep in.
    if role.name in COLOPHON_ROLES:
        children.append(colophon_line_spacing(style, role))
    else:
        line = line_height(role.size.pt, style.grid.line_pitch.pt)
        children.append(exact_line_spacing(twips(line), before_twips=twips(role_gap_before(style, role.name))))
    if role.outline_level:
        children.append(element("outlineLvl", {"val": role.outline_level - 1}))
    return children


def colophon_line_spacing(style: StyleSheet, role: TextRole) -> Element:
    """A 版记 line one grid pitch tall with its characters centred: a tight exact line, the rest split above and below.

    `<w:spacing w:before="113" w:after="113" w:line="355" w:lineRule="exact"/>` for 14 pt on a 28.95 pt pitch.
    """
    line = max(centred_line_height(role.size.pt), role.size.pt)
    padding = max(0.0, (style.grid.line_pitch.pt - line) / 2)
    return exact_line_spacing(twips(line), before_twips=twips(padding), after_twips=twips(padding))


def role_gap_before(style: StyleSheet, role_name: str) -> float:
    """Blank space a role always leaves above itself, in points: one line above 主送机关 (§7.3.2) and 署名 (§7.3.5)."""
    return {"recipient": style.body.recipient_gap.pt, "signature": style.body.signature_gap.pt}.get(role_name, 0.0)


def role_indentation(style: StyleSheet, role: TextRole) -> Element:
    """The role's indents in twips, the first line also in Word's 字符 units when given in 字 at the body size."""
    return indentation(twips(role.first_indent.pt), twips(role.left_indent.pt), twips(role.right_indent.pt),
                       first_line_chars=first_line_chars(style, role, role.first_indent))


def first_line_chars(style: StyleSheet, role: TextRole, first_indent: Length) -> int:
    """w:firstLineChars (hundredths of a 字) for a first-line indent written in 字, for roles on the body grid.

    0 elsewhere: Word measures 字符 in the paragraph's own size, so other sizes keep the twips.
    """
    on_grid = role.size.pt == style.role(BODY_ROLE).size.pt
    return round(first_indent.chars * 100) if on_grid and first_indent.chars is not None else 0


def role_run_properties(style: StyleSheet, role: TextRole) -> list[Element]:
    """Face, size, weight, colour and grid condensing of a role, as `<w:rPr>` children."""
    face = style.fonts[role.font].word
    # §7.5: page numbers are 半角宋体阿拉伯数字, so the digits take the role's face, not the Latin font.
    latin = face if role.name == PAGE_NUMBER_ROLE else style.latin_font
    children = [run_fonts(latin, face), on_off("b", role.bold), on_off("bCs", role.bold), *font_size(role.size.pt)]
    if role.color.upper() != "#000000":
        children.append(colour(role.color))
    spacing = condensing(style, role)
    if spacing:
        children.append(element("spacing", {"val": spacing}))
    return children


def _paragraph_style(style: StyleSheet, role: TextRole) -> Element:
    names = style_name(role.name)
    is_body = role.name == BODY_ROLE
    attributes: dict[str, str | int] = {"type": "paragraph", "styleId": names.paragraph_id}
    if is_body:
        attributes["default"] = 1
    elif names.paragraph_id.startswith("Gw"):
        attributes["customStyle"] = 1
    node = element("style", attributes, element("name", {"val": names.paragraph_name}))
    if not is_body:
        node.append(element("basedOn", {"val": paragraph_style_id(BODY_ROLE)}))
        node.append(element("next", {"val": paragraph_style_id(BODY_ROLE)}))
    if role.name in INLINE_ROLES:
        node.append(element("link", {"val": names.character_id}))
    node.append(element("qFormat"))
    if role.name == PAGE_NUMBER_ROLE:
        node.append(properties("pPr", page_number_properties(style, odd=True)))
    else:
        node.append(properties("pPr", role_paragraph_properties(style, role)))
    node.append(properties("rPr", role_run_properties(style, role)))
    return node


def page_number_line_twips(style: StyleSheet) -> int:
    """The page number's exactly spaced line."""
    return twips(line_height(style.role(PAGE_NUMBER_ROLE).size.pt, style.grid.line_pitch.pt))


def page_number_space_before_twips(style: StyleSheet) -> int:
    """Space above the page number's line that puts the top of its characters `offset` below the text block."""
    size = style.role(PAGE_NUMBER_ROLE).size.pt
    line = line_height(size, style.grid.line_pitch.pt)
    return max(0, twips(style.page_number.offset.pt - em_top_below_line_top(line, size)))


def page_number_properties(style: StyleSheet, odd: bool) -> list[Element]:
    """§7.5: odd pages flush right, even pages flush left, each `inset` in from the text block's edge.

    The footer is exactly as tall as the bottom margin less the footer distance, so the figures stand
    `offset` below the text block whether the application hangs the footer from the text block
    (LibreOffice) or stands it on the footer distance (Word).
    """
    inset = twips(style.page_number.inset.pt)
    return [
        justification("right" if odd else "left"),
        indentation(0, 0 if odd else inset, inset if odd else 0),
        exact_line_spacing(page_number_line_twips(style), before_twips=page_number_space_before_twips(style)),
    ]


def _even_page_number_style(style: StyleSheet) -> Element:
    """页码（偶数页）: the page-number role mirrored, flush left with the inset on the left (§7.5)."""
    return element(
        "style", {"type": "paragraph", "customStyle": 1, "styleId": EVEN_PAGE_NUMBER.paragraph_id},
        element("name", {"val": EVEN_PAGE_NUMBER.paragraph_name}),
        element("basedOn", {"val": paragraph_style_id(PAGE_NUMBER_ROLE)}),
        element("qFormat"),
        properties("pPr", page_number_properties(style, odd=False)),
    )


def _character_style(style: StyleSheet, role: TextRole) -> Element:
    """A character style carrying the role's run properties, for runs inside another role's paragraph."""
    names = style_name(role.name)
    node = element("style", {"type": "character", "customStyle": 1, "styleId": names.character_id},
                   element("name", {"val": names.character_name}),
                   element("basedOn", {"val": "DefaultParagraphFont"}))
    if role.name in INLINE_ROLES and role.name not in CHARACTER_ONLY_ROLES:
        node.append(element("link", {"val": names.paragraph_id}))
    node.append(element("qFormat"))
    node.append(properties("rPr", role_run_properties(style, role)))
    return node


def _builtin_character_default() -> Element:
    """Word's "Default Paragraph Font", the base of every character style."""
    return element("style", {"type": "character", "default": 1, "styleId": "DefaultParagraphFont"},
                   element("name", {"val": "Default Paragraph Font"}),
                   element("uiPriority", {"val": 1}), element("semiHidden"), element("unhideWhenUsed"))


def _builtin_table_default() -> Element:
    """Word's "Normal Table" with no cell padding, so a table's rules span exactly its width."""
    zero = {"w": 0, "type": "dxa"}
    return element(
        "style", {"type": "table", "default": 1, "styleId": "TableNormal"},
        element("name", {"val": "Normal Table"}),
        element("uiPriority", {"val": 99}), element("semiHidden"), element("unhideWhenUsed"),
        element("tblPr", None,
                element("tblInd", zero),
                element("tblCellMar", None, element("top", zero), element("left", zero),
                        element("bottom", zero), element("right", zero))),
    )
