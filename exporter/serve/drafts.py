"""Reports being worked on: each draft a source file in its own folder under the build folder, with its undo history."""

from __future__ import annotations

import asyncio
import secrets
import shutil
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..atomic import write_atomically

HISTORY = 30  # undo steps kept a draft
HISTORY_CHARS = 4_000_000  # and no more text than this in them, so a long report's history stays small
_ID_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")


class DraftMissing(LookupError):
    """No draft with that id (closed, or pushed out by newer ones)."""


@dataclass
class Draft:
    """One report on the page: its source text, written to `source` after every change."""

    id: str
    folder: Path
    stem: str
    text: str
    revision: int = 1
    saved_as: str | None = None  # the content/ file it was opened from or saved to
    history: list[str] = field(default_factory=list)
    preview: dict[str, Any] = field(default_factory=dict)  # the last state sent to the page (no images)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    used: float = field(default_factory=time.monotonic)

    @property
    def source(self) -> Path:
        return self.folder / f"{self.stem}.yaml"

    @property
    def out(self) -> Path:
        return self.folder / "out"

    def write(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomically(self.source, lambda path: path.write_text(self.text, encoding="utf-8"))

    def change(self, text: str) -> None:
        """Take new source text, keeping the old one for undo."""
        if text == self.text:
            return
        self.history.append(self.text)
        del self.history[:-HISTORY]
        while len(self.history) > 1 and sum(map(len, self.history)) > HISTORY_CHARS:
            del self.history[0]
        self.text = text
        self.revision += 1
        self.write()

    def undo(self) -> bool:
        if not self.history:
            return False
        self.text = self.history.pop()
        self.revision += 1
        self.write()
        return True

    def rename(self, stem: str) -> None:
        """Work on under another file name (the outputs take it too)."""
        if stem == self.stem:
            return
        old = self.source
        self.stem = stem
        self.write()
        old.unlink(missing_ok=True)


class Drafts:
    """The drafts of this start, the least recently used dropped (folder and all) beyond `limit`."""

    def __init__(self, root: Path, limit: int) -> None:
        self.root = root
        self.limit = limit
        self.items: OrderedDict[str, Draft] = OrderedDict()

    def create(self, stem: str, text: str) -> Draft:
        ident = secrets.token_urlsafe(12)
        draft = Draft(ident, self.root / ident, stem, text)
        draft.write()
        self.items[ident] = draft
        while len(self.items) > self.limit:
            _, oldest = self.items.popitem(last=False)
            shutil.rmtree(oldest.folder, ignore_errors=True)
        return draft

    def get(self, ident: str) -> Draft:
        if not ident or set(ident) - _ID_CHARS or ident not in self.items:
            raise DraftMissing(ident)
        self.items.move_to_end(ident)
        draft = self.items[ident]
        draft.used = time.monotonic()
        return draft

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


class PageImages:
    """Page pictures by digest, least recently used dropped beyond a total size; unchanged pages are never painted twice."""

    def __init__(self, limit_bytes: int) -> None:
        self.limit = limit_bytes
        self.size = 0
        self.items: OrderedDict[str, bytes] = OrderedDict()

    def get(self, digest: str) -> bytes | None:
        image = self.items.get(digest)
        if image is not None:
            self.items.move_to_end(digest)
        return image

    def add(self, images: dict[str, bytes]) -> None:
        for digest, image in images.items():
            if digest in self.items:
                continue
            self.items[digest] = image
            self.size += len(image)
        while self.size > self.limit and len(self.items) > 1:
            _, dropped = self.items.popitem(last=False)
            self.size -= len(dropped)

    def known(self, digests: list[str] | None = None) -> frozenset[str]:
        return frozenset(self.items) if digests is None else frozenset(d for d in digests if d in self.items)
