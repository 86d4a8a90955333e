"""Start the page: bind 127.0.0.1 only, warm the workers, open the browser with this start's token, stop on Ctrl+C."""

from __future__ import annotations

import errno
import os
import shutil
import socket
import sys
import tempfile
import threading
import webbrowser
from pathlib import Path

from ..errors import ExporterError, Location, error
from .app import Settings, create_app
from .security import new_token
from .workers import Workers

HOST = "127.0.0.1"  # loopback only: no other machine can reach the page
WAITING_JOBS = 40  # jobs that may queue behind the workers; more are refused with a message


def bind(port: int) -> socket.socket:
    """A listening socket on 127.0.0.1:port (0: any free port); a busy port is reported in Chinese."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((HOST, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise ExporterError(error("S010", f"端口 {port} 已被其他程序占用", Location("exporter serve"),
                                      "换一个端口，如 exporter serve --port 8766。")) from None
        if exc.errno == errno.EACCES:
            raise ExporterError(error("S011", f"没有权限使用端口 {port}", Location("exporter serve"),
                                      "使用 1024 以上的端口，如 exporter serve --port 8765。")) from None
        raise
    sock.listen(128)
    return sock


def serve(content: Path, build: Path, style: str, port: int, open_browser: bool, workers: int | None = None) -> int:
    """Run the page until interrupted; returns the exit code."""
    import uvicorn

    sock = bind(port)
    port = sock.getsockname()[1]
    token = new_token()
    build.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".serve-", dir=build))
    count = workers or max(1, min(2, os.cpu_count() or 1))
    pool = Workers(count, style, WAITING_JOBS)
    url = f"http://{HOST}:{port}/?token={token}"
    try:
        print("正在启动……", flush=True)
        pool.warm_up()
        app = create_app(Settings(content.resolve(), work, style, token, port), pool)
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on",
                                limit_concurrency=200, timeout_keep_alive=5, h11_max_incomplete_event_size=64 * 1024)
        server = uvicorn.Server(config)
        print(f"公文导出页面已启动：{url}", flush=True)
        print("只有本机可以访问；按 Ctrl+C 停止。", flush=True)
        if open_browser:
            threading.Timer(0.5, webbrowser.open, (url,)).start()
        try:
            server.run(sockets=[sock])
        except KeyboardInterrupt:  # uvicorn re-raises Ctrl+C after its graceful shutdown; stopping is the normal end
            pass
    finally:
        pool.close()
        sock.close()
        shutil.rmtree(work, ignore_errors=True)
    print("已停止。", file=sys.stderr)
    return 0
