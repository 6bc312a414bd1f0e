"""Turn the outline tree into laid-out blocks: title, title block, salutation, headings, body.

Every number comes from the Style: sizes, line heights, indents (in body characters),
spaces (in body lines), the character grid. Full-width characters sit on the grid
pitch scaled to their size, which is what Word does with ``w:charSpace``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from converter.layout import Block, Line, Run, break_paragraph
from converter.layout.chars import plain_spaces
from converter.prepare import Prepared, rest, split_runin
from converter.styles import MM_PER_PT, Element, Style
from converter.tree import At, Document, Paragraph, Section, Table, Visitor
from converter.writers.headings import heading_text, outline_text
from converter.writers.pdf.faces import FaceSet
from converter.writers.pdf.table import TableLayout, add_table


@dataclass(frozen=True)
class Mark:
    """An outline entry pointing at the first line of a block."""

    title: str
    level: int  # 0 = top


@dataclass
class Composition:
    blocks: list[Block[Line]] = field(default_factory=list)
    centres: list[float] = field(default_factory=list)  # per block: em-box centre above the baseline, pt
    marks: dict[int, Mark] = field(default_factory=dict)
    dropped: dict[str, None] = field(default_factory=dict)  # control characters that cannot be drawn
    forced: list[str] = field(default_factory=list)  # line ends forced inside a unit wider than the line
    tables: TableLayout = field(default_factory=TableLayout)  # row blocks and rules (converter/writers/pdf/table.py)


class Composer(Visitor):
    """Lays out each element of a Document with the Style's numbers: a walk over the tree."""

    def __init__(self, style: Style, faces: FaceSet, prepared: Prepared) -> None:
        super().__init__()
        self.prepared = prepared
        self.style = style
        self.faces = faces
        page = style.page
        self.width = page.text_width_mm / MM_PER_PT
        self.pitch = page.line_pitch_pt
        self.char_pitch = page.char_pitch_pt
        self.body_size = style.element("body").size_pt
        self.out = Composition()

    # ------------------------------------------------------------------ runs

    def _clean(self, text: str) -> str:
        """Tabs, line breaks and spaces the fonts lack become spaces they have; control characters cannot be drawn."""
        if text.isprintable():
            return text
        text = plain_spaces(text)
        chars = []
        for ch in text:
            if ch in "\t\n\r\x0b\x0c\u2028\u2029":
                chars.append(" ")
            elif unicodedata.category(ch) == "Cc":
                self.out.dropped[ch] = None
            else:
                chars.append(ch)
        return "".join(chars)

    def runs(self, text: str, element: Element, bold: bool | None = None) -> list[Run]:
        """``text`` in the element's role, split per character onto faces that have the glyph."""
        size = element.size_pt
        pitch = self.char_pitch * size / self.body_size
        weight = element.bold if bold is None else bold
        return [
            Run(part, face.name, size, pitch, self.faces.advance(face, size), weight, self.faces.ink(face, size))
            for part, face in self.faces.split(element.role, self._clean(text))
        ]

    # ------------------------------------------------------------------ blocks

    def add(
        self,
        runs: list[Run],
        element: Element,
        keep_with_next: bool = False,
        mark: Mark | None = None,
    ) -> None:
        lines = break_paragraph(runs, self.width, element.indent_chars * self.char_pitch, element.align)
        self.note_forced(lines)
        self.push(lines, element, keep_with_next=keep_with_next, mark=mark)

    def note_forced(self, lines: list[Line]) -> None:
        """Remember where a word wider than the line had to be broken, for the build's warnings."""
        for line in lines:
            if line.forced:
                self.out.forced.append(line.text[-12:])

    def push(
        self,
        lines: list[Line],
        element: Element,
        keep_with_next: bool = False,
        keep_together: bool = False,
        mark: Mark | None = None,
    ) -> None:
        if not lines:
            return
        if mark is not None:
            self.out.marks[len(self.out.blocks)] = mark
        before = element.space_before_lines * self.pitch
        if self.out.blocks:  # like the DOCX (and CSS margins): the larger gap wins, they do not add up
            before = max(0.0, before - self.out.blocks[-1].space_after)
        self.out.blocks.append(
            Block(
                lines=lines,
                line_height=element.line_height_pt or self.pitch,
                space_before=before,
                space_after=element.space_after_lines * self.pitch,
                keep_with_next=keep_with_next,
                keep_together=keep_together,
            )
        )
        self.out.centres.append(self.faces.primary(element.role).centre(element.size_pt))

    # ------------------------------------------------------------------ the walk (converter.tree.visit)

    def compose(self, doc: Document) -> Composition:
        """Lay out every part in the walk's one order."""
        self.document(doc)
        return self.out

    def part_title(self, doc: Document) -> None:
        style = self.style
        if doc.title:
            title = style.element("title")
            lines: list[Line] = []
            for part in self.prepared.title_lines(doc.title, title.max_line_chars or style.page.chars):
                lines.extend(break_paragraph(self.runs(part, title), self.width, 0.0, title.align))
            self.note_forced(lines)
            self.push(lines, title, keep_with_next=True, keep_together=True)
        for name in ("subtitle", "date", "author"):
            value = getattr(doc, name)
            if value:
                element = style.element(name)
                self.add(self.runs(value, element), element, keep_with_next=True)

    def part_salutation(self, doc: Document) -> None:
        if doc.salutation:
            element = self.style.element("salutation")
            self.add(self.runs(doc.salutation, element), element)

    def visit_paragraph(self, node: Paragraph, at: At) -> None:
        self.paragraph(node)

    def visit_table(self, node: Table, at: At) -> None:
        add_table(self, node)

    def paragraph(self, para: Paragraph, lead: list[Run] | None = None, mark: Mark | None = None) -> None:
        body, point = self.style.element("body"), self.style.element("point")
        runs = list(lead or [])
        for text, is_point in para.spans():
            runs.extend(self.runs(text, point if is_point else body))
        self.add(runs, body, mark=mark)

    def visit_section(self, node: Section, at: At) -> None:
        """A heading with its outline entry (one level per depth); a run-in one leads its paragraph."""
        element = self.style.heading(node.level)
        mark = Mark(outline_text(node), at.depth - 1)
        heading = self.runs(heading_text(node), element)
        lead = split_runin(self, node, at)
        if lead:
            self.paragraph(lead[0], lead=heading, mark=mark)
        else:
            self.add(heading, element, keep_with_next=bool(node.children), mark=mark)
        self.walk_children(node, at, start=rest(lead))
