"""A report source as lint reads it: the exact text, the located YAML tree, and the prose the loader reads for figures."""

from __future__ import annotations

import bisect
import codecs
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..cjk.figures import BraceFigure, BraceLiteral, parse_brace
from ..cjk.numerals import typed_label
from ..errors import Diagnostic, Location, error, relative_name
from ..load import TYPED_PART, load_document
from ..model import Document
from ..yamlsource import Map, Node, Scalar, Seq, SourceRefused, is_null, parse_yaml, read_source_bytes
from .scalars import Place, value_places

_BRACE = re.compile(r"\{\{|\}\}|[{}]")  # as the loader reads braces: an escaped one first, then a lone one
_JOINED_BREAK = re.compile(r"[ \t]*\n[ \t]*")  # a literal block's line breaks, which the loader removes


@dataclass(frozen=True)
class Chunk:
    """Prose outside braces, as the loader checks it for loose digits and ASCII marks ({{ read as {)."""

    text: str
    at: tuple[int, ...]  # for each character, its index in the prose text


@dataclass(frozen=True)
class BraceText:
    """What stands between { and } in prose."""

    content: str
    start: int  # index of the content's first character in the prose text


@dataclass
class Prose:
    """A scalar of printed text the loader reads for figures: a paragraph, a heading, a table cell or caption."""

    scalar: Scalar
    kind: str  # paragraph, heading, cell, caption
    text: str  # as the loader reads it: block scalars trimmed (and | joined), a typed heading label skipped
    value_at: tuple[int, ...]  # for each character of `text`, its index in the scalar's value
    places: list[Place] | None  # for each value character, where the file writes it; None: cannot be mapped

    @cached_property
    def parts(self) -> tuple[list[Chunk], list[BraceText]]:
        """The chunks outside braces and the brace contents, split exactly as the loader splits them."""
        chunks: list[Chunk] = []
        braces: list[BraceText] = []
        chars: list[str] = []
        at: list[int] = []

        def flush() -> None:
            if chars:
                chunks.append(Chunk("".join(chars), tuple(at)))
                chars.clear()
                at.clear()

        def gather(begin: int, piece: str) -> None:
            chars.extend(piece)
            at.extend(range(begin, begin + len(piece)))

        text, position = self.text, 0
        while brace := _BRACE.search(text, position):
            begin = brace.start()
            if begin > position:
                gather(position, text[position:begin])
            token = brace.group()
            if token in ("{{", "}}"):
                chars.append(token[0])
                at.append(begin)
                position = begin + 2
            elif token == "}":
                position = begin + 1
            else:
                close = text.find("}", begin + 1)
                if close < 0:
                    position = len(text)
                    break
                flush()
                braces.append(BraceText(text[begin + 1:close], begin + 1))
                position = close + 1
        if position < len(text):
            gather(position, text[position:])
        flush()
        return chunks, braces

    @cached_property
    def printed(self) -> str:
        """The text as the report prints it, figures and literals written out (a reference prints as nothing)."""
        pieces: list[str] = []
        position = 0
        chunks, braces = self.parts
        for brace in braces:
            pieces.append(self.text[position:brace.start - 1].replace("{{", "{").replace("}}", "}"))
            match parse_brace(brace.content):
                case BraceFigure(written=written):
                    pieces.append(written)
                case BraceLiteral(text=literal):
                    pieces.append(literal)
            position = brace.start + len(brace.content) + 1
        pieces.append(self.text[position:].replace("{{", "{").replace("}}", "}"))
        return "".join(pieces)


@dataclass
class Paragraph:
    """A body paragraph in the outline; `level` is that of the section it stands in (0: the top of the body)."""

    prose: Prose
    level: int


@dataclass
class Section:
    """A heading in the outline, with the `number:` the clerk may give it and what stands under it."""

    heading: Prose
    level: int
    number: Scalar | None
    children: list["Paragraph | Section"] = field(default_factory=list)

    @property
    def given_number(self) -> int | None:
        """The `number:` the clerk gave, when it is one check accepts (1 to 99)."""
        raw = self.number.raw.strip() if self.number is not None else ""
        return int(raw) if re.fullmatch(r"[1-9]\d?", raw) else None

    def text(self) -> str:
        """The heading and everything under it, as printed."""
        return self.heading.printed + "".join(
            child.prose.printed if isinstance(child, Paragraph) else child.text() for child in self.children)


Outline = list[Paragraph | Section]


