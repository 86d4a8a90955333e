"""Outputs replaced as a set: all old or all new after a failed writer, a full disk, a kill at any moment, or a race.

The scripted tests run the command in child processes: a build of the example's body repeated 100
times is stopped with SIGKILL, SIGTERM and SIGINT while it checks, and while it writes each format;
two builds of different sources with the same name race into one folder; the disk fills up (a small
tmpfs mounted for the test when we may mount, else RLIMIT_FSIZE, which fails writes with EFBIG)
while each format is written.
"""

from __future__ import annotations

import errno
import os
import resource
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import EXAMPLE, PROJECT
from exporter import outputs
from exporter.errors import OutputError
from exporter.outputs import NAME_MAX, OutputSet
from hostile_run import MEMORY_LIMIT_MB, Outcome, finish, interrupt, run, start, temporary_files

FORMATS = ("docx", "pdf", "xlsx")
MINIMAL = PROJECT / "tests" / "hostile" / "minimal.yaml"
PAGE = 4096  # tmpfs counts whole pages


def outputs_of(folder: Path, stem: str) -> dict[str, bytes | None]:
    return {fmt: (folder / f"{stem}.{fmt}").read_bytes() if (folder / f"{stem}.{fmt}").exists() else None
            for fmt in FORMATS}


def put_previous(folder: Path, stem: str) -> dict[str, bytes | None]:
    folder.mkdir(parents=True, exist_ok=True)
    for fmt in FORMATS:
        (folder / f"{stem}.{fmt}").write_bytes(f"previous {fmt}".encode())
    return outputs_of(folder, stem)


# ---------------------------------------------------------------- the set, in-process
def test_a_failing_later_writer_leaves_every_output_as_it_was(tmp_path: Path) -> None:
    previous = put_previous(tmp_path, "report")

    def broken(path: Path) -> None:
        path.write_bytes(b"half a PDF")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OutputError) as raised, OutputSet(tmp_path, "report") as output_set:
        output_set.write("docx", lambda path: path.write_bytes(b"new docx"))
        output_set.write("pdf", broken)
    assert outputs_of(tmp_path, "report") == previous
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.docx", "report.pdf", "report.xlsx"]
    message = str(raised.value)
    assert "磁盘空间不足" in message and "report.pdf" in message and "No space" not in message


def test_a_failed_rename_puts_back_the_outputs_already_renamed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    previous = put_previous(tmp_path, "report")
    real_replace = os.replace
    renamed: list[str] = []

    def third_fails(source: str | Path, target: str | Path) -> None:
        if len(renamed) == 2 and str(target).endswith(".xlsx"):
            raise OSError(errno.EIO, "Input/output error", str(target))
        renamed.append(str(target))
        real_replace(source, target)

    with pytest.raises(OutputError, match="读写设备出错"), OutputSet(tmp_path, "report") as output_set:
        for fmt in FORMATS:
            output_set.write(fmt, lambda path, fmt=fmt: path.write_bytes(f"new {fmt}".encode()))
        monkeypatch.setattr(outputs.os, "replace", third_fails)
        output_set.commit()
    assert outputs_of(tmp_path, "report") == previous
    assert not temporary_files(tmp_path)


