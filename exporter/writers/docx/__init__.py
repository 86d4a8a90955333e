"""The official-format DOCX (GB/T 9704-2012) built with python-docx: named styles, 版头, 主体, 附件, 版记 and page numbers, for Word to paginate."""

from __future__ import annotations

from pathlib import Path
from typing import assert_never

import docx
from docx.document import Document

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
from .colophon import add_colophon
from .header import add_header
from .package import prune_template, replace_font_table, replace_theme, save_reproducibly, set_properties
from .page import font_table, set_up_page, set_up_settings
from .seal import add_sealed_signature
from .signature import add_signature
from .styles import BODY_ROLE, define_styles
from .theme import theme_part


def write(job: Job, path: Path) -> None:
    """Write the report as a .docx at `path`."""
    resolved, style = job.resolved, job.style
    document = docx.Document()  # python-docx's default template: package, parts and relationships
    define_styles(document, style, inline_roles(resolved.blocks()))
    prune_template(document)
    replace_font_table(document, font_table(style))
    replace_theme(document, theme_part(style, heading_role="heading1", body_role=BODY_ROLE))
    set_up_settings(document)
    set_up_page(document, style)  # before the 版记, whose table takes the text block's width
    add_content(document, resolved, style)
    set_properties(document, resolved.properties)
    save_reproducibly(document, path)


def add_content(document: Document, resolved: Resolved, style: StyleSheet) -> None:
    """Every element in the order resolve gives: 版头, title, 主送机关, body, 附件说明, 署名, 附注, 附件, 版记."""
    after_header = False
    for element in resolved.elements:
        match element:
            case VersionHead():
                add_header(document, element, style)
            case Title():
                add_title(document, element, style, after_header)
            case Recipients():
                add_recipients(document, element)
            case Body():
                add_blocks(document, element.blocks, style)
            case AttachmentNote():
                add_attachment_note(document, element, style)
            case Signature():
                add_signature(document, element, style)
            case SealedSignature():
                add_sealed_signature(document, element, style)
            case Note():
                add_note(document, element)
            case Attachment():
                add_attachment(document, element, style)
            case Colophon():
                add_colophon(document, element, style)
            case _:
                assert_never(element)
        after_header = isinstance(element, VersionHead)
