"""The Word document and the PDF are one document: the DOCX as LibreOffice renders it against the typeset PDF.

Each source is built once (DOCX and PDF through the build pipeline), the DOCX rendered once by LibreOffice with
the project's fonts.conf; both PDFs are read back with pdfplumber and the page-number dashes rasterised.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
from pathlib import Path

import pytest
from openxml_audit import OpenXmlValidator

from conftest import EXAMPLE, PROJECT
from exporter.build import Checked, build_outputs, check_source
from exporter.fonts import load_metrics, resolve_fonts
from exporter.layout import layout
from exporter.resolved import (
    AttachmentNote,
    Colophon,
    Heading,
    Note,
    Paragraph,
    Resolved,
    SealedSignature,
    Signature,
)
from exporter.styles import StyleSheet
from exporter.writers import Job
from exporter.writers.docx import write as write_docx
from exporter.writers.pdf import write as write_pdf
from test_docx_render import BLOCK_BOTTOM, BLOCK_TOP, Line, Rendering, dash_ink_tops, read_back, render

SOURCES = {
    "example": EXAMPLE,
    "levels": PROJECT / "tests" / "data" / "agreement" / "levels.yaml",
    "sealed": PROJECT / "tests" / "data" / "agreement" / "sealed.yaml",
    "full-page": PROJECT / "tests" / "data" / "agreement" / "full-page.yaml",
    "parts": PROJECT / "tests" / "data" / "parts-report.yaml",  # tables, attachments with content, amounts
    "cells": PROJECT / "tests" / "data" / "agreement" / "cells.yaml",  # text set lines down in tall table cells
}
BASELINE_TOLERANCE_MM = 0.5
DASH_OFFSET_MM, DASH_TOLERANCE_MM = 7.0, 0.5  # §7.5 一字线上距版心下边缘7mm


@dataclasses.dataclass(frozen=True)
class Pair:
    """One source built both ways: the DOCX's LibreOffice rendering and the typeset PDF, read back."""

    name: str
    checked: Checked
    docx: Path
    word: Rendering  # the DOCX as LibreOffice prints it
    pdf: Rendering  # the PDF as the PDF writer typesets it

    @property
    def resolved(self) -> Resolved:
        return self.checked.resolved


@pytest.fixture(scope="module")
def pairs(style: StyleSheet, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Pair]:
    found = {}
    for name, source in SOURCES.items():
        work = tmp_path_factory.mktemp(f"agreement-{name}")
        checked = check_source(source, style)
        docx_path, pdf_path = build_outputs(checked, style, work / "out", ("docx", "pdf"))
        word = read_back(checked.resolved, render(docx_path, work))
        found[name] = Pair(name, checked, docx_path, word, read_back(checked.resolved, pdf_path))
    return found


@pytest.fixture(params=list(SOURCES))
def pair(request: pytest.FixtureRequest, pairs: dict[str, Pair]) -> Pair:
    return pairs[request.param]


def block_lines(rendering: Rendering, page: int) -> list[Line]:
    """The lines inside the text block on a page, top to bottom."""
    return [line for line in rendering.page_lines(page) if BLOCK_TOP - 1 < line.baseline < BLOCK_BOTTOM]


def grid_lines(pair: Pair, rendering: Rendering, page: int) -> list[Line]:
    """The lines on the page's grid: all in the text block but the 版记's, which stand between its rules from the
    抄送 (or the 印发机关) down, and are compared on their own below. A table's lines (四号, like the 版记) count."""
    lines = block_lines(rendering, page)
    meta = next((e for e in pair.resolved.elements if isinstance(e, Colophon)), None)
    if meta is None or page != pair.pdf.pages:
        return lines
    starts = [text for text in (meta.cc.label if meta.cc else None, meta.printer) if text]
    first = next((line.baseline for line in lines if any(line.text.startswith(text) for text in starts)), None)
    return lines if first is None else [line for line in lines if line.baseline < first - 0.5]


