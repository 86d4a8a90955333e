"""The typeset PDF measured: grid, margins, 避头尾, page numbers, fonts per role, embedding, text, outline, PDF/A-2b."""

from __future__ import annotations

import re
import subprocess
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pikepdf
import pikepdf.pdfa
import pytest
from fontTools.ttLib import TTFont

from exporter.cjk.punctuation import COMPRESSIBLE_CLOSING, NO_LINE_END
from exporter.cjk.scripts import is_cjk
from exporter.fonts import FontFile, load_metrics, resolve_fonts
from exporter.layout import layout
from exporter.pages import Pages
from exporter.resolve import resolve
from exporter.resolved import Heading, Paragraph, Resolved, Run, SectionInfo
from exporter.styles import StyleSheet, load_style
from exporter.writers import Job
from exporter.writers.pdf import write
from test_layout import filler, report

FACES = ("songti", "fangsong", "heiti", "kaiti", "xiaobiaosong", "latin")
MM = 72 / 25.4
PAGE_HEIGHT = 297 * MM
LEFT, RIGHT = 28 * MM, 184 * MM
TOP_MM, BOTTOM_MM = 37, 37 + 225
NO_START = "，。、；：？！）》」』”’"  # the lists
NO_END = "（《「『“‘"
TEXT_KINDS = ("body", "heading1", "heading2", "heading3", "heading4")


@dataclass
class Built:
    """A PDF written from a resolved report, with the pages it was painted from and its lines as read back."""

    path: Path
    resolved: Resolved
    pages: Pages
    lines: list[dict[float, list[dict]]]  # per page: baseline → chars in x order

    def layout_lines(self, number: int) -> dict[float, list]:
        found: dict[float, list] = defaultdict(list)
        for line in self.pages.pages[number - 1].lines:
            found[round(line.baseline, 2)].append(line)
        return found


def read_lines(path: Path) -> list[dict[float, list[dict]]]:
    pages = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            lines: dict[float, list[dict]] = defaultdict(list)
            for char in page.chars:
                lines[round(char["matrix"][5], 2)].append(char)
            pages.append({y: sorted(chars, key=lambda c: c["x0"]) for y, chars in lines.items()})
    return pages


def build(resolved: Resolved, style: StyleSheet, fonts: dict[str, FontFile], path: Path) -> Built:
    pages = layout(resolved, style, {face: load_metrics(font) for face, font in fonts.items()})
    write(Job(resolved, style, pages, fonts), path)
    return Built(path, resolved, pages, read_lines(path))


@pytest.fixture(scope="module")
def fonts() -> dict[str, FontFile]:
    return resolve_fonts(FACES)


@pytest.fixture(scope="module")
def example_pdf(example, style: StyleSheet, fonts: dict[str, FontFile], tmp_path_factory) -> Built:
    return build(example.resolved, style, fonts, tmp_path_factory.mktemp("pdf") / "example.pdf")


# The stress text: every mark of 避头尾 in every column modulo 28, pairs to compress, Latin and numbers.
STRESS_PATTERN = "甲乙“丙丁”，戊《己庚》；辛（壬癸）：子、丑。”寅2022年卯，“辰”——巳（午“未”）。LNG管道98.72%。"
STRESS_SECTIONS = (SectionInfo("1", "一", 1, "一、", "标点"), SectionInfo("1.1", "一（一）", 2, "（一）", "引号"))


def stress_report() -> Resolved:
    blocks: list = [Heading(1, "一、", (Run("一、标点“挤压”与（避头尾）：测试", "heading1"),), "1")]
    for offset in range(28):
        runs = [Run(filler(offset) + STRESS_PATTERN * 2, "body")]
        if offset % 7 == 3:
            runs.insert(0, Run("（一）“引号”《书名》测试。", "heading2"))
        blocks.append(Paragraph(tuple(runs), "1.1" if offset > 3 else "1", 2 if offset % 7 == 3 else 0))
        if offset == 14:
            blocks.append(Heading(2, "（一）", (Run("（一）引号：“测试”", "heading2"),), "1.1"))
    return report(blocks, STRESS_SECTIONS, recipients="测试省人民政府：", signature="测试市人民政府",
                  date="2023年2月22日", iso_date="2023-02-22")


