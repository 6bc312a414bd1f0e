"""The one walk over the outline tree: every writer is a :class:`Visitor` (docs/architecture.md).

In the spirit of docutils' ``NodeVisitor`` and pandoc's writers: one dispatch by node type
(``visit_paragraph``, ``visit_section``, ``visit_table``), an :class:`UnknownNode` error naming
the type and the path for anything else (never a silent render as another kind), and the
document's parts visited in ONE order, :data:`PARTS`, the same for every writer. Paragraphs,
sections and tables are numbered here, in document order (body, then attachments), so every
writer's warnings name the same "paragraph N".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from converter.tree.nodes import Attachment, Document, Node, Paragraph, Section, Table, UnknownNode, node_kind

__all__ = ["PARTS", "At", "UnknownNode", "Visitor", "check"]

# The order in which a document's parts are printed (docs/outline.md, the nothing-lost order):
# 版头, title block, 题注, 主送, body, 落款, attachments, 版记.
PARTS = ("header", "title", "notes", "salutation", "body", "closing", "attachments", "imprint")


@dataclass(frozen=True)
class At:
    """Where a node is: its path in the tree (``children[2].children[0]``), depth (top = 1) and number.

    ``number`` counts nodes of the same kind in document order, from 1: the "paragraph N" of
    every writer's warnings.
    """

    path: str
    depth: int
    number: int
    kind: str

    @property
    def where(self) -> str:
        return f"{self.kind} {self.number}"


class Visitor:
    """Walk a document: override ``part_*`` for the parts a writer prints and ``visit_*`` for the nodes.

    The defaults print nothing and walk everything, so a writer overrides only what it shows;
    a section's default visit walks its children.
    """

    def __init__(self) -> None:
        self.counts = {"paragraph": 0, "section": 0, "table": 0}

    # -- the document's parts, in the one order ----------------------------------------
    def document(self, doc: Document) -> None:
        for part in PARTS:
            getattr(self, f"part_{part}")(doc)

    def part_header(self, doc: Document) -> None:
        """版头 (the writer decides, with the style, whether there is one: layout.gongwen.effective_header)."""

    def part_title(self, doc: Document) -> None:
        """Title, subtitle, date, author."""

    def part_notes(self, doc: Document) -> None:
        """题注 under the title."""

    def part_salutation(self, doc: Document) -> None:
        """主送."""

    def part_body(self, doc: Document) -> None:
        self.walk(doc.children)

    def part_closing(self, doc: Document) -> None:
        """落款: 附件说明, signature, date, 附注."""

    def part_attachments(self, doc: Document) -> None:
        for index, attachment in enumerate(doc.attachments):
            self.visit_attachment(attachment, index)

    def part_imprint(self, doc: Document) -> None:
        """版记."""

    def visit_attachment(self, attachment: Attachment, index: int) -> None:
        self.walk(attachment.children, attachment_path(index))

    # -- the body's nodes ---------------------------------------------------------------
    def walk(self, nodes: Iterable[Node], path: str = "children", depth: int = 1, start: int = 0) -> None:
        """Visit ``nodes`` (the list at ``path``) in order; ``start`` skips the first ones (already shown)."""
        for index, node in enumerate(nodes):
            if index >= start:
                self.visit(node, f"{path}[{index}]", depth)

    def visit(self, node: Node, path: str, depth: int) -> Any:
        """The one dispatch by node type; :class:`UnknownNode` for a type the tree does not have.

        Returns what the ``visit_*`` method returns (a transforming walk returns the new node).
        """
        kind = node_kind(node, path)
        return getattr(self, f"visit_{kind}")(node, self.place(kind, path, depth))

    def map(self, nodes: Iterable[Node], path: str = "children", depth: int = 1) -> tuple[Any, ...]:
        """Visit ``nodes`` in order and collect what each visit returns (a transforming walk)."""
        return tuple(self.visit(node, f"{path}[{index}]", depth) for index, node in enumerate(nodes))

    def place(self, kind: str, path: str, depth: int) -> At:
        """The next number of ``kind``: call once per node, in document order."""
        self.counts[kind] += 1
        return At(path, depth, self.counts[kind], kind)

    def walk_children(self, section: Section, at: At, start: int = 0) -> None:
        self.walk(section.children, at.path + ".children", at.depth + 1, start)

    def visit_paragraph(self, node: Paragraph, at: At) -> None:
        pass

    def visit_section(self, node: Section, at: At) -> None:
        self.walk_children(node, at)

    def visit_table(self, node: Table, at: At) -> None:
        pass


def attachment_path(index: int) -> str:
    return f"attachments[{index}].children"


def check(doc: Document) -> Document:
    """Walk the whole tree once: :class:`UnknownNode` before any writer has written anything."""
    Visitor().document(doc)
    return doc
