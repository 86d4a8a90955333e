"""The grid line breaker: 避头尾, hanging punctuation, whole Latin words and numbers, script gaps, tracking, justification."""

from __future__ import annotations

import pytest

from exporter.cjk.linebreak import SCRIPT_GAP, Line, StyledRun, break_lines, joined_cells
from exporter.cjk.punctuation import HANGING, NO_LINE_END, NO_LINE_START
from exporter.cjk.scripts import is_cjk

SIZE = 10.0  # points, no tracking: a cell is 10 pt, so widths read as cells × 10
CELL = 10.0
GAP = SCRIPT_GAP * SIZE  # between an ideograph and a Latin letter or digit
CLOSING_MARKS = "，。、；：？！）》」』”’"
OPENING_MARKS = "（《「『“‘"


def advance(face: str, char: str) -> float:
    """A test face: CJK one em, a space a quarter, other Latin characters half an em."""
    if is_cjk(char):
        return 1.0
    return 0.25 if char == " " else 0.5


def lines_of(text: str, cells: float = 10, *, indent: float = 0, align: str = "justify",
             tracking: float = 0.0) -> list[Line]:
    return break_lines([StyledRun(text, "test", SIZE, tracking)], advance, cells * CELL,
                       first_indent=indent * CELL, align=align)


def texts(lines: list[Line]) -> list[str]:
    return [line.text for line in lines]


def widths(line: Line) -> list[float]:
    return [cluster[1] for cluster in line.clusters]


# ---------------------------------------------------------------- 避头尾 and unbreakable units
BREAKS = [
    ("a full line of ideographs breaks after ten cells",
     "一二三四五六七八九十甲乙", ["一二三四五六七八九十", "甲乙"]),
    ("a sentence mark in column 11 hangs past the line's end",
     "一二三四五六七八九十，甲", ["一二三四五六七八九十，", "甲"]),
    ("a closing bracket in column 11 takes the character before it along",
     "一二三四五六七八九十）甲", ["一二三四五六七八九", "十）甲"]),
    ("two marks past the end do not hang: the character before them goes down",
     "一二三四五六七八九十。”甲", ["一二三四五六七八九", "十。”甲"]),
    ("an opening mark in column 10 goes down with what it opens",
     "一二三四五六七八九“十”甲", ["一二三四五六七八九", "“十”甲"]),
    ("the dash pair —— never splits and never starts a line",
     "一二三四五六七八九——十", ["一二三四五六七八", "九——十"]),
    ("the ellipsis …… never splits and never starts a line",
     "一二三四五六七八九……十", ["一二三四五六七八", "九……十"]),
    ("a Latin word is never split",
     "一二三四五六七八九LNG管道", ["一二三四五六七八九", "LNG管道"]),
    ("a number is never split",
     "一二三四五六七八2022年", ["一二三四五六七八", "2022年"]),
    ("a number may end a line before its unit, as in Word and LibreOffice",
     "一二三四五六七2022年甲", ["一二三四五六七2022", "年甲"]),
    ("a percentage stays whole",
     "一二三四五六七八九98.72%", ["一二三四五六七八九", "98.72%"]),
    ("a percentage takes its closing mark along",
     "一二三四五六七98.72%）甲", ["一二三四五六七", "98.72%）甲"]),
    ("a quotation mark keeps the number after it",
     "一二三四五六七八九率”98甲", ["一二三四五六七八九", "率”98甲"]),
    ("a space is a break and is dropped at the line end",
     "一二三四五六七八 ABCDEFG", ["一二三四五六七八", "ABCDEFG"]),
]


@pytest.mark.parametrize(("text", "expected"), [case[1:] for case in BREAKS], ids=[case[0] for case in BREAKS])
def test_line_breaks(text: str, expected: list[str]) -> None:
    assert texts(lines_of(text)) == expected


@pytest.mark.parametrize("mark", CLOSING_MARKS)
def test_no_closing_mark_starts_a_line(mark: str) -> None:
    found = texts(lines_of("一二三四五六七八九十" + mark + "甲"))
    assert [line[0] for line in found] == ["一", "甲" if mark in HANGING else "十"]


@pytest.mark.parametrize("mark", OPENING_MARKS)
def test_no_opening_mark_ends_a_line(mark: str) -> None:
    found = texts(lines_of("一二三四五六七八九" + mark + "十甲"))
    assert found == ["一二三四五六七八九", mark + "十甲"]


def test_punctuation_sets_cover_the_issue_list() -> None:
    assert set(CLOSING_MARKS) <= NO_LINE_START
    assert set(OPENING_MARKS) <= NO_LINE_END
    assert "…" in NO_LINE_START and "—" in NO_LINE_START
    assert HANGING == set("，。、；：？！")  # the marks Word and LibreOffice both hang


