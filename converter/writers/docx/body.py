"""The outline tree as ``w:p`` elements: title block, salutation, headings, body, points.

Paragraphs are built with lxml directly (python-docx's proxies are slow for thousands
of runs). A run-in heading is one paragraph in its heading style (so it keeps its outline
level) whose body part is set in the body face by a character style. Word's style
separator (``w:specVanish``, docs/docx.md §6) would list the heading alone in the
navigation pane, but LibreOffice 7.4 (measured) then prints the heading on a line of its
own and the body flush left below it; the printed layout wins.
"""

from __future__ import annotations

import re

from lxml import etree

from converter.prepare import Prepared, rest, split_runin
from converter.styles import Style
from converter.tree import At, Document, Paragraph, Section, Table, Visitor
from converter.writers.docx import docstyles
from converter.writers.docx.docstyles import ParaStyle
from converter.writers.docx.geometry import Geometry
from converter.writers.docx.ooxml import el, sub, text_run
from converter.writers.docx.table import table_element
from converter.writers.headings import heading_text

# General Punctuation (“ ” ‘ ’ — …) and the middle dot take the hAnsi (Latin) font
# unless the run says eastAsia (MS-OI29500 §2.1.88, docs/docx.md §3).
_NEEDS_HINT = re.compile("[\u2000-\u206f\u00b7]")
# A curly quote after a Latin letter or digit is set in a run of its own whose Latin fonts are the
# Chinese face too: LibreOffice ignores w:hint and gives a quote the script of the character before
# it, so ” after digits came out as a half-width Latin quote (docs/docx.md §3). After Chinese
# text the quote is Chinese already, and a run of its own would only change LibreOffice's spacing.
_QUOTES = re.compile("(?<=[0-9A-Za-z%.])([“”‘’])")


