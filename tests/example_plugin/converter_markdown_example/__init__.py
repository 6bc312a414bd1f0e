"""An example writer plug-in: the outline tree as Markdown.

It exists to show (and to test) that a separate package can add a format through the
``converter.writers`` entry-point group: it needs only ``name``, ``suffix``,
``description`` and ``write``. Markdown has no page, so it reads no layout numbers.
"""

from __future__ import annotations

import re
from pathlib import Path

from converter.prepare import prepare, rest, split_runin
from converter.styles import Style
from converter.tree import At, Document, Paragraph, Section, Table, Visitor
from converter.writers.base import WriteOptions, WriteResult

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|&])")
_LEADING_MARK = re.compile(r"^([-+=>])")  # would start a list, a quote or an underline
_LEADING_NUMBER = re.compile(r"^(\d+)([.)])(?=\s)")  # would start a numbered list
MAX_LEVEL = 6  # Markdown has six heading levels; the title takes the first


def escape(text: str) -> str:
    """Backslash what Markdown would read as markup, so the text prints as written."""
    return _SPECIAL.sub(r"\\\1", text)


def block(text: str) -> str:
    """A block's Markdown must not begin like a list or a quote."""
    return _LEADING_NUMBER.sub(r"\1\\\2", _LEADING_MARK.sub(r"\\\1", text))


def strong(text: str) -> str:
    """Bold as HTML: CommonMark's ``**`` does not close between 。 and a Han character."""
    return f"<strong>{escape(text)}</strong>"


def paragraph(node: Paragraph) -> str:
    """Body text with the 一是… lead clauses in bold, as the other writers set them."""
    return "".join(strong(text) if bold else escape(text) for text, bold in node.spans())


def heading(node: Section) -> str:
    return "#" * min(node.level + 1, MAX_LEVEL) + " " + escape(node.marker + node.heading)


class MarkdownBlocks(Visitor):
    """Markdown blocks in the one reading order of the walk (converter.tree.visit.PARTS).

    Only the node kinds are visited (``visit_*``) and the parts this format prints
    (``part_*``); an unknown node type stops the walk with a clear error.
    """

    def __init__(self) -> None:
        super().__init__()
        self.out: list[str] = []

    def part_title(self, doc: Document) -> None:
        if doc.title:
            self.out.append("# " + escape(doc.title))
        self.out += [f"<em>{escape(value)}</em>" for value in (doc.subtitle, doc.date, doc.author) if value]

    def part_salutation(self, doc: Document) -> None:
        if doc.salutation:
            self.out.append(block(escape(doc.salutation)))

    def visit_paragraph(self, node: Paragraph, at: At) -> None:
        self.out.append(block(paragraph(node)))

    def visit_section(self, node: Section, at: At) -> None:
        """A run-in heading leads its first paragraph in bold (the rule of converter.prepare.runin)."""
        lead = split_runin(self, node, at)
        if lead:
            self.out.append(strong(node.marker + node.heading) + paragraph(lead[0]))
        else:
            self.out.append(heading(node))
        self.walk_children(node, at, start=rest(lead))

    def visit_table(self, node: Table, at: At) -> None:
        self.out += [block(escape(text)) for text in node.pieces()]


def render(doc: Document) -> str:
    """The whole document: title as the one level-1 heading, then the front matter and body."""
    walk = MarkdownBlocks()
    walk.document(doc)
    return "\n\n".join(walk.out) + "\n"


class MarkdownWriter:
    name = "md"
    suffix = ".md"
    description = "Markdown (example plug-in from tests/example_plugin)"

    def write(self, doc: Document, style: Style, path: Path, options: WriteOptions) -> WriteResult:
        path.write_text(render(prepare(doc, style).doc), encoding="utf-8", newline="\n")
        return WriteResult()
