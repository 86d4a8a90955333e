"""印章 images decoded once at load: what the writers receive, and nothing of Pillow's English reaching the clerk."""

from __future__ import annotations

import io
import warnings
import zipfile
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from conftest import PROJECT
from docx_fixtures import seal_of, short_resolved
from exporter.errors import ContentError, Location
from exporter.fonts import load_metrics, resolve_fonts
from exporter.images import MAX_SEAL_PIXELS, read_seal
from exporter.layout import layout
from exporter.styles import StyleSheet
from exporter.writers import Job
from exporter.writers.docx import write as write_docx
from exporter.writers.pdf import write as write_pdf

CORPUS = PROJECT / "tests" / "hostile"


def test_a_png_seal_reaches_the_writers_byte_for_byte(seal_image: Path) -> None:
    seal = seal_of(seal_image)
    assert seal.data == seal_image.read_bytes()
    assert (seal.format, seal.width, seal.height, seal.mode) == ("PNG", 600, 600, "RGBA")


@pytest.mark.parametrize("name, fmt, mode", [
    ("seal-cmyk.jpg", "JPEG", "RGB"),  # Adobe CMYK: RGB for the PDF/A intent, JFIF for python-docx
    ("seal-no-jfif.jpg", "JPEG", "RGB"),  # no JFIF or Exif header: python-docx cannot recognise it
    ("seal-16-bit-grey.png", "PNG", "L"),
])
def test_pictures_a_writer_cannot_take_are_written_again_once(name: str, fmt: str, mode: str) -> None:
    seal = read_seal(CORPUS, name, Location(name))
    assert (seal.format, seal.mode) == (fmt, mode)
    assert seal.data != (CORPUS / name).read_bytes()
    with Image.open(io.BytesIO(seal.data)) as picture:
        assert (picture.format, picture.mode, picture.size) == (fmt, mode, (seal.width, seal.height))
    if fmt == "JPEG":
        assert seal.data[6:10] == b"JFIF"


def test_the_16_bit_grey_seal_keeps_its_ink() -> None:
    seal = read_seal(CORPUS, "seal-16-bit-grey.png", Location("x"))
    with Image.open(io.BytesIO(seal.data)) as picture:
        assert picture.getextrema() == (0, 255)  # scaled, not clipped to white


def test_a_cmyk_seal_goes_into_the_docx_as_an_rgb_jpeg(style: StyleSheet, tmp_path: Path) -> None:
    path = tmp_path / "cmyk.docx"
    write_docx(Job(short_resolved(seal=seal_of(CORPUS / "seal-cmyk.jpg")), style), path)
    with zipfile.ZipFile(path) as archive:
        (media,) = [name for name in archive.namelist() if name.startswith("word/media/")]
        with Image.open(io.BytesIO(archive.read(media))) as picture:
            assert (picture.format, picture.mode) == ("JPEG", "RGB")


@pytest.mark.parametrize("name", ["seal-100-megapixels.png", "seal-400-megapixels.png", "seal-5000px.png"])
def test_oversized_seals_are_refused_without_pillows_warning(name: str) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(ContentError, match=f"最大 {MAX_SEAL_PIXELS} × {MAX_SEAL_PIXELS}") as refused:
            read_seal(CORPUS, name, Location("report.yaml", 5, 9))
    assert not caught
    assert str(refused.value.diagnostics[0].location) == "report.yaml:5:9"


def test_a_seal_pdf_image_is_rgb_for_every_accepted_picture(style: StyleSheet, tmp_path: Path) -> None:
    faces = sorted({face.face for face in style.fonts.values()})
    fonts = resolve_fonts(faces)
    metrics = {face: load_metrics(font) for face, font in fonts.items()}
    for name in ("seal-cmyk.jpg", "seal-no-jfif.jpg", "seal-16-bit-grey.png", "seal-palette.png"):
        resolved = short_resolved(seal=read_seal(CORPUS, name, Location(name)))
        path = tmp_path / f"{name}.face"
        write_pdf(Job(resolved, style, layout(resolved, style, metrics), fonts), path)
        with pikepdf.open(path) as pdf:
            (image,) = [image for page in pdf.pages for image in page.get_images().values()]
            assert image.ColorSpace in (pikepdf.Name.DeviceRGB, pikepdf.Name.DeviceGray), name
