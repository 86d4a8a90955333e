"""ReportLab's parsed TrueType tables kept on disk: a face is parsed once per font file, not once per run."""

from __future__ import annotations

import gc
import hashlib
import marshal
import operator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any, Iterator, Literal

import reportlab
from reportlab.pdfbase import ttfonts

from ...atomic import write_bytes_atomically
from ...fonts import font_cache_dir

_FORMAT = 1
_NOT_KEPT = ("_ttf_data", "_pdfScale")  # the file's bytes are read afresh; the scale function is rebuilt
_NAME_BYTES = "TTFNameBytes"  # marks ReportLab's name strings (UTF-8 bytes that carry .ustr) in the stored fields


class _RestoredFace(ttfonts.TTFontFace):
    """ReportLab's face, whose extracted tables come from the cache when the file is the one they were read from."""

    def extractInfo(self, charInfo: bool | Literal[0, 1] = 1) -> None:  # noqa: N802, N803 — ReportLab's names
        key = _key(Path(self.filename), self.subfontNameX, charInfo)
        restored = _read(key)
        if restored is not None:
            self.__dict__.update(restored)
            return
        super().extractInfo(charInfo)
        _write(key, self.__dict__)


@contextmanager
def restoring_faces() -> Iterator[None]:
    """While open, ReportLab's TTFont builds its face as a _RestoredFace (it names the class TTFontFace)."""
    original = ttfonts.TTFontFace
    ttfonts.TTFontFace = _RestoredFace  # type: ignore[misc]  # the point: ReportLab's class swapped for a while
    try:
        yield
    finally:
        ttfonts.TTFontFace = original  # type: ignore[misc]


def _key(path: Path, subfont: bytes, char_info: int) -> tuple[Any, ...]:
    stat = path.stat()
    return (_FORMAT, reportlab.Version, str(path), subfont, char_info, stat.st_size, stat.st_mtime_ns)


def _store(key: tuple[Any, ...]) -> Path:
    return font_cache_dir() / "reportlab" / f"{hashlib.sha256(repr(key).encode()).hexdigest()[:24]}.bin"


def _read(key: tuple[Any, ...]) -> dict[str, Any] | None:
    try:
        data = _store(key).read_bytes()
    except OSError:
        return None  # not cached yet
    # A face's tables are some 100,000 small lists and tuples made at once; the cycle collector would
    # walk them, and the whole heap, several times over while they load, and can find nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        stored_key, fields = marshal.loads(data)
    except (ValueError, EOFError, TypeError):
        return None  # a damaged record: the face is parsed again
    finally:
        if collecting:
            gc.enable()
    if stored_key != key or not isinstance(fields, dict) or "unitsPerEm" not in fields:
        return None
    for name, value in fields.items():
        if isinstance(value, tuple) and len(value) == 2 and value[0] == _NAME_BYTES:
            fields[name] = ttfonts.TTFNameBytes(value[1], "utf8")
    units = fields["unitsPerEm"]  # font units → PDF glyph space, as extractInfo builds it
    fields["_pdfScale"] = (lambda x: x) if units == 1000 else partial(operator.mul, 1000 / units)
    return fields


def _write(key: tuple[Any, ...], fields: dict[str, Any]) -> None:
    kept = {name: (_NAME_BYTES, bytes(value)) if isinstance(value, ttfonts.TTFNameBytes) else value
            for name, value in fields.items() if name not in _NOT_KEPT}
    try:
        data = marshal.dumps((key, kept))
        target = _store(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomically(target, data)
    except (OSError, ValueError):
        pass  # a read-only cache, or a value marshal cannot write, only costs speed
