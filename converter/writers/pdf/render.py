"""Draw laid-out pages on a reportlab canvas: text, page numbers, outline, metadata.

The layout is finished before anything is drawn, so this module only places glyph runs:
one text object per line, ``Tc`` (character spacing) carrying the grid pitch and the
justification. Fake bold is fill+stroke, as no bundled face has a bold weight.
"""

from __future__ import annotations

import re
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.pdfgen import canvas as rl_canvas

from converter.i18n import _
from converter.layout import Line, Placed, Run, break_paragraph
from converter.layout.chars import plain_spaces
from converter.prepare import prepare
from converter.styles import MM_PER_PT, Style
from converter.tree.nodes import Document, Paragraph
from converter.writers.base import WriteOptions, WriteResult, date_warnings, epoch
from converter.writers.pdf.compose import Mark
from converter.writers.pdf.faces import PLACEHOLDER, PLACEHOLDER_FONTS, FaceSet
from converter.writers.pdf.parts import PartsComposition, compose, draw_item, paginate_parts
from converter.writers.pdf.table import draw_rules

_SENTENCE = re.compile(r"^.*?[。！？!?]")


def _pdf_settings(style: Style) -> dict[str, float]:
    return {"fake_bold_stroke_em": style.pdf.fake_bold_stroke_em, "keywords": style.pdf.keywords}


def write_pdf(doc: Document, style: Style, path: Path, options: WriteOptions) -> WriteResult:
    settings = _pdf_settings(style)
    faces = FaceSet()
    comp = compose(style, faces, doc)  # body and every 公文 part (docs/gbt9704.md §8–§13)
    frame = _Frame.of(style)
    pages, unnumbered = paginate_parts(comp, frame.block_height)
    c = _canvas(path, style, faces, frame, options)
    _metadata(c, doc, prepare(doc, style).keywords(int(settings["keywords"])))

    numbers = _PageNumbers(style, faces, frame.width, frame.left, frame.top - frame.block_height)
    header = _RunningHeader(style, faces, frame.left, frame.top)
    bookmarks = _Bookmarks(c, comp.marks)
    stroke = settings["fake_bold_stroke_em"] * style.element("body").size_pt
    for number, placed in enumerate(pages, start=1):
        _draw_page(c, comp, placed, frame, bookmarks, stroke)
        if number not in unnumbered:
            numbers.draw(c, number)
        header.draw(c)
        c.showPage()
    bookmarks.finish()
    _save(c)
    warnings = faces.warnings() + header.warnings + date_warnings(options) + _composition_warnings(comp)
    return WriteResult(pages=len(pages), warnings=warnings)


@dataclass(frozen=True)
class _Frame:
    """The page and its text block in points; ``top`` is the block's top, from the page's foot (PDF's origin)."""

    width: float
    height: float
    left: float
    top: float
    block_width: float
    block_height: float

    @classmethod
    def of(cls, style: Style) -> _Frame:
        page = style.page
        height = page.height_mm / MM_PER_PT
        return cls(
            width=page.width_mm / MM_PER_PT,
            height=height,
            left=page.left_mm / MM_PER_PT,
            top=height - page.top_mm / MM_PER_PT,
            block_width=page.text_width_mm / MM_PER_PT,
            block_height=page.text_height_mm / MM_PER_PT,
        )


def _canvas(path: Path, style: Style, faces: FaceSet, frame: _Frame, options: WriteOptions) -> rl_canvas.Canvas:
    """A reportlab canvas that writes the same bytes for the same input (invariant, the build's epoch)."""
    c = rl_canvas.Canvas(
        str(path),
        pagesize=(frame.width, frame.height),
        invariant=1,
        pageCompression=1,
        lang="zh-CN",  # the catalog's /Lang: screen readers and text extraction pick Chinese rules
        initialFontName=faces.primary(style.element("body").role).name,
        initialFontSize=style.element("body").size_pt,
    )
    stamp = time.gmtime(epoch(options))
    c.setDateFormatter(lambda *_: time.strftime("D:%Y%m%d%H%M%S+00'00'", stamp))
    return c


