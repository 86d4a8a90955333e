"""`exporter serve` over HTTP: loopback only, the Host and token guards, names kept in their folders,
bad uploads refused in Chinese with nothing changed, and twenty clients building at once."""

from __future__ import annotations

import re

import io
import socket
import threading
import time
import zipfile
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import quote

import pdfplumber
import pytest
from docx import Document as WordDocument
from openpyxl import load_workbook

from conftest import EXAMPLE, SEED_COPY
from serve_helpers import Server, running_server

SEED_TITLE = "南阳市人民政府关于2022年度法治政府建设情况的报告"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("serve")
    content = folder / "content"
    content.mkdir()
    (content / EXAMPLE.name).write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    with running_server(folder, content) as running:
        yield running


def paste(server: Server, title: str = SEED_TITLE, text: str | None = None) -> dict[str, Any]:
    status, state = server.json("POST", "/api/drafts/paste",
                                {"text": text or SEED_COPY.read_text(encoding="utf-8"), "title": title})
    assert status == 200, state
    return state


# ---------------------------------------------------------------- where it listens
def test_listens_on_127_0_0_1_only(server: Server) -> None:
    port = f"{server.port:04X}"
    listening = [line.split() for line in Path("/proc/net/tcp").read_text().splitlines()[1:]]
    addresses = {fields[1] for fields in listening if fields[1].endswith(f":{port}") and fields[3] == "0A"}
    assert addresses == {f"0100007F:{port}"}  # 127.0.0.1, not 0.0.0.0
    assert not any(line.split()[1].endswith(f":{port}") and line.split()[3] == "0A"
                   for line in Path("/proc/net/tcp6").read_text().splitlines()[1:])
    # Another address of this machine (here 127.0.0.2, still loopback) finds nothing listening.
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.2", server.port), timeout=5).close()
    socket.create_connection(("127.0.0.1", server.port), timeout=5).close()


def test_a_busy_port_is_reported_in_chinese(server: Server, tmp_path: Path) -> None:
    import subprocess
    import sys

    from conftest import PROJECT

    done = subprocess.run([sys.executable, "-m", "exporter", "serve", "--port", str(server.port), "--no-browser",
                           "--out", str(tmp_path)], cwd=PROJECT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert f"端口 {server.port} 已被其他程序占用" in done.stderr and "Traceback" not in done.stderr


def test_a_port_out_of_range_is_a_usage_error() -> None:
    from exporter.cli import main

    assert main(["serve", "--port", "70000", "--no-browser"]) == 2


# ---------------------------------------------------------------- DNS rebinding and cross-site requests
@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1", "127.0.0.1:1",
                                  "localhost:1{port}", "192.168.1.5:{port}", "[::1]:{port}", ""])
def test_a_foreign_host_header_is_refused(server: Server, host: str) -> None:
    status, body = server.json("GET", "/api/sources", host=host.format(port=server.port))
    assert status == 403
    assert "只能从本机" in body["message"]


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}"])
def test_the_loopback_names_are_accepted(server: Server, host: str) -> None:
    status, body = server.json("GET", "/api/sources", host=host.format(port=server.port))
    assert status == 200 and body["sources"] == [EXAMPLE.name]


def test_the_token_in_the_opened_address_becomes_a_strict_cookie(server: Server) -> None:
    status, headers, _ = server.request("GET", f"/?token={server.token}", cookie=False, header_token=False)
    assert status == 303 and headers["location"] == "/"
    cookie = headers["set-cookie"]
    assert cookie.startswith(f"gongwen_token={server.token}") and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    status, headers, page = server.request("GET", "/", header_token=False)
    assert status == 200 and "公文导出" in page.decode("utf-8")
    assert "frame-ancestors 'none'" in headers["content-security-policy"]


@pytest.mark.parametrize("path", ["/", "/api/sources", "/static/app.js", "/fonts/heiti", "/api/drafts/x/files/a.pdf"])
def test_every_request_without_the_token_is_refused(server: Server, path: str) -> None:
    assert server.request("GET", path, cookie=False, header_token=False)[0] == 403
    assert server.request("GET", f"{path}?token=wrong", cookie=False, header_token=False)[0] == 403


