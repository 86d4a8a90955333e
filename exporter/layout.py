"""Page layout: the resolved report set on the GB/T 9704 grid and paginated, with 版头, 印章, 版记 and page numbers, in points."""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import Mapping, Protocol, Sequence

from .cjk.linebreak import Advances, Cluster, Line, StyledRun, break_lines
from .cjk.scripts import is_cjk
from .errors import UNKNOWN, ContentError, Diagnostic, FontError, Location, error
from .resolved import Heading, Paragraph, Resolved, Run
from .styles import StyleSheet, TextRole

EPSILON = 1e-6
COVERAGE_CODE = "F020"


class FontMetricsLike(Protocol):
    """What layout needs of a face: advances and coverage per character, vertical extent in em."""

    ascent: float
    descent: float

    def advance(self, ch: str) -> float: ...

    def covers(self, ch: str) -> bool: ...

    def ink(self, ch: str) -> tuple[float, float]: ...  # bottom and top of the glyph's outline above the baseline


# ---------------------------------------------------------------- what the writers receive
@dataclass(frozen=True, slots=True)
class TextStyle:
    """How a run of glyphs is painted."""

    face: str  # PDF face key (songti, fangsong, heiti, kaiti, xiaobiaosong or a fallback face)
    size: float  # points
    color: str  # "#RRGGBB"


@dataclass(frozen=True, slots=True)
class TextLine:
    """One line of glyph clusters at its place on the page; x and y in points from the paper's bottom left."""

    baseline: float
    top: float  # top of the em box (the grid line's top for lines on the grid)
    clusters: tuple[Cluster, ...]  # (cell x, cell width, glyph x, text, style index)
    styles: tuple[TextStyle, ...]
    kind: str  # the text role: body, heading1…heading4, title, signature, cc, page_number, …
    where: str  # the section id ("1.2") or the 公文 element the line belongs to
    last: bool = True  # the last line of its paragraph (not justified)

    @property
    def text(self) -> str:
        return "".join(c[3] for c in self.clusters)

    @property
    def left(self) -> float:
        return self.clusters[0][0] if self.clusters else 0.0

    @property
    def right(self) -> float:
        return self.clusters[-1][0] + self.clusters[-1][1] if self.clusters else 0.0


@dataclass(frozen=True, slots=True)
class Rule:
    """A horizontal rule, its stroke centred on y."""

    x0: float
    x1: float
    y: float
    thickness: float
    color: str


@dataclass(frozen=True, slots=True)
class Image:
    """A picture (the 印章) scaled into its box; x and y are its bottom left corner in points from the paper's bottom left."""

    x: float
    y: float
    width: float
    height: float
    path: str  # a PNG or JPEG file

    @property
    def top(self) -> float:
        return self.y + self.height


@dataclass(frozen=True)
class Page:
    """One physical page."""

    number: int  # 1-based physical page
    folio: str | None  # the printed page number ("— 3 —"), None on an unnumbered page (§7.5)
    lines: tuple[TextLine, ...]
    rules: tuple[Rule, ...] = ()
    images: tuple[Image, ...] = ()  # painted over the text: a seal presses on the 署名 and 日期


@dataclass(frozen=True)
class OutlineEntry:
    """A heading for the PDF outline."""

    title: str
    level: int
    page: int
    top: float


@dataclass(frozen=True)
class Pages:
    """The laid-out report."""

    pages: tuple[Page, ...]
    indicator_pages: Mapping[str, int]  # indicator id → page where its figure is first printed
    headings: tuple[OutlineEntry, ...]
    width: float
    height: float


# ---------------------------------------------------------------- layout
@dataclass(frozen=True, slots=True)
class _SealPlacement:
    """The 印章 relative to the grid line it is anchored to (the date's): placed once that line has its page."""

    x: float  # left edge
    rise: float  # the seal's top above the anchor line's top
    diameter: float
    path: str
    rows_below: int  # grid lines below the anchor line the seal reaches into

    def at(self, line_top: float) -> Image:
        top = line_top + self.rise
        return Image(self.x, top - self.diameter, self.diameter, self.diameter, self.path)