# ---------------------------------------------------------------- what the sources cover
def test_the_sources_cover_every_case_the_agreement_depends_on(pairs: dict[str, Pair], style: StyleSheet) -> None:
    blocks = [block for pair in pairs.values() for block in pair.resolved.blocks()]
    assert {block.level for block in blocks if isinstance(block, Heading)} == {1, 2, 3, 4}
    assert {block.run_in_level for block in blocks if isinstance(block, Paragraph)} >= {2, 3, 4}

    def kinds(pair: Pair) -> set[type]:
        return {type(element) for element in pair.resolved.elements}

    assert any(SealedSignature in kinds(pair) for pair in pairs.values())
    assert any(len(note.items) > 1 for pair in pairs.values() for note in pair.resolved.elements
               if isinstance(note, AttachmentNote))
    assert any({SealedSignature, AttachmentNote} <= kinds(pair) for pair in pairs.values())
    # full-page: without its closing elements, the body's last line is the 22nd line of a page
    faces = sorted({face.face for face in style.fonts.values()})
    metrics = {face: load_metrics(font) for face, font in resolve_fonts(faces).items()}
    resolved = pairs["full-page"].resolved
    closing = (Signature, SealedSignature, Note, Colophon)
    bare = dataclasses.replace(resolved, elements=tuple(e for e in resolved.elements if not isinstance(e, closing)))
    last_page = layout(bare, style, metrics).pages[-1]
    last_body = [line for line in last_page.lines if line.kind in ("body", "heading1", "heading2")][-1]
    grid_line = (style.page.height.pt - style.page.margin_top.pt - last_body.top) / style.grid.line_pitch.pt
    assert grid_line == pytest.approx(style.grid.lines_per_page - 1)


# ---------------------------------------------------------------- pages and lines
def test_same_number_of_pages(pair: Pair) -> None:
    assert pair.word.pages == pair.pdf.pages


def test_every_page_starts_with_the_same_text(pair: Pair) -> None:
    for page in range(1, pair.pdf.pages + 1):
        word, pdf = block_lines(pair.word, page), block_lines(pair.pdf, page)
        assert word and pdf, page
        assert word[0].text == pdf[0].text, page


def test_every_line_holds_the_same_text(pair: Pair) -> None:
    """Line for line: the same characters on each line of each page (the 版记 aside, compared below)."""
    for page in range(1, pair.pdf.pages + 1):
        word = [line.text for line in grid_lines(pair, pair.word, page)]
        pdf = [line.text for line in grid_lines(pair, pair.pdf, page)]
        assert word == pdf, page


def test_body_line_baselines_agree_within_half_a_millimetre(pair: Pair) -> None:
    compared = 0
    for page in range(1, pair.pdf.pages + 1):
        word = grid_lines(pair, pair.word, page)
        pdf = grid_lines(pair, pair.pdf, page)
        for ours, theirs in zip(word, pdf, strict=True):
            assert abs(ours.baseline - theirs.baseline) <= BASELINE_TOLERANCE_MM, (page, ours.text)
            compared += 1
    assert compared > 20


def test_the_colophon_stands_on_the_same_page_with_its_last_rule_on_the_text_block(pair: Pair) -> None:
    meta = next((e for e in pair.resolved.elements if isinstance(e, Colophon)), None)
    if meta is None or not (meta.cc or meta.printer):
        pytest.skip("no 版记")
    for rendering in (pair.word, pair.pdf):
        imprint = [line for line in rendering.lines if meta.printer and line.text.startswith(meta.printer)]
        assert [line.page for line in imprint] == [pair.pdf.pages]
        last_rule = max((rule for rule in rendering.rules if rule.page == pair.pdf.pages), key=lambda rule: rule.y)
        assert last_rule.y == pytest.approx(BLOCK_BOTTOM, abs=0.5)


# ---------------------------------------------------------------- page numbers §7.5
@pytest.mark.parametrize("output", ["word", "pdf"])
def test_page_number_dashes_lie_7_mm_below_the_text_block(pair: Pair, output: str) -> None:
    rendering: Rendering = getattr(pair, output)
    for page in sorted({1, 2, rendering.pages} & set(range(1, rendering.pages + 1))):
        (folio,) = [line for line in rendering.page_lines(page) if line.baseline > BLOCK_BOTTOM]
        tops = dash_ink_tops(rendering.pdf, page, folio)
        assert len(tops) == 2, folio.text
        for ink_top in tops:
            assert ink_top - BLOCK_BOTTOM == pytest.approx(DASH_OFFSET_MM, abs=DASH_TOLERANCE_MM), (page, output)