def test_an_output_that_did_not_exist_is_removed_again_when_the_set_fails(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    real_replace = os.replace

    def pdf_fails(source: str | Path, target: str | Path) -> None:
        if str(target).endswith(".pdf"):
            raise OSError(errno.EIO, "Input/output error", str(target))
        real_replace(source, target)

    with pytest.raises(OutputError), OutputSet(tmp_path, "report") as output_set:
        for fmt in FORMATS:
            output_set.write(fmt, lambda path: path.write_bytes(b"new"))
        monkeypatch.setattr(outputs.os, "replace", pdf_fails)
        output_set.commit()
    assert list(tmp_path.iterdir()) == []


def test_stale_files_of_this_stem_are_removed_and_others_kept(tmp_path: Path) -> None:
    ours = [".report.docx.1a2b3c4d.tmp", ".report.pdf.k_9xq2mz.tmp", ".report.lock"]  # the last from a SIGKILL
    theirs = [".report-2.docx.1a2b3c4d.tmp", ".other.pdf.1a2b3c4d.tmp", ".report.docx.notours.tmp", "report.tmp",
              ".report.docx.1a2b3c4d.tmp.bak"]
    for name in ours + theirs:
        (tmp_path / name).write_bytes(b"x" * 1000)
    with OutputSet(tmp_path, "report") as output_set:
        output_set.write("docx", lambda path: path.write_bytes(b"new"))
        output_set.commit()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(theirs + ["report.docx"])


def test_temporary_names_of_a_long_stem_stay_within_the_limit_and_are_recognised(tmp_path: Path) -> None:
    stem = "长" * 80  # 240 bytes: the stem of a legal 245-byte source name
    assert len(f".{stem}.docx.12345678.tmp".encode()) > NAME_MAX
    seen: list[Path] = []

    def write_and_keep(path: Path) -> None:
        path.write_bytes(b"as a killed build leaves it")
        os.link(path, tmp_path / "kept")
        seen.append(path)

    with OutputSet(tmp_path, stem) as output_set:
        output_set.write("docx", write_and_keep)
    (tmp_path / "kept").rename(seen[0])
    assert len(seen[0].name.encode()) <= NAME_MAX
    with OutputSet(tmp_path, stem):
        assert not seen[0].exists()
    assert list(tmp_path.iterdir()) == []


def test_two_long_stems_that_begin_alike_keep_apart(tmp_path: Path) -> None:
    first, second = OutputSet(tmp_path, "长" * 80 + "甲"), OutputSet(tmp_path, "长" * 80 + "乙")
    assert first.short_stem != second.short_stem
    stale_of_first = tmp_path / f".{first.short_stem}.pdf.abcdef12.tmp"
    stale_of_first.write_bytes(b"x")
    with second:
        pass
    assert stale_of_first.exists()
    with first:
        pass
    assert not stale_of_first.exists()


# ---------------------------------------------------------------- killing a ×100 build
@pytest.fixture(scope="module")
def times100(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes | None]]:
    """A source whose body is the example's body 100 times (1.7 MB, about 5 s to build), and its outputs."""
    folder = tmp_path_factory.mktemp("times100")
    head, body = EXAMPLE.read_text(encoding="utf-8").split("\nbody:\n", 1)
    source = folder / "report.yaml"
    source.write_text(head + "\nbody:\n" + body * 100, encoding="utf-8")
    outcome = run(["build", str(source), "--out", str(folder / "reference")], folder, folder / "reference-log")
    assert outcome.code == 0, outcome.stderr
    assert outcome.peak_mb < MEMORY_LIMIT_MB, f"{outcome.peak_mb:.0f} MB"
    return source, outputs_of(folder / "reference", "report")


def stop_at(process: subprocess.Popen[bytes], out: Path, moment: str, number: signal.Signals) -> None:
    """Send `number` at `moment`: while checking (before any output file exists), or once FORMAT's temporary file appears."""
    if moment == "checking":
        time.sleep(0.5)
        interrupt(process, number)
        return
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        if any(name.startswith(f".report.{moment}.") for name in os.listdir(out)):
            break
        time.sleep(0.002)
    interrupt(process, number)


KILLS = [
    (signal.SIGKILL, "checking"), (signal.SIGKILL, "docx"), (signal.SIGKILL, "pdf"), (signal.SIGKILL, "xlsx"),
    (signal.SIGTERM, "docx"), (signal.SIGTERM, "pdf"),
    (signal.SIGINT, "checking"), (signal.SIGINT, "pdf"),
]


@pytest.mark.parametrize("number, moment", KILLS, ids=[f"{n.name}-{m}" for n, m in KILLS])
def test_a_stopped_build_leaves_the_old_set_or_the_new_one(number: signal.Signals, moment: str, tmp_path: Path,
                                                           times100: tuple[Path, dict[str, bytes | None]]) -> None:
    source, new = times100
    out = tmp_path / "out"
    old = put_previous(out, "report")
    started = time.monotonic()
    process = start(["build", str(source), "--out", str(out)], tmp_path, tmp_path / "log")
    stop_at(process, out, moment, number)
    outcome = finish(process, tmp_path / "log", started)
    now = outputs_of(out, "report")
    assert now in (old, new), {fmt: (data or b"")[:20] for fmt, data in now.items()}
    assert outcome.peak_mb < MEMORY_LIMIT_MB, f"{outcome.peak_mb:.0f} MB"
    assert "Traceback" not in outcome.stderr
    if number is signal.SIGKILL:
        # A killed process tidies nothing; the next build of this name into this folder removes what it left.
        left = temporary_files(out)
        assert all(path.name.startswith(".report.") for path in left)
        small = tmp_path / "small" / "report.yaml"
        small.parent.mkdir()
        shutil.copy(MINIMAL, small)
        assert run(["build", str(small), "--out", str(out)], tmp_path, tmp_path / "next").code == 0
    else:
        assert outcome.code in (0, 1)
        if now == old:
            assert outcome.code == 1 and ("已中断" in outcome.stderr or "已停止" in outcome.stderr), outcome.stderr
    assert not temporary_files(out)


