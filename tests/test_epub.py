"""The EPUB writer: open the real book (zip, OPF, XHTML, CSS, fonts, cover) and run epubcheck on it.

Every EPUB these tests build is validated by epubcheck (0 errors, 0 warnings). The
validators run in parallel once per session, because each JVM costs several seconds.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pytest
from conftest import SAMPLE, require_tool
from docs import handmade, large
from lxml import etree

from converter import styles
from converter.model import Document, Paragraph, Section
from converter.writers.base import WriteOptions, WriteResult, epoch
from converter.writers.epub import EpubWriter
from converter.writers.epub.settings import epub_settings
from converter.xmltext import xml_safe

NS = {
    "x": "http://www.w3.org/1999/xhtml",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "epub": "http://www.idpf.org/2007/ops",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
}
STYLE = styles.load("gongwen")
# Short-lived JVM: C1 only and the serial collector halve epubcheck's run time.
JVM_FLAGS = ["-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"]
EMBED_LIMIT = 600 * 1024


def edge() -> Document:
    """Markup characters, XML-illegal characters, empty and deep sections, a run-in heading with no body."""
    return Document(
        title="标题<含>&“符号”\x00与控制字符",
        date="2025年2月30日",  # not a real date: no dc:date
        salutation="各位：\x0b",
        children=(
            Paragraph("一是\x01测试要点。A<B && C>D 'x' \"y\" \x1f控制\ufffe字符。", points=((0, 8),)),
            Section(1, "一、", "", False, ()),
            Section(
                1,
                "二、",
                "有子节。",
                False,
                (
                    Section(2, "（一）", "空的一节", False, ()),
                    Section(2, "（二）", "只有标题的提行节。", True, ()),
                    Section(
                        2, "（三）", "提行节后接小节。", True, (Section(3, "1.", "三级", False, (Paragraph(""),)),)
                    ),
                ),
            ),
            Paragraph("结尾 <b>不是标签</b> &amp; 不是实体 ]]> 也不是 CDATA 结束"),
            Section(
                1,
                "三、",
                "深层",
                False,
                (
                    Section(
                        2,
                        "（一）",
                        "二级",
                        False,
                        (
                            Section(
                                3,
                                "1.",
                                "三级",
                                False,
                                (
                                    Section(
                                        4,
                                        "（1）",
                                        "四级",
                                        False,
                                        (Section(5, "①", "五级", False, (Paragraph("最深处。"),)),),
                                    ),
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    )


def bare() -> Document:
    """No title block and no sections: the TOC and the landmarks still need targets."""
    return Document(children=(Paragraph("只有正文，没有标题，也没有任何小节。"), Paragraph("第二段。")))


@dataclass
class Built:
    doc: Document
    path: Path
    result: WriteResult


def _sample() -> Document | None:
    try:
        from converter.reading import parse_file
    except ImportError:
        return None
    return parse_file(SAMPLE).document


def _build(doc: Document, path: Path, **options: object) -> Built:
    return Built(doc, path, EpubWriter().write(doc, STYLE, path, WriteOptions(**options)))  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    out = tmp_path_factory.mktemp("epub")
    docs: dict[str, tuple[Document, bool]] = {
        "handmade": (handmade(), False),
        "handmade-fonts": (handmade(), True),
        "edge": (edge(), False),
        "bare": (bare(), False),
        "empty": (Document(), False),
        "large": (large(100), False),
    }
    sample = _sample()
    if sample is not None:
        docs["sample-fonts"] = (sample, True)
    return {name: _build(doc, out / f"{name}.epub", embed_fonts=embed) for name, (doc, embed) in docs.items()}


@pytest.fixture(scope="session")
def epubcheck(books: dict[str, Built]) -> dict[str, tuple[dict, str]]:
    """epubcheck's JSON report and console output for every book, run in parallel."""
    java, jar = require_tool("java"), require_tool("epubcheck")
    running = {}
    for name, book in books.items():
        report = book.path.with_suffix(".json")
        command = [java, *JVM_FLAGS, "-jar", jar, str(book.path), "--json", str(report)]
        running[name] = (subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT), report)
    results = {}
    for name, (process, report) in running.items():
        output, _ = process.communicate(timeout=600)
        results[name] = (json.loads(report.read_text(encoding="utf-8")), output.decode("utf-8", "replace"))
    return results


