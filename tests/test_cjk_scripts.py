"""ASCII punctuation found in Chinese text and restored to full width (GB/T 15834)."""

import pytest

from exporter.cjk.scripts import ascii_marks_in_chinese, is_cjk, restore_full_width


@pytest.mark.parametrize("text, restored", [
    ("2022年,我市坚持", "2022年，我市坚持"),
    ("党委(党组)理论学习", "党委（党组）理论学习"),
    ("方案(2022-2025年)》", "方案（2022-2025年）》"),
    ("重大问题;乡镇", "重大问题；乡镇"),
    ("a, b (c); d", "a, b (c); d"),  # Latin text keeps its marks
    ("98.72%", "98.72%"),
    ('深化"放管服效"改革', "深化“放管服效”改革"),
    ('称为"ABC"的"一网通办"', "称为“ABC”的“一网通办”"),
    ('say "hi" now', 'say "hi" now'),
    ("9:00开始", "9:00开始"),
])
def test_restore_full_width(text: str, restored: str) -> None:
    assert restore_full_width(text) == restored


def test_marks_report_offsets() -> None:
    (mark,) = ascii_marks_in_chinese("我市,坚持")
    assert (mark.offset, mark.mark, mark.replacement) == (2, ",", "，")


@pytest.mark.parametrize("char, cjk", [("中", True), ("，", True), ("“", True), ("A", False), ("9", False), ("%", False)])
def test_is_cjk(char: str, cjk: bool) -> None:
    assert is_cjk(char) is cjk