@pytest.fixture(scope="module")
def stress_pdf(style: StyleSheet, fonts: dict[str, FontFile], tmp_path_factory) -> Built:
    return build(stress_report(), style, fonts, tmp_path_factory.mktemp("pdf") / "stress.pdf")


def cell(size: float, style: StyleSheet) -> float:
    return size * style.grid.cell_pt / style.role("body").size.pt


def cell_left(char: dict, style: StyleSheet) -> float:
    """The left edge of the grid cell a glyph stands in, from where its glyph box was drawn."""
    text, width = char["text"], cell(char["size"], style)
    if not is_cjk(text):
        return char["x0"]
    if text in NO_LINE_END:
        return char["x1"] - width  # opening marks stand at the right of their cell
    if text in COMPRESSIBLE_CLOSING:
        return char["x0"]
    return (char["x0"] + char["x1"] - width) / 2


def cell_right_options(char: dict, style: StyleSheet) -> list[float]:
    text, width = char["text"], cell(char["size"], style)
    if not is_cjk(text):
        return [char["x1"]]
    if text in COMPRESSIBLE_CLOSING:
        return [char["x0"] + width, char["x0"] + width / 2]  # full, or compressed at the line end
    return [(char["x0"] + char["x1"] + width) / 2]


def text_lines_of(built: Built, kinds: tuple[str, ...] = TEXT_KINDS):
    """(page number, layout line, chars read back) for every line of the given kinds."""
    for page in built.pages.pages:
        read = built.lines[page.number - 1]
        for line in page.lines:
            if line.kind in kinds:
                yield page.number, line, read[round(line.baseline, 2)]


# ---------------------------------------------------------------- the grid and the text block
def test_full_pages_have_22_lines_at_28_95_pt(example_pdf: Built) -> None:
    full = 0
    for number, lines in enumerate(example_pdf.lines, start=1):
        baselines = sorted((y for y in lines if PAGE_HEIGHT - y < BOTTOM_MM * MM), reverse=True)
        if len(baselines) == 22:
            full += 1
            steps = {round(a - b, 2) for a, b in zip(baselines, baselines[1:])}
            assert steps == {28.95}, number
    assert full >= 6  # pages 2 to 8 of the ten are full body pages


def test_text_block_left_and_top(example_pdf: Built, style: StyleSheet) -> None:
    page = example_pdf.lines[1]
    first = page[max(page)]
    assert min(c["top"] for c in first) / MM == pytest.approx(TOP_MM, abs=1)
    lefts = [cell_left(chars[0], style) for chars in page.values() if chars[0]["top"] / MM < BOTTOM_MM]
    assert min(lefts) / MM == pytest.approx(28, abs=0.5)


@pytest.mark.parametrize("which", ["example_pdf", "stress_pdf"])
def test_non_final_lines_fill_the_measure(which: str, request, style: StyleSheet) -> None:
    built: Built = request.getfixturevalue(which)
    checked = hung = 0
    for number, line, chars in text_lines_of(built):
        if line.last:
            continue
        checked += 1
        if cell_left(chars[-1], style) > RIGHT - 1:  # a sentence mark hung past the measure (标点悬挂)
            assert chars[-1]["text"] in "，。、；：？！" and cell_left(chars[-1], style) == pytest.approx(RIGHT, abs=0.3 * MM)
            hung += 1
            chars = chars[:-1]
        left = cell_left(chars[0], style)
        right = min(cell_right_options(chars[-1], style), key=lambda x: abs(x - RIGHT))
        assert right == pytest.approx(RIGHT, abs=0.3 * MM), (number, line.text)
        indent = 2 * 16.0  # 2 字
        assert left == pytest.approx(LEFT, abs=0.3 * MM) or left == pytest.approx(LEFT + indent, abs=0.3 * MM)
        if left < LEFT + 1:
            assert (right - left) / MM == pytest.approx(156, abs=0.3), (number, line.text)
    assert checked > 60 and hung > 0


