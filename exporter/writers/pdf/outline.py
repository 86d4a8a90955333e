"""The PDF outline (bookmarks): one entry per heading, nested by heading level."""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from ...pages import OutlineEntry


class Outline:
    """Adds the headings of each page to the canvas's outline as the page is painted."""

    def __init__(self, canvas: Canvas, entries: tuple[OutlineEntry, ...]) -> None:
        self.canvas = canvas
        self.entries = entries
        self._next = 0
        self._depth = 0  # the outline refuses a level deeper than one below the previous entry

    def add_page(self, number: int) -> None:
        """Bookmark the headings standing on page `number` (call before the page is shown)."""
        while self._next < len(self.entries) and self.entries[self._next].page == number:
            entry = self.entries[self._next]
            key = f"heading-{self._next}"
            self.canvas.bookmarkHorizontal(key, 0, entry.top)
            level = min(entry.level - 1, self._depth)
            self.canvas.addOutlineEntry(entry.title, key, level=level, closed=False)
            self._depth = level + 1
            self._next += 1

    def finish(self) -> None:
        if self.entries:
            self.canvas.showOutline()
