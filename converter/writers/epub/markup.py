"""The outline tree as XHTML body fragments: a title page, an opening, one file per top-level section.

Also builds the table of contents with the same section ids, so every TOC entry
(run-in headings included) links to the element that shows that heading.
Class names (``l1``…``l4``, ``point``, ``runin``…) are the hooks ``css.py`` styles.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from converter.model import Document, Node, Paragraph, Section, Table
from converter.writers.epub.table import table_html
from converter.writers.headings import heading_text, outline_text

TITLEPAGE = "titlepage.xhtml"
OPENING = "opening.xhtml"


@dataclass(frozen=True)
class Page:
    """One XHTML document of the spine."""

    file_name: str
    title: str
    body: str
    kind: str  # "titlepage" | "opening" | "chapter"


@dataclass
class TocEntry:
    title: str
    href: str
    children: list[TocEntry] = field(default_factory=list)


def _text(text: str) -> str:
    return escape(text, quote=False)


def toc_label(section: Section, number: int) -> str:
    """What the TOC shows: marker and heading without end punctuation (never empty: nav needs text)."""
    return outline_text(section).strip() or section.heading.strip() or f"第{number}节"


def paragraph_inner(paragraph: Paragraph) -> str:
    """Body text with 一是…-style points set in ``<strong class="point">``."""
    return "".join(
        f'<strong class="point">{_text(run)}</strong>' if is_point else _text(run)
        for run, is_point in paragraph.spans()
    )


class _Renderer:
    def __init__(self) -> None:
        self.sections = 0

    def nodes(self, items: tuple[Node, ...], out: list[str], file_name: str, toc: list[TocEntry]) -> None:
        for node in items:
            if isinstance(node, Section):
                toc.append(self.section(node, out, file_name))
            elif isinstance(node, Table):
                out.append(table_html(node))
            else:
                out.append(f"<p>{paragraph_inner(node)}</p>")

    def section(self, section: Section, out: list[str], file_name: str) -> TocEntry:
        self.sections += 1
        anchor = f"s{self.sections}"
        level = min(section.level, 4)
        heading = _text(heading_text(section))
        children = section.children
        first = children[0] if children else None
        if section.runin and isinstance(first, Paragraph):
            out.append(
                f'<p class="runin" id="{anchor}"><span class="l{level}">{heading}</span>{paragraph_inner(first)}</p>'
            )
            children = children[1:]
        else:
            tag = f"h{min(section.level + 1, 6)}"
            out.append(f'<{tag} class="l{level}" id="{anchor}">{heading}</{tag}>')
        entry = TocEntry(toc_label(section, self.sections), f"{file_name}#{anchor}")
        self.nodes(children, out, file_name, entry.children)
        return entry


def render(doc: Document, title_lines: list[str], book_title: str) -> tuple[list[Page], list[TocEntry]]:
    """The spine documents (title page, opening, chapters) and the nested TOC."""
    pages: list[Page] = []
    toc: list[TocEntry] = []
    front = _titlepage(doc, title_lines)
    if front:
        pages.append(Page(TITLEPAGE, book_title, front, "titlepage"))

    children = doc.children
    lead = 0
    while lead < len(children) and not isinstance(children[lead], Section):
        lead += 1
    renderer = _Renderer()
    opening: list[str] = []
    if doc.salutation:
        opening.append(f'<p class="salutation">{_text(doc.salutation)}</p>')
    renderer.nodes(children[:lead], opening, OPENING, toc)
    if opening:
        pages.append(Page(OPENING, book_title, "\n".join(opening), "opening"))

    # Each top-level section opens a file; top-level paragraphs after it stay with it.
    chapters: list[tuple[Section, list[Node]]] = []
    for node in children[lead:]:
        if isinstance(node, Section):
            chapters.append((node, []))
        else:
            chapters[-1][1].append(node)
    width = max(3, len(str(len(chapters))))
    for number, (section, trailing) in enumerate(chapters, 1):
        file_name = f"part{number:0{width}d}.xhtml"
        out: list[str] = []
        renderer.nodes((section, *trailing), out, file_name, toc)
        pages.append(Page(file_name, toc[-1].title, "\n".join(out), "chapter"))
    return pages, toc


def _titlepage(doc: Document, title_lines: list[str]) -> str:
    parts = []
    if title_lines:
        parts.append('<h1 class="title">' + "<br/>".join(_text(line) for line in title_lines) + "</h1>")
    for cls, value in (("subtitle", doc.subtitle), ("date", doc.date), ("author", doc.author)):
        if value:
            parts.append(f'<p class="{cls}">{_text(value)}</p>')
    return '<div class="titlepage">\n' + "\n".join(parts) + "\n</div>" if parts else ""
