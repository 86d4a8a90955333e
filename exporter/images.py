"""印章 images read and decoded once, with Pillow, when the source is loaded: refused with the source line unless every writer can embed them."""

from __future__ import annotations

import io
import os
import stat
import warnings
from pathlib import Path
from typing import TYPE_CHECKING


from .errors import ContentError, Location, error
from .model import SealImage
from .oserrors import hint, reason
from .yamlsource import Node, Reader

if TYPE_CHECKING:
    from PIL import Image

SEAL_SUFFIXES = (".png", ".jpg", ".jpeg")
# A 42 mm seal (§7.3.5.1) scanned at 600 dpi is about 1000 px across; four times that is no seal, and
# its decoded pixels (64 MB at 4000 × 4000 RGBA) are as much as a build should hold for one picture.
MAX_SEAL_PIXELS = 4000
MAX_SEAL_BYTES = 20 * 1024 * 1024  # a 1000 px PNG seal is well under 1 MB
# Pillow modes python-docx and ReportLab embed as they are; CMYK would need a CMYK output intent in the PDF/A.
_EMBEDDABLE_MODES = ("1", "L", "LA", "P", "RGB", "RGBA")
# python-docx recognises a JPEG by the JFIF or Exif header at byte 6; Adobe and bare JPEGs have neither.
_DOCX_JPEG_HEADERS = (b"JFIF", b"Exif")
_SHOWN_NAME_LENGTH = 40


def checked_seal(r: Reader, node: Node | None, folder: Path) -> SealImage | None:
    """The seal image the source names in `seal:` (relative to the source's folder), or None with the problem recorded."""
    written = r.text(node, "印章图片")
    if written is None or node is None:
        return None
    try:
        return read_seal(folder, written, node.location)
    except ContentError as refused:
        r.problems.extend(refused.diagnostics)
        return None


def read_seal(folder: Path, written: str, where: Location) -> SealImage:
    """Read, decode and check the image `written` names; raise ContentError located at `where` if no writer could use it."""
    shown = _shown(written)
    if "\0" in written:
        raise _refused("G001", f"印章图片的文件名中有空字符（U+0000）：“{shown}”", where, "重新输入印章图片的文件名。")
    if Path(written).suffix.lower() not in SEAL_SUFFIXES:
        raise _refused("C014", f"印章图片应当是 PNG 或 JPEG 文件，这里是“{shown}”", where,
                       "把印章另存为 .png（透明背景）或 .jpg 文件，再写它的文件名。")
    data = _read_file(folder / written, shown, where)
    picture = _decode(data, shown, where)
    return _embeddable(picture, data, written)


