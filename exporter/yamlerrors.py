"""YAML mistakes explained in Chinese: what is wrong, at which line and column, and what to write instead."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import Diagnostic, Location, error

GENERIC_HINT = "检查这一行及上一行：缩进是否对齐、“键: 值”的冒号后是否有空格、引号是否成对；以 { [ * & ! % @ ` 开头的文字要加英文双引号。"
QUOTE_HINT = "把整段文字加上英文双引号，如 - \"……\"；文字中要印出的引号用中文引号“”。"

# Characters that print as nothing, break XML or move YAML's line count away from the editor's:
# C0 and C1 controls (tab, line feed and carriage return aside), DEL, the Unicode line and paragraph
# separators, lone surrogates (only an escape like "\ud800" makes one) and the noncharacters U+FFFE/U+FFFF.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_CHARACTER_NAMES = {
    0x00: "空字符 NUL", 0x07: "响铃符", 0x08: "退格符", 0x0B: "垂直制表符", 0x0C: "换页符", 0x1B: "转义符 ESC",
    0x7F: "删除符 DEL", 0x85: "下一行符 NEL", 0x2028: "行分隔符", 0x2029: "段分隔符", 0xFFFE: "非字符", 0xFFFF: "非字符",
}
_MAX_REPORTED = 5  # a binary file would otherwise give thousands of lines

# "key:value" — a key of the source format directly followed by its value, without the space YAML needs.
_KEY_WITHOUT_SPACE = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_]*):(?=[\w\"'（“])")
_INDICATOR_CHARACTER = re.compile(r"found character '(.+)' that cannot start any token")


@dataclass(frozen=True)
class SyntaxProblem:
    """What the YAML parser reported, as plain values: its words and its places (line, column from 1)."""

    problem: str
    context: str
    problem_at: tuple[int, int] | None
    context_at: tuple[int, int] | None


def describe_character(char: str) -> str:
    """U+000B（垂直制表符）."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        name = "不成对的代理码位"
    else:
        name = _CHARACTER_NAMES.get(code, "控制字符")
    return f"U+{code:04X}（{name}）"


def first_unprintable(text: str) -> str | None:
    """The first character of `text` that cannot be printed or stored, if any."""
    found = _UNPRINTABLE.search(text)
    return found.group() if found else None


def unprintable_characters(text: str, name: str) -> list[Diagnostic]:
    """A located error for each unprintable character in the file (the first few)."""
    problems = []
    for found in _UNPRINTABLE.finditer(text):
        offset = found.start()
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        problems.append(error("E006", f"文件中有不可打印的字符 {describe_character(found.group())}", Location(name, line, column),
                              "删除这个字符（多半是从其他软件复制来的；编辑器的“显示不可见字符”能看到它）。"))
        if len(problems) == _MAX_REPORTED:
            break
    return problems


def syntax_error(problem: SyntaxProblem, text: str, name: str) -> Diagnostic:
    """The parser's complaint turned into a Chinese sentence, its place, and a fix."""
    lines = text.splitlines()
    message, hint, place = _explain(problem, lines)
    where = Location(name, *place) if place else Location(name)
    return error("E011", f"YAML 格式错误：{message}", where, hint)


