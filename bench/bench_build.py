"""Time each pipeline stage on the example and on a long synthetic report (default about 850 pages)."""

from __future__ import annotations

import argparse
import importlib
import sys
import tempfile
import time
import resource
from functools import partial
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from exporter.build import FORMATS, check_source  # noqa: E402
from exporter.fonts import load_metrics, resolve_fonts  # noqa: E402
from exporter.layout import layout  # noqa: E402
from exporter.styles import load_style  # noqa: E402
from exporter.writers import Job  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compare import EXAMPLE, repeated_source  # noqa: E402


def timed(label: str, action, pages: int = 0):
    """Run `action`, printing its wall time (and pages per second when it handled `pages` pages)."""
    started = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - started
    rate = f"  {pages / elapsed:8.0f} pages/s" if pages and elapsed else ""
    print(f"  {label:<28} {elapsed:7.3f} s{rate}")
    return result


def bench(source: Path, formats: tuple[str, ...]) -> None:
    style = load_style()
    print(f"{source.name}")
    started = time.perf_counter()
    checked = timed("load + check + resolve", lambda: check_source(source, style))
    fonts = timed("resolve fonts", lambda: resolve_fonts(sorted({f.pdf for f in style.fonts.values()})))
    metrics = timed("font metrics", lambda: {face: load_metrics(font) for face, font in fonts.items()})
    lay_out = partial(layout, checked.resolved, style, metrics, fallbacks=style.pdf.fallback_faces)
    pages = timed("layout", lay_out)
    count = len(pages.pages)
    print(f"  {'pages':<28} {count:7d}")
    pages = timed("layout again (warm)", lay_out, count)
    job = Job(checked.resolved, style, pages, fonts)
    with tempfile.TemporaryDirectory() as out:
        for fmt in formats:
            writer = importlib.import_module(f"exporter.writers.{fmt}")
            target = Path(out) / f"{source.stem}.{fmt}"
            write = partial(writer.write, job, target)
            timed(f"write {fmt}", write, count if fmt == "pdf" else 0)
            if fmt == "pdf":  # the second time its fonts are registered: a rebuild in the same process
                timed("write pdf again (warm)", write, count)
    print(f"  {'total':<28} {time.perf_counter() - started:7.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=110, help="body repetitions of the long report (110 ≈ 850 pages)")
    parser.add_argument("--formats", default=",".join(FORMATS))
    args = parser.parse_args()
    formats = tuple(args.formats.split(","))
    bench(EXAMPLE, formats)
    with tempfile.TemporaryDirectory() as folder:
        bench(repeated_source(args.copies, Path(folder)), formats)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak resident memory: {peak_kib / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
