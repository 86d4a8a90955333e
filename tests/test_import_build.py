"""Imported sources go through the whole pipeline: `exporter check` passes and the PDF prints the report's text.

These tests need load to read source v2 (inline figures, bare years and dates, `number:`, `numbering:`, `table:`).
"""

from __future__ import annotations

import re

import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest

from conftest import PROJECT, SEED_COPY
from exporter.build import build_outputs, check_source
from exporter.cjk.scripts import restore_full_width
from exporter.importer.pipeline import import_report
from test_import import CONTINUOUS, HALF_WIDTH, MARKDOWN, SEED_TITLE, _gongwen_docx
from textnorm import normalise


def _source(tmp_path: Path, report: Path, title: str | None = None) -> Path:
    _, text = import_report(report, title)
    source = tmp_path / f"{report.stem}.yaml"
    source.write_text(text, encoding="utf-8")
    return source


def _written(tmp_path: Path, text: str, name: str) -> Path:
    import textwrap

    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def test_imported_seed_builds_a_pdf_with_the_seed_text(tmp_path: Path, style, seed_text: str) -> None:
    source = _source(tmp_path, SEED_COPY, SEED_TITLE)
    (pdf,) = build_outputs(check_source(source, style), style, tmp_path / "out", ("pdf",))
    assert normalise(restore_full_width(seed_text)) in normalise(_pdf_body_text(pdf, style))


def _pdf_body_text(pdf: Path, style) -> str:
    """The text of every page's text block, without the page numbers below it."""
    bottom = style.page.margin_top.pt + style.page.text_height.pt + 1
    with pdfplumber.open(pdf) as document:
        text = "".join(page.crop((0, 0, page.width, bottom)).extract_text() or "" for page in document.pages)
    return re.sub(r"\s", "", text)  # the gap between Chinese and Latin text reads as a space


@pytest.mark.parametrize(("make", "title"), [
    (lambda tmp: _written(tmp, CONTINUOUS, "continuous.txt"), None),
    (lambda tmp: _written(tmp, HALF_WIDTH, "half.txt"), "关于测试工作的报告"),  # no title line: given with --title
    (lambda tmp: _written(tmp, MARKDOWN, "table.md"), None),
    (lambda tmp: _gongwen_docx(tmp / "gongwen.docx"), None),
    (lambda tmp: SEED_COPY, SEED_TITLE),
], ids=["level3-continuous", "half-width-and-number", "markdown-table", "docx-gongwen", "seed"])
def test_exporter_check_passes_on_imported_sources(tmp_path: Path, make, title: str | None) -> None:
    report = make(tmp_path)
    source = _source(tmp_path, report, title)
    result = subprocess.run([sys.executable, "-m", "exporter", "check", str(source)], cwd=PROJECT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "错误[" not in result.stderr


def test_a_word_file_the_exporter_wrote_imports_and_builds_again(example, style, tmp_path: Path, seed_text: str) -> None:
    (docx,) = build_outputs(example, style, tmp_path / "first", ("docx",))
    source = _source(tmp_path, docx)
    (pdf,) = build_outputs(check_source(source, style), style, tmp_path / "second", ("pdf",))
    text = _pdf_body_text(pdf, style)
    assert normalise(restore_full_width(seed_text)) in normalise(text)
    assert "宛政〔2023〕12号" in text and "抄送" in text  # the 公文 elements came through too
