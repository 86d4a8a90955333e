"""The official-format DOCX read back part by part: page set-up, styles, fonts, 版头, 版记, footers, properties."""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree
from openxml_audit import OpenXmlValidator

from docx_fixtures import INDICATOR_TEXT, META, sample_resolved, short_resolved
from exporter.resolved import Heading, Resolved
from exporter.styles import FontFace, StyleSheet, load_style
from exporter.writers import Job
from exporter.writers.docx import write

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
TWIPS_PER_MM = 72 / 25.4 * 20


def w(name: str) -> str:
    return f"{{{W}}}{name}"


@dataclasses.dataclass(frozen=True)
class Package:
    """A written .docx: its bytes and its XML parts parsed."""

    path: Path
    parts: dict[str, etree._Element]

    def xpath(self, part: str, query: str) -> list:
        return self.parts[part].xpath(query, namespaces=NS)

    def style(self, style_id: str) -> etree._Element:
        found = self.xpath("word/styles.xml", f"//w:style[@w:styleId='{style_id}']")
        assert len(found) == 1, style_id
        return found[0]

    def body_paragraphs(self) -> list[etree._Element]:
        return self.xpath("word/document.xml", "/w:document/w:body/w:p")

    def paragraphs_in_style(self, style_id: str) -> list[etree._Element]:
        return self.xpath("word/document.xml", f"//w:p[w:pPr/w:pStyle/@w:val='{style_id}']")


def text_of(node: etree._Element) -> str:
    return "".join(node.xpath(".//w:t/text()", namespaces=NS))


def build(resolved: Resolved, style: StyleSheet, path: Path) -> Package:
    write(Job(resolved, style), path)
    with zipfile.ZipFile(path) as archive:
        parts = {name: etree.fromstring(archive.read(name)) for name in archive.namelist() if name.endswith((".xml", ".rels"))}
    return Package(path, parts)


@pytest.fixture(scope="module")
def package(style: StyleSheet, tmp_path_factory: pytest.TempPathFactory) -> Package:
    return build(sample_resolved(), style, tmp_path_factory.mktemp("docx") / "report.docx")


# ---------------------------------------------------------------- page
def test_page_is_a4_with_the_gbt9704_text_block(package: Package) -> None:
    size = package.xpath("word/document.xml", "//w:sectPr/w:pgSz")[0]
    margins = package.xpath("word/document.xml", "//w:sectPr/w:pgMar")[0]
    assert (int(size.get(w("w"))), int(size.get(w("h")))) == (11906, 16838)  # 210 × 297 mm
    mm = {side: int(margins.get(w(side))) / TWIPS_PER_MM for side in ("top", "bottom", "left", "right")}
    lift = (0.8 * 28.95 - 0.88 * 16) * 25.4 / 72  # a body line's characters stand this far down its exact line box
    assert mm["top"] == pytest.approx(37 - lift, abs=0.05)  # so the first line's characters touch 37 mm
    assert mm["left"] == pytest.approx(28, abs=0.05)
    assert 210 - mm["left"] - mm["right"] == pytest.approx(156, abs=0.05)
    assert 297 - mm["top"] - mm["bottom"] == pytest.approx(225, abs=0.05)


def test_grid_is_exact_line_spacing_without_a_character_grid(package: Package) -> None:
    spacing = package.xpath("word/styles.xml", "//w:docDefaults/w:pPrDefault/w:pPr/w:spacing")[0]
    assert (spacing.get(w("line")), spacing.get(w("lineRule"))) == ("579", "exact")  # 28.95 pt
    grid = package.xpath("word/document.xml", "//w:sectPr/w:docGrid")[0]
    assert grid.get(w("linePitch")) == "579"
    assert grid.get(w("type")) is None  # not linesAndChars: LibreOffice would set 14 characters a line
    # 22 lines of 28.95 pt fit the 225 mm text block
    assert 22 * 579 <= 297 * TWIPS_PER_MM - sum(
        int(package.xpath("word/document.xml", "//w:sectPr/w:pgMar")[0].get(w(side))) for side in ("top", "bottom"))


def test_body_characters_are_condensed_so_28_fill_156_mm(package: Package) -> None:
    normal = package.style("Normal")
    condensed = int(normal.xpath("w:rPr/w:spacing/@w:val", namespaces=NS)[0])
    advance_pt = 16 + condensed / 20
    assert 28 * advance_pt <= 156 * 72 / 25.4 < 29 * advance_pt
    assert condensed == -5