def test_lines_of_ideographs_take_28_cells_of_15_79_pt(example_pdf: Built, style: StyleSheet) -> None:
    plain = 0
    for _, line, chars in text_lines_of(example_pdf):
        if line.last or len(chars) != 28 or not all(is_cjk(c["text"]) for c in chars):
            continue
        plain += 1
        lefts = [cell_left(c, style) for c in chars]
        if all(c["text"] not in COMPRESSIBLE_CLOSING | NO_LINE_END for c in chars):
            assert {round(b - a, 2) for a, b in zip(lefts, lefts[1:])} == {round(style.grid.cell_pt, 2)}
    assert plain > 50


@pytest.mark.parametrize("which", ["example_pdf", "stress_pdf"])
def test_no_forbidden_mark_starts_or_ends_a_line(which: str, request) -> None:
    built: Built = request.getfixturevalue(which)
    starts = ends = 0
    for page in built.lines:
        for chars in page.values():
            text = "".join(c["text"] for c in chars)
            starts += text[0] in NO_START
            ends += text[-1] in NO_END
    assert (starts, ends) == (0, 0)


def test_stress_text_meets_marks_in_every_column(stress_pdf: Built) -> None:
    columns: dict[str, set[int]] = defaultdict(set)
    for _, line, chars in text_lines_of(stress_pdf, ("body",)):
        for index, char in enumerate(chars):
            columns[char["text"]].add(round((char["x0"] - LEFT) / 15.79))
    # most of the 28 columns: the pattern is no multiple of the measure (hung marks stand in column 28)
    assert len(columns["，"]) >= 18 and len(columns["“"]) >= 18 and len(columns["》"]) >= 18


# ---------------------------------------------------------------- page numbers
def test_page_numbers(example_pdf: Built, style: StyleSheet, fonts: dict[str, FontFile]) -> None:
    inset = 16.0  # 1 字
    _, dash_top = load_metrics(fonts["songti"]).ink("—")  # the dash's outline in the face that prints it
    for number, lines in enumerate(example_pdf.lines, start=1):
        folio = [chars for chars in lines.values() if chars[0]["top"] / MM > BOTTOM_MM]
        (chars,) = folio
        assert "".join(c["text"] for c in chars) == f"— {number} —"
        assert {round(c["size"], 2) for c in chars} == {14}
        baseline = PAGE_HEIGHT - chars[0]["matrix"][5]
        assert (baseline - dash_top * 14) / MM - BOTTOM_MM == pytest.approx(7, abs=0.1)  # §7.5 一字线上距版心下边缘7mm
        if number % 2:
            right = cell_right_options(chars[-1], style)[0]
            assert right == pytest.approx(RIGHT - inset, abs=0.3 * MM)
        else:
            assert cell_left(chars[0], style) == pytest.approx(LEFT + inset, abs=0.3 * MM)


# ---------------------------------------------------------------- fonts
def postscript_name(font: FontFile) -> str:
    with TTFont(font.path, fontNumber=font.subfont_index, lazy=True) as ttf:
        return ttf["name"].getDebugName(6)


def test_fonts_by_role(example_pdf: Built, fonts: dict[str, FontFile]) -> None:
    names = {face: postscript_name(font) for face, font in fonts.items()}
    seen: dict[str, set[tuple[str, float]]] = defaultdict(set)
    for number, line, chars in text_lines_of(example_pdf, ("title", "heading1", "body", "page_number", "issuer_mark")):
        for char in chars:
            face = next(face for face, name in names.items() if char["fontname"].split("+")[1] == name)
            kind = line.kind
            if kind == "body" and line.styles[0].face == "kaiti" and face == "kaiti":
                kind = "run-in heading"
            seen[kind].add((face, round(char["size"], 2)))
    # digits and Latin letters in Times New Roman's widths (the open Liberation Serif), as Word sets them
    assert seen["title"] == {("xiaobiaosong", 22), ("latin", 22)}
    assert seen["issuer_mark"] == {("xiaobiaosong", 22)}
    assert seen["heading1"] == {("heiti", 16), ("latin", 16)}
    assert seen["run-in heading"] == {("kaiti", 16)}
    assert seen["body"] == {("fangsong", 16), ("latin", 16)}
    assert seen["page_number"] == {("songti", 14)}  # §7.5 半角宋体阿拉伯数字


