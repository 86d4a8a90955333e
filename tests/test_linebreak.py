"""The grid line breaker: 避头尾, whole Latin words and numbers, punctuation compression, justification."""

from __future__ import annotations

import pytest

from exporter.cjk.linebreak import Line, StyledRun, break_lines
from exporter.cjk.punctuation import (
    COMPRESSIBLE_CLOSING,
    COMPRESSIBLE_OPENING,
    NO_LINE_END,
    NO_LINE_START,
    compressible_pair,
)
from exporter.cjk.scripts import is_cjk

SIZE = 10.0  # points; with cell_scale 1 a cell is 10 pt, so widths read as cells × 10
CELL = 10.0
HALF = CELL / 2
CLOSING_MARKS = "，。、；：？！）》」』”’"
OPENING_MARKS = "（《「『“‘"


def advance(face: str, char: str) -> float:
    """A test face: CJK one em, a space a quarter, other Latin characters half an em."""
    if is_cjk(char):
        return 1.0
    return 0.25 if char == " " else 0.5


def lines_of(text: str, cells: float = 10, *, indent: float = 0, align: str = "justify") -> list[Line]:
    return break_lines([StyledRun(text, "test", SIZE)], advance, cells * CELL, cell_scale=1.0,
                       first_indent=indent * CELL, align=align)


def texts(lines: list[Line]) -> list[str]:
    return [line.text for line in lines]


def widths(line: Line) -> list[float]:
    return [cluster[1] for cluster in line.clusters]


# ---------------------------------------------------------------- 避头尾 and unbreakable units
BREAKS = [
    ("a full line of ideographs breaks after ten cells",
     "一二三四五六七八九十甲乙", ["一二三四五六七八九十", "甲乙"]),
    ("a closing mark in column 11 takes the character before it along",
     "一二三四五六七八九十，甲", ["一二三四五六七八九", "十，甲"]),
    ("an opening mark in column 10 goes down with what it opens",
     "一二三四五六七八九“十”甲", ["一二三四五六七八九", "“十”甲"]),
    ("the dash pair —— never splits and never starts a line",
     "一二三四五六七八九——十", ["一二三四五六七八", "九——十"]),
    ("the ellipsis …… never splits and never starts a line",
     "一二三四五六七八九……十", ["一二三四五六七八", "九……十"]),
    ("a Latin word is never split",
     "一二三四五六七八九LNG管道", ["一二三四五六七八九", "LNG管道"]),
    ("a number keeps its unit: 2022年 stays whole",
     "一二三四五六七八2022年", ["一二三四五六七八", "2022年"]),
    ("a percentage stays whole",
     "一二三四五六七八九98.72%", ["一二三四五六七八九", "98.72%"]),
    ("a percentage takes its closing mark along",
     "一二三四五六七98.72%。甲", ["一二三四五六七", "98.72%。甲"]),
    ("a space is a break and is dropped at the line end",
     "一二三四五六七八 ABCDEFG", ["一二三四五六七八", "ABCDEFG"]),
]


@pytest.mark.parametrize(("text", "expected"), [case[1:] for case in BREAKS], ids=[case[0] for case in BREAKS])
def test_line_breaks(text: str, expected: list[str]) -> None:
    assert texts(lines_of(text)) == expected


@pytest.mark.parametrize("mark", CLOSING_MARKS)
def test_no_closing_mark_starts_a_line(mark: str) -> None:
    found = texts(lines_of("一二三四五六七八九十" + mark + "甲"))
    assert [line[0] for line in found] == ["一", "十"]


@pytest.mark.parametrize("mark", OPENING_MARKS)
def test_no_opening_mark_ends_a_line(mark: str) -> None:
    found = texts(lines_of("一二三四五六七八九" + mark + "十甲"))
    assert found == ["一二三四五六七八九", mark + "十甲"]


def test_punctuation_sets_cover_the_issue_list() -> None:
    assert set(CLOSING_MARKS) <= NO_LINE_START
    assert set(OPENING_MARKS) <= NO_LINE_END
    assert "…" in NO_LINE_START and "—" in NO_LINE_START


# ---------------------------------------------------------------- compression (clreq 标点挤压)
PAIRS = [
    ("。", "”", 1), ("”", "，", 1), ("）", "。", 1), ("，", "“", 1), ("》", "（", 1),
    ("（", "“", 2), ("“", "《", 2),
    ("甲", "，", 0), ("“", "甲", 0), ("“", "”", 0), ("？", "”", 0),
]


