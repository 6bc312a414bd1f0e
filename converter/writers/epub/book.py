"""Assemble the EPUB with ebooklib: metadata, cover, spine, nested TOC + NCX, landmarks, stylesheet.

ebooklib writes the OPF, the navigation document and the NCX; we give it fixed ids,
a content-derived identifier and the build epoch, then repack its zip (see ``package``).
"""

from __future__ import annotations

import contextlib
import datetime
import io
import json
import re
import uuid
from pathlib import Path
from typing import Any

from converter.prepare import Prepared, prepare
from converter.styles import Style
from converter.tree import Document, Paragraph
from converter.writers.base import WriteOptions, WriteResult, date_warnings, epoch
from converter.writers.epub import parts
from converter.writers.epub.cover import draw_cover
from converter.writers.epub.css import stylesheet
from converter.writers.epub.embed import EmbeddedFont, embed_fonts
from converter.writers.epub.fontfiles import face_for
from converter.writers.epub.markup import Page, TocEntry
from converter.writers.epub.package import repack
from converter.writers.epub.settings import Cover, EpubSettings, epub_settings
from converter.writers.roletext import role_text

LANG = "zh-CN"
CSS_FILE = "style/book.css"
COVER_IMAGE = "images/cover.png"
NAV_TITLE = "目录"
# Keywords come from the title, the headings and the start of the body: characteristic
# enough, and jieba never has to cut a whole long report.
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")
_COVER_TEMPLATE = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
    '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">'
    '<head></head><body><div class="cover"><img src="" alt=""/></div></body></html>'
)


def write_book(doc: Document, style: Style, path: Path, options: WriteOptions) -> WriteResult:
    from ebooklib import epub

    settings = epub_settings(style)
    prepared = prepare(doc, style)
    xml, warnings = prepared.xml, prepared.xml_warnings  # every v2 part kept, item markers printed
    book_title = " ".join(xml.title.split()) or Path(options.source_name).stem or "未命名文档"
    pages, toc = _pages(prepared, book_title, settings, style)
    fonts: list[EmbeddedFont] = []
    embedded: dict[str, list[str]] = {}
    if options.embed_fonts or settings.embed_fonts:
        extra = {"heading1": [NAV_TITLE], "body": _toc_labels(toc)}
        fonts, embedded, font_warnings = embed_fonts(role_text(xml, style, paged=False, extra=extra), face_for)
        warnings += font_warnings
    css_text = stylesheet(style, settings, embedded, [(f.family, "../" + f.file_name) for f in fonts])
    css_text += parts.css(style, embedded, settings.line_height)

    book = epub.EpubBook()
    book.set_identifier(_identifier(doc))
    book.set_title(book_title)
    book.set_language(LANG)
    _metadata(book, xml, prepared.keywords(settings.subjects), settings.description_chars)
    css = _add_css_and_fonts(epub, book, css_text, fonts)
    cover_lines = list(prepared.title_lines(book_title, settings.cover.title_line_chars))
    cover_page = _add_cover(epub, book, css, xml, book_title, cover_lines, settings.cover)
    items, nav = _add_pages(epub, book, css, pages)
    book.toc = _ebooklib_toc(epub, toc)
    _reading_order(book, cover_page, nav, items, pages)
    _write(epub, book, path, options)
    return WriteResult(pages=None, warnings=warnings + date_warnings(options))


def _pages(
    prepared: Prepared, book_title: str, settings: EpubSettings, style: Style
) -> tuple[list[Page], list[TocEntry]]:
    """The title page and the body's pages, and the navigation tree (one entry at least)."""
    doc = prepared.xml
    title_lines = list(prepared.title_lines(doc.title, settings.title_line_chars)) if doc.title.strip() else []
    if not (title_lines or doc.subtitle or doc.date or doc.author or doc.salutation or doc.children):
        title_lines = [book_title]  # an empty document still needs one page to show
    pages, toc = parts.render_parts(prepared, title_lines, book_title, style)
    if not toc:
        toc = [TocEntry(book_title, _body_start(pages).file_name)]
    return pages, toc


def _body_start(pages: list[Page]) -> Page:
    return next((p for p in pages if p.kind != "titlepage"), pages[0])


def _add_css_and_fonts(epub: Any, book: Any, css_text: str, fonts: list[EmbeddedFont]) -> Any:
    """The stylesheet and the embedded font files; the stylesheet's item, for the pages to link."""
    css = book.add_item(
        epub.EpubItem(uid="style", file_name=CSS_FILE, media_type="text/css", content=css_text.encode("utf-8"))
    )
    for number, font in enumerate(fonts, 1):
        book.add_item(
            epub.EpubItem(uid=f"font{number}", file_name=font.file_name, media_type=font.media_type, content=font.data)
        )
    return css


