"""The PDF with a 印章 (§7.3.5.1): the seal's size and place, the date 4 字 from the right, the name centred over it, read back from the file."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pikepdf
import pikepdf.pdfa
import pytest
from PIL import Image

from docx_fixtures import META, sample_resolved, seal_of, short_resolved
from exporter.fonts import FontFile, load_metrics, resolve_fonts
from exporter.layout import layout
from exporter.pages import Pages
from exporter.resolved import Resolved
from exporter.styles import StyleSheet
from exporter.writers import Job
from exporter.writers.pdf import write
from test_layout import paragraph_of_lines, report

FACES = ("songti", "fangsong", "heiti", "kaiti", "xiaobiaosong", "latin")
MM = 72 / 25.4
PITCH = 28.95  # pt, one grid line
CELL = 156 * MM / 28  # one 字
BLOCK_RIGHT = (28 + 156) * MM  # the text block's right edge from the paper's left edge
TOLERANCE = 0.5 * MM
RENDER_DPI = 100
CLOSING_KINDS = ("signature", "date", "note")


@dataclass(frozen=True)
class Box:
    """A printed line or the seal, in points from the page's top left (pdfplumber's frame)."""

    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def centre_x(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def centre_y(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True)
class Printed:
    """What the page holding the seal shows: its lines by text, and the seal."""

    page: int  # 1-based
    lines: dict[str, Box]
    seal: Box


def build_pdf(resolved: Resolved, style: StyleSheet, fonts: dict[str, FontFile], path: Path) -> Pages:
    pages = layout(resolved, style, {face: load_metrics(font) for face, font in fonts.items()})
    write(Job(resolved, style, pages, fonts), path)
    return pages


def read_printed(path: Path) -> Printed:
    with pdfplumber.open(path) as pdf:
        sealed_pages = [page for page in pdf.pages if page.images]
        assert len(sealed_pages) == 1 and len(sealed_pages[0].images) == 1
        page = sealed_pages[0]
        image = page.images[0]
        rows: dict[float, list[dict]] = defaultdict(list)
        for char in page.chars:  # by baseline: digits in the Latin face have another font box than ideographs
            rows[round(page.height - char["matrix"][5], 2)].append(char)
        lines = {}
        for baseline, chars in rows.items():
            chars.sort(key=lambda c: c["x0"])
            size = max(c["size"] for c in chars)  # the line's em box: 0.88 em above the baseline, 0.12 em below
            lines["".join(c["text"] for c in chars)] = Box(chars[0]["x0"], chars[-1]["x1"], baseline - 0.88 * size,
                                                           baseline + 0.12 * size)
        return Printed(page.page_number, lines, Box(image["x0"], image["x1"], image["top"], image["bottom"]))


@pytest.fixture(scope="module")
def fonts() -> dict[str, FontFile]:
    return resolve_fonts(FACES)


@pytest.fixture(scope="module")
def metrics(fonts: dict[str, FontFile]) -> dict:
    return {face: load_metrics(font) for face, font in fonts.items()}


@pytest.fixture(scope="module")
def sealed_pdf(sealed: Resolved, style: StyleSheet, fonts: dict[str, FontFile],
               tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sealed-pdf") / "sealed.pdf"
    build_pdf(sealed, style, fonts, path)
    return path


@pytest.fixture(scope="module")
def printed(sealed_pdf: Path) -> Printed:
    return read_printed(sealed_pdf)


def line(printed: Printed, text: str | None) -> Box:
    assert text and text in printed.lines, text
    return printed.lines[text]


# ---------------------------------------------------------------- the seal's size and place
def test_seal_is_42_mm_square_on_the_page_of_the_date(printed: Printed) -> None:
    assert printed.seal.x1 - printed.seal.x0 == pytest.approx(42 * MM, abs=TOLERANCE)
    assert printed.seal.bottom - printed.seal.top == pytest.approx(42 * MM, abs=TOLERANCE)
    assert META.date in printed.lines and META.signature in printed.lines


def test_seal_top_is_within_one_line_below_the_last_line_of_text(printed: Printed) -> None:
    """§7.3.5.1 印章顶端应当上距正文（或附件说明）一行之内: here 附件说明 ends the body; the style asks half a line."""
    last = line(printed, META.attachments[-1])
    gap = printed.seal.top - last.bottom
    assert 0 < gap <= PITCH
    assert gap == pytest.approx(0.5 * PITCH, abs=TOLERANCE)


def test_seal_centre_is_the_date_centre(printed: Printed) -> None:
    assert printed.seal.centre_x == pytest.approx(line(printed, META.date).centre_x, abs=TOLERANCE)


def test_date_ends_four_characters_from_the_right_edge(printed: Printed) -> None:
    """成文日期一般右空四字编排."""
    assert BLOCK_RIGHT - line(printed, META.date).x1 == pytest.approx(4 * CELL, abs=TOLERANCE)


def test_name_is_centred_over_the_date(printed: Printed) -> None:
    """以成文日期为准居中编排发文机关署名."""
    assert line(printed, META.signature).centre_x == pytest.approx(line(printed, META.date).centre_x, abs=TOLERANCE)


def test_name_three_lines_and_date_four_lines_below_the_last_line(printed: Printed) -> None:
    """Two blank grid lines under the 附件说明, the name, then the date on the next line."""
    last = line(printed, META.attachments[-1])
    assert line(printed, META.signature).top - last.top == pytest.approx(3 * PITCH, abs=0.01)
    assert line(printed, META.date).top - last.top == pytest.approx(4 * PITCH, abs=0.01)


def test_name_and_date_sit_below_the_seal_centre(printed: Printed) -> None:
    """使发文机关署名和成文日期居印章中心偏下位置: the centre passes through the name's upper half."""
    centre = printed.seal.centre_y
    name, date = line(printed, META.signature), line(printed, META.date)
    assert centre < name.centre_y < date.centre_y < printed.seal.bottom
    assert name.top < centre
    assert printed.seal.x0 < date.x0 and date.x1 < printed.seal.x1