class _Bookmarks:
    """The PDF outline: one entry per heading, at the first line of its block, in document order."""

    def __init__(self, c: rl_canvas.Canvas, marks: dict[int, Mark]) -> None:
        self.c, self.marks, self.count = c, marks, 0

    def add(self, item: Placed[Line], top: float) -> None:
        if item.index == 0 and item.block in self.marks:
            mark = self.marks[item.block]
            key = f"s{self.count}"
            self.count += 1
            self.c.bookmarkPage(key, fit="XYZ", left=0, top=top - item.top)
            self.c.addOutlineEntry(mark.title, key, level=mark.level)

    def finish(self) -> None:
        if self.count:
            self.c.showOutline()


def _draw_page(
    c: rl_canvas.Canvas,
    comp: PartsComposition,
    placed: list[Placed[Line]],
    frame: _Frame,
    bookmarks: _Bookmarks,
    stroke: float,
) -> None:
    """One page's lines and table rules; ``stroke`` is the outline width of fake bold."""
    c.setLineWidth(stroke)
    for item in placed:
        baseline = frame.top - item.top - item.height / 2 - comp.centres[item.block]
        bookmarks.add(item, frame.top)
        draw_item(c, comp, item, frame.left, frame.top, baseline, _draw_line, frame.block_width)
        draw_rules(c, comp, item, frame.left, frame.top - item.top)  # a table row's rules


def _save(c: rl_canvas.Canvas) -> None:
    a85 = rl_config.useA85
    rl_config.useA85 = 0  # binary streams: smaller and faster than ASCII85 text
    try:
        c.save()
    finally:
        rl_config.useA85 = a85


def _composition_warnings(comp: PartsComposition) -> list[str]:
    """What the composition had to do that a reader should know: characters dropped, words broken."""
    warnings = []
    if comp.dropped:
        shown = " ".join(f"U+{ord(ch):04X}" for ch in comp.dropped)
        warnings.append("pdf: " + _("dropped control character(s) that cannot be drawn: {chars}").format(chars=shown))
    if comp.forced:
        shown = "; ".join(f"…{tail}" for tail in comp.forced[:5])
        more = _(" and {count} more").format(count=len(comp.forced) - 5) if len(comp.forced) > 5 else ""
        message = _("{count} line(s) end inside a word too long for the line, broken without a hyphen: {tails}{more}")
        warnings.append("pdf: " + message.format(count=len(comp.forced), tails=shown, more=more))
    return warnings


def _draw_line(c: rl_canvas.Canvas, item: Placed[Line], left: float, baseline: float) -> None:
    """One text object per line; it leaves the render mode at fill (0), as it found it.

    The text render mode is graphics state, not text-object state: it outlives ``ET``, so a
    line that ended in fake bold would make every later line on the page bold too.
    """
    text = c.beginText()
    font: tuple[str, float] | None = None
    space: float | None = None
    bold = False
    for run in item.line.runs:
        text.setTextOrigin(left + run.x, baseline)
        if font != (run.font, run.size):
            font = (run.font, run.size)
            text.setFont(run.font, run.size)
        if space != run.char_space:
            space = run.char_space
            text.setCharSpace(space)
        if bold != run.bold:
            bold = run.bold
            text.setTextRenderMode(2 if bold else 0)
        if run.font in PLACEHOLDER_FONTS:
            _actual_text(text, PLACEHOLDER * len(run.text), run.text)
        elif max(run.text) > "\uffff":  # reportlab's ToUnicode map cuts code points past U+FFFF
            _actual_text(text, run.text, run.text)
        else:
            text.textOut(run.text)
    if bold:
        text.setTextRenderMode(0)
    c.drawText(text)


def _actual_text(text: Any, drawn: str, chars: str) -> None:
    """Draw ``drawn`` marked with /ActualText ``chars``, so copying and search give the real characters.

    Used for □ placeholders of characters no font has, and for characters past U+FFFF, which
    reportlab's ToUnicode map gets wrong (𠀀 U+20000 would copy as U+0000).
    """
    actual = ("\ufeff" + chars).encode("utf-16-be").hex().upper()
    text._code.append(f"/Span <</ActualText <{actual}>>> BDC")
    text.textOut(drawn)
    text._code.append("EMC")


