"""Safe YAML reading that keeps every value's file, line and column."""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import Diagnostic, Location, error
from .oserrors import hint, reason
from .yamlerrors import SyntaxProblem, describe_character, first_unprintable, syntax_error, unprintable_characters

# libyaml parses ten times faster than the Python parser; where PyYAML was built without it, use the latter.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# A 公文 source is tens of KB (the 20-page example: 28 KB); a larger file is not a source, and reading
# it whole (a device, a log) could exhaust the memory.
MAX_SOURCE_BYTES = 2 * 1024 * 1024
# A report nests some ten levels (body, four heading levels, tables); past this it is a mistake or an attack.
MAX_NESTING = 50
MAX_INTEGER_DIGITS = 9  # integers a source or style sheet holds: years, serial numbers, counts of lines


@dataclass(frozen=True)
class Scalar:
    """A scalar exactly as written (98.72 stays "98.72"), with where it was written."""

    raw: str
    location: Location
    plain: bool  # unquoted: `true`, `~` and numbers keep their YAML meaning
    style: str = ""  # YAML scalar style: "" plain, "'" or '"' quoted, "|" or ">" block
    # Where the scalar is written in the parsed text, as character offsets [start, end), quotes and block
    # header included; lets a tool edit the text in place (exporter fix, the local page). None for a scalar
    # made in code.
    span: tuple[int, int] | None = field(default=None, compare=False)
    in_flow: bool = field(default=False, compare=False)  # written inside [ ] or { }, where , [ ] { } end it

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
    flow: bool = field(default=False, compare=False)  # written [a, b] rather than as "- " lines


@dataclass(frozen=True)
class Map:
    """A mapping with string keys, in source order."""

    entries: tuple[tuple[Scalar, "Node"], ...]
    location: Location
    flow: bool = field(default=False, compare=False)  # written {a: b} rather than as "a: b" lines
    _index: dict[str, "Node"] = field(default_factory=dict, compare=False, repr=False)
    span: tuple[int, int] = field(default=(0, 0), compare=False)  # character offsets in the text, end excluded

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
    where = Location(display_name)
    try:
        data = read_source_bytes(path)
    except SourceRefused as refused:
        return None, [error(refused.code, refused.message, where, refused.hint)]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [error("E002", "文件不是 UTF-8 编码", Location(display_name, line),
                            "请在编辑器中把文件另存为 UTF-8 编码。")]
    return parse_yaml(text, display_name)


