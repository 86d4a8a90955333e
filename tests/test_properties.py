"""Property-based: random reports (sections, paragraphs, figures, punctuation-heavy CJK and Latin text) through all
three writers — every build succeeds, no line breaks where Chinese forbids it, and each output says what the source says."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pdfplumber
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from exporter.build import build_outputs, check_source
from exporter.cjk.figures import BraceFigure, parse_brace
from exporter.cjk.punctuation import NO_LINE_END, NO_LINE_START
from exporter.resolved import Table
from exporter.importer.emit import scalar
from exporter.styles import StyleSheet
from docx_fixtures import printed_strings

IDEOGRAPHS = "法治政府建设推进依法行政执法监督规范公正文明制度体系完善工作落实全面加强深化改革服务群众企业"
MARKS = "，。、；：？！"
PAIRS = ("“”", "（）", "《》", "‘’")
LATIN = ("APP", "LNG", "{12345}热线", "G{20}", "PDF", "e-mail")
FIGURES = ("{66项}", "{98.72%}", "{5700余件}", "{约80%}", "{6～8个}", "{15%～20%}", "{1.37亿元}", "{37.22万元}",
           "{300家左右}", "{近500件}", "{倒数第四名}", "{2000人次以上}", "{100多场次}")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@st.composite
def sentences(draw: st.DrawFn) -> str:
    """A clause or two of Chinese with marks, quoted or bracketed words, Latin words, figures and dashes."""
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(("words", "words", "pair", "latin", "figure", "dash", "ellipsis")))
        words = draw(st.text(IDEOGRAPHS, min_size=1, max_size=12))
        if kind == "pair":
            opening, closing = draw(st.sampled_from(PAIRS))
            parts.append(f"{opening}{words}{closing}")
        elif kind == "latin":
            parts.append(draw(st.sampled_from(LATIN)) + words)
        elif kind == "figure":
            parts.append(words + draw(st.sampled_from(FIGURES)))
        elif kind == "dash":
            parts.append(words + "——" + words)
        elif kind == "ellipsis":
            parts.append(words + "……")
        else:
            parts.append(words)
        parts.append(draw(st.sampled_from(MARKS)))
    return "".join(parts).rstrip("，、；：") + "。"


@st.composite
def blocks(draw: st.DrawFn, level: int) -> list[str]:
    """YAML lines of a body: paragraphs and, above level 4, sections holding more."""
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        if level <= 4 and draw(st.booleans()):
            heading = draw(st.text(IDEOGRAPHS, min_size=2, max_size=16))
            run_in = draw(st.booleans())
            inner = draw(blocks(level + 1)) if not run_in else [f"- {scalar(draw(sentences()))}"]
            lines.append(f"- heading: {scalar(heading + ('。' if run_in else ''))}")
            if run_in:
                lines.append("  run_in: true")
            lines.append("  body:")
            lines += ["    " + line for line in inner]
        else:
            paragraph = "".join(draw(st.lists(sentences(), min_size=1, max_size=4)))
            lines.append(f"- {scalar(paragraph)}")
    return lines


@st.composite
def reports(draw: st.DrawFn) -> str:
    """A whole source: a title, the 公文 elements, a body of random depth, sometimes a table."""
    lines = ["meta:", "  title: 关于测试工作情况的报告", "  issuer: 测试市人民政府", "  date: 2024-01-15",
             "  recipients: [测试省人民政府]", "  cc: [测试办公室]", "  printer: 测试市人民政府办公室",
             "  print_date: 2024-01-15", "body:"]
    lines += ["  " + line for line in draw(blocks(1))]
    if draw(st.booleans()):
        lines += ["  - table:", "      rows:", "        - [项目, 数量]"]
        for _ in range(draw(st.integers(1, 4))):
            lines.append(f"        - [{scalar(draw(st.text(IDEOGRAPHS, min_size=1, max_size=8)), flow=True)}, "
                         f"{scalar(draw(st.sampled_from(FIGURES)), flow=True)}]")
    return "\n".join(lines) + "\n"


def squeezed(text: str) -> str:
    return re.sub(r"\s", "", text)


@settings(max_examples=20, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(source=reports())
def test_random_reports_build_break_and_read_back(source: str, style: StyleSheet, tmp_path_factory) -> None:
    folder = tmp_path_factory.mktemp("random")
    path = folder / "random.yaml"
    path.write_text(source, encoding="utf-8")
    checked = check_source(path, style)
    written = {p.suffix[1:]: p for p in build_outputs(checked, style, folder / "out", ("docx", "pdf", "xlsx"))}
    printed = printed_strings(checked.resolved)

    # The PDF: no line starts with a closing mark or ends with an opening one; its text is the report's.
    block_bottom = style.page.height.pt - style.page.margin_top.pt - style.page.text_height.pt
    with pdfplumber.open(written["pdf"]) as pdf:
        for page in pdf.pages:
            for line in page.extract_text_lines():
                if line["bottom"] > page.height - block_bottom + 1:
                    continue  # the page number, "— 1 —", below the text block
                text = line["text"].replace(" ", "")
                assert text[0] not in NO_LINE_START, text
                assert text[-1] not in NO_LINE_END, text
    extracted = subprocess.run(["pdftotext", str(written["pdf"]), "-"], capture_output=True, text=True,
                               check=True).stdout
    folios = re.compile(r"—\s*\d+\s*—")
    laid_out = "".join(line.text for page in checked.pages.pages for line in page.lines if line.kind != "page_number")
    assert squeezed(folios.sub("", extracted)) == squeezed(laid_out)
    for table in (block for block in checked.resolved.blocks() if isinstance(block, Table)):
        header = "".join(cell.text for row in table.rows[:table.header_rows] for cell in row.cells)
        first = laid_out.find(header) + len(header)
        laid_out = laid_out[:first] + laid_out[first:].replace(header, "")  # header rows repeat on later pages
    assert squeezed(laid_out) == squeezed("".join(printed))

    # The DOCX: its paragraphs say the same, in the same order.
    with zipfile.ZipFile(written["docx"]) as package:
        body = etree.fromstring(package.read("word/document.xml")).find(f"{W}body")
    assert body is not None
    docx_text = "".join(t.text or "" for t in body.iter(f"{W}t"))
    assert squeezed(docx_text) == squeezed("".join(printed))

    # The workbook: one row per figure, each printed as the report prints it.
    sheet = openpyxl.load_workbook(written["xlsx"])["指标"]
    header = [cell.value for cell in sheet[1]]
    shown = [row[header.index("报告写法")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(shown) == sorted(indicator.display for indicator in checked.resolved.indicators)
    written_figures = [m for m in re.findall(r"\{([^{}]+)\}", source) if isinstance(parse_brace(m), BraceFigure)]
    assert len(shown) == len(written_figures)  # every figure written, each its own row


@pytest.mark.parametrize("text", ["法治（政府）建设，“推进”依法行政——执法监督……规范公正。" * 6])
def test_a_mark_heavy_paragraph_never_breaks_where_chinese_forbids(text: str, style: StyleSheet, tmp_path: Path) -> None:
    path = tmp_path / "marks.yaml"
    path.write_text(f"meta: {{title: 测试}}\nbody:\n  - {scalar(text)}\n", encoding="utf-8")
    checked = check_source(path, style)
    for page in checked.pages.pages:
        for line in page.lines:
            if line.kind == "body" and line.text:
                assert line.text[0] not in NO_LINE_START and line.text[-1] not in NO_LINE_END
