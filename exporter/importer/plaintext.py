"""Plain text: one paragraph a line, with lines wrapped by a copy from PDF or a web page joined again."""

from __future__ import annotations

from .labels import heading_label
from .tree import RawBlock, RawParagraph

_SENTENCE_END = "。！？；：…"
_WRAPPED_MIN = 20  # a wrapped line fills the width it was copied at; shorter lines end where the writer ended them
_EDGE_SPACE = " \t\u3000\r"


def read_plain_text(text: str) -> list[RawBlock]:
    """The paragraphs of a text file, each with the line it starts on."""
    blocks: list[RawBlock] = []
    pending: list[str] = []
    start = 0
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip(_EDGE_SPACE)
        if pending and stripped and _continues("".join(pending), stripped):
            pending.append(stripped)
            continue
        if pending:
            blocks.append(RawParagraph("".join(pending), start))
        pending, start = ([stripped], number) if stripped else ([], 0)
    if pending:
        blocks.append(RawParagraph("".join(pending), start))
    return blocks


def _continues(previous: str, line: str) -> bool:
    """True when `line` carries on a paragraph that a narrow copy wrapped."""
    if len(previous) < _WRAPPED_MIN or previous[-1] in _SENTENCE_END or previous.endswith(("。”", "！”", "？”")):
        return False
    if heading_label(line) is not None:
        return False
    label = heading_label(previous)
    return label is None or "。" in previous  # a stand-alone heading line is never continued