@dataclass
class LintSource:
    """One source file read for lint: its text exactly as stored, its YAML tree with places, and its prose."""

    path: Path
    name: str
    text: str
    bom: bool
    root: Node | None
    problems: list[Diagnostic]

    @classmethod
    def read(cls, path: Path, text: str | None = None) -> "LintSource":
        """Read `path` (or take its new `text`); a file that cannot be read or parsed has no tree and says why."""
        name = relative_name(path)
        bom = False
        if text is None:
            try:
                data = read_source_bytes(path)  # a regular file of sensible size, as check reads it
            except SourceRefused as refused:
                return cls(path, name, "", False, None, [error(refused.code, refused.message, Location(name),
                                                                refused.hint)])
            bom = data.startswith(codecs.BOM_UTF8)
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                line = data[:exc.start].count(b"\n") + 1
                return cls(path, name, "", bom, None, [error("E002", "文件不是 UTF-8 编码", Location(name, line),
                                                              "请在编辑器中把文件另存为 UTF-8 编码。")])
        root, problems = parse_yaml(text, name)
        return cls(path, name, text, bom, root, problems)

    def with_text(self, text: str) -> "LintSource":
        """The same file with new text (after edits), read again; its byte-order mark kept."""
        changed = LintSource.read(self.path, text)
        changed.bom = self.bom
        return changed

    def encoded(self, text: str) -> bytes:
        """`text` as the file stores it: UTF-8, with the byte-order mark the file had."""
        return (codecs.BOM_UTF8 if self.bom else b"") + text.encode("utf-8")

    @cached_property
    def _line_starts(self) -> list[int]:
        return [0] + [match.end() for match in re.finditer(r"\r\n|\r|\n", self.text)]

    def location(self, index: int) -> Location:
        """file:line:column of the character at `index` of the text."""
        line = bisect.bisect_right(self._line_starts, index)
        return Location(self.name, line, index - self._line_starts[line - 1] + 1)

    def where(self, prose: Prose, index: int) -> Location:
        """Where the character at `index` of a prose text is written (the scalar's start when it is not written as such)."""
        if prose.places is not None and index < len(prose.value_at):
            place = prose.places[prose.value_at[index]]
            if place is not None:
                return self.location(place[0])
        return prose.scalar.location

    @cached_property
    def nodes(self) -> list[Node]:
        """Every node of the tree in document order."""
        return flatten(self.root) if self.root is not None else []

    @cached_property
    def values_by_start(self) -> dict[int, str]:
        """Each scalar's value by the offset where the scalar starts."""
        return {node.span[0]: node.raw for node in self.nodes if isinstance(node, Scalar) and node.span}

    @cached_property
    def top(self) -> Map | None:
        return self.root if isinstance(self.root, Map) else None

    @cached_property
    def meta(self) -> Map | None:
        meta = self.top.get("meta") if self.top else None
        return meta if isinstance(meta, Map) else None

    @cached_property
    def document(self) -> Document | None:
        """The loaded document, or None when check refuses the source."""
        document, _ = load_document(self.path)
        return document

    @cached_property
    def _read(self) -> tuple[list[Prose], Outline, list[Outline]]:
        prose: list[Prose] = []
        body = _Walker(self.text, prose).blocks(self.top.get("body") if self.top else None, 1)
        attachments = []
        items = self.meta.get("attachments") if self.meta else None
        for item in items.items if isinstance(items, Seq) else ():
            if isinstance(item, Map):
                attachments.append(_Walker(self.text, prose).blocks(item.get("body"), 1))
        return prose, body, attachments

    @property
    def prose(self) -> list[Prose]:
        """Every prose scalar of the body and of the attachments, in file order."""
        return sorted(self._read[0], key=lambda p: p.scalar.span or (0, 0))

    @property
    def outline(self) -> Outline:
        """The body's headings and paragraphs (tables left out)."""
        return self._read[1]

    @property
    def attachment_outlines(self) -> list[Outline]:
        return self._read[2]


def _typed_end(heading: str) -> int:
    """Where a heading's text begins after a label the clerk typed (一、 （一） 第一部分), as the loader reads it."""
    label = typed_label(heading)
    part = TYPED_PART.match(heading)
    return label.end if label else part.end() if part else 0


class _Walker:
    """Walks body blocks as the loader does, collecting prose scalars and the heading outline."""

    def __init__(self, text: str, prose: list[Prose]) -> None:
        self.text = text
        self.found = prose

    def prose(self, scalar: Scalar, kind: str) -> Prose:
        raw, at = scalar.raw, list(range(len(scalar.raw)))
        typed_end = _typed_end(raw) if kind == "heading" else 0
        if typed_end:  # the loader reads a heading on after its typed label, as a plain line
            raw, at = raw[typed_end:], at[typed_end:]
        elif scalar.style in ("|", ">"):
            begin = len(raw) - len(raw.lstrip())
            raw, at = raw.strip(), at[begin:begin + len(raw.strip())]
            if scalar.style == "|":
                removed = {i for match in _JOINED_BREAK.finditer(raw) for i in range(match.start(), match.end())}
                kept = [i for i in range(len(raw)) if i not in removed]
                raw, at = "".join(raw[i] for i in kept), [at[i] for i in kept]
        found = Prose(scalar, kind, raw, tuple(at), value_places(self.text, scalar))
        self.found.append(found)
        return found

    def blocks(self, node: Node | None, level: int) -> Outline:
        outline: Outline = []
        for item in node.items if isinstance(node, Seq) else ():
            if isinstance(item, Scalar) and not is_null(item):
                outline.append(Paragraph(self.prose(item, "paragraph"), level - 1))
            elif isinstance(item, Map) and item.get("table") is not None:
                self.table(item.get("table"))
            elif isinstance(item, Map):
                heading = item.get("heading")
                if not isinstance(heading, Scalar) or is_null(heading):
                    continue
                number = item.get("number")
                section = Section(self.prose(heading, "heading"), level,
                                  number if isinstance(number, Scalar) and not is_null(number) else None)
                section.children = self.blocks(item.get("body"), level + 1)
                outline.append(section)
        return outline

    def table(self, node: Node | None) -> None:
        if not isinstance(node, Map):
            return
        caption = node.get("caption")
        if isinstance(caption, Scalar) and not is_null(caption):
            self.prose(caption, "caption")
        rows = node.get("rows")
        for row in rows.items if isinstance(rows, Seq) else ():
            for cell in row.items if isinstance(row, Seq) else ():
                text = cell.get("text") if isinstance(cell, Map) else cell
                if isinstance(text, Scalar) and not is_null(text):
                    self.prose(text, "cell")



def flatten(node: Node) -> list[Node]:
    """Every node under `node`, itself first, in document order (a mapping's keys before their values)."""
    out: list[Node] = []
    stack = [node]
    while stack:
        current = stack.pop()
        out.append(current)
        if isinstance(current, Seq):
            stack.extend(reversed(current.items))
        elif isinstance(current, Map):
            for key, value in reversed(current.entries):
                stack.extend((value, key))
    return out