@dataclass(slots=True)
class _Slot:
    """One grid line of the flow before pagination; a blank slot is an empty line."""

    line: Line | None
    styles: tuple[TextStyle, ...] = ()
    kind: str = ""
    where: str = ""
    drop: float = 0.0  # baseline below the line's top
    keep: bool = False  # stands on the same page as the next slot
    indicators: tuple[str, ...] = ()
    outline: tuple[str, int] | None = None
    seal: _SealPlacement | None = None

    @property
    def rows(self) -> int:
        """Grid lines the slot covers on its page: its own, and those its seal hangs into."""
        return 1 + (self.seal.rows_below if self.seal else 0)


class _Setter:
    """Sets runs of text in their roles' faces on the page's measure, checking every glyph."""

    def __init__(self, resolved: Resolved, style: StyleSheet, metrics: Mapping[str, FontMetricsLike],
                 fallbacks: Sequence[str]) -> None:
        self.resolved = resolved
        self.style = style
        self.metrics = metrics
        self.fallbacks = tuple(fallbacks)
        self.problems: list[Diagnostic] = []
        self._reported: set[tuple[str, str]] = set()
        page = style.page
        self.left = page.margin_left.pt
        self.width = page.text_width.pt
        self.right = self.left + self.width
        self.top = page.height.pt - page.margin_top.pt
        self.bottom = self.top - page.text_height.pt
        self.pitch = style.grid.line_pitch.pt
        self._cjk: dict[str, bool] = {}  # character → takes a grid cell (and the role's face, not its Latin face)
        self._styles: dict[tuple[str, str], TextStyle] = {}
        self._advances: dict[str, dict[str, float]] = {face: {} for face in metrics}
        self._sized_advances: Advances = {}  # what the line breaker asked, kept from paragraph to paragraph
        self._covered: dict[str, set[str]] = {face: set() for face in metrics}  # characters known to have a glyph
        # Section id → how messages name it; the first section with an id names it.
        self._places = {info.id: f"“{info.path_label}”部分" for info in reversed(resolved.sections)}

    def advance(self, face: str, ch: str) -> float:
        known = self._advances[face]
        width = known.get(ch)
        if width is None:
            width = known[ch] = self.metrics[face].advance(ch)
        return width

    def face_of(self, role: TextRole, latin: bool = False) -> str:
        """The PDF face of a role's Chinese text, or with `latin` of its digits and Latin letters (as in Word)."""
        key = role.latin_font if latin else role.font
        face = self.style.fonts[key].pdf
        if face not in self.metrics:
            word = self.style.fonts[key].word
            raise FontError(error("F021", f"没有“{word}”字体（PDF 字体 {face}）的字宽数据，无法排版", UNKNOWN))
        return face

    def text_style(self, role: TextRole, face: str | None = None) -> TextStyle:
        key = (role.name, face or "")
        found = self._styles.get(key)
        if found is None:
            found = self._styles[key] = TextStyle(face or self.face_of(role), role.size.pt, role.color)
        return found

    def drop(self, role: TextRole) -> float:
        """Baseline below the em box top: the face's ascent share of its ascent + descent box."""
        m = self.metrics[self.face_of(role)]
        return role.size.pt * m.ascent / (m.ascent + m.descent)

    def styled(self, runs: Sequence[Run], where: str, location: Location) -> tuple[list[StyledRun], list[TextStyle], list[str | None]]:
        """Runs in their faces; a character the face lacks goes to a fallback face or is reported."""
        styled: list[StyledRun] = []
        styles: list[TextStyle] = []
        indicators: list[str | None] = []
        for run in runs:
            role = self.style.role(run.role)
            size, tracking = role.size.pt, self.style.tracking(role.name)
            for text, face in self._script_pieces(run.text, role):
                missing = self._missing(face, text)
                pieces = self._split(text, face, missing, role, where, location) if missing else [(text, face)]
                for piece, piece_face in pieces:
                    styled.append(StyledRun(piece, piece_face, size, tracking))
                    styles.append(self.text_style(role, piece_face))
                    indicators.append(run.indicator)
        return styled, styles, indicators

    def _script_pieces(self, text: str, role: TextRole) -> list[tuple[str, str]]:
        """The run cut where it changes between Chinese text (the role's face) and digits or Latin letters (the
        role's Latin face), as Word picks w:eastAsia or w:ascii for each character. A character the Latin face
        lacks (★) stays in the role's face."""
        face, latin = self.face_of(role), self.face_of(role, latin=True)
        if face == latin:
            return [(text, face)]
        known = self._cjk
        for char in set(text).difference(known):
            known[char] = is_cjk(char)
        covers = self.metrics[latin].covers

        def chinese(char: str) -> bool:
            return known[char] or not covers(char)

        return [("".join(chars), face if cjk else latin) for cjk, chars in groupby(text, chinese)]

    def _missing(self, face: str, text: str) -> set[str]:
        """The characters of `text` the face has no glyph for."""
        covered = self._covered[face]
        unknown = set(text).difference(covered)
        if not unknown:
            return unknown
        covers = self.metrics[face].covers
        covered.update(ch for ch in unknown if covers(ch))
        return unknown.difference(covered)

    def _split(self, text: str, face: str, missing: set[str], role: TextRole, where: str,
               location: Location) -> list[tuple[str, str]]:
        faces = {ch: self._fallback_for(ch, face, role, where, location) for ch in missing}
        pieces: list[tuple[str, str]] = []
        for ch in text:
            ch_face = faces.get(ch, face)
            if pieces and pieces[-1][1] == ch_face:
                pieces[-1] = (pieces[-1][0] + ch, ch_face)
            else:
                pieces.append((ch, ch_face))
        return pieces

    def _fallback_for(self, ch: str, face: str, role: TextRole, where: str, location: Location) -> str:
        for fallback in self.fallbacks:
            if fallback in self.metrics and self.metrics[fallback].covers(ch):
                return fallback
        if (ch, where) not in self._reported:
            self._reported.add((ch, where))
            font = self.style.fonts[role.font]
            self.problems.append(error(
                COVERAGE_CODE,
                f"{where}中的字符“{ch}”（U+{ord(ch):04X}）在“{font.word}”字体（PDF 字体 {face}）中没有字形，"
                "PDF 无法印出这个字",
                location,
                "换用含有这个字的正式字体（放到 fonts/local/ 文件夹），或在样式表中为 PDF 声明含有这个字的备用字体。",
            ))
        return face

    def set(self, runs: Sequence[Run], role: TextRole, where: str, location: Location = UNKNOWN, *,
            left: float | None = None, width: float | None = None, first_indent: float | None = None,
            rest_indent: float | None = None, align: str | None = None) -> tuple[list[Line], tuple[TextStyle, ...], list[str | None]]:
        """Break runs into lines on the measure of `role` (or the one given)."""
        styled, styles, indicators = self.styled(runs, where, location)
        origin = self.left if left is None else left
        measure = (self.right - origin if width is None else width) - role.right_indent.pt
        first = role.left_indent.pt + (role.first_indent.pt if first_indent is None else first_indent)
        rest = role.left_indent.pt if rest_indent is None else rest_indent
        lines = break_lines(styled, self.advance, measure, left=origin,
                            first_indent=first, rest_indent=rest, align=align or role.align,
                            advances=self._sized_advances)
        return lines, tuple(styles), indicators

    def width_of(self, text: str, role: TextRole, where: str) -> float:
        """The natural width of a one-line text."""
        lines, _, _ = self.set([Run(text, role.name)], role, where, width=10 * self.width, first_indent=0.0, align="left")
        return sum(line.natural for line in lines)

    def where(self, section: str) -> str:
        return self._places.get(section, "正文开头部分") if section else "正文开头部分"

    def grid_top(self, index: int) -> float:
        return self.top - index * self.pitch


