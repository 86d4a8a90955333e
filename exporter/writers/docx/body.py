"""主体 (§7.3): title, 主送机关, headings and paragraphs, 附件说明 and 附注, each in its role's style."""

from __future__ import annotations

from typing import Iterable, Mapping, assert_never

from ...pages import Pages
from ...resolved import AttachmentNote, Block, Heading, Note, Paragraph, Recipients, Table, Title, VersionHead
from ...styles import StyleSheet
from .header import title_space_before
from .lines import drop_to_grid, line_height
from .measure import text_width
from .oxml import Element, paragraph_properties
from .paragraphs import Flow, add_break, add_text, keep_with_next, run_in_heading_keeping, set_exact_spacing, set_indents
from .styles import BODY_ROLE, character_style_id, paragraph_style_id
from .landscape import add_landscape_table
from .table import add_table
from .units import twips


def add_title(flow: Flow, title: Title, style: StyleSheet, head: VersionHead | None) -> None:
    """标题 (§7.3.1): one paragraph, its balanced lines joined by line breaks, `title_gap` below the red rule
    and `recipient_gap` above the 主送机关 or the body."""
    paragraph = add_title_lines(flow, title, style)
    space_title(paragraph, style, title_space_before(head, style) if head else 0.0, style.body.recipient_gap.pt)


def add_title_lines(flow: Flow, title: Title, style: StyleSheet) -> Element:
    """The title's lines in one paragraph of the title style, joined by line breaks."""
    paragraph = flow.paragraph(paragraph_style_id(style, "title"))
    for number, line in enumerate(title.lines):
        if number:
            add_break(paragraph)
        add_text(paragraph, line, flow.faces)
    return paragraph


def space_title(paragraph: Element, style: StyleSheet, before: float, after: float) -> None:
    """`<w:spacing w:before="…" w:after="…" w:line="579" w:lineRule="exact"/>`: a title's characters are larger
    than the body's, so they stand `drop_to_grid` lower in their line boxes to start where the PDF's do;
    the space after gives that back."""
    pitch, size = style.grid.line_pitch.pt, style.role("title").size.pt
    drop = drop_to_grid(size, pitch, style.role(BODY_ROLE).size.pt)
    set_exact_spacing(paragraph_properties(paragraph), twips(line_height(size, pitch)), twips(before + drop),
                      twips(after - drop))


def add_recipients(flow: Flow, recipients: Recipients, style: StyleSheet) -> None:
    """主送机关 (§7.3.2): flush left, one line below the title (the gap is the title's space after)."""
    add_text(flow.paragraph(paragraph_style_id(style, "recipient")), recipients.text, flow.faces)


def add_blocks(flow: Flow, blocks: tuple[Block, ...], style: StyleSheet, pages: Pages) -> None:
    """Headings, paragraphs and tables in reading order; the layout's `pages` give the grid lines of each table's
    rows, and how each landscape table was broken into pages (after one, the next block opens a page)."""
    for block in blocks:
        match block:
            case Heading() | Paragraph():
                add_block(flow, block, style)
            case Table():
                turned = pages.landscape_tables.get(block)
                if turned is not None:
                    add_landscape_table(flow, block, style, pages.table_rows[block], turned,
                                        pages.cell_offsets.get(block, {}))
                    flow.page_break_pending = True
                else:
                    add_table(flow, block, style, pages.table_rows.get(block, ()), pages.cell_offsets.get(block, {}))
            case _:
                assert_never(block)


def block_role(block: Heading | Paragraph) -> str:
    """The text role of a block's paragraph: its heading level's (a run-in heading's too), or the body's."""
    match block:
        case Heading():
            return f"heading{block.level}"
        case Paragraph():
            return f"heading{block.run_in_level}" if block.run_in_level else BODY_ROLE
        case _:
            assert_never(block)


def add_block(flow: Flow, block: Heading | Paragraph, style: StyleSheet) -> None:
    """A heading or paragraph in its role's style; runs of another role take a character style.

    A paragraph opened by a run-in heading ("（一）标题句。正文……") is one paragraph in the heading's style
    (heading 2, 标题 2): Word's navigation pane, outlines and pandoc list it as a heading of its level,
    and every application sets it as one paragraph, as the PDF does. Its body text takes the body's
    character style (正文字符). Word's own construction, a heading paragraph joined to the body by a
    style separator (a paragraph mark with w:vanish and w:specVanish), is not used: LibreOffice 7.4
    sets the two paragraphs on separate lines (measured).
    The heading style's keeping is switched off for the whole paragraph (`<w:keepNext w:val="0"/>`,
    `<w:keepLines w:val="0"/>`); when the heading sentence fills the first line, widow control
    (`<w:widowControl/>`) keeps that line off the bottom of a page, as the layout does.
    """
    role = block_role(block)
    keeping = run_in_heading_keeping(block, style) if isinstance(block, Paragraph) and block.run_in_level else ()
    flow.paragraph(paragraph_style_id(style, role), keeping,
                   ((run.text, None if run.role == role else character_style_id(style, run.role)) for run in block.runs))


def inline_roles(blocks: Iterable[Block]) -> set[str]:
    """Roles that appear as runs inside a paragraph of another role, so they need a character style."""
    roles: set[str] = set()
    for block in blocks:
        if not isinstance(block, Table):
            own = block_role(block)
            roles.update(run.role for run in block.runs if run.role != own)
    return roles


def add_attachment_note(flow: Flow, note: AttachmentNote, style: StyleSheet) -> None:
    """附件说明 (§7.3.4): `attachment_gap` below the body; "2." under "1.", and wrapped names under their first character.

    Each line hangs: `<w:ind w:left="…" w:hanging="…"/>` with the left edge at the name and the first
    line reaching back to "附件：" (first line) or to the number (later lines).
    """
    role = style.role("attachment")
    base = role.first_indent.pt
    label_width = text_width(note.label, style, role)
    for index, item in enumerate(note.items):
        name_start = base + label_width + text_width(item.number, style, role)
        reach_back = name_start - (base if index == 0 else base + label_width)
        paragraph = flow.paragraph(paragraph_style_id(style, "attachment"))
        add_text(paragraph, (note.label if index == 0 else "") + item.number + item.name, flow.faces)
        if index == 0:
            _space_before(paragraph, style, "attachment", style.body.attachment_gap.pt)
        keep_with_next(paragraph, index + 1 < len(note.items))  # the 附件说明 stands on one page
        set_indents(paragraph_properties(paragraph), -twips(reach_back), twips(name_start),
                    twips(role.right_indent.pt), char_twips=twips(role.size.pt))


def add_note(flow: Flow, note: Note, style: StyleSheet) -> None:
    """附注 (§7.3.6): on the line below the date, indented 2 字."""
    add_text(flow.paragraph(paragraph_style_id(style, "note")), note.text, flow.faces)


def _space_before(paragraph: Element, style: StyleSheet, role: str, gap_pt: float) -> None:
    """`<w:spacing w:before="1158" w:after="0" w:line="579" w:lineRule="exact"/>`: blank lines as space, not empty paragraphs."""
    line = line_height(style.role(role).size.pt, style.grid.line_pitch.pt)
    set_exact_spacing(paragraph_properties(paragraph), twips(line), before_twips=twips(gap_pt))
