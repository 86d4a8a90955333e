"""Figures in Chinese text (GB/T 15835 and 公文 usage): where an approximation's word stands, amount units, printed forms."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum

RANGE_SIGN = "～"  # GB/T 15835 §4.2: numeric ranges 6～8 (U+FF5E)


class QualifierPlace(Enum):
    """Where an approximation's word stands in the printed figure."""

    BEFORE_NUMBER = "数字之前"  # 约80%, 近500件
    AFTER_NUMBER = "数字之后、单位之前"  # 5700余件, 2600余万元: only after an integer
    AFTER_UNIT = "单位之后"  # 900人次以上, 300家左右


# The reader's word order decides the place; it is part of each word's definition.
QUALIFIER_PLACES: dict[str, QualifierPlace] = {
    **{word: QualifierPlace.BEFORE_NUMBER for word in ("约", "近", "超", "逾", "超过", "不少于", "不到")},
    **{word: QualifierPlace.AFTER_NUMBER for word in ("余", "多")},
    **{word: QualifierPlace.AFTER_UNIT for word in ("以上", "以下", "左右", "以内")},
}
RANK_QUALIFIERS = ("倒数",)  # 倒数第四名: a rank counted from the bottom

# Amounts keep the unit the report uses; comparisons convert to 元.
AMOUNT_UNITS: dict[str, int] = {"元": 1, "万元": 10_000, "亿元": 100_000_000}


def qualifier_problem(qualifier: str, number: str, unit: str) -> str | None:
    """Why `qualifier` cannot stand with this number and unit, or None when it can."""
    place = QUALIFIER_PLACES.get(qualifier)
    if place is None:
        return f"“{qualifier}”不是表示约数的词"
    if place is QualifierPlace.AFTER_NUMBER:
        if "." in number:
            return f"“{qualifier}”只能跟在整数后面（如 5700余件），不能跟在小数 {number} 后面"
        if unit == "%":
            return f"“{qualifier}”不能和 % 连用"
    return None


def approximate(number: str, unit: str, qualifier: str) -> str:
    """A figure with its qualifier in the reader's word order: 约80%, 5700余件, 2600余万元, 300家左右."""
    match QUALIFIER_PLACES.get(qualifier):
        case QualifierPlace.BEFORE_NUMBER:
            return f"{qualifier}{number}{unit}"
        case QualifierPlace.AFTER_NUMBER:
            return f"{number}{qualifier}{unit}"
        case QualifierPlace.AFTER_UNIT:
            return f"{number}{unit}{qualifier}"
        case None:
            return f"{number}{unit}"


def amount_in_yuan(value: Decimal, unit: str) -> Decimal:
    """An amount written in 元, 万元 or 亿元, in 元."""
    return value * AMOUNT_UNITS[unit]
