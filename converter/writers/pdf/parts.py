"""The parts of a 公文 beyond the body, laid out where GB/T 9704 puts them (docs/gbt9704.md §8–§13).

:class:`PartsComposer` extends the body composer with the 版头 (red issuer mark at its
standard distance, 发文字号, red rule), 题注, the 落款 (附件说明 with a hanging indent,
署名 and 成文日期 by the §9 formulas, 附注), attachments on new pages with their own
bookmarks, and the 版记 rows. :func:`paginate_parts` honours the page breaks and puts the
版记 at the foot of the last, even page; :func:`draw_item` adds the red and the rules.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from reportlab.pdfgen import canvas as rl_canvas

from converter.layout import Block, Line, Placed, break_paragraph, paginate
from converter.layout.gongwen import (
    PartSettings,
    attachment_note_lines,
    cc_text,
    part_settings,
    signature_indents,
)
from converter.prepare import Prepared, prepare
from converter.styles import MM_PER_PT, Element, Style
from converter.tree.nodes import SIGNERS_LABEL, Attachment, Closing, Document, Header, Imprint
from converter.tree.visit import attachment_path
from converter.writers.pdf.compose import Composer, Composition, Mark
from converter.writers.pdf.faces import FaceSet

EPS = 1e-6
_EMPTY = Line((), 0.0, 0.0, "", True)


@dataclass(frozen=True)
class Rule:
    """A horizontal rule drawn with a block: ``y`` pt below its first line box's top."""

    y: float
    width: float  # thickness, pt
    colour: str | None = None  # hex RGB; None for black


@dataclass
class PartsComposition(Composition):
    red: set[int] = field(default_factory=set)  # blocks drawn in the header colour
    colour: str = "#FF0000"
    rules: dict[int, list[Rule]] = field(default_factory=dict)
    breaks: set[int] = field(default_factory=set)  # blocks that start a new page
    imprint: list[int] = field(default_factory=list)  # 版记 rows (one block each), top to bottom
    even_imprint: bool = True


def _shift(line: Line, dx: float) -> Line:
    runs = tuple(replace(run, x=run.x + dx) for run in line.runs)
    return replace(line, runs=runs, left=line.left + dx, right=line.right + dx)


def _row(left: Line | None, right: Line | None) -> Line:
    """Two lines set on one printed row (发文字号 and 签发人; 印发机关 and 印发日期)."""
    parts = [line for line in (left, right) if line is not None]
    return Line(
        tuple(run for line in parts for run in line.runs),
        parts[0].left,
        parts[-1].right,
        "".join(line.text for line in parts),
        True,
    )