def test_body_is_justified_with_a_two_character_first_line_indent(package: Package) -> None:
    normal = package.style("Normal")
    assert normal.get(w("default")) == "1"
    assert normal.xpath("w:pPr/w:jc/@w:val", namespaces=NS) == ["both"]
    indent = normal.xpath("w:pPr/w:ind", namespaces=NS)[0]
    assert indent.get(w("firstLineChars")) == "200"
    assert int(indent.get(w("firstLine"))) == 640  # 2 字 of 16 pt, as Word reads firstLineChars="200"
    assert normal.xpath("w:pPr/w:widowControl/@w:val", namespaces=NS) == ["0"]  # pages stay 22 lines


def test_no_paragraph_inherits_the_body_indent_in_characters(package: Package) -> None:
    """Word lets w:firstLineChars win over w:firstLine: every indent states its own, 0 off the body grid."""
    assert package.style("Title").xpath("w:pPr/w:ind/@w:firstLineChars", namespaces=NS) == ["0"]
    assert package.style("GwCopyTo").xpath("w:pPr/w:ind/@w:firstLineChars", namespaces=NS) == ["0"]
    assert package.style("Heading1").xpath("w:pPr/w:ind/@w:firstLineChars", namespaces=NS) == ["200"]


def test_every_indent_says_the_same_in_characters(package: Package) -> None:
    """Word lets w:firstLineChars, w:leftChars … win over the twips beside them: each states the same length,
    in characters of the paragraph's type size (三号 320 twips, 四号 280)."""
    own = {s.get(w("styleId")): (s.xpath("w:rPr/w:sz/@w:val", namespaces=NS), s.xpath("w:basedOn/@w:val", namespaces=NS))
           for s in package.xpath("word/styles.xml", "//w:style")}

    def size_of(style_id: str) -> list:
        size, based_on = own.get(style_id, ([], []))
        return size or (size_of(based_on[0]) if based_on else [])

    sizes = {style_id: size_of(style_id) for style_id in own}
    checked = 0
    for part in ("word/styles.xml", "word/document.xml", "word/footer1.xml", "word/footer2.xml"):
        for indent in package.xpath(part, "//w:ind"):
            holder = (indent.xpath("ancestor::w:style/@w:styleId", namespaces=NS)
                      or indent.xpath("ancestor::w:p[1]/w:pPr/w:pStyle/@w:val", namespaces=NS))
            size = int((sizes.get(str(holder[0])) or ["32"])[0]) if holder else 32
            for length in ("left", "right", "firstLine", "hanging"):
                if indent.get(w(length)) is not None:
                    chars = int(indent.get(w(length + "Chars")))
                    assert chars * size * 10 / 100 == pytest.approx(int(indent.get(w(length))), abs=size * 10 / 100)
                    checked += 1
            if indent.get(w("hanging")) is not None:
                assert indent.get(w("firstLineChars")) == "0"  # Normal's 200 must not win over the hanging indent
    assert checked > 60


# ---------------------------------------------------------------- styles and fonts
ROLE_STYLES = {  # style id → (name, East Asian face, half-points)
    "Normal": ("Normal", "仿宋_GB2312", "32"),
    "Title": ("Title", "方正小标宋简体", "44"),
    "Heading1": ("heading 1", "黑体", "32"),
    "Heading2": ("heading 2", "楷体_GB2312", "32"),
    "Heading3": ("heading 3", "仿宋_GB2312", "32"),
    "Heading4": ("heading 4", "仿宋_GB2312", "32"),
    "GwRecipient": ("主送机关", "仿宋_GB2312", "32"),
    "GwSignature": ("署名", "仿宋_GB2312", "32"),
    "GwDate": ("成文日期", "仿宋_GB2312", "32"),
    "GwNote": ("附注", "仿宋_GB2312", "32"),
    "GwAttachment": ("附件说明", "仿宋_GB2312", "32"),
    "GwCopyTo": ("抄送", "仿宋_GB2312", "28"),
    "GwImprint": ("印发", "仿宋_GB2312", "28"),
    "GwPageNumber": ("页码（奇数页）", "宋体", "28"),
    "GwIssuerMark": ("发文机关标志", "方正小标宋简体", "44"),
    "GwDocNumber": ("发文字号", "仿宋_GB2312", "32"),
    "GwSignerNameChar": ("签发人", "楷体_GB2312", "32"),
    "Heading2Char": ("段内二级标题", "楷体_GB2312", "32"),
    "NormalChar": ("正文字符", "仿宋_GB2312", "32"),
}


@pytest.mark.parametrize("style_id", sorted(ROLE_STYLES))
def test_every_role_has_a_named_style_with_its_face_and_size(package: Package, style_id: str) -> None:
    name, face, size = ROLE_STYLES[style_id]
    node = package.style(style_id)
    assert node.xpath("w:name/@w:val", namespaces=NS) == [name]
    fonts = node.xpath("w:rPr/w:rFonts", namespaces=NS)[0]
    assert fonts.get(w("eastAsia")) == face
    expected_latin = "宋体" if style_id == "GwPageNumber" else "Times New Roman"  # §7.5 半角宋体阿拉伯数字
    assert fonts.get(w("ascii")) == fonts.get(w("hAnsi")) == expected_latin
    assert node.xpath("w:rPr/w:sz/@w:val", namespaces=NS) == [size]


