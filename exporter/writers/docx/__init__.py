"""The official-format DOCX (GB/T 9704-2012) built with python-docx: named styles, 版头, 主体, 附件, 版记 and page numbers, for Word to paginate."""

from __future__ import annotations

from pathlib import Path
from typing import assert_never

import docx
from docx.document import Document

from ...fonts import load_metrics, resolve_fonts
from ...layout import layout
from ...layout.folio import page_number_baseline
from ...pages import Pages
from ...resolved import (
    Attachment,
    AttachmentNote,
    Body,
    Colophon,
    Note,
    Recipients,
    Resolved,
    SealedSignature,
    Signature,
    Title,
    VersionHead,
)
from ...styles import StyleSheet
from .. import Job
from .attachment import add_attachment
from .body import add_attachment_note, add_blocks, add_note, add_recipients, add_title, inline_roles
from .colophon import add_colophon, colophon_placement
from .header import add_header
from .oxml import EastAsianFaces
from .package import prune_template, replace_font_table, replace_theme, save_reproducibly, set_properties
from .page import font_table, set_up_page, set_up_settings
from .paragraphs import Flow
from .seal import add_sealed_signature
from .signature import add_signature
from .styles import BODY_ROLE, define_styles
from .theme import theme_part


def write(job: Job, path: Path) -> None:
    """Write the report as a .docx at `path`."""
    resolved, style = job.resolved, job.style
    pages, folio_baseline = _laid_out(job)
    document = docx.Document()  # python-docx's default template: package, parts and relationships
    define_styles(document, style, inline_roles(resolved.blocks()), folio_baseline)
    prune_template(document)
    replace_font_table(document, font_table(style))
    replace_theme(document, theme_part(style, heading_role="heading1", body_role=BODY_ROLE))
    set_up_settings(document)
    faces = EastAsianFaces(document.styles.element)  # the styles are final: runs may look up their faces
    set_up_page(document, style, folio_baseline, faces)  # before the body, whose tables take the text block's width
    add_content(body_flow(document, faces), resolved, style, pages)
    set_properties(document, resolved.properties)
    save_reproducibly(document, path)


def _laid_out(job: Job) -> tuple[Pages, float]:
    """The layout's pages and the page number's baseline below the text block, for what the DOCX cannot decide.

    Word breaks the DOCX's lines where the layout does, so the layout knows on which page the 版记 stands
    (§7.4, §7.5). The page number's baseline comes from the dash in the face that prints it; the DOCX names
    宋体, and the outline is read from the file that serves it here (the clerk's simsun.ttc when supplied,
    else the open face the LibreOffice preview also uses), as for the PDF.
    """
    style = job.style
    fonts = job.fonts
    if fonts is None:
        fonts = resolve_fonts(sorted({face.face for face in style.fonts.values()}))
    metrics = {face: load_metrics(font) for face, font in fonts.items()}
    pages = job.pages if job.pages is not None else layout(job.resolved, style, metrics,
                                                            fallbacks=style.pdf.fallback_faces)
    return pages, page_number_baseline(style, metrics)


def body_flow(document: Document, faces: EastAsianFaces) -> Flow:
    """The document body, written before its closing `<w:sectPr>` (the page set-up python-docx made)."""
    body = document.element.body
    section = document.sections[-1]
    width, left, right = section.page_width, section.left_margin, section.right_margin
    assert width is not None and left is not None and right is not None, "set_up_page gives the page its size"
    return Flow(body, document, faces, width - left - right, before=body.sectPr)


def add_content(flow: Flow, resolved: Resolved, style: StyleSheet, pages: Pages) -> None:
    """Every element in the order resolve gives: 版头, title, 主送机关, body, 附件说明, 署名, 附注, 附件, 版记.

    Where Word cannot decide as the layout did, the layout's pages say: the heights of table rows, and the
    page of the 版记.
    """
    head: VersionHead | None = None
    elements = resolved.elements
    for index, element in enumerate(elements):
        note_follows = index + 1 < len(elements) and isinstance(elements[index + 1], Note)
        match element:
            case VersionHead():
                add_header(flow, element, style)
                head = element
            case Title():
                add_title(flow, element, style, head)
            case Recipients():
                add_recipients(flow, element, style)
            case Body():
                add_blocks(flow, element.blocks, style, pages)
            case AttachmentNote():
                add_attachment_note(flow, element, style)
            case Signature():
                add_signature(flow, element, style, note_follows)
            case SealedSignature():
                add_sealed_signature(flow, element, style, note_follows)
            case Note():
                add_note(flow, element, style)
            case Attachment():
                add_attachment(flow, element, style, pages)
            case Colophon():
                add_colophon(flow, element, style, colophon_placement(pages))
            case _:
                assert_never(element)
