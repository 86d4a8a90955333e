"""The typeset PDF: paints the laid-out pages with embedded TrueType subsets, an outline, metadata and PDF/A-2b."""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from ...errors import FontError, Location, error
from .. import Job
from .finish import finish, without_ascii85
from .fontreg import register_faces
from .metadata import metadata_of
from .outline import Outline
from .paint import Painter


def write(job: Job, path: Path) -> None:
    """Paint `job.pages` into a PDF at `path`."""
    pages, fonts, style = job.pages, job.fonts, job.style
    if pages is None or fonts is None:
        raise ValueError("the PDF writer needs the laid-out pages and the font files")
    body_face = style.fonts[style.role("body").font].face
    used = sorted({body_face} | {s.face for page in pages.pages for line in page.lines for s in line.styles})
    missing = [face for face in used if face not in fonts]
    if missing:
        raise FontError(error("F031", "没有找到 PDF 字体：" + "、".join(missing), Location("字体")))
    names = register_faces({face: fonts[face] for face in used})
    initial = names[body_face]
    buffer = io.BytesIO()
    # invariant: no clock and no random id in ReportLab's output; the initial font is an embedded
    # face, so no unembedded Helvetica is referenced by the page preamble.
    canvas = Canvas(buffer, pagesize=(pages.width, pages.height), invariant=1, pageCompression=1,
                    initialFontName=initial, initialFontSize=style.role("body").size.pt,  # type: ignore[arg-type]  # stubs: name typed as float
                    lang=style.pdf.language)
    painter = Painter(canvas, names)
    outline = Outline(canvas, pages.headings)
    with without_ascii85():
        for page in pages.pages:
            outline.add_page(page.number)
            painter.paint(page)
            canvas.showPage()
        outline.finish()
        canvas.save()
    finish(buffer.getvalue(), painter.page_fonts, metadata_of(job.resolved, style.pdf.language), style.pdf.pdfa, path)
