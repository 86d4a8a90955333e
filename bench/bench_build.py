"""Time each pipeline stage in one process on the example and on a long report (default about 850 pages); optionally profile each stage."""

from __future__ import annotations

import argparse
import cProfile
import importlib
import io
import pstats
import resource
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any, Callable, TypeVar

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from exporter.build import FORMATS, check_source  # noqa: E402
from exporter.fonts import load_metrics, resolve_fonts  # noqa: E402
from exporter.layout import layout  # noqa: E402
from exporter.styles import load_style  # noqa: E402
from exporter.writers import Job  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compare import EXAMPLE, repeated_source  # noqa: E402

T = TypeVar("T")


class Stages:
    """Times stages and, when asked, profiles a second run of each and prints its costliest functions."""

    def __init__(self, profile_top: int) -> None:
        self.profile_top = profile_top

    def run(self, label: str, action: Callable[[], T], pages: int = 0, *, repeatable: bool = True) -> T:
        """Run `action`, printing its wall time (and pages per second when it handled `pages` pages)."""
        started = time.perf_counter()
        result = action()
        elapsed = time.perf_counter() - started
        rate = f"  {pages / elapsed:8.0f} pages/s" if pages and elapsed else ""
        print(f"  {label:<28} {elapsed:7.3f} s{rate}")
        if self.profile_top and repeatable:
            self._profile(action)
        return result

    def _profile(self, action: Callable[[], Any]) -> None:
        profiler = cProfile.Profile()
        profiler.runcall(action)
        text = io.StringIO()
        stats = pstats.Stats(profiler, stream=text)
        stats.sort_stats("tottime").print_stats(self.profile_top)
        body = text.getvalue().split("ncalls", 1)[-1].splitlines()[1:]
        print("      own s    total s  calls       function  (profiled again; cProfile slows Python code about 2×)")
        for line in body:
            parts = line.split(None, 5)
            if len(parts) == 6:
                calls, own, _, total, _, where = parts
                print(f"    {float(own):7.3f}  {float(total):7.3f}  {calls:>12}  {_short(where)}")


def _short(where: str) -> str:
    """A profile row's place without the folders before the package or the standard library."""
    for marker in ("/exporter/", "/site-packages/", "/lib/python3"):
        if marker in where:
            return where.split(marker, 1)[1]
    return where


def bench(source: Path, formats: tuple[str, ...], stages: Stages) -> None:
    style = load_style()
    print(f"{source.name}")
    started = time.perf_counter()
    checked = stages.run("load + check + resolve", lambda: check_source(source, style))
    fonts = stages.run("resolve fonts", lambda: resolve_fonts(sorted({f.face for f in style.fonts.values()})))
    metrics = stages.run("font metrics", lambda: {face: load_metrics(font) for face, font in fonts.items()})
    lay_out = partial(layout, checked.resolved, style, metrics, fallbacks=style.pdf.fallback_faces)
    pages = stages.run("layout", lay_out)
    count = len(pages.pages)
    print(f"  {'pages':<28} {count:7d}")
    pages = stages.run("layout again (warm)", lay_out, count, repeatable=False)
    job = Job(checked.resolved, style, pages, fonts)
    with tempfile.TemporaryDirectory() as out:
        for fmt in formats:
            module = f"exporter.writers.{fmt}"
            writer = stages.run(f"import {fmt} writer", partial(importlib.import_module, module), repeatable=False)
            target = Path(out) / f"{source.stem}.{fmt}"
            write = partial(writer.write, job, target)
            stages.run(f"write {fmt}", write, count if fmt == "pdf" else 0)
            if fmt == "pdf":  # a rebuild in the same process: fonts and cached tables already loaded
                stages.run("write pdf again (warm)", write, count, repeatable=False)
    print(f"  {'total':<28} {time.perf_counter() - started:7.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=110, help="body repetitions of the long report (110 ≈ 850 pages)")
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="after timing each stage, profile it again and print its N costliest functions")
    parser.add_argument("--long-only", action="store_true", help="skip the example, time the long report only")
    args = parser.parse_args()
    formats = tuple(args.formats.split(","))
    stages = Stages(args.profile)
    if not args.long_only:
        bench(EXAMPLE, formats, stages)
    with tempfile.TemporaryDirectory() as folder:
        bench(repeated_source(args.copies, Path(folder)), formats, stages)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak resident memory: {peak_kib / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