class PartsComposer(Composer):
    """The body composer plus every part of outline v2."""

    def __init__(self, style: Style, faces: FaceSet, prepared: Prepared, parts: PartSettings | None = None) -> None:
        super().__init__(style, faces, prepared)
        self.parts = parts or part_settings(style)
        self.out = PartsComposition(colour=self.parts.header.colour, even_imprint=self.parts.imprint.even_page)
        self.body_start = 0  # first block of the body: the signature never keeps the title with it

    # ------------------------------------------------------------------ helpers

    def _element(self, role: str, size: float, align: str = "left", indent: float = 0.0) -> Element:
        return Element(role=role, size_pt=size, align=align, indent_chars=indent)

    def _char(self, size: float) -> float:
        """One character of ``size`` on the grid, pt."""
        return self.char_pitch * size / self.body_size

    def _width(self, text: str, element: Element) -> float:
        lines = break_paragraph(self.runs(text, element), 1e6, 0.0, "left")
        return lines[0].right - lines[0].left if lines else 0.0

    def _spacer(self, height: float) -> None:
        if height > EPS:
            self.out.blocks.append(Block(lines=[_EMPTY], line_height=height))
            self.out.centres.append(0.0)

    def _block(self, lines: list[Line], element: Element, height: float | None = None, **keep: bool) -> int:
        self.push(lines, element, **keep)
        if height is not None:
            self.out.blocks[-1] = replace(self.out.blocks[-1], line_height=height)
        return len(self.out.blocks) - 1

    def _hanging(self, lead: str, text: str, element: Element, first: float, hang: float, right: float) -> list[Line]:
        """Lines whose first starts at ``first`` pt and the rest at ``hang`` pt (hanging indent)."""
        width = self.width - hang - right
        # flush left: justification would open gaps and move the names off the hanging edge
        lines = break_paragraph(self.runs(lead + text, element), width, first - hang, "left")
        return [_shift(line, hang) for line in lines]

    # ------------------------------------------------------------------ document

    def part_header(self, doc: Document) -> None:
        if self.prepared.header:
            self.banner(self.prepared.header)

    def part_notes(self, doc: Document) -> None:
        notes = self.style.element("date")
        for note in doc.notes:
            self.add(self.runs(note, notes), notes, keep_with_next=True)

    def part_body(self, doc: Document) -> None:
        self.body_start = len(self.out.blocks)
        super().part_body(doc)

    def part_closing(self, doc: Document) -> None:
        if doc.closing:
            self.closing(doc.closing)

    def part_imprint(self, doc: Document) -> None:
        if doc.imprint:
            self.imprint(doc.imprint)

    def banner(self, header: Header) -> None:
        """版头: 份号/密级/紧急 top left, the red mark 35 mm down, 发文字号, the red rule (§12)."""
        settings, pitch = self.parts.header, self.pitch
        item = self._element("hei", self.body_size)
        tops = header.banner_items()
        for text in tops:
            self._block(break_paragraph(self.runs(text, item), self.width, 0.0, "left"), item, keep_with_next=True)
        used = len(tops) * pitch
        issuer_block = None
        if header.issuer:
            self._spacer(settings.issuer_top_mm / MM_PER_PT - used)
            size = settings.issuer_size_pt
            fit = self.width / max(1.0, self._width(header.issuer, self._element(settings.issuer_role, size)) / size)
            mark = self._element(settings.issuer_role, min(size, fit), "center")
            lines = break_paragraph(self.runs(header.issuer, mark), self.width, 0.0, "center")
            issuer_block = self._block(lines, mark, height=mark.size_pt, keep_with_next=True)
            self.out.red.add(issuer_block)
        number_block = self.number_line(header, settings.number_gap_lines * pitch if header.issuer else 0.0)
        if issuer_block is None:  # no 版头: the tree's lines stand above the title, a blank line between
            self._spacer(pitch)
            return
        gap = settings.rule_gap_mm / MM_PER_PT
        if number_block is not None:
            rule_y = (pitch + self.body_size) / 2 + gap  # from the 发文字号 line's top: its em box bottom + gap
            anchor, height = number_block, pitch
        else:
            rule_y = self.out.blocks[issuer_block].line_height + gap
            anchor, height = issuer_block, self.out.blocks[issuer_block].line_height
        self.out.rules[anchor] = [Rule(rule_y, settings.rule_pt, settings.colour)]
        self._spacer(rule_y - height + settings.title_gap_lines * pitch)

    def number_line(self, header: Header, before: float) -> int | None:
        """发文字号 centred; for 上行文 at 1 char from the left, with 签发人 1 char from the right."""
        body = self.style.element("body")
        plain = self._element(body.role, self.body_size)
        inset = self.parts.header.signer_indent_chars * self.char_pitch
        if not header.signers:
            if not header.doc_number:
                return None
            line = break_paragraph(self.runs(header.doc_number, plain), self.width, 0.0, "center")
        else:
            names = self.runs(SIGNERS_LABEL, plain) + self.runs("　".join(header.signers), self.style.element("date"))
            right = break_paragraph(names, self.width - inset, 0.0, "right")
            left = None
            if header.doc_number:
                left = break_paragraph(self.runs(header.doc_number, plain), self.width, inset, "left")[0]
            line = [_row(left, right[0]), *right[1:]]
        block = self._block(line, plain, keep_with_next=True)
        self.out.blocks[block] = replace(self.out.blocks[block], space_before=before)
        return block

    def keep_tail(self) -> None:
        """Never the signature alone on a page: the body's last ``keep_body_lines`` lines go with it (§8).

        The blocks holding those lines keep with the next; the one they start in is split.
        """
        out, need = self.out, self.parts.closing.keep_body_lines
        b = len(out.blocks) - 1
        while b >= self.body_start and need > 0:
            block = out.blocks[b]
            if len(block.lines) <= need:
                out.blocks[b] = replace(block, keep_with_next=True)
                need -= len(block.lines)
                b -= 1
                continue
            head = replace(block, lines=block.lines[:-need], space_after=0.0, keep_with_next=False)
            tail = replace(block, lines=block.lines[-need:], space_before=0.0, keep_with_next=True, keep_together=True)
            out.blocks[b : b + 1] = [head, tail]
            out.centres.insert(b, out.centres[b])
            out.marks = {k + (k > b): v for k, v in out.marks.items()}
            out.rules = {k + (k > b): v for k, v in out.rules.items()}
            out.red = {k + (k > b) for k in out.red}
            out.breaks = {k + (k > b) for k in out.breaks}
            return

    def closing(self, closing: Closing) -> None:
        settings, pitch = self.parts.closing, self.pitch
        body = self.style.element("body")
        plain = self._element(body.role, self.body_size)
        self.keep_tail()
        indent = body.indent_chars * self.char_pitch
        label = indent
        for i, (lead, number, name) in enumerate(attachment_note_lines(closing.attachment_notes)):
            if i == 0:
                label = indent + self._width(lead, plain)
            hang = label + self._width(number, plain)
            lines = self._hanging(lead, number + name, plain, indent if lead else label, hang, 0.0)
            block = self._block(lines, plain, keep_with_next=True)
            if i == 0:
                self.out.blocks[block] = replace(self.out.blocks[block], space_before=settings.notes_gap_lines * pitch)
        indents = signature_indents(closing.signature, closing.sign_date, settings)
        gap = (settings.sealed_gap_lines if settings.sealed else settings.gap_lines) * pitch
        rights = [(name, right) for name, right in zip(closing.signature, indents.signature, strict=True)]
        if closing.sign_date and indents.date is not None:
            rights.append((closing.sign_date, indents.date))
        for i, (text, right) in enumerate(rights):
            lines = break_paragraph(self.runs(text, plain), self.width - right * self.char_pitch, 0.0, "right")
            block = self._block(lines, plain, keep_with_next=i < len(rights) - 1 or bool(closing.note))
            if i == 0:
                self.out.blocks[block] = replace(self.out.blocks[block], space_before=gap)
        if closing.note:
            self.add(self.runs(closing.note, body), body)

    def visit_attachment(self, attachment: Attachment, index: int) -> None:
        """A new page: label top left in 黑体, title centred on line 3, then the body one level down (§10)."""
        settings = self.parts.attachment
        self.out.breaks.add(len(self.out.blocks))
        label = self._element(settings.label_role, settings.label_size_pt)
        title = replace(
            self.style.element("title"),
            role=settings.title_role,
            size_pt=settings.title_size_pt,
            space_before_lines=0.0,
        )
        entry = " ".join(part for part in (attachment.label, attachment.title) if part) or "附件"
        if attachment.label:
            lines = break_paragraph(self.runs(attachment.label, label), self.width, 0.0, "left")
            self.push(lines, label, keep_with_next=True, mark=Mark(entry, 0))
            entry = ""
        if attachment.title:
            lines = []
            for part in self.prepared.title_lines(attachment.title, title.max_line_chars or self.style.page.chars):
                lines.extend(break_paragraph(self.runs(part, title), self.width, 0.0, "center"))
            before = (settings.title_line - 1 - (1 if attachment.label else 0)) * self.pitch
            self.push(lines, title, keep_with_next=True, keep_together=True, mark=Mark(entry, 0) if entry else None)
            self.out.blocks[-1] = replace(self.out.blocks[-1], space_before=max(0.0, before))
        self.walk(attachment.children, attachment_path(index), depth=2)

    def imprint(self, imprint: Imprint) -> None:
        """版记 rows: 抄送 (hanging after the colon), then 印发机关 left and 印发日期 right (§13)."""
        settings = self.parts.imprint
        element = self._element(settings.role, settings.size_pt)
        inset = settings.indent_chars * self._char(settings.size_pt)
        rows: list[tuple[list[Line], bool]] = []  # (lines, thin rule above)
        if imprint.cc:
            hang = inset + self._width(cc_text(""), element)
            rows.append((self._hanging("", cc_text(imprint.cc), element, inset, hang, inset), False))
        issued_by, issued_date = imprint.issued_by, imprint.issued_date
        if issued_by or issued_date:
            width = self.width - inset
            left = break_paragraph(self.runs(issued_by, element), width, inset, "left") if issued_by else []
            right = break_paragraph(self.runs(issued_date, element), width, 0.0, "right") if issued_date else []
            row = [_row(left[-1] if left else None, right[0] if right else None)]
            rows.append(([*left[:-1], *row, *right[1:]], bool(imprint.cc)))
        thick, thin = settings.thick_mm / MM_PER_PT, settings.thin_mm / MM_PER_PT
        for r, (lines, thin_above) in enumerate(rows):
            block = self._block(lines, element)
            self.out.imprint.append(block)
            rules = self.out.rules.setdefault(block, [])
            if r == 0:
                rules.append(Rule(0.0, thick))
            elif thin_above:
                rules.append(Rule(0.0, thin))
            if r == len(rows) - 1:
                rules.append(Rule(len(lines) * self.pitch, thick))