# ---------------------------------------------------------------- how it is painted
@pytest.fixture(scope="module")
def rendering(sealed_pdf: Path, printed: Printed, tmp_path_factory: pytest.TempPathFactory) -> Image.Image:
    stem = tmp_path_factory.mktemp("render") / "page"
    subprocess.run(["pdftoppm", "-r", str(RENDER_DPI), "-f", str(printed.page), "-l", str(printed.page), "-png",
                    "-singlefile", str(sealed_pdf), str(stem)], check=True)
    return Image.open(stem.with_suffix(".png")).convert("RGB")


def pixels_in(rendering: Image.Image, box: Box) -> list[tuple[int, int, int]]:
    scale = RENDER_DPI / 72
    return list(rendering.crop((round(box.x0 * scale), round(box.top * scale),
                                round(box.x1 * scale), round(box.bottom * scale))).get_flattened_data())


def dark_pixels(rendering: Image.Image, box: Box) -> int:
    return sum(max(pixel) < 90 for pixel in pixels_in(rendering, box))


def test_text_shows_through_the_seal_and_paper_around_its_ring(rendering: Image.Image, printed: Printed) -> None:
    """The seal's transparent parts let the 署名 and 日期 and the paper show: an opaque square would blot them out."""
    for text in (META.signature, META.date):
        assert dark_pixels(rendering, line(printed, text)) > 100, text
    seal = printed.seal
    # Inside the ring, left of the star and above the name: bare paper.
    clear = Box(seal.x0 + 0.15 * (seal.x1 - seal.x0), seal.x0 + 0.25 * (seal.x1 - seal.x0),
                seal.top + 0.3 * (seal.bottom - seal.top), seal.top + 0.4 * (seal.bottom - seal.top))
    assert all(min(pixel) > 235 for pixel in pixels_in(rendering, clear))


