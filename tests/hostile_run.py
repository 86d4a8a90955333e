"""Running the command as a clerk would on hostile input: exit code, messages, time and peak memory of the child."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from conftest import PROJECT

TIME_LIMIT = 10.0  # seconds for any single command on any input
MEMORY_LIMIT_MB = 500  # peak resident set of the child
TEMPORARY = re.compile(r"^\..*\.(tmp|lock)$")
ENGLISH_SENTENCE = re.compile(r"[A-Za-z]{2,}(?: [A-Za-z']{2,}){2,}")  # three English words in a row: untranslated text


@dataclass(frozen=True)
class Outcome:
    """How one run of the command ended."""

    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float
    signalled: bool = False


def command_env() -> dict[str, str]:
    """The environment of a child: this checkout's package first, whatever folder the command runs in."""
    return {**os.environ, "PYTHONPATH": str(PROJECT)}


def ctrl_c_reaches_it() -> None:
    """In a child before it runs: Ctrl+C (SIGINT) at its default disposition, as in a clerk's terminal.

    A test run started in the background by a shell without job control (CI scripts, `cmd &`) inherits
    SIGINT ignored, and Python then installs no KeyboardInterrupt handler in the child: a test sending
    it Ctrl+C would wait for nothing, or pass without testing anything.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(args: list[str], cwd: Path, log: Path, preexec: Callable[[], None] | None = None) -> subprocess.Popen[bytes]:
    """Start `exporter ARGS` in `cwd`, its output going to `log`.out and `log`.err; Ctrl+C reaches it."""

    def before_exec() -> None:
        ctrl_c_reaches_it()
        if preexec is not None:
            preexec()

    with open(f"{log}.out", "wb") as out, open(f"{log}.err", "wb") as err:
        return subprocess.Popen([sys.executable, "-m", "exporter", *args], cwd=cwd, env=command_env(),
                                stdout=out, stderr=err, preexec_fn=before_exec)


def finish(process: subprocess.Popen[bytes], log: Path, started: float, limit: float = TIME_LIMIT * 3) -> Outcome:
    """Wait for the child with wait4, which gives its own peak memory; kill it past `limit` seconds."""
    deadline = started + limit
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            process.kill()
            pid, status, usage = os.wait4(process.pid, 0)
            break
        time.sleep(0.005)
    seconds = time.monotonic() - started
    process.returncode = os.waitstatus_to_exitcode(status)  # Popen must not wait for it again
    return Outcome(
        code=process.returncode,
        stdout=Path(f"{log}.out").read_bytes().decode("utf-8", "replace"),
        stderr=Path(f"{log}.err").read_bytes().decode("utf-8", "replace"),
        seconds=seconds,
        peak_mb=usage.ru_maxrss / 1024,  # kilobytes on Linux
        signalled=os.WIFSIGNALED(status),
    )


def run(args: list[str], cwd: Path, log: Path, preexec: Callable[[], None] | None = None) -> Outcome:
    """Run `exporter ARGS` to its end."""
    started = time.monotonic()
    return finish(start(args, cwd, log, preexec), log, started)


def temporary_files(*folders: Path) -> list[Path]:
    """Temporary and lock files a build leaves behind (`.STEM.FMT.RANDOM.tmp`, `.STEM.lock`), anywhere below `folders`."""
    found = []
    for folder in folders:
        for root, _, names in os.walk(folder):
            found += [Path(root, name) for name in names if TEMPORARY.match(name)]
    return found


def interrupt(process: subprocess.Popen[bytes], number: signal.Signals) -> None:
    try:
        os.kill(process.pid, number)
    except ProcessLookupError:
        pass  # it ended just before