def layout(resolved: Resolved, style: StyleSheet, metrics: Mapping[str, FontMetricsLike], *,
           fallbacks: Sequence[str] = ()) -> Pages:
    """Set the report on the grid and paginate it; raise FontError for a character no face can print.

    `fallbacks` are face keys of `metrics`, tried in order for a character its role's face lacks.
    """
    setter = _Setter(resolved, style, metrics, fallbacks)
    header_lines, header_rules, first_line = _header(setter)
    flow = _title(setter) + _recipient(setter) + _body(setter) + _attachments(setter)
    text_slots = [slot for slot in flow if slot.line is not None]
    closing = _signature(setter, _size_of(text_slots[-1]) if text_slots else style.role("body").size.pt)
    if closing:  # the last paragraph goes with the signature: no page holds only the signature (§7.3.5.5)
        _keep_last_paragraph(flow)
        flow += closing
    colophon_lines, colophon_rules, colophon_rows = _colophon(setter)
    if setter.problems:
        raise FontError(setter.problems)

    lines_per_page = style.grid.lines_per_page
    placed = _paginate(flow, first_line, lines_per_page)
    content_pages = len(placed)
    unnumbered: set[int] = set()
    colophon_page = 0
    if colophon_rows:
        used = max((index + slot.rows for index, slot in placed[-1]), default=0)  # a seal keeps the 版记 off
        colophon_page = content_pages if used <= lines_per_page - colophon_rows else content_pages + 1
        if style.colophon.even_page and colophon_page % 2:
            colophon_page += 1
        if colophon_page - content_pages >= 2:  # §7.5: a blank page before the 版记 page: neither is numbered
            unnumbered = set(range(content_pages + 1, colophon_page + 1))
    total = max(content_pages, colophon_page)

    pages: list[Page] = []
    indicator_pages: dict[str, int] = {}
    headings: list[OutlineEntry] = []
    for number in range(1, total + 1):
        lines: list[TextLine] = []
        rules: list[Rule] = []
        images: list[Image] = []
        if number == 1:
            lines += header_lines
            rules += header_rules
        for index, slot in placed[number - 1] if number <= content_pages else ():
            top = setter.grid_top(index)
            assert slot.line is not None
            lines.append(TextLine(top - slot.drop, top, slot.line.clusters, slot.styles, slot.kind, slot.where, slot.line.last))
            for ident in slot.indicators:
                indicator_pages.setdefault(ident, number)
            if slot.outline:
                headings.append(OutlineEntry(slot.outline[0], slot.outline[1], number, top))
            if slot.seal:
                images.append(slot.seal.at(top))
        if number == colophon_page:
            lines += colophon_lines
            rules += colophon_rules
        folio = None if number in unnumbered else style.page_number.text(number)
        if folio is not None:
            lines.append(_folio(setter, folio, number))
        pages.append(Page(number, folio, tuple(lines), tuple(rules), tuple(images)))
    return Pages(tuple(pages), indicator_pages, tuple(headings), style.page.width.pt, style.page.height.pt)


