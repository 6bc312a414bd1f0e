"""The web page over HTTP (Starlette's TestClient): reading, proof marks, limits, bad requests, downloads.

Each download is opened as a reader would: python-docx, pypdf, zipfile. The real-browser
suite is tests/test_web_browser.py.
"""

from __future__ import annotations

import base64
import html
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import urllib.request
import zipfile

import pytest
from conftest import SAMPLE
from docx import Document as DocxDocument
from pypdf import PdfReader
from starlette.testclient import TestClient

from converter.web.app import create_app


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(limit=1024 * 1024, workers=2)) as c:
        yield c


@pytest.fixture(scope="module")
def sample_page(client) -> str:
    response = client.post("/read", data={"text": SAMPLE.read_text("utf-8")})
    assert response.status_code == 200
    return response.text


def _tree(page: str) -> str:
    return html.unescape(re.search(r'<textarea hidden name="tree">(.*?)</textarea>', page, re.S).group(1))


def test_the_page_is_chinese_by_default_and_english_by_the_browser_or_the_switch(client) -> None:
    assert "粘贴文本" in client.get("/").text
    assert "Paste text" in client.get("/", headers={"accept-language": "en-GB,en;q=0.9"}).text
    switched = client.get("/?lang=en")
    assert "Paste text" in switched.text and switched.cookies.get("lang") == "en"
    assert "粘贴文本" in client.get("/?lang=zh", headers={"accept-language": "en"}).text


def test_the_sample_shows_its_tree_its_marks_and_its_warning_linked_to_its_line(sample_page) -> None:
    assert len(re.findall(r'data-level="1"', sample_page)) == 2
    assert len(re.findall(r'data-level="2"', sample_page)) == 5
    assert len(re.findall(r'<mark class="ch-widen"', sample_page)) == 116
    assert len(re.findall(r'<mark class="ch-join"', sample_page)) == 101
    assert '<a href="#d1-L111">' in sample_page and 'id="d1-L111"' in sample_page  # the unfinished-text warning


def test_the_readers_warnings_are_in_the_pages_language_request_by_request(client) -> None:
    """Each read sets the language in the worker that does it, so the pool's processes never keep the last one."""
    text = {"text": "关于做好防汛工作的通知\n他说：“要抓落实。\n"}
    said = {"zh": "本段 “ 有 1 个，” 有 0 个，不成对", "en": "1 “ but 0 ” in this paragraph"}
    for lang in ("zh", "en", "zh", "en", "en", "zh"):
        page = client.post(f"/read?lang={lang}", data=text).text
        other = said["en" if lang == "zh" else "zh"]
        assert said[lang] in page and other not in page, lang


def test_a_gb18030_upload_is_read_and_a_binary_one_gets_the_readers_error(client) -> None:
    text = "关于做好防汛工作的通知\n\n各单位：\n\n一、总体要求\n\n做好今年防汛工作,意义重大。\n"
    files = [
        ("files", ("通知.txt", text.encode("gb18030"), "text/plain")),
        ("files", ("photo.txt", bytes(range(256)) * 8, "application/octet-stream")),
    ]
    page = client.post("/read", files=files).text
    assert "关于做好防汛工作的通知" in page and 'data-level="1"' in page
    assert re.search(r'class="error" role="alert">无法读取 photo.txt：[^<]*二进制数据', page)  # in the page's language
    assert "gb18030" in page.lower()


def test_every_download_opens(client, sample_page) -> None:
    tree = _tree(sample_page)
    form = {"tree": tree, "name": "讲话.txt", "style": "gongwen"}
    docx = client.post("/build", data={**form, "format": "docx"})
    assert docx.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "讲话.docx" in docx.headers["content-disposition"].replace("%E8%AE%B2%E8%AF%9D", "讲话")
    paragraphs = [p.text for p in DocxDocument(io.BytesIO(docx.content)).paragraphs]
    assert any("深刻领会" in p for p in paragraphs)
    pdf = client.post("/build", data={**form, "format": "pdf", "style": "handout"})
    assert "深刻领会" in "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    epub = zipfile.ZipFile(io.BytesIO(client.post("/build", data={**form, "format": "epub"}).content))
    assert epub.read("mimetype") == b"application/epub+zip"
    outline = json.loads(client.post("/build", data={**form, "format": "json"}).content)
    assert outline["schema"] == 2 and outline["title"].startswith("市委副书记")
    every = zipfile.ZipFile(io.BytesIO(client.post("/build", data={**form, "format": "zip"}).content))
    assert sorted(every.namelist()) == ["讲话.docx", "讲话.epub", "讲话.json", "讲话.pdf"]


