"""Diagnostics with file, line and column, and the errors that carry them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path


class Level(Enum):
    """How serious a diagnostic is."""

    ERROR = "错误"
    WARNING = "警告"


@dataclass(frozen=True)
class Location:
    """A place in a source file; line and column count from 1 (0 = unknown)."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.file
        if self.column <= 0:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"

    def shifted(self, columns: int) -> "Location":
        """The same line, `columns` characters further right."""
        return Location(self.file, self.line, self.column + columns if self.column else 0)


UNKNOWN = Location("<内部>")


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in a source or style file, worded for a clerk."""

    level: Level
    code: str
    message: str
    location: Location = UNKNOWN
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.location}: {self.level.value}[{self.code}]: {self.message}"
        if self.hint:
            text += f"\n    修改建议：{self.hint}"
        return text


class ExporterError(Exception):
    """Base of every error the command reports to the user without a traceback."""

    def __init__(self, diagnostics: list[Diagnostic] | Diagnostic) -> None:
        self.diagnostics = [diagnostics] if isinstance(diagnostics, Diagnostic) else list(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


class ContentError(ExporterError):
    """The report source has mistakes the clerk must fix."""


class StyleError(ExporterError):
    """The style sheet is invalid."""


class OutputError(ExporterError):
    """The outputs cannot be written where they were asked for; the previous ones stay as they were."""


class FontError(ExporterError):
    """A font a role needs is missing, damaged or lacks a character."""


def error(code: str, message: str, location: Location = UNKNOWN, hint: str = "") -> Diagnostic:
    """An error-level diagnostic."""
    return Diagnostic(Level.ERROR, code, message, location, hint)


def warning(code: str, message: str, location: Location = UNKNOWN, hint: str = "") -> Diagnostic:
    """A warning-level diagnostic."""
    return Diagnostic(Level.WARNING, code, message, location, hint)


def relative_name(path: Path) -> str:
    """The path as a clerk would type it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
