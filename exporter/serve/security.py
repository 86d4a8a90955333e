"""Who may drive the page: only this machine's browser, holding the token of this start, with names kept in their folders.

- DNS rebinding: a request whose Host is not 127.0.0.1 or localhost on our port is refused, so a foreign
  site whose name was pointed at 127.0.0.1 cannot read the page.
- Cross-site requests: every request needs the per-start token, as Jupyter does. The URL opened at start
  carries it once; the page then holds it in a SameSite=Strict, HttpOnly cookie (sent with images and
  downloads), and every request that changes something must also carry it in a header, which no other
  site's form or image can set.
"""

from __future__ import annotations

import hmac
import html
import json
import re
import secrets
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any, Awaitable, Callable, MutableMapping
from urllib.parse import parse_qs

COOKIE = "gongwen_token"
HEADER = b"x-gongwen-token"
_SAFE_METHODS = (b"GET", b"HEAD")
_NAME_MAX = 80
_FORBIDDEN_NAME_CHARS = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')

Scope = MutableMapping[str, Any]  # the ASGI types as Starlette declares them, so a Starlette app is an App
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]


def new_token() -> str:
    """A fresh secret for one start of the server."""
    return secrets.token_urlsafe(32)


class NameRefused(ValueError):
    """A file name that would leave its folder or cannot be a file name; the message is Chinese."""


def source_stem(name: str) -> str:
    """The stem of a report source a clerk names: one file name, no folders, no hidden files."""
    name = name.strip()
    for suffix in (".yaml", ".yml"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    if not name:
        raise NameRefused("请填写文件名")
    if _FORBIDDEN_NAME_CHARS.search(name) or name.startswith(".") or name in ("..", "."):
        raise NameRefused(f"文件名“{name}”不能包含 / \\ : * ? \" < > | 等字符，也不能以“.”开头")
    if len(name) > _NAME_MAX:
        raise NameRefused(f"文件名太长（最多 {_NAME_MAX} 个字）")
    return name


def inside(folder: Path, name: str) -> Path:
    """`folder / name`, refused unless it is a file directly in `folder`."""
    if _FORBIDDEN_NAME_CHARS.search(name) or name.startswith(".") or not name:
        raise NameRefused(f"文件名“{name}”无效")
    path = (folder / name).resolve()
    if path.parent != folder.resolve():
        raise NameRefused(f"文件名“{name}”无效")
    return path


class Guard:
    """ASGI middleware: the Host check, then the token check, before any route runs."""

    def __init__(self, app: App, token: str, port: int) -> None:
        self.app = app
        self.token = token
        self.hosts = {f"127.0.0.1:{port}".encode(), f"localhost:{port}".encode()}
        self.origins = {b"http://" + host for host in self.hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        page = b"text/html" in headers.get(b"accept", b"")
        if headers.get(b"host", b"").lower() not in self.hosts:
            await _refuse(send, 403, "只能从本机的 http://127.0.0.1 或 http://localhost 打开这个页面。", page)
            return
        origin = headers.get(b"origin")
        if origin is not None and origin.lower() not in self.origins:
            await _refuse(send, 403, "拒绝来自其他网站的请求。", page)
            return
        if scope["path"] == "/" and scope["method"] in ("GET", "HEAD"):
            given = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [""])[0]
            if given and self._matches(given):
                await _welcome(send, self.token)
                return
        if not self._matches(_cookie(headers)):
            await _refuse(send, 403, "请用启动 exporter serve 时显示的链接打开本页面（链接中带有本次启动的口令）。", page)
            return
        if scope["method"].encode() not in _SAFE_METHODS and not self._matches(headers.get(HEADER, b"").decode("latin-1")):
            await _refuse(send, 403, "请求缺少本次启动的口令，已拒绝。")
            return
        await self.app(scope, receive, send)

    def _matches(self, given: str) -> bool:
        return bool(given) and hmac.compare_digest(given.encode("utf-8", "replace"), self.token.encode())


def _cookie(headers: dict[bytes, bytes]) -> str:
    cookie = SimpleCookie()
    try:
        cookie.load(headers.get(b"cookie", b"").decode("latin-1"))
    except Exception:  # noqa: BLE001 — a malformed cookie header is simply no token
        return ""
    morsel = cookie.get(COOKIE)
    return morsel.value if morsel else ""


async def _welcome(send: Send, token: str) -> None:
    """Keep the token in a cookie and drop it from the address bar."""
    await send({"type": "http.response.start", "status": 303, "headers": [
        (b"location", b"/"),
        (b"set-cookie", f"{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict".encode()),
        (b"cache-control", b"no-store"), (b"referrer-policy", b"no-referrer"), (b"content-length", b"0")]})
    await send({"type": "http.response.body", "body": b""})


async def _refuse(send: Send, status: int, message: str, page: bool = False) -> None:
    """A refusal in Chinese: a short page for a browser's address bar, JSON for the page's own requests."""
    if page:
        body = (f'<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>无法打开</title>'
                f'<p style="font: 18px sans-serif; margin: 3em">{html.escape(message)}</p></html>').encode("utf-8")
        kind = b"text/html; charset=utf-8"
    else:
        body = json.dumps({"message": message}, ensure_ascii=False).encode("utf-8")
        kind = b"application/json; charset=utf-8"
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", kind), (b"content-length", str(len(body)).encode()), (b"cache-control", b"no-store")]})
    await send({"type": "http.response.body", "body": body})
