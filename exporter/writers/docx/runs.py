"""Paragraphs and their runs as WordprocessingML text, parsed by lxml a paragraph at a time: styles, the East Asian face of marks, escaping."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Sequence

from lxml import etree

from ...cjk.scripts import SHARED_WITH_LATIN
from .measure import is_full_width
from .oxml import EAST_ASIAN_AMBIGUOUS, W_NAMESPACE, EastAsianFaces, Element

# One parse makes a paragraph's elements in C; made one by one from Python they cost some four times as much.
# The text is the paragraph's alone (no DTD, no entity but the five XML ones), so lxml's default parser,
# one per thread, reads it.
_W = f'xmlns:w="{W_NAMESPACE}"'
_SHARED_MARKS = re.compile("[" + re.escape("".join(sorted(SHARED_WITH_LATIN))) + "]+")
_TEXT_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
_ATTRIBUTE_ESCAPES = {**_TEXT_ESCAPES, '"': "&quot;", "\t": "&#9;", "\n": "&#10;"}
_TEXT_SPECIAL = re.compile("[&<>\r]")
_ATTRIBUTE_SPECIAL = re.compile('[&<>\r"\t\n]')
# `<w:rFonts w:hint="eastAsia"/>` on a run holding “”‘’—…, so Word draws them full width.
_EAST_ASIAN_HINT = '<w:rFonts w:hint="eastAsia"/>'

Text = tuple[str, str | None]  # a run's text and its character style id (None: the paragraph style's look)


def paragraph_element(style_id: str | None, switches: Sequence[tuple[str, bool]], texts: Iterable[Text],
                      faces: EastAsianFaces) -> Element:
    """`<w:p><w:pPr><w:pStyle w:val="…"/>…</w:pPr>…runs…</w:p>` in the paragraph style `style_id` (a bare `<w:p/>`
    for none), with on/off properties (`switches`, in schema order: `<w:keepNext w:val="0"/>` for
    ("keepNext", False)) after the style, and the runs holding `texts`."""
    properties = ""
    if style_id is not None:
        flags = "".join(f"<w:{name}/>" if on else f'<w:{name} w:val="0"/>' for name, on in switches)
        properties = f"<w:pPr><w:pStyle w:val={_attribute(style_id)}/>{flags}</w:pPr>"
    return etree.fromstring(f"<w:p {_W}>{properties}{runs_xml(texts, faces, style_id)}</w:p>")


def run_elements(texts: Iterable[Text], faces: EastAsianFaces, paragraph_style_id: str | None,
                 before: str = "") -> list[Element]:
    """The runs holding `texts`, as elements to append to a paragraph whose text so far ends with `before`."""
    return list(etree.fromstring(f"<w:p {_W}>{runs_xml(texts, faces, paragraph_style_id, before)}</w:p>"))


def runs_xml(texts: Iterable[Text], faces: EastAsianFaces, paragraph_style_id: str | None, before: str = "") -> str:
    """Runs holding `texts`, each in its character style or none; no direct formatting beyond the East Asian face
    of marks. `before`: the last character other than a space of the paragraph's text before them.

    `<w:r><w:rPr><w:rStyle w:val="…"/></w:rPr><w:t>text</w:t></w:r>`; resolved text holds no tabs or breaks,
    so each text goes into one `w:t` (`xml:space="preserve"` when it starts or ends with white space). Marks
    Unicode shares with Latin text (“”—…) standing right after a digit or Latin letter get a run of their own
    in the East Asian face (see `_east_asian_only`); every other run holding such a mark gets the East Asian
    hint (`<w:rFonts w:hint="eastAsia"/>`).
    """
    runs: list[str] = []
    last = before
    for text, style_id in texts:
        if _SHARED_MARKS.search(text) is None:  # most runs: no mark to care for
            runs.append(_run(text, style_id, ""))
        else:
            after = last if text.lstrip(" ")[:1] in SHARED_WITH_LATIN else ""
            for piece, after_latin in _pieces(text, after):
                if after_latin:
                    fonts = _east_asian_only(faces.face(paragraph_style_id, style_id))
                else:
                    fonts = "" if EAST_ASIAN_AMBIGUOUS.isdisjoint(piece) else _EAST_ASIAN_HINT
                runs.append(_run(piece, style_id, fonts))
        written = text.rstrip(" ")
        if written:
            last = written[-1]
    return "".join(runs)


def _run(text: str, style_id: str | None, fonts: str) -> str:
    """`<w:r><w:rPr><w:rStyle w:val="…"/><w:rFonts …/></w:rPr><w:t>text</w:t></w:r>`: w:rPr only for a style or
    fonts, w:t only for some text."""
    style = f"<w:rStyle w:val={_attribute(style_id)}/>" if style_id is not None else ""
    head = f"<w:r><w:rPr>{style}{fonts}</w:rPr>" if style or fonts else "<w:r>"
    if not text:
        return head + "</w:r>"
    space = ' xml:space="preserve"' if text[0].isspace() or text[-1].isspace() else ""
    if _TEXT_SPECIAL.search(text):
        text = _TEXT_SPECIAL.sub(lambda special: _TEXT_ESCAPES[special.group()], text)
    return f"{head}<w:t{space}>{text}</w:t></w:r>"


def _east_asian_only(face: str | None) -> str:
    """`<w:rFonts w:ascii="仿宋_GB2312" w:hAnsi="仿宋_GB2312" w:eastAsia="仿宋_GB2312" w:hint="eastAsia"/>`.

    For marks shared with Latin text (“”—…) right after a digit or Latin letter: LibreOffice ignores
    w:hint and gives such a mark the script of the character before it, the Latin one, so it would draw a
    narrow Latin quote; with the East Asian face in every slot each application draws the full-width mark.
    """
    slots = "".join(f" w:{slot}={_attribute(face)}" for slot in ("ascii", "hAnsi", "eastAsia")) if face else ""
    return f'<w:rFonts{slots} w:hint="eastAsia"/>'


@lru_cache(maxsize=1024)  # style ids and face names, a few dozen, written again and again
def _attribute(value: str) -> str:
    """`value` quoted for an attribute, its XML specials and white space as references, so it reads back as is."""
    if _ATTRIBUTE_SPECIAL.search(value):
        value = _ATTRIBUTE_SPECIAL.sub(lambda special: _ATTRIBUTE_ESCAPES[special.group()], value)
    return f'"{value}"'


def _pieces(text: str, before: str = "") -> list[tuple[str, bool]]:
    """`text` cut around the shared marks that follow a digit or Latin letter, spaces between them aside
    (LibreOffice would set those marks in the Latin face); True marks such a piece. `before` is the text's
    last character before `text`."""
    pieces: list[tuple[str, bool]] = []
    start = 0
    for marks in _SHARED_MARKS.finditer(text):
        index = marks.start()
        before_marks = index - 1
        while before_marks >= 0 and text[before_marks] == " ":
            before_marks -= 1
        previous = text[before_marks] if before_marks >= 0 else before.rstrip(" ")[-1:]
        # A mark after a mark follows a CJK character: only the first of a run of marks can follow Latin text.
        if previous and not is_full_width(previous):
            if index > start:
                pieces.append((text[start:index], False))
            pieces.append((marks.group(), True))
            start = marks.end()
    if start < len(text) or not pieces:
        pieces.append((text[start:], False))
    return pieces
