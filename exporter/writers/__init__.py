"""Writers: each turns one build job into one output file, and none imports another."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Mapping

from ..resolved import Resolved
from ..styles import StyleSheet

if TYPE_CHECKING:
    from ..fonts import FontFile
    from ..pages import Pages


@dataclass(frozen=True)
class Job:
    """Everything a writer may read: the resolved report, the style, and the laid-out pages."""

    resolved: Resolved
    style: StyleSheet
    pages: "Pages | None" = None  # the layout stage's result; the PDF and XLSX writers need it
    fonts: "Mapping[str, FontFile] | None" = None  # PDF face key → font file
    may_fork: bool = False  # a writer may fork part of its work onto the other core
