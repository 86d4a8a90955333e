"""Render an imported source back to the plain text a reader sees: labels re-added, braces removed and checked."""

from __future__ import annotations

import re

from exporter.cjk.figures import BraceFigure, BraceLiteral, BraceProblem, BraceReference, find_figures, parse_brace
from exporter.cjk.numerals import heading_label
from exporter.yamlsource import Map, Node, Scalar, Seq, parse_yaml

_BRACE = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")


def parse_source(text: str) -> Map:
    """The emitted source as located YAML nodes; it must parse without a problem."""
    root, problems = parse_yaml(text, "imported.yaml")
    assert not problems, [str(p) for p in problems]
    assert isinstance(root, Map)
    return root


def braces(text: str) -> list[BraceFigure | BraceLiteral]:
    """Every brace of a text, read by parse_brace; an import writes no references and no unreadable braces."""
    found: list[BraceFigure | BraceLiteral] = []
    for match in _BRACE.finditer(text):
        if match.group(1) is None:
            continue
        brace = parse_brace(match.group(1))
        assert not isinstance(brace, (BraceProblem, BraceReference)), (match.group(), brace)
        found.append(brace)
    return found


def plain(text: str) -> str:
    """Text as printed: figures and literals as written, {{ and }} as single braces.

    Digits left outside braces must be years, dates or festival names, which need none.
    """
    outside: list[str] = []

    def replace(match: re.Match[str]) -> str:
        if match.group(1) is None:
            outside.append(" ")
            return match.group()[0]
        outside.append(" ")
        brace = parse_brace(match.group(1))
        assert isinstance(brace, (BraceFigure, BraceLiteral)), (match.group(), brace)
        return brace.written if isinstance(brace, BraceFigure) else brace.text

    printed = _BRACE.sub(replace, text)
    bare = _BRACE.sub(" ", text)
    loose = [span.text for span in find_figures(bare) if span.needs_braces]
    assert not loose, f"digits outside braces: {loose} in {text}"
    return printed


def render(source_text: str) -> list[str]:
    """The body as lines: headings with generated labels (numbering rules of source v2), run-in text on the heading line."""
    root = parse_source(source_text)
    meta = root.get("meta")
    continuous = False
    if isinstance(meta, Map) and isinstance(numbering := meta.get("numbering"), Map):
        level3 = numbering.get("level3")
        continuous = isinstance(level3, Scalar) and level3.raw == "continuous"
    lines: list[str] = []
    shared = {3: 0}

    def walk(node: Node | None, level: int) -> None:
        count = 0
        assert isinstance(node, Seq)
        for item in node.items:
            if isinstance(item, Scalar):
                lines.append(plain(item.raw))
                continue
            assert isinstance(item, Map)
            if (table := item.get("table")) is not None:
                lines.extend(_table_lines(table))
                continue
            heading = item.get("heading")
            assert isinstance(heading, Scalar)
            number_node = item.get("number")
            uses_shared = continuous and level == 3
            number = int(number_node.raw) if isinstance(number_node, Scalar) else (shared[3] if uses_shared else count) + 1
            count = number
            if uses_shared:
                shared[3] = number
            label = heading_label(level, number)
            run_in = isinstance(run := item.get("run_in"), Scalar) and run.raw == "true"
            body = item.get("body")
            if run_in:
                assert isinstance(body, Seq) and isinstance(body.items[0], Scalar)
                lines.append(label + plain(heading.raw) + plain(body.items[0].raw))
                walk(Seq(body.items[1:], body.location), level + 1)
            else:
                lines.append(label + plain(heading.raw))
                if body is not None:
                    walk(body, level + 1)

    walk(root.get("body"), 1)
    return lines


def _table_lines(table: Node) -> list[str]:
    assert isinstance(table, Map)
    lines = []
    caption = table.get("caption")
    if isinstance(caption, Scalar):
        lines.append(plain(caption.raw))
    rows = table.get("rows")
    assert isinstance(rows, Seq)
    for row in rows.items:
        assert isinstance(row, Seq)
        cells = []
        for cell in row.items:
            text = cell.get("text") if isinstance(cell, Map) else cell
            assert isinstance(text, Scalar)
            cells.append(plain(text.raw))
        lines.append("|".join(cells))
    return lines


def body_texts(source_text: str) -> list[str]:
    """Every prose scalar under `body`: paragraphs, headings, captions and table cells."""
    texts: list[str] = []

    def walk(node: Node | None) -> None:
        if isinstance(node, Scalar):
            texts.append(node.raw)
        elif isinstance(node, Seq):
            for item in node.items:
                walk(item)
        elif isinstance(node, Map):
            for key, value in node.entries:
                if key.raw in ("heading", "body", "table", "caption", "rows", "text"):
                    walk(value)

    walk(parse_source(source_text).get("body"))
    return texts


def figures(source_text: str) -> list[BraceFigure]:
    """The figures an imported source defines inline, in order."""
    return [b for text in body_texts(source_text) for b in braces(text) if isinstance(b, BraceFigure)]