def paginate_parts(comp: PartsComposition, height: float) -> tuple[list[list[Placed[Line]]], set[int]]:
    """Pages with the forced breaks, and the 版记 at the foot of the last (even) page.

    Returns the pages and the 1-based numbers of pages that print no page number: a blank
    page added before the 版记 and the 版记 page after it (docs/gbt9704.md §11).
    """
    imprint = set(comp.imprint)
    flow = [b for b in range(len(comp.blocks)) if b not in imprint]
    starts = [0] + [i for i, b in enumerate(flow) if b in comp.breaks and i > 0] + [len(flow)]
    pages: list[list[Placed[Line]]] = []
    for a, z in itertools.pairwise(starts):
        chunk = flow[a:z]
        for page in paginate([comp.blocks[b] for b in chunk], height):
            pages.append([replace(p, block=chunk[p.block]) for p in page])
    if not pages:
        pages.append([])
    unnumbered: set[int] = set()
    if not comp.imprint:
        return pages, unnumbered
    rows = [comp.blocks[b] for b in comp.imprint]
    need = sum(len(b.lines) * b.line_height for b in rows)
    used = max((p.top + p.height for p in pages[-1]), default=0.0)
    fits = used + need <= height + EPS and pages[-1]
    if not (fits and (len(pages) % 2 == 0 or not comp.even_imprint)):
        pages.append([])
        if comp.even_imprint and len(pages) % 2 == 1:
            unnumbered |= {len(pages), len(pages) + 1}
            pages.append([])
    y = height - need
    for b in comp.imprint:
        block = comp.blocks[b]
        for i, line in enumerate(block.lines):
            pages[-1].append(Placed(b, i, line, y, block.line_height))
            y += block.line_height
    return pages, unnumbered