def test_headings_are_the_built_in_heading_styles_with_their_chinese_names(package: Package) -> None:
    """heading 1–4 (Chinese Word: 标题 1–4) with outline levels for the navigation pane, the names the styles had
    as aliases, and keeping with the next line; pandoc and mammoth know headings by these names."""
    for level, alias in zip(range(1, 5), "一二三四"):
        style = package.style(f"Heading{level}")
        assert style.xpath("w:pPr/w:outlineLvl/@w:val", namespaces=NS) == [str(level - 1)]
        assert style.xpath("w:aliases/@w:val", namespaces=NS) == [f"{alias}级标题"]
        assert style.xpath("w:basedOn/@w:val", namespaces=NS) == ["Normal"]
        assert style.xpath("w:pPr/w:keepNext", namespaces=NS) and style.xpath("w:pPr/w:keepLines", namespaces=NS)
    assert not package.style("Normal").xpath("w:pPr/w:outlineLvl", namespaces=NS)
    assert not package.xpath("word/styles.xml", "//w:style[starts-with(@w:styleId, 'Gw') and contains(@w:styleId, 'Heading')]")


def test_word_style_names_come_from_the_style_sheet(tmp_path: Path) -> None:
    """A clerk's style sheet renames the Word styles: the DOCX's styles and the paragraphs that use them follow."""
    sheet = tmp_path / "本单位.yaml"
    sheet.write_text("base: gbt9704\n"
                     "roles:\n"
                     "  recipient: {word: {id: ZhuSong, name: 主送单位, character_name: 主送单位文字}}\n"
                     "  heading2: {word: {alias: 第二层标题, character_name: 段内第二层标题}}\n"
                     "page_number: {even_word: {name: 偶数页页码}}\n", encoding="utf-8")
    package = build(sample_resolved(), load_style(str(sheet)), tmp_path / "renamed.docx")
    assert package.style("ZhuSong").xpath("w:name/@w:val", namespaces=NS) == ["主送单位"]
    assert not package.xpath("word/styles.xml", "//w:style[@w:styleId='GwRecipient']")
    assert [text_of(p) for p in package.paragraphs_in_style("ZhuSong")] == [META.recipients]
    heading2 = package.style("Heading2")
    assert heading2.xpath("w:name/@w:val", namespaces=NS) == ["heading 2"]  # still Word's own 标题 2
    assert heading2.xpath("w:aliases/@w:val", namespaces=NS) == ["第二层标题"]
    assert package.style("Heading2Char").xpath("w:name/@w:val", namespaces=NS) == ["段内第二层标题"]
    assert package.style("GwPageNumberEven").xpath("w:name/@w:val", namespaces=NS) == ["偶数页页码"]
    assert package.xpath("word/footer2.xml", "//w:pStyle/@w:val") == ["GwPageNumberEven"]


def test_run_in_headings_are_heading_paragraphs_with_body_text_in_the_body_face(package: Package) -> None:
    run_in = [p for p in package.paragraphs_in_style("Heading2") if len(p.xpath("w:r[w:t]", namespaces=NS)) > 1]
    assert run_in
    for paragraph in run_in:
        runs = paragraph.xpath("w:r[w:t]", namespaces=NS)
        assert not runs[0].xpath("w:rPr/w:rStyle", namespaces=NS)  # the heading sentence: the style's 楷体
        assert text_of(runs[0]).startswith("（") and text_of(runs[0]).endswith("。")
        assert {s for r in runs[1:] for s in r.xpath("w:rPr/w:rStyle/@w:val", namespaces=NS)} == {"NormalChar"}
        # the heading style's keeping is off: only the first line keeps with the second (widow control)
        assert paragraph.xpath("w:pPr/w:keepNext/@w:val", namespaces=NS) == ["0"]
        assert paragraph.xpath("w:pPr/w:keepLines/@w:val", namespaces=NS) == ["0"]


def test_issuer_mark_is_red_and_headings_follow_the_style_sheet(package: Package) -> None:
    assert package.style("GwIssuerMark").xpath("w:rPr/w:color/@w:val", namespaces=NS) == ["E60000"]
    assert not package.style("Heading3").xpath("w:rPr/w:b[not(@w:val='0')]", namespaces=NS)  # bold off by default


