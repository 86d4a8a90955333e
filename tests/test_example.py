"""The example report: complete text, structure, every figure an indicator, relations checked."""

from __future__ import annotations

import re
from decimal import Decimal

from exporter.errors import Level
from exporter.model import IndicatorKind, IndicatorRef, Literal, Section, Text
from exporter.resolved import Colophon, Heading, Note, Paragraph, Recipients, Signature, Title, VersionHead
from textnorm import normalise


def resolved_text(resolved) -> str:
    return "".join(block.text for block in resolved.blocks())


def test_text_equals_the_seed_in_order(example, seed_text: str) -> None:
    assert normalise(resolved_text(example.resolved)) == normalise(seed_text)


def test_full_width_punctuation_is_restored(example) -> None:
    text = resolved_text(example.resolved)
    assert not re.search(r"[,();]", text)
    assert "（一）" in text and "工商联（总商会）" in text and "（{0}）".format("2022—2025年") in text
    assert "6～8个" in text and "98.72%" in text and "LNG" in text and "APP" in text


def test_structure_has_three_parts_and_their_items(example) -> None:
    blocks = example.resolved.blocks()
    level_one = [b for b in blocks if isinstance(b, Heading) and b.level == 1]
    assert [h.label for h in level_one] == ["一、", "二、", "三、"]
    sections = example.resolved.sections
    assert [s.path_label for s in sections if s.level == 2 and s.id.startswith("1.")] == [
        f"一（{n}）" for n in "一二三四五六七"]
    assert [s.path_label for s in sections if s.level == 2 and s.id.startswith("3.")] == [
        f"三（{n}）" for n in "一二三四"]
    standalone = [b.label for b in blocks if isinstance(b, Heading) and b.level == 2]
    assert standalone == ["（二）", "（四）"]  # the two that stand on their own line in the seed
    run_in = [b for b in blocks if isinstance(b, Paragraph) and b.run_in_level == 2]
    assert len(run_in) == 9
    first = run_in[0]
    heading, rest = first.runs[0], first.runs[1]
    assert heading.role == "heading2" and heading.text.startswith("（一）深入学习")
    assert heading.text.endswith("全面统筹法治政府建设。")
    assert rest.role == "body" and rest.text.startswith("一是坚持")


def test_every_figure_is_an_indicator(example) -> None:
    indicators = example.resolved.indicators
    assert 65 <= len(indicators) <= 80
    kinds = {i.kind for i in indicators}
    assert kinds == set(IndicatorKind) - {IndicatorKind.AMOUNT}  # the report states no amount of money
    by_display = {i.display: i for i in indicators}
    assert by_display["5700余件"].kind is IndicatorKind.APPROX
    assert by_display["540余份"].kind is IndicatorKind.APPROX
    assert by_display["6～8个"].upper == Decimal(8)
    assert by_display["倒数第四名"].kind is IndicatorKind.RANK and by_display["第三名"].value == 3
    assert by_display["98.72%"].value == Decimal("0.9872") and by_display["98.72%"].decimals == 2
    for name in (i.name for i in indicators):
        assert len(name) >= 4, f"indicator name too vague: {name}"


def test_plan_system_one_forty_one_seventeen_is_three_indicators(example) -> None:
    sentence_ids = [i for i in example.resolved.indicators if "1+41+17" in i.sentence]
    assert sorted(int(i.value) for i in sentence_ids) == [1, 17, 41]


def test_every_digit_in_the_prose_is_accounted_for(example) -> None:
    """A digit may stand only in an indicator reference or a marked non-indicator number."""
    marked: list[str] = []

    def visit(inlines) -> None:
        for inline in inlines:
            if isinstance(inline, Text):
                assert not re.search(r"\d", inline.text), f"untracked figure at {inline.location}: {inline.text}"
            elif isinstance(inline, Literal):
                marked.append(inline.text)
            else:
                assert isinstance(inline, IndicatorRef)

    def walk(blocks) -> None:
        for block in blocks:
            if isinstance(block, Section):
                visit(block.heading)
                walk(block.children)
            else:
                visit(block.inlines)

    walk(example.document.body)
    # What is marked as not an indicator: years, a year span, and names.
    assert set(marked) <= {"2022", "2021", "2022—2025", "1153", "1", "24"}
    # And the other way round: every figure printed in the output comes from one of the two.
    printed = re.findall(r"\d+(?:\.\d+)?", resolved_text(example.resolved))
    from_indicators = [n for i in example.resolved.indicators for n in re.findall(r"\d+(?:\.\d+)?", i.display)]
    assert sorted(printed) == sorted(from_indicators + [m for t in marked_all(example) for m in re.findall(r"\d+", t)])


def marked_all(example) -> list[str]:
    found: list[str] = []

    def walk(blocks) -> None:
        for block in blocks:
            inlines = block.heading if isinstance(block, Section) else block.inlines
            found.extend(i.text for i in inlines if isinstance(i, Literal))
            if isinstance(block, Section):
                walk(block.children)

    walk(example.document.body)
    return found


def test_indicators_know_their_section_and_sentence(example) -> None:
    by_id = {i.id: i for i in example.resolved.indicators}
    rate = next(i for i in by_id.values() if i.display == "98.72%")
    assert example.resolved.section(rate.section).path_label == "一（二）"
    assert "不见面审批率" in rate.sentence and rate.sentence.endswith("。")
    assert all(i.section for i in by_id.values())


def test_relations_hold_except_the_stated_completion_rate(example) -> None:
    checks = {c.stated: c for c in example.resolved.checks}
    assert len(checks) >= 3
    court = next(c for c in checks.values() if c.stated_value == Decimal("0.9526"))
    assert court.consistent and abs(court.computed - Decimal(1285) / Decimal(1349)) < Decimal("1e-20")
    risks = next(c for c in checks.values() if c.stated_value == 308)
    assert risks.consistent and risks.computed == 308
    completion = next(c for c in checks.values() if c.stated_value == Decimal("0.99"))
    assert not completion.consistent
    assert round(completion.computed, 4) == Decimal("0.9996")
    warnings = [d for d in example.warnings if d.level is Level.WARNING and d.code == "W081"]
    assert len(warnings) == 1 and "99%" in warnings[0].message and "99.96%" in warnings[0].message
    assert warnings[0].location.line > 0


def test_metadata_strings(example) -> None:
    elements = {type(element): element for element in example.resolved.elements}
    head, title, signature = elements[VersionHead], elements[Title], elements[Signature]
    assert isinstance(head, VersionHead) and head.doc_number == "宛政〔2023〕12号"
    assert isinstance(signature, Signature) and signature.date == "2023年2月22日"
    colophon = elements[Colophon]
    assert isinstance(colophon, Colophon) and colophon.print_date == "2023年2月22日印发"
    assert colophon.cc is not None and colophon.cc.label == "抄送：" and colophon.cc.names.endswith("。")
    assert elements[Recipients] == Recipients("河南省人民政府：")
    assert elements[Note] == Note("（此件公开发布）")
    assert isinstance(title, Title) and "".join(title.lines) == example.resolved.properties.title
    assert title.lines == ("南阳市人民政府关于", "2022年度法治政府建设情况的报告")
