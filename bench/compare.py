"""Whole-process build times and peak memory at ×1, ×10 and ×100 the example, against Typst (PDF) and pandoc (DOCX).

Usage (from the project folder, with the project's virtual environment):

    .venv/bin/python bench/compare.py                      # all sizes, the default number of runs
    .venv/bin/python bench/compare.py --sizes 1,10 --runs 3 --out bench/results/today.md
    .venv/bin/python bench/compare.py --baseline /tmp/base     # also an earlier checkout, as “before”

Each measured command is a fresh process, started the way a clerk starts it. The commands of
one size run in turn, A B C … A B C …, so a slow minute of the shared machine hits every
command alike; the tables give medians. Peak memory is the child's own maximum resident set
(`os.wait4`). Peers that are not installed are skipped with a note: Typst through the `typst`
PyPI package (`pip install -e '.[bench]'`), pandoc from the system (`apt-get install pandoc`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import platform
import re
import shutil
import statistics
import string
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

PROJECT = Path(__file__).resolve().parent.parent
EXAMPLE = PROJECT / "content" / "nanyang-2022.yaml"
BATCH_COPIES = 20

if TYPE_CHECKING:
    from exporter.resolved import Resolved
    from exporter.styles import Length, StyleSheet


# ---------------------------------------------------------------- sources
def repeated_source(copies: int, folder: Path, stem: str | None = None) -> Path:
    """The example with its body repeated `copies` times: the same figures referred to again and again."""
    text = EXAMPLE.read_text(encoding="utf-8")
    head, body = text.split("\nbody:\n", 1)
    items = re.split(r"(?m)^(?=  - )", body)
    path = folder / f"{stem or f'long-{copies}'}.yaml"
    path.write_text(head + "\nbody:\n" + "".join(items * copies), encoding="utf-8")
    return path


def edited_once(text: str, variant: int) -> str:
    """`text` with one ideograph of its first body paragraph replaced (a one-character edit)."""
    start = text.index("\nbody:\n")
    match = re.compile(r"[\u4e00-\u9fff]").search(text, start)
    if match is None:
        raise ValueError("the source has no ideograph in its body")
    replacement = "甲乙"[variant % 2]
    return text[:match.start()] + replacement + text[match.end():]


# ---------------------------------------------------------------- measuring a process
@dataclass(frozen=True)
class Measure:
    """One run of a command: wall time, processor time of the process and its children, peak resident set."""

    wall: float  # seconds
    cpu: float  # user + system seconds
    peak_mib: float


@dataclass(frozen=True)
class Tree:
    """A checkout of the project whose exporter is measured: this one, or an earlier one to compare with."""

    label: str  # "" for this checkout
    path: Path

    def name(self, command: str) -> str:
        return f"{command} ({self.label})" if self.label else command


THIS = Tree("", PROJECT)


def child_environment(project: Path = PROJECT) -> dict[str, str]:
    """The environment of measured processes: the checkout's package, and compiled modules kept.

    An installed exporter runs from compiled modules; with PYTHONDONTWRITEBYTECODE set, every run
    would compile the project's sources again (some 40 ms), which no clerk pays. The untimed
    warm-up run writes them.
    """
    env = dict(os.environ, PYTHONPATH=str(project))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_process(argv: Sequence[str], project: Path = PROJECT) -> Measure:
    """Run `argv` in the checkout `project` to its end; raise RuntimeError with its error output when it fails."""
    env = child_environment(project)
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        child = subprocess.Popen(list(argv), cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            errors.seek(0)
            raise RuntimeError(f"{' '.join(map(str, argv))} failed ({child.returncode}):\n"
                               + errors.read().decode("utf-8", "replace")[-3000:])
    # ru_maxrss of one waited child is that child's peak (KiB on Linux); children it waited for fold in.
    return Measure(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


@dataclass
class Command:
    """A command measured at one size, and the runs it made."""

    name: str
    argv: list[str]
    project: Path = PROJECT
    runs: list[Measure] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(m.wall for m in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(m.cpu for m in self.runs)

    @property
    def peak(self) -> float:
        return statistics.median(m.peak_mib for m in self.runs)


def alternate(commands: Sequence[Command], runs: int, progress: Callable[[str], None]) -> None:
    """One untimed warm-up of each command (file caches, font caches), then `runs` rounds A B C … A B C …."""
    for command in commands:
        run_process(command.argv, command.project)
    for round_number in range(runs):
        for command in commands:
            command.runs.append(run_process(command.argv, command.project))
        progress(f"    round {round_number + 1}/{runs}: "
                 + "  ".join(f"{c.name} {c.runs[-1].wall:.2f}s" for c in commands))


# ---------------------------------------------------------------- peers
@dataclass(frozen=True)
class Peers:
    """The comparison tools found on this machine, and why the others are skipped."""

    typst: str | None  # version
    pandoc: str | None  # path
    notes: tuple[str, ...]


def find_peers() -> Peers:
    notes = []
    typst_version = None
    if importlib.util.find_spec("typst") is not None:
        from importlib.metadata import version

        typst_version = version("typst")
    else:
        notes.append("Typst skipped: the `typst` package is not installed (pip install -e '.[bench]').")
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        notes.append("pandoc skipped: not on PATH (apt-get install pandoc).")
    return Peers(typst_version, pandoc, tuple(notes))


def pandoc_version(pandoc: str) -> str:
    first = subprocess.run([pandoc, "--version"], capture_output=True, text=True, check=True).stdout.splitlines()[0]
    return first.split()[-1]


# The Typst compile a user of the Python package runs: one process, the package's compiler, PDF/A-2b
# like the project's PDF, untagged like the project's PDF (which marks each line's ActualText only).
TYPST_COMPILE = """
import sys, typst
typst.compile(sys.argv[1], output=sys.argv[2], font_paths=sys.argv[3:], ignore_system_fonts=True,
              pdf_standards=["a-2b"], pdf_tags=False)