def _rgb(colour: str) -> tuple[float, float, float]:
    value = int(colour.lstrip("#"), 16)
    return ((value >> 16) & 255) / 255, ((value >> 8) & 255) / 255, (value & 255) / 255


def draw_item(
    c: rl_canvas.Canvas,
    comp: Composition,
    item: Placed[Line],
    left: float,
    top: float,
    baseline: float,
    draw_line: Callable[[rl_canvas.Canvas, Placed[Line], float, float], None],
    width: float,
) -> None:
    """Draw one placed line, in red when its block is the issuer mark, with its block's rules."""
    if not isinstance(comp, PartsComposition):
        draw_line(c, item, left, baseline)
        return
    if item.index == 0:
        for rule in comp.rules.get(item.block, []):
            c.saveState()
            c.setStrokeColorRGB(*_rgb(rule.colour or "000000"))
            c.setLineWidth(rule.width)
            y = top - item.top - rule.y
            c.line(left, y, left + width, y)
            c.restoreState()
    if item.block in comp.red:
        c.saveState()
        c.setFillColorRGB(*_rgb(comp.colour))
        c.setStrokeColorRGB(*_rgb(comp.colour))
        draw_line(c, item, left, baseline)
        c.restoreState()
    else:
        draw_line(c, item, left, baseline)


def compose(style: Style, faces: FaceSet, doc: Document) -> PartsComposition:
    """Every part laid out, from the build's prepared tree (item markers inline)."""
    prepared = prepare(doc, style)
    out = PartsComposer(style, faces, prepared).compose(prepared.doc)
    assert isinstance(out, PartsComposition)
    return out
