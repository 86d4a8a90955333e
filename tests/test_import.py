"""`exporter import`: reports in text, Markdown and Word become sources with the right tree, figures and 公文 elements."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path

import pytest
from docx import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH

from conftest import EXAMPLE, PROJECT, SEED_COPY
from exporter.cli import main
from exporter.cjk.figures import Figure
from exporter.cjk.scripts import restore_full_width
from exporter.importer.pipeline import import_report
from exporter.importer.tree import Paragraph, Report, Section, Table
from exporter.load import load_document
from exporter.model import INDICATOR_KIND_KEYS, Literal, Section as ModelSection, Text
from import_render import figures, parse_source, plain, render

SEED_TITLE = "南阳市人民政府关于2022年度法治政府建设情况的报告"


def imported(tmp_path: Path, text: str, name: str = "report.txt", title: str | None = None) -> tuple[Report, str]:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return import_report(path, title)


def body_of(source: str) -> str:
    """The source text from `body:` on, without the explanatory comment at its top."""
    return source[source.index("\nbody:"):]


def outline(blocks: tuple[object, ...]) -> list[tuple[int, str, bool]]:
    """(level, heading as printed, run-in) of every section, in order."""
    found: list[tuple[int, str, bool]] = []
    for block in blocks:
        if isinstance(block, Section):
            found.append((block.level, plain(block.title), block.run_in))
            found += outline(block.body)
    return found


# ---------------------------------------------------------------- the seed against the curated source
@pytest.fixture(scope="module")
def seed_import() -> tuple[Report, str]:
    return import_report(SEED_COPY, SEED_TITLE)


def _curated_outline(blocks: tuple[object, ...], level: int = 1) -> list[tuple[int, str, bool]]:
    found: list[tuple[int, str, bool]] = []
    for block in blocks:
        if isinstance(block, ModelSection):
            heading = "".join(i.text for i in block.heading if isinstance(i, (Text, Literal)))
            found.append((level, heading, block.run_in))
            found += _curated_outline(block.children, level + 1)
    return found


def test_seed_gives_the_heading_tree_of_the_curated_source(seed_import: tuple[Report, str]) -> None:
    curated, _ = load_document(EXAMPLE)
    assert curated is not None
    report, _ = seed_import
    mine, theirs = outline(report.body), _curated_outline(curated.body)
    assert [h for h in mine if h[0] == 1] == [h for h in theirs if h[0] == 1] and len([h for h in mine if h[0] == 1]) == 3
    assert mine == theirs  # the same level-2 items, run in exactly where the seed runs in


def test_seed_figures_match_the_curated_indicators(seed_import: tuple[Report, str]) -> None:
    curated, _ = load_document(EXAMPLE)
    assert curated is not None
    kind_keys = {kind: key for key, kind in INDICATOR_KIND_KEYS.items()}
    found_figures = [b.figure for b in figures(seed_import[1])]
    by_value = Counter((f.value, f.unit) for f in found_figures)
    by_everything = Counter((f.value, f.unit, f.kind, f.qualifier, f.upper) for f in found_figures)
    found = exact = 0
    for indicator in curated.indicators:
        if by_value[(indicator.value, indicator.unit)] > 0:
            by_value[(indicator.value, indicator.unit)] -= 1
            found += 1
            key = (indicator.value, indicator.unit, kind_keys[indicator.kind], indicator.qualifier, indicator.upper)
            if by_everything[key] > 0:
                by_everything[key] -= 1
                exact += 1
    assert len(curated.indicators) == 74
    assert found >= 0.9 * 74 and found == 70  # missing: “1+41+17” (a named scheme) and 全省第一 (no 名)
    assert exact == found


def test_seed_round_trips_to_its_text_with_full_width_marks(seed_import: tuple[Report, str], seed_text: str) -> None:
    expected = restore_full_width(seed_text).replace("6-8个", "6～8个").replace("2022-2025年", "2022—2025年")
    assert render(seed_import[1]) == expected.splitlines()


def test_seed_source_has_the_title_and_no_other_meta(seed_import: tuple[Report, str]) -> None:
    meta = parse_source(seed_import[1]).get("meta")
    assert meta is not None and meta.keys() == ["title"]  # type: ignore[union-attr]


def test_seed_tells_the_clerk_what_it_changed(seed_import: tuple[Report, str]) -> None:
    messages = [(n.line, n.message) for n in seed_import[0].notices]
    assert any("英文标点改为全角" in m for _, m in messages)
    assert (8, "“6-8个”已改为“6～8个”（数值范围用浪纹线“～”连接）") in messages
    assert any(line == 3 and "2022—2025年" in m for line, m in messages)


# ---------------------------------------------------------------- report styles
CONTINUOUS = """
    关于2023年度安全生产工作情况的报告
    市人民政府：
    2023年，全市安全生产形势总体平稳。
    一、主要工作
    （一）强化责任落实
    1.压实企业主体责任。检查企业1200家，整改隐患3560项。
    2.落实部门监管责任。约谈企业负责人45人次。
    （二）加强隐患排查
    3.开展专项整治。关闭违规企业12家。
    4.强化执法检查。立案查处违法行为86起。
    二、存在问题
    一是基层监管力量不足。二是部分企业主体责任落实不到位。