def test_the_seal_ink_does_not_hide_the_name_under_its_star(rendering: Image.Image, printed: Printed) -> None:
    """Like stamped ink, the red multiplies with the print beneath it: 人 under the star's centre stays black."""
    seal, name = printed.seal, line(printed, META.signature)
    scale = RENDER_DPI / 72
    red, green, blue = rendering.getpixel((round(seal.centre_x * scale), round((seal.top + 0.35 * (seal.bottom - seal.top)) * scale)))
    assert red > 200 and green < 60 and blue < 60  # the star, above the name
    width = (name.x1 - name.x0) / len(META.signature or "")
    under_star = Box(name.x0 + 3 * width, name.x0 + 4 * width, name.top, name.bottom)  # 南阳市【人】民政府
    assert META.signature and META.signature[3] == "人"
    assert dark_pixels(rendering, under_star) > 20


def test_seal_keeps_its_alpha_as_a_soft_mask_and_lies_over_the_text(sealed_pdf: Path, printed: Printed) -> None:
    with pikepdf.open(sealed_pdf) as pdf:
        page = pdf.pages[printed.page - 1]
        (image,) = page.get_images().values()
        assert image.get("/SMask") is not None
        assert image.SMask.Width == image.Width == 600
        operators = [str(operator) for _, operator in pikepdf.parse_content_stream(page)]
    assert operators.index("Do") > max(k for k, name in enumerate(operators) if name == "ET")


def test_extracted_text_is_the_laid_out_text(sealed: Resolved, style: StyleSheet, metrics: dict,
                                             sealed_pdf: Path, printed: Printed) -> None:
    pages = layout(sealed, style, metrics)
    for page in pages.pages:
        extracted = subprocess.run(["pdftotext", "-layout", "-f", str(page.number), "-l", str(page.number), str(sealed_pdf), "-"],
                                   capture_output=True, text=True, check=True).stdout
        assert re.sub(r"\s", "", extracted) == re.sub(r"\s", "", "".join(line.text for line in page.lines)), page.number
    copied = subprocess.run(["pdftotext", "-f", str(printed.page), "-l", str(printed.page), str(sealed_pdf), "-"],
                            capture_output=True, text=True, check=True).stdout.splitlines()
    assert META.signature in copied and META.date in copied and META.note in copied


def test_pdfa_2b_validation_passes(sealed_pdf: Path) -> None:
    verdict = pikepdf.pdfa.validate_written(sealed_pdf, "2b")
    assert verdict.passed, verdict.findings