def test_no_theme_fonts_anywhere(package: Package) -> None:
    for name, root in package.parts.items():
        if name.startswith("word/") and name != "word/theme/theme1.xml":
            themed = root.xpath("//w:rFonts[@w:asciiTheme or @w:hAnsiTheme or @w:eastAsiaTheme or @w:cstheme]",
                                namespaces=NS)
            assert not themed, name


def test_chinese_language_selects_chinese_line_breaking(package: Package) -> None:
    assert package.xpath("word/styles.xml", "//w:rPrDefault//w:lang/@w:eastAsia") == ["zh-CN"]
    assert package.xpath("word/settings.xml", "//w:themeFontLang/@w:eastAsia") == ["zh-CN"]


def test_font_table_gives_every_face_a_fallback(package: Package) -> None:
    fonts = {f.get(w("name")): f.xpath("w:altName/@w:val", namespaces=NS)
             for f in package.xpath("word/fontTable.xml", "//w:font")}
    assert fonts["仿宋_GB2312"] == ["仿宋"]
    assert fonts["楷体_GB2312"] == ["楷体"]
    assert {"黑体", "宋体", "方正小标宋简体", "Times New Roman"} <= set(fonts)


def test_face_names_come_from_the_style_sheet(style: StyleSheet, tmp_path: Path) -> None:
    windows10 = dict(style.fonts)
    windows10["fangsong"] = FontFace(word="仿宋", word_alt="FangSong", face="fangsong", key="fangsong")
    windows10["kaiti"] = FontFace(word="楷体", word_alt="KaiTi", face="kaiti", key="kaiti")
    package = build(short_resolved(), dataclasses.replace(style, fonts=windows10), tmp_path / "win10.docx")
    assert package.style("Normal").xpath("w:rPr/w:rFonts/@w:eastAsia", namespaces=NS) == ["仿宋"]
    assert package.style("Heading2").xpath("w:rPr/w:rFonts/@w:eastAsia", namespaces=NS) == ["楷体"]
    assert "仿宋_GB2312" not in package.path.read_bytes().decode("latin-1", "ignore")


# ---------------------------------------------------------------- body
def test_runs_carry_no_direct_formatting_but_the_east_asian_face_of_marks(package: Package) -> None:
    for run_properties in package.xpath("word/document.xml", "//w:body//w:r/w:rPr"):
        for child in run_properties:
            assert etree.QName(child).localname in ("rStyle", "rFonts"), etree.tostring(child)
            if etree.QName(child).localname == "rFonts":
                faces = {child.get(w(slot)) for slot in ("ascii", "hAnsi", "eastAsia")}
                assert child.get(w("hint")) == "eastAsia"
                assert faces == {None} or len(faces) == 1, etree.tostring(child)  # none, or the East Asian face in all


def test_quotes_and_dashes_take_the_east_asian_font(package: Package) -> None:
    runs = package.xpath("word/document.xml", "//w:body//w:r[w:t]")
    for run in runs:
        hinted = run.xpath("w:rPr/w:rFonts/@w:hint", namespaces=NS) == ["eastAsia"]
        assert hinted == any(mark in text_of(run) for mark in "“”‘’—…·"), text_of(run)
    assert any("“" in text_of(run) for run in runs)


def test_a_mark_after_a_number_has_the_east_asian_face_in_every_slot(package: Package) -> None:
    """LibreOffice gives “”— the script of the character before them: after a digit it would take the Latin face."""
    after_digit = [r for r in package.xpath("word/document.xml", "//w:body//w:r[w:t]")
                   if r.xpath("w:rPr/w:rFonts/@w:ascii", namespaces=NS)]
    assert after_digit, "the fixture has “2022—2025年”-like text"
    for run in after_digit:
        assert set(text_of(run)) <= set("“”‘’—…·")
        fonts = run.xpath("w:rPr/w:rFonts", namespaces=NS)[0]
        assert fonts.get(w("ascii")) == fonts.get(w("hAnsi")) == fonts.get(w("eastAsia")) == "仿宋_GB2312"
        previous = run.xpath("preceding-sibling::w:r[w:t][1]", namespaces=NS)[0]
        assert text_of(previous)[-1].isascii()


def test_run_in_heading_sentence_is_kaiti_and_the_rest_body(package: Package) -> None:
    resolved = sample_resolved()
    run_in = next(b for b in resolved.blocks() if getattr(b, "run_in_level", 0) == 2)
    paragraph = next(p for p in package.body_paragraphs() if text_of(p) == run_in.text)
    assert paragraph.xpath("w:pPr/w:pStyle/@w:val", namespaces=NS) == ["Heading2"]
    runs = paragraph.xpath("w:r", namespaces=NS)
    assert text_of(runs[0]) == run_in.runs[0].text
    assert not runs[0].xpath("w:rPr/w:rStyle", namespaces=NS)
    assert all(r.xpath("w:rPr/w:rStyle/@w:val", namespaces=NS) == ["NormalChar"] for r in runs[1:])