"""


def test_level3_numbered_straight_through(tmp_path: Path) -> None:
    report, source = imported(tmp_path, CONTINUOUS)
    assert report.meta.level3_continuous and "numbering: {level3: continuous}" in source
    assert [(level, title[:4]) for level, title, _ in outline(report.body)] == [
        (1, "主要工作"), (2, "强化责任"), (3, "压实企业"), (3, "落实部门"), (2, "加强隐患"), (3, "开展专项"),
        (3, "强化执法"), (1, "存在问题")]
    assert "number:" not in body_of(source)
    assert render(source) == textwrap.dedent(CONTINUOUS).strip().splitlines()[2:]


def test_title_line_and_recipients(tmp_path: Path) -> None:
    report, source = imported(tmp_path, CONTINUOUS)
    assert report.meta.title == "关于2023年度安全生产工作情况的报告"
    assert report.meta.recipients == ("市人民政府",)
    assert "title: 关于2023年度安全生产工作情况的报告" in source and "recipients: [市人民政府]" in source


def test_level3_restarting_is_the_default(tmp_path: Path) -> None:
    report, source = imported(tmp_path, CONTINUOUS.replace("3.开展", "1.开展").replace("4.强化", "2.强化"))
    assert not report.meta.level3_continuous and "number" not in body_of(source)
    assert parse_source(source).get("meta").get("numbering") is None  # type: ignore[union-attr]


HALF_WIDTH = """
    一、工作开展情况
    (一)加强组织领导。成立工作专班,建立周调度机制。
    (二)完善制度体系
    制定配套文件8份。
    三、下一步打算
    (1)继续推进改革。
"""


def test_half_width_brackets_and_a_number_the_rules_would_not_give(tmp_path: Path) -> None:
    report, source = imported(tmp_path, HALF_WIDTH)
    first, second = [b for b in report.body if isinstance(b, Section)]
    assert [(s.title, s.run_in) for s in first.body if isinstance(s, Section)] == [
        ("加强组织领导。", True), ("完善制度体系", False)]
    assert second.number == 3 and second.number_shown and "    number: 3" in source
    assert render(source) == [
        "一、工作开展情况", "（一）加强组织领导。成立工作专班，建立周调度机制。", "（二）完善制度体系", "制定配套文件8份。",
        "三、下一步打算", "（一）继续推进改革。"]
    assert any("上面没有第3级标题" in n.message for n in report.notices)  # (1) under 三、 becomes （一）


QUALIFIED = """
    全年接待群众900人次以上，办理案件5700余件，举办培训100多场次，覆盖企业300家左右。约80%的事项实现网上办理，近500件投诉得到处理。投入资金2600余万元，带动社会投资1.37亿元，节约成本37.22万元。满意率提高15～20%，每次抽查6-8个单位，营商环境从倒数第四名跃升至第三名。
