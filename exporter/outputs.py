"""One source's outputs replaced as a set: every format written to a temporary file, all renamed only when all succeeded."""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import re
import secrets
import signal
import stat
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Callable, Iterator

from .errors import Location, OutputError, error
from .oserrors import hint, reason

NAME_MAX = 255  # bytes in one file name on the usual file systems (ext4, XFS, Btrfs, tmpfs)
TEMP_SUFFIX = ".tmp"
_RANDOM_LENGTH = 8  # characters of the random part: 8 hex digits here, 8 of tempfile's alphabet in older builds
_LONGEST_FORMAT = 4  # docx, xlsx
LOCK_WAIT_SECONDS = 120.0  # another build of the same source takes seconds; longer means it hangs
_LOCK_POLL_SECONDS = 0.05
_HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
_NO_LOCKING = (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS)  # file systems without flock (some network shares)


class OutputSet:
    """The outputs `STEM.FORMAT` of one source in `folder`, replaced together or not at all.

    Used as a context manager: entering creates the folder, takes the lock of this stem (a
    `.STEM.lock` file with flock, so two builds of sources with the same name never interleave their
    sets) and removes temporary files that killed builds of this stem left behind; `write` fills
    one temporary file per format; `commit` renames them over the outputs; leaving removes every
    temporary file not committed and releases the lock.
    """

    def __init__(self, folder: Path, stem: str) -> None:
        self.folder = folder
        self.stem = stem
        self.short_stem = _short_stem(stem)
        self._pending: dict[str, tuple[Path, Path]] = {}  # format → (temporary file, output)
        self._lock: int | None = None

    # ---------------------------------------------------------------- entering and leaving
    def __enter__(self) -> "OutputSet":
        self._make_folder()
        self._take_lock()
        try:
            self._remove_stale_files()
        except BaseException:
            self._release_lock()
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None) -> None:
        with _signals_held():
            for temp, _ in self._pending.values():
                _unlink_quietly(temp)
            self._pending.clear()
            self._release_lock()

    def _make_folder(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            pass  # a file or device of that name: reported below
        except OSError as exc:
            raise self._refused(exc, exc.filename or self.folder) from None
        try:
            is_folder = stat.S_ISDIR(os.stat(self.folder).st_mode)
        except OSError as exc:
            raise self._refused(exc, exc.filename or self.folder) from None
        if not is_folder:
            raise OutputError(error("O001", f"输出位置“{self.folder}”不是文件夹（已有同名的文件或设备）", Location(str(self.folder)),
                                    "用 --out 指定一个文件夹（不存在时会自动创建）。"))

    def _take_lock(self) -> None:
        """flock on `.STEM.lock`, checked to still be the file at that name after waiting (see _release_lock)."""
        path = self.folder / f".{self.short_stem}.lock"
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            with _signals_held():  # the lock file is either ours and registered, or closed
                if self._try_lock(path):
                    return
            if time.monotonic() > deadline:
                raise OutputError(error(
                    "O002", f"另一个生成过程正在写入 {self.folder} 中的“{self.stem}”，等待 {LOCK_WAIT_SECONDS:.0f} 秒仍未结束",
                    Location(str(self.folder)), "等另一个生成过程结束后重试；如果它已停止响应，先结束它。"))
            time.sleep(_LOCK_POLL_SECONDS)

    def _try_lock(self, path: Path) -> bool:
        """True once this set holds the lock (or the file system has no locks); False while another build holds it."""
        try:
            handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o644)
        except OSError as exc:
            raise self._refused(exc, self.folder) from None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(handle)
            return False
        except OSError as exc:
            os.close(handle)
            if exc.errno in _NO_LOCKING:  # nothing to lock with: builds of the same name must not run at once here
                _unlink_quietly(path)
                return True
            raise self._refused(exc, self.folder) from None
        if _same_file(handle, path):
            self._lock = handle
            return True
        os.close(handle)  # the holder before us removed this lock file: lock the new one
        return False

    def _release_lock(self) -> None:
        """Remove the lock file, then unlock it.

        Removing it first is safe because every locker checks, once it holds the lock, that the file
        it locked is still the one at that name; so no lock file is left beside the outputs.
        """
        if self._lock is None:
            return
        _unlink_quietly(self.folder / f".{self.short_stem}.lock")
        os.close(self._lock)
        self._lock = None

    def _remove_stale_files(self) -> None:
        """Temporary files of this stem that a killed build left: no running build owns them, as we hold the lock."""
        if self._lock is None:
            return
        own = re.compile(re.escape(f".{self.short_stem}.") + r"[a-z]{1,8}\.[A-Za-z0-9_]{%d}" % _RANDOM_LENGTH
                         + re.escape(TEMP_SUFFIX))
        try:
            names = os.listdir(self.folder)
        except OSError as exc:
            raise self._refused(exc, self.folder) from None
        for name in names:
            if own.fullmatch(name):
                _unlink_quietly(self.folder / name)

    # ---------------------------------------------------------------- writing
    def target(self, fmt: str) -> Path:
        """Where the output of `fmt` goes."""
        return self.folder / f"{self.stem}.{fmt}"

    def write(self, fmt: str, write_file: Callable[[Path], None]) -> None:
        """Run `write_file` on a new temporary file for `fmt`, flushed to disk; the output stays as it is."""
        temp = self.prepare(fmt)
        try:
            write_file(temp)
        except OSError as exc:
            raise self.failed(fmt, exc) from None
        self.finish(fmt)

    def prepare(self, fmt: str) -> Path:
        """A new temporary file for `fmt`, registered for removal, for a writer (here or in another process) to fill."""
        target = self.target(fmt)
        self._check_target(target)
        with _signals_held():  # a temporary file exists only once it is registered for removal
            temp = self._new_temporary(fmt)
            self._pending[fmt] = (temp, target)
        return temp

    def finish(self, fmt: str) -> None:
        """The filled temporary file of `fmt` flushed to disk, ready to be committed."""
        temp, _ = self._pending[fmt]
        try:
            _flush_to_disk(temp)
        except OSError as exc:
            raise self.failed(fmt, exc) from None

    def failed(self, fmt: str, exc: OSError) -> OutputError:
        """The error to report when writing `fmt` failed with `exc`."""
        temp, target = self._pending[fmt]
        return self._write_failed(exc, temp, target)

    def commit(self) -> list[Path]:
        """Rename every temporary file over its output; on any failure the outputs renamed so far are restored."""
        replaced: list[tuple[Path, Path | None]] = []  # output, its previous version kept under a temporary name
        kept: list[Path] = []
        with _signals_held():
            try:
                for fmt, (temp, target) in self._pending.items():
                    previous = self._keep_previous(fmt, target)
                    if previous is not None:
                        kept.append(previous)
                    os.replace(temp, target)
                    replaced.append((target, previous))
            except OSError as exc:
                for target, previous in reversed(replaced):
                    if previous is not None:
                        os.replace(previous, target)
                    else:
                        _unlink_quietly(target)  # there was none before
                raise self._refused(exc, exc.filename or self.folder) from None
            finally:
                for previous in kept:
                    _unlink_quietly(previous)
            written = [target for target, _ in replaced]
            self._pending.clear()
            _flush_folder(self.folder)
        return written

    def _keep_previous(self, fmt: str, target: Path) -> Path | None:
        """A second name (a hard link) for the output about to be replaced, so a failed commit can put it back."""
        if not target.exists():
            return None
        previous = self._temporary_name(fmt)
        try:
            os.link(target, previous)
        except OSError:
            return None  # no hard links here (FAT, some shares): the rename of the rest rarely fails anyway
        return previous

    def _new_temporary(self, fmt: str) -> Path:
        for _ in range(100):
            temp = self._temporary_name(fmt)
            try:
                os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644))
            except FileExistsError:
                continue
            except OSError as exc:
                raise self._refused(exc, self.folder) from None
            os.chmod(temp, 0o644)  # outputs are for every user, whatever the umask made of 0o644
            return temp
        raise OutputError(error("O003", f"无法在 {self.folder} 中创建临时文件", Location(str(self.folder))))

    def _temporary_name(self, fmt: str) -> Path:
        """`.STEM.FORMAT.RANDOM.tmp`: hidden, within NAME_MAX, and recognisable as this stem's by a later build."""
        return self.folder / f".{self.short_stem}.{fmt}.{secrets.token_hex(_RANDOM_LENGTH // 2)}{TEMP_SUFFIX}"

    def _check_target(self, target: Path) -> None:
        if len(target.name.encode("utf-8", "surrogateescape")) > NAME_MAX:
            raise OutputError(error("O004", f"输出文件名太长（超过 {NAME_MAX} 字节）：{target.name}", Location(str(target)),
                                    "把源文件改一个短一些的名称。"))
        if target.is_dir():
            raise OutputError(error("O005", f"输出文件的位置上有一个同名的文件夹：{target}", Location(str(target)),
                                    "把这个文件夹改名或移走，或用 --out 指定另一个输出文件夹。"))

    # ---------------------------------------------------------------- messages
    def _refused(self, exc: OSError, path: Path | str) -> OutputError:
        return OutputError(error("O010", f"无法写入输出文件夹 {path}：{reason(exc)}；原有的输出文件没有被改动",
                                 Location(str(path)), hint(exc)))

    def _write_failed(self, exc: OSError, temp: Path, target: Path) -> OutputError:
        elsewhere = exc.filename and Path(os.fsdecode(exc.filename)) not in (temp, target)
        if elsewhere:  # the writer could not read a file it needs (a font, the seal)
            return OutputError(error("O011", f"生成 {target.name} 时无法访问 {exc.filename}：{reason(exc)}；原有的输出文件没有被改动",
                                     Location(os.fsdecode(exc.filename)), hint(exc)))
        return OutputError(error("O012", f"无法写入 {target}：{reason(exc)}；原有的输出文件没有被改动",
                                 Location(str(target)), hint(exc)))


