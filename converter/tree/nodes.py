"""The outline tree's nodes: the one contract between the reading chain and the writers.

Frozen dataclasses, so a writer cannot change what another writer will read. The JSON
shape (``to_dict``/``from_dict``, ``"schema": 2``) is described in docs/outline.md; version 1
files (a speech's title block and body only) still load. Loading validates once and names
the path of anything wrong (``children[3].heading``), so no writer ever sees a bad tree.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

__all__ = [  # the plug-in API (also importable from converter.model for a release)
    *("ATTACHMENT_LABEL", "CC_LABEL", "MAX_DEPTH", "SCHEMA", "SIGNERS_LABEL", "Attachment", "Closing"),
    *("Document", "Header", "Imprint", "Node", "Paragraph", "Section", "Table", "UnknownNode"),
]
SCHEMA = 2
MAX_DEPTH = 32  # deeper nesting is no outline a reader could follow; refused, never a RecursionError
ATTACHMENT_LABEL = "附件："  # the label the reader strips from the 附件说明 (kept for the nothing-lost order)
CC_LABEL = "抄送："
SIGNERS_LABEL = "签发人："


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph; ``points`` are ``[start, end)`` offsets of 一是…-style lead clauses.

    ``marker`` is set on a numbered item that is a sentence, not a heading (``（一）甲事项；``,
    a footnote ``①…``): the marker printed before ``text``.
    """

    text: str
    points: tuple[tuple[int, int], ...] = ()
    marker: str = ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "paragraph"}
        if self.marker:
            out["marker"] = self.marker
        out["text"] = self.text
        if self.points:
            out["points"] = [list(p) for p in self.points]
        return out

    def spans(self) -> list[tuple[str, bool]]:
        """The text cut into ``(text, is_point)`` runs, for writers that set points bold."""
        runs: list[tuple[str, bool]] = []
        pos = 0
        for start, end in self.points:
            if start > pos:
                runs.append((self.text[pos:start], False))
            runs.append((self.text[start:end], True))
            pos = end
        if pos < len(self.text):
            runs.append((self.text[pos:], False))
        return runs

    def with_marker_inline(self) -> Paragraph:
        """The same paragraph with its marker as ordinary text (for writers that know no markers)."""
        if not self.marker:
            return self
        shift = len(self.marker)
        points = tuple((a + shift, b + shift) for a, b in self.points)
        return Paragraph(self.marker + self.text, points)


@dataclass(frozen=True)
class Section:
    """A numbered section; ``level`` is nesting depth (1 = top), whatever the marker family.

    A run-in section (``runin``) printed its heading at the start of a body paragraph;
    that paragraph's remainder is its first child. An article of a law (``第一条``) is a
    run-in section with an empty heading.
    """

    level: int
    marker: str
    heading: str
    runin: bool = False
    children: tuple[Node, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": "section",
            "level": self.level,
            "marker": self.marker,
            "heading": self.heading,
            "runin": self.runin,
            "children": [c.to_dict() for c in self.children],
        }

    @property
    def bare_heading(self) -> str:
        """The heading without its closing punctuation, as a table of contents shows it."""
        return self.heading.rstrip("。．.；;：:，,！!？?")


@dataclass(frozen=True)
class Table:
    """A table: ``rows`` of cells, each cell a tuple of paragraphs; the first ``header_rows`` rows head it.

    DOCX and Markdown tables arrive as tables; in plain text, a block of space-aligned
    columns becomes one (docs/outline.md, Tables).
    """

    rows: tuple[tuple[tuple[Paragraph, ...], ...], ...]
    header_rows: int = 1
    caption: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": "table",
            "rows": [[[p.to_dict() for p in cell] for cell in row] for row in self.rows],
            "header_rows": self.header_rows,
            "caption": self.caption,
        }

    @property
    def columns(self) -> int:
        return max((len(row) for row in self.rows), default=0)

    def pieces(self) -> list[str]:
        """Caption, then every cell's paragraphs row by row: the nothing-lost order."""
        out = [self.caption] if self.caption else []
        return out + [p.marker + p.text for row in self.rows for cell in row for p in cell]


Node = Paragraph | Section | Table
NODE_KINDS: tuple[tuple[type, str], ...] = ((Paragraph, "paragraph"), (Section, "section"), (Table, "table"))


class UnknownNode(TypeError):
    """A node of a type the outline tree does not have: refused by every walk, never rendered as something else."""

    def __init__(self, node: object, path: str) -> None:
        kinds = ", ".join(cls.__name__ for cls, _ in NODE_KINDS)
        super().__init__(
            f"{path}: unknown node type {type(node).__name__} (未知的节点类型); "
            f"an outline tree holds {kinds} (docs/outline.md)"
        )
        self.node, self.path = node, path


