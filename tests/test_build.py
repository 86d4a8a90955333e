"""The whole pipeline on the example: three complete outputs, the same text everywhere, reproducible bytes."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from docx import Document as WordDocument
from openpyxl import load_workbook

from conftest import EXAMPLE, PROJECT
from exporter.build import FORMATS, build_outputs
from hostile_run import run
from textnorm import normalise


@pytest.fixture(scope="module")
def outputs(example, style, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("build")
    paths = build_outputs(example, style, out, FORMATS)
    return {p.suffix[1:]: p for p in paths}


@pytest.fixture(scope="module")
def docx_body_text(outputs) -> str:
    document = WordDocument(str(outputs["docx"]))
    return "".join(p.text for p in document.paragraphs)


@pytest.fixture(scope="module")
def pdf_text(outputs, style) -> str:
    """The text of every page's text block, without the page numbers below it."""
    bottom = style.page.margin_top.pt + style.page.text_height.pt + 1
    with pdfplumber.open(outputs["pdf"]) as pdf:
        return "".join(page.crop((0, 0, page.width, bottom)).extract_text() or "" for page in pdf.pages)


def test_three_complete_outputs(outputs) -> None:
    assert sorted(outputs) == ["docx", "pdf", "xlsx"]
    assert outputs["docx"].read_bytes()[:2] == b"PK" and outputs["xlsx"].read_bytes()[:2] == b"PK"
    assert outputs["pdf"].read_bytes()[:5] == b"%PDF-" and outputs["pdf"].read_bytes().rstrip().endswith(b"%%EOF")
    assert not list(outputs["pdf"].parent.glob(".*.tmp"))


def test_docx_text_equals_the_seed(docx_body_text, seed_text) -> None:
    assert normalise(seed_text) in normalise(docx_body_text)


def test_pdf_text_equals_the_seed(pdf_text, seed_text) -> None:
    assert normalise(seed_text) in normalise(pdf_text)


def test_same_labels_and_figures_in_every_format(example, outputs, docx_body_text, pdf_text) -> None:
    docx_text, pdf_plain = normalise(docx_body_text), normalise(pdf_text)
    for section in example.resolved.sections:
        label = normalise(section.label + section.title)
        assert label in docx_text and label in pdf_plain, section.path_label
    workbook = load_workbook(outputs["xlsx"])
    sheet = workbook["指标"]
    header = [c.value for c in sheet[1]]
    ids = [row[header.index("编号")] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] is not None]
    assert ids == [i.id for i in example.resolved.indicators]
    for indicator in example.resolved.indicators:
        assert normalise(indicator.display) in docx_text and normalise(indicator.display) in pdf_plain


def test_building_twice_gives_identical_bytes(example, style, outputs, tmp_path) -> None:
    again = {p.suffix[1:]: p for p in build_outputs(example, style, tmp_path, FORMATS)}
    for fmt in FORMATS:
        assert again[fmt].read_bytes() == outputs[fmt].read_bytes(), fmt


def test_source_name_decides_output_names(outputs) -> None:
    assert {p.name for p in outputs.values()} == {f"{EXAMPLE.stem}.{fmt}" for fmt in FORMATS}


def test_formula_lookalike_text_from_a_source_stays_text(style, tmp_path) -> None:
    from exporter.build import check_source

    source = tmp_path / "inject.yaml"
    source.write_text(
        "meta: {title: \"=cmd|' /C calc'!A0\"}\n"
        "indicators:\n"
        "  - {id: staff, name: \"=cmd|' /C calc'!A0\", value: 12, unit: 人, kind: count}\n"
        "body:\n  - \"@SUM({1}+{1})干部{staff}。\"\n", encoding="utf-8")
    (path,) = build_outputs(check_source(source, style), style, tmp_path, ("xlsx",))
    sheet = load_workbook(path)["指标"]
    header = [c.value for c in sheet[1]]
    row = [c for c in sheet[2]]
    name_cell = row[header.index("指标名称")]
    assert name_cell.value == "=cmd|' /C calc'!A0" and name_cell.data_type == "s"
    sentence_cell = row[header.index("原文")]
    assert sentence_cell.value.startswith("@SUM(1+1)") and sentence_cell.data_type == "s"


def test_same_source_gives_the_same_bytes_whatever_the_folder_and_environment(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """SOURCE_DATE_EPOCH once changed the PDF /ID, and the folder the command ran in the workbook's source path."""
    here = tmp_path / "here"
    assert run(["build", "content/nanyang-2022.yaml", "--out", str(here)], PROJECT, tmp_path / "here").code == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1000000")
    monkeypatch.setenv("TZ", "America/New_York")
    assert run(["build", str(EXAMPLE), "--out", "out"], elsewhere, tmp_path / "elsewhere").code == 0
    for fmt in FORMATS:
        assert (elsewhere / "out" / f"{EXAMPLE.stem}.{fmt}").read_bytes() == (here / f"{EXAMPLE.stem}.{fmt}").read_bytes(), fmt


@pytest.mark.parametrize("formats", [("pdf",), FORMATS], ids=["pdf-only", "all-three"])
def test_the_pdf_writer_may_fork_in_a_parallel_build_only(example, style, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          formats: tuple[str, ...]) -> None:
    pdf = __import__("exporter.writers.pdf", fromlist=["page_texts"])
    told: list[bool] = []
    real = pdf.page_texts

    def recording(painter, pages, may_fork):  # type: ignore[no-untyped-def]
        told.append(may_fork)
        return real(painter, pages, may_fork)

    monkeypatch.setattr(pdf, "page_texts", recording)
    build_outputs(example, style, tmp_path, formats, parallel=True)
    build_outputs(example, style, tmp_path / "plain", formats, parallel=False)  # -j workers, --watch
    assert told == [True, False]
