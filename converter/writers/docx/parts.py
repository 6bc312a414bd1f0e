"""The parts of a 公文 beyond the body, as DOCX paragraphs (docs/gbt9704.md §8–§13).

Each part's paragraphs use its own named style (converter/writers/docx/partstyles.py), so a
secretary can restyle it in Word or WPS; the red rule and the 版记 rules are paragraph borders.
Signature and date right indents come from the §9 formulas shared with the PDF
(converter.layout.gongwen). The 版记 sits in a last section that starts on an even page (Word
and LibreOffice add the blank page) and prints no page number; its first paragraph's space above
puts it at the foot of the page.
"""

from __future__ import annotations

import copy
import math
from typing import Any

from docx.oxml.ns import qn
from lxml import etree

from converter.layout.gongwen import (
    PartSettings,
    attachment_note_lines,
    cc_text,
    em_width,
    part_settings,
    signature_indents,
)
from converter.prepare import Prepared
from converter.styles import Style
from converter.tree.nodes import SIGNERS_LABEL, Attachment, Closing, Document, Header, Imprint
from converter.tree.visit import attachment_path
from converter.writers.docx import docstyles
from converter.writers.docx.body import BodyBuilder
from converter.writers.docx.geometry import TWIPS_PER_MM, TWIPS_PER_PT, Geometry
from converter.writers.docx.ooxml import el, fonts, sub, text_run
from converter.writers.docx.partstyles import (
    ATTACHMENT_TITLE,
    BANNER,
    BANNER_ITEM,
    IMPRINT,
    IMPRINT_RULE,
    LABEL,
    MARK_LINE_EM,
    NOTE,
    NOTES,
    NUMBER,
    RULE_LINE,
    SIGN_DATE,
    SIGNATURE,
    PartStyle,
    place,
    put,
)
from converter.writers.docx.partstyles import install as install


def _em_top(line_pt: float, size: float) -> float:
    """Where a glyph's em box starts below the top of an exact line, pt.

    LibreOffice 7.4 (measured with Noto CJK at 16 and 36 pt in 29 and 52 pt lines) centres the
    face's ascent + descent in the line, which leaves the em box 0.06 em above the centre.
    """
    return (line_pt - size) / 2 - 0.06 * size


def _ppr(p: etree._Element) -> etree._Element:
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = el("w:pPr")
        p.insert(0, ppr)
    return ppr


# ---------------------------------------------------------------------- paragraphs