def test_stand_alone_headings_take_their_level_style(package: Package) -> None:
    resolved = sample_resolved()
    for block in resolved.blocks():
        if isinstance(block, Heading):
            paragraph = next(p for p in package.body_paragraphs() if text_of(p) == block.text)
            assert paragraph.xpath("w:pPr/w:pStyle/@w:val", namespaces=NS) == [f"Heading{block.level}"]


def test_indicator_figure_is_a_plain_body_run(package: Package) -> None:
    runs = [r for r in package.xpath("word/document.xml", "//w:body//w:r") if text_of(r) == INDICATOR_TEXT]
    assert len(runs) == 1
    assert not runs[0].xpath("w:rPr/*[not(self::w:rStyle[@w:val='NormalChar'])]", namespaces=NS)


def test_document_text_is_the_resolved_text_in_reading_order(package: Package) -> None:
    meta = META
    expected = [meta.copy_number, meta.secrecy, meta.urgency, meta.issuer_mark,
                f"{meta.doc_number}{meta.signer_label}{meta.signers[0]}", "".join(meta.title_lines), meta.recipients,
                *(block.text for block in sample_resolved().blocks()), *meta.attachments, meta.signature, meta.date,
                meta.note]
    paragraphs = [text_of(p) for p in package.body_paragraphs()]
    assert paragraphs[:len(expected)] == expected
    table = package.xpath("word/document.xml", "//w:tbl")[0]
    assert [text_of(p) for p in table.xpath(".//w:p", namespaces=NS)] == [meta.cc, meta.printer + meta.print_date]


def test_title_lines_are_one_paragraph_with_line_breaks(package: Package) -> None:
    title = package.paragraphs_in_style("Title")
    assert len(title) == 1
    assert len(title[0].xpath("w:r/w:br", namespaces=NS)) == len(META.title_lines) - 1


def test_blank_lines_are_spacing_of_whole_grid_lines(package: Package) -> None:
    signature = package.style("GwSignature").xpath("w:pPr/w:spacing/@w:before", namespaces=NS)
    assert signature == ["579"]  # one line above the 署名
    assert package.style("GwRecipient").xpath("w:pPr/w:spacing/@w:before", namespaces=NS) == ["0"]
    title = package.paragraphs_in_style("Title")[0]
    spacing = title.xpath("w:pPr/w:spacing", namespaces=NS)[0]
    drop = 0.8 * 28.95 - 0.88 * 16 - (0.8 * 28.95 - 0.88 * 22)  # the 22 pt characters stand lower in their line box
    # one line to the 主送机关, less what the title's line box moved down
    assert int(spacing.get(w("after"))) == round((28.95 - drop) * 20)
    assert int(spacing.get(w("before"))) > round(drop * 20)  # the grid lines below the red rule, and the drop
    first_attachment = package.paragraphs_in_style("GwAttachment")[0]
    assert first_attachment.xpath("w:pPr/w:spacing/@w:before", namespaces=NS) == ["579"]
    assert not package.paragraphs_in_style("GwAttachment")[1].xpath("w:pPr/w:spacing", namespaces=NS)
    assert len(package.xpath("word/document.xml", "//w:body/w:p[not(.//w:t)]")) == 1  # only the 版记's anchor


def test_attachment_numbers_and_names_line_up(package: Package) -> None:
    """附件：1. 名称 / 2. 名称: "2." under "1.", every name (and its wrapped lines) starting at the same place."""
    first, second = package.paragraphs_in_style("GwAttachment")
    indents = [p.xpath("w:pPr/w:ind", namespaces=NS)[0] for p in (first, second)]
    lefts = [int(i.get(w("left"))) for i in indents]
    starts = [left - int(i.get(w("hanging"))) for left, i in zip(lefts, indents)]
    label = round(3 * (16 - 0.25) * 20)  # "附件：" in condensed body characters
    assert starts[0] == 640  # 2 字 in, like a paragraph's first line
    assert starts[1] == starts[0] + label
    assert lefts[0] == lefts[1] > starts[1]


def test_date_starts_two_characters_right_of_the_signature(package: Package, style: StyleSheet) -> None:
    cell = 16.0  # pt, one 字
    signature = package.paragraphs_in_style("GwSignature")[0]
    date = package.paragraphs_in_style("GwDate")[0]
    name_right = int(signature.xpath("w:pPr/w:ind/@w:right", namespaces=NS)[0]) / 20
    date_right = int(date.xpath("w:pPr/w:ind/@w:right", namespaces=NS)[0]) / 20
    assert signature.xpath("w:pPr/w:jc/@w:val", namespaces=NS) == date.xpath("w:pPr/w:jc/@w:val", namespaces=NS) == ["right"]
    advance = 16 - 0.25
    name_width = len(META.signature) * advance
    date_width = 3 * advance + 7 * (8 - 0.25)  # 年月日 and seven half-width digits
    assert date_width < name_width  # so the name keeps the 2 字 right indent
    assert name_right == pytest.approx(2 * cell, abs=0.05)
    name_start, date_start = -name_right - name_width, -date_right - date_width
    assert date_start - name_start == pytest.approx(2 * cell, abs=0.05)