class Book:
    """An EPUB opened the way a reading system opens it: container -> OPF -> spine."""

    def __init__(self, path: Path) -> None:
        self.zip = zipfile.ZipFile(path)
        container = etree.fromstring(self.zip.read("META-INF/container.xml"))
        self.opf_name = container.find(".//c:rootfile", NS).get("full-path")
        self.root = str(PurePosixPath(self.opf_name).parent)
        self.opf = etree.fromstring(self.zip.read(self.opf_name))
        self.manifest = {i.get("id"): i for i in self.opf.findall(".//opf:manifest/opf:item", NS)}

    def read(self, href: str) -> bytes:
        return self.zip.read(f"{self.root}/{href}")

    def xml(self, href: str) -> etree._Element:
        return etree.fromstring(self.read(href))

    def spine(self) -> list[str]:
        return [self.manifest[ref.get("idref")].get("href") for ref in self.opf.findall(".//opf:spine/opf:itemref", NS)]

    def nav_href(self) -> str:
        return next(i.get("href") for i in self.manifest.values() if "nav" in (i.get("properties") or "").split())

    def text(self) -> str:
        """The reading text of the spine (the navigation document left out), whitespace removed."""
        parts = []
        for href in self.spine():
            if href != self.nav_href():
                parts.append("".join(self.xml(href).find("x:body", NS).itertext()))
        return "".join("".join(parts).split())

    def toc_anchors(self) -> list[etree._Element]:
        nav = self.xml(self.nav_href()).find(".//x:nav[@epub:type='toc']", NS)
        return nav.findall(".//x:a", NS)

    def dc(self, name: str) -> list[str]:
        return [e.text or "" for e in self.opf.findall(f".//dc:{name}", NS)]

    def css(self) -> str:
        item = next(i for i in self.manifest.values() if i.get("media-type") == "text/css")
        return self.read(item.get("href")).decode("utf-8")


def _assert_in_order(text: str, pieces: list[str]) -> None:
    pos = 0
    for piece in pieces:
        piece = "".join(xml_safe(piece)[0].split())
        if not piece:
            continue
        found = text.find(piece, pos)
        assert found >= 0, f"missing or out of order: {piece[:40]!r} (searched from {pos})"
        pos = found + len(piece)


# ------------------------------------------------------------------ validity


@pytest.mark.slow
@pytest.mark.parametrize("name", ["handmade", "handmade-fonts", "edge", "bare", "empty", "large", "sample-fonts"])
def test_epubcheck_finds_nothing(name: str, books: dict[str, Built], epubcheck: dict) -> None:
    if name not in books:
        pytest.skip("converter.reading.parse_file is not available yet")
    report, output = epubcheck[name]
    checker = report["checker"]
    problems = [f"{m['ID']} {m['severity']}: {m['message']}" for m in report["messages"]]
    assert (checker["nFatal"], checker["nError"], checker["nWarning"]) == (0, 0, 0), "\n".join(problems) or output
    assert not problems, "\n".join(problems)