"""


# ---------------------------------------------------------------- the equivalent Typst document
@dataclass(frozen=True)
class TypstFace:
    """A face as Typst names it: its typographic family and weight."""

    family: str
    weight: int


def typst_faces(style: "StyleSheet") -> tuple[dict[str, TypstFace], list[Path]]:
    """Each font key of the style as Typst names its file, and the folders holding those files."""
    import typst

    from exporter.fonts import resolve_fonts

    files = resolve_fonts(sorted({face.face for face in style.fonts.values()}))
    folders = sorted({font.path.parent for font in files.values()})
    known = {(Path(info.path).resolve(), info.index): TypstFace(info.family, info.weight)
             for info in typst.Fonts(font_paths=[str(f) for f in folders], include_system_fonts=False,
                                     include_embedded_fonts=False).fonts()}
    faces = {key: known[(font.path.resolve(), font.subfont_index)] for key, font in files.items()}
    return {role: faces[face.face] for role, face in style.fonts.items()}, folders


def _typst_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class TypstWriter:
    """The resolved report as Typst markup with the project's page geometry, grid, faces and elements."""

    def __init__(self, style: "StyleSheet", faces: dict[str, TypstFace]) -> None:
        self.style = style
        self.faces = faces
        self.body = style.role("body")

    def text(self, text: str, role: str) -> str:
        """`text` in a role's face, size and colour; the body role is the document default."""
        if role == "body":
            return "#" + _typst_string(text)
        spec = self.style.role(role)
        face = self.faces[spec.font]
        parts = [f'font: "{face.family}"', f"weight: {face.weight}"]
        if spec.size.pt != self.body.size.pt:
            parts.append(f"size: {spec.size.pt:.2f}pt")
        if spec.color.upper() != "#000000":
            parts.append(f'fill: rgb("{spec.color}")')
        return f"#text({', '.join(parts)}, {_typst_string(text)})"

    def preamble(self) -> str:
        style, body = self.style, self.body
        page, grid = style.page, style.grid
        size = body.size.pt
        face = self.faces[body.font]
        number = style.page_number
        before, after = number.text(987654321).split("987654321")
        number_face = self.faces[style.role("page_number").font]
        return f"""// Equivalent to the project's PDF: page geometry, grid, faces and elements from {style.name}.
#set document(title: {_typst_string("")})
#set page(width: {page.width.pt:.3f}pt, height: {page.height.pt:.3f}pt,
  margin: (top: {page.margin_top.pt:.3f}pt, left: {page.margin_left.pt:.3f}pt,
           right: {page.margin_right_pt:.3f}pt, bottom: {page.margin_bottom_pt:.3f}pt),
  footer-descent: {number.offset.pt:.3f}pt,
  footer: context {{
    let n = counter(page).get().first()
    let shown = text(font: "{number_face.family}", size: {style.role("page_number").size.pt:.2f}pt,
                     {_typst_string(before)} + str(n) + {_typst_string(after)})
    if calc.odd(n) {{ align(right, pad(right: {number.inset.pt:.3f}pt, shown)) }}
    else {{ align(left, pad(left: {number.inset.pt:.3f}pt, shown)) }}
  }})
// {grid.chars_per_line} cells of {grid.cell_pt:.3f}pt a line; {grid.lines_per_page} lines {grid.line_pitch.pt}pt apart.
#set text(font: "{face.family}", weight: {face.weight}, size: {size:.2f}pt, lang: "zh", region: "cn",
          top-edge: 0.88em, bottom-edge: -0.12em, tracking: {grid.cell_pt - size:.4f}pt, cjk-latin-spacing: none)
#set par(justify: true, leading: {grid.line_pitch.pt - size:.3f}pt, spacing: {grid.line_pitch.pt - size:.3f}pt,
         first-line-indent: (amount: 2em, all: true))
#show heading: set text(size: {size:.2f}pt, weight: {face.weight})
#show heading: it => block(above: {grid.line_pitch.pt - size:.3f}pt, below: {grid.line_pitch.pt - size:.3f}pt,
                           par(first-line-indent: (amount: 2em, all: true), justify: false, it.body))
// A run-in heading is bookmarked like a stand-alone one and printed at the start of its paragraph.
#let runin(level, title) = place(hide(heading(level: level, title)))
"""

    @staticmethod
    def gap(length: "Length") -> str:
        return f"#v({length.pt:.3f}pt)"

    def document(self, resolved: "Resolved") -> str:
        """The whole report: 版头, title, 主送机关, body, 附件说明, 署名, 日期, 附注, attachments and 版记."""
        from exporter import resolved as r

        style = self.style
        out = [self.preamble()]
        for element in resolved.elements:
            if isinstance(element, r.VersionHead) and style.header.enabled:
                header = style.header
                out.append(f"#v({header.mark_offset.pt:.3f}pt)")
                out.append(f"#align(center, {self.text(element.mark + header.mark_suffix, 'issuer_mark')[1:]})")
                out.append(self.gap(header.number_gap))
                signer = ""
                if element.signer_label and element.signers:
                    signer = (self.text(element.signer_label, "signer_label")
                              + self.text("　".join(element.signers), "signer_name"))
                number = self.text(element.doc_number or "", "doc_number")
                out.append(f"#grid(columns: (1fr, auto), pad(left: {header.number_indent.pt:.3f}pt)[{number}], "
                           f"pad(right: {header.number_indent.pt:.3f}pt)[{signer}])")
                out.append(f"#v({header.rule_gap.pt:.3f}pt)")
                out.append(f'#line(length: 100%, stroke: {header.rule_width.pt:.3f}pt + rgb("{header.rule_color}"))')
                out.append(self.gap(header.title_gap))
            elif isinstance(element, r.Title):
                title = " \\ ".join(self.text(line, "title") for line in element.lines)
                out.append(f"#align(center, par(first-line-indent: 0pt)[{title}])")
            elif isinstance(element, r.Recipients):
                out.append(self.gap(style.body.recipient_gap))
                out.append(f"#par(first-line-indent: 0pt)[{self.text(element.text, 'recipient')}]")
            elif isinstance(element, r.Body):
                out.extend(self.block(block) for block in element.blocks)
            elif isinstance(element, r.AttachmentNote):
                out.append(self.gap(style.body.attachment_gap))
                for k, item in enumerate(element.items):
                    line = (element.label if k == 0 else "") + item.number + item.name
                    out.append(f"#par[{self.text(line, 'attachment')}]")
            elif isinstance(element, r.Signature | r.SealedSignature):
                out.append(self.gap(style.body.signature_gap))
                right = style.role("signature").right_indent.pt
                for text, role in ((element.name, "signature"), (element.date, "date")):
                    if text:
                        out.append(f"#align(right, pad(right: {right:.3f}pt, "
                                   f"par(first-line-indent: 0pt)[{self.text(text, role)}]))")
            elif isinstance(element, r.Note):
                out.append(f"#par[{self.text(element.text, 'note')}]")
            elif isinstance(element, r.Attachment):
                out.append("#pagebreak()")
                out.append(f"#par(first-line-indent: 0pt)[{self.text(element.label, 'body')}]")
                title = " \\ ".join(self.text(line, "title") for line in element.title_lines)
                out.append(f"#align(center, par(first-line-indent: 0pt)[{title}])")
                out.extend(self.block(block) for block in element.blocks)
            elif isinstance(element, r.Colophon) and style.colophon.enabled:
                out.append(self.colophon(element))
        return "\n\n".join(out) + "\n"

    def block(self, block: Any) -> str:
        runs = getattr(block, "runs", ())
        text = "".join(self.text(run.text, run.role) for run in runs)
        if hasattr(block, "label"):  # a stand-alone heading
            return f"#heading(level: {block.level})[{text}]"
        level = getattr(block, "run_in_level", 0)
        if level:
            heading = next((run.text for run in runs if run.role != "body"), "")
            return f"#runin({level}, {_typst_string(heading)}){text}"
        return text or f"#par[{_typst_string(getattr(block, 'text', ''))}]"

    def colophon(self, element: Any) -> str:
        """The 版记 at the foot of an even page: rules, 抄送, 印发机关 and 印发日期."""
        colophon = self.style.colophon
        indent = self.style.role("cc").left_indent.pt
        parts = [f"#line(length: 100%, stroke: {colophon.thick_rule.pt:.3f}pt)"]
        if element.cc:
            cc = element.cc.label + element.cc.names
            parts.append(f"#pad(x: {indent:.3f}pt, par(first-line-indent: 0pt)[{self.text(cc, 'cc')}])")
            parts.append(f"#line(length: 100%, stroke: {colophon.thin_rule.pt:.3f}pt)")
        parts.append(f"#pad(x: {indent:.3f}pt, grid(columns: (1fr, auto), [{self.text(element.printer or '', 'imprint')}], "
                     f"[{self.text(element.print_date or '', 'imprint')}]))")
        parts.append(f"#line(length: 100%, stroke: {colophon.thick_rule.pt:.3f}pt)")
        # The page is read from a marker before the break: a context that reads its own page can settle
        # on the page its break made.
        even = ("#metadata(none) <colophon>\n#context { if calc.odd(locate(<colophon>).page()) { pagebreak() } }\n"
                if colophon.even_page else "")
        return even + "#place(bottom, block(width: 100%)[\n" + "\n".join(parts) + "\n])"


