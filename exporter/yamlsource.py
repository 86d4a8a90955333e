"""Safe YAML reading that keeps every value's file, line and column."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import Diagnostic, Location, error

# libyaml parses ten times faster than the Python parser; where PyYAML was built without it, use the latter.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Scalar:
    """A scalar exactly as written (98.72 stays "98.72"), with where it was written."""

    raw: str
    location: Location
    plain: bool  # unquoted: `true`, `~` and numbers keep their YAML meaning
    style: str = ""  # YAML scalar style: "" plain, "'" or '"' quoted, "|" or ">" block
    span: tuple[int, int] = field(default=(0, 0), compare=False)  # character offsets in the text, end excluded

    def column_of(self, offset: int) -> Location:
        """Where the character at `offset` of the value stands in the file, as far as YAML lets us know."""
        before = self.raw[:offset]
        if self.style in ("|", ">"):  # block scalars start on the line after the indicator
            return Location(self.location.file, self.location.line + 1 + before.count("\n"))
        if "\n" in before:
            return Location(self.location.file, self.location.line)
        quote = 1 if self.style in ("'", '"') else 0
        return self.location.shifted(offset + quote)


@dataclass(frozen=True)
class Seq:
    """A list."""

    items: tuple["Node", ...]
    location: Location
    span: tuple[int, int] = field(default=(0, 0), compare=False)  # character offsets in the text, end excluded
    flow: bool = field(default=False, compare=False)  # written [a, b] rather than one "- " line an item


@dataclass(frozen=True)
class Map:
    """A mapping with string keys, in source order."""

    entries: tuple[tuple[Scalar, "Node"], ...]
    location: Location
    _index: dict[str, "Node"] = field(default_factory=dict, compare=False, repr=False)
    span: tuple[int, int] = field(default=(0, 0), compare=False)  # character offsets in the text, end excluded
    flow: bool = field(default=False, compare=False)  # written {a: 1} rather than one "key: value" line an entry

    def get(self, key: str) -> "Node | None":
        """The value under `key`, or None."""
        if not self._index:
            self._index.update((k.raw, v) for k, v in self.entries)
        return self._index.get(key)

    def keys(self) -> list[str]:
        return [k.raw for k, _ in self.entries]


Node = Scalar | Seq | Map

_NULLS = {"", "~", "null", "Null", "NULL"}


def is_null(node: Node | None) -> bool:
    """True for a missing value or an unquoted YAML null."""
    return node is None or (isinstance(node, Scalar) and node.plain and node.raw in _NULLS)


def read_yaml(path: Path, display_name: str) -> tuple[Node | None, list[Diagnostic]]:
    """Parse a YAML file into located nodes; never constructs Python objects from tags."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        return None, [error("E001", f"找不到文件 {display_name}", Location(display_name), "检查文件名和路径是否正确。")]
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        return None, [error("E002", "文件不是 UTF-8 编码", Location(display_name, line),
                            "请在编辑器中把文件另存为 UTF-8 编码。")]
    except OSError as exc:
        return None, [error("E003", f"无法读取文件：{exc.strerror}", Location(display_name))]
    return parse_yaml(text, display_name)


