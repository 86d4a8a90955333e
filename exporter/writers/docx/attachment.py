"""附件 (§7.3.7): each on a new page, "附件N" flush left on line 1, its title centred on line 3, then its body."""

from __future__ import annotations

from ...pages import Pages
from ...resolved import Attachment, Title
from ...styles import StyleSheet
from .body import add_blocks, add_title_lines, space_title
from .paragraphs import Flow, add_text, keep_with_next, page_break_before
from .styles import paragraph_style_id


def add_attachment(flow: Flow, attachment: Attachment, style: StyleSheet, pages: Pages) -> None:
    """`<w:pageBreakBefore/>` on the label paragraph; the title `title_gap` below it, the body `body_gap` below that."""
    label = flow.paragraph(paragraph_style_id(style, "attachment_label"))
    if attachment.doc_number:  # a detached attachment carries the 发文字号 before its label
        add_text(label, attachment.doc_number, flow.faces)
    add_text(label, attachment.label, flow.faces)
    page_break_before(label)
    keep_with_next(label)
    title = add_title_lines(flow, Title(attachment.title_lines), style)
    space_title(title, style, style.attachment.title_gap.pt, style.attachment.body_gap.pt)
    keep_with_next(title)
    add_blocks(flow, attachment.blocks, style, pages)
