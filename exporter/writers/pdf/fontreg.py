"""Font registration: each face's file registered once per process as a ReportLab TrueType font, embedded as subsets."""

from __future__ import annotations

import hashlib
import re
from typing import Mapping

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from ...errors import FontError, Location, error
from ...fonts import FontFile
from .facecache import restoring_faces

_registered: dict[tuple[str, int], str] = {}  # (font file, subfont index) → ReportLab font name


def register_faces(fonts: Mapping[str, FontFile]) -> dict[str, str]:
    """The ReportLab font name of each face key, registering each file the first time it is seen."""
    names: dict[str, str] = {}
    for face in sorted(fonts):
        font = fonts[face]
        key = (str(font.path), font.subfont_index)
        name = _registered.get(key)
        if name is None:
            name = _free_name(face, font)
            try:
                with restoring_faces():
                    ttf = TTFont(name, str(font.path), subfontIndex=font.subfont_index)
                pdfmetrics.registerFont(ttf)
                if pdfmetrics.getFont(name) is not ttf:  # type: ignore[comparison-overlap]  # stubs: getFont gives a Font only
                    # ReportLab shares one font object among files with the same PostScript name;
                    # give this file a name of its own so each face prints with its own file.
                    ttf.face.name += b"-" + _digest(font).encode()
                    name += "-" + _digest(font)
                    ttf.fontName = name
                    pdfmetrics.registerFont(ttf)
            except (TTFError, OSError) as exc:
                # ReportLab embeds TrueType outlines only; a CFF font or a damaged file ends here.
                raise FontError(error(
                    "F030", f"字体文件 {font.path} 无法嵌入 PDF（{exc}）",
                    Location("字体"), "PDF 只能嵌入 TrueType（glyf）轮廓的字体；请换用 .ttf 字体文件。")) from exc
            _registered[key] = name
        names[face] = name
    return names


def _free_name(face: str, font: FontFile) -> str:
    """A ReportLab name naming the face and family; a second file for the same face gets its path's digest."""
    base = re.sub(r"[^A-Za-z0-9-]+", "", f"{face}-{font.family}") or face
    if font.subfont_index:
        base += f"-{font.subfont_index}"
    if base in pdfmetrics.getRegisteredFontNames():
        base += "-" + _digest(font)
    return base


def _digest(font: FontFile) -> str:
    return hashlib.sha256(f"{font.path}#{font.subfont_index}".encode()).hexdigest()[:8]
