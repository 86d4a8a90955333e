"""GB/T 15834 punctuation: ASCII marks standing in Chinese text."""

from __future__ import annotations

from ...cjk.scripts import ascii_marks_in_chinese
from ...yamlsource import Map, Node, Scalar, Seq, is_null
from ..edits import found, prose_edit
from ..findings import Finding
from ..source import LintSource

ASCII_MARK = "L101"
# 公文 elements outside the body: checked, but left to the clerk (a title must stay equal to its title_breaks,
# a recipient to the organ's registered name).
_META_TEXTS = ("title", "title_breaks", "issuer", "issuer_mark", "recipients", "note", "cc", "printer", "subject")
_META_UNFIXED = "fix 只改正文、标题、表格和附件正文中的文字，公文要素请核对后手工修改"


def check(source: LintSource) -> list[Finding]:
    """ASCII , ( ) ; : ? ! " next to Chinese characters, in prose (fixable) and in the 公文 elements."""
    findings: list[Finding] = []
    for prose in source.prose:
        chunks, _ = prose.parts
        for chunk in chunks:
            for mark in ascii_marks_in_chinese(chunk.text):
                at = chunk.at[mark.offset]
                edit = prose_edit(source, prose, at, at + 1, mark.replacement, f"中文里用全角“{mark.replacement}”")
                findings.append(found(source.where(prose, at), ASCII_MARK, f"中文中使用了英文标点“{mark.mark}”",
                                      f"改为全角“{mark.replacement}”（GB/T 15834）。", edit))
    for scalar in _meta_texts(source):
        for mark in ascii_marks_in_chinese(scalar.raw):
            findings.append(Finding(scalar.column_of(mark.offset), ASCII_MARK,
                                    f"中文中使用了英文标点“{mark.mark}”",
                                    f"改为全角“{mark.replacement}”（GB/T 15834）。", unfixed=_META_UNFIXED))
    return findings


def _meta_texts(source: LintSource) -> list[Scalar]:
    meta = source.meta
    if meta is None:
        return []
    texts: list[Scalar] = []
    for key in _META_TEXTS:
        texts += _scalars(meta.get(key))
    attachments = meta.get("attachments")
    for item in attachments.items if isinstance(attachments, Seq) else _scalars(attachments):
        texts += _scalars(item.get("title") if isinstance(item, Map) else item)
    return texts


def _scalars(node: Node | None) -> list[Scalar]:
    if isinstance(node, Scalar):
        return [] if is_null(node) else [node]
    if isinstance(node, Seq):
        return [item for item in node.items if isinstance(item, Scalar) and not is_null(item)]
    return []