def _explain(p: SyntaxProblem, lines: list[str]) -> tuple[str, str, tuple[int, int] | None]:
    at = p.problem_at or p.context_at
    problem, context = p.problem, p.context

    missing_space = _key_without_space(p, lines)
    if missing_space and (problem.startswith(("mapping values are not allowed", "could not find expected ':'",
                                              "expected <block end>"))):
        line, column, written = missing_space
        return (f"冒号后面缺少空格：“{written}”", f"在英文冒号后加一个空格，写成“{written.replace(':', ': ', 1)}”。",
                (line, column))

    character = _INDICATOR_CHARACTER.match(problem)
    if character:
        char = character.group(1)
        if char == "%":
            return "“%”不能直接写在值的开头", "把值加上英文双引号，如 unit: \"%\"。", at
        return f"“{char}”不能写在一段文字的开头", QUOTE_HINT, at

    if context in ("while scanning an alias", "while scanning an anchor"):
        mark = "*" if "alias" in context else "&"
        return (f"以“{mark}”开头的文字在 YAML 中有特殊含义（{'别名' if mark == '*' else '锚点'}）",
                f"把整段文字加上英文双引号，如 - \"{mark}重点工作\"。", p.context_at or at)
    if context == "while scanning a tag" or context == "while parsing a node" and "tag" in problem:
        return "以“!”开头的文字在 YAML 中有特殊含义（标记）", QUOTE_HINT, p.context_at or at
    if context == "while scanning a quoted scalar":
        return ("引号没有配对：这里开始的引号直到文件末尾都没有结束",
                "在这段文字末尾补上同样的英文引号（\" 或 '）；文字中要印出的引号用中文引号“”。", p.context_at or at)
    if context == "while scanning a double-quoted scalar":
        return ("双引号中的反斜杠“\\”后面是无效的转义",
                "反斜杠本身要写成两个（\\\\），或改用单引号把这段文字括起来。", at)
    if context == "while scanning a block scalar":
        return ("“|”或“>”写在值的开头表示多行文字，后面不能紧跟文字", QUOTE_HINT, p.context_at or at)

    if problem.startswith("expected <block end>"):
        return _unfinished_line(p, lines)
    if problem.startswith("mapping values are not allowed"):
        if at and _indented_past_previous(lines, at[0]):
            return ("缩进不对：这一行比上一行多了空格，被当成了上一行文字的延续",
                    "让同一级的各行以同样多的空格开头。", (at[0], _indent(lines[at[0] - 1]) + 1))
        return ("这里不能出现冒号：文字中的英文冒号加空格“: ”被当成了新的“键: 值”",
                "把文字中的冒号改成中文冒号“：”，或把整段文字加上英文双引号。", at)
    if problem.startswith("could not find expected ':'"):
        return ("缺少冒号：这一行像是“键: 值”却没有冒号，或一段文字被分成了几行",
                "“键: 值”用英文冒号并在冒号后加空格；文字跨行时把整段文字加上英文双引号。", p.context_at or at)
    if problem.startswith("sequence entries are not allowed"):
        return ("“- ”不能写在这里：列表的每一项要单独起一行",
                "把“- …”移到下一行并多缩进两个空格；如果“-”是文字的一部分，把整段文字加上英文双引号。", at)
    if context in ("while parsing a flow mapping", "while parsing a flow sequence"):
        return _flow_collection(p, lines)
    if context == "while scanning a plain scalar" and "':'" in problem:
        return ("花括号或方括号里的文字不能含英文冒号", "把文字中的冒号改成中文冒号“：”，或把这段文字加上英文双引号。", at)
    if problem.startswith("expected '<document start>'"):
        directive = next((i + 1 for i, line in enumerate(lines) if line.startswith("%")), None)
        if directive:
            return "行首的“%”在 YAML 中表示指令", "删除这一行，或把这段文字加上英文双引号并缩进到它所属的位置。", (directive, 1)
        return "文件的写法无法识别：最外层应当是“meta:”“body:”等各部分", GENERIC_HINT, at
    if problem.startswith("expected the node content"):
        return "这里缺少内容", GENERIC_HINT, at
    if problem.startswith("found unexpected end of stream"):
        return "文件意外结束（括号或引号没有配对？）", GENERIC_HINT, p.context_at or at
    return "这里的写法无法识别", GENERIC_HINT, at


def _key_without_space(p: SyntaxProblem, lines: list[str]) -> tuple[int, int, str] | None:
    """A "key:value" line at or just above the problem: the first line of a value that ran on."""
    if not p.problem_at:
        return None
    last = p.problem_at[0]
    first = min(p.context_at[0] if p.context_at else last, last - 1)
    for number in range(last, max(first, 1) - 1, -1):
        line = lines[number - 1] if number - 1 < len(lines) else ""
        match = _KEY_WITHOUT_SPACE.match(line)
        if match:
            written = line[len(match.group(1)):].strip()
            return number, match.end() + 1, written
    return None