def test_a_date_longer_than_the_name_keeps_two_characters_and_moves_the_name(style: StyleSheet, tmp_path: Path) -> None:
    package = build(short_resolved(signature="南阳市政府"), style, tmp_path / "short-name.docx")
    cell = 16.0
    date_right = int(package.paragraphs_in_style("GwDate")[0].xpath("w:pPr/w:ind/@w:right", namespaces=NS)[0]) / 20
    name_right = int(package.paragraphs_in_style("GwSignature")[0].xpath("w:pPr/w:ind/@w:right", namespaces=NS)[0]) / 20
    assert date_right == pytest.approx(2 * cell, abs=0.05)
    date_width, name_width = 3 * 15.75 + 7 * 7.75, 5 * 15.75
    assert (-date_right - date_width) - (-name_right - name_width) == pytest.approx(2 * cell, abs=0.05)


# ---------------------------------------------------------------- 版头
def test_header_elements_stack_from_line_one(package: Package) -> None:
    first = package.body_paragraphs()[:3]
    assert [p.xpath("w:pPr/w:pStyle/@w:val", namespaces=NS)[0] for p in first] == ["GwCopyNumber", "GwSecrecy", "GwUrgency"]
    assert package.style("GwSecrecy").xpath("w:rPr/w:rFonts/@w:eastAsia", namespaces=NS) == ["黑体"]


def test_issuer_mark_top_is_35_mm_below_the_text_block(package: Package) -> None:
    mark = package.paragraphs_in_style("GwIssuerMark")[0]
    spacing = mark.xpath("w:pPr/w:spacing", namespaces=NS)[0]
    before, line = int(spacing.get(w("before"))) / 20, int(spacing.get(w("line"))) / 20
    three_lines_above = 3 * 28.95
    lift = 0.8 * 28.95 - 0.88 * 16  # the margin stands this far above the text block
    em_top = three_lines_above + before + 0.8 * line - 0.88 * 22 - lift  # baseline 80 % down an exact line
    assert em_top * 25.4 / 72 == pytest.approx(35, abs=0.1)


def test_doc_number_line_carries_the_full_width_red_rule(package: Package) -> None:
    line = package.paragraphs_in_style("GwDocNumber")[0]
    rule = line.xpath("w:pPr/w:pBdr/w:bottom", namespaces=NS)[0]
    assert (rule.get(w("val")), rule.get(w("color")), rule.get(w("sz"))) == ("single", "E60000", "8")  # 0.35 mm
    indent = line.xpath("w:pPr/w:ind", namespaces=NS)[0]
    assert (indent.get(w("left")), indent.get(w("right"))) == ("0", "0")  # the border spans the whole text block
    # 上行文: number flush left 1 字 in, 签发人 flush right 1 字 from the edge (§7.2.5)
    assert line.xpath("w:pPr/w:jc/@w:val", namespaces=NS) == ["left"]
    assert indent.get(w("firstLineChars")) == "100"
    stop = line.xpath("w:pPr/w:tabs/w:tab", namespaces=NS)[0]
    assert stop.get(w("val")) == "right" and int(stop.get(w("pos"))) == 8844 - 320
    styled = [(r.xpath("w:rPr/w:rStyle/@w:val", namespaces=NS), text_of(r)) for r in line.xpath("w:r[w:t]", namespaces=NS)]
    assert styled == [([], META.doc_number), (["GwSignerLabelChar"], "签发人："), (["GwSignerNameChar"], "张明")]


def test_downward_document_centres_the_number(style: StyleSheet, tmp_path: Path) -> None:
    package = build(short_resolved(signers=(), signer_label=None), style, tmp_path / "down.docx")
    line = package.paragraphs_in_style("GwDocNumber")[0]
    assert text_of(line) == META.doc_number
    assert not line.xpath("w:pPr/w:jc", namespaces=NS)
    assert package.style("GwDocNumber").xpath("w:pPr/w:jc/@w:val", namespaces=NS) == ["center"]


