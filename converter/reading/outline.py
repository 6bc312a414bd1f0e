"""Pass 5, outline: paragraphs to the tree, in four small steps.

front (版头, title block, salutation) → back (落款, attachments, 版记, from the end) →
body (sections, articles, items; the same for each attachment) → closing paragraphs back
at document level. Each step writes what it decided to the change log.
"""

from __future__ import annotations

from converter.model import Attachment, Document
from converter.reading.back import back
from converter.reading.body import body
from converter.reading.closing import lift_closing
from converter.reading.front import front
from converter.reading.kinds import document_kind
from converter.reading.lines import Line
from converter.reading.reflow import Block
from converter.reading.report import Report


def outline(blocks: list[Block], report: Report, lines: list[Line] | None = None) -> Document:
    head, rest = front(blocks, report, lines or [])
    main, tail = back(rest, report, lines or [])
    kind = document_kind(head.title)
    children = lift_closing(body(main, kind, report), report, main[-1].line if main else 0)
    attachments = tuple(
        Attachment(part.label, part.title, lift_closing(body(part.blocks, document_kind(part.title), report), report))
        for part in tail.attachments
    )
    return Document(
        title=head.title,
        subtitle=head.subtitle,
        date=head.date,
        author=head.author,
        salutation=head.salutation,
        children=children,
        header=head.header_node(),
        notes=tuple(head.notes),
        closing=tail.closing,
        attachments=attachments,
        imprint=tail.imprint,
    )
