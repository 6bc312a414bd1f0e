"""The outline tree's old home, kept importable for a release: it is the plug-in API.

The node classes live in :mod:`converter.tree.nodes`; the walk over them in
:mod:`converter.tree.visit` (docs/architecture.md). New code imports ``converter.tree``.
"""

from converter.tree.nodes import (
    ATTACHMENT_LABEL,
    CC_LABEL,
    MAX_DEPTH,
    SCHEMA,
    SIGNERS_LABEL,
    Attachment,
    Closing,
    Document,
    Header,
    Imprint,
    Node,
    Paragraph,
    Section,
    Table,
)

__all__ = [
    "ATTACHMENT_LABEL",
    "CC_LABEL",
    "MAX_DEPTH",
    "SCHEMA",
    "SIGNERS_LABEL",
    "Attachment",
    "Closing",
    "Document",
    "Header",
    "Imprint",
    "Node",
    "Paragraph",
    "Section",
    "Table",
]
