"""Draw laid-out pages on a reportlab canvas: text, page numbers, outline, metadata.

The layout is finished before anything is drawn, so this module only places glyph runs:
one text object per line, ``Tc`` (character spacing) carrying the grid pitch and the
justification. Fake bold is fill+stroke, as no bundled face has a bold weight.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from reportlab import rl_config
from reportlab.pdfgen import canvas as rl_canvas

from converter import words
from converter.layout import Line, Placed, Run, break_paragraph, paginate
from converter.model import Document, Paragraph
from converter.styles import MM_PER_PT, Style
from converter.writers.base import WriteOptions, WriteResult, epoch
from converter.writers.pdf.compose import Composer
from converter.writers.pdf.faces import FaceSet

_SENTENCE = re.compile(r"^.*?[。！？!?]")


def _pdf_settings(style: Style) -> dict[str, float]:
    raw = style.raw.get("pdf", {})
    return {
        "fake_bold_stroke_em": float(raw.get("fake_bold_stroke_em", 0.03)),
        "keywords": int(raw.get("keywords", 8)),
        "keywords_source_chars": int(raw.get("keywords_source_chars", 20000)),
    }


def write_pdf(doc: Document, style: Style, path: Path, options: WriteOptions) -> WriteResult:
    settings = _pdf_settings(style)
    faces = FaceSet()
    comp = Composer(style, faces).document(doc)
    page = style.page
    block_height = page.text_height_mm / MM_PER_PT
    pages = paginate(comp.blocks, block_height)

    width_pt, height_pt = page.width_mm / MM_PER_PT, page.height_mm / MM_PER_PT
    left = page.left_mm / MM_PER_PT
    top = height_pt - page.top_mm / MM_PER_PT
    c = rl_canvas.Canvas(
        str(path),
        pagesize=(width_pt, height_pt),
        invariant=1,
        pageCompression=1,
        initialFontName=faces.primary(style.element("body").role).name,
        initialFontSize=style.element("body").size_pt,
    )
    stamp = time.gmtime(epoch(options))
    c.setDateFormatter(lambda *_: time.strftime("D:%Y%m%d%H%M%S+00'00'", stamp))
    _metadata(c, doc, settings)

    numbers = _PageNumbers(style, faces, width_pt, left, top - block_height)
    marks = comp.marks
    mark_count = 0
    for number, placed in enumerate(pages, start=1):
        c.setLineWidth(settings["fake_bold_stroke_em"] * style.element("body").size_pt)
        for item in placed:
            baseline = top - item.top - item.height / 2 - comp.centres[item.block]
            if item.index == 0 and item.block in marks:
                mark = marks[item.block]
                key = f"s{mark_count}"
                mark_count += 1
                c.bookmarkPage(key, fit="XYZ", left=0, top=top - item.top)
                c.addOutlineEntry(mark.title, key, level=mark.level)
            _draw_line(c, item, left, baseline)
        numbers.draw(c, number)
        c.showPage()
    if mark_count:
        c.showOutline()
    a85 = rl_config.useA85
    rl_config.useA85 = 0  # binary streams: smaller and faster than ASCII85 text
    try:
        c.save()
    finally:
        rl_config.useA85 = a85
    warnings = faces.warnings()
    if comp.dropped:
        shown = " ".join(f"U+{ord(ch):04X}" for ch in comp.dropped)
        warnings.append(f"pdf: dropped control character(s) that cannot be drawn: {shown}")
    return WriteResult(pages=len(pages), warnings=warnings)


def _draw_line(c: rl_canvas.Canvas, item: Placed[Line], left: float, baseline: float) -> None:
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
        text.textOut(run.text)
    c.drawText(text)


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


def _metadata(c: rl_canvas.Canvas, doc: Document, settings: dict[str, float]) -> None:
    c.setTitle(doc.title)
    c.setAuthor(doc.author or "")
    c.setCreator("converter")
    c.setSubject(_subject(doc))
    source = "".join(doc.text_pieces())[: int(settings["keywords_source_chars"])]
    if source:
        c.setKeywords(list(words.keywords(source, int(settings["keywords"]))))


def _subject(doc: Document) -> str:
    """The subtitle, else the first sentence of the body."""
    if doc.subtitle:
        return re.sub(r"^[—\-\s]+", "", doc.subtitle)
    for node, _ in doc.walk():
        if isinstance(node, Paragraph) and node.text.strip():
            m = _SENTENCE.match(node.text.strip())
            return m.group() if m else node.text.strip()
    return ""
