"""Drop the characters XML cannot hold before anything is rendered, with a warning each.

Cleaning the tree once up front means the markup, the metadata, the cover and the
font subsets all see the same text; point offsets are shifted to match.
"""

from __future__ import annotations

from bisect import bisect_left

from converter.model import Document, Node, Paragraph, Section, Table
from converter.writers.epub.table import clean_table
from converter.xmltext import describe_removed, xml_safe


class _Cleaner:
    def __init__(self) -> None:
        self.warnings: list[str] = []
        self.paragraphs = 0

    def text(self, text: str, where: str) -> tuple[str, list[int]]:
        out, removed = xml_safe(text)
        if removed:
            self.warnings.append(describe_removed(f"EPUB {where}", text, removed))
        return out, removed

    def optional(self, text: str | None, where: str) -> str | None:
        return None if text is None else self.text(text, where)[0]

    def nodes(self, items: tuple[Node, ...]) -> tuple[Node, ...]:
        return tuple(self.node(node) for node in items)

    def node(self, node: Node) -> Node:
        if isinstance(node, Section):
            where = f"heading {node.marker}{node.heading[:12]}"
            return Section(
                level=node.level,
                marker=self.text(node.marker, where)[0],
                heading=self.text(node.heading, where)[0],
                runin=node.runin,
                children=self.nodes(node.children),
            )
        if isinstance(node, Table):
            return clean_table(node, self.text)
        self.paragraphs += 1
        text, removed = self.text(node.text, f"paragraph {self.paragraphs}")
        if not removed:
            return node
        points = []
        for start, end in node.points:
            start, end = start - bisect_left(removed, start), end - bisect_left(removed, end)
            if end > start:
                points.append((start, end))
        return Paragraph(text=text, points=tuple(points))


def clean_document(doc: Document) -> tuple[Document, list[str]]:
    """The tree without XML-illegal characters, and one warning per changed string."""
    cleaner = _Cleaner()
    cleaned = Document(
        title=cleaner.text(doc.title, "title")[0],
        subtitle=cleaner.optional(doc.subtitle, "subtitle"),
        date=cleaner.optional(doc.date, "date"),
        author=cleaner.optional(doc.author, "author"),
        salutation=cleaner.optional(doc.salutation, "salutation"),
        children=cleaner.nodes(doc.children),
    )
    return (cleaned, cleaner.warnings) if cleaner.warnings else (doc, [])