def _paginate(flow: list[_Slot], first_line: int, lines_per_page: int) -> list[list[tuple[int, _Slot]]]:
    """Fill pages line by line; a slot marked `keep` never ends a page, a blank slot never starts one.

    Returns per page its (grid line, slot) pairs.
    """
    pages: list[list[tuple[int, int]]] = [[]]  # (grid line, flow index)
    line = first_line
    i = 0
    while i < len(flow):
        page = pages[-1]
        if flow[i].line is None and line == 0:
            i += 1  # blank space is not carried to the top of a page
            continue
        if line < lines_per_page:
            if flow[i].line is not None:
                page.append((line, i))
            line += 1
            i += 1
            continue
        keep_from = len(page)
        while keep_from > 0 and flow[page[keep_from - 1][1]].keep:
            keep_from -= 1
        if 0 < keep_from < len(page):  # carry the kept lines over, unless they fill the whole page
            i = page[keep_from][1]
            del page[keep_from:]
        pages.append([])
        line = 0
    if not pages[-1] and len(pages) > 1:
        pages.pop()
    return [[(index, flow[k]) for index, k in page] for page in pages]


def _keep_last_paragraph(flow: list[_Slot]) -> None:
    """Keep every line of the flow's last paragraph with what follows, as Word's keepNext and keepLines do
    (and LibreOffice's keep-with-next, which moves the whole paragraph)."""
    index = len(flow) - 1
    while index >= 0 and flow[index].line is not None:
        flow[index].keep = True
        previous = flow[index - 1].line if index else None
        if previous is None or previous.last:
            break
        index -= 1


def _blank_lines(setter: _Setter, length_pt: float) -> int:
    return max(0, round(length_pt / setter.pitch))


def _slots(lines: list[Line], styles: tuple[TextStyle, ...], kind: str, where: str, drop: float, *,
           keep: bool = False, indicators: list[str | None] | None = None) -> list[_Slot]:
    slots = []
    tracked = {i: ident for i, ident in enumerate(indicators or ()) if ident}
    for line in lines:
        found: tuple[str, ...] = ()
        if tracked:
            # Clusters come in run order, so the runs a line holds, in order, name its figures in order.
            runs = sorted(set(map(itemgetter(4), line.clusters)))
            found = tuple(dict.fromkeys(tracked[index] for index in runs if index in tracked))
        slots.append(_Slot(line, styles, kind, where, drop, keep, found))
    return slots


