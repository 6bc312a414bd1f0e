"""The web page in a real browser: Playwright drives Debian's chromium against `converter serve`.

The server is the real one (a subprocess on 127.0.0.1, a free port). Every step leaves a
screenshot under pytest's tmp folder for a person to look at. Skipped with the reason when
playwright or chromium is missing, except under CI=true, where that fails.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pdfplumber
import pytest
from conftest import SAMPLE, require_tool
from docx import Document as DocxDocument

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
    error = page.locator(".document > .error")
    assert "无法读取 scan.txt" in error.inner_text() and "二进制数据" in error.inner_text()  # in the page's language
    page.screenshot(path=shots / "3-files.png", full_page=True)


def test_a_file_dropped_on_the_page_is_read(page, shots) -> None:
    """A real drop event carrying a DataTransfer with a GB18030 file, as a file manager sends it."""
    data = "关于做好防汛工作的通知\n\n各单位：\n\n一、总体要求\n\n做好今年防汛工作,意义重大。\n".encode("gb18030")
    transfer = page.evaluate_handle(
        """([name, bytes]) => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([new Uint8Array(bytes)], name, { type: "text/plain" }));
            return transfer;
        }""",
        ["拖入.txt", list(data)],
    )
    page.dispatch_event("main", "dragover", {"dataTransfer": transfer})
    assert page.evaluate("document.body.classList.contains('dragging')")  # the page shows where to drop
    page.screenshot(path=shots / "3b-dragging.png")
    page.dispatch_event("main", "drop", {"dataTransfer": transfer})
    assert page.evaluate("[...document.getElementById('files').files].map(f => f.name)") == ["拖入.txt"]
    page.click("#read")
    page.wait_for_selector(".outline")
    assert page.locator("h2").inner_text() == "拖入.txt"
    assert page.locator(".outline .title").inner_text() == "关于做好防汛工作的通知"
    page.screenshot(path=shots / "3c-dropped.png", full_page=True)


def _require(tool: str) -> str:
    found = shutil.which(tool)
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail(f"{tool} is not installed; CI must install it")
    pytest.skip(f"{tool} is not installed (apt-get install {'poppler-utils' if tool.startswith('pdf') else tool})")


def test_the_three_formats_download_and_open(page, shots, tmp_path) -> None:
    _paste_sample(page)
    page.fill("input[name=title]", "关于学习两会精神的发言")
    saved = {}
    for fmt in ("docx", "pdf", "epub"):
        with page.expect_download() as download:
            page.click(f".dl-{fmt}")
        saved[fmt] = tmp_path / download.value.suggested_filename
        download.value.save_as(saved[fmt])
    page.screenshot(path=shots / "4-downloads.png")
    assert saved["docx"].name == "pasted.docx"
    assert any("关于学习两会精神的发言" in p.text for p in DocxDocument(saved["docx"]).paragraphs)
    with pdfplumber.open(saved["pdf"]) as pdf:
        assert "关于学习两会精神的发言" in pdf.pages[0].extract_text()
        assert "深刻领会" in "".join(p.extract_text() for p in pdf.pages)
    assert zipfile.ZipFile(saved["epub"]).read("mimetype") == b"application/epub+zip"
    # Debian's /usr/bin/epubcheck is the jar itself (run through binfmt where that is set up): run it with java
    java = [require_tool("java"), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar"]  # a short-lived JVM
    epubcheck = [*java, require_tool("epubcheck"), str(saved["epub"])]
    checked = subprocess.run(epubcheck, capture_output=True, text=True, timeout=300)
    assert checked.returncode == 0, checked.stdout[-2000:] + checked.stderr[-2000:]


def test_the_edited_title_and_issuer_show_on_the_preview_of_page_one(page, shots, tmp_path) -> None:
    _require("pdftoppm")
    _paste_sample(page)
    page.fill("input[name=title]", "关于学习两会精神的发言")
    page.fill("input[name=issuer]", "某某市人民政府文件")
    page.click("button.preview")
    image = page.locator("img.page")
    image.wait_for(state="visible")
    page.wait_for_function("document.querySelector('img.page').naturalWidth > 0")
    assert image.evaluate("i => i.naturalHeight > i.naturalWidth")  # a portrait page
    shown = page.locator(".page-text pre").text_content()  # the text of the page the image shows
    assert "关于学习两会精神的发言" in shown and "某某市人民政府文件" in shown
    assert page.locator(".page-of").inner_text().startswith("第 1 页")
    page.fill("input[name=doc_number]", "某政发〔2025〕1号")
    page.press("input[name=doc_number]", "Tab")  # a changed field: the shown preview follows
    page.wait_for_function("document.querySelector('.page-text pre').textContent.includes('某政发〔2025〕1号')")
    image.scroll_into_view_if_needed()
    page.screenshot(path=shots / "4b-preview.png")
    page.click(".pager .next")
    page.wait_for_function("document.querySelector('img.page').dataset.page === '2'")
    assert "关于学习两会精神的发言" not in page.locator(".page-text pre").text_content()
    assert page.locator(".pager .previous").is_enabled()
    page.screenshot(path=shots / "4c-page-2.png")
    with page.expect_download() as download:  # the PDF the preview was drawn from says the same
        page.click(".dl-pdf")
    download.value.save_as(tmp_path / "edited.pdf")
    with pdfplumber.open(tmp_path / "edited.pdf") as pdf:
        first = pdf.pages[0].extract_text()
    assert "关于学习两会精神的发言" in first and "某某市人民政府文件" in first


def _levels(page) -> list[str]:
    return page.locator(".outline li.section").evaluate_all("items => items.map(i => i.dataset.level)")


def test_a_nodes_kind_and_level_change_in_the_tree_and_the_preview(page, shots, tmp_path) -> None:
    _require("pdftoppm")
    _paste_sample(page)
    page.click("button.preview")
    page.wait_for_function("document.querySelector('img.page').naturalWidth > 0")
    before = page.locator("img.page").get_attribute("src")
    tree = page.locator("form.build textarea[name=tree]")
    original = tree.input_value()
    page.click(".outline li.level-2 .edit[data-action=paragraph] >> nth=0")  # a heading read in error
    page.wait_for_function("document.querySelectorAll('.outline li.level-2').length === 4")
    assert _levels(page).count("1") == 2
    assert tree.input_value() != original
    page.wait_for_function(f"document.querySelector('img.page').src !== {before!r}")  # the preview followed
    page.screenshot(path=shots / "4d-heading-to-paragraph.png", full_page=True)
    page.click(".outline li.level-2 .edit[data-action=promote] >> nth=0")  # level 2 → 1
    page.wait_for_function("document.querySelectorAll('.outline li.level-1').length === 3")
    page.click(".outline li.paragraph .edit[data-action=heading] >> nth=0")  # a paragraph → a heading
    page.wait_for_function("document.querySelectorAll('.outline li.section').length === 7")
    assert page.locator(".edit-error").is_hidden()
    page.screenshot(path=shots / "4e-paragraph-to-heading.png", full_page=True)
    edited = _levels(page)
    with page.expect_download() as download:  # the corrected tree is the outline JSON: saved, then read again
        page.click(".dl-json")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert json.loads(saved.read_text("utf-8"))["schema"] == 2
    page.click("#again")
    page.set_input_files("#files", saved)
    page.click("#read")
    page.wait_for_selector(".outline")
    assert _levels(page) == edited


def test_a_bad_style_sheet_is_named_as_the_cli_names_it(page, shots, tmp_path) -> None:
    _paste_sample(page)
    sheet = tmp_path / "mine.toml"
    sheet.write_text("[page]\nwidht = 3\n", encoding="utf-8")
    page.set_input_files("form.build input[name=sheet]", sheet)
    problem = page.locator("form.build .sheet-error")
    problem.wait_for(state="visible")
    assert problem.inner_text().startswith("样式表 mine.toml 无法使用：unknown style key 'page.widht'")
    page.screenshot(path=shots / "4f-bad-style.png")
    letter = tmp_path / "letter.toml"
    letter.write_text('base = "gongwen"\n[page]\nwidth_mm = 216\nheight_mm = 279\n', encoding="utf-8")
    page.set_input_files("form.build input[name=sheet]", letter)
    problem.wait_for(state="hidden")
    with page.expect_download() as download:
        page.click(".dl-pdf")
    download.value.save_as(tmp_path / "letter.pdf")
    with pdfplumber.open(tmp_path / "letter.pdf") as pdf:
        assert round(pdf.pages[0].width / 72 * 25.4) == 216


def test_an_edit_in_a_batch_reaches_the_batch_zip(page, shots, tmp_path) -> None:
    first, second = tmp_path / "甲.txt", tmp_path / "乙.txt"
    first.write_text("关于甲的通知\n\n一、总体要求\n\n做好工作。\n", encoding="utf-8")
    second.write_text("关于乙的通知\n\n一、总体要求\n\n做好工作。\n\n二、工作安排\n\n抓好落实。\n", encoding="utf-8")
    page.set_input_files("#files", [first, second])
    page.click("#read")
    page.wait_for_selector("#doc-2 .outline")
    page.click("#doc-2 .outline li.level-1 .edit[data-action=demote]")  # 二、 under 一、
    page.wait_for_selector("#doc-2 .outline li.level-2")
    page.screenshot(path=shots / "4g-batch-edit.png", full_page=True)
    with page.expect_download() as download:
        page.click("#batch-zip")
    download.value.save_as(tmp_path / "batch.zip")
    tree = json.loads(zipfile.ZipFile(tmp_path / "batch.zip").read("乙.json"))
    assert [(s["level"], s["heading"]) for s in tree["children"][0]["children"] if s["type"] == "section"] == [
        (2, "工作安排")
    ]


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
