"""An example writer plug-in: the outline tree as Markdown.

It exists to show (and to test) that a separate package can add a format through the
``converter.writers`` entry-point group: it needs only ``name``, ``suffix``,
``description`` and ``write``. Markdown has no page, so it reads no layout numbers.
"""

from __future__ import annotations

import re
from pathlib import Path

from converter.model import Document, Node, Paragraph, Section
from converter.styles import Style
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


def blocks(nodes: tuple[Node, ...]) -> list[str]:
    """Markdown blocks in reading order; a run-in heading leads its first paragraph in bold."""
    out: list[str] = []
    for node in nodes:
        if isinstance(node, Paragraph):
            out.append(block(paragraph(node)))
            continue
        children = node.children
        if node.runin and children and isinstance(children[0], Paragraph):
            out.append(strong(node.marker + node.heading) + paragraph(children[0]))
            children = children[1:]
        else:
            out.append(heading(node))
        out += blocks(children)
    return out


def render(doc: Document) -> str:
    """The whole document: title as the one level-1 heading, then the front matter and body."""
    front: list[str] = []
    if doc.title:
        front.append("# " + escape(doc.title))
    front += [f"<em>{escape(value)}</em>" for value in (doc.subtitle, doc.date, doc.author) if value]
    if doc.salutation:
        front.append(block(escape(doc.salutation)))
    return "\n\n".join(front + blocks(doc.children)) + "\n"


class MarkdownWriter:
    name = "md"
    suffix = ".md"
    description = "Markdown (example plug-in from tests/example_plugin)"

    def write(self, doc: Document, style: Style, path: Path, options: WriteOptions) -> WriteResult:
        path.write_text(render(doc), encoding="utf-8", newline="\n")
        return WriteResult()