# ---------------------------------------------------------------- the DOCX as other readers see it
def plain(inlines: list) -> str:
    """The text of pandoc inline elements."""
    text = []
    for inline in inlines:
        kind, content = inline["t"], inline.get("c")
        if kind == "Str":
            text.append(content)
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            text.append(" ")
        elif kind == "Quoted":
            text.append(plain(content[1]))
        elif isinstance(content, list) and content and isinstance(content[-1], list):
            text.append(plain(content[-1]))
    return "".join(text)


def squeezed(text: str) -> str:
    return "".join(char for char in text if char not in " “”‘’\"'")


def test_pandoc_finds_every_heading_at_its_level(pair: Pair) -> None:
    """pandoc (like mammoth) knows headings by the built-in heading 1–4 styles; run-in headings are found too."""
    result = subprocess.run(["pandoc", "-f", "docx", "-t", "json", str(pair.docx)], capture_output=True, text=True,
                            check=True, timeout=120)
    found = [(block["c"][0], squeezed(plain(block["c"][2]))) for block in json.loads(result.stdout)["blocks"]
             if block["t"] == "Header"]
    expected = []
    for block in pair.resolved.blocks():
        if isinstance(block, Heading):
            expected.append((block.level, squeezed(block.text)))
        elif isinstance(block, Paragraph) and block.run_in_level:
            sentence = "".join(run.text for run in block.runs if run.role == f"heading{block.run_in_level}")
            expected.append((block.run_in_level, squeezed(sentence)))
    assert [level for level, _ in found] == [level for level, _ in expected]
    for (_, text), (_, heading) in zip(found, expected):
        assert text.startswith(heading)


def test_openxml_audit_reports_no_errors(pair: Pair) -> None:
    assert OpenXmlValidator().validate(pair.docx).errors == []


# ---------------------------------------------------------------- the 版记's page (§7.4, §7.5)
COLOPHON = dict(cc="抄送：测试省人民政府办公厅，测试市委办公室。", printer="测试市人民政府办公室", print_date="2023年2月22日印发")
COLOPHON_CASES = {  # body lines → (pages, the 版记's page, pages without a number)
    8: (2, 2, set()),  # text ends on page 1 (odd): the 版记 takes page 2, which is numbered
    41: (4, 4, {3, 4}),  # page 2 is full: a blank page 3 and the 版记 on page 4, neither numbered
}


@pytest.mark.parametrize("body_lines", sorted(COLOPHON_CASES))
def test_the_docx_puts_the_colophon_on_the_layouts_page(body_lines: int, style: StyleSheet, tmp_path: Path) -> None:
    from test_layout import paragraph_of_lines, report  # the layout tests' report built in code

    resolved = report([paragraph_of_lines(body_lines)], **COLOPHON)
    fonts = resolve_fonts(sorted({face.face for face in style.fonts.values()}))
    pages = layout(resolved, style, {face: load_metrics(font) for face, font in fonts.items()})
    docx_path, pdf_path = tmp_path / "colophon.docx", tmp_path / "colophon-typeset.pdf"
    write_docx(Job(resolved, style, pages, fonts), docx_path)
    write_pdf(Job(resolved, style, pages, fonts), pdf_path)
    word, pdf = read_back(resolved, render(docx_path, tmp_path)), read_back(resolved, pdf_path)
    page_count, colophon_page, unnumbered = COLOPHON_CASES[body_lines]
    for rendering in (word, pdf):
        assert rendering.pages == page_count
        assert [line.page for line in rendering.lines if line.text.startswith("抄送")] == [colophon_page]
        numbered = {line.page for line in rendering.lines if line.baseline > BLOCK_BOTTOM}
        assert set(range(1, page_count + 1)) - numbered == unnumbered