def _read_file(path: Path, shown: str, where: Location) -> bytes:
    """The file's bytes; refused before reading when it is missing, not a regular file, empty or too large."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise _refused("C015", f"找不到印章图片“{shown}”", where, "路径相对于源文件所在目录，检查文件名。") from None
    except OSError as exc:
        raise _refused("G002", f"无法读取印章图片“{shown}”：{reason(exc)}", where,
                       hint(exc) or "检查文件名和路径。") from None
    except ValueError:  # a character no file name can hold (a lone surrogate from an escape)
        raise _refused("G001", f"印章图片的文件名中有无法使用的字符：“{shown}”", where, "重新输入印章图片的文件名。") from None
    try:
        info = os.fstat(handle)
        if stat.S_ISDIR(info.st_mode):
            raise _refused("G002", f"印章图片“{shown}”是一个文件夹，不是图片文件", where, "写出文件夹中印章图片的文件名。")
        if not stat.S_ISREG(info.st_mode):
            raise _refused("G002", f"印章图片“{shown}”不是普通文件（可能是设备或管道）", where, "指定一个 PNG 或 JPEG 图片文件。")
        if info.st_size == 0:
            raise _refused("G003", f"印章图片“{shown}”是空文件（0 字节）", where, "重新导出或复制印章图片。")
        if info.st_size > MAX_SEAL_BYTES:
            raise _refused("G004", f"印章图片“{shown}”太大（{info.st_size / 1024 / 1024:.1f} MB），"
                           f"最大 {MAX_SEAL_BYTES // 1024 // 1024} MB", where, _SMALLER_HINT)
        return os.read(handle, MAX_SEAL_BYTES + 1)
    except OSError as exc:
        raise _refused("G002", f"无法读取印章图片“{shown}”：{reason(exc)}", where, hint(exc)) from None
    finally:
        os.close(handle)


_SMALLER_HINT = (f"42 mm 的印章按 600 dpi 约 1000 像素：用图片软件缩小到 {MAX_SEAL_PIXELS} × {MAX_SEAL_PIXELS} 像素以内，"
                 "另存为 PNG 后再试。")
_DAMAGED_HINT = "用图片软件打开印章，另存为 PNG（透明背景）或 JPEG 文件后再试。"


def _decode(data: bytes, shown: str, where: Location) -> Image.Image:
    """Every pixel decoded once, so a truncated or corrupt file is found here and never by a writer."""
    from PIL import Image, UnidentifiedImageError  # here: a report without a seal never loads Pillow

    with warnings.catch_warnings():
        # Pillow's own guard warns in English past 89 million pixels; here it is an error, reported in Chinese.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            picture = Image.open(io.BytesIO(data), formats=("PNG", "JPEG"))
        except UnidentifiedImageError:
            raise _refused("G005", f"印章图片“{shown}”不是 PNG 或 JPEG 图片，或已损坏（文件内容无法识别）", where,
                           _DAMAGED_HINT) from None
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise _refused("G006", f"印章图片“{shown}”的像素太多，最大 {MAX_SEAL_PIXELS} × {MAX_SEAL_PIXELS}", where,
                           _SMALLER_HINT) from None
        except Exception:  # noqa: BLE001 — a damaged header makes Pillow raise nearly anything
            raise _refused("G005", f"印章图片“{shown}”已损坏，无法读取", where, _DAMAGED_HINT) from None
        width, height = picture.size
        if width > MAX_SEAL_PIXELS or height > MAX_SEAL_PIXELS:
            raise _refused("G006", f"印章图片“{shown}”太大：{width} × {height} 像素，最大 {MAX_SEAL_PIXELS} × {MAX_SEAL_PIXELS}",
                           where, _SMALLER_HINT)
        if width < 1 or height < 1:
            raise _refused("G005", f"印章图片“{shown}”没有像素", where, _DAMAGED_HINT)
        try:
            picture.load()
        except Exception:  # noqa: BLE001 — truncated or corrupt pixel data: OSError, SyntaxError, ValueError, zlib.error…
            raise _refused("G005", f"印章图片“{shown}”不完整或已损坏，无法读出全部像素", where, _DAMAGED_HINT) from None
    return picture


def _embeddable(picture: Image.Image, data: bytes, written: str) -> SealImage:
    """The file's own bytes when both writers embed them as they are; otherwise the pixels written again, once."""
    fmt = picture.format or "PNG"
    keep = picture.mode in _EMBEDDABLE_MODES and (fmt == "PNG" or (picture.mode in ("L", "RGB") and data[6:10] in _DOCX_JPEG_HEADERS))
    if keep:
        return SealImage(data, fmt, picture.width, picture.height, picture.mode, written)
    converted = _grey_or_rgb(picture)
    buffer = io.BytesIO()
    if fmt == "JPEG":
        converted.save(buffer, "JPEG", quality=95)  # Pillow writes a JFIF header
    else:
        converted.save(buffer, "PNG")
    return SealImage(buffer.getvalue(), fmt, converted.width, converted.height, converted.mode, written)


def _grey_or_rgb(picture: Image.Image) -> Image.Image:
    """A CMYK JPEG in RGB; 16-bit grey scaled to 8 bits; a transparent picture keeps its alpha."""
    if picture.mode in ("L", "RGB"):
        return picture
    if picture.mode.startswith("I"):
        return picture.convert("I").point(lambda value: value / 256).convert("L")
    has_alpha = "A" in picture.getbands() and picture.format != "JPEG"
    return picture.convert("RGBA" if has_alpha else "RGB")


def _shown(written: str) -> str:
    """The name for a message: a very long one shortened, so the message stays readable."""
    visible = "".join(char if char.isprintable() else f"\\u{ord(char):04x}" for char in written)
    if len(visible) <= _SHOWN_NAME_LENGTH:
        return visible
    return f"{visible[:24]}…{visible[-12:]}（共 {len(written)} 个字符）"


def _refused(code: str, message: str, where: Location, advice: str) -> ContentError:
    return ContentError(error(code, message, where, advice))
