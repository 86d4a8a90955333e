"""Work done in a forked child process beside the parent's own, its result or its error handed back through a pipe.

After layout a build's writers need nothing from each other, so the PDF is written here while a
child writes the DOCX and the workbook on the other core; the child imports its libraries
(python-docx, openpyxl) in parallel too. The child shares the parent's memory as it was at the fork
(the resolved report and the pages are not copied), dies with the parent, and reports an error as
the parent would have raised it.
"""

from __future__ import annotations

import os
import pickle
import signal
from dataclasses import dataclass
from typing import Callable

from .errors import Diagnostic, ExporterError

_PR_SET_PDEATHSIG = 1  # linux/prctl.h: the signal a child gets when its parent dies
_HELD = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


@dataclass(frozen=True)
class _Failure:
    """What went wrong in the child, in a form that crosses the pipe."""

    kind: str  # "exporter", "os", "internal"
    error_class: type[ExporterError] | None = None
    diagnostics: tuple[Diagnostic, ...] = ()
    errno: int = 0
    strerror: str = ""
    filename: str | None = None
    step: str = ""  # what the child was doing (the format it wrote) when it failed
    text: str = ""


class ChildOSError(OSError):
    """An OSError raised in the child while it worked on `step`."""

    def __init__(self, errno: int, strerror: str, filename: str | None, step: str) -> None:
        super().__init__(errno, strerror, filename)
        self.step = step


class ChildFailed(Exception):
    """The child failed in a way that is not the clerk's to fix; `text` says how, for --debug."""


_one_of_many = False  # this process is one of several building at once (build -j N)


def keep_to_one_core() -> None:
    """From now on this process forks no work: it is one of several building at once, which keep the cores busy."""
    global _one_of_many
    _one_of_many = True


def can_fork() -> bool:
    """Whether a second process can share the work: fork exists here and more than one processor is ours."""
    if _one_of_many or not hasattr(os, "fork"):
        return False
    try:
        processors = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        processors = os.cpu_count() or 1
    return processors > 1


class Child:
    """A forked child running one piece of work; `wait` returns its result or raises its error."""

    def __init__(self, work: Callable[[Callable[[str], None]], object]) -> None:
        """Fork and run `work(step)` in the child; `work` calls `step(name)` before each part, to name failures."""
        reading, writing = os.pipe()
        # Ctrl+C and SIGTERM wait while the process divides: neither half may be stopped half-made.
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
        self._pid = os.fork()
        if self._pid == 0:  # the child
            os.close(reading)
            _run_child(work, writing, mask)
        os.close(writing)
        self._reading = reading
        self._done = False
        try:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # a signal that came meanwhile is handled here
        except BaseException:
            self.stop()
            raise

    def wait(self) -> object:
        """The child's result; its error raised here as the parent would have raised it."""
        chunks = []
        while chunk := os.read(self._reading, 1 << 16):
            chunks.append(chunk)
        os.close(self._reading)
        _, status = os.waitpid(self._pid, 0)
        self._done = True
        data = b"".join(chunks)
        if not data:
            raise ChildFailed(f"the child process ended without a result (status {status})")
        outcome = pickle.loads(data)
        if not isinstance(outcome, _Failure):
            return outcome
        if outcome.kind == "exporter" and outcome.error_class is not None:
            raise outcome.error_class(list(outcome.diagnostics))
        if outcome.kind == "os":
            raise ChildOSError(outcome.errno, outcome.strerror, outcome.filename, outcome.step)
        raise ChildFailed(outcome.text)

    def stop(self) -> None:
        """End the child if it still runs (the parent failed or was interrupted)."""
        if self._done:
            return
        self._done = True
        try:
            os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        try:
            os.close(self._reading)
        except OSError:
            pass


def _run_child(work: Callable[[Callable[[str], None]], object], writing: int, mask: set[int | signal.Signals]) -> None:
    """In the child: die with the parent, leave signals to their defaults, run, report, exit without cleanup."""
    code = 0
    step = ""

    def named(name: str) -> None:
        nonlocal step
        step = name

    try:
        for handled in _HELD:
            signal.signal(handled, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        try:
            import ctypes  # here, not at the top: 7 ms that every command would pay, and only children use it

            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass  # without prctl the parent still stops the child when it fails
        outcome: object = work(named)
    except ExporterError as exc:
        outcome = _Failure("exporter", type(exc), tuple(exc.diagnostics), step=step)
        code = 1
    except OSError as exc:
        filename = os.fsdecode(exc.filename) if exc.filename is not None else None
        outcome = _Failure("os", errno=exc.errno or 0, strerror=exc.strerror or "", filename=filename, step=step)
        code = 1
    except BaseException as exc:  # noqa: BLE001 — reported to the parent, which decides what the clerk sees
        outcome = _Failure("internal", text=f"{type(exc).__name__}: {exc}", step=step)
        code = 1
    try:
        data = pickle.dumps(outcome)
        view = memoryview(data)
        while view:
            view = view[os.write(writing, view):]
    except BaseException:  # noqa: BLE001 — the parent sees an empty result
        code = 2
    finally:
        os._exit(code)  # no atexit handlers, no flushing of buffers the parent owns