def test_the_red_mark_and_rule(example_pdf: Built) -> None:
    with pdfplumber.open(example_pdf.path) as pdf:
        page = pdf.pages[0]
        mark = [c for c in page.chars if round(c["size"]) == 22 and c["top"] < 100 * MM]
        assert "".join(c["text"] for c in mark) == "南阳市人民政府"
        assert {tuple(round(v, 3) for v in c["non_stroking_color"]) for c in mark} == {(0.902, 0.0, 0.0)}
        (rule,) = [line for line in page.lines if line["stroking_color"] != (0, 0, 0)]
        assert (rule["x0"], rule["x1"]) == pytest.approx((LEFT, RIGHT), abs=0.01)
        assert rule["linewidth"] == pytest.approx(0.35 * MM, abs=0.01)


def test_every_font_is_embedded_and_no_helvetica(example_pdf: Built) -> None:
    with pikepdf.open(example_pdf.path) as pdf:
        fonts = {}
        for page in pdf.pages:
            for name, font in page.Resources.Font.items():
                fonts[str(font.BaseFont)] = font
        assert fonts
        for base, font in fonts.items():
            assert "/FontFile2" in font.FontDescriptor, base
            assert re.match(r"/[A-Z]{6}\+", base), base  # a subset
    report = subprocess.run(["pdffonts", str(example_pdf.path)], capture_output=True, text=True, check=True).stdout
    rows = report.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows)
    assert "Helvetica" not in report


# ---------------------------------------------------------------- text, outline, metadata, PDF/A
@pytest.mark.parametrize("which", ["example_pdf", "stress_pdf"])
def test_extracted_text_equals_the_source_text(which: str, request) -> None:
    built: Built = request.getfixturevalue(which)
    for page in built.pages.pages:
        expected = "".join(line.text for line in page.lines)
        extracted = subprocess.run(["pdftotext", "-layout", "-f", str(page.number), "-l", str(page.number), str(built.path), "-"],
                                   capture_output=True, text=True, check=True).stdout
        assert re.sub(r"\s", "", extracted) == re.sub(r"\s", "", expected), page.number
        # In reading order (what a reader copies), each line's characters come out whole: no spaces
        # from justification gaps, no line split at overlapping compressed marks.
        copied = subprocess.run(["pdftotext", "-f", str(page.number), "-l", str(page.number), str(built.path), "-"],
                                capture_output=True, text=True, check=True).stdout.splitlines()
        for line in page.lines:
            assert line.text in copied, (page.number, line.text)
        read = built.lines[page.number - 1]
        for baseline, lines in built.layout_lines(page.number).items():
            text = "".join(line.text for line in sorted(lines, key=lambda line: line.left))
            assert "".join(c["text"] for c in read[baseline]) == text


def test_the_report_text_is_all_there(example_pdf: Built) -> None:
    printed = "".join(line.text for _, line, _ in text_lines_of(example_pdf))
    assert printed == "".join(block.text for block in example_pdf.resolved.blocks())


def test_outline_of_headings(example_pdf: Built) -> None:
    with pikepdf.open(example_pdf.path) as pdf, pdf.open_outline() as outline:
        top = [(item.title, [child.title for child in item.children]) for item in outline.root]
    sections = example_pdf.resolved.sections
    assert [title for title, _ in top] == [s.label + s.title for s in sections if s.level == 1]
    assert top[0][1][0].startswith("（一）深入学习贯彻党的二十大精神")
    assert sum(len(children) for _, children in top) == len([s for s in sections if s.level == 2])


