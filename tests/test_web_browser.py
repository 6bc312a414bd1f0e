"""The web page in a real browser: Playwright drives Debian's chromium against `converter serve`.

The server is the real one (a subprocess on 127.0.0.1, a free port). Every step leaves a
screenshot under pytest's tmp folder for a person to look at. Skipped with the reason when
playwright or chromium is missing, except under CI=true, where that fails.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SAMPLE
from docx import Document as DocxDocument
from pypdf import PdfReader

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    if not Path(CHROMIUM).exists():
        return "chromium is not installed (apt-get install chromium)"
    return None


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    reason = _missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "converter", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while True:  # up when it accepts a connection
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"converter serve did not start: {process.communicate()[1].decode()[-2000:]}")
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(accept_downloads=True, locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    tab = context.new_page()
    tab.goto(server + "/")
    yield tab
    context.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


def _paste_sample(page) -> None:
    page.fill("#text", SAMPLE.read_text("utf-8"))
    page.click("#read")
    page.wait_for_selector(".outline")


def test_the_pasted_sample_shows_its_tree_and_its_widened_marks(page, shots) -> None:
    assert page.inner_text("#read") == "识别"
    page.screenshot(path=shots / "1-start.png")
    _paste_sample(page)
    assert page.locator(".outline .section.level-1").count() == 2
    assert page.locator(".outline .section.level-2").count() == 5
    widened = page.locator(".source mark.ch-widen")
    assert widened.count() == 116
    colour = widened.first.evaluate("m => getComputedStyle(m).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")  # really highlighted
    page.click(".warnings a >> nth=0")
    page.wait_for_function("location.hash.startsWith('#d1-L')")
    assert page.locator(".source li:target").count() == 1
    page.screenshot(path=shots / "2-sample.png", full_page=True)


def test_a_gb18030_file_and_a_binary_file_give_a_tree_and_a_clear_error(page, shots, tmp_path) -> None:
    good = tmp_path / "通知.txt"
    good.write_bytes(
        "关于做好防汛工作的通知\n\n各单位：\n\n一、总体要求\n\n做好今年防汛工作,意义重大。\n".encode("gb18030")
    )
    bad = tmp_path / "scan.txt"
    bad.write_bytes(bytes(range(256)) * 16)
    page.set_input_files("#files", [good, bad])
    page.click("#read")
    page.wait_for_selector(".outline")
    assert page.locator(".outline .title").inner_text() == "关于做好防汛工作的通知"
    error = page.locator(".document .error")
    assert "无法读取 scan.txt" in error.inner_text() and "二进制数据" in error.inner_text()  # in the page's language
    page.screenshot(path=shots / "3-files.png", full_page=True)


def test_the_three_formats_download_and_open(page, shots, tmp_path) -> None:
    _paste_sample(page)
    page.fill("input[name=title]", "关于学习两会精神的发言")
    saved = {}
    for fmt in ("docx", "pdf", "epub"):
        with page.expect_download() as download:
            page.click(f".dl-{fmt}")
        saved[fmt] = tmp_path / download.value.suggested_filename
        download.value.save_as(saved[fmt])
    assert saved["docx"].name == "pasted.docx"
    assert any("关于学习两会精神的发言" in p.text for p in DocxDocument(saved["docx"]).paragraphs)
    assert "深刻领会" in PdfReader(saved["pdf"]).pages[0].extract_text()
    assert zipfile.ZipFile(saved["epub"]).read("mimetype") == b"application/epub+zip"
    page.screenshot(path=shots / "4-downloads.png")


def test_the_edited_title_shows_in_the_preview_of_page_one(page, shots) -> None:
    if shutil.which("pdftoppm") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("pdftoppm is not installed (apt-get install poppler-utils)")
        pytest.skip("pdftoppm is not installed (apt-get install poppler-utils)")
    _paste_sample(page)
    page.fill("input[name=title]", "关于学习两会精神的发言")
    page.click("button.preview")
    image = page.locator("img.page1")
    image.wait_for(state="visible")
    page.wait_for_function("document.querySelector('img.page1').naturalWidth > 0")
    assert image.evaluate("i => i.naturalHeight > i.naturalWidth")  # a portrait page
    image.scroll_into_view_if_needed()
    page.screenshot(path=shots / "4b-preview.png")


def test_the_switch_turns_the_page_english(page, shots) -> None:
    page.click("#switch")
    page.wait_for_selector("#read:has-text('Read')")
    assert "Paste text" in page.inner_text("main")
    page.reload()  # the choice stays (a cookie)
    assert page.inner_text("#read") == "Read"
    page.screenshot(path=shots / "5-english.png")


def test_two_tabs_read_at_once(browser, server, shots) -> None:
    context = browser.new_context(locale="zh-CN")
    context.set_default_timeout(30_000)
    tabs = [context.new_page(), context.new_page()]
    texts = [SAMPLE.read_text("utf-8"), "关于做好防汛工作的通知\n\n各单位：\n\n一、总体要求\n\n做好今年防汛工作。\n"]
    for tab, text in zip(tabs, texts, strict=True):
        tab.goto(server + "/")
        tab.fill("#text", text)
    for tab in tabs:  # both sent before either answer is awaited
        tab.click("#read", no_wait_after=True)
    for tab in tabs:
        tab.wait_for_selector(".outline")
    assert tabs[0].locator(".outline .section.level-1").count() == 2
    assert tabs[1].locator(".outline .title").inner_text() == "关于做好防汛工作的通知"
    tabs[1].screenshot(path=shots / "6-second-tab.png")
    context.close()