def _unfinished_line(p: SyntaxProblem, lines: list[str]) -> tuple[str, str, tuple[int, int] | None]:
    """"expected <block end>": the line's value ended early, or the next line is indented wrongly."""
    at = p.problem_at
    if at and "'<scalar>'" in p.problem and at[0] <= len(lines):
        line = lines[at[0] - 1]
        value_start = _value_start(line)
        if value_start is not None and line[value_start] in "{[":
            opening = line[value_start]
            closing = "}" if opening == "{" else "]"
            return (f"以“{opening}”开头的文字要放在英文双引号里，否则“{opening}…{closing}”会被当成一组值",
                    f"把整段文字加上英文双引号，写成 {_quoted(line, value_start)}", (at[0], value_start + 1))
        before = line[: at[1] - 1].rstrip()
        if before.endswith(('"', "'")):
            return ("引号在这一行中间就结束了，后面还有文字",
                    "把整段文字放在一对英文引号里；文字中要印出的引号用中文引号“”。", at)
    if at:
        return ("缩进不对：这一行与上面同一级的行没有对齐",
                "同一级的各行以同样多的空格开头，下一级多缩进两个空格（不要用 Tab）。", (at[0], at[1]))
    return "缩进不对", GENERIC_HINT, p.context_at


def _quoted(line: str, value_start: int) -> str:
    """The line as it should be written: its value in double quotes (shortened when long)."""
    value = line[value_start:].rstrip()
    shown = value if len(value) <= 16 else value[:14] + "……"
    shown = shown.replace('"', "“")
    return f'{line[:value_start].strip()} "{shown}"'.strip()


def _flow_collection(p: SyntaxProblem, lines: list[str]) -> tuple[str, str, tuple[int, int] | None]:
    """A { } or [ ] written on one line that does not parse."""
    opening, closing = ("{", "}") if "mapping" in p.context else ("[", "]")
    start, end = p.context_at, p.problem_at
    span = _text_between(lines, start, end)
    if "，" in span:
        return (f"{opening}{closing} 里的各项要用英文逗号“,”分开，这里用了中文逗号“，”",
                "把分隔各项的“，”改回“,”（可能是把“,”批量替换成了“，”）；项中的文字可以保留“，”，但要加英文双引号。", end)
    if "：" in span:
        return (f"{opening}{closing} 里的“键: 值”要用英文冒号，这里用了中文冒号“：”",
                "把“键：值”中的“：”改成英文冒号并在后面加空格。", end)
    if start and end and end[0] > start[0]:
        return (f"这里开始的“{opening}”没有配对的“{closing}”", f"在这一项的末尾补上“{closing}”。", start)
    return (f"{opening}{closing} 里的写法有误",
            f"格式是 {opening}键: 值, 键: 值{closing}：逗号、冒号用英文，冒号后加空格；含逗号或冒号的文字加英文双引号。", end)


def _text_between(lines: list[str], start: tuple[int, int] | None, end: tuple[int, int] | None) -> str:
    if not start or not end:
        return ""
    chosen = lines[start[0] - 1: end[0]]
    if not chosen:
        return ""
    chosen[-1] = chosen[-1][: end[1]] if len(chosen) > 1 else chosen[-1][start[1] - 1: end[1]]
    return "\n".join(chosen)


def _value_start(line: str) -> int | None:
    """Where the value of a "- value" or "key: value" line begins."""
    match = re.match(r"\s*(?:-\s+)*(?:[A-Za-z_][A-Za-z0-9_]*:\s+)?", line)
    end = match.end() if match else 0
    return end if end < len(line) else None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _indented_past_previous(lines: list[str], number: int) -> bool:
    """The line is indented further than the last non-blank line above it, which holds a complete "key: value"."""
    if number < 2 or number > len(lines):
        return False
    previous = next((lines[i] for i in range(number - 2, -1, -1) if lines[i].strip()), "")
    return (_indent(lines[number - 1]) > _indent(previous) and re.search(r":\s+\S", previous) is not None
            and not previous.rstrip().endswith(":"))
