"""The outline tree as XHTML body fragments: a title page, an opening, one file per top-level section.

Also builds the table of contents with the same section ids, so every TOC entry
(run-in headings included) links to the element that shows that heading.
Class names (``l1``…``l4``, ``point``, ``runin``…) are the hooks ``css.py`` styles.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from converter.prepare import rest, split_runin
from converter.tree import At, Document, Node, Paragraph, Section, Table, Visitor
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


class BodyMarkup(Visitor):
    """The body as XHTML: a walk whose output goes to the current file (``out``) and TOC branch (``toc``)."""

    def __init__(self) -> None:
        super().__init__()
        self.out: list[str] = []
        self.file_name = OPENING
        self.toc: list[TocEntry] = []

    def visit_paragraph(self, node: Paragraph, at: At) -> None:
        self.out.append(f"<p>{paragraph_inner(node)}</p>")

    def visit_table(self, node: Table, at: At) -> None:
        self.out.append(table_html(node))

    def visit_section(self, node: Section, at: At) -> None:
        """A heading (or a run-in paragraph) with the id its TOC entry links to; the ids count sections."""
        anchor = f"s{at.number}"
        level = min(node.level, 4)
        heading = _text(heading_text(node))
        lead = split_runin(self, node, at)
        if lead:
            self.out.append(
                f'<p class="runin" id="{anchor}"><span class="l{level}">{heading}</span>{paragraph_inner(lead[0])}</p>'
            )
        else:
            tag = f"h{min(node.level + 1, 6)}"
            self.out.append(f'<{tag} class="l{level}" id="{anchor}">{heading}</{tag}>')
        entry = TocEntry(toc_label(node, at.number), f"{self.file_name}#{anchor}")
        self.toc.append(entry)
        outer, self.toc = self.toc, entry.children
        self.walk_children(node, at, start=rest(lead))
        self.toc = outer

    def into(self, file_name: str, toc: list[TocEntry]) -> list[str]:
        """Send what follows to a new file's markup (returned) under the TOC branch ``toc``."""
        self.out, self.file_name, self.toc = [], file_name, toc
        return self.out

    def body(self, children: tuple[Node, ...], book_title: str, salutation: str | None) -> list[Page]:
        """The opening (salutation and what precedes the first section), then one file per top-level section."""
        lead = next((i for i, node in enumerate(children) if isinstance(node, Section)), len(children))
        top = self.toc
        pages = self.opening(children[:lead], book_title, salutation) + self.chapters(children, lead)
        self.toc = top
        return pages

    def opening(self, lead: tuple[Node, ...], book_title: str, salutation: str | None) -> list[Page]:
        out = self.into(OPENING, self.toc)
        if salutation:
            out.append(f'<p class="salutation">{_text(salutation)}</p>')
        self.walk(lead)
        return [Page(OPENING, book_title, "\n".join(out), "opening")] if out else []

    def chapters(self, children: tuple[Node, ...], lead: int) -> list[Page]:
        """One file per top-level section from ``children[lead]``; top-level paragraphs after one stay in its file."""
        top = self.toc
        width = max(3, len(str(sum(isinstance(node, Section) for node in children))))
        chapters: list[tuple[str, list[str], int]] = []  # file, markup, its entry in the top TOC
        for index in range(lead, len(children)):
            if isinstance(children[index], Section):
                file_name = f"part{len(chapters) + 1:0{width}d}.xhtml"
                chapters.append((file_name, self.into(file_name, top), len(top)))
            self.visit(children[index], f"children[{index}]", 1)
        return [Page(name, top[entry].title, "\n".join(out), "chapter") for name, out, entry in chapters]


def titlepage(doc: Document, title_lines: list[str]) -> str:
    parts = []
    if title_lines:
        parts.append('<h1 class="title">' + "<br/>".join(_text(line) for line in title_lines) + "</h1>")
    for cls, value in (("subtitle", doc.subtitle), ("date", doc.date), ("author", doc.author)):
        if value:
            parts.append(f'<p class="{cls}">{_text(value)}</p>')
    return '<div class="titlepage">\n' + "\n".join(parts) + "\n</div>" if parts else ""