def node_kind(node: object, path: str) -> str:
    """``"paragraph"``, ``"section"`` or ``"table"``; :class:`UnknownNode` for anything else."""
    for cls, kind in NODE_KINDS:
        if isinstance(node, cls):
            return kind
    raise UnknownNode(node, path)


@dataclass(frozen=True)
class Header:
    """版头: the lines above the title of an official document (GB/T 9704 §7.2)."""

    copy_number: str | None = None
    classification: str | None = None
    urgency: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    signers: tuple[str, ...] = ()

    def banner_items(self) -> list[str]:
        """份号, 密级, 紧急程度: the lines above the issuer mark, top to bottom (docs/gbt9704.md §12)."""
        return [p for p in (self.copy_number, self.classification, self.urgency) if p]

    def pieces(self) -> list[str]:
        out = self.banner_items() + [p for p in (self.issuer, self.doc_number) if p]
        if self.signers:
            out += [SIGNERS_LABEL, *self.signers]
        return out

    def lines(self) -> list[str]:
        """The 版头 as printed lines (发文字号 and 签发人 share one)."""
        lines = self.banner_items() + ([self.issuer] if self.issuer else [])
        number = self.doc_number or ""
        if self.signers:
            number = (number + "　" if number else "") + SIGNERS_LABEL + "　".join(self.signers)
        return [*lines, number] if number else lines

    def to_dict(self) -> dict[str, Any]:
        return {
            "copy_number": self.copy_number,
            "classification": self.classification,
            "urgency": self.urgency,
            "issuer": self.issuer,
            "doc_number": self.doc_number,
            "signers": list(self.signers),
        }


@dataclass(frozen=True)
class Closing:
    """落款 area: 附件说明 items, 署名 lines, 成文日期 and 附注 (GB/T 9704 §7.3.4–7.3.6)."""

    attachment_notes: tuple[str, ...] = ()
    signature: tuple[str, ...] = ()
    sign_date: str | None = None
    note: str | None = None

    def pieces(self) -> list[str]:
        out = [ATTACHMENT_LABEL, *self.attachment_notes] if self.attachment_notes else []
        return out + list(self.signature) + [p for p in (self.sign_date, self.note) if p]

    def lines(self) -> list[str]:
        notes = list(self.attachment_notes)
        if notes:
            notes[0] = ATTACHMENT_LABEL + notes[0]
        return notes + list(self.signature) + [p for p in (self.sign_date, self.note) if p]

    def to_dict(self) -> dict[str, Any]:
        return {
            "attachment_notes": list(self.attachment_notes),
            "signature": list(self.signature),
            "sign_date": self.sign_date,
            "note": self.note,
        }


@dataclass(frozen=True)
class Attachment:
    """An attachment body after the main document (附件1 + title + its own sections)."""

    label: str
    title: str
    children: tuple[Node, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "title": self.title, "children": [c.to_dict() for c in self.children]}


@dataclass(frozen=True)
class Imprint:
    """版记: 抄送, 印发机关 and 印发日期 at the foot of the last page (GB/T 9704 §7.4)."""

    cc: str | None = None
    issued_by: str | None = None
    issued_date: str | None = None

    def pieces(self) -> list[str]:
        out = [CC_LABEL, self.cc] if self.cc else []
        return out + [p for p in (self.issued_by, self.issued_date) if p]

    def lines(self) -> list[str]:
        lines = [CC_LABEL + self.cc] if self.cc else []
        issued = "　".join(p for p in (self.issued_by, self.issued_date) if p)
        return [*lines, issued] if issued else lines

    def to_dict(self) -> dict[str, Any]:
        return {"cc": self.cc, "issued_by": self.issued_by, "issued_date": self.issued_date}


