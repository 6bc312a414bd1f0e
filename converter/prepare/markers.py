"""Item markers (``（一）甲事项；``) printed as the start of their paragraph's text (docs/outline.md, Items).

The print writers show a marker as ordinary text; a table's cells print theirs themselves.
"""

from __future__ import annotations

from dataclasses import replace

from converter.tree.nodes import Attachment, Document, Node, Paragraph, Section, Table
from converter.tree.visit import At, Visitor, attachment_path


class InlineMarkers(Visitor):
    """A transforming walk: each ``visit_*`` returns the node with its marker joined to its text."""

    def visit_paragraph(self, node: Paragraph, at: At) -> Paragraph:
        return node.with_marker_inline()

    def visit_section(self, node: Section, at: At) -> Section:
        return replace(node, children=self.map(node.children, at.path + ".children", at.depth + 1))

    def visit_table(self, node: Table, at: At) -> Table:
        return node


def inline_markers(nodes: tuple[Node, ...]) -> tuple[Node, ...]:
    return InlineMarkers().map(nodes)


def markers_inline(doc: Document) -> Document:
    """The whole tree, body and attachments, with markers printed in their paragraphs."""
    walk = InlineMarkers()
    children = walk.map(doc.children)
    attachments = tuple(
        Attachment(a.label, a.title, walk.map(a.children, attachment_path(i))) for i, a in enumerate(doc.attachments)
    )
    return replace(doc, children=children, attachments=attachments)