@pytest.mark.parametrize(("first", "second", "which"), PAIRS)
def test_which_adjacent_mark_is_compressed(first: str, second: str, which: int) -> None:
    assert compressible_pair(first, second) == which


def test_closing_mark_at_line_end_is_compressed_to_fit() -> None:
    # 8 cells + A (half) + 十。 = 10.5 cells: the 。 shrinks to half width and stays on the line.
    first, second = lines_of("一二三四五六七八A十。甲")
    assert first.text == "一二三四五六七八A十。"
    assert widths(first)[-1] == HALF
    assert first.right == pytest.approx(10 * CELL)
    assert second.text == "甲"


def test_adjacent_marks_are_compressed_to_fit() -> None:
    first, _ = lines_of("一二三四五六七八九。”甲")
    assert first.text == "一二三四五六七八九。”"
    assert widths(first)[-2:] == [HALF, HALF]
    assert first.right == pytest.approx(10 * CELL)


def test_two_opening_marks_compress_the_second() -> None:
    # 一…六（“八”） is 11 cells on a 9.5-cell measure: all three compressions are needed.
    first, _ = lines_of("一二三四五六（“八”）乙", 9.5)
    assert first.text == "一二三四五六（“八”）"
    cells = dict(zip(first.text, widths(first)))
    assert (cells["（"], cells["“"], cells["”"], cells["）"]) == (CELL, HALF, HALF, HALF)
    assert first.right == pytest.approx(95.0)


def test_compression_only_when_needed() -> None:
    (line,) = lines_of("一二“三”。四")
    assert widths(line) == [CELL] * 7


def test_compressed_marks_keep_their_ink_side() -> None:
    # An opening mark hugs what follows (glyph right-aligned in its half cell), a closing mark what precedes.
    first, _ = lines_of("一二三四五六（“八”）乙", 9.5)
    by_text = {cluster[3]: cluster for cluster in first.clusters}
    x, cell, origin, *_ = by_text["“"]
    assert cell == HALF and origin == pytest.approx(x + HALF - CELL)
    x, cell, origin, *_ = by_text["）"]
    assert cell == HALF and origin == pytest.approx(x)
    x, cell, origin, *_ = by_text["（"]
    assert cell == CELL and origin == pytest.approx(x)


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


def test_number_and_unit_are_not_pulled_apart() -> None:
    first = lines_of("一二三四五六2022年七八九十")[0]
    assert first.text == "一二三四五六2022年七"
    by_text = {cluster[3]: cluster for cluster in first.clusters}
    assert by_text["年"][0] == pytest.approx(by_text["2022"][0] + 2 * CELL)


def test_the_last_line_is_not_stretched() -> None:
    (line,) = lines_of("一二三")
    assert [cluster[0] for cluster in line.clusters] == [0.0, CELL, 2 * CELL]


def test_first_line_indents_two_cells() -> None:
    first, second = lines_of("一二三四五六七八九十甲乙", indent=2)
    assert first.clusters[0][0] == pytest.approx(2 * CELL)
    assert first.text == "一二三四五六七八"
    assert second.clusters[0][0] == pytest.approx(0.0)


def test_body_measure_takes_28_cells() -> None:
    cell = 442.2047 / 28
    lines = break_lines([StyledRun("法" * 100, "test", 16.0)], advance, 442.2047, cell_scale=cell / 16.0,
                        first_indent=2 * cell)
    assert [len(line.clusters) for line in lines] == [26, 28, 28, 18]
    assert lines[1].right == pytest.approx(442.2047)


@pytest.mark.parametrize(("align", "left"), [("left", 0.0), ("right", 70.0), ("center", 35.0)])
def test_alignment(align: str, left: float) -> None:
    (line,) = lines_of("一二三", align=align)
    assert line.clusters[0][0] == pytest.approx(left)


def test_clusters_keep_their_run() -> None:
    runs = [StyledRun("（一）标题。", "kaiti", SIZE), StyledRun("正文文字", "fangsong", SIZE)]
    (line,) = break_lines(runs, advance, 200, cell_scale=1.0)
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
            if char in COMPRESSIBLE_CLOSING or char in COMPRESSIBLE_OPENING:
                assert cell in (CELL, HALF)
            elif len(char) == 1 and is_cjk(char):
                assert cell == CELL
    for line in lines[:-1]:
        assert line.right == pytest.approx(cells * CELL), line.text