class SourceRefused(Exception):
    """A source file that is not read at all: missing, unreadable, not a regular file, or too large."""

    def __init__(self, code: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


def read_source_bytes(path: Path, limit: int = MAX_SOURCE_BYTES) -> bytes:
    """The file's bytes, refused before reading unless it is a regular file of at most `limit` bytes.

    The file is opened without blocking, so a named pipe is refused instead of waiting for a writer,
    and read to at most `limit` + 1 bytes, so a device or a growing file cannot fill the memory.
    """
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise SourceRefused("E001", f"找不到文件 {path}", "检查文件名和路径是否正确。") from None
    except OSError as exc:
        raise SourceRefused("E003", f"无法读取文件：{reason(exc)}", hint(exc)) from None
    except ValueError:  # a NUL character in the path
        raise SourceRefused("E003", "无法读取文件：文件路径中有空字符（U+0000）", "检查文件路径。") from None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise SourceRefused("E004", f"这不是一个普通文件，而是{_file_kind(info.st_mode)}，不能作为源文件读取",
                                "指定 content/ 中的 .yaml 源文件。")
        if info.st_size > limit:
            raise _too_large(info.st_size, limit)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(handle, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # the file grew while being read
            raise _too_large(size, limit)
        return b"".join(chunks)
    except OSError as exc:
        raise SourceRefused("E003", f"无法读取文件：{reason(exc)}", hint(exc)) from None
    finally:
        os.close(handle)


def _too_large(size: int, limit: int) -> SourceRefused:
    return SourceRefused("E005", f"文件太大（{_megabytes(size)}），源文件最大 {_megabytes(limit)}",
                         "一份公文的源文件通常只有几十 KB：检查是不是选错了文件。")


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


def _file_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "一个文件夹"
    if stat.S_ISFIFO(mode):
        return "一个命名管道"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "一个设备文件"
    if stat.S_ISSOCK(mode):
        return "一个套接字"
    return "一个特殊文件"


def parse_yaml(text: str, display_name: str) -> tuple[Node | None, list[Diagnostic]]:
    """Parse YAML text into located nodes, reporting syntax errors in Chinese with a hint."""
    unprintable = unprintable_characters(text, display_name)
    if unprintable:
        return None, unprintable
    if "\t" in text:
        offset = text.index("\t")
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        return None, [error("E010", "文件中有制表符（Tab），YAML 只能用空格缩进", Location(display_name, line, column),
                            "把这一行中的 Tab 换成空格（文字中需要空白时也用空格）。")]
    try:
        events = list(yaml.parse(text, Loader=_FAST_LOADER))
    except yaml.YAMLError:
        events = None  # parse again with the Python parser, whose messages syntax_error explains
    if events is None:
        try:
            events = list(yaml.parse(text, Loader=yaml.SafeLoader))
        except yaml.MarkedYAMLError as exc:
            return None, [syntax_error(_syntax_problem(exc), text, display_name)]
        except yaml.YAMLError:
            return None, [error("E011", "YAML 格式错误：文件无法解析", Location(display_name),
                                "检查文件是否完整，缩进、冒号和引号是否成对。")]
    return _Composer(display_name).compose(events)


def _syntax_problem(exc: yaml.MarkedYAMLError) -> SyntaxProblem:
    def place(mark: yaml.Mark | None) -> tuple[int, int] | None:
        return (mark.line + 1, mark.column + 1) if mark is not None else None

    return SyntaxProblem(exc.problem or "", exc.context or "", place(exc.problem_mark), place(exc.context_mark))


class _Composer:
    """Builds located nodes from parser events without recursion, refusing what a report source never needs.

    Built from events rather than by yaml.compose, so that nesting depth is checked before it can
    exhaust the stack, an alias is never followed, a tag is never resolved, and a second document
    is reported where it starts.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[Diagnostic] = []
        self.open: list[_OpenCollection] = []
        self.root: Node | None = None

    def compose(self, events: list[yaml.Event]) -> tuple[Node | None, list[Diagnostic]]:
        documents = 0
        for event in events:
            assert event.start_mark is not None and event.end_mark is not None  # the parser marks every event
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    self.fail("E016", "文件中出现了第二份 YAML 文档（“---”另起了一份内容），一个源文件只能有一份", event,
                              "删除这一行的“---”；如果后面的内容也需要，把它并入上面的各部分。")
                    break
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                self.refuse_tag(event)
                if len(self.open) >= MAX_NESTING:
                    self.fail("E018", f"内容嵌套超过 {MAX_NESTING} 层，报告源文件不会有这么深的层次", event,
                              "检查这里的缩进或成串的括号“[[[”“{{{”，公文的标题最多四级。")
                    return None, self.problems
                flow = bool(event.flow_style)
                self.open.append(_OpenCollection(isinstance(event, yaml.MappingStartEvent), self.location(event), flow,
                                                 event.start_mark.index))
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                closed = self.open.pop()
                span = (closed.start, event.end_mark.index)
                if closed.is_mapping:
                    self.attach(Map(tuple(closed.entries), closed.location, closed.flow, span=span))
                else:
                    self.attach(Seq(tuple(closed.items), closed.location, span, closed.flow))
            elif isinstance(event, yaml.ScalarEvent):
                self.refuse_tag(event)
                scalar = Scalar(event.value, self.location(event), not event.style, event.style or "",
                                (event.start_mark.index, event.end_mark.index), bool(self.open and self.open[-1].flow))
                self.check_characters(scalar)
                self.attach(scalar)
            elif isinstance(event, yaml.AliasEvent):
                self.fail("E013", "不支持 YAML 锚点和别名（& 和 *）", event,
                          "把内容直接写出来；以“*”开头的文字要加英文双引号，如 \"*重点*工作\"。")
                # Stands in for the alias as quoted text, so it is not also reported as an empty value;
                # written where the alias is, so the local page can show it and replace it.
                self.attach(Scalar(f"*{event.anchor}", self.location(event), False, '"',
                                   (event.start_mark.index, event.end_mark.index)))
        if self.root is None and not self.problems:
            self.problems.append(error("E012", "文件是空的", Location(self.name), "参照 content/ 中的示例写出 meta 和 body。"))
        return self.root, self.problems

    def attach(self, node: Node) -> None:
        if not self.open:
            self.root = node
            return
        parent = self.open[-1]
        if not parent.is_mapping:
            parent.items.append(node)
        elif parent.key is None:
            parent.key = node
        else:
            key, parent.key = parent.key, None
            self.add_entry(parent, key, node)

    def add_entry(self, parent: "_OpenCollection", key: Node, value: Node) -> None:
        if not isinstance(key, Scalar):
            self.problems.append(error("E014", "键必须是文字", key.location))
            return
        if key.plain and not key.raw.isascii() and not (parent.flow and _is_missing_value(value, key)):
            # Every key of the source format is an English word: this one is text whose ": " made it a key.
            self.problems.append(error(
                "E009", f"“{key.raw}: ……”被当成了“键: 值”：键只能是英文（如 title、heading），文字中的英文冒号加空格会被当成键的结尾",
                key.location, "如果这是一段文字，把其中的“: ”改成中文冒号“：”，或把整段文字加上英文双引号；"
                              "如果是想写某一项，改用英文键名。"))
        elif parent.flow and key.plain and not key.raw.isascii():
            if "：" in key.raw:
                self.problems.append(error(
                    "E019", f"花括号里的“{key.raw}”用了中文冒号“：”，“键: 值”要用英文冒号", key.location,
                    "把“：”改成英文冒号“:”并在后面加一个空格（可能是把“:”批量替换成了“：”）。"))
            else:
                self.problems.append(error(
                    "E019", f"花括号里的“{key.raw}”被当成了单独的一项（逗号“,”在花括号里分隔各项）", key.location,
                    "文字中的逗号用中文逗号“，”，或把这段文字加上英文双引号（可能是把“，”批量替换成了“,”）。"))
            return
        if key.raw in parent.keys:
            self.problems.append(error("E015", f"键“{key.raw}”重复出现", key.location, "删除或合并重复的一项。"))
            return
        parent.keys.add(key.raw)
        parent.entries.append((key, value))

    def refuse_tag(self, event: yaml.NodeEvent) -> None:
        tag = getattr(event, "tag", None)
        if tag is not None:
            shown = "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag
            self.fail("E017", f"不支持 YAML 标记“{shown}”：源文件中的值只能是文字、列表或“键: 值”", event,
                      "删除这个以“!”开头的标记；如果它是文字的一部分，把整段文字加上英文双引号。")

    def check_characters(self, scalar: Scalar) -> None:
        found = first_unprintable(scalar.raw)
        if found is not None:
            self.problems.append(error(
                "E007", f"文字中有不可打印的字符 {describe_character(found)}（多半来自转义写法，如 \\v、\\x1b、\\ud800）",
                scalar.location, "删除这个转义；需要换行时另起一段。"))

    def location(self, event: yaml.Event) -> Location:
        assert event.start_mark is not None  # the parser marks every event
        return Location(self.name, event.start_mark.line + 1, event.start_mark.column + 1)

    def fail(self, code: str, message: str, event: yaml.Event, hint_text: str) -> None:
        self.problems.append(error(code, message, self.location(event), hint_text))


@dataclass
class _OpenCollection:
    """A mapping or list whose end event has not come yet."""

    is_mapping: bool
    location: Location
    flow: bool
    start: int  # character offset where it begins
    items: list[Node] = field(default_factory=list)
    entries: list[tuple[Scalar, Node]] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)
    key: Node | None = None  # a mapping's key waiting for its value


def _is_missing_value(value: Node, key: Scalar) -> bool:
    """An empty plain value standing where its key ends: the key was written without a colon."""
    return isinstance(value, Scalar) and value.plain and value.raw == "" and value.location.line == key.location.line


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
        for wanted in required:
            if is_null(node.get(wanted)):
                self.fail("E022", f"{what}缺少“{wanted}”（{allowed[wanted]}）", node.location, f"添加一行“{wanted}: …”。")
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
        digits = raw.strip().lstrip("+-")
        if len(digits) > MAX_INTEGER_DIGITS:  # no year, serial or count has more; int() of thousands of digits is refused
            self.fail("E027", f"{what}太大：有 {len(digits)} 位数字，最多 {MAX_INTEGER_DIGITS} 位", node.location)
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
