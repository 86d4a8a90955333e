"""The errors an import reports: a file that cannot be read or is not a report."""

from __future__ import annotations

from ..errors import ExporterError, Location, error


class ImportFailure(ExporterError):
    """The file cannot be imported; nothing is written."""


def fail(code: str, message: str, file: str, hint: str = "", line: int = 0) -> ImportFailure:
    """An ImportFailure with one located Chinese diagnostic."""
    return ImportFailure(error(code, message, Location(file, line), hint))