# ---------------------------------------------------------------- 版头 §7.2
def _header(setter: _Setter) -> tuple[list[TextLine], list[Rule], int]:
    """The 版头 on page 1; returns its lines, the red rule and the first grid line left for the title."""
    meta, style = setter.resolved.meta, setter.style
    if not (meta.has_header and style.header.enabled):
        return [], [], 0
    header = style.header
    lines: list[TextLine] = []
    row = 0
    for text, role_name in ((meta.copy_number, "copy_number"), (meta.secrecy, "secrecy"), (meta.urgency, "urgency")):
        if text:  # §7.2.1–7.2.3: flush left, one per line from the top
            role = style.role(role_name)
            lines += _lines_at(setter, [Run(text, role_name)], role, role_name, setter.grid_top(row))
            row += 1
    # §7.2.4 发文机关标志: centred, red, its top `mark_offset` below the text block's top.
    mark_role = style.role("issuer_mark")
    mark_top = setter.top - header.mark_offset.pt
    mark_lines = _lines_at(setter, [Run(meta.issuer_mark or "", "issuer_mark")], mark_role, "issuer_mark", mark_top,
                           spacing=max(setter.pitch, mark_role.size.pt))
    lines += mark_lines
    mark_bottom = mark_lines[-1].top - mark_role.size.pt if mark_lines else mark_top
    row = _grid_line_below(setter, mark_bottom) + _blank_lines(setter, header.number_gap.pt)
    # §7.2.4 发文字号 (and §7.2.5 签发人 for a 上行文) on the grid line after the blank lines.
    number_role = style.role("doc_number")
    number_top = setter.grid_top(row)
    if meta.doc_number:
        if meta.signers:
            lines += _lines_at(setter, [Run(meta.doc_number, "doc_number")], number_role, "doc_number", number_top,
                               left=setter.left + header.number_indent.pt, align="left")
            signer_runs = [Run(meta.signer_label or "", "signer_label"), Run("　".join(meta.signers), "signer_name")]
            lines += _lines_at(setter, signer_runs, style.role("signer_label"), "signer", number_top,
                               width=setter.width - header.number_indent.pt, align="right")
        else:
            lines += _lines_at(setter, [Run(meta.doc_number, "doc_number")], number_role, "doc_number", number_top,
                               align="center")
    # The red rule `rule_gap` below the 发文字号's em box, exactly the text block's width.
    number_bottom = number_top - number_role.size.pt
    rule_y = number_bottom - header.rule_gap.pt
    rule = Rule(setter.left, setter.right, rule_y, header.rule_width.pt, header.rule_color)
    first_line = _grid_line_below(setter, rule_y) + _blank_lines(setter, header.title_gap.pt)
    return lines, [rule], first_line


def _grid_line_below(setter: _Setter, y: float) -> int:
    """The first grid line wholly below height y."""
    return math.floor((setter.top - y) / setter.pitch - EPSILON) + 1


_ELEMENT_NAMES = {"copy_number": "份号", "secrecy": "密级和保密期限", "urgency": "紧急程度", "issuer_mark": "发文机关标志",
                  "doc_number": "发文字号", "signer": "签发人"}


def _lines_at(setter: _Setter, runs: list[Run], role: TextRole, kind: str, top: float, *, spacing: float | None = None,
              left: float | None = None, width: float | None = None, align: str | None = None) -> list[TextLine]:
    """Text lines placed off the flow, the first em box top at `top`."""
    lines, styles, _ = setter.set(runs, role, _ELEMENT_NAMES[kind], left=left, width=width, align=align)
    drop = setter.drop(role)
    step = spacing or setter.pitch
    return [TextLine(top - k * step - drop, top - k * step, line.clusters, styles, kind, kind, line.last)
            for k, line in enumerate(lines)]


# ---------------------------------------------------------------- 主体 §7.3
def _title(setter: _Setter) -> list[_Slot]:
    """§7.3.1: the title, centred, in the lines resolve balanced."""
    meta = setter.resolved.meta
    role = setter.style.role("title")
    slots: list[_Slot] = []
    for text in meta.title_lines or (meta.title,):
        lines, styles, _ = setter.set([Run(text, "title")], role, "标题")
        slots += _slots(lines, styles, "title", "title", setter.drop(role), keep=True)
    return slots