# ---------------------------------------------------------------- two builds with the same name into one folder
def test_two_sources_with_the_same_name_never_mix_their_outputs(tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "report.yaml", tmp_path / "b" / "report.yaml"
    for source, title in ((first, "甲"), (second, "乙")):
        source.parent.mkdir()
        text = EXAMPLE.read_text(encoding="utf-8")
        source.write_text(text.replace("  title: ", f"  title: {title}", 1), encoding="utf-8")
    started = time.monotonic()
    builds = [start(["build", str(source), "--out", str(source.parent / "ref")], tmp_path, source.parent / "log")
              for source in (first, second)]
    assert [finish(process, source.parent / "log", started).code for process, source in zip(builds, (first, second))] == [0, 0]
    references = {source: outputs_of(source.parent / "ref", "report") for source in (first, second)}
    assert all(references[first][fmt] != references[second][fmt] for fmt in FORMATS)
    out = tmp_path / "out"
    for attempt in range(1):  # the lock test below shows the waiting without relying on timing
        started = time.monotonic()
        processes = [start(["build", str(source), "--out", str(out)], tmp_path, tmp_path / f"race{attempt}{n}")
                     for n, source in enumerate((first, second))]
        ends = [finish(process, tmp_path / f"race{attempt}{n}", started) for n, process in enumerate(processes)]
        assert [end.code for end in ends] == [0, 0], [end.stderr for end in ends]
        assert outputs_of(out, "report") in (references[first], references[second])
        assert not temporary_files(out)


def test_a_build_waits_while_another_holds_the_set(tmp_path: Path) -> None:
    source = tmp_path / "src" / "report.yaml"
    source.parent.mkdir()
    shutil.copy(MINIMAL, source)
    out = tmp_path / "out"
    put_previous(out, "report")
    with OutputSet(out, "report") as held:
        started = time.monotonic()
        process = start(["build", str(source), "--out", str(out)], tmp_path, tmp_path / "log")
        time.sleep(2.5)  # long enough to check and lay out the small source, then wait for the lock
        assert process.poll() is None
        for fmt in FORMATS:
            held.write(fmt, lambda path: path.write_bytes(b"held set"))
        held.commit()
    assert set(outputs_of(out, "report").values()) == {b"held set"}
    outcome = finish(process, tmp_path / "log", started)
    assert outcome.code == 0, outcome.stderr
    assert all(data and data[:4] in (b"PK\x03\x04", b"%PDF") for data in outputs_of(out, "report").values())
    assert not temporary_files(out)


# ---------------------------------------------------------------- a full disk
def can_mount() -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    probe = Path("/tmp") / f"exporter-mount-probe-{os.getpid()}"
    probe.mkdir(exist_ok=True)
    try:
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)], capture_output=True)
        if mounted.returncode == 0:
            subprocess.run(["umount", str(probe)], check=True)
        return mounted.returncode == 0
    finally:
        probe.rmdir()


@pytest.fixture(scope="module")
def example_outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, int]:
    folder = tmp_path_factory.mktemp("example")
    assert run(["build", str(EXAMPLE), "--out", str(folder)], folder, folder / "log").code == 0
    return {fmt: (folder / f"{EXAMPLE.stem}.{fmt}").stat().st_size for fmt in FORMATS}


def pages(size: int) -> int:
    return -(-size // PAGE) * PAGE


@pytest.mark.parametrize("failing", FORMATS)
def test_a_full_disk_while_writing_any_format_changes_nothing(failing: str, tmp_path: Path,
                                                             example_outputs: dict[str, int]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    written_before = FORMATS[: FORMATS.index(failing)]
    if can_mount():
        # Room for the previous outputs (a page each) and the formats written before, and half of the failing one.
        room = 3 * PAGE + sum(pages(example_outputs[fmt]) for fmt in written_before) + example_outputs[failing] // 2
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={pages(room)}", "tmpfs", str(out)], check=True)
        reason, preexec = "磁盘空间不足", None
    else:
        if failing == "xlsx":
            pytest.skip("RLIMIT_FSIZE limits each file: the workbook is smaller than the PDF written before it")
        limit = example_outputs["docx"] // 2 if failing == "docx" else example_outputs["docx"] + 1024
        reason = "文件超过了系统允许的大小"

        def preexec() -> None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    try:
        previous = put_previous(out, EXAMPLE.stem)
        outcome: Outcome = run(["build", str(EXAMPLE), "--out", str(out)], tmp_path, tmp_path / "log", preexec)
        assert outcome.code == 1, outcome.stderr
        # The PDF and the other formats are written at once (two processes): whichever meets the full disk first
        # is named; the room given makes the build fail around the `failing` format.
        assert reason in outcome.stderr and any(f"{EXAMPLE.stem}.{fmt}" in outcome.stderr for fmt in FORMATS), \
            outcome.stderr
        assert "原有的输出文件没有被改动" in outcome.stderr
        assert outputs_of(out, EXAMPLE.stem) == previous
        assert not temporary_files(out)
    finally:
        if can_mount():
            subprocess.run(["umount", str(out)], check=False)
