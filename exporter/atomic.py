"""Files replaced in one step: a reader sees the old file or the whole new one, never half of it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable


def write_atomically(target: Path, write: Callable[[Path], object]) -> None:
    """Run `write` on a temporary file beside `target`, then rename it over `target`."""
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    temp = Path(temp_name)
    try:
        write(temp)
        os.chmod(temp, 0o644)  # mkstemp makes the file private; outputs and caches are for every user
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def write_bytes_atomically(target: Path, data: bytes) -> None:
    """Replace `target` with `data` in one step."""
    write_atomically(target, lambda path: path.write_bytes(data))
