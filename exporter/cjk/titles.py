"""Breaking a long 公文 title into balanced lines between words (GB/T 9704 §7.3.1 "回行时要做到词意完整")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .punctuation import NO_LINE_END, NO_LINE_START
from .scripts import is_cjk

# How bad a break is after a position, by what stands around it; lower is better.
AFTER_ABOUT = 0.0  # "……人民政府关于 / 2022年度……": the usual place
BEFORE_ABOUT = 0.5
AFTER_ORGAN = 1.0  # between two organs of a joint title, or an organ and what follows
BEFORE_YEAR = 1.5
AFTER_JOINER = 2.0  # after 的 和 与 及 暨 对: the phrase before stays whole
AFTER_SPACE = 0.5  # the clerk's own space between joint issuers
INSIDE_WORD = 20.0  # between two characters with no word boundary known: a last resort, and warned about
IMBALANCE = 0.2  # per character of squared difference from the mean line width, per line
BEFORE_BRACKET = 2.0  # "……实施方案 / （2021—2025年）》的通知"
INSIDE_LONG_NAME = 10.0  # inside a bracketed or quoted name too long for one line
LONGER_UPPER = 2.0  # a two-line title is a trapezoid: the upper line no longer than the lower

ORGAN_ENDINGS = ("人民政府", "委员会", "办公室", "办公厅", "常委会", "局", "厅", "院", "镇", "乡", "街道办事处",
                 "管委会")
JOINERS = ("的", "和", "与", "及", "暨", "对", "并")
# Never broken: a number with its unit or date words (2024年度, 2022—2025年, 98.72%).
_NUMBER = re.compile(r"\d+(?:[.．]\d+)?(?:[—～-]\d+)?(?:年度|年|月|日|号|%|届|次)?")
# Kept whole when they fit on a line: what brackets and quotes hold ("《…》" is one name).
_NAME = re.compile(r"《[^》]*》|“[^”]*”|（[^）]*）|〔[^〕]*〕")


@dataclass(frozen=True)
class TitleLines:
    """A title broken into lines, and whether a break had to fall inside a word."""

    lines: tuple[str, ...]
    inside_word: bool


def width_in_chars(text: str) -> float:
    """Width in title characters: CJK one each, Latin letters and digits about half."""
    return sum(1.0 if is_cjk(char) else 0.5 for char in text)


def break_title(title: str, chars_per_line: float) -> TitleLines:
    """The title in as few lines as fit, broken where the words allow, balanced in width."""
    if width_in_chars(title) <= chars_per_line:
        return TitleLines((title,), False)
    costs = _break_costs(title, chars_per_line)
    widths = [0.0]
    for char in title:
        widths.append(widths[-1] + (1.0 if is_cjk(char) else 0.5))
    fewest = int(-(-widths[-1] // chars_per_line))
    best: tuple[float, list[int]] | None = None
    for count in range(fewest, fewest + 2):
        found = _best_breaks(costs, widths, chars_per_line, count)
        if found is not None and (best is None or found[0] < best[0]):
            best = found
        if best is not None and all(costs[cut] < INSIDE_WORD for cut in best[1]):
            break  # a break between words at the fewest lines beats any with more
    if best is None:  # nothing fits with breaks between characters: one line per measure, as a last resort
        return TitleLines(_by_measure(title, chars_per_line), True)
    cuts = [0, *best[1], len(title)]
    lines = tuple(title[a:b].strip("　 ") for a, b in zip(cuts, cuts[1:]))
    return TitleLines(lines, any(costs[cut] >= INSIDE_WORD for cut in best[1]))


def _break_costs(title: str, chars_per_line: float) -> list[float]:
    """For each position 1…n-1, how bad a break before title[position] is; inf where it is not allowed."""
    n = len(title)
    costs = [float("inf")] * (n + 1)
    for position in range(1, n):
        before, after = title[position - 1], title[position]
        if after in NO_LINE_START or before in NO_LINE_END:
            continue
        costs[position] = INSIDE_WORD
    for match in _NAME.finditer(title):
        whole = width_in_chars(match.group()) <= chars_per_line
        for position in range(match.start() + 1, match.end()):
            costs[position] = float("inf") if whole else min(costs[position], INSIDE_LONG_NAME)
    for match in re.finditer("（", title):
        _better(costs, match.start(), BEFORE_BRACKET)
    for match in _NUMBER.finditer(title):
        for position in range(match.start() + 1, match.end()):
            costs[position] = float("inf")
    for match in re.finditer("关于", title):
        _better(costs, match.end(), AFTER_ABOUT)
        _better(costs, match.start(), BEFORE_ABOUT)
    for ending in ORGAN_ENDINGS:
        for match in re.finditer(ending, title):
            if match.end() < n and title[match.end()] not in "关":
                _better(costs, match.end(), AFTER_ORGAN)
    for joiner in JOINERS:
        for match in re.finditer(joiner, title):
            _better(costs, match.end(), AFTER_JOINER)
    for match in re.finditer(r"(?<!\d)\d{4}(?=年)", title):
        _better(costs, match.start(), BEFORE_YEAR)
    for match in re.finditer(r"[　 ]+", title):
        _better(costs, match.end(), AFTER_SPACE)
    return costs


def _better(costs: list[float], position: int, cost: float) -> None:
    if 0 < position < len(costs) - 1 and costs[position] != float("inf"):
        costs[position] = min(costs[position], cost)


def _best_breaks(costs: list[float], widths: list[float], measure: float, count: int) -> tuple[float, list[int]] | None:
    """The cheapest `count - 1` breaks whose lines all fit, by dynamic programming over break positions."""
    n = len(widths) - 1
    mean = widths[-1] / count
    candidates = [p for p in range(1, n) if costs[p] != float("inf")]
    # best[k][p]: cheapest way to set title[:p] in k lines ending with a break at p
    best: list[dict[int, tuple[float, list[int]]]] = [{0: (0.0, [])}]
    for line in range(1, count + 1):
        ends = [n] if line == count else candidates
        layer: dict[int, tuple[float, list[int]]] = {}
        for end in ends:
            for start, (cost, cuts) in best[line - 1].items():
                width = widths[end] - widths[start]
                if start >= end or width > measure + 1e-9:
                    continue
                total = cost + IMBALANCE * (width - mean) ** 2 + (costs[end] if end < n else 0.0)
                if count == 2 and line == 2 and width < widths[start]:
                    total += LONGER_UPPER
                if end not in layer or total < layer[end][0]:
                    layer[end] = (total, [*cuts, end] if end < n else cuts)
        best.append(layer)
    return best[count].get(n)


def _by_measure(title: str, chars_per_line: float) -> tuple[str, ...]:
    lines: list[str] = []
    current = ""
    for char in title:
        if current and width_in_chars(current + char) > chars_per_line:
            lines.append(current)
            current = ""
        current += char
    return (*lines, current)