def _add_pages(epub: Any, book: Any, css: Any, pages: list[Page]) -> tuple[list[Any], Any]:
    """One XHTML item per page, then the navigation document and the NCX."""
    items = []
    for page in pages:
        item = epub.EpubHtml(
            uid=Path(page.file_name).stem,
            file_name=page.file_name,
            title=page.title,
            lang=LANG,
            content=f"<html><body>{page.body}</body></html>",
        )
        item.add_item(css)
        items.append(book.add_item(item))
    nav = epub.EpubNav(title=NAV_TITLE)
    nav.add_item(css)
    book.add_item(nav)
    book.add_item(epub.EpubNcx())
    return items, nav


def _reading_order(book: Any, cover_page: Any, nav: Any, items: list[Any], pages: list[Page]) -> None:
    """Spine: cover, title page, 目录, body; the EPUB 2 guide points at the same three places."""
    front = [i for i, p in zip(items, pages, strict=True) if p.kind == "titlepage"]
    rest = [i for i, p in zip(items, pages, strict=True) if p.kind != "titlepage"]
    book.spine = [cover_page, *front, nav, *rest]
    book.guide = [
        {"type": "cover", "href": cover_page.file_name, "title": "封面"},
        {"type": "toc", "href": nav.file_name, "title": NAV_TITLE},
        {"type": "text", "href": _body_start(pages).file_name, "title": "正文"},
    ]


def _write(epub: Any, book: Any, path: Path, options: WriteOptions) -> None:
    """ebooklib's zip, stamped with the build epoch, repacked deterministically (package.py)."""
    buffer = io.BytesIO()
    stamp = datetime.datetime.fromtimestamp(epoch(options), tz=datetime.UTC)
    epub.write_epub(
        buffer, book, {"mtime": stamp, "epub3_pages": False, "raise_exceptions": True, "landmark_title": "导航"}
    )
    repack(buffer.getvalue(), path, epoch(options))


def _add_cover(
    epub: Any, book: Any, css: Any, doc: Document, book_title: str, title_lines: list[str], cover: Cover
) -> Any:
    """The cover image (manifest ``cover-image`` + EPUB 2 ``meta name="cover"``) and its page."""
    foot = [" ".join(s.split()) for s in (doc.author, doc.date) if s and s.strip()]
    image = epub.EpubCover(file_name=COVER_IMAGE)
    image.content = draw_cover(title_lines, doc.subtitle, foot, cover)
    book.add_item(image)
    book.add_metadata(None, "meta", "", {"name": "cover", "content": image.id})
    book.set_template("cover", _COVER_TEMPLATE.encode("utf-8"))
    page = epub.EpubCoverHtml(file_name="cover.xhtml", image_name=COVER_IMAGE, title=book_title)
    page.is_linear = True  # readers show it as the first page
    page.add_item(css)
    return book.add_item(page)


def _identifier(doc: Document) -> str:
    """Same tree, same identifier: a UUID 5 of the outline's JSON."""
    tree = json.dumps(doc.to_dict(), ensure_ascii=False, sort_keys=True)
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, "converter:outline:" + tree))


def _metadata(book: Any, doc: Document, keywords: tuple[str, ...], description_chars: int) -> None:
    if doc.author and doc.author.strip():
        book.add_author(_CJK_GAP.sub("", " ".join(doc.author.split())))
    body = "".join(node.text for node, _ in doc.walk() if isinstance(node, Paragraph))
    body = "".join(body.split())
    for word in keywords:
        book.add_metadata("DC", "subject", word)
    if len(body) > description_chars:
        description = body[:description_chars] + "……"
    else:
        description = body or (doc.subtitle or "").strip() or doc.title
    if description:
        book.add_metadata("DC", "description", description)
    found = _DATE.search(doc.date or "")
    if found:
        year, month, day = (int(g) for g in found.groups())
        with contextlib.suppress(ValueError):  # 2月30日 and the like: no dc:date
            book.add_metadata("DC", "date", datetime.date(year, month, day).isoformat())


def _ebooklib_toc(epub: Any, entries: list[TocEntry]) -> list[Any]:
    """Our TOC tree as ebooklib wants it: ``Link`` leaves, ``(Link, [children])`` branches."""
    out: list[Any] = []
    for entry in entries:
        uid = "toc-" + (entry.href.split("#", 1)[1] if "#" in entry.href else Path(entry.href).stem)
        link = epub.Link(entry.href, entry.title, uid)
        out.append((link, _ebooklib_toc(epub, entry.children)) if entry.children else link)
    return out


def _toc_labels(entries: list[TocEntry]) -> list[str]:
    """Every navigation label, nested ones included: the e-book's own text beside the tree's."""
    return [label for entry in entries for label in (entry.title, *_toc_labels(entry.children))]
