"""Shared test fixtures: the project paths, the example source and the default style."""

from __future__ import annotations

from pathlib import Path

import pytest

from docx_fixtures import draw_seal, sample_resolved, seal_of
from exporter.build import Checked, check_source
from exporter.resolved import Resolved
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


@pytest.fixture(scope="session")
def seal_image(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A red ring-and-star seal with a transparent background, as a clerk's scanned seal would be."""
    return draw_seal(tmp_path_factory.mktemp("seal") / "seal.png")


@pytest.fixture(scope="session")
def sealed(seal_image: Path) -> Resolved:
    """The sample report of the writer tests, with a seal."""
    return sample_resolved(seal=seal_of(seal_image))