def _short_stem(stem: str) -> str:
    """The stem as it appears in temporary and lock names, cut to keep those names within NAME_MAX.

    A cut stem ends in "~" and a digest of the whole stem, so two long stems that begin alike stay apart.
    """
    budget = NAME_MAX - len(f"..{'x' * _LONGEST_FORMAT}.{'x' * _RANDOM_LENGTH}{TEMP_SUFFIX}")
    encoded = stem.encode("utf-8", "surrogateescape")
    if len(encoded) <= budget:
        return stem
    digest = hashlib.sha256(encoded).hexdigest()[:8]
    cut = encoded[: budget - len(digest) - 1].decode("utf-8", "ignore")
    return f"{cut}~{digest}"


def _same_file(handle: int, path: Path) -> bool:
    try:
        named = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return False
    opened = os.fstat(handle)
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)


def _flush_to_disk(path: Path) -> None:
    """The written bytes reach the disk before the rename makes them the output (a power cut leaves no empty file)."""
    handle = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _flush_folder(folder: Path) -> None:
    try:
        handle = os.open(folder, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass  # some file systems cannot sync a folder; the renames are done either way
    finally:
        os.close(handle)


def _unlink_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass  # gone already, or the folder went read-only: a later build removes what is left


@contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait while the outputs are renamed or tidied, so neither is left half done."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