def test_zip_layout_is_ocf(books: dict[str, Built]) -> None:
    infos = zipfile.ZipFile(books["handmade"].path).infolist()
    first = infos[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED and not first.extra
    assert zipfile.ZipFile(books["handmade"].path).read("mimetype") == b"application/epub+zip"
    stamp = time.gmtime(epoch(WriteOptions()))[:6]
    assert {info.date_time for info in infos} == {stamp}


# ------------------------------------------------------------------ content


@pytest.mark.parametrize("name", ["handmade", "edge", "bare", "large", "sample-fonts"])
def test_every_character_in_order(name: str, books: dict[str, Built]) -> None:
    if name not in books:
        pytest.skip("converter.reading.parse_file is not available yet")
    built = books[name]
    _assert_in_order(Book(built.path).text(), built.doc.text_pieces())


def test_markup_characters_arrive_intact_and_illegal_ones_are_reported(books: dict[str, Built]) -> None:
    text = Book(books["edge"].path).text()
    for literal in ("标题<含>&“符号”", "A<B&&C>D'x'\"y\"", "<b>不是标签</b>&amp;不是实体]]>也不是CDATA"):
        assert literal in text
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", text)
    warnings = "\n".join(books["edge"].result.warnings)
    for code in ("U+0000", "U+000B", "U+0001", "U+001F", "U+FFFE"):
        assert code in warnings
    assert books["handmade"].result.warnings == []


def test_points_are_bold_even_after_dropped_characters(books: dict[str, Built]) -> None:
    book = Book(books["handmade"].path)
    strong = [e.text for href in book.spine() for e in book.xml(href).iterfind(".//x:strong[@class='point']", NS)]
    assert strong == ["一是深刻领悟“两个确立”的决定性意义。", "二是牢牢把握高质量发展这个首要任务。"]
    edge_book = Book(books["edge"].path)
    strong = [e.text for href in edge_book.spine() for e in edge_book.xml(href).iterfind(".//x:strong", NS)]
    assert strong == ["一是测试要点。"]


def test_runin_heading_shares_the_paragraph(books: dict[str, Built]) -> None:
    book = Book(books["handmade"].path)
    p = book.xml("part001.xhtml").find(".//x:p[@id='s2']", NS)
    span = p.find("x:span", NS)
    assert span.get("class") == "l2" and span.text == "（一）在领悟核心要义中坚定政治方向。"
    assert span.tail.startswith("思想是行动的先导")
    heading = book.xml("part001.xhtml").find(".//*[@id='s5']", NS)
    assert heading.tag == f"{{{NS['x']}}}h5" and heading.text == "（1）强化企业创新主体地位"


def test_files_title_page_opening_and_one_per_top_level_section(books: dict[str, Built]) -> None:
    book = Book(books["handmade"].path)
    spine = book.spine()
    assert spine == ["cover.xhtml", "titlepage.xhtml", "nav.xhtml", "opening.xhtml", "part001.xhtml", "part002.xhtml"]
    opening = book.xml("opening.xhtml").find("x:body", NS)
    assert opening[0].get("class") == "salutation" and opening[0].text == "同志们："
    large_spine = Book(books["large"].path).spine()
    assert len([h for h in large_spine if h.startswith("part")]) == 100
    assert Book(books["bare"].path).spine() == ["cover.xhtml", "nav.xhtml", "opening.xhtml"]


@pytest.mark.parametrize("name", ["handmade", "edge", "empty", "large"])
def test_every_document_is_chinese(name: str, books: dict[str, Built]) -> None:
    book = Book(books[name].path)
    assert book.dc("language") == ["zh-CN"]
    for item in book.manifest.values():
        if item.get("media-type") == "application/xhtml+xml":
            root = book.xml(item.get("href"))
            assert root.get("lang") == "zh-CN"
            assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-CN"


# ------------------------------------------------------------------ navigation


@pytest.mark.parametrize("name", ["handmade", "edge", "large", "sample-fonts"])
def test_toc_has_one_nested_entry_per_section(name: str, books: dict[str, Built]) -> None:
    if name not in books:
        pytest.skip("converter.reading.parse_file is not available yet")
    built = books[name]
    book = Book(built.path)
    anchors = book.toc_anchors()
    sections = [(node, depth) for node, depth in built.doc.walk() if isinstance(node, Section)]
    assert len(anchors) == len(sections) == len(built.doc.sections())
    for anchor, (section, depth) in zip(anchors, sections, strict=True):
        assert len(anchor.xpath("ancestor::x:li", namespaces=NS)) == depth
        label = "".join(xml_safe(section.marker + section.bare_heading)[0].split())
        assert "".join(anchor.text.split()) == label
        href, _, anchor_id = anchor.get("href").partition("#")
        target = book.xml(href).find(f".//*[@id='{anchor_id}']", NS)
        shown = (
            "".join(target.find("x:span", NS).text.split())
            if target.get("class") == "runin"
            else ("".join("".join(target.itertext()).split()))
        )
        assert shown == "".join(xml_safe(section.marker + section.heading)[0].split())
    ncx_href = next(i.get("href") for i in book.manifest.values() if i.get("media-type") == "application/x-dtbncx+xml")
    assert len(book.xml(ncx_href).findall(".//ncx:navPoint", NS)) == len(sections)


def test_toc_without_sections_points_at_the_text(books: dict[str, Built]) -> None:
    book = Book(books["bare"].path)
    anchors = book.toc_anchors()
    assert len(anchors) == 1 and anchors[0].get("href") == "opening.xhtml"


def test_landmarks(books: dict[str, Built]) -> None:
    book = Book(books["handmade"].path)
    nav = book.xml(book.nav_href())
    marks = {
        a.get(f"{{{NS['epub']}}}type"): a.get("href") for a in nav.findall(".//x:nav[@epub:type='landmarks']//x:a", NS)
    }
    assert marks == {"cover": "cover.xhtml", "toc": "nav.xhtml", "bodymatter": "opening.xhtml"}


# ------------------------------------------------------------------ metadata, cover, style


def test_metadata(books: dict[str, Built], tmp_path: Path) -> None:
    built = books["handmade"]
    book = Book(built.path)
    assert book.dc("title") == [built.doc.title]
    assert book.dc("creator") == ["张三"]
    assert book.dc("date") == ["2025-03-05"]
    assert book.dc("description")[0].startswith("今天，我们召开理论学习中心组专题学习研讨会。")
    subjects = book.dc("subject")
    assert 1 <= len(subjects) <= epub_settings(STYLE).subjects and "习近平" in subjects
    (identifier,) = book.dc("identifier")
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", identifier)
    assert Book(books["handmade-fonts"].path).dc("identifier") == [identifier]  # same tree, same book
    assert Book(books["edge"].path).dc("identifier") != [identifier]
    assert Book(books["edge"].path).dc("date") == []
    assert Book(books["empty"].path).dc("title") == ["未命名文档"]
    modified = book.opf.find(".//opf:meta[@property='dcterms:modified']", NS).text
    assert modified == time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch(WriteOptions())))

    later = _build(built.doc, tmp_path / "later.epub", epoch=1700000000)
    later_book = Book(later.path)
    assert later_book.opf.find(".//opf:meta[@property='dcterms:modified']", NS).text == "2023-11-14T22:13:20Z"
    assert {i.date_time for i in later_book.zip.infolist()} == {(2023, 11, 14, 22, 13, 20)}