# ---------------------------------------------------------------- hanging punctuation (标点悬挂)
def test_a_hanging_mark_stands_past_the_measure_and_the_line_still_fills_it() -> None:
    first, _ = lines_of("一二三四五六七八九十。甲")
    assert first.hanging
    *placed, (x, width, origin, char, *_) = first.clusters
    assert char == "。" and x == pytest.approx(100.0) and width == CELL and origin == pytest.approx(x)
    assert placed[-1][0] + placed[-1][1] == pytest.approx(100.0)


def test_without_hanging_the_character_before_the_mark_goes_down() -> None:
    """A table cell's text: a mark past the measure would hang into the cell's padding, so it may not."""
    lines = break_lines([StyledRun("一二三四五六七八九十。甲", "test", SIZE, 0.0)], advance, 10 * CELL, hang=False)
    assert texts(lines) == ["一二三四五六七八九", "十。甲"]
    assert not any(line.hanging for line in lines)


def test_nothing_is_compressed() -> None:
    for line in lines_of("一二“三”。四（“五”）六，“七”八九十甲乙丙丁", 9.5):
        assert all(cluster[1] == CELL for cluster in line.clusters), line.text


def test_a_mark_that_fits_does_not_hang() -> None:
    first, _ = lines_of("一二三四五六七八九。甲")
    assert first.text == "一二三四五六七八九。" and not first.hanging


# ---------------------------------------------------------------- where Chinese and Latin text meet
def test_a_gap_stands_between_ideographs_and_a_number() -> None:
    (line,) = lines_of("甲2022年", 20)
    x = {cluster[3]: cluster[0] for cluster in line.clusters}
    assert x["2022"] == pytest.approx(CELL + GAP)
    assert x["年"] == pytest.approx(CELL + GAP + 4 * 5.0 + GAP)


def test_no_gap_beside_punctuation() -> None:
    (line,) = lines_of("甲，2022，年", 20)
    x = [cluster[0] for cluster in line.clusters]
    assert x == pytest.approx([0.0, CELL, 2 * CELL, 2 * CELL + 20.0, 3 * CELL + 20.0])


def test_a_shared_mark_takes_the_script_before_it() -> None:
    # 2022—2025年: the dash follows a number, so the only change of script is before 年.
    (line,) = lines_of("2022—2025年", 20)
    x = {cluster[3]: cluster[0] for cluster in line.clusters}
    assert x["—"] == pytest.approx(20.0)
    assert x["年"] == pytest.approx(20.0 + CELL + 20.0 + GAP)


def test_tracking_condenses_every_character_but_the_last_of_a_script() -> None:
    (line,) = lines_of("甲乙丙12丁", 20, tracking=-1.0)
    x = [cluster[0] for cluster in line.clusters]
    assert x == pytest.approx([0.0, 9.0, 18.0, 28.0 + GAP, 28.0 + GAP + 9.0 + GAP])  # 1 (4 pt) 2 (5 pt)


def test_the_last_character_of_a_line_keeps_its_tracking_out_of_the_fit() -> None:
    # Ten cells condensed by 1 pt are 90 pt, the last one counts 10 pt: 91 pt fit 91 pt but not 90.5 pt.
    assert texts(lines_of("一二三四五六七八九十甲", 9.1, tracking=-1.0))[0] == "一二三四五六七八九十"
    assert texts(lines_of("一二三四五六七八九十甲", 9.05, tracking=-1.0))[0] == "一二三四五六七八九"


# ---------------------------------------------------------------- justification and indent
def test_every_line_but_the_last_fills_the_measure() -> None:
    lines = lines_of("一二三四五六七八九2022年十一二三四五六七八九十一二三", 10)
    for line in lines[:-1]:
        assert line.right == pytest.approx(100.0)
        assert line.clusters[0][0] == pytest.approx(0.0)
    assert lines[-1].right < 100.0


def test_remainder_is_spread_evenly_between_break_opportunities() -> None:
    first = lines_of("一二三四五六七八九2022年")[0]
    assert first.text == "一二三四五六七八九"
    lefts = [cluster[0] for cluster in first.clusters]
    steps = {round(b - a, 6) for a, b in zip(lefts, lefts[1:])}
    assert steps == {round(CELL + CELL / 8, 6)}  # one free cell over eight gaps


