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

from converter.layout.gongwen import (
    ClosingSettings,
    attachment_note_lines,
    effective_header,
    em_width,
    inline_markers,
    part_settings,
    signature_indents,
)
from converter.model import (
    ATTACHMENT_LABEL,
    CC_LABEL,
    SIGNERS_LABEL,
    Attachment,
    Closing,
    Document,
    Header,
    Imprint,
)
from converter.styles import Style
from converter.writers.epub.cleaning import clean_document
from converter.writers.epub.css import font_stack
from converter.writers.epub.markup import Page, TocEntry, _Renderer, render
from converter.xmltext import describe_removed, xml_safe


def _t(text: str) -> str:
    return escape(text, quote=False)


def _num(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


class _Strings:
    """XML-illegal characters dropped from the v2 strings, with the same warnings as the body's."""

    def __init__(self, warnings: list[str]) -> None:
        self.warnings = warnings

    def __call__(self, text: str | None, where: str) -> str | None:
        if text is None:
            return None
        out, removed = xml_safe(text)
        if removed:
            self.warnings.append(describe_removed(f"EPUB {where}", text, removed))
        return out

    def all(self, texts: tuple[str, ...], where: str) -> tuple[str, ...]:
        return tuple(self(t, where) or "" for t in texts)


def clean(doc: Document) -> tuple[Document, list[str]]:
    """The tree cleaned for XML, markers printed in their paragraphs, every v2 part kept."""
    cleaned, warnings = clean_document(replace(doc, children=inline_markers(doc.children)))
    s = _Strings(list(warnings))
    header = doc.header
    if header:
        header = Header(
            *(s(v, "版头") for v in (header.copy_number, header.classification, header.urgency)),
            issuer=s(header.issuer, "版头"),
            doc_number=s(header.doc_number, "版头"),
            signers=s.all(header.signers, "签发人"),
        )
    closing = doc.closing
    if closing:
        closing = Closing(
            attachment_notes=s.all(closing.attachment_notes, "附件说明"),
            signature=s.all(closing.signature, "署名"),
            sign_date=s(closing.sign_date, "成文日期"),
            note=s(closing.note, "附注"),
        )
    attachments = []
    for attachment in doc.attachments:
        body, more = clean_document(Document(children=inline_markers(attachment.children)))
        s.warnings += more
        attachments.append(
            Attachment(s(attachment.label, "附件") or "", s(attachment.title, "附件") or "", body.children)
        )
    imprint = doc.imprint
    if imprint:
        imprint = Imprint(s(imprint.cc, "抄送"), s(imprint.issued_by, "印发机关"), s(imprint.issued_date, "印发日期"))
    full = replace(
        cleaned,
        header=header,
        notes=s.all(doc.notes, "题注"),
        closing=closing,
        attachments=tuple(attachments),
        imprint=imprint,
    )
    return full, s.warnings


def _banner(header: Header) -> str:
    rows = [
        f'<p class="banner-item">{_t(text)}</p>'
        for text in (header.copy_number, header.classification, header.urgency)
        if text
    ]
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


def _attachment(attachment: Attachment, number: int, width: int, renderer: _Renderer) -> tuple[Page, TocEntry]:
    file_name = f"attachment{number:0{width}d}.xhtml"
    out = [f'<section class="attachment" epub:type="appendix" id="attachment{number}">']
    if attachment.label:
        out.append(f'<p class="attachment-label">{_t(attachment.label)}</p>')
    if attachment.title:
        out.append(f'<h1 class="attachment-title">{_t(attachment.title)}</h1>')
    label = " ".join(part for part in (attachment.label, attachment.title) if part) or f"附件{number}"
    entry = TocEntry(label, f"{file_name}#attachment{number}")
    renderer.nodes(attachment.children, out, file_name, entry.children)
    out.append("</section>")
    return Page(file_name, label, "\n".join(out), "chapter"), entry


def render_parts(
    doc: Document, title_lines: list[str], book_title: str, style: Style
) -> tuple[list[Page], list[TocEntry]]:
    """The spine documents and TOC of :func:`markup.render`, with every v2 part added."""
    parts = part_settings(style)
    pages, toc = render(doc, title_lines, book_title)
    header = effective_header(doc, parts.header)
    front = [_banner(header)] if header else []
    front += [f'<p class="title-note">{_t(note)}</p>' for note in doc.notes]
    if front:
        at = next((i for i, p in enumerate(pages) if p.kind == "titlepage"), None)
        if at is None:
            pages.insert(0, Page("titlepage.xhtml", book_title, "\n".join(front), "titlepage"))
        else:
            page = pages[at]
            lead = front[:1] if header else []
            pages[at] = replace(page, body="\n".join([*lead, page.body, *front[len(lead) :]]))
    tail = []
    if doc.closing:
        tail.append(_closing(doc.closing, parts.closing, style.element("body").indent_chars))
    if tail:
        at = len(pages) - 1
        if pages[at].kind == "titlepage":
            pages.append(Page("closing.xhtml", book_title, "\n".join(tail), "opening"))
        else:
            pages[at] = replace(pages[at], body=pages[at].body + "\n" + "\n".join(tail))
    width = max(2, len(str(len(doc.attachments))))
    renderer = _Renderer()
    renderer.sections = len(doc.sections())  # section ids stay unique across the book (TOC ids derive from them)
    for number, attachment in enumerate(doc.attachments, 1):
        page, entry = _attachment(attachment, number, width, renderer)
        pages.append(page)
        toc.append(entry)
    if doc.imprint:
        pages[-1] = replace(pages[-1], body=pages[-1].body + "\n" + _imprint(doc.imprint))
    return pages, toc


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
