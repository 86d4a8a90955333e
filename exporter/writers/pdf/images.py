"""Pictures on the page (the 印章): drawn into their boxes like stamped ink, their transparency kept as a soft mask."""

from __future__ import annotations

from pathlib import Path

from PIL import Image as Picture
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from ...errors import ContentError, Location, error, relative_name
from ...pages import Image

# Pillow modes ReportLab writes as DeviceGray or DeviceRGB, the spaces the PDF/A sRGB output intent
# covers; DeviceCMYK (a CMYK JPEG) would need a CMYK intent.
_GREY_OR_RGB_MODES = ("1", "L", "LA", "P", "PA", "RGB", "RGBA", "I;16", "I", "F")


def paint_image(canvas: Canvas, image: Image) -> None:
    """Draw `image` scaled into its box, like ink stamped on the printed page.

    A PNG's alpha channel becomes the image's soft mask (SMask), so the paper and text around the
    seal's strokes show; the strokes multiply with what lies under them, so black text under red
    ink stays black, as on a stamped sheet. The picture goes in through a reader, not by file name:
    ReportLab then names the image object after its pixels, so the same seal gives the same bytes
    wherever its file lies.
    """
    canvas.saveState()
    try:
        canvas.setBlendMode("Multiply")
        canvas.drawImage(_reader(image.path), image.x, image.y, image.width, image.height, mask="auto")
    except (OSError, ValueError, SyntaxError, Picture.DecompressionBombError) as exc:
        raise ContentError(error("P010", "印章图片无法读取：文件可能已损坏，或不是 PNG、JPEG 图片",
                                 Location(relative_name(Path(image.path))),
                                 "用图片软件把印章另存为 PNG（透明背景）或 JPEG 文件后再试。")) from exc
    finally:
        canvas.restoreState()


def _reader(path: str) -> ImageReader:
    """The picture as ReportLab reads it; a CMYK JPEG is turned to RGB, the space of the PDF/A output intent."""
    with Picture.open(path) as picture:
        if picture.mode not in _GREY_OR_RGB_MODES:
            return ImageReader(picture.convert("RGB"))
    return ImageReader(path)  # a JPEG in RGB or grey keeps its compressed bytes
