"""Shared test fixtures: the project paths, the example source and the default style."""

from __future__ import annotations

from pathlib import Path

import pytest

from exporter.build import Checked, check_source
from exporter.styles import StyleSheet, load_style

PROJECT = Path(__file__).resolve().parent.parent
EXAMPLE = PROJECT / "content" / "nanyang-2022.yaml"
SEED_COPY = PROJECT / "tests" / "data" / "nanyang-2022-report.txt"


@pytest.fixture(scope="session")
def style() -> StyleSheet:
    return load_style()


@pytest.fixture(scope="session")
def example(style: StyleSheet) -> Checked:
    return check_source(EXAMPLE, style)


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_COPY.read_text(encoding="utf-8")
