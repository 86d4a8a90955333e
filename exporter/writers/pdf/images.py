"""Pictures on the page (the 印章): drawn into their boxes like stamped ink, their transparency kept as a soft mask."""

from __future__ import annotations

import io

from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from ...pages import Image


def paint_image(canvas: Canvas, image: Image) -> None:
    """Draw `image` scaled into its box, like ink stamped on the printed page.

    A PNG's alpha channel becomes the image's soft mask (SMask), so the paper and text around the
    seal's strokes show; the strokes multiply with what lies under them, so black text under red
    ink stays black, as on a stamped sheet. The picture was checked when the source was loaded (grey
    or RGB, the spaces of the PDF/A sRGB output intent, every pixel readable) and goes in as bytes:
    ReportLab then names the image object after its pixels, so the same seal gives the same bytes
    wherever its file lies. A JPEG keeps its compressed bytes.
    """
    canvas.saveState()
    try:
        canvas.setBlendMode("Multiply")
        reader = ImageReader(io.BytesIO(image.picture.data))
        canvas.drawImage(reader, image.x, image.y, image.width, image.height, mask="auto")
    finally:
        canvas.restoreState()
