"""Markdown: "#" headings, paragraphs separated by blank lines, pipe tables; inline marks dropped."""

from __future__ import annotations

import re

from .tree import RawBlock, RawCell, RawParagraph, RawTable

_HEADING = re.compile(r"\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*")
_SEPARATOR = re.compile(r"\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*")
_BULLET = re.compile(r"\s*[-*+]\s+")
_RULE = re.compile(r"\s*([-*_])(?:\s*\1){2,}\s*")
_FENCE = re.compile(r"\s*(```|~~~)")
_INLINE = (
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links keep their text
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),  # bold
    (re.compile(r"`([^`]*)`"), r"\1"),  # code
    (re.compile(r"<!--.*?-->"), ""),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])"), r"\1"),  # backslash escapes
)


def read_markdown(text: str) -> list[RawBlock]:
    """The paragraphs, headings and tables of a Markdown file, in order."""
    lines = text.splitlines()
    blocks: list[RawBlock] = []
    paragraph: list[str] = []
    start = 0
    title_taken = False
    index = _after_front_matter(lines)

    def flush() -> None:
        if paragraph:
            blocks.append(RawParagraph(_join(paragraph), start))
            paragraph.clear()

    while index < len(lines):
        line, number = lines[index], index + 1
        if _FENCE.match(line):  # code is not report text
            flush()
            index += 1
            while index < len(lines) and not _FENCE.match(lines[index]):
                index += 1
        elif not line.strip() or _RULE.fullmatch(line):
            flush()
        elif heading := _HEADING.fullmatch(line):
            flush()
            level, words = len(heading[1]), _inline(heading[2])
            is_title = level == 1 and not title_taken and not blocks
            title_taken = title_taken or is_title
            blocks.append(RawParagraph(words, number, None if is_title else max(1, level - int(title_taken)), is_title))
        elif "|" in line and index + 1 < len(lines) and _SEPARATOR.fullmatch(lines[index + 1]):
            flush()
            separator, rows = lines[index + 1], [line]
            index += 2
            while index < len(lines) and "|" in lines[index] and lines[index].strip():
                rows.append(lines[index])
                index += 1
            blocks.append(_table(rows, separator, number))
            continue
        else:
            content = re.sub(r"^\s*>\s?", "", line)
            if bullet := _BULLET.match(content):
                flush()
                content = content[bullet.end():]
            if not paragraph:
                start = number
            paragraph.append(_inline(content.strip()))
        index += 1
    flush()
    return blocks


def _after_front_matter(lines: list[str]) -> int:
    """Skip a YAML front matter block (--- … ---) at the top."""
    if lines and lines[0].strip() == "---":
        for index in range(1, len(lines)):
            if lines[index].strip() in ("---", "..."):
                return index + 1
    return 0


def _inline(text: str) -> str:
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return text.strip()


def _join(lines: list[str]) -> str:
    """Soft-wrapped lines of one paragraph: Chinese joins without a space, Latin words with one."""
    text = lines[0]
    for line in lines[1:]:
        text += (" " if text[-1:].isascii() and line[:1].isascii() else "") + line
    return text


def _cells(line: str) -> list[str]:
    line = line.strip()
    line = line[1:] if line.startswith("|") else line
    line = line[:-1] if line.endswith("|") and not line.endswith("\\|") else line
    return [_inline(cell.strip()) for cell in re.split(r"(?<!\\)\|", line)]


def _alignment(spec: str) -> str:
    spec = spec.strip()
    if spec.startswith(":") and spec.endswith(":"):
        return "center"
    if spec.endswith(":"):
        return "right"
    return "left" if spec.startswith(":") else ""


def _table(lines: list[str], separator: str, number: int) -> RawTable:
    header = _cells(lines[0])
    width = len(header)
    aligns = [_alignment(spec) for spec in _cells(separator)][:width]
    rows = [header] + [_cells(line) for line in lines[1:]]
    rows = [(row + [""] * width)[:width] for row in rows]
    columns = tuple(a or "left" for a in aligns) if any(aligns) else ()
    return RawTable(tuple(tuple(RawCell(text) for text in row) for row in rows), number, 1, columns)