def test_without_header_the_title_opens_the_text_block(style: StyleSheet, tmp_path: Path) -> None:
    package = build(short_resolved(has_header=False), style, tmp_path / "plain.docx")
    first = package.body_paragraphs()[0]
    assert first.xpath("w:pPr/w:pStyle/@w:val", namespaces=NS) == ["Title"]
    # no gap above: only the drop that puts the 22 pt characters' top where a body line's stands
    drop = (0.8 * 28.95 - 0.88 * 16) - (0.8 * 28.95 - 0.88 * 22)
    assert first.xpath("w:pPr/w:spacing/@w:before", namespaces=NS) == [str(round(drop * 20))]
    assert not package.paragraphs_in_style("GwIssuerMark")


# ---------------------------------------------------------------- 版记
def test_colophon_is_a_full_width_table_standing_on_the_bottom_of_the_text_block(package: Package) -> None:
    table = package.xpath("word/document.xml", "//w:tbl")[0]
    position = table.xpath("w:tblPr/w:tblpPr", namespaces=NS)[0]
    # placed by w:tblpY from the top margin, which every reader knows (WPS ignores w:tblpYSpec)
    assert (position.get(w("vertAnchor")), position.get(w("tblpYSpec"))) == ("margin", None)
    assert 200 * TWIPS_PER_MM < int(position.get(w("tblpY"))) < 225 * TWIPS_PER_MM  # the rendering tests measure where
    assert (position.get(w("horzAnchor")), position.get(w("tblpX"))) == ("page", "1587")  # the left margin
    assert table.xpath("w:tblPr/w:tblW/@w:w", namespaces=NS) == ["8844"]  # 156 mm
    borders = {etree.QName(b).localname: (b.get(w("val")), b.get(w("sz"))) for b in table.xpath("w:tblPr/w:tblBorders/*", namespaces=NS)}
    assert borders["top"] == borders["bottom"] == ("single", "8")  # thick 0.35 mm
    assert borders["insideH"] == ("single", "6")  # thin 0.25 mm
    assert borders["left"][0] == borders["right"][0] == borders["insideV"][0] == "nil"
    assert package.xpath("word/styles.xml", "//w:style[@w:styleId='TableNormal']//w:tblCellMar/*/@w:w") == ["0"] * 4


def test_colophon_lines_keep_one_character_from_each_edge(package: Package) -> None:
    cc, imprint = package.xpath("word/document.xml", "//w:tbl//w:p")
    indent = cc.xpath("w:pPr/w:ind", namespaces=NS)[0]
    label = 3 * 14 * 20  # "抄送：" in 14 pt: wrapped lines align under the first name
    assert (int(indent.get(w("left"))), int(indent.get(w("hanging"))), int(indent.get(w("right")))) == (320 + label, label, 320)
    stop = imprint.xpath("w:pPr/w:tabs/w:tab", namespaces=NS)[0]
    assert (stop.get(w("val")), int(stop.get(w("pos")))) == ("right", 8844 - 320)
    assert package.style("GwImprint").xpath("w:pPr/w:ind/@w:left", namespaces=NS) == ["320"]


def test_no_colophon_without_cc_or_imprint(style: StyleSheet, tmp_path: Path) -> None:
    package = build(short_resolved(cc=None, printer=None, print_date=None), style, tmp_path / "no-colophon.docx")
    assert not package.xpath("word/document.xml", "//w:tbl")


# ---------------------------------------------------------------- page numbers
def test_odd_and_even_footers_hold_the_page_field(package: Package) -> None:
    assert package.xpath("word/settings.xml", "//w:evenAndOddHeaders")
    references = {r.get(w("type")): r.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
                  for r in package.xpath("word/document.xml", "//w:sectPr/w:footerReference")}
    targets = {r.get("Id"): r.get("Target") for r in package.parts["word/_rels/document.xml.rels"]}
    assert targets[references["default"]] == "footer1.xml" and targets[references["even"]] == "footer2.xml"
    for part, style_id in (("word/footer1.xml", "GwPageNumber"), ("word/footer2.xml", "GwPageNumberEven")):
        paragraph = package.xpath(part, "//w:p")[0]
        assert paragraph.xpath("w:pPr/w:pStyle/@w:val", namespaces=NS) == [style_id]
        assert package.xpath(part, "//w:instrText/text()") == [" PAGE "]
        texts = package.xpath(part, "//w:t/text()")
        assert "".join(texts) == f"— {'1' if style_id == 'GwPageNumber' else '2'} —"
        assert texts[0] == "— "


