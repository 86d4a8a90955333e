"""The DOCX with a 印章 (§7.3.5.1): the floating seal, the date 4 字 from the right, the name centred over it, as written and as LibreOffice prints it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pdfplumber
import pikepdf
import pytest
from lxml import etree
from openxml_audit import OpenXmlValidator
from PIL import Image

from docx_fixtures import META, seal_of, short_resolved
from exporter.resolved import Resolved
from exporter.styles import StyleSheet
from exporter.writers import Job
from exporter.writers.docx import write
from test_docx_render import BLOCK_RIGHT, CELL, MM, Line, Rendering, read_back, render

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "wp": WP, "a": A, "r": R}
EMU_PER_PT = 12700
EMU_PER_MM = 36000
PITCH = 28.95  # pt, one grid line
CELL_PT = 16.0  # one 字: a 三号 character
CJK_ADVANCE = 16 - 0.25  # a body character condensed onto the grid
DIGIT_ADVANCE = 8 - 0.25  # a half-width Times New Roman digit, condensed alike
DATE_WIDTH = 3 * CJK_ADVANCE + 7 * DIGIT_ADVANCE  # 2023年2月22日 as Word sets it
NAME_WIDTH = len(META.signature or "") * CJK_ADVANCE
BASELINE_IN_LINE = 0.8  # an exact line's baseline stands 80 % of the way down (measured)
EM_CENTRE_ABOVE_BASELINE = 0.88 - 0.5  # the middle of a Chinese face's em box, in em


def xpath(node: etree._Element, query: str) -> list:
    return node.xpath(query, namespaces=NS)


def document_xml(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def paragraph_in_style(document: etree._Element, style_id: str) -> etree._Element:
    found = xpath(document, f"//w:body/w:p[w:pPr/w:pStyle/@w:val='{style_id}']")
    assert len(found) == 1, style_id
    return found[0]


def right_indent_pt(paragraph: etree._Element) -> float:
    return int(xpath(paragraph, "w:pPr/w:ind/@w:right")[0]) / 20


@pytest.fixture(scope="module")
def sealed_docx(sealed: Resolved, style: StyleSheet, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sealed-docx") / "sealed.docx"
    write(Job(sealed, style), path)
    return path


@pytest.fixture(scope="module")
def document(sealed_docx: Path) -> etree._Element:
    return document_xml(sealed_docx)


@pytest.fixture(scope="module")
def anchor(document: etree._Element) -> etree._Element:
    anchors = xpath(document, "//wp:anchor")
    assert len(anchors) == 1
    return anchors[0]


# ---------------------------------------------------------------- the written file
def test_seal_floats_in_front_of_the_text_without_moving_it(anchor: etree._Element) -> None:
    assert anchor.get("behindDoc") == "0"
    assert xpath(anchor, "wp:wrapNone")
    assert not xpath(anchor.getparent(), "wp:inline")
    assert xpath(anchor, "wp:docPr/@name") == ["印章"]


def test_seal_is_42_mm_across(anchor: etree._Element) -> None:
    extent = xpath(anchor, "wp:extent")[0]
    assert (int(extent.get("cx")), int(extent.get("cy"))) == (42 * EMU_PER_MM, 42 * EMU_PER_MM)
    assert xpath(anchor, ".//a:xfrm/a:ext/@cx") == [str(42 * EMU_PER_MM)]


def test_seal_is_anchored_in_the_date_between_its_halves(document: etree._Element, anchor: etree._Element) -> None:
    """The anchor run splits 2023年 | 2月22日: four digits before it and three after, the most even split."""
    date = paragraph_in_style(document, "GwDate")
    runs = xpath(date, "w:r")
    assert [("drawing" if xpath(run, "w:drawing") else "".join(xpath(run, "w:t/text()"))) for run in runs] == \
        ["2023年", "drawing", "2月22日"]
    assert anchor in xpath(date, ".//wp:anchor")


def test_seal_centre_is_across_the_date_centre(anchor: etree._Element) -> None:
    """Across: from the anchor (after "2023年") to the seal's left edge, so the seal's centre is the date's."""
    horizontal = xpath(anchor, "wp:positionH")[0]
    assert horizontal.get("relativeFrom") == "character"
    before_anchor = 4 * DIGIT_ADVANCE + CJK_ADVANCE
    expected = (DATE_WIDTH / 2 - before_anchor - 42 / 25.4 * 72 / 2) * EMU_PER_PT
    assert int(xpath(horizontal, "wp:posOffset/text()")[0]) == pytest.approx(expected, abs=1)


