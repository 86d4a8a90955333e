"""lint_source and fix_source: every rule over one source, and the safe corrections made in place."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..atomic import write_bytes_atomically
from ..errors import ContentError, Diagnostic, Level, Location, error
from .edits import reads_back
from .findings import Edit, Finding, apply_edits
from .rules import docnumber, headings, numbers, parts, punctuation, relations
from .source import LintSource

Rule = Callable[[LintSource], list[Finding]]
# The rules whose findings may carry an edit; fix runs only these.
FIXING_RULES: tuple[Rule, ...] = (punctuation.check, numbers.check, docnumber.check)
RULES: tuple[Rule, ...] = FIXING_RULES + (headings.check, parts.check, relations.check)
MAX_ROUNDS = 8  # an edit can reveal another (a full-width digit, then its braces); none takes more than a few
NOT_READ_BACK = "改动后 YAML 读出的内容与预期不同，为安全起见没有改动，请手工修改"


def lint_source(path: Path) -> list[Finding]:
    """Every finding of every rule, in file order, each edit checked to read back as intended.

    A source that is not valid YAML gives its syntax error; a source check refuses gets every rule that can run.
    """
    source = LintSource.read(path)
    if source.root is None:
        return [_from_diagnostic(problem) for problem in source.problems]
    return _checked(source, RULES)


def fix_source(path: Path, dry_run: bool = False) -> list[Edit]:
    """Make the edits of the fixable findings, in rounds until none is left; write the file once, atomically.

    Raises ContentError, and leaves the file untouched, when it cannot be read or is not valid YAML. Each round's
    edits are placed in the text as that round found it; edits never add or remove a line, so lines stay true.
    """
    source = LintSource.read(path)
    if source.root is None:
        raise ContentError([p for p in source.problems if p.level is Level.ERROR] or source.problems)
    made: list[Edit] = []
    for _ in range(MAX_ROUNDS):
        edits = _chosen(source)
        if not edits:
            break
        made += edits
        source = source.with_text(apply_edits(source.text, edits))
    if made and not dry_run:
        try:
            write_bytes_atomically(path, source.encoded(source.text))
        except OSError as exc:
            raise ContentError(error("E008", f"无法写入文件：{exc.strerror}", Location(source.name),
                                     "检查文件是否被其他程序占用、是否有写入权限。")) from None
    return made


def _checked(source: LintSource, rules: tuple[Rule, ...]) -> list[Finding]:
    """The rules' findings in file order, one per place, code and message; an edit that would not read back
    (the YAML would mean something else) is replaced by the reason it is not made."""
    unique: dict[tuple[int, int, str, str], Finding] = {}
    for finding in (finding for rule in rules for finding in rule(source)):
        unique.setdefault((finding.location.line, finding.location.column, finding.code, finding.message), finding)
    checked = []
    verdicts: dict[Edit, bool] = {}
    for finding in unique.values():
        edit = finding.edit
        if edit is not None:
            if edit not in verdicts:
                verdicts[edit] = reads_back(source, [edit])
            if not verdicts[edit]:
                finding = Finding(finding.location, finding.code, finding.message, finding.hint, None, NOT_READ_BACK)
        checked.append(finding)
    return sorted(checked, key=lambda f: (f.location.line, f.location.column, f.code))


def _chosen(source: LintSource) -> list[Edit]:
    """Edits that do not overlap, earliest first, that read back as intended all together."""
    chosen: list[Edit] = []
    for finding in _checked(source, FIXING_RULES):
        edit = finding.edit
        if edit is not None and edit not in chosen and not any(edit.overlaps(other) for other in chosen):
            chosen.append(edit)
    if reads_back(source, chosen):
        return chosen
    together: list[Edit] = []  # each reads back alone but not all together: keep those that agree one by one
    for edit in chosen:
        if reads_back(source, together + [edit]):
            together.append(edit)
    return together


def _from_diagnostic(problem: Diagnostic) -> Finding:
    return Finding(problem.location, problem.code, problem.message, problem.hint, level=problem.level)