def test_edited_title_issuer_and_closing_reach_the_tree_and_the_document(client, sample_page) -> None:
    form = {
        "tree": _tree(sample_page),
        "name": "x.txt",
        "title": "关于防汛的通知",
        "issuer": "某某市人民政府文件",
        "doc_number": "某政发〔2025〕1号",
        "signature": "某某市人民政府",
        "sign_date": "2025年6月1日",
    }
    edited = json.loads(client.post("/build", data={**form, "format": "json"}).content)
    assert edited["title"] == "关于防汛的通知"
    assert edited["header"]["issuer"] == "某某市人民政府文件" and edited["header"]["doc_number"] == "某政发〔2025〕1号"
    assert edited["closing"]["signature"] == ["某某市人民政府"] and edited["closing"]["sign_date"] == "2025年6月1日"
    text = "\n".join(
        p.text
        for p in DocxDocument(io.BytesIO(client.post("/build", data={**form, "format": "docx"}).content)).paragraphs
    )
    for piece in ("关于防汛的通知", "某某市人民政府文件", "某政发〔2025〕1号", "2025年6月1日"):
        assert piece in text
    # the edited tree goes back in as an upload
    again = client.post("/read", files=[("files", ("x.json", json.dumps(edited).encode(), "application/json"))])
    assert again.status_code == 200 and "关于防汛的通知" in again.text


def test_a_batch_downloads_as_one_zip_with_a_summary(client, sample_page) -> None:
    tree = _tree(sample_page)
    data = {"name": ["a.txt", "a.txt"], "tree": [tree, tree], "style": "ebook"}
    archive = zipfile.ZipFile(io.BytesIO(client.post("/batch", data=data).content))
    names = set(archive.namelist())
    assert {"a.docx", "a.pdf", "a.epub", "a-2.docx", "a-2.pdf", "a-2.epub", "summary.json"} <= names
    summary = json.loads(archive.read("summary.json"))
    assert summary["style"] == "ebook" and [d["name"] for d in summary["documents"]] == ["a", "a-2"]


def test_an_upload_past_the_limit_gets_a_clear_message_in_both_languages(client) -> None:
    big = [("files", ("big.txt", "字".encode() * 400_000, "text/plain"))]
    response = client.post("/read", files=big)
    assert response.status_code == 413
    assert "上传内容超过 1 MB" in response.text and "larger than 1 MB" in response.text


@pytest.mark.parametrize(
    ("data", "status", "words"),
    [
        ({}, 400, "请先粘贴文本"),
        ({"text": "   "}, 400, "请先粘贴文本"),
        ({"tree": "{not json", "format": "pdf"}, 400, "not valid JSON"),
        ({"tree": "{}", "format": "exe"}, 400, "'exe' is not one of"),
        ({"tree": "{}", "style": "../../etc/passwd"}, 400, "is not one of"),
        ({"format": "pdf"}, 400, "无法处理此请求"),
    ],
)
def test_bad_requests_get_a_clear_message_on_the_page(client, data, status, words) -> None:
    path = "/read" if "tree" not in data and "format" not in data else "/build"
    response = client.post(path, data=data)
    assert response.status_code == status
    assert words in html.unescape(response.text) and 'role="alert"' in response.text


def test_no_request_path_reaches_the_file_system(client) -> None:
    assert client.get("/static/app.css").status_code == 200
    for path in ("/static/..%2F..%2Fapp.py", "/static/../app.py", "/static/%2e%2e/templates/base.html", "/etc/passwd"):
        assert client.get(path).status_code == 404
    upload = [("files", ("../../../tmp/evil.txt", "标题\n\n正文。".encode(), "text/plain"))]
    page = client.post("/read", files=upload).text
    assert "../" not in re.search(r"<h2>(.*?)</h2>", page).group(1)


def test_several_requests_at_once_all_render(client, sample_page) -> None:
    from concurrent.futures import ThreadPoolExecutor

    form = {"tree": _tree(sample_page), "name": "s.txt", "format": "pdf"}
    with ThreadPoolExecutor(3) as threads:
        replies = list(threads.map(lambda _i: client.post("/build", data=form), range(3)))
    assert all(r.status_code == 200 and r.content.startswith(b"%PDF") for r in replies)


def _require_poppler() -> None:
    if not all(shutil.which(tool) for tool in ("pdftoppm", "pdfinfo", "pdftotext")):
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("poppler-utils is not installed (apt-get install poppler-utils); CI must install it")
        pytest.skip("poppler-utils is not installed (apt-get install poppler-utils)")


