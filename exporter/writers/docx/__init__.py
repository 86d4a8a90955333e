"""The official-format DOCX (GB/T 9704-2012) built with python-docx: named styles, 版头, 主体, 版记 and page numbers, for Word to paginate."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.document import Document

from ...fonts import load_metrics, resolve_fonts
from ...layout import Pages, layout, page_number_baseline
from ...resolved import Resolved
from ...styles import StyleSheet
from .. import Job
from .body import add_attachments, add_block, add_note, add_recipients, add_title, inline_roles
from .colophon import ColophonPlacement, add_colophon, colophon_placement, has_colophon
from .header import add_header, has_header
from .package import prune_template, replace_font_table, replace_theme, save_reproducibly, set_properties
from .page import font_table, set_up_page, set_up_settings
from .seal import add_sealed_signature
from .signature import add_signature
from .styles import BODY_ROLE, define_styles
from .theme import theme_part


def write(job: Job, path: Path) -> None:
    """Write the report as a .docx at `path`."""
    resolved, style = job.resolved, job.style
    pages, folio_baseline = _laid_out(job)
    document = docx.Document()  # python-docx's default template: package, parts and relationships
    define_styles(document, style, inline_roles(resolved.blocks), folio_baseline)
    prune_template(document)
    replace_font_table(document, font_table(style))
    replace_theme(document, theme_part(style, heading_role="heading1", body_role=BODY_ROLE))
    set_up_settings(document)
    set_up_page(document, style, folio_baseline)  # before the 版记, whose table takes the text block's width
    add_content(document, resolved, style, colophon_placement(pages))
    set_properties(document, resolved.meta)
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
        fonts = resolve_fonts(sorted({face.pdf for face in style.fonts.values()}))
    metrics = {face: load_metrics(font) for face, font in fonts.items()}
    pages = job.pages if job.pages is not None else layout(job.resolved, style, metrics,
                                                            fallbacks=style.pdf.fallback_faces)
    return pages, page_number_baseline(style, metrics)


def add_content(document: Document, resolved: Resolved, style: StyleSheet, colophon: ColophonPlacement) -> None:
    """Every paragraph in reading order: 版头, title, 主送机关, body, 附件说明, 署名, 成文日期, 附注, 版记."""
    meta = resolved.meta
    header = has_header(meta, style)
    if header:
        add_header(document, meta, style)
    add_title(document, meta, style, after_header=header)
    add_recipients(document, meta)
    for block in resolved.blocks:
        add_block(document, block, style)
    add_attachments(document, meta, style)
    if meta.seal:
        add_sealed_signature(document, meta, Path(meta.seal), style)
    else:
        add_signature(document, meta, style)
    add_note(document, meta)
    if has_colophon(meta, style):
        add_colophon(document, meta, style, colophon)
