"""Style sheets: the GB/T 9704 values, units, inheritance and located errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from exporter.errors import StyleError
from exporter.styles import load_style


def test_submission_style_carries_the_standard_values(style) -> None:
    assert round(style.page.width.mm) == 210 and round(style.page.height.mm) == 297
    assert style.page.margin_top.mm == pytest.approx(37) and style.page.margin_left.mm == pytest.approx(28)
    assert style.page.margin_right_pt * 25.4 / 72 == pytest.approx(26)
    assert style.page.margin_bottom_pt * 25.4 / 72 == pytest.approx(35)
    assert (style.grid.lines_per_page, style.grid.chars_per_line) == (22, 28)
    assert style.grid.line_pitch.pt == 28.95
    assert style.grid.cell_pt == pytest.approx(15.79, abs=0.01)
    assert style.role("title").size.pt == 22 and style.role("body").size.pt == 16
    assert style.face("title").word == "方正小标宋简体"
    assert style.face("heading1").word == "黑体" and style.face("heading2").word == "楷体_GB2312"
    assert style.face("body").word == "仿宋_GB2312" and style.face("body").word_alt == "仿宋"
    assert style.face("page_number").word == "宋体" and style.role("page_number").size.pt == 14
    assert [style.role(f"heading{n}").outline_level for n in range(1, 5)] == [1, 2, 3, 4]
    assert [style.role(f"heading{n}").keep_with_next for n in range(1, 5)] == [True] * 4
    assert not style.role("body").keep_with_next
    assert style.latin_face("body").word == "Times New Roman" and style.latin_face("body").face == "latin"
    assert style.latin_face("page_number").word == "宋体"  # §7.5 半角宋体阿拉伯数字
    assert style.tracking("body") == -0.25 and style.tracking("title") == 0.0  # Word's w:spacing -5 twips
    assert style.page_number.text(3) == "— 3 —"


def test_lengths_in_characters_and_lines_convert_on_the_grid(style) -> None:
    indent = style.role("body").first_indent
    assert indent.chars == 2 and indent.pt == pytest.approx(2 * 16.0)  # 1 字 = a 三号 character, Word's 字符
    assert style.header.title_gap.lines == 2 and style.header.title_gap.pt == pytest.approx(57.9)
    assert style.header.mark_offset.mm == pytest.approx(35)


def test_roles_inherit_from_body(style) -> None:
    heading = style.role("heading1")
    assert heading.first_indent.chars == 2 and heading.align == "justify"


def test_windows_variant_changes_only_font_names() -> None:
    win10 = load_style("gbt9704-win10")
    assert win10.fonts["fangsong"].word == "仿宋" and win10.fonts["kaiti"].word == "楷体"
    assert win10.fonts["fangsong"].face == "fangsong"  # inherited key by key
    assert win10.fonts["heiti"].word == "黑体"
    assert win10.grid.lines_per_page == 22 and win10.files == ("styles/gbt9704-win10.yaml", "styles/gbt9704.yaml")


def test_public_variant_drops_header_and_colophon() -> None:
    public = load_style("gbt9704-public")
    assert not public.header.enabled and not public.colophon.enabled
    assert public.header.mark_offset.mm == pytest.approx(35)


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "gbt9704.yaml").write_text(Path("styles/gbt9704.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    return str(path)


def test_every_style_mistake_is_reported_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "bad", (
        "base: gbt9704\n"
        "page:\n  margin_top: 37cm\n  colour: red\n"
        "roles:\n  body: {font: mingti}\n"
        "header: {rule_color: red}\n"
    ))
    with pytest.raises(StyleError) as caught:
        load_style(path)
    found = {d.code: d.location.line for d in caught.value.diagnostics}
    assert found == {"S014": 3, "S011": 4, "S017": 6, "S015": 7}


def test_missing_base_and_cycles(tmp_path: Path) -> None:
    with pytest.raises(StyleError) as caught:
        load_style(write(tmp_path, "orphan", "base: nowhere\n"))
    assert caught.value.diagnostics[0].code == "S003"
    (tmp_path / "a.yaml").write_text("base: b\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("base: a\n", encoding="utf-8")
    with pytest.raises(StyleError) as caught:
        load_style(str(tmp_path / "a.yaml"))
    assert caught.value.diagnostics[0].code == "S002"


def test_grid_that_overflows_the_text_block_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StyleError) as caught:
        load_style(write(tmp_path, "tall", "base: gbt9704\ngrid: {line_pitch: 29.5pt}\n"))
    assert [d.code for d in caught.value.diagnostics] == ["S020"]


def test_missing_role_is_a_style_error_not_a_default(style) -> None:
    with pytest.raises(StyleError):
        style.role("caption")


def test_fallback_faces_must_be_faces_of_the_style(tmp_path: Path, style) -> None:
    assert style.pdf.fallback_faces == ("songti",)
    with pytest.raises(StyleError) as caught:
        load_style(write(tmp_path, "fallback", "base: gbt9704\npdf: {fallback_faces: [mingti]}\n"))
    assert [d.code for d in caught.value.diagnostics] == ["S019"]


def test_seal_places_the_name_below_the_seal_centre(style) -> None:
    seal = style.seal
    assert seal.diameter.mm == pytest.approx(42) and seal.date_right_indent.chars == 4
    assert seal.top_gap.lines == 0.5
    # 0.5 line + 21 mm radius ≈ 2.6 lines: the name stands on the third line below the body.
    assert seal.name_line(style.grid.line_pitch.pt) == 3


def test_a_clerks_own_style_outside_the_project_builds_on_a_built_in_one(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # run from another folder, the style file beside the clerk's report
    (tmp_path / "公开版.yaml").write_text("base: gbt9704\nheader: {enabled: false}\ncolophon: {enabled: false}\n",
                                        encoding="utf-8")
    sheet = load_style(str(tmp_path / "公开版.yaml"))
    assert not sheet.header.enabled and not sheet.colophon.enabled and sheet.grid.lines_per_page == 22
    assert not load_style("gbt9704-public").header.enabled  # the same, built in


@pytest.mark.parametrize(("section", "value", "code"), [
    ("roles:\n  body: {size: 0pt}\n", "0pt", "S021"),
    ("roles:\n  title: {size: 100000pt}\n", "100000pt", "S021"),
    ("grid:\n  line_pitch: 0.001pt\n", "0.001pt", "S021"),
    ("page:\n  text_width: 0mm\n", "0mm", "S021"),
])
def test_absurd_values_are_refused_with_their_line(tmp_path: Path, section: str, value: str, code: str) -> None:
    path = write(tmp_path, "absurd", "base: gbt9704\n" + section)
    with pytest.raises(StyleError) as caught:
        load_style(path)
    found = [d for d in caught.value.diagnostics if d.code == code]
    assert found and value in found[0].message and found[0].location.line == 3


def test_a_role_names_its_own_base(style) -> None:
    assert style.role("heading4").font == style.role("heading3").font and style.role("heading4").outline_level == 4
    assert style.role("table_header").size.pt == style.role("table").size.pt == 14


def test_role_bases_that_loop_or_are_missing_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "loop", "base: gbt9704\nroles:\n  a: {base: b}\n  b: {base: a}\n  c: {base: nothing}\n")
    with pytest.raises(StyleError) as caught:
        load_style(path)
    assert {"S022", "S023"} <= {d.code for d in caught.value.diagnostics}


def test_every_value_has_a_place_in_the_style_file_not_in_code(tmp_path: Path) -> None:
    path = write(tmp_path, "bare", Path("styles/gbt9704.yaml").read_text(encoding="utf-8").replace(
        "  even_page: true", "").replace("  pdfa: true", ""))
    with pytest.raises(StyleError) as caught:
        load_style(path)
    assert sorted(d.message for d in caught.value.diagnostics if d.code == "S013") == [
        "样式表缺少 colophon.even_page（版记置于偶数页）", "样式表缺少 pdf.pdfa（PDF/A-2b）"]


# ---------------------------------------------------------------- Word styles
def test_every_role_names_its_word_styles(style) -> None:
    """Body, title and headings are Word's built-in Normal, Title and heading 1–4; the rest are the 公文's own."""
    body, heading1, recipient = (style.role(name).word for name in ("body", "heading1", "recipient"))
    assert (body.id, body.name, body.character_id, body.character_name, body.alias) == (
        "Normal", "Normal", "NormalChar", "正文字符", "")
    assert (style.role("title").word.id, style.role("title").word.name) == ("Title", "Title")
    assert [(style.role(f"heading{n}").word.id, style.role(f"heading{n}").word.name,
             style.role(f"heading{n}").word.alias) for n in range(1, 5)] == [
        (f"Heading{n}", f"heading {n}", f"{level}级标题") for n, level in zip(range(1, 5), "一二三四")]
    assert (heading1.character_id, heading1.character_name) == ("Heading1Char", "段内一级标题")
    assert (recipient.id, recipient.name, recipient.character_name) == ("GwRecipient", "主送机关", "主送机关字符")
    assert (style.page_number.even_word.id, style.page_number.even_word.name) == ("GwPageNumberEven", "页码（偶数页）")
    ids = [role.word.id for role in style.roles.values()] + [role.word.character_id for role in style.roles.values()]
    assert len(ids) == len(set(ids)) == 2 * len(style.roles)


def test_a_role_does_not_take_its_word_styles_from_its_base(tmp_path: Path) -> None:
    """heading4 takes heading3's font, never its style id: a role that names no Word style is told so, at its line."""
    path = write(tmp_path, "nameless", "base: gbt9704\nroles:\n  sidebar: {base: heading3, size: 14pt}\n")
    with pytest.raises(StyleError) as caught:
        load_style(path)
    assert [(d.code, d.location.line) for d in caught.value.diagnostics] == [("S013", 3)]
    assert "roles.sidebar.word（Word 样式）" in caught.value.diagnostics[0].message
    assert "id（Word 样式 ID）" in caught.value.diagnostics[0].hint