def test_every_page_previews_as_an_image_with_its_text(client, sample_page) -> None:
    from PIL import Image

    _require_poppler()
    assert 'class="preview"' in sample_page
    form = {"tree": _tree(sample_page), "name": "s.txt", "title": "关于防汛的通知", "issuer": "某某市人民政府文件"}
    first = client.post("/preview", data=form).json()
    assert first["page"] == 1 and first["pages"] >= 3
    assert "关于防汛的通知" in first["text"] and "某某市人民政府文件" in first["text"]  # the edits reach page 1
    image = Image.open(io.BytesIO(base64.b64decode(first["image"].removeprefix("data:image/png;base64,"))))
    assert image.width < image.height  # a portrait A4 page
    assert image.convert("L").getextrema()[0] < 100  # something dark (text) is printed on it
    second = client.post("/preview", data={**form, "page": "2"}).json()
    assert second["page"] == 2 and second["text"] and second["text"] not in first["text"]
    last = client.post("/preview", data={**form, "page": "999"}).json()
    assert last["page"] == last["pages"] == first["pages"]  # past the end: the last page
    bad = client.post("/preview", data={**form, "page": "../1"})
    assert bad.status_code == 400 and "not a page number" in bad.json()["error"]


def _in_english(client, path: str, **form):
    """A request by someone who switched to English (the switch's cookie is put back to Chinese after)."""
    try:
        return client.post(f"{path}?lang=en", **form)
    finally:
        client.get("/?lang=zh")


def _levels(outline: str) -> list[int]:
    return [int(n) for n in re.findall(r'data-level="(\d)"', outline)]


def test_a_node_edit_changes_the_tree_and_the_edited_tree_downloads_and_reads_again(client, sample_page) -> None:
    tree = _tree(sample_page)
    doc = json.loads(tree)
    first = doc["children"].index(next(n for n in doc["children"] if n["type"] == "section"))
    path = f"children[{first}].children[0]"
    assert doc["children"][first]["children"][0]["type"] == "section"
    assert _levels(sample_page).count(2) == 5
    demoted = client.post("/edit", data={"tree": tree, "path": path, "action": "paragraph"}).json()
    assert _levels(demoted["outline"]).count(2) == 4 and _levels(demoted["outline"]).count(1) == 2
    edited = json.loads(demoted["tree"])
    assert edited["children"][first]["children"][0]["type"] == "paragraph"
    promoted = client.post("/edit", data={"tree": demoted["tree"], "path": f"{path}", "action": "heading"}).json()
    assert _levels(promoted["outline"]).count(2) == 5  # made a heading again
    downloaded = client.post("/build", data={"tree": demoted["tree"], "name": "s.txt", "format": "json"})
    assert downloaded.headers["content-type"] == "application/json"
    assert json.loads(downloaded.content)["schema"] == 2
    again = client.post("/read", files=[("files", ("s.json", downloaded.content, "application/json"))])
    assert again.status_code == 200 and _levels(again.text).count(2) == 4


def test_an_edit_the_tree_cannot_take_is_named_in_the_pages_language(client, sample_page) -> None:
    form = {"tree": _tree(sample_page), "path": "children[0]", "action": "promote"}
    refused = client.post("/edit", data=form)
    assert refused.status_code == 400 and refused.json()["error"] == "只有标题才能改变级别或改为正文段落。"
    english = _in_english(client, "/edit", data={**form, "path": "children[999]"})
    assert english.json()["error"] == "children[999] names no node of this outline."


LETTER = b'base = "gongwen"\n[page]\nwidth_mm = 216\nheight_mm = 279\n'


def test_an_uploaded_style_sheet_shapes_the_downloads_and_the_preview(client, sample_page) -> None:
    form = {"tree": _tree(sample_page), "name": "s.txt", "style": "gongwen"}
    sheet = [("sheet", ("letter.toml", LETTER, "application/toml"))]
    pdf = client.post("/build", data={**form, "format": "pdf"}, files=sheet)
    box = PdfReader(io.BytesIO(pdf.content)).pages[0].mediabox
    assert round(float(box.width) / 72 * 25.4) == 216 and round(float(box.height) / 72 * 25.4) == 279
    docx = DocxDocument(io.BytesIO(client.post("/build", data={**form, "format": "docx"}, files=sheet).content))
    assert round(docx.sections[0].page_width.mm) == 216
    assert client.post("/style", files=sheet).json()["description"]
    batch = client.post("/batch", data={"name": ["a.txt"], "tree": [form["tree"]]}, files=sheet)
    archive = zipfile.ZipFile(io.BytesIO(batch.content))
    assert json.loads(archive.read("summary.json"))["style"] == "letter.toml"
    page = PdfReader(io.BytesIO(archive.read("a.pdf"))).pages[0]
    assert round(float(page.mediabox.width) / 72 * 25.4) == 216


