"""The report as the page shows it: headings, paragraphs and tables with their figures, each tied to its place in the source.

Built from the located YAML tree, so the clerk sees the structure (and where each problem is) even while the
source has errors; what only a loaded report knows (the figure names guessed from context, the heading labels)
is added when it loads.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from ..cjk.figures import BraceFigure, BraceLiteral, BraceProblem, BraceReference, parse_brace
from ..cjk.numerals import heading_label
from ..model import INDICATOR_KIND_KEYS, Document, IndicatorRef
from ..model import Paragraph as SourceParagraph
from ..model import Section as SourceSection
from ..model import Table as SourceTable
from ..resolved import Heading, Resolved
from ..resolved import Paragraph as ResolvedParagraph
from ..yamlsource import Map, Node, Scalar, Seq, is_null
from .edits import braces, read_text, span

Json = dict[str, Any]
KIND_NAMES = {key: kind.value for key, kind in INDICATOR_KIND_KEYS.items()}
KIND_KEYS = {kind: key for key, kind in INDICATOR_KIND_KEYS.items()}
LIST_FIELDS = ("signers", "recipients", "cc", "title_breaks")
TEXT_FIELDS = ("title", "issuer", "issuer_mark", "date", "note", "printer", "print_date", "seal")


@dataclass
class _Known:
    """What the loaded report adds: indicator ids by the place of their brace, names, labels by heading place."""

    refs: dict[tuple[int, int], list[str]] = field(default_factory=dict)
    indicators: dict[str, Json] = field(default_factory=dict)
    labels: dict[tuple[int, int], str] = field(default_factory=dict)


class Lines:
    """Line numbers of character offsets in a text."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)


def outline(text: str, root: Map | None, document: Document | None, resolved: Resolved | None) -> Json:
    """The blocks of the body and attachments, and the 公文 elements as the form shows them."""
    if root is None:
        return {"blocks": [], "meta": {}, "metaLines": {}}
    known = _known(document, resolved)
    lines = Lines(text)
    walker = _Walker(known, lines)
    body = root.get("body")
    if isinstance(body, Seq):
        walker.blocks(body.items, 1, "")
    meta = root.get("meta")
    if isinstance(meta, Map):
        attachments = meta.get("attachments")
        if isinstance(attachments, Seq):
            count = len(attachments.items)  # numbered as the 附件说明 numbers them, named-only ones counted
            for number, item in enumerate(attachments.items, start=1):
                if not isinstance(item, Map):
                    continue
                attached, listed = item.get("body"), item.get("indicators")
                if not isinstance(attached, Seq) and listed is None:
                    continue
                label = "附件" + (str(number) if count > 1 else "")
                title = item.get("title")
                walker.out.append({"type": "attachment", "label": label,
                                   "title": _part(title, walker) if isinstance(title, Scalar) else None,
                                   "list": listed is not None, **_lines_of(item, lines)})
                if isinstance(attached, Seq):
                    walker.blocks(attached.items, 1, f"{label}/")
    return {"blocks": walker.out, "meta": meta_values(meta), "metaLines": _meta_lines(meta, lines)}


def meta_values(meta: Node | None) -> Json:
    """The 公文 elements as written, for the form: texts, lists and the 发文字号's three parts."""
    values: Json = {}
    if not isinstance(meta, Map):
        return values
    for key in TEXT_FIELDS:
        node = meta.get(key)
        values[key] = node.raw if isinstance(node, Scalar) and not is_null(node) else ""
    for key in LIST_FIELDS:
        node = meta.get(key)
        if isinstance(node, Scalar):
            values[key] = [] if is_null(node) else [node.raw]
        elif isinstance(node, Seq):
            values[key] = [item.raw for item in node.items if isinstance(item, Scalar) and not is_null(item)]
        else:
            values[key] = []
    number = meta.get("doc_number")
    parts = {"agency": "", "year": "", "serial": ""}
    if isinstance(number, Map):
        for key in parts:
            node = number.get(key)
            parts[key] = node.raw if isinstance(node, Scalar) and not is_null(node) else ""
    values["doc_number"] = parts
    return values


