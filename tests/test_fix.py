"""exporter fix: the safe corrections made in place, nothing else touched, a second run a no-op."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import EXAMPLE, PROJECT, SEED_COPY
from exporter.errors import ContentError, Level
from exporter.lint import fix_source, lint_source
from exporter.lint.edits import ACROSS_LINES
from exporter.load import load_document

LINT_DATA = PROJECT / "tests" / "data" / "lint"
FIXABLE_BY_CHECK = ("W062", "W063", "C060", "C061")  # what check reports that fix corrects


def copy(tmp_path: Path, source: Path) -> Path:
    target = tmp_path / source.name
    shutil.copyfile(source, target)
    return target


def write(tmp_path: Path, text: str, name: str = "report.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "exporter", *args], cwd=PROJECT, capture_output=True, text=True,
                          timeout=120)


def test_fix_makes_the_expected_text_and_keeps_every_comment_and_quote(tmp_path: Path) -> None:
    path = copy(tmp_path, LINT_DATA / "messy.yaml")
    before = path.read_text(encoding="utf-8").splitlines()
    edits = fix_source(path)
    after = path.read_text(encoding="utf-8").splitlines()
    assert after == (LINT_DATA / "messy-fixed.yaml").read_text(encoding="utf-8").splitlines()
    assert len(after) == len(before)
    edited_lines = {edit.location.line for edit in edits} | {24, 25}  # a two-line value put in quotes as a whole
    for number, (old, new) in enumerate(zip(before, after), start=1):
        if number not in edited_lines:
            assert new == old, number
        elif "  # " in old:  # the comment after an edited value is kept as it was
            assert new.endswith(old[old.index("  # "):])


def test_fix_quotes_a_value_only_where_yaml_needs_it(tmp_path: Path) -> None:
    path = copy(tmp_path, LINT_DATA / "messy.yaml")
    fix_source(path)
    text = path.read_text(encoding="utf-8")
    assert '  - "{66项}民生事项实现“秒批秒办”。"   # 以数字开头，改后要加引号' in text  # starts with {: quoted
    assert "      - heading: \"{3项}重点工作\"" in text
    assert '                - [行政复议, "{120件}"]          # 流式列表里加花括号要加引号' in text  # a brace in [ ]
    assert "  - '全年办理案件{5700余件}，每次检查{6～8个}单位，it''s done。'" in text  # single quotes stay single
    assert '他说“好”。"' in text  # \" in double quotes becomes a full-width quote
    assert '      - "{12项}制度\n        全部印发，共计{300份}。"' in text  # two lines, quoted, folded as before
    assert "        共计{45场}。" in text  # inside a block scalar nothing needs quotes


def test_fix_leaves_a_figure_split_by_a_line_break_alone_and_says_so(tmp_path: Path) -> None:
    path = copy(tmp_path, LINT_DATA / "messy.yaml")
    fix_source(path)
    assert "        数字被换行拆开：培训干部30\n        0名。" in path.read_text(encoding="utf-8")
    (left,) = [f for f in lint_source(path) if f.unfixed]
    assert left.code == "L201" and left.unfixed == ACROSS_LINES and left.location.line == 30


@pytest.mark.parametrize("source", [
    LINT_DATA / "messy.yaml", LINT_DATA / "clean.yaml", EXAMPLE, PROJECT / "tests" / "data" / "parts-report.yaml",
    *(LINT_DATA / f"{name}.yaml" for name in ("bare-figures", "range-dash", "range-unit", "year-span", "full-width",
                                               "zero-padded", "doc-number-pasted", "doc-number-parts")),
])
def test_fix_is_idempotent_and_leaves_nothing_check_would_ask_it_to_correct(tmp_path: Path, source: Path) -> None:
    path = copy(tmp_path, source)
    fix_source(path)
    once = path.read_bytes()
    assert fix_source(path) == []
    assert path.read_bytes() == once
    assert not [f for f in lint_source(path) if f.fixable]
    left_alone = {f.location.line for f in lint_source(path) if f.unfixed}
    _, diagnostics = load_document(path)
    correctable = [d for d in diagnostics if d.code in FIXABLE_BY_CHECK and "写法有误" not in d.message
                   and d.location.line not in left_alone]
    assert correctable == []
    assert not [d for d in diagnostics if d.code == "C052" and ("～" in d.message or "全角" in d.message)]


def test_an_imported_report_with_its_braces_taken_out_is_braced_again(tmp_path: Path) -> None:
    imported = tmp_path / "imported.yaml"
    assert run("import", str(SEED_COPY), "-o", str(imported), "--title", "南阳市人民政府关于2022年度法治政府建设情况的报告").returncode == 0
    braced = imported.read_text(encoding="utf-8")
    bare = tmp_path / "bare.yaml"
    bare.write_text("".join(line if line.startswith("#") else line.replace("{", "").replace("}", "")
                            for line in braced.splitlines(keepends=True)), encoding="utf-8")
    document, diagnostics = load_document(bare)
    assert document is None and sum(d.code == "C061" for d in diagnostics) == 74
    edits = fix_source(bare)
    assert len(edits) == 74
    document, diagnostics = load_document(bare)
    assert document is not None and not [d for d in diagnostics if d.level is Level.ERROR]
    assert len(document.indicators) == 71
    assert fix_source(bare) == []


def test_dry_run_lists_the_same_edits_and_writes_nothing(tmp_path: Path) -> None:
    path = copy(tmp_path, LINT_DATA / "messy.yaml")
    original = path.read_bytes()
    planned = fix_source(path, dry_run=True)
    assert path.read_bytes() == original
    assert planned == fix_source(path)


@pytest.mark.parametrize("name", ["range-dash", "messy"])
def test_fix_makes_exactly_the_edits_lint_offers(tmp_path: Path, name: str) -> None:
    path = copy(tmp_path, LINT_DATA / f"{name}.yaml")
    first_round = []
    for finding in lint_source(path):  # the web page offers these one by one; fix takes those that do not overlap
        edit = finding.edit
        if edit is not None and edit not in first_round and not any(edit.overlaps(e) for e in first_round):
            first_round.append(edit)
    made = fix_source(path)
    assert made[:len(first_round)] == first_round
    assert len(made) > len(first_round) or name == "range-dash"  # quoting first, then the marks inside the quotes


def test_fix_keeps_a_byte_order_mark_and_windows_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "windows.yaml"
    text = "# 注释\r\nmeta:\r\n  title: 报告\r\nbody:\r\n  - 办结8件,\r\n    共2份。 # 两行\r\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    fix_source(path)
    assert path.read_bytes() == b"\xef\xbb\xbf" + text.replace("8件,", "{8件}，").replace("2份", "{2份}").encode("utf-8")


def test_a_source_that_is_not_yaml_is_not_touched(tmp_path: Path) -> None:
    path = write(tmp_path, "meta:\n  title: 报告\nbody:\n  - [办结8件\n")
    original = path.read_bytes()
    with pytest.raises(ContentError) as caught:
        fix_source(path)
    (problem,) = caught.value.diagnostics
    assert problem.code == "E011" and problem.location.line >= 4 and "YAML 格式错误" in problem.message
    assert path.read_bytes() == original


def test_the_commands_print_places_and_exit_as_documented(tmp_path: Path) -> None:
    path = copy(tmp_path, LINT_DATA / "range-dash.yaml")
    linted = run("lint", str(path))
    assert linted.returncode == 1 and "Traceback" not in linted.stderr
    assert "range-dash.yaml:5:9: 警告[L202]" in linted.stdout and "其中 3 处可以运行 exporter fix 自动改正" in linted.stdout
    dry = run("fix", "--dry-run", str(path))
    assert dry.returncode == 0 and "range-dash.yaml:5:9: 6-8个 → {6～8个}（数值范围用浪纹线“～”连接，写在花括号里）" in dry.stdout
    assert "将改正 3 处" in dry.stdout
    fixed = run("fix", str(path))
    assert fixed.returncode == 0 and "已改正 3 处" in fixed.stdout
    clean = run("lint", str(path))
    assert clean.returncode == 0 and "没有发现写法问题" in clean.stdout
    broken = write(tmp_path, "body: [未闭合\n", "broken.yaml")
    refused = run("fix", str(broken))
    assert refused.returncode == 1 and "E011" in refused.stdout and "没有改动" in refused.stdout
    assert "Traceback" not in refused.stderr
