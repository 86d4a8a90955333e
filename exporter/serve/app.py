"""The page's routes: start a draft (paste, upload, content/), change it, preview it, build, download and save it."""

from __future__ import annotations

import hashlib
import re
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Awaitable, Callable
from urllib.parse import quote, unquote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..atomic import write_atomically
from ..importer.reading import MARKDOWN_SUFFIXES, MAX_BYTES, TEXT_SUFFIXES, WORD_SUFFIXES
from . import edits, work
from .drafts import Draft, DraftMissing, Drafts, PageImages
from .edits import EditRefused
from .security import Guard, NameRefused, inside, source_stem
from .workers import Busy, Workers

STATIC = Path(__file__).resolve().parent / "static"
UPLOAD_BYTES = MAX_BYTES  # the importer's own limit: a report's text is far below it
SEAL_BYTES = 2 * 1024 * 1024
SOURCE_BYTES = 5 * 1024 * 1024
DRAFTS = 40  # drafts kept at once; the oldest unused one is dropped beyond this
IMAGE_CACHE_BYTES = 64 * 1024 * 1024  # about 500 page pictures
UPLOAD_SUFFIXES = TEXT_SUFFIXES + MARKDOWN_SUFFIXES + WORD_SUFFIXES
FORMATS = ("docx", "pdf", "xlsx", "zip")
META_KEYS = ("title", "title_breaks", "issuer", "doc_number", "signers", "recipients", "date", "note", "cc",
             "printer", "print_date", "seal")