class PartsBuilder:
    """Adds the v2 parts around what :class:`BodyBuilder` builds."""

    def __init__(self, builder: BodyBuilder, style: Style, geo: Geometry) -> None:
        self.b, self.style, self.geo = builder, style, geo
        self.parts: PartSettings = part_settings(style)
        self.imprint_start: int | None = None  # index of the first 版记 paragraph
        self.body_start = 0  # index of the first body paragraph (after the title block)

    def para(self, spec: PartStyle | str, text: str = "") -> etree._Element:
        p = el("w:p")
        sub(sub(p, "w:pPr"), "w:pStyle", val=spec if isinstance(spec, str) else spec.style_id)
        if text:
            self.b.run(p, text)
        self.b.paragraphs.append(p)
        return p

    def spacing(self, p: etree._Element, before: int | None = None, after: int | None = None) -> None:
        ppr = _ppr(p)
        node = ppr.find(qn("w:spacing"))
        if node is None:
            node = put(ppr, "w:spacing")
        for key, value in (("before", before), ("after", after)):
            if value is not None:
                node.set(qn(f"w:{key}"), str(value))

    def indent(self, p: etree._Element, **chars: float) -> None:
        """``w:ind`` in characters (hundredths) with the twips fallback (docs/docx.md §4)."""
        attrs: dict[str, int] = {}
        for side, count in chars.items():
            attrs[f"{side}Chars"] = round(count * 100)
            attrs[side] = self.geo.chars(count)
        put(_ppr(p), "w:ind", **attrs)

    # -- 版头 ----------------------------------------------------------------------
    def banner(self, header: Header) -> None:
        settings, geo = self.parts.header, self.geo
        items = header.banner_items()
        for text in items:
            self.para(BANNER_ITEM, text)
        if header.issuer:
            p = self.para(BANNER)
            size = self._fit(header.issuer, settings.issuer_size_pt)
            rpr = el("w:rPr")
            sub(rpr, "w:rFonts", hint="eastAsia")
            if size < settings.issuer_size_pt:  # a long name shrinks to one line
                sub(rpr, "w:sz", val=round(size * 2))
                sub(rpr, "w:szCs", val=round(size * 2))
                put(_ppr(p), "w:spacing", line=round(size * MARK_LINE_EM * TWIPS_PER_PT), lineRule="exact")
            text_run(p, header.issuer, rpr)
            # its em box's top edge issuer_top_mm below the text block's top (§12)
            em_top = _em_top(size * MARK_LINE_EM, size) * TWIPS_PER_PT
            before = settings.issuer_top_mm * TWIPS_PER_MM - len(items) * geo.line_pitch - em_top
            self.spacing(p, before=max(0, round(before)))
        number = self.number(header)
        if not header.issuer:  # no 版头: the tree's lines stand above the title, a blank line between
            last = number if number is not None else self.b.paragraphs[-1]
            self.spacing(last, after=geo.line_pitch)
            return
        if number is None:
            return
        pitch_pt, body = geo.line_pitch / TWIPS_PER_PT, self.style.element("body").size_pt
        # the 发文字号's em box number_gap_lines below the mark's, as on the PDF's grid
        mark_below = size * MARK_LINE_EM - _em_top(size * MARK_LINE_EM, size) - size
        target = settings.number_gap_lines * pitch_pt + (pitch_pt - body) / 2
        # the red rule: the 发文字号's bottom border, rule_gap_mm under its em box
        below_glyphs = pitch_pt - _em_top(pitch_pt, body) - body
        gap = max(0, round(settings.rule_gap_mm / 25.4 * 72 - below_glyphs - settings.rule_pt / 2))
        border = el(
            "w:bottom",
            val="single",
            sz=max(2, round(settings.rule_pt * 8)),
            space=min(31, gap),
            color=settings.colour.lstrip("#").upper(),
        )
        put(_ppr(number), "w:pBdr").append(border)
        before = round((target - mark_below - _em_top(pitch_pt, body)) * TWIPS_PER_PT)
        self.spacing(number, before=max(0, before), after=geo.lines(settings.title_gap_lines))

    def _fit(self, text: str, size: float) -> float:
        """The mark's size, shrunk so it fits on one line of the text block."""
        width_pt = self.geo.text_width / TWIPS_PER_PT
        return min(size, width_pt / max(1.0, em_width(text)))

    def number(self, header: Header) -> etree._Element | None:
        """发文字号 centred; 上行文: left at 1 char with 签发人 right at 1 char, on one line (tab)."""
        if not header.signers:
            return self.para(NUMBER, header.doc_number) if header.doc_number else None
        inset = self.parts.header.signer_indent_chars
        p = self.para(NUMBER)
        put(_ppr(p), "w:jc", val="left")
        self.indent(p, left=inset, right=inset)
        tabs = put(_ppr(p), "w:tabs")
        sub(tabs, "w:tab", val="right", pos=self.geo.text_width - self.geo.chars(inset))  # from the margin
        if header.doc_number:
            self.b.run(p, header.doc_number)
        sub(sub(p, "w:r"), "w:tab")
        self.b.run(p, SIGNERS_LABEL)
        rpr = el("w:rPr")  # the names in 楷体 (the date element's role), the label in 仿宋 (§12)
        rpr.append(fonts(self.style.latin_family, self.style.roles[self.style.element("date").role].docx, hint=True))
        text_run(p, "　".join(header.signers), rpr)
        return p

    # -- title notes -------------------------------------------------------------
    def notes(self, doc: Document) -> None:
        for note in doc.notes:
            self.b.run(self.b.paragraph(docstyles.DATE), note)

    # -- 落款 ----------------------------------------------------------------------
    def keep_tail(self) -> None:
        """Never the signature alone on a page: the body's last ``keep_body_lines`` lines keep with it (§8).

        Paragraphs wholly among those lines keep with the next; the one they start in keeps
        with the next under widow control, which carries its last two lines over with it.
        """
        need = self.parts.closing.keep_body_lines
        chars = self.style.page.chars
        for p in reversed(self.b.paragraphs[self.body_start :]):
            if need <= 0:
                return
            ppr = _ppr(p)
            put(ppr, "w:keepNext")
            text = "".join(t.text or "" for t in p.iter(qn("w:t")))
            lines = math.ceil((2 + em_width(text)) / chars) or 1  # a body paragraph: 2 characters indent
            if lines > need:
                put(ppr, "w:widowControl", val=1)
            need -= lines

    def closing(self, closing: Closing) -> None:
        settings, geo = self.parts.closing, self.geo
        self.keep_tail()
        body_indent = self.style.element("body").indent_chars
        label = (
            body_indent + em_width(attachment_note_lines(closing.attachment_notes)[0][0])
            if closing.attachment_notes
            else 0.0
        )
        for i, (lead, number, name) in enumerate(attachment_note_lines(closing.attachment_notes)):
            p = self.para(NOTES, lead + number + name)
            hang = label + em_width(number)
            first = body_indent if lead else label
            self.indent(p, left=hang, hanging=hang - first)
            if i == 0:
                self.spacing(p, before=geo.lines(settings.notes_gap_lines))
        indents = signature_indents(closing.signature, closing.sign_date, settings)
        gap = geo.lines(settings.sealed_gap_lines if settings.sealed else settings.gap_lines)
        for i, (name, right) in enumerate(zip(closing.signature, indents.signature, strict=True)):
            p = self.para(SIGNATURE, name)
            self.indent(p, right=right)
            if i == 0:
                self.spacing(p, before=gap)
        if closing.sign_date and indents.date is not None:
            p = self.para(SIGN_DATE, closing.sign_date)
            self.indent(p, right=indents.date)
            if not closing.signature:
                self.spacing(p, before=gap)
            if closing.note:
                put(_ppr(p), "w:keepNext")
        if closing.note:
            self.para(NOTE, closing.note)

    # -- 附件 ----------------------------------------------------------------------
    def attachment(self, attachment: Attachment, index: int) -> None:
        """New page: label (line 1), title centred on line 3, its body one outline level down."""
        settings = self.parts.attachment
        p = None
        if attachment.label:
            p = self.para(LABEL, attachment.label)
        if attachment.title:
            t = self.para(ATTACHMENT_TITLE, attachment.title)
            if p is None:
                put(_ppr(t), "w:pageBreakBefore")
            lines_above = settings.title_line - 1 - (1 if p is not None else 0)
            self.spacing(t, before=self.geo.lines(lines_above), after=self.geo.lines(1))
        start = len(self.b.paragraphs)
        self.b.walk(attachment.children, attachment_path(index))
        for q in self.b.paragraphs[start:]:
            ppr = _ppr(q)
            style_id = ppr.find(qn("w:pStyle")).get(qn("w:val"))
            if style_id.startswith("GwHeading"):  # under the attachment's own entry
                level = ppr.find(qn("w:outlineLvl"))
                current = int(level.get(qn("w:val"))) if level is not None else int(style_id[-1]) - 1
                put(ppr, "w:outlineLvl", val=min(current + 1, 8))

    # -- 版记 ----------------------------------------------------------------------
    def imprint(self, imprint: Imprint) -> None:
        """Rule, 抄送, rule, 印发机关 left and 印发日期 right, rule, at the foot of the page (§13).

        Each rule is the top border of an empty 公文版记线 paragraph with no indents, so it spans
        the text block while the 版记 text keeps its one-character insets.
        """
        settings, geo = self.parts.imprint, self.geo
        body = self.style.element("body").size_pt
        inset = round(geo.chars(settings.indent_chars) * settings.size_pt / body)
        self.imprint_start = len(self.b.paragraphs)
        thick, thin = (max(2, round(mm / 25.4 * 72 * 8)) for mm in (settings.thick_mm, settings.thin_mm))
        rules = [self._rule(thick)]
        if imprint.cc:
            p = self.para(IMPRINT, cc_text(imprint.cc))
            hang = round(em_width(cc_text("")) * geo.chars(1) * settings.size_pt / body)
            put(_ppr(p), "w:ind", left=inset + hang, right=inset, hanging=hang)
            put(_ppr(p), "w:keepNext")
            if imprint.issued_by or imprint.issued_date:
                rules.append(self._rule(thin))
        if imprint.issued_by or imprint.issued_date:
            p = self.para(IMPRINT)
            put(_ppr(p), "w:keepNext")
            sub(put(_ppr(p), "w:tabs"), "w:tab", val="right", pos=geo.text_width - inset)  # from the margin
            if imprint.issued_by:
                self.b.run(p, imprint.issued_by)
            sub(sub(p, "w:r"), "w:tab")
            if imprint.issued_date:
                self.b.run(p, imprint.issued_date)
        rules.append(self._rule(thick, last=True))
        # to the foot of the text block: the space above fills the page less the rows and the rules
        drawn = sum(RULE_LINE + round(sz / 8 * TWIPS_PER_PT) for sz in (thick, thin, thick)[: len(rules)])
        height = self._imprint_lines(imprint) * geo.line_pitch + drawn + 20
        self.spacing(rules[0], before=max(0, geo.lines(self.style.page.lines) - height))

    def _rule(self, size: int, last: bool = False) -> etree._Element:
        p = self.para(IMPRINT_RULE)
        if not last:
            put(_ppr(p), "w:keepNext")
        sub(put(_ppr(p), "w:pBdr"), "w:top", val="single", sz=size, space=0, color="000000")
        return p

    def _imprint_lines(self, imprint: Imprint) -> int:
        """Printed lines of the 版记 rows, counted in 4号 characters per line."""
        settings, body = self.parts.imprint, self.style.element("body").size_pt
        per_line = max(1.0, self.style.page.chars * body / settings.size_pt - 2 * settings.indent_chars)
        count = 1 if (imprint.issued_by or imprint.issued_date) else 0
        if imprint.cc:
            count += math.ceil((em_width(cc_text(imprint.cc)) - em_width(cc_text(""))) / (per_line - 3)) or 1
        return count


