"""The outline tree (:mod:`.nodes`) and the one walk over it (:mod:`.visit`); docs/architecture.md."""

from converter.tree.nodes import (
    Attachment,
    Closing,
    Document,
    Header,
    Imprint,
    Node,
    Paragraph,
    Section,
    Table,
    UnknownNode,
)
from converter.tree.visit import PARTS, At, Visitor, check

__all__ = [
    "PARTS",
    "At",
    "Attachment",
    "Closing",
    "Document",
    "Header",
    "Imprint",
    "Node",
    "Paragraph",
    "Section",
    "Table",
    "UnknownNode",
    "Visitor",
    "check",
]
