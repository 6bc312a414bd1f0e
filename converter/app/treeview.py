"""`converter outline`'s tree as a person reads it: one more visitor of the one walk
(docs/architecture.md), so it shows the parts in the order every writer prints them
(版头, title block, 题注, 主送, body, 落款, attachments, 版记) and refuses a node it does not know."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text
from rich.tree import Tree

from converter.i18n import _
from converter.tree import At, Visitor
from converter.tree.nodes import Attachment, Document, Paragraph, Section, Table

LONGEST = 40  # characters of a paragraph shown before it is cut with …


class TreeView(Visitor):
    def __init__(self, doc: Document) -> None:
        super().__init__()
        self.root = Tree(Text(doc.title or _("(no title)"), style="bold"))
        self.branches: dict[str, Tree] = {"children": self.root}

    def _field(self, label: str, value: str | None) -> None:
        if value:
            self.root.add(Text.assemble((f"{label}:", "dim"), " ", value))

    def _part(self, label: str, lines: list[str]) -> None:
        if lines:
            branch = self.root.add(Text(label, style="green"))
            for line in lines:
                branch.add(Text(line))

    def _parent(self, at: At) -> Tree:
        return self.branches[at.path.rsplit("[", 1)[0]]

    def part_header(self, doc: Document) -> None:
        self._part(_("header (版头)"), doc.header.lines() if doc.header else [])

    def part_title(self, doc: Document) -> None:
        for label, value in ((_("subtitle"), doc.subtitle), (_("date"), doc.date), (_("author"), doc.author)):
            self._field(label, value)

    def part_notes(self, doc: Document) -> None:
        for note in doc.notes:
            self._field(_("title note"), note)

    def part_salutation(self, doc: Document) -> None:
        self._field(_("salutation"), doc.salutation)

    def part_closing(self, doc: Document) -> None:
        self._part(_("closing (落款)"), doc.closing.lines() if doc.closing else [])

    def visit_attachment(self, attachment: Attachment, index: int) -> None:
        label = Text.assemble((_("attachment"), "green"), " ", attachment.label, " ", attachment.title)
        self.branches[f"attachments[{index}].children"] = self.root.add(label)
        super().visit_attachment(attachment, index)

    def part_imprint(self, doc: Document) -> None:
        self._part(_("imprint (版记)"), doc.imprint.lines() if doc.imprint else [])

    def visit_section(self, node: Section, at: At) -> None:
        kind = _("run-in ") if node.runin else ""
        label = Text.assemble((kind + _("level {n}").format(n=node.level), "cyan"), " ", node.marker + node.heading)
        self.branches[at.path + ".children"] = self._parent(at).add(label)
        self.walk_children(node, at)

    def visit_table(self, node: Table, at: At) -> None:
        shape = _("table {rows}×{columns}").format(rows=len(node.rows), columns=node.columns)
        self._parent(at).add(Text.assemble((shape, "green"), " ", node.caption or ""))

    def visit_paragraph(self, node: Paragraph, at: At) -> None:
        text = node.marker + node.text
        text = text if len(text) <= LONGEST else text[: LONGEST - 1] + "…"
        points = _(" ({n} points)").format(n=len(node.points)) if node.points else ""
        self._parent(at).add(Text.assemble(("¶", "dim"), " ", text, (points, "magenta")))


def print_tree(doc: Document, console: Console) -> None:
    view = TreeView(doc)
    view.document(doc)
    console.print(view.root)