class DocumentBuilder(BodyBuilder):
    """The whole document in the walk's one order: the body builder's parts with the 公文 parts around them."""

    def __init__(self, style: Style, geo: Geometry, prepared: Prepared) -> None:
        super().__init__(style, geo, prepared)
        self.parts = PartsBuilder(self, style, geo)

    def part_header(self, doc: Document) -> None:
        if self.prepared.xml_header:
            self.parts.banner(self.prepared.xml_header)

    def part_notes(self, doc: Document) -> None:
        self.parts.notes(doc)

    def part_body(self, doc: Document) -> None:
        self.parts.body_start = len(self.paragraphs)
        super().part_body(doc)

    def part_closing(self, doc: Document) -> None:
        if doc.closing:
            self.parts.closing(doc.closing)

    def visit_attachment(self, attachment: Attachment, index: int) -> None:
        self.parts.attachment(attachment, index)

    def part_imprint(self, doc: Document) -> None:
        if doc.imprint:
            self.parts.imprint(doc.imprint)


def build(prepared: Prepared, style: Style, geo: Geometry) -> tuple[BodyBuilder, PartsBuilder]:
    """Every paragraph of the document, from the prepared XML-safe tree (docs/architecture.md)."""
    builder = DocumentBuilder(style, geo, prepared)
    builder.document(prepared.xml)
    return builder, builder.parts


def imprint_section(document: Any, parts: PartsBuilder) -> None:
    """Put the 版记 in a last section that starts on an even page (call before the footers are made).

    The paragraph before the 版记 carries a copy of the page setup, which ends the body's
    section; the document's own ``w:sectPr`` then describes the 版记's section.
    """
    start = parts.imprint_start
    if start is None or start == 0:
        return
    body = document.element.body
    sect_pr = body.find(qn("w:sectPr"))
    place(_ppr(parts.b.paragraphs[start - 1]), copy.deepcopy(sect_pr))
    kind = el("w:type", val="evenPage" if parts.parts.imprint.even_page else "nextPage")
    size = sect_pr.find(qn("w:pgSz"))
    size.addprevious(kind)


def imprint_footers(document: Any, parts: PartsBuilder) -> None:
    """No page number on the 版记 page nor on the blank page before it (docs/gbt9704.md §11)."""
    if parts.imprint_start in (None, 0) or len(document.sections) < 2:
        return
    last = document.sections[-1]
    last.footer.is_linked_to_previous = False
    if document.settings.odd_and_even_pages_header_footer:
        last.even_page_footer.is_linked_to_previous = False