def test_metadata(example_pdf: Built) -> None:
    with pikepdf.open(example_pdf.path) as pdf:
        info = pdf.docinfo
        assert str(info.Title) == "南阳市人民政府关于2022年度法治政府建设情况的报告"
        assert str(info.Author) == "南阳市人民政府"
        assert str(info.Subject) == "2022年度法治政府建设情况"
        assert "法治政府建设" in str(info.Keywords)
        assert str(info.CreationDate).startswith("D:20230222")
        assert str(pdf.Root.Lang) == "zh-CN"
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
        assert meta["xmp:CreateDate"].startswith("2023-02-22")
        assert "zh-CN" in str(meta["dc:language"])
        assert all("/Trans" not in page.obj for page in pdf.pages)
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1" and intent.DestOutputProfile.N == 3


def test_pdfa_2b_validation_passes(example_pdf: Built) -> None:
    verdict = pikepdf.pdfa.validate_written(example_pdf.path, "2b")
    assert verdict.passed, verdict.findings


def test_same_input_same_bytes(example, style: StyleSheet, fonts: dict[str, FontFile], example_pdf: Built,
                               tmp_path: Path) -> None:
    again = tmp_path / "again.pdf"
    write(Job(example.resolved, style, example_pdf.pages, fonts), again)
    assert again.read_bytes() == example_pdf.path.read_bytes()


def test_public_copy_is_plain_pdf_without_header_or_colophon(example, fonts: dict[str, FontFile], tmp_path: Path) -> None:
    public = load_style("gbt9704-public")
    built = build(resolve(example.document, public).resolved, public, fonts, tmp_path / "public.pdf")
    kinds = {line.kind for page in built.pages.pages for line in page.lines}
    assert not kinds & {"issuer_mark", "doc_number", "cc", "imprint"}
    with pikepdf.open(built.path) as pdf:
        assert "/OutputIntents" not in pdf.Root
        assert "pdfaid:part" not in pdf.open_metadata()
        assert str(pdf.Root.Lang) == "zh-CN"
    first = built.lines[0]
    assert min(c["top"] for c in first[max(first)]) / MM == pytest.approx(TOP_MM, abs=1)  # the title opens the page


class _CountedChild:
    """Stands in for forked.Child in the PDF writer: counts the children made, and can fail like a dead one."""

    made = 0
    failing = False

    def __init__(self, work) -> None:  # type: ignore[no-untyped-def]
        from exporter.forked import Child

        type(self).made += 1
        self._child = Child(work)

    def wait(self) -> object:
        from exporter.forked import ChildFailed

        found = self._child.wait()
        if self.failing:
            raise ChildFailed("the child process ended without a result (status 9)")
        return found

    def stop(self) -> None:
        self._child.stop()


@pytest.mark.parametrize(("may_fork", "failing", "children"), [(True, False, 1), (True, True, 1), (False, False, 0)],
                         ids=["child-paints", "child-dies", "may-not-fork"])
def test_pages_painted_on_both_cores_give_the_same_bytes(example, style: StyleSheet, fonts: dict[str, FontFile],
                                                         example_pdf: Built, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch, may_fork: bool, failing: bool,
                                                         children: int) -> None:
    pagetexts = __import__("exporter.writers.pdf.pagetexts", fromlist=["page_texts"])
    monkeypatch.setattr(pagetexts, "PARALLEL_FROM_CHARACTERS", 1)
    monkeypatch.setattr(pagetexts, "can_fork", lambda: True)
    counted = type("Counted", (_CountedChild,), {"made": 0, "failing": failing})
    monkeypatch.setattr(pagetexts, "Child", counted)
    written = tmp_path / "written.pdf"
    write(Job(example.resolved, style, example_pdf.pages, fonts, may_fork=may_fork), written)
    assert counted.made == children
    assert written.read_bytes() == example_pdf.path.read_bytes()