class BodyBuilder(Visitor):
    """Collects the document's paragraphs: a walk over the prepared, XML-safe tree."""

    def __init__(self, style: Style, geo: Geometry, prepared: Prepared) -> None:
        super().__init__()
        self.style, self.geo, self.prepared = style, geo, prepared
        self.paragraphs: list[etree._Element] = []
        self._prev_after = 0
        self._face = style.roles[style.element("body").role].docx  # the current paragraph's Chinese face

    # -- text and runs (the text is XML-safe already: converter.prepare.xmlsafe) ------
    def run(
        self,
        p: etree._Element,
        text: str,
        char_style: str | None = None,
        bold: bool | None = None,
        face: str | None = None,
    ) -> None:
        """``w:r`` elements for ``text``; ``bold`` set means direct bold on or off, whatever the styles say.

        ``face`` is the Chinese font of the text (default: the paragraph's); quotes get it as their
        Latin font as well.
        """
        for n, piece in enumerate(_QUOTES.split(text)):
            if piece:
                quote = face or self._face if n % 2 else None  # split() puts the captured quotes at odd places
                self._one_run(p, piece, char_style, bold, quote)

    def _one_run(
        self, p: etree._Element, text: str, char_style: str | None, bold: bool | None, quote_face: str | None
    ) -> None:
        hint = bool(_NEEDS_HINT.search(text))
        rpr = None
        if char_style or hint or bold is not None:
            rpr = el("w:rPr")
            if char_style:
                sub(rpr, "w:rStyle", val=char_style)
            if quote_face:
                sub(rpr, "w:rFonts", ascii=quote_face, hAnsi=quote_face, eastAsia=quote_face, hint="eastAsia")
            elif hint:
                sub(rpr, "w:rFonts", hint="eastAsia")
            if bold is not None:
                sub(rpr, "w:b", val=int(bold))
                sub(rpr, "w:bCs", val=int(bold))
        text_run(p, text, rpr)

    # -- paragraphs --------------------------------------------------------------------
    def paragraph(self, spec: ParaStyle, space_after: int | None = None) -> etree._Element:
        """A new paragraph in ``spec``; space before collapses with the previous space after."""
        element = self.style.element(spec.element)
        self._face = self.style.roles[element.role].docx
        p = el("w:p")
        ppr = sub(p, "w:pPr")
        sub(ppr, "w:pStyle", val=spec.style_id)
        before = self.geo.lines(element.space_before_lines)
        after = self.geo.lines(element.space_after_lines) if space_after is None else space_after
        spacing = {}
        if before and self._prev_after:
            # like CSS margins: the larger gap wins, so title-after and salutation-before do not add up
            spacing["before"] = max(0, before - self._prev_after)
        if space_after is not None:
            spacing["after"] = space_after
        if spacing:
            sub(ppr, "w:spacing", **spacing)
        self._prev_after = after
        self.paragraphs.append(p)
        return p

    def part_title(self, doc: Document) -> None:
        """Title (balanced lines, GB/T 9704 §7.3.1), then subtitle, date, author, centred.

        The title's space after goes below the whole block, so the subtitle stays with it.
        """
        block: list[tuple[ParaStyle, str]] = []
        if doc.title:
            block.append((docstyles.TITLE, doc.title))
        block += [
            (spec, text)
            for spec, text in (
                (docstyles.SUBTITLE, doc.subtitle),
                (docstyles.DATE, doc.date),
                (docstyles.AUTHOR, doc.author),
            )
            if text
        ]
        if not block:
            return
        gap = self.geo.lines(self.style.element("title").space_after_lines) if doc.title else None
        for i, (spec, text) in enumerate(block):
            after = None if gap is None else gap if i == len(block) - 1 else 0
            p = self.paragraph(spec, space_after=after)
            if spec is docstyles.TITLE:
                self.title_lines(p, text)
            else:
                self.run(p, text)

    def title_lines(self, p: etree._Element, title: str) -> None:
        limit = self.style.element("title").max_line_chars or self.style.page.chars
        for i, line in enumerate(self.prepared.title_lines(title, limit)):
            if i:
                sub(sub(p, "w:r"), "w:br")
            self.run(p, line)

    def part_salutation(self, doc: Document) -> None:
        if doc.salutation:
            self.run(self.paragraph(docstyles.SALUTATION), doc.salutation)

    def body_text(self, p: etree._Element, node: Paragraph, plain: str | None = None) -> None:
        """The paragraph's text, points bold; ``plain`` is a character style for the rest.

        Inside a run-in heading's paragraph the runs carry their weight directly: bold is a
        toggle property (ECMA-376 §17.7.3), so a character style can neither switch off the
        heading style's bold nor add its own on top of it (bold + bold toggles to regular).
        """
        weight: dict[bool, bool | None] = {False: None, True: None}
        if plain is not None:
            weight = {False: self.style.element("body").bold, True: self.style.element("point").bold}
        roles = self.style.roles
        face = {False: roles[self.style.element("body").role].docx, True: roles[self.style.element("point").role].docx}
        for piece, is_point in node.spans():
            style_id = docstyles.POINT_ID if is_point else plain
            self.run(p, piece, char_style=style_id, bold=weight[is_point], face=face[is_point])

    def visit_paragraph(self, node: Paragraph, at: At) -> None:
        self.body_text(self.paragraph(docstyles.BODY), node)

    def visit_table(self, node: Table, at: At) -> None:
        self.paragraphs += table_element(node, self.style, self.geo)
        self._prev_after = 0

    def visit_section(self, node: Section, at: At) -> None:
        spec = docstyles.heading(node.level)
        p = self.paragraph(spec)
        if node.level > 4:  # deeper levels share the 四级 look but keep their own outline level
            sub(p[0], "w:outlineLvl", val=min(node.level - 1, 8))
        lead = split_runin(self, node, at)
        if lead:
            # a run-in heading is a body paragraph on the page: keeping it with the next one would
            # chain whole paragraphs together and leave pages half empty
            p[0].insert(1, el("w:keepNext", val=0))
        self.run(p, heading_text(node))
        if lead:
            self.body_text(p, lead[0], plain=docstyles.BODY_TEXT_ID)
        self.walk_children(node, at, start=rest(lead))
