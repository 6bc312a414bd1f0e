"""Every string of the tree without the characters XML 1.0 cannot hold, once per build, with a warning each.

The DOCX and the EPUB are XML; cleaning the whole tree up front means their markup, metadata,
cover and font subsets all see the same text, and point offsets are shifted to match, so a
lead clause stays bold after a dropped character. Warnings name the walk's "paragraph N".
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace

from converter.tree.nodes import Attachment, Closing, Document, Header, Imprint, Paragraph, Section, Table
from converter.tree.visit import At, Visitor, attachment_path
from converter.xmltext import describe_removed, xml_safe


def _shift(points: tuple[tuple[int, int], ...], removed: list[int]) -> tuple[tuple[int, int], ...]:
    moved = ((a - bisect_left(removed, a), b - bisect_left(removed, b)) for a, b in points)
    return tuple((a, b) for a, b in moved if b > a)


class XmlSafe(Visitor):
    """A transforming walk: each ``visit_*`` returns the node with XML-safe text."""

    def __init__(self) -> None:
        super().__init__()
        self.warnings: list[str] = []

    def text(self, text: str, where: str) -> tuple[str, list[int]]:
        out, removed = xml_safe(text)
        if removed:
            self.warnings.append(describe_removed(where, text, removed))
        return out, removed

    def one(self, text: str | None, where: str) -> str | None:
        return None if text is None else self.text(text, where)[0]

    def all(self, texts: tuple[str, ...], where: str) -> tuple[str, ...]:
        return tuple(self.text(t, where)[0] for t in texts)

    def paragraph(self, node: Paragraph, where: str) -> Paragraph:
        text, removed = self.text(node.text, where)
        marker = self.text(node.marker, where)[0]
        if not removed and marker == node.marker:
            return node
        return Paragraph(text, _shift(node.points, removed), marker)

    def visit_paragraph(self, node: Paragraph, at: At) -> Paragraph:
        return self.paragraph(node, at.where)

    def visit_section(self, node: Section, at: At) -> Section:
        where = f"heading {node.marker}{node.heading[:12]}"
        children = self.map(node.children, at.path + ".children", at.depth + 1)
        return replace(
            node, marker=self.text(node.marker, where)[0], heading=self.text(node.heading, where)[0], children=children
        )

    def visit_table(self, node: Table, at: At) -> Table:
        rows = tuple(
            tuple(tuple(self.paragraph(p, f"table cell {r + 1},{c + 1}") for p in cell) for c, cell in enumerate(row))
            for r, row in enumerate(node.rows)
        )
        return Table(rows, node.header_rows, self.one(node.caption, "table caption"))

    def document_parts(self, doc: Document) -> Document:
        """The whole tree in the one order of the parts (so warnings come in reading order)."""
        header = doc.header and Header(
            *(self.one(v, "版头") for v in (doc.header.copy_number, doc.header.classification, doc.header.urgency)),
            issuer=self.one(doc.header.issuer, "版头"),
            doc_number=self.one(doc.header.doc_number, "版头"),
            signers=self.all(doc.header.signers, "签发人"),
        )
        title_block = {name: self.one(getattr(doc, name), name) for name in ("title", "subtitle", "date", "author")}
        notes = self.all(doc.notes, "题注")
        salutation = self.one(doc.salutation, "salutation")
        children = self.map(doc.children)
        closing = doc.closing and Closing(
            attachment_notes=self.all(doc.closing.attachment_notes, "附件说明"),
            signature=self.all(doc.closing.signature, "署名"),
            sign_date=self.one(doc.closing.sign_date, "成文日期"),
            note=self.one(doc.closing.note, "附注"),
        )
        attachments = tuple(
            Attachment(
                self.text(a.label, "附件")[0], self.text(a.title, "附件")[0], self.map(a.children, attachment_path(i))
            )
            for i, a in enumerate(doc.attachments)
        )
        imprint = doc.imprint and Imprint(
            self.one(doc.imprint.cc, "抄送"),
            self.one(doc.imprint.issued_by, "印发机关"),
            self.one(doc.imprint.issued_date, "印发日期"),
        )
        return replace(
            doc,
            header=header,
            **title_block,
            notes=notes,
            salutation=salutation,
            children=children,
            closing=closing,
            attachments=attachments,
            imprint=imprint,
        )


def xml_safe_document(doc: Document) -> tuple[Document, list[str]]:
    """The tree with XML-safe text everywhere, and one warning per changed string (the tree itself when none)."""
    walk = XmlSafe()
    cleaned = walk.document_parts(doc)
    return (cleaned, walk.warnings) if walk.warnings else (doc, [])