def test_page_numbers_sit_one_character_in_and_seven_mm_below(package: Package) -> None:
    odd, even = package.style("GwPageNumber"), package.style("GwPageNumberEven")
    assert odd.xpath("w:pPr/w:jc/@w:val", namespaces=NS) == ["right"]
    assert odd.xpath("w:pPr/w:ind/@w:right", namespaces=NS) == ["320"]
    assert even.xpath("w:pPr/w:jc/@w:val", namespaces=NS) == ["left"]
    assert even.xpath("w:pPr/w:ind/@w:left", namespaces=NS) == ["320"]
    spacing = odd.xpath("w:pPr/w:spacing", namespaces=NS)[0]
    before, line = int(spacing.get(w("before"))) / 20, int(spacing.get(w("line"))) / 20
    footer = int(package.xpath("word/document.xml", "//w:pgMar/@w:footer")[0]) / 20
    bottom_margin = int(package.xpath("word/document.xml", "//w:pgMar/@w:bottom")[0]) / 20
    assert footer + line + before == pytest.approx(bottom_margin, abs=0.1)  # footer exactly fills the margin


# ---------------------------------------------------------------- package
def test_document_properties_come_from_the_source(package: Package) -> None:
    document = docx.Document(str(package.path))
    properties = document.core_properties
    assert properties.title == META.title
    assert properties.author == "南阳市人民政府"
    assert properties.created.isoformat() == properties.modified.isoformat() == "2023-02-22T00:00:00+00:00"
    assert properties.keywords == "法治政府建设; 年度报告"


def test_python_docx_reopens_the_file_and_sees_the_styles(package: Package) -> None:
    document = docx.Document(str(package.path))
    names = {s.name for s in document.styles}
    assert {"Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "主送机关", "署名", "成文日期", "附注",
            "附件说明", "抄送", "印发", "页码（奇数页）", "发文机关标志", "发文字号", "签发人", "段内二级标题"} <= names
    assert document.settings.odd_and_even_pages_header_footer
    assert document.sections[0].left_margin.mm == pytest.approx(28, abs=0.05)


def test_schema_validation_reports_no_errors(package: Package) -> None:
    result = OpenXmlValidator(semantic_validation=False).validate(package.path)
    assert result.errors == []
    assert OpenXmlValidator().validate(package.path).errors == []


def test_same_source_gives_the_same_bytes(style: StyleSheet, tmp_path: Path) -> None:
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    write(Job(sample_resolved(), style), first)
    write(Job(sample_resolved(), style), second)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        settings = archive.read("word/settings.xml")
    assert b"rsid" not in settings


def test_unknown_run_role_is_a_style_error(style: StyleSheet, tmp_path: Path) -> None:
    from exporter.errors import StyleError
    from exporter.resolved import Body, Paragraph, Run

    resolved = short_resolved()
    body = Body((Paragraph((Run("正文", "no_such_role"),), "1"),))
    broken = dataclasses.replace(resolved, elements=tuple(body if isinstance(e, Body) else e for e in resolved.elements))
    with pytest.raises(StyleError, match="no_such_role"):
        write(Job(broken, style), tmp_path / "broken.docx")


# ---------------------------------------------------------------- what keeps Word's lines and pages on the PDF's
def test_word_breaks_lines_by_the_spec_kinsoku_lists(package: Package) -> None:
    from exporter.cjk.punctuation import NO_LINE_END, NO_LINE_START

    before = package.xpath("word/settings.xml", "//w:noLineBreaksBefore")
    after = package.xpath("word/settings.xml", "//w:noLineBreaksAfter")
    assert [(n.get(w("lang")), set(n.get(w("val")))) for n in before] == [("zh-CN", set(NO_LINE_START))]
    assert [(n.get(w("lang")), set(n.get(w("val")))) for n in after] == [("zh-CN", set(NO_LINE_END))]


def test_punctuation_hangs_and_latin_text_gets_its_gap_as_word_defaults(package: Package) -> None:
    """Left out, w:overflowPunct and w:autoSpaceDE/DN are on in Word, and LibreOffice does the same."""
    for part in ("word/styles.xml", "word/document.xml"):
        assert not package.xpath(part, "//w:overflowPunct | //w:autoSpaceDE | //w:autoSpaceDN")


def test_only_body_sized_roles_are_condensed(package: Package) -> None:
    for style_id in ("Title", "GwIssuerMark", "GwCopyTo", "GwImprint", "GwPageNumber"):
        assert package.style(style_id).xpath("w:rPr/w:spacing/@w:val", namespaces=NS) == ["0"], style_id
    assert package.style("Normal").xpath("w:rPr/w:spacing/@w:val", namespaces=NS) == ["-5"]


def test_the_last_paragraph_keeps_whole_with_the_signature(package: Package) -> None:
    paragraphs = package.body_paragraphs()
    name = next(i for i, p in enumerate(paragraphs) if p.xpath("w:pPr/w:pStyle/@w:val", namespaces=NS) == ["GwSignature"])
    before = paragraphs[name - 1]
    assert before.xpath("w:pPr/w:keepNext", namespaces=NS) and before.xpath("w:pPr/w:keepLines", namespaces=NS)
    assert paragraphs[name].xpath("w:pPr/w:keepNext", namespaces=NS)  # the name with the date