def test_seal_top_is_half_a_line_below_the_body(anchor: etree._Element) -> None:
    """Down: from the date's line top, three lines below the body's last line, back up to half a line below it."""
    vertical = xpath(anchor, "wp:positionV")[0]
    assert vertical.get("relativeFrom") == "paragraph"
    expected = (0.5 * PITCH - 3 * PITCH) * EMU_PER_PT
    assert int(xpath(vertical, "wp:posOffset/text()")[0]) == pytest.approx(expected, abs=1)


def test_date_is_four_characters_from_the_right(document: etree._Element) -> None:
    date = paragraph_in_style(document, "GwDate")
    assert xpath(date, "w:pPr/w:jc/@w:val") == ["right"]
    assert right_indent_pt(date) == pytest.approx(4 * CELL_PT, abs=0.05)


def test_name_is_centred_over_the_date(document: etree._Element) -> None:
    name, date = paragraph_in_style(document, "GwSignature"), paragraph_in_style(document, "GwDate")
    assert xpath(name, "w:pPr/w:jc/@w:val") == ["right"]
    name_centre = right_indent_pt(name) + NAME_WIDTH / 2  # from the right edge of the text block
    date_centre = right_indent_pt(date) + DATE_WIDTH / 2
    assert name_centre == pytest.approx(date_centre, abs=0.05)


def test_name_stands_on_the_third_line_below_the_body(document: etree._Element) -> None:
    """Two blank lines, the name, then the date on the next line; the name keeps with the date."""
    name, date = paragraph_in_style(document, "GwSignature"), paragraph_in_style(document, "GwDate")
    assert xpath(name, "w:pPr/w:spacing/@w:before") == ["1158"]
    assert xpath(name, "w:pPr/w:keepNext")
    assert not xpath(date, "w:pPr/w:spacing")
    assert name.getnext() is date


def test_image_part_is_the_clerks_seal(sealed_docx: Path, seal_image: Path, anchor: etree._Element) -> None:
    with zipfile.ZipFile(sealed_docx) as archive:
        assert archive.read("word/media/image1.png") == seal_image.read_bytes()
        relationships = etree.fromstring(archive.read("word/_rels/document.xml.rels"))
    embed = xpath(anchor, ".//a:blip/@r:embed")[0]
    target = [r.get("Target") for r in relationships if r.get("Id") == embed]
    assert target == ["media/image1.png"]


def test_python_docx_reopens_the_sealed_file(sealed_docx: Path) -> None:
    reopened = docx.Document(str(sealed_docx))
    texts = [p.text for p in reopened.paragraphs]
    assert META.signature in texts and META.date in texts
    images = [part for part in reopened.part.package.iter_parts() if part.partname.startswith("/word/media/")]
    assert len(images) == 1


def test_sealed_file_is_schema_valid(sealed_docx: Path) -> None:
    assert OpenXmlValidator(semantic_validation=False).validate(sealed_docx).errors == []
    assert OpenXmlValidator().validate(sealed_docx).errors == []


def test_same_source_and_seal_give_the_same_bytes(sealed: Resolved, style: StyleSheet, tmp_path: Path) -> None:
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    write(Job(sealed, style), first)
    write(Job(sealed, style), second)
    assert first.read_bytes() == second.read_bytes()


def test_a_jpeg_seal_is_embedded_as_jpeg(seal_image: Path, style: StyleSheet, tmp_path: Path) -> None:
    jpeg = tmp_path / "seal.jpg"
    Image.open(seal_image).convert("RGB").save(jpeg, quality=90)
    path = tmp_path / "jpeg.docx"
    write(Job(short_resolved(seal=seal_of(jpeg)), style), path)
    with zipfile.ZipFile(path) as archive:
        assert archive.read("word/media/image1.jpg") == jpeg.read_bytes()
    assert len(xpath(document_xml(path), "//wp:anchor")) == 1


def test_without_a_name_the_date_keeps_its_line(seal_image: Path, style: StyleSheet, tmp_path: Path) -> None:
    path = tmp_path / "no-name.docx"
    write(Job(short_resolved(seal=seal_of(seal_image), signature=None), style), path)
    document = document_xml(path)
    name, date = paragraph_in_style(document, "GwSignature"), paragraph_in_style(document, "GwDate")
    assert not xpath(name, "w:r") and xpath(name, "w:pPr/w:spacing/@w:before") == ["1158"]
    assert name.getnext() is date and xpath(date, ".//wp:anchor")