def test_a_wrong_token_is_refused(server: Server) -> None:
    connection_headers = {"Cookie": "gongwen_token=guessed", "X-Gongwen-Token": "guessed"}
    status, _, body = server.request("GET", "/api/sources", headers=connection_headers, cookie=False, header_token=False)
    assert status == 403 and "口令" in body.decode("utf-8")


def test_a_change_needs_the_token_header_not_only_the_cookie(server: Server) -> None:
    """A form another site posts carries no custom header (and, being cross-site, no SameSite=Strict cookie)."""
    before = server.work_folders()
    status, body = server.json("POST", "/api/drafts/paste", {"text": "一、总体情况", "title": "标题"}, header_token=False)
    assert status == 403 and "口令" in body["message"]
    assert server.work_folders() == before


def test_a_request_from_another_origin_is_refused(server: Server) -> None:
    status, body = server.json("POST", "/api/drafts/open", {"name": EXAMPLE.name},
                               headers={"Origin": "http://evil.example"})
    assert status == 403 and "其他网站" in body["message"]


# ---------------------------------------------------------------- names stay in their folders
@pytest.mark.parametrize("name", ["../../x", "../x", "/tmp/x", "..\\x", "sub/x", ".hidden", "..", "a:b", "x\x00y",
                                  "C:\\x"])
def test_saving_under_a_name_that_leaves_content_is_refused(server: Server, name: str) -> None:
    draft = paste(server)
    outside = sorted(p.name for p in server.content.parent.iterdir())
    status, body = server.json("POST", f"/api/drafts/{draft['id']}/save", {"name": name})
    assert status == 400 and "文件名" in body["message"]
    assert sorted(p.name for p in server.content.parent.iterdir()) == outside
    assert sorted(p.name for p in server.content.iterdir()) == [EXAMPLE.name]


@pytest.mark.parametrize("name", ["../pyproject.toml", "../content/../nanyang-2022.yaml", "/etc/passwd",
                                  "..%2Fnanyang-2022.yaml", "nanyang-2022.yaml/../../x.yaml"])
def test_opening_a_file_outside_content_is_refused(server: Server, name: str) -> None:
    status, body = server.json("POST", "/api/drafts/open", {"name": name})
    assert status in (400, 404) and body["message"]


@pytest.mark.parametrize("name", ["..%2F..%2Fpyproject.toml", "%2Fetc%2Fpasswd", "..", ".preview.pdf",
                                  "..%2F南阳市人民政府关于2022年度法治政府建设情况的报告.yaml"])
def test_downloading_outside_the_build_folder_is_refused(server: Server, name: str) -> None:
    draft = paste(server)
    status, body = server.json("GET", f"/api/drafts/{draft['id']}/files/{quote(name, safe='%')}")
    assert status in (400, 404) and body["message"]


def test_a_made_up_draft_is_not_found(server: Server) -> None:
    for ident in ("..", "nonexistent", "a%2F..%2F.."):
        status, body = server.json("GET", f"/api/drafts/{ident}")
        assert status == 404 and ("重新打开" in body["message"] or "找不到" in body["message"])


def test_saving_writes_content_and_asks_before_overwriting(server: Server) -> None:
    draft = paste(server)
    status, body = server.json("POST", f"/api/drafts/{draft['id']}/save", {"name": "nanyang-2022"})
    assert status == 409 and body["exists"] and "已经有" in body["message"]
    assert (server.content / EXAMPLE.name).read_text(encoding="utf-8") == EXAMPLE.read_text(encoding="utf-8")
    status, body = server.json("POST", f"/api/drafts/{draft['id']}/save", {"name": "南阳2022年报告"})
    assert status == 200 and body["saved"] == "content/南阳2022年报告.yaml"
    saved = (server.content / "南阳2022年报告.yaml").read_text(encoding="utf-8")
    assert f"title: {SEED_TITLE}" in saved and "{66项}" in saved


# ---------------------------------------------------------------- bad uploads
def _upload(server: Server, name: str, data: bytes) -> tuple[int, dict[str, Any]]:
    return server.json("POST", "/api/drafts/upload", data, headers={"X-File-Name": quote(name)})