def _recipient(setter: _Setter) -> list[_Slot]:
    """§7.3.2: one blank line below the title, the 主送机关 flush left."""
    slots = [_Slot(None, keep=True) for _ in range(_blank_lines(setter, setter.style.body.recipient_gap.pt))]
    recipients = setter.resolved.meta.recipients
    if recipients:
        role = setter.style.role("recipient")
        lines, styles, _ = setter.set([Run(recipients, "recipient")], role, "主送机关")
        slots += _slots(lines, styles, "recipient", "recipient", setter.drop(role))
    return slots


def _body(setter: _Setter) -> list[_Slot]:
    """§7.3.3: paragraphs and headings; a heading keeps with the line after it."""
    slots: list[_Slot] = []
    for block in setter.resolved.blocks:
        where = setter.where(block.section)
        match block:
            case Heading():
                role = setter.style.role(f"heading{block.level}")
                lines, styles, indicators = setter.set(block.runs, role, f"{where}的标题", block.location)
                found = _slots(lines, styles, role.name, block.section, setter.drop(role), keep=role.keep_with_next,
                               indicators=indicators)
                if found:
                    found[0].outline = (block.text, block.level)
                slots += found
            case Paragraph():
                role = setter.style.role("body")
                lines, styles, indicators = setter.set(block.runs, role, f"{where}的段落", block.location)
                found = _slots(lines, styles, "body", block.section, setter.drop(role), indicators=indicators)
                if found and block.run_in_level:
                    heading_role = f"heading{block.run_in_level}"
                    title = "".join(run.text for run in block.runs if run.role == heading_role)
                    found[0].outline = (title, block.run_in_level)
                    set_chars = 0
                    keeps = setter.style.role(heading_role).keep_with_next
                    for slot in found:  # a line holding only the run-in heading keeps with the next line
                        assert slot.line is not None
                        set_chars += len(slot.line.text)
                        slot.keep = keeps and set_chars <= len(title)
                    if found[0].keep and len(found) > 1:  # and, as Word's widow control there, no last line alone
                        found[-2].keep = True
                slots += found
            case _:
                raise TypeError(f"unknown block {block!r}")
    return slots


def _attachments(setter: _Setter) -> list[_Slot]:
    """§7.3.4: 附件说明 one blank line below the body; later names aligned under the first one's number."""
    names = setter.resolved.meta.attachments
    if not names:
        return []
    role = setter.style.role("attachment")
    slots = [_Slot(None) for _ in range(_blank_lines(setter, setter.style.body.attachment_gap.pt))]
    head, colon, rest = names[0].partition("：")
    # measured with the character after it, whose script decides the label's last advance
    label = (setter.width_of(head + colon + rest[:1], role, "附件说明") - setter.width_of(rest[:1], role, "附件说明")
             if colon else 0.0)
    start = role.left_indent.pt + role.first_indent.pt
    for index, text in enumerate(names):
        number, dot, _ = (text[len(head + colon):] if index == 0 else text).partition(" ")
        # a line's trailing space is dropped, so "1. " is measured as the room it leaves before a name
        number_width = setter.width_of(number + " 附", role, "附件说明") - setter.width_of("附", role, "附件说明") if dot else 0.0
        first = start if index == 0 else start + label
        lines, styles, _ = setter.set([Run(text, "attachment")], role, "附件说明", first_indent=first - role.left_indent.pt,
                                      rest_indent=start + label + number_width)
        slots += _slots(lines, styles, "attachment", "attachment", setter.drop(role))
    return slots


def _size_of(slot: _Slot) -> float:
    """The largest type size on a slot's line."""
    assert slot.line is not None
    return max((slot.styles[cluster[4]].size for cluster in slot.line.clusters), default=0.0)


def _signature(setter: _Setter, above_size: float) -> list[_Slot]:
    """署名 and 成文日期 (with or without a 印章), then 附注; `above_size` is the type size of the line above them."""
    meta, style = setter.resolved.meta, setter.style
    if not (meta.signature or meta.date or meta.note):
        return []
    if meta.seal:
        slots = _sealed_signature(setter, meta.seal, above_size)
    else:
        slots = [_Slot(None, keep=True) for _ in range(_blank_lines(setter, style.body.signature_gap.pt))]
        slots += _unsealed_signature(setter)
    if meta.note:  # §7.3.6 附注: on the line after the date, indented 2 字
        role = style.role("note")
        lines, styles, _ = setter.set([Run(meta.note, "note")], role, "附注")
        slots += _slots(lines, styles, "note", "note", setter.drop(role))
    slots[-1].keep = False
    return slots


