"""The PDF's fonts: each face embeds only the characters its pages show, cut without changing a glyph; a font that cannot be embedded is a clerk's error."""

from __future__ import annotations

import re
import shutil
from collections import defaultdict
from dataclasses import replace
from io import BytesIO
from pathlib import Path

import pikepdf
import pytest
from fontTools.ttLib import TTFont

from exporter.build import Checked
from exporter.errors import FontError
from exporter.fonts import FontFile, resolve_fonts
from exporter.pages import TextLine
from exporter.styles import StyleSheet
from exporter.writers import Job
from exporter.writers.pdf import write
from exporter.writers.pdf.smallfont import small_font

FACES = ("songti", "fangsong", "heiti", "kaiti", "xiaobiaosong", "latin")
# Each of ReportLab's subsets keeps code 0 for .notdef and code 32 for the space.
RESERVED = {"\u0000", " "}


@pytest.fixture(scope="module")
def fonts() -> dict[str, FontFile]:
    return resolve_fonts(FACES)


@pytest.fixture(scope="module")
def example_pdf(example: Checked, style: StyleSheet, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fonts") / "example.pdf"
    write(Job(example.resolved, style, example.pages, example.fonts), path)
    return path


def postscript_name(font: FontFile) -> str:
    with TTFont(font.path, fontNumber=font.subfont_index, lazy=True) as ttf:
        return str(ttf["name"].getDebugName(6))


def embedded_characters(path: Path) -> dict[str, set[str]]:
    """Per PostScript name, the characters of all its embedded subsets, from their ToUnicode maps."""
    found: dict[str, set[str]] = defaultdict(set)
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                cmap = font.ToUnicode.read_bytes().decode("ascii")
                characters = {chr(int(code, 16)) for code in re.findall(r"<[0-9A-F]{2}> <([0-9A-F]{4})>", cmap)}
                found[str(font.BaseFont).split("+")[1]] |= characters - RESERVED
    return found


def test_each_face_embeds_just_the_characters_it_shows(example: Checked, fonts: dict[str, FontFile],
                                                       example_pdf: Path) -> None:
    shown: dict[str, set[str]] = defaultdict(set)
    for page in example.pages.pages:
        for line in page.lines:
            for cluster in line.clusters:
                shown[postscript_name(fonts[line.styles[cluster.run].face])] |= set(cluster.text) - RESERVED
    assert embedded_characters(example_pdf) == shown
    assert len(shown["FandolFang-Regular"]) > 600  # the body face: more than two subsets of 256 codes


def test_every_page_names_only_the_fonts_it_shows(example_pdf: Path) -> None:
    with pikepdf.open(example_pdf) as pdf:
        for page in pdf.pages:
            selected = set(re.findall(rb"/(F\d+\+\d+) [\d.]+ Tf", page.Contents.read_bytes()))
            assert {name.encode() for name in page.Resources.Font} == {b"/" + name for name in selected}


@pytest.mark.parametrize("face", ["latin", "fangsong", "kaiti"])
def test_the_small_font_keeps_each_glyph_and_advance(fonts: dict[str, FontFile], face: str) -> None:
    """Outlines (composite accented letters included), advances and bounds as in the whole font file."""
    font = fonts[face]
    wanted = "Éé–—“”«»fiÅ 2022年度法治政府建设情况，。（）《》：；、" + "".join(map(chr, range(0x4E00, 0x4E40)))
    program, mapped = small_font(font.path, font.subfont_index, wanted)
    whole = TTFont(font.path, fontNumber=font.subfont_index)
    small = TTFont(BytesIO(program))
    whole_cmap, small_cmap = whole.getBestCmap(), small.getBestCmap()
    assert mapped == {char for char in wanted if ord(char) in whole_cmap}
    assert set(small_cmap) == {ord(char) for char in mapped}
    assert small["maxp"].numGlyphs < 256
    composites = 0
    for char in mapped:
        before, after = whole_cmap[ord(char)], small_cmap[ord(char)]
        assert whole["hmtx"][before] == small["hmtx"][after], char
        old, new = whole["glyf"][before], small["glyf"][after]
        assert old.getCoordinates(whole["glyf"])[0] == new.getCoordinates(small["glyf"])[0], char
        composites += old.isComposite()
    if face == "latin":
        assert composites > 0  # Liberation Serif builds its accented letters from parts


def test_a_font_file_that_cannot_be_embedded_is_a_clerks_error(example: Checked, style: StyleSheet,
                                                               tmp_path: Path) -> None:
    body = example.fonts["fangsong"]
    damaged = tmp_path / "damaged.ttf"
    damaged.write_bytes(body.path.read_bytes()[:4096])
    postscript = tmp_path / "postscript.ttf"
    postscript.write_bytes(b"OTTO" + body.path.read_bytes()[4:4096])
    for path, reason in ((damaged, ""), (postscript, "PostScript")):
        fonts = {**example.fonts, "fangsong": replace(body, path=path)}
        with pytest.raises(FontError) as raised:
            write(Job(example.resolved, style, example.pages, fonts), tmp_path / "out.pdf")
        (problem,) = raised.value.diagnostics
        assert problem.code == "F030" and str(path) in problem.message and reason in problem.message


def test_a_second_file_with_the_same_postscript_name_keeps_its_own_glyphs(example: Checked, style: StyleSheet,
                                                                           tmp_path: Path) -> None:
    """Two faces served by two copies of one font: each copy's subsets are objects of their own."""
    copy = tmp_path / "copy.ttf"
    shutil.copy(example.fonts["kaiti"].path, copy)
    fonts = {**example.fonts, "heiti": replace(example.fonts["kaiti"], face="heiti", path=copy)}
    path = tmp_path / "two.pdf"
    write(Job(example.resolved, style, example.pages, fonts), path)
    names = embedded_characters(path)
    assert {name for name in names if name.startswith("LXGWWenKai-Regular")} == {
        "LXGWWenKai-Regular", next(name for name in names if name.startswith("LXGWWenKai-Regular-"))}


def test_a_page_of_a_paragraph_whose_other_styles_it_does_not_show(example: Checked, style: StyleSheet,
                                                                    tmp_path: Path) -> None:
    """The local page paints only changed pages: a line's paragraph may name faces no painted run shows."""
    def unshown(line: TextLine) -> set[str]:
        return {s.face for s in line.styles} - {line.styles[c.run].face for c in line.clusters}

    page = next(page for page in example.pages.pages if any(unshown(line) for line in page.lines))
    lines = tuple(line for line in page.lines if unshown(line))  # the run-in heading's face is on another page
    faces = {line.styles[c.run].face for line in lines for c in line.clusters}
    assert set().union(*map(unshown, lines)) - faces
    alone = replace(example.pages, pages=(replace(page, lines=lines),), headings=())
    path = tmp_path / "one-page.pdf"
    write(Job(example.resolved, style, alone, example.fonts), path)
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) == 1
    assert len(embedded_characters(path)) == len(faces)
