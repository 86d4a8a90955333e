"""Open a report file: check its type and size, decode its text, hand it to the reader for its format."""

from __future__ import annotations

import codecs
from pathlib import Path

from .markdown import read_markdown
from .plaintext import read_plain_text
from .problems import fail
from .tree import RawBlock

MAX_BYTES = 5 * 1024 * 1024  # a report's text is far below this; a larger file is a wrong choice or full of images
TEXT_SUFFIXES = (".txt", ".text")
MARKDOWN_SUFFIXES = (".md", ".markdown")
WORD_SUFFIXES = (".docx",)
_ENCODINGS = ("utf-8-sig", "gb18030")  # UTF-8 (with or without BOM), then the Chinese national encoding (GBK's superset)
_CONVERT_FIRST = {
    ".doc": ("旧版 Word 文件（.doc）不能直接导入", "在 Word 或 WPS 中打开，“另存为” .docx 格式后再导入。"),
    ".wps": ("WPS 文字文件（.wps）不能直接导入", "在 WPS 中打开，“另存为” .docx 格式后再导入。"),
    ".pdf": ("PDF 文件不能直接导入", "复制 PDF 中的文字，粘贴到记事本，保存为 .txt 后再导入；或找到它的 Word 原件。"),
}


def read_blocks(path: Path, file: str) -> list[RawBlock]:
    """The paragraphs and tables of a .txt, .md or .docx report, in order."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise fail("I001", f"找不到文件 {file}", file, "检查文件名和路径是否正确。")
    if suffix in _CONVERT_FIRST:
        message, hint = _CONVERT_FIRST[suffix]
        raise fail("I002", message, file, hint)
    if suffix not in TEXT_SUFFIXES + MARKDOWN_SUFFIXES + WORD_SUFFIXES:
        raise fail("I002", f"不支持导入“{suffix or '无扩展名'}”文件", file, "可以导入 Word（.docx）、Markdown（.md）和纯文本（.txt）文件。")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise fail("I003", f"文件太大（{size / 1024 / 1024:.1f} MB），超过 {MAX_BYTES // 1024 // 1024} MB", file,
                   "报告正文一般不到 1 MB：检查是否选错了文件；Word 文件可删去其中的图片后再导入。")
    if suffix in WORD_SUFFIXES:
        from .word import read_word  # python-docx loads only for Word files

        return read_word(path, file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise fail("I004", f"无法读取文件：{exc.strerror}", file) from None
    text = decode(data, file)
    return read_markdown(text) if suffix in MARKDOWN_SUFFIXES else read_plain_text(text)


def decode(data: bytes, file: str) -> str:
    """The text of a file saved as UTF-8, UTF-8 with BOM, GB18030/GBK or (Notepad's "Unicode") UTF-16."""
    unreadable = fail("I011", "无法识别文件的编码（不是 UTF-8，也不是 GBK/GB18030）", file,
                      "在记事本或 WPS 中打开，“另存为”时编码选择 UTF-8，再导入。")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise unreadable from None
    if b"\x00" in data:
        raise fail("I010", "这不是文本文件（里面有二进制内容）", file, "请选择报告的 Word（.docx）、Markdown 或纯文本文件。")
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise unreadable