def test_without_a_seal_there_is_no_picture(style: StyleSheet, tmp_path: Path) -> None:
    path = tmp_path / "unsealed.docx"
    write(Job(short_resolved(), style), path)
    with zipfile.ZipFile(path) as archive:
        assert not [name for name in archive.namelist() if name.startswith("word/media/")]
    assert not xpath(document_xml(path), "//w:drawing")


# ---------------------------------------------------------------- as LibreOffice prints it
@pytest.fixture(scope="module")
def rendering(sealed: Resolved, sealed_docx: Path, tmp_path_factory: pytest.TempPathFactory) -> Rendering:
    return read_back(sealed, render(sealed_docx, tmp_path_factory.mktemp("render-sealed")))


@pytest.fixture(scope="module")
def seal_box(rendering: Rendering) -> dict:
    """The seal as printed on the last page: x0, x1, top, bottom in mm from the page's top left."""
    with pdfplumber.open(rendering.pdf) as pdf:
        pages_with_images = [number for number, page in enumerate(pdf.pages, start=1) if page.images]
        assert pages_with_images == [rendering.pages]
        image = pdf.pages[-1].images[0]
        return {key: image[key] * MM for key in ("x0", "x1", "top", "bottom")}


def printed_line(rendering: Rendering, text: str) -> Line:
    found = [line for line in rendering.page_lines(rendering.pages) if line.text == text]
    assert len(found) == 1, text
    return found[0]


def em_centre(line: Line) -> float:
    return line.baseline - EM_CENTRE_ABOVE_BASELINE * line.size * MM


def test_printed_seal_is_42_mm_across(seal_box: dict) -> None:
    assert seal_box["x1"] - seal_box["x0"] == pytest.approx(42, abs=1)
    assert seal_box["bottom"] - seal_box["top"] == pytest.approx(42, abs=1)


def test_printed_seal_top_is_within_one_line_of_the_body(rendering: Rendering, seal_box: dict) -> None:
    """§7.3.5.1: 印章顶端应当上距正文（或附件说明）一行之内; here half a line, as the style sheet says."""
    last_attachment = printed_line(rendering, META.attachments[-1])
    line_bottom = last_attachment.baseline + (1 - BASELINE_IN_LINE) * PITCH * MM
    gap = seal_box["top"] - line_bottom
    assert 0 < gap <= PITCH * MM
    assert gap == pytest.approx(0.5 * PITCH * MM, abs=0.5)


def test_printed_seal_is_centred_on_the_printed_date(rendering: Rendering, seal_box: dict) -> None:
    date = printed_line(rendering, META.date or "")
    assert (seal_box["x0"] + seal_box["x1"]) / 2 == pytest.approx((date.x0 + date.x1) / 2, abs=1)


def test_printed_date_ends_four_characters_from_the_right_edge(rendering: Rendering) -> None:
    date = printed_line(rendering, META.date or "")
    assert BLOCK_RIGHT - date.x1 == pytest.approx(4 * CELL, abs=1)


def test_printed_name_and_date_sit_below_the_seal_centre(rendering: Rendering, seal_box: dict) -> None:
    """§7.3.5.1: 使发文机关署名和成文日期居印章中心偏下位置; the name's characters straddle the centre, lower half larger."""
    centre = (seal_box["top"] + seal_box["bottom"]) / 2
    name, date = printed_line(rendering, META.signature or ""), printed_line(rendering, META.date or "")
    assert centre < em_centre(name) < em_centre(date) < seal_box["bottom"]
    assert name.em_top < centre  # the name is pressed by the seal, not under its lower rim


def test_printed_seal_keeps_its_transparency_and_red(rendering: Rendering) -> None:
    """The text shows through around the ring and star: an opaque square would blot out the name and date."""
    with pikepdf.open(rendering.pdf) as pdf:
        (image,) = pdf.pages[-1].get_images().values()
        assert image.get("/SMask") is not None
        pixels = pikepdf.PdfImage(image).as_pil_image().convert("RGBA")
    width, height = pixels.size
    red, green, blue, alpha = pixels.getpixel((width // 2, height // 2))  # the star's centre
    assert red > 200 and green < 40 and blue < 40 and alpha == 255
    assert pixels.getpixel((width // 2, height * 5 // 6))[3] == 0  # inside the ring, below the star: clear
    assert pixels.getpixel((0, 0))[3] == 0  # outside the ring
