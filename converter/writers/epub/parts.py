"""The parts of a 公文 in the e-book: 版头, 题注, 落款, attachments and 版记 (docs/gbt9704.md §8–§13).

A reflowable book has no page to place them on, so each part gets semantic markup and
the style's faces instead: the 版头 is a ``<header>`` on the title page (the issuer mark
in its red), the 落款 a ``<footer>`` after the last body page with the signature and date
right-aligned at the §9 indents, each attachment its own file (``epub:type="appendix"``)
and top-level navigation entry, and the 版记 a ``<footer epub:type="colophon">`` between rules.
"""

from __future__ import annotations

from dataclasses import replace
from html import escape

from converter.layout.gongwen import ClosingSettings, attachment_note_lines, em_width, part_settings, signature_indents
from converter.prepare import Prepared
from converter.styles import Style
from converter.tree.nodes import (
    ATTACHMENT_LABEL,
    CC_LABEL,
    SIGNERS_LABEL,
    Attachment,
    Closing,
    Document,
    Header,
    Imprint,
)
from converter.tree.visit import attachment_path
from converter.writers.epub.css import font_stack
from converter.writers.epub.markup import TITLEPAGE, BodyMarkup, Page, TocEntry, titlepage


def _t(text: str) -> str:
    return escape(text, quote=False)