@pytest.mark.parametrize("name, data, words", [
    ("报告.txt", bytes(range(256)) * 20, "不是文本文件"),
    ("报告.txt", b"\xff\xfe" + "关于2022年度的报告".encode("utf-16-le") + b"\x00\xd8", "编码"),
    ("报告.txt", b"abc\xff\xfe\x80\x81 \xc3\x28", "编码"),
    ("报告.docx", b"PK\x03\x04 not really a zip", "Word 文件已损坏"),
    ("报告.docx", bytes(range(256)) * 40, "Word 文件已损坏"),
    ("notes.txt", b"Shopping list: milk, eggs, bread.\n" * 20, "不像是一份报告"),
    ("报告.pdf", b"%PDF-1.7\n", "不支持"),
    ("报告.exe", b"MZ\x90\x00", "不支持"),
    ("报告.doc", b"\xd0\xcf\x11\xe0", "另存为"),
    ("报告.txt", b"", "空的"),
], ids=["binary", "utf16-broken", "not-utf8-or-gbk", "damaged-docx", "random-docx", "not-a-report", "pdf", "exe",
        "old-doc", "empty"])
def test_a_bad_upload_gets_a_chinese_message_and_changes_nothing(server: Server, name: str, data: bytes,
                                                                  words: str) -> None:
    before, sources = server.work_folders(), sorted(server.content.iterdir())
    status, body = _upload(server, name, data)
    assert 400 <= status < 500, body
    assert words in body["message"] + body.get("hint", ""), body
    assert server.work_folders() == before and sorted(server.content.iterdir()) == sources


def test_a_too_large_upload_is_refused_before_it_is_read(server: Server) -> None:
    before = server.work_folders()
    status, body = _upload(server, "报告.txt", "一".encode("utf-8") * (2 * 1024 * 1024))  # 6 MB of text
    assert status == 413 and "文件太大" in body["message"] and "5 MB" in body["message"]
    assert server.work_folders() == before


def test_a_gbk_text_file_imports(server: Server) -> None:
    text = "关于2022年度工作情况的报告\n一、总体情况\n今年以来，全市新建站点12个，覆盖率达到95%。\n"
    status, state = _upload(server, "报告.txt", text.encode("gbk"))
    assert status == 200 and state["ok"]
    figures = [p for b in state["view"]["blocks"] for p in b["part"]["pieces"] if p["t"] == "figure"]
    assert [f["s"] for f in figures] == ["12个", "95%"]


def test_a_seal_that_is_not_an_image_is_refused(server: Server) -> None:
    draft = paste(server)
    status, body = server.json("POST", f"/api/drafts/{draft['id']}/seal", b"GIF89a not a png")
    assert status == 400 and "PNG 或 JPEG" in body["message"]
    status, body = server.json("POST", f"/api/drafts/{draft['id']}/seal", b"\x89PNG\r\n\x1a\n" + b"0" * (3 * 1024 * 1024))
    assert status == 413 and "印章图片太大" in body["message"]


def test_an_edit_on_an_old_revision_is_refused(server: Server) -> None:
    draft = paste(server)
    status, body = server.json("POST", f"/api/drafts/{draft['id']}/edit",
                               {"op": "meta", "values": {"issuer": "南阳市人民政府"}, "revision": draft["revision"] - 1})
    assert status == 409 and body["revision"] == draft["revision"]


