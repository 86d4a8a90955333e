"""The on-disk cache of ReportLab's font tables changes speed only: cold and warm builds give the same bytes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLE, PROJECT

BUILD_WITH_CACHE_AT = """
import sys
from pathlib import Path
from exporter.writers.pdf import facecache
facecache.font_cache_dir = lambda: Path(sys.argv[1])
from exporter.build import build_outputs, check_source
from exporter.styles import load_style
style = load_style()
build_outputs(check_source(Path(sys.argv[2]), style), style, Path(sys.argv[3]), ("pdf",))
"""


def build(cache: Path, out: Path) -> bytes:
    subprocess.run([sys.executable, "-c", BUILD_WITH_CACHE_AT, str(cache), str(EXAMPLE), str(out)],
                   cwd=PROJECT, check=True, timeout=300)
    return (out / f"{EXAMPLE.stem}.pdf").read_bytes()


def test_cold_and_warm_font_table_cache_give_identical_pdfs(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = build(cache, tmp_path / "cold")
    assert list((cache / "reportlab").glob("*.bin")), "the cold build stores the parsed tables"
    warm = build(cache, tmp_path / "warm")
    assert cold == warm
    (cache / "reportlab").mkdir(exist_ok=True)
    for record in (cache / "reportlab").glob("*.bin"):
        record.write_bytes(b"damaged")
    assert build(cache, tmp_path / "damaged") == cold
