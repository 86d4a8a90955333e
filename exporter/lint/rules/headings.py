"""Heading sequences (GB/T 9704 §7.3.3): numbers without gaps, levels one after another, 一是 二是 in order."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...cjk.numerals import chinese_integer, chinese_numeral, heading_label, typed_label
from ...errors import Location
from ...load import TYPED_PART
from ...yamlsource import Scalar
from ..edits import found
from ..findings import Finding
from ..source import LintSource, Outline, Prose, Section

NUMBER_GAP = "L301"
LEVEL_SKIPPED = "L302"
ENUMERATION_GAP = "L303"
_LEVEL_NAMES = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}
_ENUMERATOR = re.compile(r"(?:^|(?<=[。；;！？!?：:，,\n]))\s*(?P<number>[一二三四五六七八九十]+)是")
_NUMBERING_KEY = re.compile(r"level([1-4])")


def check(source: LintSource) -> list[Finding]:
    """Explicit `number:` values that jump, labels typed for another level, and enumerations with gaps."""
    continuous = _continuous_levels(source)
    findings: list[Finding] = []
    for outline in [source.outline, *source.attachment_outlines]:
        findings += _numbers(outline, 1, {}, continuous)
        findings += _levels(source, outline, 0)
    return findings


def _continuous_levels(source: LintSource) -> set[int]:
    numbering = source.meta.get("numbering") if source.meta else None
    levels = set()
    for key, value in getattr(numbering, "entries", ()):
        level = _NUMBERING_KEY.fullmatch(key.raw)
        if level and isinstance(value, Scalar) and value.raw == "continuous":
            levels.add(int(level[1]))
    return levels


def _numbers(outline: Outline, level: int, counters: dict[int, int], continuous: set[int]) -> list[Finding]:
    """Each `number:` against the number the heading would get by counting, as resolve counts."""
    findings = []
    number = counters.get(level, 0) if level in continuous else 0
    for section in (block for block in outline if isinstance(block, Section)):
        expected = number + 1
        given = section.given_number
        if given is not None and section.number is not None:
            restart = level in continuous and given == 1
            if given != expected and not restart and level <= 4:
                findings.append(_gap(section.number.location, level, expected, given, level in continuous))
            number = given
        else:
            number = expected
        counters[level] = number
        findings += _numbers(section.children, level + 1, counters, continuous)
    return findings


def _label(level: int, number: int) -> str:
    return heading_label(min(level, 4), number)


def _gap(where: Location, level: int, expected: int, given: int, continuous: bool) -> Finding:
    name = _LEVEL_NAMES.get(level, f"{level}级")
    if given > expected and expected == 1:
        message = f"这一组{name}标题从“{_label(level, given)}”开始，前面没有“{_label(level, 1)}”"
    elif given > expected:
        missing = "、".join(_label(level, n) for n in range(expected, min(given, expected + 3)))
        more = "等" if given - expected > 3 else ""
        message = f"{name}标题的序号跳过了“{missing}”{more}：按顺序这里是“{_label(level, expected)}”，number 写的是 {given}"
    else:
        message = f"{name}标题的序号 number: {given}（“{_label(level, given)}”）与前面的标题重复或倒退，按顺序这里是“{_label(level, expected)}”"
    hint = "删去 number:，序号会按顺序自动生成" + ("；要从头编号时写 number: 1" if continuous else "") + "。"
    return found(where, NUMBER_GAP, message, hint)


def _typed(text: str) -> tuple[int, int, str] | None:
    """The level, number and text of a heading label typed at the start of `text`: （三） → (2, 3, "（三）")."""
    label = typed_label(text)
    if label is not None:
        return label.level, label.number, text[:label.end].strip()
    part = TYPED_PART.match(text)  # 第一部分: a level-1 part
    if part is not None:
        written = part.group().strip()
        return 1, chinese_integer(written[1:-2]), written
    return None


@dataclass
class _Sequence:
    """The last number seen of each kind of enumeration in one list of blocks: 一是 二是, or typed labels."""

    last: dict[str, int] = field(default_factory=dict)

    def next(self, kind: str, number: int) -> int | None:
        """The number expected instead, when `number` does not follow; None when it does (or restarts at 1)."""
        last = self.last.get(kind, 0)
        self.last[kind] = number
        if number == 1 or number == last + 1:
            return None
        return last + 1


def _levels(source: LintSource, outline: Outline, level: int) -> list[Finding]:
    """Labels typed for another level than the one they stand at, and enumerations that skip a number."""
    findings: list[Finding] = []
    sequence = _Sequence()
    for block in outline:
        if isinstance(block, Section):
            typed = _typed(block.heading.scalar.raw.lstrip())
            if typed and typed[0] != block.level and block.level <= 4:  # deeper: check refuses the heading (C043)
                findings.append(_misplaced(block.heading.scalar.location, typed, block.level, heading=True))
            findings += _levels(source, block.children, block.level)
            continue
        typed = _typed(block.prose.text)
        if typed:
            if typed[0] > level + 1:
                findings.append(_misplaced(source.where(block.prose, 0), typed, level + 1, heading=False))
            expected = sequence.next(f"label{typed[0]}", typed[1])
            if expected is not None:
                findings.append(_skipped(source.where(block.prose, 0), typed[2], _label(typed[0], expected)))
        findings += _enumerations(source, block.prose, sequence)
    return findings


def _misplaced(where: Location, typed: tuple[int, int, str], level: int, heading: bool) -> Finding:
    written_level, _, label = typed
    kind = "标题" if heading else "段落"
    what = f"这个{kind}开头的“{label}”是{_LEVEL_NAMES[written_level]}标题的序号"
    if written_level > level:
        skipped = "、".join(f"{_LEVEL_NAMES[n]}标题“{_label(n, 1)}”" for n in range(level, written_level))
        message = f"{what}，却放在{_LEVEL_NAMES.get(level - 1, '正文')}{'标题' if level > 1 else ''}之下，跳过了{skipped}"
    else:
        message = f"{what}，却写在{_LEVEL_NAMES[level]}标题的位置"
    hint = ("删去手写的序号，按层级放置标题：一、之下是（一），（一）之下是 1.，1. 之下是（1）。" if heading
            else f"按层级补上中间的标题，或把序号改为{_LEVEL_NAMES[level]}的写法“{_label(level, typed[1])}”。")
    return found(where, LEVEL_SKIPPED, message, hint)


def _skipped(where: Location, written: str, expected: str) -> Finding:
    return found(where, ENUMERATION_GAP, f"序号不连续：这里写的是“{written}”，按顺序应是“{expected}”",
                 f"检查前后的序号，按顺序写出“{expected}”，或补上缺少的部分。")


def _enumerations(source: LintSource, prose: Prose, sequence: _Sequence) -> list[Finding]:
    """一是、二是、三是 in a paragraph, continued across the paragraphs of one part."""
    findings = []
    for word in _ENUMERATOR.finditer(prose.text):
        try:
            number = chinese_integer(word["number"])
        except ValueError:
            continue
        expected = sequence.next("是", number)
        if expected is not None:
            written = f"{word['number']}是"
            findings.append(found(source.where(prose, word.start("number")), ENUMERATION_GAP,
                                  f"“{written}”不接续前面的序号，按顺序应是“{chinese_numeral(expected)}是”",
                                  f"按顺序写出“{chinese_numeral(expected)}是”，或补上缺少的一项。"))
    return findings