def _unsealed_signature(setter: _Setter) -> list[_Slot]:
    """§7.3.5.2 without seal: name right-indented 2 字, date below starting 2 字 right of the name."""
    meta, style = setter.resolved.meta, setter.style
    name_role, date_role = style.role("signature"), style.role("date")
    name_right = setter.right - name_role.right_indent.pt
    date_right = setter.right - date_role.right_indent.pt
    name_x = date_x = 0.0
    if meta.signature:
        name_x = name_right - setter.width_of(meta.signature, name_role, "发文机关署名")
    if meta.date:
        date_width = setter.width_of(meta.date, date_role, "成文日期")
        date_x = name_x + style.body.date_offset.pt if meta.signature else date_right - date_width
        if date_x + date_width > date_right + EPSILON:  # a longer date takes the indent; the name moves to match
            date_x = date_right - date_width
            name_x = date_x - style.body.date_offset.pt
    slots: list[_Slot] = []
    for text, role, kind, x in ((meta.signature, name_role, "signature", name_x), (meta.date, date_role, "date", date_x)):
        if text:
            slots += _placed_line(setter, text, role, kind, x)
    return slots


def _sealed_signature(setter: _Setter, seal_path: str, above_size: float) -> list[_Slot]:
    """§7.3.5.1: date right-indented 4 字, name centred over it, the 印章 centred on the date and pressing on both.

    The name stands `name_line` grid lines below the last line above it (正文 or 附件说明), the date on
    the next line. The seal's top is `top_gap` below that last line's em box, the printed text's
    bottom, so the seal's centre falls just above the name's middle: name and date sit below the
    centre (居印章中心偏下). Without a 署名 its line stays blank, so the date and seal keep their places.
    """
    meta, style = setter.resolved.meta, setter.style
    if not meta.date:
        raise ContentError(error("C016", "加盖印章的公文必须有成文日期（印章压在署名和成文日期上，§7.3.5.1）",
                                 hint="添加“date: 2023-02-22”，或删去 seal。"))
    seal, pitch = style.seal, setter.pitch
    name_role, date_role = style.role("signature"), style.role("date")
    date_width = setter.width_of(meta.date, date_role, "成文日期")
    date_x = setter.right - seal.date_right_indent.pt - date_width
    centre = date_x + date_width / 2
    name_line = seal.name_line(pitch)
    slots = [_Slot(None, keep=True) for _ in range(name_line - 1)]
    if meta.signature:
        name_width = setter.width_of(meta.signature, name_role, "发文机关署名")
        # A name too wide to centre inside the text block stays flush with its right edge.
        name_x = max(setter.left, min(centre - name_width / 2, setter.right - name_width))
        slots += _placed_line(setter, meta.signature, name_role, "signature", name_x)
    else:
        slots.append(_Slot(None, keep=True))
    date_slots = _placed_line(setter, meta.date, date_role, "date", date_x)
    diameter = seal.diameter.pt
    # From the date's line top up to the em box bottom of the line `name_line` + 1 grid lines above, less the gap.
    rise = (name_line + 1) * pitch - above_size - seal.top_gap.pt
    hang = diameter - rise - pitch  # how far the seal reaches below the date's grid line
    rows_below = max(0, math.ceil(hang / pitch - EPSILON))
    date_slots[0].seal = _SealPlacement(centre - diameter / 2, rise, diameter, seal_path, rows_below)
    return slots + date_slots


def _placed_line(setter: _Setter, text: str, role: TextRole, kind: str, x: float) -> list[_Slot]:
    """A 署名 or 日期 line set from x, kept with what follows it."""
    lines, styles, _ = setter.set([Run(text, role.name)], role, "发文机关署名" if kind == "signature" else "成文日期",
                                  left=x, width=setter.right - x + role.right_indent.pt, first_indent=0.0, align="left")
    return _slots(lines, styles, kind, kind, setter.drop(role), keep=True)