def _meta_lines(meta: Node | None, lines: Lines) -> Json:
    """Each meta key → the lines its entry covers, so a problem found there shows beside its form field."""
    if not isinstance(meta, Map):
        return {}
    return {key.raw: [lines.line(span(key)[0]), lines.line(max(span(value)[1] - 1, span(key)[0]))]
            for key, value in meta.entries}


def _lines_of(node: Node, lines: Lines) -> Json:
    return {"line": lines.line(span(node)[0]), "lastLine": lines.line(max(span(node)[1] - 1, span(node)[0]))}


def _known(document: Document | None, resolved: Resolved | None) -> _Known:
    known = _Known()
    if document is not None:
        for ref in _refs(document):
            known.refs.setdefault((ref.location.line, ref.location.column), []).append(ref.id)
        displays = {ind.id: ind.display for ind in resolved.indicators} if resolved else {}
        for indicator in document.indicators:
            known.indicators[indicator.id] = {
                "name": indicator.name, "unit": indicator.unit, "kind": KIND_KEYS[indicator.kind],
                "kindName": indicator.kind.value, "display": displays.get(indicator.id, ""),
            }
    if resolved is not None:
        for block in resolved.blocks():
            where = (block.location.line, block.location.column)
            if isinstance(block, Heading):
                known.labels[where] = block.label
            elif isinstance(block, ResolvedParagraph) and block.run_in_level:
                section = resolved.section(block.section)
                if section is not None:
                    known.labels[where] = section.label
    return known


def _refs(document: Document) -> list[IndicatorRef]:
    """Every indicator reference of the report, in the order load read them."""
    found: list[IndicatorRef] = []

    def inlines(items: tuple[Any, ...]) -> None:
        found.extend(item for item in items if isinstance(item, IndicatorRef))

    def blocks(items: tuple[Any, ...]) -> None:
        for block in items:
            if isinstance(block, SourceParagraph):
                inlines(block.inlines)
            elif isinstance(block, SourceSection):
                inlines(block.heading)
                blocks(block.children)
            elif isinstance(block, SourceTable):
                inlines(block.caption)
                for row in block.rows:
                    for cell in row:
                        inlines(cell.inlines)

    blocks(document.body)
    for attachment in document.meta.attachments:
        blocks(attachment.body)
    return found