class _PageNumbers:
    """``— N —`` in the page-number role, outside edge on odd/even pages (GB/T 9704 §7.5)."""

    def __init__(self, style: Style, faces: FaceSet, page_width: float, left: float, block_bottom: float) -> None:
        self.spec = style.page_number
        self.style = style
        self.faces = faces
        self.left = left
        self.right = left + style.page.text_width_mm / MM_PER_PT
        self.page_width = page_width
        size = self.spec.size_pt
        centre = faces.primary(self.spec.role).centre(size)
        self.baseline = block_bottom - self.spec.gap_mm / MM_PER_PT - centre
        self.inset = self.spec.inset_chars * size

    def draw(self, c: rl_canvas.Canvas, number: int) -> None:
        spec = self.spec
        size = spec.size_pt
        runs = [
            Run(part, face.name, size, size, self.faces.advance(face, size))
            for part, face in self.faces.split(spec.role, spec.text(number))
        ]
        width = self.right - self.left
        align = "center" if spec.placement == "center" else ("right" if number % 2 else "left")
        inner = width - 2 * self.inset
        lines = break_paragraph(runs, inner, 0.0, align)
        for line in lines:
            item = Placed(0, 0, line, 0.0, 0.0)
            _draw_line(c, item, self.left + self.inset, self.baseline)


class _RunningHeader:
    """The handout's header line: label at the left, meeting and date at the right, a thin rule below.

    The line (one header size tall) is centred ``header_gap_mm`` above the text block, as in
    the DOCX, whose paragraph border draws the rule ``header_rule_gap_pt`` below that line.
    A header too long for one line is broken and grows upwards, away from the text.
    """

    def __init__(self, style: Style, faces: FaceSet, left: float, block_top: float) -> None:
        page = style.page
        self.page, self.faces, self.left = page, faces, left
        self.width = page.text_width_mm / MM_PER_PT
        self.warnings: list[str] = []
        size = page.header_size_pt
        centre_y = block_top + page.header_gap_mm / MM_PER_PT
        self.baseline = centre_y - faces.primary(page.header_role).centre(size)
        self.rule_y = centre_y - size / 2 - page.header_rule_gap_pt - page.header_rule_pt / 2
        self.rows = self._lay_out(*(self._clean(part) for part in page.header_parts))

    def _clean(self, text: str) -> str:
        text = plain_spaces(text)
        kept = "".join(ch for ch in text if unicodedata.category(ch) != "Cc")
        if kept != text:
            self.warnings.append(
                _("page header: dropped {count} control character(s)").format(count=len(text) - len(kept))
            )
        return kept

    def _runs(self, text: str) -> list[Run]:
        size, role = self.page.header_size_pt, self.page.header_role
        return [
            Run(part, face.name, size, size, self.faces.advance(face, size))
            for part, face in self.faces.split(role, text)
        ]

    def _lay_out(self, left: str, right: str) -> list[list[Line]]:
        """Rows from the top one down; one row holds both ends when they fit with a character between."""
        if not (left or right):
            return []
        ends = [
            break_paragraph(self._runs(text), self.width, 0.0, align)
            for text, align in ((left, "left"), (right, "right"))
            if text
        ]
        if all(len(lines) == 1 for lines in ends):
            row = [lines[0] for lines in ends]
            if len(row) == 1 or row[1].left - row[0].right >= self.page.header_size_pt:
                return [row]
        joined = "\u3000".join(part for part in (left, right) if part)
        self.warnings.append(_("page header is longer than one line; it runs on upwards"))
        return [[line] for line in break_paragraph(self._runs(joined), self.width, 0.0, "left")]

    def draw(self, c: rl_canvas.Canvas) -> None:
        if not self.rows:
            return
        size = self.page.header_size_pt
        for index, row in enumerate(self.rows):
            baseline = self.baseline + (len(self.rows) - 1 - index) * size
            for line in row:
                _draw_line(c, Placed(0, 0, line, 0.0, 0.0), self.left, baseline)
        if self.page.header_rule_pt > 0:
            c.setLineWidth(self.page.header_rule_pt)
            c.line(self.left, self.rule_y, self.left + self.width, self.rule_y)


def _metadata(c: rl_canvas.Canvas, doc: Document, keywords: tuple[str, ...]) -> None:
    c.setTitle(doc.title)
    c.setAuthor(doc.author or "")
    c.setCreator("converter")
    c.setSubject(_subject(doc))
    if keywords:
        c.setKeywords(list(keywords))


def _subject(doc: Document) -> str:
    """The subtitle, else the first sentence of the body."""
    if doc.subtitle:
        return re.sub(r"^[—\-\s]+", "", doc.subtitle)
    for node, _depth in doc.walk():
        if isinstance(node, Paragraph) and node.text.strip():
            m = _SENTENCE.match(node.text.strip())
            return m.group() if m else node.text.strip()
    return ""