_CSP = ("default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; font-src 'self'; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
_PAGE_HEADERS = {"content-security-policy": _CSP, "x-frame-options": "DENY", "referrer-policy": "no-referrer",
                 "x-content-type-options": "nosniff", "cache-control": "no-store"}


@dataclass
class Settings:
    """Where the page reads and writes, and with which style."""

    content: Path  # report sources: opened from and saved to here only
    work: Path  # drafts and their outputs, inside the build folder
    style: str
    token: str
    port: int


class Problem(Exception):
    """A request the page refuses, with a Chinese message (and a hint) for the clerk."""

    def __init__(self, message: str, hint: str = "", status: int = 400, **extra: Any) -> None:
        super().__init__(message)
        self.message, self.hint, self.status, self.extra = message, hint, status, extra


def create_app(settings: Settings, workers: Workers) -> Guard:
    """The application, behind the Host and token guard."""
    drafts = Drafts(settings.work, DRAFTS)
    images = PageImages(IMAGE_CACHE_BYTES)
    fonts: dict[str, Path] = {}

    def handler(function: Callable[[Request], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
        async def wrapped(request: Request) -> Response:
            try:
                return await function(request)
            except Problem as problem:
                return _problem(problem)
            except (EditRefused, NameRefused) as refused:
                return _problem(Problem(str(refused)))
            except DraftMissing:
                return _problem(Problem("这份报告已经关闭（或已被更新的报告替换），请重新打开。", status=404))
            except Busy as busy:
                return _problem(Problem(str(busy), status=503))
        return wrapped

    # ------------------------------------------------------------ state sent to the page
    async def refresh(draft: Draft) -> dict[str, Any]:
        result = await workers.run(work.refresh, str(draft.source), settings.style, images.known())
        if isinstance(result, work.Failure):
            raise Problem(result.message, status=500)
        images.add(result.images)
        state = {
            "id": draft.id, "stem": draft.stem, "revision": draft.revision, "savedAs": draft.saved_as,
            "canUndo": bool(draft.history), "ok": result.ok, "view": result.view, "findings": result.findings,
            "pages": result.pages, "pageSize": result.page_size, "indicators": result.indicators,
            "seconds": round(result.seconds, 3),
        }
        if not result.ok and draft.preview.get("pages"):
            state["pages"], state["stale"] = draft.preview["pages"], True  # keep showing the last good pages
        draft.preview = state
        return state

    async def start(stem: str, text: str, notices: list[str] | None = None) -> Response:
        draft = drafts.create(stem, text)
        state = await refresh(draft)
        return JSONResponse({**state, "notices": notices or []})

    # ------------------------------------------------------------ the page itself
    async def index(request: Request) -> Response:
        page = (STATIC / "index.html").read_text(encoding="utf-8")
        page = page.replace("{{token}}", settings.token).replace("{{limits}}", f"{UPLOAD_BYTES} {SEAL_BYTES} {work.MAX_PAGES}")
        return HTMLResponse(page, headers=_PAGE_HEADERS)

    async def font(request: Request) -> Response:
        face = request.path_params["face"]
        if not fonts:
            from ..fonts import resolve_fonts
            from ..styles import load_style

            style = load_style(settings.style)
            fonts.update({key: file.path for key, file in
                          resolve_fonts(sorted({f.face for f in style.fonts.values()})).items()})
        if face not in fonts or fonts[face].suffix.lower() not in (".ttf", ".otf"):
            raise Problem("没有这种字体", status=404)
        return FileResponse(fonts[face], media_type="font/ttf", headers={"cache-control": "private, max-age=86400"})

    # ------------------------------------------------------------ starting a draft
    async def sources(request: Request) -> Response:
        names = sorted(p.name for p in settings.content.glob("*.y*ml") if p.is_file() and not p.name.startswith("."))
        return JSONResponse({"sources": names, "limits": {"upload": UPLOAD_BYTES, "seal": SEAL_BYTES,
                                                          "pages": work.MAX_PAGES}})

    async def paste(request: Request) -> Response:
        data = await _json_body(request, UPLOAD_BYTES * 2)
        text = data.get("text")
        title = _short_text(data.get("title", ""), "标题", 200)
        if not isinstance(text, str) or not text.strip():
            raise Problem("请先把报告全文粘贴到文本框中")
        if len(text.encode("utf-8")) > UPLOAD_BYTES:
            raise Problem(f"粘贴的文字太长，超过 {UPLOAD_BYTES // 1024 // 1024} MB", "报告正文一般不到 1 MB，请检查是否粘贴了多余的内容。", 413)
        return await imported("粘贴的报告.txt", text.encode("utf-8"), title, pasted=True)

    async def upload(request: Request) -> Response:
        name = unquote(request.headers.get("x-file-name", ""))
        title = _short_text(unquote(request.headers.get("x-report-title", "")), "标题", 200)
        suffix = Path(name).suffix.lower()
        if suffix not in UPLOAD_SUFFIXES:
            await _drain(request)
            hint = "可以上传 Word（.docx）、Markdown（.md）或纯文本（.txt）文件。"
            if suffix in (".doc", ".wps"):
                hint = "请在 Word 或 WPS 中打开它，“另存为” .docx 格式后再上传。"
            raise Problem(f"不能导入“{Path(name).name or '这个文件'}”：不支持 {suffix or '没有扩展名的'} 文件", hint)
        data = await _body(request, UPLOAD_BYTES, "文件太大", "报告正文一般不到 1 MB：检查是否选错了文件；Word 文件可删去其中的图片后再上传。")
        if not data:
            raise Problem("上传的文件是空的", "请选择报告的 Word、Markdown 或纯文本文件。")
        return await imported(Path(name).name, data, title, pasted=False)

    async def imported(name: str, data: bytes, title: str, pasted: bool) -> Response:
        try:
            stem = source_stem(Path(name).stem)
        except NameRefused:
            stem = "上传的报告"
        incoming = settings.work / f".incoming-{secrets.token_hex(8)}"  # one folder a request: equal uploads never meet
        incoming.mkdir(parents=True, exist_ok=True)
        report = incoming / f"{stem}{Path(name).suffix.lower()}"
        try:
            report.write_bytes(data)
            result = await workers.run(work.import_file, str(report), title)
        finally:
            shutil.rmtree(incoming, ignore_errors=True)
        if isinstance(result, work.Failure):
            raise Problem(result.message, status=500)
        if result.text is None:
            raise Problem(f"无法导入：{result.message}", result.hint, 422)
        if pasted and result.title:
            try:
                stem = source_stem(result.title[:40])
            except NameRefused:
                pass
        return await start(stem, result.text, result.notices)

    async def open_source(request: Request) -> Response:
        data = await _json_body(request, 4096)
        name = data.get("name")
        if not isinstance(name, str) or not name.lower().endswith((".yaml", ".yml")):
            raise Problem("请选择 content/ 中的一个 .yaml 源文件")
        path = inside(settings.content, name)
        if not path.is_file():
            raise Problem(f"content/ 中没有“{name}”", status=404)
        if path.stat().st_size > SOURCE_BYTES:
            raise Problem("源文件太大，无法在网页上打开", status=413)
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise Problem(f"“{name}”不是 UTF-8 编码", "请在文本编辑器中把它另存为 UTF-8 编码。") from None
        draft = drafts.create(source_stem(path.stem), text)
        draft.saved_as = path.name
        _bring_seal(draft, settings.content)
        return JSONResponse(await refresh(draft))

    # ------------------------------------------------------------ one draft
    async def state(request: Request) -> Response:
        draft = drafts.get(request.path_params["draft"])
        async with draft.lock:
            return JSONResponse(draft.preview or await refresh(draft))

    async def edit(request: Request) -> Response:
        draft = drafts.get(request.path_params["draft"])
        data = await _json_body(request, SOURCE_BYTES)
        async with draft.lock:
            if data.get("revision") != draft.revision:
                raise Problem("报告已在别处改动，页面已更新，请再改一次。", status=409, revision=draft.revision)
            draft.change(_apply(draft, data))
            return JSONResponse(await refresh(draft))

    async def undo(request: Request) -> Response:
        draft = drafts.get(request.path_params["draft"])
        async with draft.lock:
            if not draft.undo():
                raise Problem("没有可以撤销的修改")
            return JSONResponse(await refresh(draft))

    async def seal(request: Request) -> Response:
        draft = drafts.get(request.path_params["draft"])
        data = await _body(request, SEAL_BYTES, "印章图片太大", "请使用 2 MB 以内的 PNG 或 JPEG 图片。")
        if data.startswith(b"\x89PNG\r\n\x1a\n"):
            suffix = ".png"
        elif data.startswith(b"\xff\xd8\xff"):
            suffix = ".jpg"
        else:
            raise Problem("印章图片应当是 PNG 或 JPEG 格式", "请用扫描或导出的 PNG（最好是透明背景）或 JPEG 图片。")
        name = f"印章-{hashlib.sha256(data).hexdigest()[:8]}{suffix}"
        async with draft.lock:
            (draft.folder / name).write_bytes(data)
            draft.change(edits.set_meta(draft.text, "seal", name))
            return JSONResponse(await refresh(draft))

    async def page_image(request: Request) -> Response:
        draft = drafts.get(request.path_params["draft"])
        digest = request.path_params["digest"]
        image = images.get(digest)
        if image is None and digest in draft.preview.get("pages", []):
            async with draft.lock:
                await refresh(draft)  # pushed out of the cache: paint it again
            image = images.get(digest)
        if image is None:
            raise Problem("这一页已经过期，请刷新页面", status=404)
        return Response(image, media_type="image/jpeg", headers={"cache-control": "private, max-age=3600"})

    async def build(request: Request) -> Response:
        draft = drafts.get(request.path_params["draft"])
        data = await _json_body(request, 4096)
        formats = data.get("formats")
        if not isinstance(formats, list) or not formats or any(f not in FORMATS for f in formats):
            raise Problem("请选择要下载的文件格式：Word、PDF、Excel 或全部（.zip）")
        async with draft.lock:
            shutil.rmtree(draft.out, ignore_errors=True)  # only this build's files are offered
            result = await workers.run(work.build, str(draft.source), settings.style, str(draft.out), tuple(formats))
        if isinstance(result, work.Failure):
            raise Problem(result.message, status=500)
        if not result.files:
            raise Problem(result.message, "请按页面上标出的错误逐一修改。", 422, findings=result.findings)
        return JSONResponse({"files": [{"name": name, "url": f"/api/drafts/{draft.id}/files/{quote(name)}",
                                        "size": (draft.out / name).stat().st_size} for name in result.files]})

    async def download(request: Request) -> Response:
        draft = drafts.get(request.path_params["draft"])
        path = inside(draft.out, request.path_params["name"])
        if not path.is_file():
            raise Problem("文件还没有生成，请先点击下载按钮", status=404)
        return FileResponse(path, filename=path.name, headers={"cache-control": "no-store"})

    async def save(request: Request) -> Response:
        draft = drafts.get(request.path_params["draft"])
        data = await _json_body(request, 4096)
        stem = source_stem(str(data.get("name", "")))
        target = inside(settings.content, f"{stem}.yaml")
        async with draft.lock:
            if target.exists() and not data.get("overwrite") and draft.saved_as != target.name:
                raise Problem(f"content/ 中已经有“{target.name}”", "换一个文件名，或确认覆盖原文件。", 409, exists=True)
            text = _with_seal_beside(draft, settings.content, stem)
            settings.content.mkdir(parents=True, exist_ok=True)
            write_atomically(target, lambda path: path.write_text(text, encoding="utf-8"))
            draft.saved_as = target.name
            draft.rename(stem)
        return JSONResponse({"saved": f"content/{target.name}", "stem": stem})

    routes = [
        Route("/", handler(index)),
        Route("/fonts/{face}", handler(font)),
        Route("/api/sources", handler(sources)),
        Route("/api/drafts/paste", handler(paste), methods=["POST"]),
        Route("/api/drafts/upload", handler(upload), methods=["POST"]),
        Route("/api/drafts/open", handler(open_source), methods=["POST"]),
        Route("/api/drafts/{draft}", handler(state)),
        Route("/api/drafts/{draft}/edit", handler(edit), methods=["POST"]),
        Route("/api/drafts/{draft}/undo", handler(undo), methods=["POST"]),
        Route("/api/drafts/{draft}/seal", handler(seal), methods=["POST"]),
        Route("/api/drafts/{draft}/pages/{digest}.jpg", handler(page_image)),
        Route("/api/drafts/{draft}/build", handler(build), methods=["POST"]),
        Route("/api/drafts/{draft}/files/{name}", handler(download)),
        Route("/api/drafts/{draft}/save", handler(save), methods=["POST"]),
        Mount("/static", StaticFiles(directory=STATIC)),
    ]
    async def not_found(request: Request, exc: Exception) -> Response:
        return _problem(Problem("找不到这个地址", status=404))

    async def not_allowed(request: Request, exc: Exception) -> Response:
        return _problem(Problem("不支持这种请求", status=405))

    # The drafts' folder goes when the server stops (server.py).
    app = Starlette(routes=routes, exception_handlers={404: not_found, 405: not_allowed})
    return Guard(app, settings.token, settings.port)


# ---------------------------------------------------------------- edits
def _apply(draft: Draft, data: dict[str, Any]) -> str:
    """The draft's source after one change the page asks for."""
    text = draft.text
    match data.get("op"):
        case "meta":
            values = data.get("values")
            if not isinstance(values, dict) or not values:
                raise Problem("没有要修改的内容")
            for key, value in values.items():
                if key not in META_KEYS:
                    raise Problem(f"不能在这里修改“{key}”")
                text = edits.set_meta(text, key, _meta_value(key, value))
            return text
        case "text":
            value = _short_text(data.get("value"), "文字", 20000)
            if not value:
                raise Problem("文字不能为空", "要删去这一段，请在源文件中删除。")
            return edits.replace_scalar(text, _int(data.get("node")), value)
        case "figure":
            node, index = _int(data.get("node")), _int(data.get("brace"))
            content = _brace_content(text, node, index)
            return edits.set_brace(text, node, index, edits.named_figure(content, str(data.get("name", ""))))
        case "literal":
            return edits.make_literal(text, _int(data.get("node")), _int(data.get("brace")))
        case "declared":
            key, value = data.get("key"), _short_text(data.get("value"), "内容", 60)
            if key == "name":
                return edits.set_declared(text, str(data.get("id")), "name", edits.clean_name(value))
            if key == "kind" and value in ("count", "percent", "amount", "approx", "range", "rank"):
                return edits.set_declared(text, str(data.get("id")), "kind", value)
            raise Problem("只能修改指标的名称和类型")
        case "fix":
            fix = data.get("fix")
            listed = [f.get("fix") for f in draft.preview.get("findings", []) if f.get("fix")]
            if not isinstance(fix, dict) or fix not in listed:
                raise Problem("这条修改建议已经过期，请刷新页面")
            return edits.apply_fix(text, fix["line"], fix["column"], fix["old"], fix["new"])
    raise Problem("无法识别的修改")


def _brace_content(text: str, node: int, index: int) -> str:
    found = edits.braces(edits.read_text(edits.scalar_at(edits.parse_source(text), node)))
    if index >= len(found):
        raise Problem("这个数字在源文件中已经改变，请刷新页面后再改")
    return found[index].content


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _meta_value(key: str, value: Any) -> str | list[str] | dict[str, str] | None:
    """A form value checked for its shape; the loader checks its meaning."""
    if key == "doc_number":
        if not value:
            return None
        if not isinstance(value, dict) or set(value) != {"agency", "year", "serial"}:
            raise Problem("发文字号要填写机关代字、年份和序号")
        parts = {k: _short_text(v, "发文字号", 40) for k, v in value.items()}
        if not any(parts.values()):
            return None
        if not parts["year"].isdigit() or not parts["serial"].isdigit():
            raise Problem("发文字号的年份和序号应当是数字")
        return {"agency": parts["agency"], "year": parts["year"], "serial": str(int(parts["serial"]))}
    if key in ("title_breaks", "signers", "recipients", "cc"):
        if not isinstance(value, list) or len(value) > 60:
            raise Problem("列表内容无效")
        items = [_short_text(item, "名称", 200) for item in value]
        return [item for item in items if item]
    text = _short_text(value, "内容", 500)
    if key in ("date", "print_date") and text and not _DATE.fullmatch(text):
        raise Problem("日期应当写成 2023-02-22 的形式")
    return text or None


def _short_text(value: object, what: str, limit: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise Problem(f"{what}应当是文字")
    value = value.strip()
    if len(value) > limit:
        raise Problem(f"{what}太长（最多 {limit} 个字）")
    if "\n" in value or "\r" in value:
        raise Problem(f"{what}中不能有换行")
    return value


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise Problem("请求的位置无效")
    return value


# ---------------------------------------------------------------- seals
def _bring_seal(draft: Draft, content: Path) -> None:
    """A source opened from content/ keeps its seal image: a plain file name beside it is copied in."""
    seal = edits.meta_text(draft.text, "seal")
    if seal and "/" not in seal and "\\" not in seal:
        try:
            image = inside(content, seal)
        except NameRefused:
            return
        if image.is_file() and image.stat().st_size <= SEAL_BYTES:
            shutil.copyfile(image, draft.folder / image.name)


def _with_seal_beside(draft: Draft, content: Path, stem: str) -> str:
    """The text to save; a seal image in the draft is copied beside the saved source and named after it."""
    seal = edits.meta_text(draft.text, "seal")
    if not seal or not (draft.folder / seal).is_file() or (content / seal).is_file():
        return draft.text
    name = f"{stem}-印章{Path(seal).suffix}"
    content.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(draft.folder / seal, content / name)
    return edits.set_meta(draft.text, "seal", name)


# ---------------------------------------------------------------- bodies and answers
async def _body(request: Request, limit: int, what: str, hint: str) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        await _drain(request)
        raise Problem(f"{what}（{int(declared) / 1024 / 1024:.1f} MB），上限是 {limit // 1024 // 1024} MB", hint, 413)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            await _drain(request)
            raise Problem(f"{what}，上限是 {limit // 1024 // 1024} MB", hint, 413)
        chunks.append(chunk)
    return b"".join(chunks)


async def _drain(request: Request) -> None:
    """Read and drop the rest of a refused upload, so the browser receives the answer instead of a broken connection."""
    dropped = 0
    try:
        async for chunk in request.stream():
            dropped += len(chunk)
            if dropped > 256 * 1024 * 1024:
                break
    except Exception:  # noqa: BLE001 — the body was already read or the client went away
        pass


async def _json_body(request: Request, limit: int) -> dict[str, Any]:
    import json

    raw = await _body(request, limit, "请求太大", "")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Problem("请求的内容无效") from None
    if not isinstance(data, dict):
        raise Problem("请求的内容无效")
    return data


def _problem(problem: Problem) -> JSONResponse:
    return JSONResponse({"message": problem.message, "hint": problem.hint, **problem.extra}, status_code=problem.status,
                        headers={"cache-control": "no-store"})