def test_a_derived_style_renames_one_word_style_key_by_key(tmp_path: Path) -> None:
    path = write(tmp_path, "renamed", "base: gbt9704\nroles:\n  recipient: {word: {name: 主送单位}}\n"
                                      "  heading1: {word: {alias: 第一层标题}}\n")
    sheet = load_style(path)
    assert (sheet.role("recipient").word.id, sheet.role("recipient").word.name) == ("GwRecipient", "主送单位")
    assert sheet.role("recipient").word.character_name == "主送机关字符"
    assert (sheet.role("heading1").word.name, sheet.role("heading1").word.alias) == ("heading 1", "第一层标题")


@pytest.mark.parametrize(("roles", "code", "line", "words"), [
    ("  recipient: {word: {id: Gw Recipient}}\n", "S024", 3, ["roles.recipient.word.id", "Gw Recipient"]),
    ("  recipient: {word: {id: \"\"}}\n", "S024", 3, ["roles.recipient.word.id"]),
    ("  note: {word: {name: \"\"}}\n", "S024", 3, ["roles.note.word.name", "不能为空"]),
    ("  note: {word: {id: GwRecipient}}\n", "S025", 3, ["GwRecipient", "roles.recipient.word"]),
    ("  note: {word: {id: Heading1Char}}\n", "S025", 3, ["Heading1Char", "roles.heading1.word 的字符样式"]),
    ("  note: {word: {name: 主送机关}}\n", "S025", 3, ["主送机关", "roles.recipient.word 的段落样式"]),
    ("  note: {word: {character_name: 段内一级标题}}\n", "S025", 3, ["段内一级标题"]),
    ("  heading1: {word: {name: 一级标题}}\n", "S026", 3, ["Heading1", "heading 1"]),
    ("  note: {word: {name: heading 5}}\n", "S026", 3, ["Heading5"]),
    ("  note: {word: {id: TableNormal}}\n", "S026", 3, ["TableNormal"]),
    ("  note: {word: {character_name: Default Paragraph Font}}\n", "S026", 3, ["Default Paragraph Font"]),
    ("  note: {word: {colour: red}}\n", "S011", 3, ["roles.note.word", "colour"]),
    ("  note: {word: GwNote}\n", "S012", 3, ["roles.note.word"]),
])
def test_word_style_ids_and_names_are_checked(tmp_path: Path, roles: str, code: str, line: int,
                                               words: list[str]) -> None:
    """Ids are ids, each id and name is one style's, and Word's own styles keep their names: else Word would
    merge two roles, lose a heading's level, or refuse the file."""
    path = write(tmp_path, "clash", "base: gbt9704\nroles:\n" + roles)
    with pytest.raises(StyleError) as caught:
        load_style(path)
    found = [d for d in caught.value.diagnostics if d.code == code]
    assert len(caught.value.diagnostics) == 1 and found, [d.message for d in caught.value.diagnostics]
    assert found[0].location.line == line and all(word in found[0].message for word in words), found[0].message