# ---------------------------------------------------------------- the Markdown for pandoc
_MARKDOWN_SPECIAL = set(string.punctuation)


def _markdown_text(text: str) -> str:
    return "".join("\\" + c if c in _MARKDOWN_SPECIAL else c for c in text)


def markdown_document(resolved: "Resolved") -> str:
    """The same report text for pandoc: headings as headings, run-in headings bold, every element a paragraph."""
    from exporter import resolved as r

    out: list[str] = []

    def blocks(items: Iterable[Any]) -> None:
        for block in items:
            runs = getattr(block, "runs", ())
            if isinstance(block, r.Heading):
                out.append("#" * block.level + " " + _markdown_text("".join(run.text for run in runs)))
            elif getattr(block, "run_in_level", 0):
                heading = "".join(run.text for run in runs if run.role != "body")
                rest = "".join(run.text for run in runs if run.role == "body")
                out.append(f"**{_markdown_text(heading)}**{_markdown_text(rest)}")
            else:
                out.append(_markdown_text(block.text))

    for element in resolved.elements:
        if isinstance(element, r.VersionHead):
            out += [_markdown_text(line) for line in (element.mark, element.doc_number) if line]
        elif isinstance(element, r.Title):
            out.append("**" + _markdown_text("".join(element.lines)) + "**")
        elif isinstance(element, r.Recipients | r.Note):
            out.append(_markdown_text(element.text))
        elif isinstance(element, r.Body):
            blocks(element.blocks)
        elif isinstance(element, r.AttachmentNote):
            out += [_markdown_text((element.label if k == 0 else "") + item.number + item.name)
                    for k, item in enumerate(element.items)]
        elif isinstance(element, r.Signature | r.SealedSignature):
            out += [_markdown_text(line) for line in (element.name, element.date) if line]
        elif isinstance(element, r.Attachment):
            out += [_markdown_text(element.label), "**" + _markdown_text("".join(element.title_lines)) + "**"]
            blocks(element.blocks)
        elif isinstance(element, r.Colophon):
            cc = element.cc.label + element.cc.names if element.cc else None
            out += [_markdown_text(line) for line in (cc, element.printer, element.print_date) if line]
    return "\n\n".join(out) + "\n"


