"""Every character each typeface role shows: what an embedded font subset must cover.

One walk over the whole tree (title block, body, 版头, 落款, attachments, 版记) for every writer
that embeds fonts, so a part one writer learns to print cannot be missing from another's subset.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from converter.layout.gongwen import effective_header, part_settings
from converter.styles import Style
from converter.tree.nodes import ATTACHMENT_LABEL, CC_LABEL, SIGNERS_LABEL, Document, Node, Paragraph, Section, Table
from converter.tree.visit import At, Visitor
from converter.writers.headings import heading_text
from converter.writers.table_style import cell_elements


def role_text(
    doc: Document, style: Style, *, paged: bool, extra: Mapping[str, Iterable[str]] | None = None
) -> dict[str, str]:
    """Role → the text it shows. ``paged`` adds page numbers and the running header (DOCX, PDF);
    ``extra`` maps element names to further strings a writer prints (an e-book's navigation labels)."""
    out: dict[str, list[str]] = {}

    def add(role: str, *texts: str | None) -> None:
        out.setdefault(role, []).extend(t for t in texts if t)

    def element(name: str, *texts: str | None) -> None:
        add(style.element(name).role, *texts)

    class Body(Visitor):
        def visit_section(self, node: Section, at: At) -> None:
            add(style.heading(node.level).role, heading_text(node), node.marker + node.heading)
            self.walk_children(node, at)

        def visit_table(self, node: Table, at: At) -> None:  # header cells in the heading face, others in the body's
            for cell_element in cell_elements(style):
                add(cell_element.role, *node.pieces())

        def visit_paragraph(self, node: Paragraph, at: At) -> None:
            element("body", node.marker + node.text)
            element("point", "".join(run for run, is_point in node.spans() if is_point))

    def body(nodes: tuple[Node, ...]) -> None:
        Body().walk(nodes)

    for name in ("title", "subtitle", "date", "author", "salutation"):
        element(name, getattr(doc, name))
    body(doc.children)
    parts = part_settings(style)
    header = effective_header(doc, parts.header)
    if header:
        add("hei", *header.banner_items())
        add(parts.header.issuer_role, header.issuer)
        element("body", header.doc_number, SIGNERS_LABEL if header.signers else None)
        element("date", *header.signers)
    element("date", *doc.notes)
    if doc.closing:
        element("body", ATTACHMENT_LABEL, *doc.closing.lines())
    for attachment in doc.attachments:
        add(parts.attachment.label_role, attachment.label)
        add(parts.attachment.title_role, attachment.title, attachment.label)
        body(attachment.children)
    if doc.imprint:
        add(parts.imprint.role, CC_LABEL, *doc.imprint.lines())
    if paged:
        add(style.page_number.role, style.page_number.text(1234567890))
        if any(style.page.header_parts):
            add(style.page.header_role, *style.page.header_parts)
    for name, texts in (extra or {}).items():
        element(name, *texts)
    return {role: "".join(texts) for role, texts in out.items() if texts}