def test_a_justified_line_keeps_the_gaps_between_scripts() -> None:
    first = lines_of("一二三四五六2022年七八九十")[0]
    assert first.text == "一二三四五六2022年"
    by_text = {cluster[3]: cluster for cluster in first.clusters}
    assert by_text["年"][0] - (by_text["2022"][0] + 2 * CELL) >= GAP
    assert first.right == pytest.approx(100.0)


def test_the_last_line_is_not_stretched() -> None:
    (line,) = lines_of("一二三")
    assert [cluster[0] for cluster in line.clusters] == [0.0, CELL, 2 * CELL]


def test_first_line_indents_two_cells() -> None:
    first, second = lines_of("一二三四五六七八九十甲乙", indent=2)
    assert first.clusters[0][0] == pytest.approx(2 * CELL)
    assert first.text == "一二三四五六七八"
    assert second.clusters[0][0] == pytest.approx(0.0)


def test_body_measure_takes_28_cells() -> None:
    # 三号 condensed by 0.25 pt (Word's w:spacing="-5"), the first line indented 2 字 of 16 pt.
    lines = break_lines([StyledRun("法" * 100, "test", 16.0, -0.25)], advance, 442.2047, first_indent=32.0)
    assert [len(line.clusters) for line in lines] == [26, 28, 28, 18]
    assert lines[1].right == pytest.approx(442.2047)


@pytest.mark.parametrize(("align", "left"), [("left", 0.0), ("right", 70.0), ("center", 35.0)])
def test_alignment(align: str, left: float) -> None:
    (line,) = lines_of("一二三", align=align)
    assert line.clusters[0][0] == pytest.approx(left)


def test_clusters_keep_their_run() -> None:
    runs = [StyledRun("（一）标题。", "kaiti", SIZE), StyledRun("正文文字", "fangsong", SIZE)]
    (line,) = break_lines(runs, advance, 200)
    assert [runs[c[4]].face for c in line.clusters] == ["kaiti"] * 6 + ["fangsong"] * 4


# ---------------------------------------------------------------- a punctuation-heavy stress text
STRESS_PATTERN = "甲乙“丙丁”，戊《己庚》；辛（壬癸）：子、丑。”寅2022年卯，“辰”——巳（午“未”）。"


@pytest.mark.parametrize("cells", [10, 13, 17, 28])
def test_stress_text_keeps_every_rule(cells: int) -> None:
    # The pattern's length is prime to every measure tried, so each mark meets every column.
    text = "".join(STRESS_PATTERN[i:] + STRESS_PATTERN[:i] for i in range(0, len(STRESS_PATTERN), 3))
    lines = lines_of(text, cells, indent=2)
    assert "".join(texts(lines)) == text
    for line in lines:
        assert line.text[0] not in NO_LINE_START, line.text
        assert line.text[-1] not in NO_LINE_END, line.text
        lefts = [c[0] for c in line.clusters]
        ends = [c[0] + c[1] for c in line.clusters]
        assert all(later >= end - 1e-9 for end, later in zip(ends, lefts[1:])), line.text
        for x, cell, origin, char, *_ in line.clusters:
            if len(char) == 1 and is_cjk(char):
                assert cell == CELL
        if line.hanging:
            assert line.text[-1] in HANGING and line.text[-2] not in HANGING, line.text
    for line in lines[:-1]:
        assert line.right == pytest.approx(cells * CELL + (CELL if line.hanging else 0)), line.text


# ---------------------------------------------------------------- the compact cells a line carries
def test_glyph_places_follow_each_cell_and_step_through_latin_words() -> None:
    line = lines_of("甲LNG乙 2022年", 20, align="left")[0]
    cells = line.cells
    lefts, runs = cells.glyph_lefts(), cells.glyph_runs()
    assert len(lefts) == len(runs) == len(line.text) == len(cells.advances)
    expected: list[float] = []
    for cluster in line.clusters:
        x = cluster.glyph_x
        for step in cluster.advances:
            expected.append(x)
            x += step
    assert lefts == pytest.approx(expected)
    assert [cluster.text for cluster in line.clusters] == ["甲", "LNG", "乙", " ", "2022", "年"]
    assert [cluster.advances for cluster in line.clusters][1] == pytest.approx((5.0, 5.0, 5.0))


def test_joined_cells_keep_every_part_with_its_runs_moved_up() -> None:
    first = lines_of("甲AB", 10, align="left")[0].cells
    second = lines_of("乙丙", 10, align="left")[0].cells
    joined = joined_cells([(first, 0), (second, 3)])
    assert joined.text == "甲AB乙丙"
    assert [cluster.text for cluster in joined.clusters] == ["甲", "AB", "乙", "丙"]
    assert list(joined.run) == [0, 0, 3, 3]
    assert joined.clusters[2] == second.clusters[0]._replace(run=3)