def test_a_bad_style_sheet_gets_the_clis_message(client, sample_page, tmp_path) -> None:
    from converter import styles

    bad = b"[page]\nwidht = 3\n"
    (tmp_path / "mine.toml").write_bytes(bad)
    with pytest.raises(styles.StyleError) as cli:
        styles.load(tmp_path / "mine.toml")
    sheet = [("sheet", ("mine.toml", bad, "application/toml"))]
    checked = client.post("/style", files=sheet)
    assert checked.status_code == 400 and checked.json()["error"] == f"样式表 mine.toml 无法使用：{cli.value}"
    english = _in_english(client, "/style", files=sheet).json()["error"]
    assert english == f"The style sheet mine.toml cannot be used: {cli.value}"
    page = client.post("/build", data={"tree": _tree(sample_page), "format": "pdf"}, files=sheet)
    assert page.status_code == 400 and 'role="alert"' in page.text and "page.widht" in html.unescape(page.text)
    not_toml = client.post("/style", files=[("sheet", ("x.toml", b"a = = 1", "application/toml"))]).json()["error"]
    assert "x.toml" in not_toml and "TOML" in not_toml and "/tmp" not in not_toml  # no server path shown


def test_an_uploaded_sheet_cannot_name_a_file_on_the_server(client) -> None:
    for base in ("/etc/passwd", "../../styles/gongwen.toml", "gongwen.toml"):
        sheet = [("sheet", ("x.toml", f"base = {json.dumps(base)}\n".encode(), "application/toml"))]
        refused = _in_english(client, "/style", files=sheet)
        assert refused.status_code == 400 and "must be a built-in style" in refused.json()["error"]


def test_serve_warns_when_another_host_is_given_and_serves_the_page(tmp_path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "converter", "--lang", "en", "serve", "--host", "127.0.0.2", "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == f"http://127.0.0.2:{port}/"  # said once it listens
        with urllib.request.urlopen(f"http://127.0.0.2:{port}/", timeout=30) as page:
            assert "粘贴文本" in page.read().decode()  # the page's language is the browser's, not --lang
    finally:
        process.terminate()
        _out, err = process.communicate(timeout=10)
    assert "127.0.0.2 lets other computers use this page" in err


def test_serve_without_the_web_extra_says_what_to_install() -> None:
    script = "import sys; sys.modules['uvicorn'] = None; sys.argv = ['converter', '--lang', 'en', 'serve']; "
    script += "from converter.app.cli import main; main()"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "the web page needs the web extra (uvicorn): pip install 'converter[web]'" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_killed_worker_gives_a_message_and_the_next_request_a_fresh_pool() -> None:
    import multiprocessing
    import signal

    text = {"text": "关于做好防汛工作的通知\n\n一、总体要求\n\n做好今年防汛工作。\n"}
    before = {child.pid for child in multiprocessing.active_children()}  # other pools of this run are left alone
    with TestClient(create_app(workers=1)) as own:
        assert own.post("/read", data=text).status_code == 200
        workers = [child for child in multiprocessing.active_children() if child.pid not in before]
        assert len(workers) == 1
        for worker in workers:
            os.kill(worker.pid, signal.SIGKILL)
            worker.join(10)
        broken = own.post("/read", data=text)
        assert broken.status_code == 500 and "BrokenProcessPool" in broken.text and 'role="alert"' in broken.text
        assert own.post("/read", data=text).status_code == 200


def test_markdown_and_word_uploads_are_read_as_in_the_cli(client) -> None:
    """The page takes the inputs the reader takes: a chat assistant's Markdown and a Word file."""
    import io

    import docx

    markdown = "# 关于做好防汛工作的通知\n\n各单位：\n\n## 一、总体要求\n\n做好今年防汛工作,**意义重大**。\n"
    word = docx.Document()
    word.add_paragraph("关于做好防汛工作的通知")
    word.add_paragraph("各单位：")
    word.add_paragraph("一、总体要求")
    word.add_paragraph("做好今年防汛工作，意义重大。")
    buffer = io.BytesIO()
    word.save(buffer)
    files = [
        ("files", ("notice.md", markdown.encode("utf-8"), "text/markdown")),
        ("files", ("notice.docx", buffer.getvalue(), "application/octet-stream")),
    ]
    page = client.post("/read", files=files).text
    assert 'class="error"' not in page
    assert page.count("关于做好防汛工作的通知") >= 2 and page.count('data-level="1"') >= 2
    forms = re.findall(r'<textarea hidden name="tree">(.*?)</textarea>', page, re.S)  # each result's forms carry it
    trees = [json.loads(html.unescape(t)) for t in dict.fromkeys(forms)]
    assert [t["title"] for t in trees] == ["关于做好防汛工作的通知"] * 2
    for tree in trees:
        assert [(s["marker"], s["heading"]) for s in tree["children"] if s["type"] == "section"] == [
            ("一、", "总体要求")
        ]
        assert "**" not in json.dumps(tree, ensure_ascii=False)
