"""The page in Debian's Chromium, as a clerk uses it: paste the example report, see its headings and figures, name a
figure, fix a finding, fill in the 公文 elements, download the three files and save the source.

One browser session for the whole flow; a screenshot of each step goes to build/test-screenshots/.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any, Callable, Iterator

import pdfplumber
import pytest
from docx import Document as WordDocument
from openpyxl import load_workbook

from conftest import EXAMPLE, PROJECT, SEED_COPY
from docx_fixtures import draw_seal
from serve_helpers import Server, running_server

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER), reason="needs Debian's chromium and chromium-driver (setup.sh)")
SHOTS = PROJECT / "build" / "test-screenshots"
TITLE_LINES = ["南阳市人民政府关于", "2022年度法治政府建设情况的报告"]
TITLE = "".join(TITLE_LINES)
CADRES_NAME = "“万人助万企”包联干部人数"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("serve-browser")
    content = folder / "content"
    content.mkdir()
    (content / EXAMPLE.name).write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    with running_server(folder, content) as running:
        yield running


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tmp_path_factory.mktemp("chromium-profile")
    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
                     "--window-size=1600,1000", "--lang=zh-CN"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.downloads = downloads
    try:
        yield driver
    finally:
        driver.quit()


def wait(condition: Callable[[], Any], seconds: float = 30, what: str = "") -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            result = condition()
        except Exception:  # noqa: BLE001 — the page is still changing; ask again
            result = None
        if result:
            return result
        time.sleep(0.05)
    raise AssertionError(f"waited {seconds} s for {what or condition}")


def settled(driver: Any, after: int) -> None:
    """Wait until the page has a revision after `after` and no request is in flight."""
    wait(lambda: int(driver.find_element("tag name", "body").get_attribute("data-revision") or 0) > after
         and driver.find_element("tag name", "body").get_attribute("data-busy") == "0", what=f"revision > {after}")


def revision(driver: Any) -> int:
    return int(driver.find_element("tag name", "body").get_attribute("data-revision") or 0)


def shot(driver: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SHOTS / f"{name}.png"))


def by_css(driver: Any, selector: str) -> list[Any]:
    return driver.find_elements("css selector", selector)


def figure(driver: Any, written: str) -> Any:
    return next(el for el in by_css(driver, ".fig") if el.text == written)


def downloaded(folder: Path, suffix: str) -> Path:
    def done() -> Path | None:
        files = [p for p in folder.glob(f"*{suffix}") if not p.name.endswith(".crdownload")]
        partial = list(folder.glob("*.crdownload"))
        return files[0] if files and not partial else None
    return wait(done, 60, f"a {suffix} download")


def test_paste_to_download(server: Server, browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    driver = browser
    started = time.monotonic()
    driver.get(server.url)
    wait(lambda: by_css(driver, "#source-list li button"), what="the list of sources")
    assert driver.current_url.endswith("/") and "token=" not in driver.current_url  # the token left the address bar
    shot(driver, "01-start")

    # ---- start from the pasted example text
    seed = SEED_COPY.read_text(encoding="utf-8")
    driver.execute_script("document.getElementById('paste-text').value = arguments[0];", seed)
    driver.find_element("id", "paste-title").send_keys(TITLE)
    driver.find_element("id", "paste-go").click()
    wait(lambda: by_css(driver, ".blk"), 60, "the structure")
    settled(driver, 0)
    shot(driver, "02-structure")

    headings = {(el.get_attribute("data-level"), el.text.split("\n")[-1]) for el in by_css(driver, ".blk[data-type=heading]")}
    assert ("1", "二、存在的问题和不足") in headings and ("1", "三、下步工作打算") in headings
    run_in = by_css(driver, ".blk.runin-block")
    assert len(run_in) == 9 and all(el.get_attribute("data-level") == "2" for el in run_in)
    assert run_in[0].find_element("css selector", ".label").text == "（一）"
    assert "二级标题·接排" in run_in[0].find_element("css selector", ".kind").text
    figures = [el.text for el in by_css(driver, ".fig")]
    literals = [el.text for el in by_css(driver, ".lit")]
    for written in ("66项", "98.72%", "倒数第四名", "51630人", "5700余件", "6～8个"):
        assert written in figures
    assert "2022年" in literals and "1153" in literals and "2022年" not in figures
    background = {driver.execute_script("return getComputedStyle(arguments[0]).backgroundColor", el)
                  for el in (figure(driver, "66项"), by_css(driver, ".lit")[0])}
    assert len(background) == 2  # a figure and a literal look different

    # ---- hover a figure: its name, unit and kind
    cadres = figure(driver, "51630人")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", cadres)
    ActionChains(driver).move_to_element(cadres).perform()
    card = wait(lambda: driver.find_element("id", "figure-card").is_displayed() and driver.find_element("id", "figure-card"))
    assert "包联干部" in card.text and "人" in card.text and "数量" in card.text
    shot(driver, "03-figure-card")

    # ---- correct its name
    before = revision(driver)
    cadres.click()
    name = wait(lambda: driver.find_element("id", "fe-name").is_displayed() and driver.find_element("id", "fe-name"))
    name.send_keys(Keys.CONTROL, "a")
    name.send_keys(CADRES_NAME)
    shot(driver, "04-figure-editor")
    driver.find_element("id", "fe-save").click()
    settled(driver, before)
    cadres = figure(driver, "51630人")
    assert "named" in cadres.get_attribute("class")
    ActionChains(driver).move_to_element(cadres).perform()
    wait(lambda: CADRES_NAME in driver.find_element("id", "figure-card").text, what="the new name on hover")

    # ---- edit a paragraph so that a finding appears, then fix it with one click
    problems = next(el for el in by_css(driver, ".blk[data-type=paragraph]") if "薄弱环节" in el.text)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", problems)
    ActionChains(driver).double_click(problems.find_element("css selector", ".part")).perform()
    area = wait(lambda: driver.find_element("css selector", ".edit-area"))
    area.send_keys(Keys.END, "今年新建便民服务站点3个,覆盖全市。")
    before = revision(driver)
    driver.find_element("css selector", ".edit-actions .primary").click()
    settled(driver, before)
    error = wait(lambda: by_css(driver, ".finding.error[data-code=C061]"), what="the C061 finding")[0]
    assert "3个" in error.text and "花括号" in error.text
    assert by_css(driver, ".finding.warning[data-code=W062]")
    assert "错误" in driver.find_element("id", "preview-status").text  # the pages wait for the fix
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", error)
    shot(driver, "05-finding")
    before = revision(driver)
    error.find_element("css selector", ".fix-btn").click()
    settled(driver, before)
    assert not by_css(driver, ".finding[data-code=C061]")
    assert "3个" in [el.text for el in by_css(driver, ".fig")]
    before = revision(driver)
    by_css(driver, ".finding[data-code=W062] .fix-btn")[0].click()
    settled(driver, before)
    assert not by_css(driver, ".finding.error") and not by_css(driver, ".finding[data-code=W062]")
    shot(driver, "06-fixed")

    # ---- the 公文 elements, each checked as it is typed
    def field(ident: str, text: str, clear: bool = True) -> None:
        element = driver.find_element("id", ident)
        if clear:
            element.send_keys(Keys.CONTROL, "a", Keys.DELETE)
        element.send_keys(text)

    def check(key: str) -> str:
        return driver.find_element("css selector", f'.field[data-key="{key}"] .check').text

    def refreshed(change: Callable[[], None], what: str) -> int:
        """Milliseconds from the change being sent (after the typing pause) to the new pages shown."""
        before = revision(driver)
        change()
        settled(driver, before)
        wait(lambda: "已更新" in driver.find_element("id", "preview-status").text, what="the new pages")
        body = driver.find_element("tag name", "body")
        shown, server_ms = int(body.get_attribute("data-refresh-ms")), int(body.get_attribute("data-server-ms"))
        print(f"\n{what}: pages shown {shown} ms after the change was sent (server {server_ms} ms), "
              f"plus the 250 ms typing pause")
        return shown

    refreshed(lambda: field("f-issuer", "南阳市人民政府"), "issuer added (版头 and every page moves)")
    field("f-agency", "宛政")
    field("f-year", "2023")
    field("f-serial", "012")
    assert "不编虚位" in check("doc_number")
    field("f-serial", "12")
    assert check("doc_number") == "印为：宛政〔2023〕12号"
    field("f-signers", "张明")
    field("f-recipients", "河南省人民政府")
    title = driver.find_element("id", "f-title")
    title.send_keys(Keys.CONTROL, "a", Keys.DELETE)
    title.send_keys(TITLE_LINES[0], Keys.ENTER, TITLE_LINES[1])
    assert "分 2 行" in check("title")
    field("f-date", "2023-02-30")
    assert "写成 2023-02-22" in check("date")
    field("f-date", "2023-02-22")
    assert check("date") == "印为：2023年2月22日", driver.find_element("id", "f-date").get_attribute("value")
    field("f-note", "（此件公开发布）")
    assert check("note") == "印为：（此件公开发布）"
    field("f-cc", "省委依法治省办、省司法厅")
    field("f-printer", "南阳市人民政府办公室")
    field("f-print-date", "2023-02-21")
    assert "不能早于成文日期" in check("print_date")
    field("f-print-date", "2023-02-22")
    seal = draw_seal(tmp_path / "印章.png")
    before = revision(driver)
    driver.find_element("id", "f-seal").send_keys(str(seal))
    wait(lambda: "已加盖" in driver.find_element("id", "seal-name").text, 60, "the seal")
    settled(driver, before)
    wait(lambda: "已更新" in driver.find_element("id", "preview-status").text, 30, "the preview")
    assert not by_css(driver, ".field.bad") and not by_css(driver, ".finding.error")
    assert refreshed(lambda: field("f-note", "此件主动公开"), "附注 changed (last page)") + 250 < 1000
    driver.execute_script("document.querySelector('.preview-col').scrollTop = 0")
    shot(driver, "07-form-and-preview")
    pages = len(by_css(driver, "#pages img"))
    last = by_css(driver, "#pages img")[-1]
    driver.execute_script("arguments[0].scrollIntoView()", last)
    wait(lambda: driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", last))
    shot(driver, "08-last-page")

    # ---- download the three files and read them back
    for button, suffix in (("dl-docx", ".docx"), ("dl-pdf", ".pdf"), ("dl-xlsx", ".xlsx")):
        driver.find_element("id", button).click()
        downloaded(driver.downloads, suffix)
    shot(driver, "09-downloaded")
    word = WordDocument(str(downloaded(driver.downloads, ".docx")))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "宛政〔2023〕12号" in text and "南阳市人民政府" in text and TITLE_LINES[1] in text
    assert "今年新建便民服务站点3个，覆盖全市。" in text
    with pdfplumber.open(downloaded(driver.downloads, ".pdf")) as pdf:
        assert len(pdf.pages) == pages
        printed = "".join(page.extract_text() or "" for page in pdf.pages).replace(" ", "")  # script gaps read as spaces
    assert "宛政〔2023〕12号" in printed and "此件主动公开" in printed and "2023年2月22日印发" in printed
    sheet = load_workbook(downloaded(driver.downloads, ".xlsx"), read_only=True)["指标"]
    rows = [row for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] is not None]
    assert len(rows) == len(by_css(driver, "#outline .fig"))
    assert any(row[3] == CADRES_NAME and row[10] == "51630人" for row in rows)

    # ---- save the source to content/
    driver.find_element("id", "save-btn").click()
    name = wait(lambda: driver.find_element("id", "save-name").is_displayed() and driver.find_element("id", "save-name"))
    name.send_keys(Keys.CONTROL, "a", Keys.DELETE)
    name.send_keys("../南阳")
    assert "不能包含" in driver.find_element("id", "save-check").text
    name.send_keys(Keys.CONTROL, "a", Keys.DELETE)
    name.send_keys("南阳2022年报告")
    shot(driver, "10-save")
    driver.find_element("id", "save-go").click()
    wait(lambda: "已保存为 content/南阳2022年报告.yaml" in driver.find_element("id", "doc-name").text)
    shot(driver, "11-saved")
    saved = (server.content / "南阳2022年报告.yaml").read_text(encoding="utf-8")
    assert f"{{51630人|{CADRES_NAME}}}" in saved and "{3个}，覆盖全市" in saved
    assert "doc_number: {agency: 宛政, year: 2023, serial: 12}" in saved
    assert f"title_breaks: [{', '.join(TITLE_LINES)}]" in saved and "seal: 南阳2022年报告-印章.png" in saved
    assert (server.content / "南阳2022年报告-印章.png").read_bytes() == seal.read_bytes()
    assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []
    print(f"browser flow: {time.monotonic() - started:.1f} s")