def parse_yaml(text: str, display_name: str) -> tuple[Node | None, list[Diagnostic]]:
    """Parse YAML text into located nodes, reporting syntax errors in Chinese."""
    if "\t" in text:
        line = text[: text.index("\t")].count("\n") + 1
        col = len(text[: text.index("\t")].rsplit("\n", 1)[-1]) + 1
        return None, [error("E010", "文件中有制表符（Tab），YAML 只能用空格缩进", Location(display_name, line, col),
                            "把这一行开头的 Tab 换成空格。")]
    try:
        root = yaml.compose(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        root = None  # parse again below with the Python parser, whose messages _explain translates
    if root is not None:
        problems: list[Diagnostic] = []
        return _convert(root, display_name, problems, set()), problems
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(display_name, mark.line + 1, mark.column + 1) if mark else Location(display_name)
        return None, [error("E011", f"YAML 格式错误：{_explain(exc)}", where,
                            "检查这一行及上一行的缩进、冒号和引号是否成对。")]
    except yaml.YAMLError as exc:
        return None, [error("E011", f"YAML 格式错误：{exc}", Location(display_name))]
    if root is None:
        return None, [error("E012", "文件是空的", Location(display_name))]
    problems: list[Diagnostic] = []
    return _convert(root, display_name, problems, set()), problems


def _explain(exc: yaml.MarkedYAMLError) -> str:
    problem = (exc.problem or "").strip()
    known = {
        "mapping values are not allowed here": "这里不能出现冒号（可能是一行里有两个“键: 值”，或文字中的英文冒号需要加引号）",
        "could not find expected ':'": "缺少冒号",
        "found character that cannot start any token": "出现了不能作为开头的字符",
        "did not find expected key": "缩进不一致",
        "found unexpected end of stream": "文件意外结束（引号没有配对？）",
        "expected <block end>, but found '-'": "列表项“-”的缩进不对",
    }
    for english, chinese in known.items():
        if problem.startswith(english):
            return chinese
    return problem or str(exc)


def _loc(node: yaml.Node, name: str) -> Location:
    return Location(name, node.start_mark.line + 1, node.start_mark.column + 1)


def _span(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.index, node.end_mark.index


def _convert(node: yaml.Node, name: str, problems: list[Diagnostic], seen: set[int]) -> Node:
    if id(node) in seen:  # an alias: refuse rather than expand (no billion laughs)
        problems.append(error("E013", "不支持 YAML 锚点和别名（& 和 *）", _loc(node, name), "把内容直接写出来。"))
        return Scalar("", _loc(node, name), True)
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        # libyaml marks an unquoted scalar with style "", the Python parser with None.
        return Scalar(node.value, _loc(node, name), not node.style, node.style or "", _span(node))
    if isinstance(node, yaml.SequenceNode):
        return Seq(tuple(_convert(item, name, problems, seen) for item in node.value), _loc(node, name), _span(node),
                   bool(node.flow_style))
    entries: list[tuple[Scalar, Node]] = []
    keys: set[str] = set()
    for key_node, value_node in node.value:
        key = _convert(key_node, name, problems, seen)
        if not isinstance(key, Scalar):
            problems.append(error("E014", "键必须是文字", key.location))
            continue
        if key.raw in keys:
            problems.append(error("E015", f"键“{key.raw}”重复出现", key.location, "删除或合并重复的一项。"))
            continue
        keys.add(key.raw)
        entries.append((key, _convert(value_node, name, problems, seen)))
    return Map(tuple(entries), _loc(node, name), span=_span(node), flow=bool(node.flow_style))


# ---------------------------------------------------------------- typed reading
_TYPE_NAMES = {Scalar: "一个值", Seq: "一个列表", Map: "一组“键: 值”"}


def describe(node: Node) -> str:
    """What kind of YAML value this is, in Chinese."""
    return _TYPE_NAMES[type(node)]


class Reader:
    """Reads typed values from nodes, collecting every problem instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[Diagnostic] = []

    def fail(self, code: str, message: str, location: Location, hint: str = "") -> None:
        self.problems.append(error(code, message, location, hint))

    def mapping(self, node: Node | None, what: str, allowed: dict[str, str], required: tuple[str, ...] = ()) -> Map | None:
        """A mapping whose keys must be among `allowed` (key → Chinese meaning)."""
        if node is None:
            return None
        if not isinstance(node, Map):
            self.fail("E020", f"{what}应当是{_TYPE_NAMES[Map]}，这里是{describe(node)}", node.location)
            return None
        for key, _ in node.entries:
            if key.raw not in allowed:
                close = [k for k in allowed if k.lower() == key.raw.lower() or _similar(k, key.raw)]
                hint = f"是不是想写“{close[0]}”？" if close else "可用的键：" + "、".join(allowed)
                self.fail("E021", f"{what}中有未知的键“{key.raw}”", key.location, hint)
        for key in required:
            if is_null(node.get(key)):
                self.fail("E022", f"{what}缺少“{key}”（{allowed[key]}）", node.location, f"添加一行“{key}: …”。")
        return node

    def seq(self, node: Node | None, what: str) -> tuple[Node, ...]:
        if node is None or is_null(node):
            return ()
        if not isinstance(node, Seq):
            self.fail("E020", f"{what}应当是{_TYPE_NAMES[Seq]}（每项以“- ”开头），这里是{describe(node)}", node.location)
            return ()
        return node.items

    def text(self, node: Node | None, what: str) -> str | None:
        if is_null(node):
            return None
        assert node is not None
        if not isinstance(node, Scalar):
            self.fail("E020", f"{what}应当是文字，这里是{describe(node)}", node.location)
            return None
        return node.raw

    def texts(self, node: Node | None, what: str) -> tuple[str, ...]:
        """A list of strings; a single string counts as a list of one."""
        if isinstance(node, Scalar) and not is_null(node):
            return (node.raw,)
        values = [self.text(item, what) for item in self.seq(node, what)]
        return tuple(v for v in values if v)

    def integer(self, node: Node | None, what: str, minimum: int | None = None) -> int | None:
        raw = self.text(node, what)
        if raw is None:
            return None
        assert node is not None
        if not re.fullmatch(r"[+-]?\d+", raw.strip()):
            self.fail("E023", f"{what}应当是整数，这里是“{raw}”", node.location)
            return None
        value = int(raw)
        if minimum is not None and value < minimum:
            self.fail("E024", f"{what}不能小于 {minimum}，这里是 {value}", node.location)
            return None
        return value

    def boolean(self, node: Node | None, what: str) -> bool | None:
        raw = self.text(node, what)
        if raw is None:
            return None
        assert node is not None
        lowered = raw.strip().lower()
        if lowered in {"true", "yes", "on", "是"}:
            return True
        if lowered in {"false", "no", "off", "否"}:
            return False
        self.fail("E025", f"{what}应当是 true 或 false，这里是“{raw}”", node.location)
        return None

    def date(self, node: Node | None, what: str) -> dt.date | None:
        raw = self.text(node, what)
        if raw is None:
            return None
        assert node is not None
        match = re.fullmatch(r"\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?\s*", raw)
        if match:
            try:
                return dt.date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                pass
        self.fail("E026", f"{what}不是有效日期：“{raw}”", node.location, "写成 2023-02-22 的形式。")
        return None


def _similar(a: str, b: str) -> bool:
    """Keys one edit apart (a typo)."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))