# ---------------------------------------------------------------- twenty clients at once
def _pdf_text(data: bytes) -> tuple[str, int]:
    """The text of the first and last pages (title; 署名 and 版记), and the page count."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return re.sub(r"[ \t]", "", "".join(page.extract_text() or "" for page in (pdf.pages[0], pdf.pages[-1]))), len(pdf.pages)


def _client(server: Server, number: int, results: dict[int, Any]) -> None:
    """Paste, name the issuer, build the three files and the zip, download and read them back."""
    try:
        title = f"南阳市人民政府关于2022年度法治政府建设情况的第{number}号报告"
        draft = paste(server, title)
        issuer = f"第{number}号测试机关"
        status, draft = server.json("POST", f"/api/drafts/{draft['id']}/edit",
                                    {"op": "meta", "values": {"issuer": issuer}, "revision": draft["revision"]})
        assert status == 200, draft
        if number % 10 == 0:  # these clients' builds fail: a figure without braces
            paragraph = next(b for b in draft["view"]["blocks"] if b["type"] == "paragraph" and not b.get("runIn"))
            status, draft = server.json("POST", f"/api/drafts/{draft['id']}/edit", {
                "op": "text", "node": paragraph["part"]["node"], "value": paragraph["part"]["text"] + "新建站点3个。",
                "revision": draft["revision"]})
            assert status == 200 and not draft["ok"]
        status, built = server.json("POST", f"/api/drafts/{draft['id']}/build", {"formats": ["docx", "pdf", "xlsx", "zip"]})
        if number % 10 == 0:
            results[number] = ("failed", status, built)
            return
        assert status == 200, built
        files = {}
        for file in built["files"]:
            status, _, data = server.request("GET", file["url"])
            assert status == 200
            files[file["name"].rsplit(".", 1)[1]] = data
        results[number] = ("built", title, issuer, files, draft["indicators"])
    except Exception as exc:  # noqa: BLE001 — reported by the test below
        results[number] = ("error", repr(exc))


def test_twenty_clients_building_at_once_each_get_their_own_files(server: Server) -> None:
    results: dict[int, Any] = {}
    threads = [threading.Thread(target=_client, args=(server, n, results), daemon=True) for n in range(1, 21)]
    peak = server.memory_kib()
    started = time.monotonic()
    for thread in threads:
        thread.start()
    while any(t.is_alive() for t in threads) and time.monotonic() - started < 300:
        peak = max(peak, server.memory_kib())
        time.sleep(0.2)
    seconds = time.monotonic() - started
    assert not any(t.is_alive() for t in threads), "clients still waiting after 300 s"
    print(f"\n20 clients: {seconds:.1f} s, peak memory of server and workers {peak / 1024:.0f} MiB")
    errors = {n: r for n, r in results.items() if r[0] == "error"}
    assert not errors
    assert len(results) == 20
    for number, result in results.items():
        if number % 10 == 0:
            _, status, body = result
            assert status == 422 and "1 处错误" in body["message"]
            assert [f["code"] for f in body["findings"] if f["level"] == "error"] == ["C061"]
            continue
        _, title, issuer, files, indicators = result
        word = WordDocument(io.BytesIO(files["docx"]))
        text = "\n".join(p.text for p in word.paragraphs)
        assert title in text.replace("\n", "") and issuer in text
        assert not any(f"第{other}号报告" in text for other in range(1, 21) if other != number)
        pdf_text, pages = _pdf_text(files["pdf"])
        assert issuer in pdf_text and title[:8] in pdf_text and pages >= 8
        sheet = load_workbook(io.BytesIO(files["xlsx"]), read_only=True)["指标"]
        assert sum(1 for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] is not None) == indicators
        names = set(zipfile.ZipFile(io.BytesIO(files["zip"])).namelist())
        assert {name.rsplit(".", 1)[1] for name in names} == {"docx", "pdf", "xlsx"}
    assert peak < 2 * 1024 * 1024, f"server and workers used {peak / 1024:.0f} MiB"
    # The server is still up and answers at once.
    assert server.json("GET", "/api/sources")[0] == 200


def test_a_source_from_content_opens_and_its_declared_figures_are_named_in_indicators(server: Server) -> None:
    status, state = server.json("POST", "/api/drafts/open", {"name": EXAMPLE.name})
    assert status == 200 and state["ok"] and state["savedAs"] == EXAMPLE.name
    pieces = [p for b in state["view"]["blocks"] for part in (b.get("part"), (b.get("runIn") or {}).get("part"))
              if part for p in part["pieces"]]
    cadres = next(p for p in pieces if p.get("id") == "baolian_ganbu")
    assert cadres["declared"] and cadres["s"] == "51630人" and cadres["name"] == "“万人助万企”包联干部人数"
    status, state = server.json("POST", f"/api/drafts/{state['id']}/edit", {
        "op": "declared", "id": "baolian_ganbu", "key": "name", "value": "包联干部总人数", "revision": state["revision"]})
    assert status == 200 and state["ok"]
    source = next(server.build.glob(f".serve-*/{state['id']}/nanyang-2022.yaml")).read_text(encoding="utf-8")
    assert "{id: baolian_ganbu, name: 包联干部总人数, value: 51630" in source
    assert source.count("\n") == EXAMPLE.read_text(encoding="utf-8").count("\n")  # comments and layout kept
    status, state = server.json("POST", f"/api/drafts/{state['id']}/undo", {})
    assert status == 200 and "“万人助万企”包联干部人数" in next(server.build.glob(
        f".serve-*/{state['id']}/nanyang-2022.yaml")).read_text(encoding="utf-8")