# ---------------------------------------------------------------- 版记 §7.4
def _colophon(setter: _Setter) -> tuple[list[TextLine], list[Rule], int]:
    """The 版记 rows stacked up from the text block's bottom edge, with their rules; returns the rows it needs."""
    meta, style = setter.resolved.meta, setter.style
    if not style.colophon.enabled or not (meta.cc or meta.printer or meta.print_date):
        return [], [], 0
    pitch = setter.pitch
    rows: list[list[tuple[TextLine, TextRole]]] = []  # from the top
    groups: list[int] = []  # rows per item, to draw the thin rules between items
    if meta.cc:
        role = style.role("cc")
        head, colon, _ = meta.cc.partition("：")
        hang = role.left_indent.pt + (setter.width_of(head + colon, role, "抄送") if colon else 0.0)
        lines, styles, _ = setter.set([Run(meta.cc, "cc")], role, "抄送", rest_indent=hang)
        rows += [[(_unplaced(line, styles, "cc"), role)] for line in lines]
        groups.append(len(lines))
    if meta.printer or meta.print_date:
        role = style.role("imprint")
        row: list[tuple[TextLine, TextRole]] = []
        if meta.printer:
            lines, styles, _ = setter.set([Run(meta.printer, "imprint")], role, "印发机关", align="left")
            row += [(_unplaced(line, styles, "imprint"), role) for line in lines[:1]]
        if meta.print_date:
            lines, styles, _ = setter.set([Run(meta.print_date, "imprint")], role, "印发日期", first_indent=0.0, align="right")
            row += [(_unplaced(line, styles, "imprint"), role) for line in lines[:1]]
        rows.append(row)
        groups.append(1)
    count = len(rows)
    placed: list[TextLine] = []
    for index, row in enumerate(rows):
        band_bottom = setter.bottom + (count - 1 - index) * pitch
        for line, role in row:  # the em box centred in its row
            top = band_bottom + (pitch + role.size.pt) / 2
            placed.append(TextLine(top - setter.drop(role), top, line.clusters, line.styles, line.kind, line.where, line.last))
    colophon = style.colophon
    rules = [Rule(setter.left, setter.right, setter.bottom, colophon.thick_rule.pt, "#000000")]
    boundary = 0
    for group in reversed(groups):
        boundary += group
        thick = boundary == count
        rules.append(Rule(setter.left, setter.right, setter.bottom + boundary * pitch,
                          (colophon.thick_rule if thick else colophon.thin_rule).pt, "#000000"))
    return placed, rules, count


def _unplaced(line: Line, styles: tuple[TextStyle, ...], kind: str) -> TextLine:
    return TextLine(0.0, 0.0, line.clusters, styles, kind, kind, line.last)


# ---------------------------------------------------------------- 页码 §7.5
def _folio(setter: _Setter, text: str, number: int) -> TextLine:
    """The page number: odd pages right, even pages left, 1 字 in; its dashes' ink `offset` below the text block."""
    style = setter.style
    role = style.role("page_number")
    width = setter.width_of(text, role, "页码")
    inset = style.page_number.inset.pt
    x = setter.right - inset - width if number % 2 else setter.left + inset
    baseline = setter.bottom - page_number_baseline(style, setter.metrics)
    lines, styles, _ = setter.set([Run(text, "page_number")], role, "页码", left=x, width=10 * setter.width,
                                  first_indent=0.0, align="left")
    return TextLine(baseline, baseline + setter.drop(role), lines[0].clusters, styles, "page_number", "page_number")


PAGE_NUMBER_DASH = "—"  # U+2014, the 一字线 of §7.5


def page_number_baseline(style: StyleSheet, metrics: Mapping[str, FontMetricsLike]) -> float:
    """How far the page number's baseline lies below the text block's bottom edge, in points.

    §7.5 "一字线上距版心下边缘7mm": the top of the dash's ink, read from the outline of the dash in the
    face that prints it, stands `page_number.offset` below the text block. The DOCX writer places its
    footer by the same number.
    """
    role = style.role("page_number")
    face = style.fonts[role.font].pdf
    if face not in metrics:
        raise FontError(error("F021", f"没有“{style.fonts[role.font].word}”字体（PDF 字体 {face}）的字形数据，无法放置页码",
                              UNKNOWN))
    _, dash_top = metrics[face].ink(PAGE_NUMBER_DASH)
    return style.page_number.offset.pt + dash_top * role.size.pt
