"""From what a reader found to the imported report: 公文 elements around the body, the heading tree, numbering."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..cjk.dates import parse_chinese_date
from ..cjk.scripts import is_cjk
from .labels import heading_label, split_run_in
from .problems import fail
from .prose import Tally, clean, tag, tag_cell
from .tree import (
    Block,
    Cell,
    DocNumber,
    Notice,
    Paragraph,
    RawBlock,
    RawCell,
    RawParagraph,
    RawTable,
    Report,
    ReportMeta,
    Section,
    Table,
)

MAX_LEVEL = 4  # GB/T 9704 §7.3.3: 一、（一）1.（1）
_TITLE_KINDS = ("报告", "通知", "意见", "请示", "批复", "函", "决定", "通报", "方案", "办法", "规定", "纪要", "总结",
                "公告", "通告", "计划", "规划", "要点", "决议", "议案", "细则", "规则", "安排", "说明")
# A line that names the document: no sentence or clause mark, ending with the kind of 公文 (关于……的报告).
_TITLE = re.compile(rf"[^。；，：]{{2,80}}?(?:{'|'.join(_TITLE_KINDS)})(?:（[^）]{{1,12}}）)?")
_TITLE_HEAD = re.compile(r"[^。；，：]{2,40}关于")  # the first line of a title broken after 关于
_ISSUER_MARK = re.compile(r"[^。，；：\d]{2,30}文件")  # 发文机关标志 (§7.2.5): 南阳市人民政府文件
_DOC_NUMBER = re.compile(r"(?P<agency>[^\s〔［【（\[(]{1,16}?)[〔［【（\[(](?P<year>\d{4})[〕］】）\])]第?(?P<serial>\d{1,6})号")
_SIGNER = re.compile(r"签发人[：:](?P<names>.+)")
_COPY_NUMBER = re.compile(r"\d{6}")  # 份号 (§7.2.1)
_SECRECY = re.compile(r"(?:绝密|机密|秘密)(?:★.*)?")
_URGENCY = re.compile(r"特急|加急")
# 主送机关 (§7.3.2): names of organisations before a colon; a lead-in sentence (现将……报告如下：) is no recipient.
_RECIPIENTS = re.compile(r"(?P<names>(?:(?!如下)[^。；\d]){2,80})[：:]")
_ATTACHMENT_HEAD = re.compile(r"附件[：:](?P<rest>.*)")
_ATTACHMENT_ITEM = re.compile(r"(?:\d{1,2}[.．、])?(?P<name>[^。]{2,80})")
_CC = re.compile(r"抄送[：:](?P<names>.+?)。?")
_IMPRINT = re.compile(r"(?P<printer>.+?)(?P<date>\d{4}年\d{1,2}月\d{1,2}日)印发")
_NOTE = re.compile(r"（(?P<note>[^（）]+)）")
_CAPTION = re.compile(r"续?表\s*(?:\d+|[一二三四五六七八九十]+)(?:[.．\-—]\d+)?(?:[\s\u3000].*)?")
_SERIAL_HEADERS = ("序号", "编号")
_NAME_SEPARATORS = re.compile(r"[、，,；;]")


@dataclass
class _Open:
    """A section while the tree is being built."""

    level: int
    title: str = ""
    number: int | None = None
    run_in: bool = False
    body: list["_Open | Paragraph | Table"] = field(default_factory=list)
    number_shown: bool = False


def build_report(blocks: list[RawBlock], file: str, title: str | None = None) -> Report:
    """The imported report; raises ImportFailure for a file that is no report."""
    tally = Tally()
    cleaned = [_cleaned(block, tally) for block in blocks]
    cleaned = [b for b in cleaned if not isinstance(b, RawParagraph) or b.text]
    if not any(is_cjk(c) for b in cleaned for c in _text_of(b)):
        raise fail("I020", "文件中没有中文内容，不像是一份报告", file, "请选择报告的 Word、Markdown 或纯文本文件。")
    meta: dict[str, object] = {}
    start = _front_matter(cleaned, meta, title)
    end = _back_matter(cleaned, start, meta, tally)
    body_blocks = cleaned[start:end]
    if not any(isinstance(b, RawParagraph) for b in body_blocks):
        raise fail("I021", "没有找到正文段落，不像是一份报告", file, "检查文件内容；标题和公文要素之外要有正文。")
    root = _tree(body_blocks, tally)
    meta["level3_continuous"] = _number(root)
    if tally.marks_restored:
        tally.notices.insert(0, Notice(0, f"已把 {tally.marks_restored} 处中文里的英文标点改为全角（GB/T 15834）"))
    return Report(ReportMeta(**meta), _frozen(root.body), tuple(tally.notices), tally.figures)  # type: ignore[arg-type]


def _cleaned(block: RawBlock, tally: Tally) -> RawBlock:
    if isinstance(block, RawParagraph):
        return RawParagraph(clean(block.text, tally), block.line, block.heading_level, block.is_title)
    rows = tuple(tuple(RawCell(clean(cell.text, tally), cell.colspan, cell.rowspan, cell.align) for cell in row)
                 for row in block.rows)
    return RawTable(rows, block.line, block.header_rows, block.columns)


def _text_of(block: RawBlock) -> str:
    if isinstance(block, RawParagraph):
        return block.text
    return "".join(cell.text for row in block.rows for cell in row)


# ---------------------------------------------------------------- 公文 elements before the body
def _front_matter(blocks: list[RawBlock], meta: dict[str, object], title: str | None) -> int:
    """版头 lines, the title and the 主送机关; returns where the body starts."""
    index = 0
    while index < len(blocks) and isinstance(block := blocks[index], RawParagraph):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if "issuer_mark" not in meta and _signature_like(block) and isinstance(following, RawParagraph) and (
                _DOC_NUMBER.match(following.text) or _SIGNER.fullmatch(following.text)):
            meta["issuer_mark"] = block.text  # 发文机关标志 without 文件 (南阳市人民政府), known by the 发文字号 under it
        elif not _head_line(block.text, meta):
            break
        index += 1
    index = _title(blocks, index, meta)
    if title:  # the clerk's own title wins over the line found
        meta["title"] = title
        meta.pop("title_breaks", None)
    if index < len(blocks) and isinstance(block := blocks[index], RawParagraph) and heading_label(block.text) is None:
        if (recipients := _RECIPIENTS.fullmatch(block.text)) and (meta.get("title") or index == 0):
            meta["recipients"] = _names(recipients["names"])
            index += 1
    return index


def _head_line(text: str, meta: dict[str, object]) -> bool:
    """Read one line of the 版头 (份号, 密级, 紧急程度, 发文机关标志, 发文字号, 签发人) into `meta`; False for another line."""
    if _COPY_NUMBER.fullmatch(text) and "copy_number" not in meta:
        meta["copy_number"] = text
    elif _SECRECY.fullmatch(text):
        meta["secrecy"] = text
    elif _URGENCY.fullmatch(text):
        meta["urgency"] = text
    elif _ISSUER_MARK.fullmatch(text) and "issuer_mark" not in meta:
        meta["issuer_mark"] = text
    elif (number := _DOC_NUMBER.match(text)) and (not text[number.end():] or _SIGNER.fullmatch(text[number.end():])):
        meta["doc_number"] = DocNumber(number["agency"], int(number["year"]), int(number["serial"]))
        if signer := _SIGNER.fullmatch(text[number.end():]):
            meta["signers"] = _names(signer["names"])
    elif signer := _SIGNER.fullmatch(text):
        meta["signers"] = _names(signer["names"])
    else:
        return False
    return True


def _title(blocks: list[RawBlock], index: int, meta: dict[str, object]) -> int:
    """The title line (or two lines, broken after 关于 or marked as the title by the file), if there is one."""
    lines: list[str] = []
    while index + len(lines) < len(blocks):
        block = blocks[index + len(lines)]
        if not isinstance(block, RawParagraph) or not block.is_title:
            break
        lines.append(block.text)
    if not lines and index < len(blocks) and isinstance(first := blocks[index], RawParagraph):
        second = blocks[index + 1] if index + 1 < len(blocks) else None
        if heading_label(first.text) is None and _TITLE.fullmatch(first.text):
            lines = [first.text]
        elif (isinstance(second, RawParagraph) and heading_label(first.text) is None and _TITLE_HEAD.fullmatch(first.text)
              and _TITLE.fullmatch(first.text + second.text)):
            lines = [first.text, second.text]
    if lines:
        meta["title"] = "".join(lines)
        if len(lines) > 1:
            meta["title_breaks"] = tuple(lines)
    return index + len(lines)


def _names(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in _NAME_SEPARATORS.split(text.strip().rstrip("。")) if name.strip())


# ---------------------------------------------------------------- 公文 elements after the body
def _back_matter(blocks: list[RawBlock], start: int, meta: dict[str, object], tally: Tally) -> int:
    """附件说明, 署名, 成文日期, 附注 and the 版记; returns where the body ends."""
    end = len(blocks)
    dated = next((i for i in range(start + 1, end) if _closing_date(blocks, i)), None)
    if dated is not None:
        closing = blocks[dated]
        assert isinstance(closing, RawParagraph)  # _closing_date takes paragraphs only
        meta["date"] = parse_chinese_date(closing.text)
        _after_date(blocks, dated + 1, meta, tally)
        end = dated
        if end - 1 > start and isinstance(signature := blocks[end - 1], RawParagraph) and _signature_like(signature):
            meta["issuer"] = signature.text
            end -= 1
    else:
        while end > start and isinstance(last := blocks[end - 1], RawParagraph) and _colophon_line(last.text, meta):
            end -= 1
    return _attachments(blocks, start, end, meta)


def _closing_date(blocks: list[RawBlock], index: int) -> bool:
    """A 成文日期 line: a date alone on its line under the 署名, or followed only by 附注 and 版记 lines.

    A date line elsewhere (under the title of a 纪要, say) is body text: taking it would drop what follows.
    """
    block = blocks[index]
    if not isinstance(block, RawParagraph) or parse_chinese_date(block.text) is None:
        return False
    before = blocks[index - 1]
    if isinstance(before, RawParagraph) and _signature_like(before):
        return True
    scratch: dict[str, object] = {}
    return all(isinstance(b, RawParagraph) and (_NOTE.fullmatch(b.text) or _colophon_line(b.text, scratch))
               for b in blocks[index + 1:])


def _after_date(blocks: list[RawBlock], index: int, meta: dict[str, object], tally: Tally) -> None:
    """附注 right after the date, then the 版记 lines; what else follows (an attachment's text) is left out."""
    if index < len(blocks) and isinstance(block := blocks[index], RawParagraph) and (note := _NOTE.fullmatch(block.text)):
        meta["note"] = note["note"]
        index += 1
    skipped = [b for b in blocks[index:] if not (isinstance(b, RawParagraph) and _colophon_line(b.text, meta))]
    if skipped:
        first = skipped[0]
        tally.notices.append(Notice(first.line, f"成文日期之后还有 {len(skipped)} 段内容（可能是附件正文），没有导入；"
                                                "附件请另行整理到 meta.attachments"))


def _colophon_line(text: str, meta: dict[str, object]) -> bool:
    """Read a 版记 line (抄送, 印发机关和印发日期) into `meta`; False for another line."""
    if cc := _CC.fullmatch(text):
        meta["cc"] = _names(cc["names"])
    elif imprint := _IMPRINT.fullmatch(text):
        meta["printer"] = imprint["printer"].strip()
        meta["print_date"] = parse_chinese_date(imprint["date"])
    else:
        return False
    return True


def _signature_like(block: RawParagraph) -> bool:
    """发文机关署名: a short line of an organisation's name, no punctuation, no label."""
    return 2 <= len(block.text) <= 30 and heading_label(block.text) is None and not re.search(r"[。，；：！？、\d]", block.text)


def _attachments(blocks: list[RawBlock], start: int, end: int, meta: dict[str, object]) -> int:
    """附件说明 (§7.3.4) at the end of the body: 附件：1．名称 and the names under it."""
    for head in range(end - 1, max(start, end - 12) - 1, -1):
        block = blocks[head]
        if not isinstance(block, RawParagraph) or not (match := _ATTACHMENT_HEAD.fullmatch(block.text)):
            continue
        items = [match["rest"]] if match["rest"] else []
        items += [b.text for b in blocks[head + 1:end] if isinstance(b, RawParagraph)]
        names = [m["name"] for item in items if (m := _ATTACHMENT_ITEM.fullmatch(item))]
        if names and len(names) == len(items) == len(blocks[head + 1:end]) + bool(match["rest"]):
            meta["attachments"] = tuple(names)
            return head
    return end


# ---------------------------------------------------------------- the body
def _tree(blocks: list[RawBlock], tally: Tally) -> _Open:
    root = _Open(level=0)
    stack = [root]
    index = 0
    while index < len(blocks):
        block = blocks[index]
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if isinstance(block, RawTable):
            stack[-1].body.append(_table(block, "", tally))
        elif isinstance(following, RawTable) and _CAPTION.fullmatch(block.text):
            stack[-1].body.append(_table(following, tag(block.text, block.line, tally), tally))
            index += 1
        else:
            _paragraph(block, stack, tally)
        index += 1
    return root


def _paragraph(block: RawParagraph, stack: list[_Open], tally: Tally) -> None:
    """A body paragraph, a stand-alone heading or a run-in heading with its first paragraph."""
    label = heading_label(block.text)
    level = label.level if label else block.heading_level
    if level is None or level > MAX_LEVEL:
        stack[-1].body.append(Paragraph(tag(block.text, block.line, tally)))
        return
    text = block.text[label.end:] if label else block.text
    # A heading paragraph that goes on after its first sentence is a run-in heading, also in a Word heading style
    # (the exporter's own DOCX sets "（一）标题句。正文……" as one paragraph in the heading's style).
    title, rest = split_run_in(text)
    while stack[-1].level >= level:
        stack.pop()
    if level > stack[-1].level + 1:
        written = block.text[: label.end].strip() if label else f"第{level}级标题"
        tally.notices.append(Notice(block.line, f"标题“{written}{title[:12]}……”上面没有第{level - 1}级标题，"
                                                f"已作为第{stack[-1].level + 1}级标题导入，序号会相应改变"))
        level = stack[-1].level + 1
    section = _Open(level, tag(title, block.line, tally), label.number if label else None, bool(rest))
    if rest:
        section.body.append(Paragraph(tag(rest, block.line, tally)))
    stack[-1].body.append(section)
    stack.append(section)


def _table(raw: RawTable, caption: str, tally: Tally) -> Table:
    header = raw.rows[0] if raw.header_rows and raw.rows else ()
    serial_columns = {i for i, cell in enumerate(header) if cell.text in _SERIAL_HEADERS}
    rows = []
    for row_index, row in enumerate(raw.rows):
        cells = []
        row_label = row[0].text if row and not any(c.isdigit() for c in row[0].text) else ""
        for column, cell in enumerate(row):
            is_body = row_index >= raw.header_rows and column not in serial_columns
            column_label = header[column].text if column < len(header) else ""
            name = f"{row_label}{column_label}" if is_body and row_label and column_label else ""
            # Alignment is kept per column (raw.columns); a header's own centring is the style's business.
            cells.append(Cell(tag_cell(cell.text, name, raw.line, tally), cell.colspan, cell.rowspan))
        rows.append(tuple(cells))
    return Table(tuple(rows), caption, raw.header_rows, raw.columns)


# ---------------------------------------------------------------- numbering
def _number(root: _Open) -> bool:
    """Decide level-3 continuity, then mark every heading whose number the rules would not generate."""
    continuous = _level3_continuous(root)
    counters: dict[int, int] = {}  # level-3 count across parents, when continuous

    def walk(parent: _Open) -> None:
        count = 0
        for child in parent.body:
            if not isinstance(child, _Open):
                continue
            shared = continuous and child.level == 3
            expected = (counters.get(3, 0) if shared else count) + 1
            if child.number is None:
                child.number = expected
            child.number_shown = child.number != expected
            count = child.number
            if shared:
                counters[3] = child.number
            walk(child)

    walk(root)
    return continuous


def _level3_continuous(root: _Open) -> bool:
    """True when level-3 numbers mostly run on from one parent to the next (1. 2. | 3. 4.) instead of restarting."""
    runs: list[list[int]] = []

    def collect(parent: _Open) -> None:
        numbers = [c.number for c in parent.body if isinstance(c, _Open) and c.level == 3 and c.number is not None]
        if numbers:
            runs.append(numbers)
        for child in parent.body:
            if isinstance(child, _Open):
                collect(child)

    collect(root)
    continued = sum(1 for before, after in zip(runs, runs[1:]) if after[0] == before[-1] + 1 and after[0] != 1)
    restarted = sum(1 for before, after in zip(runs, runs[1:]) if after[0] == 1)
    return continued > restarted


def _frozen(body: list[_Open | Paragraph | Table]) -> tuple[Block, ...]:
    blocks: list[Block] = []
    for item in body:
        if isinstance(item, _Open):
            assert item.number is not None
            blocks.append(Section(item.level, item.title, item.number, item.run_in, _frozen(item.body),
                                  item.number_shown))
        else:
            blocks.append(item)
    return tuple(blocks)