"""


def test_figures_with_qualifiers_amounts_and_ranges(tmp_path: Path) -> None:
    _, source = imported(tmp_path, QUALIFIED)
    assert [b.figure for b in figures(source)] == [
        Figure("approx", "900", None, "人次", "以上"), Figure("approx", "5700", None, "件", "余"),
        Figure("approx", "100", None, "场次", "多"), Figure("approx", "300", None, "家", "左右"),
        Figure("percent", "80", None, "%", "约"), Figure("approx", "500", None, "件", "近"),
        Figure("amount", "2600", None, "万元", "余"), Figure("amount", "1.37", None, "亿元", ""),
        Figure("amount", "37.22", None, "万元", ""), Figure("range", "15", "20", "%", ""),
        Figure("range", "6", "8", "个", ""), Figure("rank", "4", None, "名", "倒数"), Figure("rank", "3", None, "名", "")]
    assert "{15%～20%}" in source and "{6～8个}" in source  # GB/T 15835 ranges


def test_yi_shi_er_shi_stay_text(tmp_path: Path) -> None:
    report, source = imported(tmp_path, CONTINUOUS)
    last = [b for b in report.body if isinstance(b, Section)][-1]
    assert last.body == (Paragraph("一是基层监管力量不足。二是部分企业主体责任落实不到位。"),)


def test_a_wrapped_plain_text_copy_is_joined_again(tmp_path: Path) -> None:
    report, _ = imported(tmp_path, """
        一、总体情况
        2022年，我市坚持以习近平新时代中国特色社会主义思想为指导，全面
        学习领会习近平法治思想，法治政府建设取得良好成效。
        二、存在问题
    """)
    first = report.body[0]
    assert isinstance(first, Section) and first.body == (
        Paragraph("{2022年}，我市坚持以习近平新时代中国特色社会主义思想为指导，全面学习领会习近平法治思想，法治政府建设取得良好成效。"),)


def test_braces_in_the_report_are_escaped_and_literals_braced(tmp_path: Path) -> None:
    _, source = imported(tmp_path, "开通12345热线，推行“1+N”模式，试点第3批，符号{x}照印。3·15当天受理投诉20件。\n")
    body = parse_source(source).get("body")
    assert body.items[0].raw == "开通{12345}热线，推行“{1+N}”模式，试点{第3}批，符号{{x}}照印。{3·15}当天受理投诉{20件}。"  # type: ignore[union-attr]


def test_a_refused_figure_is_left_for_the_clerk_with_a_notice(tmp_path: Path) -> None:
    report, source = imported(tmp_path, "全年培训3万余人。\n")
    assert "全年培训3万余人。" in source
    assert any(n.line == 1 and "30000余人" in n.message for n in report.notices)


# ---------------------------------------------------------------- Word and Markdown
def _gongwen_docx(path: Path) -> Path:
    document = WordDocument()
    document.add_paragraph("南阳市人民政府文件")
    document.add_paragraph("宛政〔2023〕12号\t\t签发人：张明")
    document.add_paragraph("南阳市人民政府关于2022年度法治政府建设情况的报告", style="Title")
    document.add_paragraph("河南省人民政府：")
    document.add_paragraph("　　2022年，我市法治政府建设取得良好成效。")
    document.add_paragraph("一、主要举措和成效", style="Heading 1")
    document.add_paragraph("（一）加强行政复议工作。全年办结复议案件269件，纠错率32.3%。")
    document.add_paragraph("表1　2022年行政复议案件情况")
    table = document.add_table(rows=4, cols=3)
    for row, values in zip(table.rows, [("类别", "数量", "占比"), ("行政复议", "120件", "45.2%"),
                                         ("行政诉讼", "146", "54.8%"), ("合计", "", "100%")]):
        for cell, value in zip(row.cells, values):
            cell.text = value
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT if value[:1].isdigit() else None
    table.rows[3].cells[0].merge(table.rows[3].cells[1])
    document.add_paragraph("二、存在的问题", style="Heading 1")
    document.add_paragraph("基层执法力量仍然薄弱。")
    document.add_paragraph("附件：1．南阳市行政复议案件统计表")
    document.add_paragraph("2．南阳市行政应诉案件统计表")
    document.add_paragraph("南阳市人民政府")
    document.add_paragraph("2023年2月22日")
    document.add_paragraph("（此件公开发布）")
    document.add_paragraph("抄送：省委依法治省办，省司法厅。")
    document.add_paragraph("南阳市人民政府办公室　　　　2023年2月22日印发")
    document.save(str(path))
    return path


def test_word_file_with_gongwen_elements_and_a_table(tmp_path: Path) -> None:
    report, source = import_report(_gongwen_docx(tmp_path / "报告.docx"))
    meta = report.meta
    assert (meta.issuer_mark, meta.issuer, meta.title) == ("南阳市人民政府文件", "南阳市人民政府", SEED_TITLE)
    assert (meta.doc_number.agency, meta.doc_number.year, meta.doc_number.serial) == ("宛政", 2023, 12)  # type: ignore[union-attr]
    assert meta.signers == ("张明",) and meta.recipients == ("河南省人民政府",)
    assert meta.date == meta.print_date == dt.date(2023, 2, 22)
    assert (meta.note, meta.cc, meta.printer) == ("此件公开发布", ("省委依法治省办", "省司法厅"), "南阳市人民政府办公室")
    assert meta.attachments == ("南阳市行政复议案件统计表", "南阳市行政应诉案件统计表")
    assert outline(report.body) == [(1, "主要举措和成效", False), (2, "加强行政复议工作。", True), (1, "存在的问题", False)]
    table = report.body[1].body[0].body[1]  # type: ignore[union-attr]
    assert isinstance(table, Table) and table.caption == "表1　{2022年}行政复议案件情况"
    assert [[c.text for c in row] for row in table.rows] == [
        ["类别", "数量", "占比"], ["行政复议", "{120件}", "{45.2%}"], ["行政诉讼", "{146|行政诉讼数量}", "{54.8%}"],
        ["合计", "{100%}"]]
    assert table.rows[3][0].colspan == 2 and table.columns == ("left", "right", "right")
    parsed = parse_source(source)
    assert parsed.get("meta").keys() == [  # type: ignore[union-attr]
        "title", "issuer_mark", "issuer", "doc_number", "signers", "recipients", "attachments", "date", "note", "cc",
        "printer", "print_date"]
    assert "        - [{text: 合计, colspan: 2}, \"{100%}\"]" in source
    assert render(source)[2:] == [
        "（一）加强行政复议工作。全年办结复议案件269件，纠错率32.3%。", "表1　2022年行政复议案件情况", "类别|数量|占比",
        "行政复议|120件|45.2%", "行政诉讼|146|54.8%", "合计|100%", "二、存在的问题", "基层执法力量仍然薄弱。"]


def test_word_title_broken_after_guanyu(tmp_path: Path) -> None:
    document = WordDocument()
    document.add_paragraph("南阳市人民政府关于")
    document.add_paragraph("2022年度法治政府建设情况的报告")
    document.add_paragraph("一、主要成效")
    document.add_paragraph("全年办结复议案件269件。")
    document.save(str(tmp_path / "two.docx"))
    report, source = import_report(tmp_path / "two.docx")
    assert report.meta.title == SEED_TITLE and report.meta.title_breaks == ("南阳市人民政府关于", "2022年度法治政府建设情况的报告")
    assert "title_breaks: [南阳市人民政府关于, 2022年度法治政府建设情况的报告]" in source


MARKDOWN = """
    # 关于2022年度行政复议工作情况的报告

    2022年，全市行政复议工作**稳步推进**，
    办结案件269件。

    ## 一、主要做法

    （一）规范办案程序。全面推行“说理式”复议。

    | 类别 | 数量 | 占比 |
    |:-----|-----:|-----:|
    | 行政复议 | 120件 | 45.2% |
    | 行政诉讼 | 146件 | 54.8% |

    ## 二、下一步打算

    - 深化府院联动。
