"""The DOCX as LibreOffice prints it, measured: page, grid, line breaks, 版头, 版记, page numbers, sizes and text."""

from __future__ import annotations

import os
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest

from docx_fixtures import element_of, printed_strings, sample_resolved
from exporter.build import Checked
from exporter.cjk.punctuation import NO_LINE_END, NO_LINE_START
from exporter.cjk.scripts import is_cjk
from exporter.fontsetup import fontconfig_path
from exporter.resolved import Colophon, Resolved, Title, VersionHead
from exporter.styles import StyleSheet
from exporter.writers import Job
from exporter.writers.docx import write

MM = 25.4 / 72  # mm per pt
A4 = (210.0, 297.0)
BLOCK_LEFT, BLOCK_RIGHT, BLOCK_TOP, BLOCK_BOTTOM = 28.0, 184.0, 37.0, 262.0  # the 156 × 225 mm text block
CELL = 156 / 28  # mm, one 字
EM_ASCENT = 0.88  # top of a Chinese face's em box above the baseline, in em
RENDER_TIMEOUT = 300  # seconds


@dataclass(frozen=True)
class Line:
    """Characters of one page sharing a baseline, left to right; positions in mm from the page's top left."""

    page: int
    baseline: float
    chars: tuple[dict, ...]

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)

    @property
    def inside(self) -> tuple[dict, ...]:
        """The characters within the text block's width (a hanging mark stands beyond it)."""
        return tuple(c for c in self.chars if c["x1"] * MM <= BLOCK_RIGHT + 0.5)

    @property
    def x0(self) -> float:
        return self.chars[0]["x0"] * MM

    @property
    def x1(self) -> float:
        return self.inside[-1]["x1"] * MM

    @property
    def size(self) -> float:
        return round(max(c["size"] for c in self.chars), 1)

    @property
    def em_top(self) -> float:
        return self.baseline - EM_ASCENT * self.size * MM

    @property
    def in_block(self) -> bool:
        return BLOCK_TOP < self.baseline < BLOCK_BOTTOM


@dataclass(frozen=True)
class Rule:
    page: int
    x0: float
    x1: float
    y: float
    width_pt: float
    colour: tuple


@dataclass(frozen=True)
class Rendering:
    """A DOCX rendered to PDF and read back."""

    resolved: Resolved
    pdf: Path
    page_sizes: list[tuple[float, float]]
    lines: list[Line]
    rules: list[Rule]

    def page_lines(self, page: int) -> list[Line]:
        return [line for line in self.lines if line.page == page]

    @property
    def pages(self) -> int:
        return len(self.page_sizes)


def dash_ink_tops(pdf_path: Path, page_number: int, line: Line, resolution: int = 600) -> list[float]:
    """The top of each dash's ink on a page-number line, in mm from the paper's top, by rasterising the line.

    §7.5 measures the dashes themselves, not their em box: the pixels show where the face's outline put each
    stroke. Only the line's box is rendered (pypdfium2, which pdfplumber renders with).
    """
    dashes = [char for char in line.chars if char["text"] == "—"]
    left, right = min(c["x0"] for c in line.chars), max(c["x1"] for c in line.chars)
    top, bottom = min(c["top"] for c in line.chars), max(c["bottom"] for c in line.chars)
    document = pdfium.PdfDocument(str(pdf_path))
    try:
        page = document[page_number - 1]
        width, height = page.get_size()
        image = page.render(scale=resolution / 72, crop=(left, height - bottom, width - right, top)).to_pil().convert("L")
    finally:
        document.close()
    pixels, (columns_in_image, rows) = image.load(), image.size
    tops = []
    for dash in dashes:
        columns = range(max(0, round((dash["x0"] - left) * resolution / 72)),
                        min(columns_in_image, round((dash["x1"] - left) * resolution / 72)))
        inked = next(y for y in range(rows) if any(pixels[x, y] < 128 for x in columns))
        tops.append((top + inked * 72 / resolution) * MM)
    return tops


def render(docx_path: Path, work: Path) -> Path:
    """LibreOffice's PDF of the DOCX, the official font names mapped to the open faces by the set-up's fontconfig."""
    env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig_path())}
    profile = (work / "profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(work), str(docx_path)], env=env, check=True, capture_output=True,
                   timeout=RENDER_TIMEOUT)
    return work / f"{docx_path.stem}.pdf"