@dataclass(frozen=True)
class Document:
    title: str = ""
    subtitle: str | None = None
    date: str | None = None
    author: str | None = None
    salutation: str | None = None
    children: tuple[Node, ...] = field(default_factory=tuple)
    header: Header | None = None
    notes: tuple[str, ...] = ()
    closing: Closing | None = None
    attachments: tuple[Attachment, ...] = ()
    imprint: Imprint | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "header": self.header.to_dict() if self.header else None,
            "title": self.title,
            "subtitle": self.subtitle,
            "date": self.date,
            "author": self.author,
            "notes": list(self.notes),
            "salutation": self.salutation,
            "children": [c.to_dict() for c in self.children],
            "closing": self.closing.to_dict() if self.closing else None,
            "attachments": [a.to_dict() for a in self.attachments],
            "imprint": self.imprint.to_dict() if self.imprint else None,
        }

    @classmethod
    def from_dict(cls, data: Any) -> Document:
        """Rebuild a tree from its JSON form (v1 or v2); raises ``ValueError`` naming the path of what is wrong."""
        from converter.outline_json import document_from_dict

        return document_from_dict(data)

    @classmethod
    def from_json(cls, data: bytes | str) -> Document:
        """Parse outline JSON (UTF-8, or UTF-16/32 with a BOM) and validate it; ``ValueError`` when it is not one."""
        from converter.outline_json import document_from_json

        return document_from_json(data)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    def walk(self) -> Iterator[tuple[Node, int]]:
        """Every body node in reading order with its depth (top level = 1); attachments not included."""
        yield from _walk(self.children, 1)

    def sections(self) -> list[Section]:
        return [n for n, _ in self.walk() if isinstance(n, Section)]

    def text_pieces(self) -> list[str]:
        """All text in reading order: what every output must show, character for character.

        The order is the nothing-lost order of docs/outline.md: 版头, title block, notes,
        salutation, body, 落款, attachments, 版记, with the labels the reader removed.
        """
        pieces = self.header.pieces() if self.header else []
        pieces += [p for p in (self.title, self.subtitle, self.date, self.author) if p]
        pieces += list(self.notes)
        if self.salutation:
            pieces.append(self.salutation)
        pieces += _node_pieces(self.children)
        if self.closing:
            pieces += self.closing.pieces()
        for attachment in self.attachments:
            pieces += [p for p in (attachment.label, attachment.title) if p]
            pieces += _node_pieces(attachment.children)
        if self.imprint:
            pieces += self.imprint.pieces()
        return pieces

    def as_v1(self) -> Document:
        """The tree as a writer that knows only version 1 can render it, losing nothing.

        Every v2 part becomes ordinary nodes in reading order: 版头 lines and notes open
        the body (before the salutation, which moves with them), item markers join their
        text, the 落款 lines and the 版记 lines close it, and each attachment is a top-level
        section. For third-party writers that know only version 1 (docs/outline.md, "Writers"); the
        built-in writers place every part themselves.
        """
        lead = [Paragraph(p) for p in (self.header.lines() if self.header else [])]
        lead += [Paragraph(n) for n in self.notes]
        salutation = self.salutation
        if lead and salutation:
            lead.append(Paragraph(salutation))
            salutation = None
        tail: list[Node] = []
        if self.closing:
            tail += [Paragraph(line) for line in self.closing.lines()]
        for attachment in self.attachments:
            tail.append(
                Section(1, attachment.label, attachment.title, children=_v1_nodes(attachment.children, shift=1))
            )
        if self.imprint:
            tail += [Paragraph(line) for line in self.imprint.lines()]
        return Document(
            title=self.title,
            subtitle=self.subtitle,
            date=self.date,
            author=self.author,
            salutation=salutation,
            children=(*lead, *_v1_nodes(self.children, shift=0), *tail),
        )


def _v1_nodes(nodes: tuple[Node, ...], shift: int, path: str = "children") -> tuple[Node, ...]:
    out: list[Node] = []
    for i, node in enumerate(nodes):
        node_kind(node, f"{path}[{i}]")
        if isinstance(node, Paragraph):
            out.append(node.with_marker_inline())
        elif isinstance(node, Section):
            children = _v1_nodes(node.children, shift, f"{path}[{i}].children")
            out.append(replace(node, level=node.level + shift, children=children))
        else:  # a table: its cells print their markers themselves
            out.append(node)
    return tuple(out)


def _node_pieces(nodes: tuple[Node, ...]) -> list[str]:
    pieces = []
    for node, _ in _walk(nodes, 1):
        if isinstance(node, Section):
            pieces.append(node.marker + node.heading)
        elif isinstance(node, Table):
            pieces += node.pieces()
        else:
            pieces.append(node.marker + node.text)
    return pieces


def _walk(nodes: tuple[Node, ...], depth: int, path: str = "children") -> Iterator[tuple[Node, int]]:
    """Every node in reading order; :class:`UnknownNode` for one of no known type (nothing is guessed)."""
    for i, node in enumerate(nodes):
        where = f"{path}[{i}]"
        node_kind(node, where)
        yield node, depth
        if isinstance(node, Section):
            yield from _walk(node.children, depth + 1, where + ".children")