"""


def test_markdown_with_a_pipe_table(tmp_path: Path) -> None:
    report, source = imported(tmp_path, MARKDOWN, "report.md")
    assert report.meta.title == "关于2022年度行政复议工作情况的报告"
    assert outline(report.body) == [(1, "主要做法", False), (2, "规范办案程序。", True), (1, "下一步打算", False)]
    table = report.body[1].body[0].body[1]  # type: ignore[union-attr]  # under （一）, after its run-in text
    assert isinstance(table, Table) and table.columns == ("left", "right", "right")
    assert render(source) == [
        "2022年，全市行政复议工作稳步推进，办结案件269件。", "一、主要做法", "（一）规范办案程序。全面推行“说理式”复议。",
        "类别|数量|占比", "行政复议|120件|45.2%", "行政诉讼|146件|54.8%", "二、下一步打算", "深化府院联动。"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_text_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(textwrap.dedent(CONTINUOUS).lstrip().encode(encoding))
    report, _ = import_report(path)
    assert report.meta.title == "关于2023年度安全生产工作情况的报告"


# ---------------------------------------------------------------- the command
def run_import(*args: str) -> tuple[int, str, str]:
    completed = subprocess.run([sys.executable, "-m", "exporter", "import", *args], cwd=PROJECT,
                               capture_output=True, text=True, timeout=120)
    return completed.returncode, completed.stdout, completed.stderr


def test_command_writes_the_source_and_refuses_to_overwrite(tmp_path: Path) -> None:
    output = tmp_path / "content" / "seed.yaml"
    code, out, err = run_import(str(SEED_COPY), "-o", str(output), "--title", SEED_TITLE)
    assert code == 0, err
    assert "3 个一级标题，11 个二级标题，71 个数字已加花括号" in out and "exporter check" in out
    assert "6～8个" in err  # the change is told
    written = output.read_text(encoding="utf-8")
    assert written.startswith("# 南阳市人民政府关于") and f"title: {SEED_TITLE}" in written
    output.write_text("clerk's edits", encoding="utf-8")
    code, _, err = run_import(str(SEED_COPY), "-o", str(output))
    assert code == 1 and "已经存在" in err and "--force" in err
    assert output.read_text(encoding="utf-8") == "clerk's edits"
    code, _, _ = run_import(str(SEED_COPY), "-o", str(output), "--force")
    assert code == 0 and output.read_text(encoding="utf-8").startswith("#")


def _damaged_docx(path: Path) -> None:
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)


def _not_a_report(path: Path) -> None:
    path.write_text("Quarterly numbers: 12, 15, 18.\n", encoding="utf-8")


def _binary(path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 4)


def _undecodable(path: Path) -> None:
    path.write_bytes("报告".encode("utf-8") + b"\x80\x80\xff")


def _too_large(path: Path) -> None:
    with path.open("wb") as handle:
        handle.truncate(5 * 1024 * 1024 + 1)


def _old_word(path: Path) -> None:
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)


def _empty(path: Path) -> None:
    path.write_text("", encoding="utf-8")


@pytest.mark.parametrize("make, name, says", [
    (_damaged_docx, "damaged.docx", "Word 文件已损坏"),
    (_not_a_report, "english.txt", "不像是一份报告"),
    (_binary, "binary.txt", "不是文本文件"),
    (_undecodable, "odd.txt", "无法识别文件的编码"),
    (_too_large, "huge.txt", "超过 5 MB"),
    (_old_word, "old.doc", "另存为"),
    (_empty, "empty.md", "不像是一份报告"),
])
def test_files_that_cannot_be_imported(tmp_path: Path, make, name: str, says: str) -> None:
    make(tmp_path / name)
    output = tmp_path / "out" / "source.yaml"
    code, out, err = run_import(str(tmp_path / name), "-o", str(output))
    assert code == 1 and says in err and "Traceback" not in err + out
    assert f"{name}:" in err or name in err
    assert not output.parent.exists()  # nothing written, not even the folder


def test_missing_file_and_wrong_output_suffix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "a.yaml")]) == 1
    assert "找不到文件" in capsys.readouterr().err
    assert main(["import", str(SEED_COPY), "-o", str(tmp_path / "a.docx")]) == 1
    assert "应当以 .yaml 结尾" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_a_word_file_the_exporter_wrote_imports_back_to_its_source(example, style, tmp_path: Path, seed_text: str) -> None:
    from exporter.build import build_outputs

    (docx,) = build_outputs(example, style, tmp_path, ("docx",))
    report, source = import_report(docx)
    mine, theirs = report.meta, example.document.meta
    assert (mine.title, mine.issuer, mine.signers, mine.recipients, mine.date, mine.note, mine.cc, mine.printer,
            mine.print_date) == (theirs.title, theirs.issuer, theirs.signers, theirs.recipients, theirs.date, theirs.note,
                                 theirs.cc, theirs.printer, theirs.print_date)
    assert mine.doc_number is not None and theirs.doc_number is not None
    assert (mine.doc_number.agency, mine.doc_number.year, mine.doc_number.serial) == (
        theirs.doc_number.agency, theirs.doc_number.year, theirs.doc_number.serial)
    assert outline(report.body) == _curated_outline(example.document.body)
    expected = restore_full_width(seed_text).replace("6-8个", "6～8个").replace("2022-2025年", "2022—2025年")
    assert render(source) == expected.splitlines()


@pytest.mark.parametrize("text, level, number, rest", [
    ("一、总体情况", 1, 1, "总体情况"), ("十二、其他", 1, 12, "其他"),
    ("（一）加强领导", 2, 1, "加强领导"), ("(三)加强领导", 2, 3, "加强领导"), ("（十）加强领导", 2, 10, "加强领导"),
    ("1.压实责任", 3, 1, "压实责任"), ("2．压实责任", 3, 2, "压实责任"), ("3、压实责任", 3, 3, "压实责任"),
    ("12. 压实责任", 3, 12, "压实责任"), ("（1）细化措施", 4, 1, "细化措施"), ("(2)细化措施", 4, 2, "细化措施"),
])
def test_heading_labels(text: str, level: int, number: int, rest: str) -> None:
    from exporter.importer.labels import heading_label

    label = heading_label(text)
    assert label is not None and (label.level, label.number, text[label.end:]) == (level, number, rest)


@pytest.mark.parametrize("text", ["一是加强领导。", "2022年，我市", "1.5万人参加", "一、", "第一部分", "（一", "零、无"])
def test_not_heading_labels(text: str) -> None:
    from exporter.importer.labels import heading_label

    assert heading_label(text) is None


@pytest.mark.parametrize("text, heading, rest", [
    ("加强领导。成立专班。", "加强领导。", "成立专班。"),
    ("加强领导。", "加强领导。", ""),
    ("加强领导", "加强领导", ""),
    ("落实“放管服。”改革要求。全面推进。", "落实“放管服。”改革要求。", "全面推进。"),  # a full stop inside quotes ends nothing
])
def test_run_in_heading_sentence(text: str, heading: str, rest: str) -> None:
    from exporter.importer.labels import split_run_in

    assert split_run_in(text) == (heading, rest)


def test_a_lead_in_sentence_is_no_recipient(tmp_path: Path) -> None:
    report, _ = imported(tmp_path, """
        关于2023年度安全生产工作情况的报告
        现将有关情况报告如下：
        一、主要工作
        全年检查企业1200家。
    """)
    assert report.meta.recipients == () and report.body[0] == Paragraph("现将有关情况报告如下：")


def test_a_date_under_the_title_is_body_text(tmp_path: Path) -> None:
    report, _ = imported(tmp_path, """
        关于安全生产工作会议的纪要
        会议时间：2023年3月1日
        2023年3月1日
        会议听取了全市安全生产工作情况汇报，研究了下一步工作。
    """)
    assert report.meta.date is None
    assert [b.text for b in report.body if isinstance(b, Paragraph)] == [
        "会议时间：{2023年3月1日}", "{2023年3月1日}", "会议听取了全市安全生产工作情况汇报，研究了下一步工作。"]


def test_invisible_characters_of_a_copied_report_are_dropped(tmp_path: Path) -> None:
    from exporter.importer.prose import Tally, clean

    assert clean("第一行\u2028第二行\x0b，结束\ufeff", Tally()) == "第一行第二行，结束"