def read_back(resolved: Resolved, pdf_path: Path) -> Rendering:
    sizes, lines, rules = [], [], []
    with pdfplumber.open(pdf_path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            sizes.append((page.width * MM, page.height * MM))
            rows: dict[float, list[dict]] = {}
            for char in page.chars:
                rows.setdefault(round(page.height - char["matrix"][5], 1), []).append(char)
            for baseline in sorted(rows):
                chars = tuple(sorted(rows[baseline], key=lambda c: c["x0"]))
                lines.append(Line(number, baseline * MM, chars))
            for edge in page.lines:
                if abs(edge["top"] - edge["bottom"]) < 0.1:
                    rules.append(Rule(number, edge["x0"] * MM, edge["x1"] * MM, edge["top"] * MM,
                                      edge["linewidth"], tuple(edge["stroking_color"] or ())))
    return Rendering(resolved, pdf_path, sizes, lines, rules)


@pytest.fixture(scope="module")
def renderings(example: Checked, style: StyleSheet, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendering]:
    """The example report (through the loader) and the code-built fixture, each rendered once."""
    found = {}
    for name, resolved in (("example", example.resolved), ("fixture", sample_resolved())):
        work = tmp_path_factory.mktemp(f"render-{name}")
        docx_path = work / f"{name}.docx"
        write(Job(resolved, style), docx_path)
        found[name] = read_back(resolved, render(docx_path, work))
    return found


DOCUMENTS = ("example", "fixture")


@pytest.fixture(params=DOCUMENTS)
def rendering(request: pytest.FixtureRequest, renderings: dict[str, Rendering]) -> Rendering:
    return renderings[request.param]


def paragraph_texts(resolved: Resolved) -> list[str]:
    return [block.text for block in resolved.blocks()]


@dataclass(frozen=True)
class PlacedLine:
    """A rendered line of a body paragraph: its place in the paragraph."""

    line: Line
    first: bool
    last: bool


def body_lines(rendering: Rendering) -> list[PlacedLine]:
    """The lines of the headings and paragraphs, matched to the resolved text in order."""
    texts = paragraph_texts(rendering.resolved)
    lines = [line for line in rendering.lines if line.in_block]
    start = next(i for i, line in enumerate(lines) if texts[0].startswith(line.text))
    placed, index, consumed = [], 0, ""
    for line in lines[start:]:
        if index == len(texts):
            break
        paragraph = texts[index]
        assert paragraph[len(consumed):].startswith(line.text), (line.text, paragraph[len(consumed):][:40])
        first = consumed == ""
        consumed += line.text
        last = consumed == paragraph
        placed.append(PlacedLine(line, first, last))
        if last:
            index, consumed = index + 1, ""
    assert index == len(texts), "not every paragraph was found in the rendering"
    return placed


# ---------------------------------------------------------------- page and grid
def test_every_page_is_a4(rendering: Rendering) -> None:
    assert rendering.pages >= 6
    for width, height in rendering.page_sizes:
        assert (width, height) == (pytest.approx(A4[0], abs=0.5), pytest.approx(A4[1], abs=0.5))


def test_text_starts_at_the_28_mm_margin(rendering: Rendering) -> None:
    for placed in body_lines(rendering):
        expected = BLOCK_LEFT + (2 * CELL if placed.first else 0)  # 2 字 first-line indent
        assert placed.line.x0 == pytest.approx(expected, abs=1.0), placed.line.text


def test_full_lines_are_156_mm_wide_and_justified(rendering: Rendering) -> None:
    full = [p.line for p in body_lines(rendering) if not p.last]
    assert len(full) > 100
    for line in full:
        assert line.x1 == pytest.approx(BLOCK_RIGHT, abs=1.0), line.text
        assert line.x1 - BLOCK_LEFT == pytest.approx(156, abs=1.0)


def test_full_lines_hold_28_characters(rendering: Rendering) -> None:
    """28 字 a line (26 after the indent). A line is shorter only where the characters that moved down were bound
    together: by a closing mark that may not start a line or an opening mark that may not end one (避头尾), or
    as a figure that is never split (the next line starts with it).
    """
    placed = body_lines(rendering)
    counted = shortened = 0
    for number, item in enumerate(placed):
        line = item.line
        if item.last or not all(is_cjk(c["text"]) for c in line.chars):
            continue  # lines with half-width figures hold more characters
        expected = 26 if item.first else 28
        moved = expected - len(line.inside)
        following = placed[number + 1].line.text
        bound = (any(c in NO_LINE_START for c in following[1:moved + 1]) or any(c in NO_LINE_END for c in following[:moved])
                 or not is_cjk(following[0]))
        assert moved == 0 or (moved > 0 and bound), (line.text, following)
        counted += 1
        shortened += moved > 0
    assert counted > 80
    assert shortened <= counted // 5  # measured: 14 of 114 in the example, all bound as above


def test_only_a_closing_mark_hangs_past_the_right_edge(rendering: Rendering) -> None:
    for line in rendering.lines:
        beyond = line.chars[len(line.inside):]
        if line.in_block and beyond:
            assert len(beyond) == 1 and beyond[0]["text"] in NO_LINE_START, line.text
            assert beyond[0]["x0"] * MM < BLOCK_RIGHT + CELL


def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(rendering: Rendering) -> None:
    for line in rendering.lines:
        if line.in_block:
            assert line.text[0] not in NO_LINE_START, line.text
            assert line.text[-1] not in NO_LINE_END, line.text


def test_full_pages_hold_22_lines(rendering: Rendering) -> None:
    for page in range(2, rendering.pages):
        in_block = [line for line in rendering.page_lines(page) if line.in_block]
        assert len(in_block) == 22, page
        pitch = [(b.baseline - a.baseline) / MM for a, b in zip(in_block, in_block[1:])]
        assert all(p == pytest.approx(28.95, abs=0.15) for p in pitch)


def test_title_is_22_pt_and_body_16_pt(rendering: Rendering) -> None:
    title_lines = element_of(rendering.resolved, Title).lines
    title = [line for line in rendering.page_lines(1) if line.text in title_lines]
    assert [line.text for line in title] == list(title_lines)
    assert {line.size for line in title} == {22.0}
    assert {p.line.size for p in body_lines(rendering)} == {16.0}
    for line in title:
        assert (line.x0 + line.x1) / 2 == pytest.approx((BLOCK_LEFT + BLOCK_RIGHT) / 2, abs=1.5)  # centred


def test_headings_and_run_in_sentences_take_their_own_faces(rendering: Rendering) -> None:
    """黑体 for level 1, 楷体 for a run-in level-2 sentence and 仿宋 for the rest of its paragraph (§7.3.3)."""
    blocks = rendering.resolved.blocks()
    chars: list[list[dict]] = [[] for _ in blocks]
    index = 0
    for placed in body_lines(rendering):
        chars[index].extend(placed.line.chars)
        index += placed.last

    def faces(selection: list[dict]) -> set[str]:
        return {c["fontname"].split("+")[-1] for c in selection if "\u4e00" <= c["text"] <= "\u9fff"}  # ideographs

    plain = [i for i, block in enumerate(blocks) if block.runs[0].role == "body"]
    body_faces = faces(chars[plain[0]])
    assert len(body_faces) == 1
    level1 = next(i for i, block in enumerate(blocks) if block.runs[0].role == "heading1")
    run_in = next(i for i, block in enumerate(blocks) if getattr(block, "run_in_level", 0) == 2)
    sentence = len(blocks[run_in].runs[0].text)
    heading1_faces, kaiti_faces = faces(chars[level1]), faces(chars[run_in][:sentence])
    assert len(heading1_faces) == len(kaiti_faces) == 1
    assert len(body_faces | heading1_faces | kaiti_faces) == 3
    assert faces(chars[run_in][sentence:]) == body_faces


# ---------------------------------------------------------------- 版头
def test_issuer_mark_is_red_35_mm_below_the_text_block(rendering: Rendering) -> None:
    mark = next(line for line in rendering.page_lines(1) if line.text == element_of(rendering.resolved, VersionHead).mark)
    assert mark.em_top - BLOCK_TOP == pytest.approx(35, abs=1.0)
    assert all(tuple(round(v, 2) for v in c["non_stroking_color"]) == (0.9, 0.0, 0.0) for c in mark.chars)  # #E60000


def test_red_rule_is_4_mm_below_the_doc_number_and_as_wide_as_the_text_block(rendering: Rendering) -> None:
    meta = element_of(rendering.resolved, VersionHead)
    assert meta.doc_number and meta.signer_label
    number = next(line for line in rendering.page_lines(1) if line.text.startswith(meta.doc_number))
    assert number.text == meta.doc_number + meta.signer_label + "".join(meta.signers)
    assert number.x0 == pytest.approx(BLOCK_LEFT + CELL, abs=1.0)  # 1 字 in (上行文)
    assert number.chars[-1]["x1"] * MM == pytest.approx(BLOCK_RIGHT - CELL, abs=1.0)  # 签发人 1 字 from the edge
    red = [rule for rule in rendering.rules if rule.page == 1 and rule.colour[:1] == (pytest.approx(0.9, abs=0.01),)]
    assert red, "no red rule on page 1"
    rule = red[0]
    assert (rule.x0, rule.x1) == (pytest.approx(BLOCK_LEFT, abs=0.5), pytest.approx(BLOCK_RIGHT, abs=0.5))
    em_bottom = number.baseline + (1 - EM_ASCENT) * number.size * MM
    assert rule.y - em_bottom == pytest.approx(4, abs=0.5)


# ---------------------------------------------------------------- 版记
def test_colophon_rules_stand_on_the_bottom_of_the_last_page(rendering: Rendering) -> None:
    last = rendering.pages
    rules = sorted((r for r in rendering.rules if r.page == last), key=lambda r: r.y)
    assert len(rules) == 3  # 抄送 between thick and thin, 印发 between thin and thick
    for rule in rules:
        assert (rule.x0, rule.x1) == (pytest.approx(BLOCK_LEFT, abs=0.5), pytest.approx(BLOCK_RIGHT, abs=0.5))
    assert rules[-1].y == pytest.approx(BLOCK_BOTTOM, abs=0.5)
    assert [round(r.width_pt * 4) / 4 for r in rules] == [1.0, 0.75, 1.0]  # 0.35 / 0.25 / 0.35 mm
    assert not [r for r in rendering.rules if r.page not in (1, last)]
    meta = element_of(rendering.resolved, Colophon)
    imprint = next(line for line in rendering.page_lines(last) if line.text == (meta.printer or "") + (meta.print_date or ""))
    assert imprint.size == 14.0
    assert imprint.x0 == pytest.approx(BLOCK_LEFT + CELL, abs=1.0)
    assert imprint.chars[-1]["x1"] * MM == pytest.approx(BLOCK_RIGHT - CELL, abs=1.0)
    assert rules[1].y < imprint.baseline < rules[2].y


# ---------------------------------------------------------------- page numbers
def test_page_numbers_alternate_sides_seven_mm_below_the_text_block(rendering: Rendering) -> None:
    for page in range(1, rendering.pages + 1):
        footer = [line for line in rendering.page_lines(page) if line.baseline > BLOCK_BOTTOM]
        assert len(footer) == 1, page
        number = footer[0]
        assert number.text.replace(" ", "") == f"—{page}—"
        assert number.size == 14.0
        if page <= 2:  # §7.5 一字线上距版心下边缘7mm: the dashes' ink, rasterised
            for ink_top in dash_ink_tops(rendering.pdf, page, number):
                assert ink_top - BLOCK_BOTTOM == pytest.approx(7, abs=0.5)
        if page % 2:
            assert number.chars[-1]["x1"] * MM == pytest.approx(BLOCK_RIGHT - CELL, abs=1.0)
        else:
            assert number.x0 == pytest.approx(BLOCK_LEFT + CELL, abs=1.0)


# ---------------------------------------------------------------- text
def squeezed(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def test_printed_text_is_the_source_text(rendering: Rendering) -> None:
    printed = "".join(line.text for line in rendering.lines if line.in_block)
    assert squeezed(printed) == squeezed("".join(printed_strings(rendering.resolved)))
