"""Time the DOCX writer alone as a report grows: the example repeated, and reports of N one-line paragraphs.

Usage (from the project folder, with the project's virtual environment):

    .venv/bin/python bench/bench_docx.py                                  # ×1, ×10, ×100; 1k … 100k paragraphs
    .venv/bin/python bench/bench_docx.py --copies 100 --paragraphs 0 --profile 15
    .venv/bin/python bench/bench_docx.py --copies 0 --paragraphs 1000,10000,32000

Each report is loaded, resolved and laid out once (untimed: the writer's input); then the writer runs
`--runs` times; the medians of wall and processor time are reported (the processor time is the steadier
on a shared machine), with the processor time per block, which stays flat while the writer is linear in
the number of paragraphs. The reports of N paragraphs are one source of 1,000 resolved
and its body repeated (a source of 100,000 would exceed the loader's 2 MB limit).
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import io
import pstats
import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from exporter.build import check_source  # noqa: E402
from exporter.layout import layout  # noqa: E402
from exporter.fonts import load_metrics  # noqa: E402
from exporter.resolved import Body, Resolved  # noqa: E402
from exporter.styles import StyleSheet, load_style  # noqa: E402
from exporter.writers import Job  # noqa: E402
from exporter.writers.docx import write  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compare import EXAMPLE, repeated_source  # noqa: E402

# One body line: 11 characters after the 2-character indent, far from the 28 of a full line; no digits,
# which prose may not hold bare (C061).
ONE_LINE = "全面推进依法行政工作。"
PARAGRAPHS_PER_SOURCE = 1000


def paragraphs_source(count: int, folder: Path) -> Path:
    """The example's head (版头, title, 主送机关, 署名, 版记) over a body of `count` one-line paragraphs."""
    head = EXAMPLE.read_text(encoding="utf-8").split("\nbody:\n", 1)[0]
    path = folder / f"paragraphs-{count}.yaml"
    path.write_text(head + "\nbody:\n" + f"  - {ONE_LINE}\n" * count, encoding="utf-8")
    return path


def example_job(copies: int, folder: Path, style: StyleSheet) -> tuple[str, Job]:
    """The example with its body repeated `copies` times, laid out."""
    checked = check_source(repeated_source(copies, folder), style)
    return f"example ×{copies}", Job(checked.resolved, style, checked.pages, checked.fonts)


def paragraphs_job(count: int, folder: Path, style: StyleSheet) -> tuple[str, Job]:
    """A report of `count` one-line paragraphs: a source of PARAGRAPHS_PER_SOURCE, its body repeated, laid out."""
    checked = check_source(paragraphs_source(PARAGRAPHS_PER_SOURCE, folder), style)
    repeats = max(1, count // PARAGRAPHS_PER_SOURCE)
    elements = tuple(dataclasses.replace(element, blocks=element.blocks * repeats) if isinstance(element, Body)
                     else element for element in checked.resolved.elements)
    resolved: Resolved = dataclasses.replace(checked.resolved, elements=elements)
    metrics = {face: load_metrics(font) for face, font in checked.fonts.items()}
    pages = layout(resolved, style, metrics, fallbacks=style.pdf.fallback_faces)
    return f"{count} paragraphs", Job(resolved, style, pages, checked.fonts)


def time_writer(label: str, job: Job, prepared: float, runs: int, profile_top: int) -> None:
    """Time the DOCX writer on a laid-out report."""
    assert job.pages is not None
    paragraphs = sum(1 for _ in job.resolved.blocks())
    with tempfile.TemporaryDirectory() as out:
        target = Path(out) / "out.docx"
        seconds, processor = [], []
        for _ in range(runs):
            started, started_cpu = time.perf_counter(), time.process_time()
            write(job, target)
            seconds.append(time.perf_counter() - started)
            processor.append(time.process_time() - started_cpu)
        size = target.stat().st_size
        median, cpu = statistics.median(seconds), statistics.median(processor)
        print(f"{label:<18} {len(job.pages.pages):6d} pages {paragraphs:7d} blocks  layout {prepared:6.2f} s  "
              f"write {median:8.3f} s (min {min(seconds):.3f}; processor {cpu:.3f} s; {runs} runs)  "
              f"{cpu / max(1, paragraphs) * 1e6:7.1f} µs/block  {size / 1024:6.0f} KiB", flush=True)
        if profile_top:
            profiler = cProfile.Profile()
            profiler.runcall(write, job, target)
            text = io.StringIO()
            pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(profile_top)
            print(text.getvalue())


def sizes(text: str) -> list[int]:
    return [int(item) for item in text.split(",") if item.strip() and int(item) > 0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", default="1,10,100", help="body repetitions of the example (0: none)")
    parser.add_argument("--paragraphs", default="1000,10000,32000,100000",
                        help="reports of this many one-line paragraphs (0: none)")
    parser.add_argument("--runs", type=int, default=0, help="writer runs per source (default: 5, 3 above 20,000 blocks, 1 above 50,000)")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="profile one more run, print its N costliest functions")
    args = parser.parse_args()
    style = load_style()
    with tempfile.TemporaryDirectory() as folder:
        reports = [(partial(example_job, copies), copies * 200) for copies in sizes(args.copies)]
        reports += [(partial(paragraphs_job, count), count) for count in sizes(args.paragraphs)]
        for make, blocks in reports:
            started = time.perf_counter()
            label, job = make(Path(folder), style)
            prepared = time.perf_counter() - started
            runs = args.runs or (5 if blocks <= 20_000 else 3 if blocks <= 50_000 else 1)
            time_writer(label, job, prepared, runs, args.profile)


if __name__ == "__main__":
    main()
