"""Edits of the source text that change one YAML value and nothing else, in the value's own quoting style."""

from __future__ import annotations

from ..errors import Location
from ..importer.emit import scalar as yaml_scalar
from ..yamlsource import Map, Scalar, Seq, parse_yaml
from .findings import Edit, Finding, ValueChange, apply_edits
from .scalars import Place
from .source import LintSource, Prose, flatten

ACROSS_LINES = "这一处跨过了换行，请手工修改"
UNMAPPED = "这段文字的 YAML 写法无法逐字对应到文件（如写了缩进指示符），请手工修改"
_DOUBLE_QUOTED_ESCAPES = {"\\": "\\\\", '"': '\\"'}


def prose_edit(source: LintSource, prose: Prose, start: int, end: int, replacement: str, why: str) -> Edit | str:
    """The edit that makes prose.text[start:end] read `replacement`, or why it cannot be made safely."""
    if prose.places is None:
        return UNMAPPED
    value_at = prose.value_at[start:end]
    if any(b != a + 1 for a, b in zip(value_at, value_at[1:])):
        return ACROSS_LINES  # a line break of a literal block lies inside: the loader joins what the file splits
    return value_edit(source, prose.scalar, prose.places, value_at[0], value_at[-1] + 1, replacement, why)


def value_edit(source: LintSource, scalar: Scalar, places: list[Place], start: int, end: int, replacement: str,
               why: str) -> Edit | str:
    """The edit that makes scalar.raw[start:end] read `replacement`, quoting the value when it must be."""
    written = places[start:end]
    if any(place is None for place in written) or scalar.span is None:
        return ACROSS_LINES
    ranges = [place for place in written if place is not None]
    if not ranges:
        return UNMAPPED
    if any(b[0] != a[1] for a, b in zip(ranges, ranges[1:])):
        return ACROSS_LINES
    begin, finish = ranges[0][0], ranges[-1][1]
    change = ValueChange(scalar.span[0], start, end, replacement)
    shown = f"{scalar.raw[start:end]} → {replacement}"
    where = source.location(begin)
    # An empty line folds to a line break in a plain value; the value reads back unquoted all the same.
    new_value = (scalar.raw[:start] + replacement + scalar.raw[end:]).replace("\n", " ")
    if scalar.style == "'":
        after = replacement.replace("'", "''")
    elif scalar.style == '"':
        after = _double_quoted(replacement)
    elif scalar.style in ("|", ">") or yaml_scalar(new_value, flow=scalar.in_flow) == new_value:
        after = replacement
    else:
        # The value would no longer read back unquoted (it starts with “{”, or holds “: ” or, in [ ], a brace):
        # the whole value goes in double quotes, its line breaks kept, which fold the same way.
        first, last = scalar.span
        inner = source.text[first:begin] + replacement + source.text[finish:last]
        return Edit(where, first, last, source.text[first:last], '"' + _double_quoted(inner) + '"',
                    shown, why + "；这一项加了英文双引号", change)
    return Edit(where, begin, finish, source.text[begin:finish], after, shown, why, change)


def _double_quoted(text: str) -> str:
    return "".join(_DOUBLE_QUOTED_ESCAPES.get(char, char) for char in text)


def reads_back(source: LintSource, edits: list[Edit]) -> bool:
    """True when the edited text parses to the same tree with exactly the changed values the edits intend."""
    root, problems = parse_yaml(apply_edits(source.text, edits), source.name)
    if root is None or len(problems) != len(source.problems) or source.root is None:
        return False
    before, after = source.nodes, flatten(root)
    if len(before) != len(after):
        return False
    expected: dict[int, str] = {}
    for edit in sorted(edits, key=lambda e: -(e.value.start if e.value else 0)):
        if edit.value is None:
            return False
        value = expected.get(edit.value.scalar_start)
        if value is None:
            value = source.values_by_start.get(edit.value.scalar_start)
            if value is None:
                return False
        expected[edit.value.scalar_start] = value[:edit.value.start] + edit.value.replacement + value[edit.value.end:]
    for old, new in zip(before, after):
        if type(old) is not type(new):
            return False
        if isinstance(old, Scalar) and isinstance(new, Scalar):
            wanted = expected.get(old.span[0]) if old.span else None
            if wanted is not None and new.raw != wanted:
                return False
            if wanted is None and (new.raw != old.raw or new.style != old.style):
                return False
        elif isinstance(old, Seq | Map) and isinstance(new, Seq | Map) and _size(old) != _size(new):
            return False
    return True


def _size(node: Seq | Map) -> int:
    return len(node.items) if isinstance(node, Seq) else len(node.entries)


def found(where: Location, code: str, message: str, hint: str, edit: Edit | str | None = None) -> Finding:
    """A finding with the edit that corrects it, or with the reason fix leaves it alone (a str)."""
    if isinstance(edit, Edit):
        return Finding(where, code, message, hint, edit)
    return Finding(where, code, message, hint, None, edit or "")
