"""A real `exporter serve` in a child process on a free loopback port, and a plain HTTP client for it."""

from __future__ import annotations

import http.client
import json
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator
from contextlib import contextmanager

from conftest import PROJECT
from hostile_run import ctrl_c_reaches_it

START_SECONDS = 90


@dataclass
class Server:
    """A running page: where it listens, its token, its folders and process."""

    url: str
    port: int
    token: str
    content: Path
    build: Path
    process: subprocess.Popen[str]

    def request(self, method: str, path: str, body: bytes | str | dict[str, Any] | None = None,
                headers: dict[str, str] | None = None, host: str | None = None, cookie: bool = True,
                header_token: bool = True, timeout: float = 120) -> tuple[int, dict[str, str], bytes]:
        """One request on a fresh connection; the Host, the cookie and the token header as asked."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        sent = dict(headers or {})
        if isinstance(body, dict):
            body = json.dumps(body, ensure_ascii=False)
            sent.setdefault("Content-Type", "application/json")
        if isinstance(body, str):
            body = body.encode("utf-8")
        if cookie:
            sent["Cookie"] = f"gongwen_token={self.token}"
        if header_token:
            sent["X-Gongwen-Token"] = self.token
        sent["Host"] = f"127.0.0.1:{self.port}" if host is None else host
        try:
            connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            for name, value in sent.items():
                connection.putheader(name, value.encode("utf-8") if not value.isascii() else value)
            if body is not None:
                connection.putheader("Content-Length", str(len(body)))
            connection.endheaders(body)
            response = connection.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            connection.close()

    def json(self, method: str, path: str, body: Any = None, **options: Any) -> tuple[int, dict[str, Any]]:
        status, _, data = self.request(method, path, body, **options)
        return status, json.loads(data.decode("utf-8")) if data else {}

    def work_folders(self) -> list[Path]:
        """The drafts' folders of this start (under build/.serve-*/)."""
        return sorted(p for root in self.build.glob(".serve-*") for p in root.iterdir() if p.is_dir())

    def memory_kib(self) -> int:
        """Resident memory of the server and its worker processes together."""
        total = 0
        for pid in [self.process.pid] + _children(self.process.pid):
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            match = re.search(r"VmRSS:\s+(\d+) kB", status)
            total += int(match.group(1)) if match else 0
        return total


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found + [g for c in found for g in _children(c)]


@contextmanager
def running_server(folder: Path, content: Path | None = None, workers: int | None = None) -> Iterator[Server]:
    """Start `exporter serve --port 0 --no-browser` with its own content/ and build/ folders; stop it after."""
    content = content or folder / "content"
    content.mkdir(parents=True, exist_ok=True)
    build = folder / "build"
    log = (folder / "serve-stderr.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "exporter", "serve", "--port", "0", "--no-browser", "--content", str(content),
         "--out", str(build)], cwd=PROJECT, stdout=subprocess.PIPE, stderr=log, text=True, preexec_fn=ctrl_c_reaches_it)
    try:
        url = _wait_for_url(process)
        match = re.match(r"http://127\.0\.0\.1:(\d+)/\?token=(\S+)", url)
        assert match, url
        yield Server(url, int(match.group(1)), match.group(2), content, build, process)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait_for_url(process: subprocess.Popen[str]) -> str:
    deadline = time.monotonic() + START_SECONDS
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            raise AssertionError(f"exporter serve stopped at start (exit {process.poll()})")
        found = re.search(r"http://\S+", line)
        if found:
            return found.group()
    raise AssertionError("exporter serve did not start in time")