class _Walker:
    """Turns the body's YAML nodes into the page's blocks, numbering headings where the report did not load."""

    def __init__(self, known: _Known, lines: Lines) -> None:
        self.known = known
        self.lines = lines
        self.out: list[Json] = []
        self.taken: dict[tuple[int, int], int] = {}  # how many refs at a place were used

    def blocks(self, items: tuple[Node, ...], level: int, prefix: str) -> None:
        number = 0
        for node in items:
            if isinstance(node, Scalar):
                self.out.append({"type": "paragraph", "level": level, "part": _part(node, self),
                                 **_lines_of(node, self.lines)})
            elif isinstance(node, Map) and node.get("heading") is not None:
                given = node.get("number")
                if isinstance(given, Scalar) and given.raw.isdigit() and int(given.raw) > 0:
                    number = int(given.raw)
                else:
                    number += 1
                self.section(node, level, number, prefix)
            elif isinstance(node, Map) and isinstance(table := node.get("table"), Map):
                self.out.append(self.table(table, level, node))
            else:
                self.out.append({"type": "unknown", "level": level, **_lines_of(node, self.lines)})

    def section(self, node: Map, level: int, number: int, prefix: str) -> None:
        heading = node.get("heading")
        if not isinstance(heading, Scalar):
            self.out.append({"type": "unknown", "level": level, **_lines_of(node, self.lines)})
            return
        where = (heading.location.line, heading.location.column)
        fallback = heading_label(level, number) if level <= 4 else ""
        label = self.known.labels.get(where, fallback)
        run_in = isinstance(flag := node.get("run_in"), Scalar) and flag.raw.lower() in ("true", "yes", "on", "是")
        body = node.get("body")
        children = body.items if isinstance(body, Seq) else ()
        if run_in and children and isinstance(children[0], Scalar):
            self.out.append({"type": "paragraph", "level": level, "runIn": {"level": level, "label": label,
                             "part": _part(heading, self)}, "part": _part(children[0], self),
                             "line": self.lines.line(span(heading)[0]),
                             "lastLine": self.lines.line(max(span(children[0])[1] - 1, span(heading)[0]))})
            children = children[1:]
        else:
            self.out.append({"type": "heading", "level": level, "label": label, "part": _part(heading, self),
                             **_lines_of(heading, self.lines)})
        self.blocks(children, level + 1, prefix)

    def table(self, spec: Map, level: int, node: Map) -> Json:
        caption = spec.get("caption")
        rows: list[list[Json]] = []
        header = spec.get("header_rows")
        rows_node = spec.get("rows")
        for row in rows_node.items if isinstance(rows_node, Seq) else ():
            cells: list[Json] = []
            for cell in row.items if isinstance(row, Seq) else ():
                text = cell.get("text") if isinstance(cell, Map) else cell
                spans = {key: int(given.raw) for key in ("colspan", "rowspan")
                         if isinstance(cell, Map) and isinstance(given := cell.get(key), Scalar) and given.raw.isdigit()}
                cells.append({"part": _part(text, self) if isinstance(text, Scalar) else None, **spans})
            rows.append(cells)
        return {"type": "table", "level": level, "rows": rows,
                "header": int(header.raw) if isinstance(header, Scalar) and header.raw.isdigit() else 1,
                "caption": _part(caption, self) if isinstance(caption, Scalar) and not is_null(caption) else None,
                **_lines_of(node, self.lines)}

    def ref_id(self, line: int, column: int) -> str | None:
        ids = self.known.refs.get((line, column), [])
        used = self.taken.get((line, column), 0)
        self.taken[(line, column)] = used + 1
        return ids[used] if used < len(ids) else None


def _part(node: Scalar, walker: _Walker) -> Json:
    """One editable value: its place in the source and its pieces (text, figures, literals)."""
    text = read_text(node) if not is_null(node) else ""
    pieces: list[Json] = []
    position = 0
    for brace in braces(text):
        if brace.start > position:
            pieces.append({"t": "text", "s": _unescape(text[position:brace.start])})
        pieces.append(_piece(node, brace.index, brace.start, brace.content, walker))
        position = brace.end
    if position < len(text):
        pieces.append({"t": "text", "s": _unescape(text[position:])})
    return {"node": span(node)[0], "text": text, "pieces": pieces, "line": node.location.line}


def _unescape(text: str) -> str:
    return text.replace("{{", "{").replace("}}", "}")


def _piece(node: Scalar, index: int, start: int, content: str, walker: _Walker) -> Json:
    place = node.column_of(start)
    base: Json = {"b": index, "line": place.line, "raw": content}
    brace = parse_brace(content)
    if isinstance(brace, BraceLiteral):
        return {"t": "literal", "s": brace.text, **base}
    if isinstance(brace, BraceProblem):
        return {"t": "bad", "s": content, "message": brace.message, **base}
    ident = walker.ref_id(place.line, place.column)
    info = walker.known.indicators.get(ident or "", {})
    if isinstance(brace, BraceReference):
        return {"t": "figure", "declared": True, "id": brace.id, "s": info.get("display") or "{" + brace.id + "}",
                "name": info.get("name", ""), "unit": info.get("unit", ""), "kind": info.get("kind", ""),
                "kindName": info.get("kindName", ""), "named": True, **base}
    assert isinstance(brace, BraceFigure)
    figure = brace.figure
    return {"t": "figure", "declared": False, "id": ident or brace.id, "s": brace.written,
            "name": info.get("name", brace.name), "unit": figure.unit, "kind": figure.kind,
            "kindName": KIND_NAMES[figure.kind], "named": bool(brace.name), **base}