def test_cover(books: dict[str, Built]) -> None:
    from PIL import Image

    book = Book(books["handmade"].path)
    (image_item,) = [i for i in book.manifest.values() if i.get("properties") == "cover-image"]
    assert image_item.get("media-type") == "image/png"
    assert book.opf.find(".//opf:meta[@name='cover']", NS).get("content") == image_item.get("id")
    cover_page = book.xml(book.spine()[0])
    assert cover_page.find(".//x:img", NS).get("src") == image_item.get("href")
    image = Image.open(io.BytesIO(book.read(image_item.get("href")))).convert("RGB")
    cover = epub_settings(STYLE).cover
    assert image.size == (cover.width_px, cover.height_px)
    colours = {colour for _, colour in image.getcolors(maxcolors=1 << 16)}
    assert any(max(c) < 80 for c in colours), "no dark title ink"
    assert any(r > 150 and g < 80 and b < 80 for r, g, b in colours), "no red rule"
    ink_rows = [y for y in range(image.height) if min(image.getpixel((x, y))[0] for x in range(0, image.width, 4)) < 80]
    assert len(ink_rows) > image.height // 10, "the title should fill a good part of the cover"


def test_stylesheet_follows_the_style_sheet(books: dict[str, Built]) -> None:
    css = Book(books["handmade"].path).css()
    rules = dict(re.findall(r"(?m)^([^{@\n][^{\n]*?) \{\n(.*?)^\}", css, re.S))
    body, paragraph = rules["body"], rules["p"]
    assert "line-break: strict;" in body and "hanging-punctuation: none;" in body
    assert f"line-height: {epub_settings(STYLE).line_height:g};" in body
    assert 'font-family: "FangSong"' in body and body.split("font-family:")[1].split(";")[0].strip().endswith("serif")
    assert "text-indent: 2em;" in paragraph and "text-align: justify;" in paragraph
    assert '"SimHei"' in rules["h2.l1, h3.l1, h4.l1, h5.l1, h6.l1"] and "sans-serif" in rules["span.l1"]
    assert "font-weight: bold;" in rules["strong.point"]
    assert "font-size: 1.375em;" in rules["h1.title"]  # 22 pt title over a 16 pt body
    assert "@font-face" not in css


# ------------------------------------------------------------------ fonts, determinism, import cost


@pytest.mark.parametrize("name", ["handmade-fonts", "sample-fonts"])
def test_embedded_fonts_cover_the_text_and_stay_small(name: str, books: dict[str, Built]) -> None:
    from fontTools.ttLib import TTFont

    if name not in books:
        pytest.skip("converter.reading.parse_file is not available yet")
    built = books[name]
    assert built.path.stat().st_size <= EMBED_LIMIT
    book = Book(built.path)
    fonts = [i for i in book.manifest.values() if i.get("media-type") in ("font/ttf", "font/otf")]
    assert fonts
    css = book.css()
    covered: set[int] = set()
    for item in fonts:
        assert f'url("../{item.get("href")}")' in css
        covered |= set(TTFont(io.BytesIO(book.read(item.get("href")))).getBestCmap())
    needed = {ord(c) for piece in built.doc.text_pieces() for c in piece if not c.isspace()}
    assert needed <= covered, "".join(sorted(chr(c) for c in needed - covered))
    assert re.search(r'font-family: "FangSong".*"Converter Embedded \d+", serif;', css)
    assert built.result.warnings == []


