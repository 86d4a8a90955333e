"""The official-format DOCX (GB/T 9704-2012): named styles, 版头, 主体, 版记 and page numbers, for Word to paginate."""

from __future__ import annotations

from pathlib import Path

from ...resolved import Resolved
from ...styles import StyleSheet
from .. import Job
from .body import attachment_paragraphs, block_paragraph, inline_roles, note_paragraph, recipient_paragraph, title_paragraph
from .colophon import colophon_table, has_colophon
from .footer import footer_part
from .header import has_header, header_paragraphs
from .oxml import Element, element, serialise
from .package import DOCUMENT, EVEN_FOOTER, FONT_TABLE, ODD_FOOTER, SETTINGS, STYLES, THEME, relationship_id, write_package
from .page import font_table_part, section_properties, settings_part
from .signature import signature_paragraphs
from .styles import BODY_ROLE, styles_part
from .theme import theme_part


def write(job: Job, path: Path) -> None:
    """Write the report as a .docx at `path`."""
    resolved, style = job.resolved, job.style
    body = element("body", None, *document_content(resolved, style),
                   section_properties(style, relationship_id(ODD_FOOTER), relationship_id(EVEN_FOOTER)))
    write_package(path, {
        DOCUMENT: serialise(element("document", None, body)),
        STYLES: serialise(styles_part(style, inline_roles(resolved.blocks))),
        SETTINGS: serialise(settings_part()),
        FONT_TABLE: serialise(font_table_part(style)),
        ODD_FOOTER: serialise(footer_part(style, odd=True)),
        EVEN_FOOTER: serialise(footer_part(style, odd=False)),
        THEME: theme_part(style, heading_role="heading1", body_role=BODY_ROLE),
    }, resolved.meta)


def document_content(resolved: Resolved, style: StyleSheet) -> list[Element]:
    """Every paragraph in reading order: 版头, title, 主送机关, body, 附件说明, 署名, 成文日期, 附注, 版记."""
    meta = resolved.meta
    header = has_header(meta, style)
    content = header_paragraphs(meta, style) if header else []
    content.append(title_paragraph(meta, style, after_header=header))
    content += recipient_paragraph(meta)
    content += [block_paragraph(block) for block in resolved.blocks]
    content += attachment_paragraphs(meta, style)
    content += signature_paragraphs(meta, style)
    content += note_paragraph(meta)
    if has_colophon(meta, style):
        content += colophon_table(meta, style)
    return content
