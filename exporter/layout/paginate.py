"""Pagination: the flow's slots onto pages of grid lines, keeping what must stand together."""

from __future__ import annotations

from .flow import Slot


def paginate(flow: list[Slot], first_line: int, lines_per_page: int) -> list[list[tuple[int, Slot]]]:
    """Fill pages line by line and return per page its (grid line, slot) pairs.

    A slot marked `keep` never ends a page; a blank slot never starts one; a slot marked `new_page`
    starts one; a slot that starts a page brings its `repeat` slots (a table's header rows) above it;
    a `turned` slot (a landscape table's page) fills its page.
    """
    pages: list[list[tuple[int, int, Slot]]] = [[]]  # (grid line, flow index or -1 for a repeated slot, slot)
    line = first_line
    i = 0
    while i < len(flow):
        page = pages[-1]
        slot = flow[i]
        if slot.line is None and slot.turned is None and line == 0:
            i += 1  # blank space is not carried to the top of a page
            continue
        if slot.new_page and line > 0:
            pages.append([])
            line = 0
            continue
        if line == 0 and slot.repeat and len(slot.repeat) < lines_per_page - 1:
            for repeated in slot.repeat:
                page.append((line, -1, repeated))
                line += 1
        if line < lines_per_page:
            if slot.line is not None or slot.turned is not None:
                page.append((line, i, slot))
            line += lines_per_page if slot.turned is not None else 1
            i += 1
            continue
        keep_from = len(page)
        while keep_from > 0 and page[keep_from - 1][2].keep:
            keep_from -= 1
        if 0 < keep_from < len(page) and page[keep_from][1] >= 0:  # carry the kept lines over, unless they fill the page
            i = page[keep_from][1]
            del page[keep_from:]
        pages.append([])
        line = 0
    if not pages[-1] and len(pages) > 1:
        pages.pop()
    return [[(index, slot) for index, _, slot in page] for page in pages]
