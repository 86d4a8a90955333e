"""The package type-checks: `mypy --strict` over exporter/ (configured in pyproject.toml) reports no error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def test_mypy_strict_reports_no_errors() -> None:
    # Run from the project folder so mypy reads [tool.mypy] and keeps its cache in .mypy_cache/:
    # a warm run takes about a second.
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=PROJECT_DIR, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, f"mypy --strict found errors:\n{result.stdout}{result.stderr}"
    assert "Success: no issues found" in result.stdout