# ---------------------------------------------------------------- the measurements
@dataclass
class Size:
    """One size of the report and everything measured for it."""

    copies: int
    source: Path
    commands: dict[str, Command] = field(default_factory=dict)
    pages: dict[str, int] = field(default_factory=dict)  # "ours" / "typst" → page count


def exporter_build(source: Path, out: Path, formats: str | None = None, extra: Iterable[str] = ()) -> list[str]:
    argv = [sys.executable, "-m", "exporter", "build", str(source), "--out", str(out), *extra]
    return argv + (["--format", formats] if formats else [])


def pdf_pages(path: Path) -> int:
    import pikepdf

    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def prepare_size(copies: int, work: Path, trees: Sequence[Tree], style: "StyleSheet", peers: Peers,
                 faces: dict[str, TypstFace] | None, font_dirs: list[Path], reference_docx: Path | None) -> Size:
    """The source at this size, its Typst and Markdown twins, and the commands to measure."""
    from exporter.build import check_source

    folder = work / f"x{copies}"
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"report-x{copies}"
    source = repeated_source(copies, folder, stem)
    size = Size(copies, source)
    commands = []
    for tree in trees:
        out = folder / ("out" + (f"-{tree.label}" if tree.label else ""))
        for name, formats in (("full", None), ("pdf", "pdf"), ("docx", "docx"), ("xlsx", "xlsx")):
            commands.append(Command(tree.name(name), exporter_build(source, out / name, formats), tree.path))
    resolved = check_source(source, style).resolved
    if peers.typst and faces is not None:
        typ = folder / f"{stem}.typ"
        typ.write_text(TypstWriter(style, faces).document(resolved), encoding="utf-8")
        commands.append(Command("typst", [sys.executable, "-c", TYPST_COMPILE, str(typ), str(folder / f"{stem}.typst.pdf"),
                                          *map(str, font_dirs)]))
    if peers.pandoc and reference_docx is not None:
        markdown = folder / f"{stem}.md"
        markdown.write_text(markdown_document(resolved), encoding="utf-8")
        commands.append(Command("pandoc", [peers.pandoc, "-f", "markdown-auto_identifiers", str(markdown),
                                           "-o", str(folder / f"{stem}.pandoc.docx"), "--reference-doc", str(reference_docx)]))
    size.commands = {c.name: c for c in commands}
    return size


