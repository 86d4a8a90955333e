"""Chinese numerals, heading labels, dates and 发文字号."""

import datetime as dt

import pytest

from exporter.cjk.dates import chinese_date, doc_number, parse_chinese_date
from exporter.cjk.numerals import chinese_numeral, heading_label, label_stem


@pytest.mark.parametrize("number, text", [
    (1, "一"), (9, "九"), (10, "十"), (11, "十一"), (19, "十九"), (20, "二十"), (21, "二十一"),
    (40, "四十"), (99, "九十九"), (100, "一百"), (101, "一百零一"), (110, "一百一十"), (1005, "一千零五"),
    (10000, "一万"), (10001, "一万零一"), (25000, "二万五千"),
])
def test_chinese_numerals(number: int, text: str) -> None:
    assert chinese_numeral(number) == text


@pytest.mark.parametrize("level, number, label", [
    (1, 1, "一、"), (1, 3, "三、"), (1, 10, "十、"), (1, 12, "十二、"), (1, 99, "九十九、"),
    (2, 1, "（一）"), (2, 7, "（七）"), (2, 15, "（十五）"),
    (3, 1, "1."), (3, 12, "12."),
    (4, 1, "（1）"), (4, 10, "（10）"),
])
def test_heading_labels(level: int, number: int, label: str) -> None:
    assert heading_label(level, number) == label


def test_every_level_one_label_up_to_ninety_nine_is_distinct_chinese() -> None:
    labels = [heading_label(1, n) for n in range(1, 100)]
    assert len(set(labels)) == 99
    assert all(label.endswith("、") and not any(c.isdigit() for c in label) for label in labels)


@pytest.mark.parametrize("level, number", [(0, 1), (5, 1), (1, 0)])
def test_heading_label_rejects_impossible_levels(level: int, number: int) -> None:
    with pytest.raises(ValueError):
        heading_label(level, number)


def test_label_stems_build_section_paths() -> None:
    assert label_stem(1, "一、") + label_stem(2, "（二）") == "一（二）"
    assert label_stem(3, "1.") == "1"


@pytest.mark.parametrize("date, text", [
    (dt.date(2023, 2, 22), "2023年2月22日"), (dt.date(2023, 10, 1), "2023年10月1日"), (dt.date(2024, 1, 9), "2024年1月9日"),
])
def test_dates_have_no_zero_padding(date: dt.date, text: str) -> None:
    assert chinese_date(date) == text


def test_doc_number_uses_hexagonal_brackets() -> None:
    assert doc_number("宛政", 2023, 12) == "宛政〔2023〕12号"
    assert doc_number("宛政", 2023, 5) == "宛政〔2023〕5号"


@pytest.mark.parametrize("text, date", [
    ("2023年2月22日", dt.date(2023, 2, 22)),
    ("二〇二三年二月二十二日", dt.date(2023, 2, 22)),
    ("二〇二二年十二月三十一日", dt.date(2022, 12, 31)),
    ("二〇二三年十月十日", dt.date(2023, 10, 10)),
    ("2023年2月30日", None),
    ("2023年2月", None),
    ("南阳市人民政府", None),
])
def test_dates_read_back(text: str, date: dt.date | None) -> None:
    assert parse_chinese_date(text) == date


@pytest.mark.parametrize("text, parts, brackets, di, serial_text", [
    ("宛政〔2023〕12号", ("宛政", 2023, 12), "〔〕", -1, "12"),
    ("宛政[2023]第012号", ("宛政", 2023, 12), "[]", 8, "012"),
    ("国办发（2024）3号", ("国办发", 2024, 3), "（）", -1, "3"),
    (" 豫政 【2022】 7号 ", ("豫政", 2022, 7), "【】", -1, "7"),
])
def test_written_doc_numbers_are_read_with_how_they_were_written(text, parts, brackets, di, serial_text) -> None:
    from exporter.cjk.dates import parse_doc_number

    number = parse_doc_number(text)
    assert number is not None
    assert (number.agency, number.year, number.serial) == parts
    assert (number.brackets, number.di_at, number.serial_text) == (brackets, di, serial_text)
    assert text[number.brackets_at[0]] == brackets[0] and text[number.brackets_at[1]] == brackets[1]
    assert text[number.serial_at:].startswith(serial_text)


@pytest.mark.parametrize("text", ["宛政2023年12号", "〔2023〕12号", "宛政〔23〕12号", "宛政〔2023〕12", ""])
def test_text_that_is_no_doc_number_is_refused(text: str) -> None:
    from exporter.cjk.dates import parse_doc_number

    assert parse_doc_number(text) is None
