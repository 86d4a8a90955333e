"""The typeset PDF: paints the laid-out pages with embedded TrueType subsets, an outline, metadata and PDF/A-2b."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Mapping

from reportlab.pdfgen.canvas import Canvas

from ...collection import collection_paused
from ...errors import FontError, Location, error
from .. import Job
from .document import Document, pdf_document, without_ascii85
from .fontreg import embed, initial_font, small_fonts
from .metadata import metadata_of
from .outline import Outline
from .pagetexts import page_texts
from .paint import Painter, paint
from .plan import plan_pages

if TYPE_CHECKING:
    from ...fonts import FontFile
    from ...pages import Pages
    from ...styles import StyleSheet


def write(job: Job, path: Path) -> None:
    """Paint `job.pages` into a PDF at `path`."""
    pages, fonts, style = job.pages, job.fonts, job.style
    if pages is None or fonts is None:
        raise ValueError("the PDF writer needs the laid-out pages and the font files")
    with collection_paused():  # also when called on its own (the local page's previews)
        data = _pdf(job, pages, fonts, style)
    with open(path, "wb") as output:
        output.write(data)


def _pdf(job: Job, pages: Pages, fonts: Mapping[str, FontFile], style: StyleSheet) -> bytes:
    plan = plan_pages(pages)
    body_face = style.fonts[style.role("body").font].face
    used = sorted({body_face} | set(plan.shown))
    missing = [face for face in used if face not in fonts]
    if missing:
        raise FontError(error("F031", "没有找到 PDF 字体：" + "、".join(missing), Location("字体")))
    small = small_fonts({face: fonts[face] for face in used}, plan.shown)
    # invariant: no clock and no random id in ReportLab's output; the initial font is an embedded
    # face, so no unembedded Helvetica is referenced by the page preamble.
    canvas = Canvas(io.BytesIO(), pagesize=(pages.width, pages.height), invariant=1, pageCompression=1,
                    initialFontName=initial_font(small[body_face]),  # type: ignore[arg-type]  # a name, not a number
                    initialFontSize=style.role("body").size.pt, lang=style.pdf.language)
    document = Document(canvas, metadata_of(job.resolved, style.pdf.language), style.pdf.pdfa,
                        {bytes(font.font.face.name) for font in small.values()})
    painter = Painter(embed(small, pdf_document(canvas)))
    outline = Outline(canvas, pages.headings)
    with without_ascii85():
        with page_texts(painter, plan.pages, job.may_fork) as texts:
            for page, (content, page_fonts) in zip(pages.pages, texts, strict=True):
                outline.add_page(page.number)
                paint(canvas, page, content)
                canvas.showPage()
                document.finish_page(content, page_fonts, (image.picture.data for image in page.images))
        outline.finish()
        return document.data()