def test_rebuild_is_byte_identical(books: dict[str, Built], tmp_path: Path) -> None:
    for name in ("handmade-fonts", "edge", "large"):
        again = _build(books[name].doc, tmp_path / f"{name}.epub", embed_fonts=name.endswith("fonts"))
        assert again.path.read_bytes() == books[name].path.read_bytes(), name


def test_import_is_cheap() -> None:
    code = (
        "import sys, converter.writers.epub as m; m.EpubWriter();"
        "print(sorted(k for k in ('ebooklib', 'PIL', 'fontTools', 'lxml', 'jieba') if k in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_epub_numbers_come_from_the_style_sheet() -> None:
    from converter.writers.epub.css import stylesheet

    tuned = styles.load("gongwen", ["epub.line_height=1.6", "epub.font_scale=1.1", "elements.body.indent_chars=0"])
    css = stylesheet(tuned, epub_settings(tuned), {}, [])
    assert "line-height: 1.6;" in css and "font-size: 1.1em;" in css
    assert re.search(r"(?m)^p \{[^}]*text-indent: 0;", css)
    with pytest.raises(
        styles.StyleError, match="missing the 'epub' table"
    ):  # refused with the sheet, before any writer
        styles.from_dict({k: v for k, v in STYLE.raw.items() if k != "epub"})


def test_long_title_and_long_word_do_not_crash(tmp_path: Path) -> None:
    """Issue 11: a 4,096-character first line and a 20,000-letter word still give a whole book."""
    from converter.model import Document, Paragraph
    from converter.writers.epub import EpubWriter

    title = "关于" + "进一步加强安全生产工作" * 372 + "的通"
    word = "x" * 20_000
    path = tmp_path / "long.epub"
    EpubWriter().write(Document(title=title, children=(Paragraph(f"长词{word}结束。"),)), STYLE, path, WriteOptions())
    with zipfile.ZipFile(path) as z:
        text = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
    assert word in text and "进一步加强安全生产工作" in text


def test_headings_never_end_a_page_and_title_lines_keep_words(books: dict[str, Built]) -> None:
    """Issue 12.5: calibre left a heading at a page foot (no break-after: avoid); the title page broke
    全国|两会 inside a word."""
    book = Book(books["handmade"].path)
    rules = dict(re.findall(r"(?m)^([^{@\n][^{\n]*?) \{\n(.*?)^\}", book.css(), re.S))
    for level in range(1, 5):
        rule = rules[f"h2.l{level}, h3.l{level}, h4.l{level}, h5.l{level}, h6.l{level}"]
        assert "break-after: avoid;" in rule and "page-break-after: avoid;" in rule
    titles = [
        e
        for href in book.spine()
        for e in book.xml(href).iter("{http://www.w3.org/1999/xhtml}h1")
        if e.get("class") == "title"
    ]
    assert titles
    text = etree.tostring(titles[0], encoding="unicode", method="html")
    lines = [re.sub(r"<[^>]+>", "", part) for part in re.split(r"<br\s*/?>", text)]
    assert any("全国两会" in line for line in lines), lines


def test_embedded_fonts_carry_the_fallback_faces(tmp_path: Path) -> None:
    """Issue 19.3: with embedded fonts, Extension B hanzi, Hangul and symbols come from the bundled
    fallback faces; only what no bundled face has is left to the reader, and named."""
    from fontTools.ttLib import TTFont

    doc = Document(title="标题", children=(Paragraph("生僻字𠀀𪚥、韩文한국어、符号☯♞、表情😀结束。"),))
    path = tmp_path / "fallback.epub"
    result = EpubWriter().write(doc, STYLE, path, WriteOptions(embed_fonts=True))
    assert [w for w in result.warnings if "no glyph" in w] == [
        "EPUB: 1 character(s) have no glyph in the bundled fonts and rely on the reader's fonts: 😀"
    ]
    book = Book(path)
    covered: set[int] = set()
    for item in book.manifest.values():
        if item.get("media-type") in ("font/ttf", "font/otf"):
            covered |= set(TTFont(io.BytesIO(book.read(item.get("href")))).getBestCmap())
    assert {ord(c) for c in "𠀀𪚥한국어☯♞"} <= covered