def count_pages(size: Size) -> None:
    folder = size.source.parent
    size.pages["ours"] = pdf_pages(folder / "out" / "pdf" / f"{size.source.stem}.pdf")
    typst_pdf = folder / f"{size.source.stem}.typst.pdf"
    if typst_pdf.exists():
        size.pages["typst"] = pdf_pages(typst_pdf)


# The warm rebuild as a long-running process (an editor's preview, a watch mode) would do it: the
# style read once, the first build made, then the source edited by one character and built again.
WARM_BUILD = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[5])
from compare import edited_once
from exporter.build import build_outputs, check_source
from exporter.styles import load_style
source, out, formats, edits = Path(sys.argv[1]), Path(sys.argv[2]), tuple(sys.argv[3].split(",")), int(sys.argv[4])
original = source.read_text(encoding="utf-8")
style = load_style()
started = time.perf_counter()
build_outputs(check_source(source, style), style, out, formats)
first = time.perf_counter() - started
times = []
for edit in range(edits):
    source.write_text(edited_once(original, edit), encoding="utf-8")
    started = time.perf_counter()
    build_outputs(check_source(source, style), style, out, formats)
    times.append(time.perf_counter() - started)
source.write_text(original, encoding="utf-8")
print(json.dumps({"first": first, "edits": times}))
"""


def warm_rebuild(work: Path, tree: Tree, formats: str, edits: int) -> dict[str, Any]:
    folder = work / ("warm" + (f"-{tree.label}" if tree.label else ""))
    folder.mkdir(parents=True, exist_ok=True)
    source = repeated_source(1, folder, f"warm-{formats.replace(',', '-')}")
    done = subprocess.run([sys.executable, "-c", WARM_BUILD, str(source), str(folder / "out"), formats, str(edits),
                           str(Path(__file__).resolve().parent)],
                          cwd=tree.path, env=child_environment(tree.path), capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def supports_jobs(tree: Tree) -> bool:
    """Whether `exporter build` takes -j N (several sources built in parallel processes)."""
    shown = subprocess.run([sys.executable, "-m", "exporter", "build", "--help"], cwd=tree.path, capture_output=True,
                           text=True, env=child_environment(tree.path))
    return bool(re.search(r"(^|\s)-j\b", shown.stdout))


# ---------------------------------------------------------------- the report
def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}" if a and b else "—"


def _cell(size: Size, name: str) -> Command | None:
    command = size.commands.get(name)
    return command if command and command.runs else None


def report(sizes: list[Size], trees: Sequence[Tree], peers: Peers, notes: list[str],
           warm: dict[str, dict[str, Any]], batch: dict[str, dict[str, Any]], runs_text: str,
           loads: tuple[float, float]) -> str:
    lines = [f"# Build times against Typst and pandoc — {dt.date.today().isoformat()}", ""]
    lines.append(f"Machine: {os.cpu_count()} cores, {platform.system()} {platform.release()}, Python "
                 f"{platform.python_version()}; "
                 + "; ".join(f"{tree.label or 'project'} commit {_commit(tree.path)}" for tree in trees)
                 + f"; {runs_text}, whole processes, "
                 f"alternating, medians. Load average (1 min) {loads[0]:.2f} at the start, {loads[1]:.2f} at the end: "
                 "other work on the machine slows every command alike, but not by the same amount.")
    peer_text = []
    if peers.typst:
        peer_text.append(f"Typst via the `typst` PyPI package {peers.typst}")
    if peers.pandoc:
        peer_text.append(f"pandoc {pandoc_version(peers.pandoc)}")
    lines.append("Peers: " + ("; ".join(peer_text) or "none") + ".")
    lines.append("")
    header = "| | " + " | ".join(f"×{s.copies} ({s.pages.get('ours', '?')} pages)" for s in sizes) + " |"
    rule = "|---|" + "---|" * len(sizes)
    lines += ["## Ratios (same run)", "", header, rule]

    def row(label: str, values: Iterable[str]) -> None:
        lines.append(f"| {label} | " + " | ".join(values) + " |")

    def wall(size: Size, name: str) -> float | None:
        command = _cell(size, name)
        return command.wall if command else None

    def peak(size: Size, name: str) -> float | None:
        command = _cell(size, name)
        return command.peak if command else None

    for tree in trees:
        suffix = f" ({tree.label})" if tree.label else ""
        full, pdf, docx = tree.name("full"), tree.name("pdf"), tree.name("docx")
        row("full three-format build / Typst PDF" + suffix, (ratio(wall(s, full), wall(s, "typst")) for s in sizes))
        row("PDF only / Typst" + suffix, (ratio(wall(s, pdf), wall(s, "typst")) for s in sizes))
        row("DOCX only / pandoc" + suffix, (ratio(wall(s, docx), wall(s, "pandoc")) for s in sizes))
        row("peak memory, full / Typst" + suffix,
            (f"{ratio(peak(s, full), peak(s, 'typst'))} ({peak(s, full) or 0:.0f} MB)" for s in sizes))
    def cpu(size: Size, name: str) -> float | None:
        command = _cell(size, name)
        return command.cpu if command else None

    lines += ["", "Processor time instead of wall time: less disturbed by other work on the machine, but Typst's "
              "threads add up in it, so these ratios favour Typst slightly.", "", header, rule]
    for tree in trees:
        suffix = f" ({tree.label})" if tree.label else ""
        row("full three-format build / Typst PDF, processor time" + suffix,
            (ratio(cpu(s, tree.name("full")), cpu(s, "typst")) for s in sizes))
        row("PDF only / Typst, processor time" + suffix, (ratio(cpu(s, tree.name("pdf")), cpu(s, "typst")) for s in sizes))
        row("DOCX only / pandoc, processor time" + suffix,
            (ratio(cpu(s, tree.name("docx")), cpu(s, "pandoc")) for s in sizes))
    lines += ["", "## Medians: wall seconds (processor seconds) · peak MB", "", header, rule]
    names = dict.fromkeys(name for s in sizes for name in s.commands)
    for name in names:
        cells = []
        for s in sizes:
            command = _cell(s, name)
            cells.append(f"{command.wall:.3f} s ({command.cpu:.2f}) · {command.peak:.0f} MB" if command else "—")
        row(_label(name), cells)
    if any("typst" in s.pages for s in sizes):
        row("pages: ours / Typst", (f"{s.pages.get('ours', '?')} / {s.pages.get('typst', '?')}" for s in sizes))
    by_copies = {s.copies: s for s in sizes}
    if 10 in by_copies and 100 in by_copies:
        lines += ["", "## Growth ×100 / ×10 (wall time; linear is 10, target ≤ 11)", "",
                  "| " + " | ".join(_label(n) for n in names) + " |", "|" + "---|" * len(names)]
        lines.append("| " + " | ".join(ratio(wall(by_copies[100], n), wall(by_copies[10], n)) for n in names) + " |")
    if warm:
        lines += ["", "## Warm rebuild in one process after a one-character edit (×1; targets: PDF ≤ 0.1 s, "
                  "all three ≤ 0.25 s)", ""]
        for name, result in warm.items():
            median = statistics.median(result["edits"])
            lines.append(f"- {name}: first build {result['first']:.3f} s, rebuild median {median:.3f} s "
                         f"(min {min(result['edits']):.3f}, {len(result['edits'])} edits)")
    if batch:
        lines += ["", f"## Batch of {BATCH_COPIES} copies of the example (target ≤ 0.6 × {BATCH_COPIES} single builds)", ""]
        for name, result in batch.items():
            lines.append(f"- {name}: `{result['command']}`: {result['wall']:.2f} s wall, {result['cpu']:.2f} s processor "
                         f"(busy cores {result['cpu'] / result['wall']:.2f}), peak {result['peak']:.0f} MB; "
                         f"{BATCH_COPIES} single builds (×1 full-build median × {BATCH_COPIES}) {result['singles']:.2f} s; "
                         f"ratio {result['wall'] / result['singles']:.2f}")
    lines += ["", "## How the peers do equivalent work", "",
              "- Typst: the report's resolved text (the same heading labels, figures, 版头, title, 主送机关, "
              "署名, 日期, 附注 and 版记) as Typst markup: A4, the style's 37/28 mm margins and 156 × 225 mm "
              "text block, 16 pt body justified on a 28.95 pt line pitch with 28 cells a line "
              "(tracking), 2-字 first-line indents, the five faces of each role from the project's font files "
              "(`font_paths` = their folders, system fonts ignored), headings and run-in headings bookmarked, "
              "page numbers “— n —” alternating right/left, PDF/A-2b, untagged (the project's PDF is not "
              "tagged either). Compiled by `typst.compile` in a fresh Python process.",
              "- pandoc: the same text as Markdown (headings as headings, run-in headings bold, every other "
              "element a paragraph), converted with the project's own ×1 DOCX as `--reference-doc` (styles, "
              "fonts, page set-up).",
              "- Ours: `python -m exporter build SOURCE --out DIR [--format F]` in a fresh process."]
    if notes or peers.notes:
        lines += ["", "## Notes", ""] + [f"- {note}" for note in (*peers.notes, *notes)]
    return "\n".join(lines) + "\n"


_LABELS = {"full": "ours: docx,pdf,xlsx", "pdf": "ours: pdf", "docx": "ours: docx", "xlsx": "ours: xlsx",
           "typst": "Typst: pdf", "pandoc": "pandoc: docx"}


def _label(name: str) -> str:
    command, _, tree = name.partition(" (")
    return _LABELS.get(command, command) + (f" ({tree}" if tree else "")


def _commit(project: Path) -> str:
    try:
        done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=project, capture_output=True, text=True)
        return done.stdout.strip() or "unknown"
    except OSError:
        return "unknown"


# ---------------------------------------------------------------- main
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,100", help="body repetitions to measure (default 1,10,100)")
    parser.add_argument("--runs", type=int, default=5, help="timed rounds at ×1 and ×10 (default 5)")
    parser.add_argument("--runs-large", type=int, default=3, help="timed rounds at ×100 and above (default 3)")
    parser.add_argument("--edits", type=int, default=5, help="one-character edits for the warm rebuild (0 skips)")
    parser.add_argument("--batch-runs", type=int, default=3, help=f"runs of the {BATCH_COPIES}-copy batch (0 skips)")
    parser.add_argument("--out", type=Path, help="also write the Markdown report to this file")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep the sources and outputs")
    parser.add_argument("--baseline", type=Path, metavar="CHECKOUT",
                        help="also measure the exporter of this other checkout (e.g. `git worktree add /tmp/base "
                             "main`), alternating with this one, as “before”")
    args = parser.parse_args()
    trees = [THIS] + ([Tree("before", args.baseline.resolve())] if args.baseline else [])
    sys.path.insert(0, str(PROJECT))
    from exporter.styles import load_style

    progress = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    load_at_start = os.getloadavg()[0]
    style = load_style()
    peers = find_peers()
    notes: list[str] = []
    faces, font_dirs = typst_faces(style) if peers.typst else (None, [])
    copies_list = [int(c) for c in args.sizes.split(",")]
    work_context = tempfile.TemporaryDirectory(prefix="bench-compare-") if args.keep is None else None
    work = Path(work_context.name) if work_context else args.keep.resolve()
    work.mkdir(parents=True, exist_ok=True)
    try:
        reference = None
        if peers.pandoc:
            # pandoc's styles and page set-up come from the project's own DOCX of the example.
            reference_folder = work / "reference"
            run_process(exporter_build(EXAMPLE, reference_folder, "docx"))
            reference = work / "reference.docx"
            shutil.copyfile(reference_folder / f"{EXAMPLE.stem}.docx", reference)
        sizes = []
        for copies in copies_list:
            progress(f"×{copies}: preparing")
            size = prepare_size(copies, work, trees, style, peers, faces, font_dirs, reference)
            runs = args.runs if copies < 100 else args.runs_large
            alternate(list(size.commands.values()), runs, progress)
            count_pages(size)
            sizes.append(size)
        warm: dict[str, dict[str, Any]] = {}
        if args.edits > 0:
            progress("warm rebuilds")
            for formats in ("pdf", "docx,pdf,xlsx"):
                for tree in trees:
                    warm[tree.name(f"`{formats}`")] = warm_rebuild(work, tree, formats, args.edits)
            notes.append("Warm rebuilds use the library (`check_source` + `build_outputs` in one process), as "
                         "`exporter build --watch` and the local page do.")
        batch: dict[str, dict[str, Any]] = {}
        single = next((s for s in sizes if s.copies == 1), None)
        if args.batch_runs > 0 and single is not None:
            progress("batch")
            for tree in trees:
                full = _cell(single, tree.name("full"))
                if full is not None:
                    batch[tree.label or "ours"] = measure_batch(work, tree, args.batch_runs, full.wall, notes)
        runs_text = f"{args.runs} rounds at ×1–×10, {args.runs_large} at ×100"
        text = report(sizes, trees, peers, notes, warm, batch, runs_text, (load_at_start, os.getloadavg()[0]))
    finally:
        if work_context:
            work_context.cleanup()
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")


def measure_batch(work: Path, tree: Tree, runs: int, single_wall: float, notes: list[str]) -> dict[str, Any]:
    """`exporter build` of 20 copies in one command: with -j 2 when the command line offers it."""
    folder = work / ("batch" + (f"-{tree.label}" if tree.label else ""))
    folder.mkdir(parents=True, exist_ok=True)
    sources = [repeated_source(1, folder, f"copy-{n:02d}") for n in range(1, BATCH_COPIES + 1)]
    argv = [sys.executable, "-m", "exporter", "build", *map(str, sources), "--out", str(folder / "out")]
    if supports_jobs(tree):
        argv += ["-j", "2"]
        shown = f"exporter build copy-01.yaml … copy-{BATCH_COPIES}.yaml -j 2"
    else:
        shown = f"exporter build copy-01.yaml … copy-{BATCH_COPIES}.yaml"
        note = "`exporter build` has no -j option yet: the batch builds its sources one after another in one process."
        if note not in notes:
            notes.append(note)
    run_process(argv, tree.path)  # warm-up
    measures = [run_process(argv, tree.path) for _ in range(runs)]
    return {"command": shown, "wall": statistics.median(m.wall for m in measures),
            "cpu": statistics.median(m.cpu for m in measures), "peak": statistics.median(m.peak_mib for m in measures),
            "singles": single_wall * BATCH_COPIES}


if __name__ == "__main__":
    main()
