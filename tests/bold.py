"""What the tree marks bold: the characters a writer must set bold, in reading order.

Bold comes from the style sheet's elements (a heading level with ``bold = true``, the
一是/二是 ``point`` element) and from nothing else; page numbers and running headers are
never bold. Whitespace is left out, as text extraction does not keep it reliably.
"""

from __future__ import annotations

import json
import re

from conftest import ROOT, SAMPLE
from docs import handmade

from converter.model import Document, Paragraph, Section
from converter.reading import parse_file
from converter.styles import Style

NOTICE = ROOT / "tests" / "corpus" / "notice-flood-control-2025.json"


def documents() -> dict[str, Document]:
    """The sample, a notice and a multi-level hand-made document."""
    return {
        "sample": parse_file(SAMPLE).document,
        "notice": Document.from_dict(json.loads(NOTICE.read_text(encoding="utf-8"))),
        "multilevel": handmade(),
    }


def weighted(doc: Document, style: Style) -> list[tuple[str, bool]]:
    """(text, bold) pieces in reading order, as the style sheet says they are set."""
    out: list[tuple[str, bool]] = []
    for name in ("title", "subtitle", "date", "author", "salutation"):
        value = getattr(doc, name)
        if value:
            out.append((value, style.element(name).bold))

    def paragraph(node: Paragraph) -> None:
        for text, is_point in node.spans():
            out.append((text, style.element("point" if is_point else "body").bold))

    def nodes(items: tuple[Paragraph | Section, ...]) -> None:
        for node in items:
            if isinstance(node, Paragraph):
                paragraph(node)
                continue
            out.append((node.marker + node.heading, style.heading(node.level).bold))
            children = node.children
            if node.runin and children and isinstance(children[0], Paragraph):
                paragraph(children[0])
                children = children[1:]
            nodes(children)

    nodes(doc.children)
    return out


def bold_text(doc: Document, style: Style) -> str:
    """Every character the tree marks bold, whitespace removed."""
    return re.sub(r"\s+", "", "".join(text for text, bold in weighted(doc, style) if bold))