def _num(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _banner(header: Header) -> str:
    rows = [f'<p class="banner-item">{_t(text)}</p>' for text in header.banner_items()]
    if header.issuer:
        rows.append(f'<p class="issuer">{_t(header.issuer)}</p>')
    number = _t(header.doc_number or "")
    if header.signers:
        signers = _t(SIGNERS_LABEL) + '<span class="signers">' + _t("　".join(header.signers)) + "</span>"
        number = (number + "　" if number else "") + signers
    if number:
        rows.append(f'<p class="doc-number">{number}</p>')
    return '<header class="banner">\n' + "\n".join(rows) + "\n</header>"


def _closing(closing: Closing, settings: ClosingSettings, indent: float) -> str:
    """附件说明 hanging under the names, signature and date at the §9 right indents, 附注."""
    rows = []
    label = indent + em_width(ATTACHMENT_LABEL)
    for lead, number, name in attachment_note_lines(closing.attachment_notes):
        hang = label + em_width(number)  # wrapped lines under the name (§10)
        first = indent if lead else label
        cls = "attachment-notes first" if lead else "attachment-notes"
        rows.append(
            f'<p class="{cls}" style="padding-left: {_num(hang)}em; text-indent: {_num(first - hang)}em;">'
            f"{_t(lead + number + name)}</p>"
        )
    indents = signature_indents(closing.signature, closing.sign_date, settings)
    for i, (name, right) in enumerate(zip(closing.signature, indents.signature, strict=True)):
        cls = "signature first" if i == 0 else "signature"
        rows.append(f'<p class="{cls}" style="margin-right: {_num(right)}em;">{_t(name)}</p>')
    if closing.sign_date and indents.date is not None:
        rows.append(f'<p class="sign-date" style="margin-right: {_num(indents.date)}em;">{_t(closing.sign_date)}</p>')
    if closing.note:
        rows.append(f'<p class="annotation">{_t(closing.note)}</p>')
    return '<footer class="closing">\n' + "\n".join(rows) + "\n</footer>"


def _imprint(imprint: Imprint) -> str:
    rows = []
    if imprint.cc:
        rows.append(f'<p class="cc">{_t(CC_LABEL + imprint.cc)}</p>')
    if imprint.issued_by or imprint.issued_date:
        rows.append(
            '<p class="issued">'
            f'<span class="issued-by">{_t(imprint.issued_by or "")}</span>'
            f'<span class="issued-date">{_t(imprint.issued_date or "")}</span></p>'
        )
    return '<footer class="imprint" epub:type="colophon">\n' + "\n".join(rows) + "\n</footer>"


class BookWalk(BodyMarkup):
    """The spine documents and the TOC: the body's markup with every 公文 part, in the walk's one order."""

    def __init__(self, prepared: Prepared, title_lines: list[str], book_title: str, style: Style) -> None:
        super().__init__()
        self.prepared, self.title_lines, self.book_title, self.style = prepared, title_lines, book_title, style
        self.pages: list[Page] = []
        self.front: list[str] = []  # the title page's markup: 版头, title block, 题注

    def part_header(self, doc: Document) -> None:
        if self.prepared.xml_header:
            self.front.append(_banner(self.prepared.xml_header))

    def part_title(self, doc: Document) -> None:
        block = titlepage(doc, self.title_lines)
        if block:
            self.front.append(block)

    def part_notes(self, doc: Document) -> None:
        self.front += [f'<p class="title-note">{_t(note)}</p>' for note in doc.notes]
        if self.front:
            self.pages.append(Page(TITLEPAGE, self.book_title, "\n".join(self.front), "titlepage"))

    def part_salutation(self, doc: Document) -> None:
        """Printed at the head of the opening, with the body (see :meth:`part_body`)."""

    def part_body(self, doc: Document) -> None:
        self.pages += self.body(doc.children, self.book_title, doc.salutation)

    def part_closing(self, doc: Document) -> None:
        if not doc.closing:
            return
        tail = _closing(doc.closing, part_settings(self.style).closing, self.style.element("body").indent_chars)
        if self.pages[-1].kind == "titlepage":
            self.pages.append(Page("closing.xhtml", self.book_title, tail, "opening"))
        else:
            self.append(tail)

    def part_attachments(self, doc: Document) -> None:
        self.attachment_width = max(2, len(str(len(doc.attachments))))
        super().part_attachments(doc)

    def visit_attachment(self, attachment: Attachment, index: int) -> None:
        number = index + 1
        file_name = f"attachment{number:0{self.attachment_width}d}.xhtml"
        label = " ".join(part for part in (attachment.label, attachment.title) if part) or f"附件{number}"
        entry = TocEntry(label, f"{file_name}#attachment{number}")
        top = self.toc
        out = [f'<section class="attachment" epub:type="appendix" id="attachment{number}">']
        if attachment.label:
            out.append(f'<p class="attachment-label">{_t(attachment.label)}</p>')
        if attachment.title:
            out.append(f'<h1 class="attachment-title">{_t(attachment.title)}</h1>')
        self.into(file_name, entry.children)
        self.walk(attachment.children, attachment_path(index))
        out += [*self.out, "</section>"]
        self.pages.append(Page(file_name, label, "\n".join(out), "chapter"))
        self.toc = top
        top.append(entry)

    def part_imprint(self, doc: Document) -> None:
        if doc.imprint:
            self.append(_imprint(doc.imprint))

    def append(self, markup: str) -> None:
        self.pages[-1] = replace(self.pages[-1], body=self.pages[-1].body + "\n" + markup)


def render_parts(
    prepared: Prepared, title_lines: list[str], book_title: str, style: Style
) -> tuple[list[Page], list[TocEntry]]:
    """The spine documents and the nested TOC of the prepared, XML-safe tree."""
    walk = BookWalk(prepared, title_lines, book_title, style)
    walk.document(prepared.xml)
    return walk.pages, walk.toc


def css(style: Style, embedded: dict[str, list[str]], line_height: float) -> str:
    """Rules for the parts' classes, from the style's faces and sizes (appended to the book's CSS)."""
    parts = part_settings(style)
    body = style.element("body").size_pt
    head, att, imp = parts.header, parts.attachment, parts.imprint
    line = line_height  # one body line, in body ems
    gap = parts.closing.sealed_gap_lines if parts.closing.sealed else parts.closing.gap_lines

    def face(role: str, size: float) -> str:
        return f"font-family: {font_stack(style, role, embedded)}; font-size: {_num(size / body)}em;"

    rules = {
        "header.banner": "margin: 0 0 2em 0;",
        "header.banner p": "text-indent: 0;",
        "p.banner-item": face("hei", body) + " text-align: left;",
        "p.issuer": face(head.issuer_role, min(head.issuer_size_pt, 2 * body))
        + f" color: {head.colour}; text-align: center; margin: 1em 0; line-height: 1.3;",
        "p.doc-number": f"text-align: center; padding-bottom: 0.5em; border-bottom: {_num(head.rule_pt)}pt solid"
        f" {head.colour};",
        "span.signers": face(style.element("date").role, body),
        "p.title-note": face(style.element("date").role, style.element("date").size_pt) + " text-align: center;",
        "footer.closing p": "text-indent: 0;",
        "p.attachment-notes.first": f"margin-top: {_num(line * parts.closing.notes_gap_lines)}em;",
        "p.signature, p.sign-date": "text-align: right;",
        "p.signature.first": f"margin-top: {_num(line * gap)}em;",
        "p.annotation": "text-indent: 2em;",
        "p.attachment-label": face(att.label_role, att.label_size_pt) + " text-indent: 0; text-align: left;",
        "h1.attachment-title": face(att.title_role, att.title_size_pt)
        + " font-weight: normal; text-align: center; margin: 1em 0;",
        "footer.imprint": f"margin-top: 2em; border-top: {_num(imp.thick_mm)}mm solid; "
        f"border-bottom: {_num(imp.thick_mm)}mm solid;",
        "footer.imprint p": face(imp.role, imp.size_pt) + " text-indent: 0; margin: 0 1em;",
        "footer.imprint p.issued": f"border-top: {_num(imp.thin_mm)}mm solid; margin: 0; padding: 0 1em;",
        "span.issued-date": "float: right;",
    }
    return "".join(f"{selector} {{ {decl} }}\n" for selector, decl in rules.items())