def test_same_seal_gives_the_same_bytes_wherever_its_file_lies(sealed: Resolved, style: StyleSheet,
                                                               fonts: dict[str, FontFile], sealed_pdf: Path,
                                                               seal_image: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.pdf"
    build_pdf(sealed, style, fonts, again)
    assert again.read_bytes() == sealed_pdf.read_bytes()
    moved = shutil.copy(seal_image, tmp_path / "印章.png")
    elsewhere = tmp_path / "elsewhere.pdf"
    build_pdf(sample_resolved(seal=seal_of(moved)), style, fonts, elsewhere)
    assert elsewhere.read_bytes() == sealed_pdf.read_bytes()


def scanned(seal_image: Path, path: Path, mode: str) -> Path:
    """The seal as a scan gives it: a JPEG on white paper, no transparency."""
    picture = Image.open(seal_image)
    Image.alpha_composite(Image.new("RGBA", picture.size, "white"), picture).convert(mode).save(path, quality=90)
    return path


def test_a_jpeg_seal_keeps_its_bytes_and_its_white_hides_nothing(seal_image: Path, style: StyleSheet,
                                                                  fonts: dict[str, FontFile], tmp_path: Path) -> None:
    jpeg = scanned(seal_image, tmp_path / "seal.jpg", "RGB")
    path = tmp_path / "jpeg.pdf"
    build_pdf(short_resolved(seal=seal_of(jpeg)), style, fonts, path)
    with pikepdf.open(path) as pdf:
        (image,) = [image for page in pdf.pages for image in page.get_images().values()]
        # the scan's own JPEG bytes, under the JPEG filter alone (a name, or ReportLab's array of one)
        filters = image.Filter if isinstance(image.Filter, pikepdf.Array) else pikepdf.Array([image.Filter])
        assert list(filters) == [pikepdf.Name.DCTDecode] and image.read_raw_bytes() == jpeg.read_bytes()
    printed = read_printed(path)
    subprocess.run(["pdftoppm", "-r", str(RENDER_DPI), "-f", str(printed.page), "-l", str(printed.page), "-png",
                    "-singlefile", str(path), str(tmp_path / "page")], check=True)
    rendering = Image.open(tmp_path / "page.png").convert("RGB")
    for text in (META.signature, META.date):
        assert dark_pixels(rendering, line(printed, text)) > 100, text


def test_a_cmyk_jpeg_seal_is_turned_to_rgb_for_pdfa(seal_image: Path, style: StyleSheet, fonts: dict[str, FontFile],
                                                    tmp_path: Path) -> None:
    jpeg = scanned(seal_image, tmp_path / "seal-cmyk.jpg", "CMYK")
    path = tmp_path / "cmyk.pdf"
    build_pdf(short_resolved(seal=seal_of(jpeg)), style, fonts, path)
    with pikepdf.open(path) as pdf:
        (image,) = [image for page in pdf.pages for image in page.get_images().values()]
        assert image.ColorSpace == pikepdf.Name.DeviceRGB
    verdict = pikepdf.pdfa.validate_written(path, "2b")
    assert verdict.passed, verdict.findings


# ---------------------------------------------------------------- the layout around the seal
def test_the_seal_moves_nothing_above_the_name(sealed: Resolved, style: StyleSheet, metrics: dict) -> None:
    sealed_pages = layout(sealed, style, metrics)
    plain_pages = layout(sample_resolved(), style, metrics)

    def text_above_the_name(pages: Pages) -> list:
        return [(page.number, line.top, line.left, line.text) for page in pages.pages for line in page.lines
                if line.kind not in CLOSING_KINDS + ("cc", "imprint", "page_number")]

    assert text_above_the_name(sealed_pages) == text_above_the_name(plain_pages)
    assert not [page for page in plain_pages.pages if page.images]


def test_without_a_name_the_date_and_seal_keep_their_places(seal_image: Path, style: StyleSheet, metrics: dict) -> None:
    named = layout(short_resolved(seal=seal_of(seal_image)), style, metrics)
    nameless = layout(short_resolved(seal=seal_of(seal_image), signature=None), style, metrics)

    def closing(pages: Pages) -> tuple:
        (page,) = [page for page in pages.pages if page.images]
        dates = [(line.top, line.left) for line in page.lines if line.kind == "date"]
        return page.number, dates, page.images

    assert closing(nameless) == closing(named)
    assert not [line for page in nameless.pages for line in page.lines if line.kind == "signature"]


@pytest.mark.parametrize("body_lines, colophon_page", [(35, 2), (36, 4)])
def test_the_seal_never_reaches_into_the_colophon(body_lines: int, colophon_page: int, seal_image: Path,
                                                  style: StyleSheet, metrics: dict) -> None:
    """The seal hangs below the date's line; when it would cross the 版记's top rule, the 版记 goes to a later even page."""
    resolved = report([paragraph_of_lines(body_lines)], signature="测试市人民政府", date="2023年2月22日",
                      cc="抄送：测试省人民政府。", printer="测试市人民政府办公室", print_date="2023年2月22日印发",
                      seal=seal_of(seal_image))
    pages = layout(resolved, style, metrics)
    assert [page.number for page in pages.pages if any(line.kind == "cc" for line in page.lines)] == [colophon_page]
    for page in pages.pages:
        for image in page.images:
            assert all(not image.y < rule.y < image.top for rule in page.rules)
    (sealed_page,) = [page for page in pages.pages if page.images]
    assert sealed_page.number == 2  # the date's page, the 版记 page only when there is room below the seal
