"""A table node in the PDF: cells set by the same line engine, rows kept whole, header repeated.

Each cell's paragraphs are broken by ``break_paragraph`` in its column's width (faces and
sizes from converter/writers/table_style.py). A row is one layout block whose lines are
"slices": slice *i* carries line *i* of every cell, moved to its column. The block is kept
together, so a row never splits across pages unless it is taller than a page (then the
paginator splits it between slices). Each slice draws its own piece of the column rules,
so a split row still looks ruled. Rules run above and below the table, between rows and
between columns, never on the outer left and right edges. Space after the table brings
the text below back onto the line grid. Each body row names the header rows for the
paginator to set again on top of any page the row opens (``Block.repeat``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from reportlab.pdfgen import canvas as rl_canvas

from converter.layout import Line, Placed, break_paragraph
from converter.tree.nodes import Table
from converter.writers.table_style import cell_elements, centred_columns, column_shares, padded

if TYPE_CHECKING:
    from converter.writers.pdf.compose import Composer, Composition

_PAD = 3.0  # pt inside each cell, left and right
_OUTER = 1.0  # pt: rules above and below the table
_INNER = 0.5  # pt: rules between rows and columns


@dataclass(frozen=True)
class RowRules:
    """What a row block draws besides its text: column edges (pt from the text block's left edge) and rules."""

    edges: tuple[float, ...]  # inner column boundaries
    width: float
    top: float  # thickness of the rule above the row
    bottom: float  # thickness of the rule below it (0: the next row draws it)


@dataclass
class TableLayout:
    """The rules each table row block draws besides its text, by block index."""

    rules: dict[int, RowRules] = field(default_factory=dict)


def add_table(composer: Composer, table: Table) -> None:
    """Lay out ``table`` as row blocks at the end of the composition."""
    out = composer.out
    header, body = cell_elements(composer.style)
    width = composer.width
    shares = column_shares(table)
    xs = [0.0]
    for share in shares:
        xs.append(xs[-1] + share * width)
    xs[-1] = width
    centred = centred_columns(table)
    start = len(out.blocks)
    if table.caption:
        composer.add(composer.runs(table.caption, header), replace(header, align="center"), keep_with_next=True)
    template = break_paragraph(composer.runs("\u3000", body), width)[0]
    rows = padded(table)
    layout = out.tables
    heads: list[int] = []  # block indexes of the header rows
    for r, row in enumerate(rows):
        element = header if r < table.header_rows else body
        cells: list[list[Line]] = []
        for c, cell in enumerate(row):
            align = "center" if r < table.header_rows or centred[c] else "justify"
            lines: list[Line] = []
            for para in cell:
                runs = composer.runs(para.marker + para.text, element)
                lines += break_paragraph(runs, xs[c + 1] - xs[c] - 2 * _PAD, 0.0, align)
            cells.append(lines)
        slices = []
        for i in range(max(1, *(len(lines) for lines in cells))):
            glyphs = tuple(
                replace(g, x=g.x + xs[c] + _PAD)
                for c, lines in enumerate(cells)
                if i < len(lines)
                for g in lines[i].runs
            )
            text = "\t".join(lines[i].text if i < len(lines) else "" for lines in cells)
            slices.append(replace(template, runs=glyphs, left=0.0, right=width, text=text, last=True))
        top, bottom = _OUTER if r == 0 else _INNER, _OUTER if r == len(rows) - 1 else 0.0
        here = len(out.blocks)
        layout.rules[here] = RowRules(tuple(xs[1:-1]), width, top, bottom)
        composer.push(slices, element, keep_with_next=r < table.header_rows, keep_together=True)
        if r < table.header_rows:
            heads.append(here)
        else:  # the header rows again on top of any page this row opens
            out.blocks[-1] = replace(out.blocks[-1], repeat=tuple(here - h for h in heads))
    _back_on_grid(out, start, composer.pitch)


def _back_on_grid(out: Composition, start: int, pitch: float) -> None:
    """Space after the table up to the next grid line, so the body text below stays on the 22-line grid."""
    height = sum(len(b.lines) * b.line_height + b.space_before + b.space_after for b in out.blocks[start:])
    gap = -height % pitch
    if gap > 1e-6:
        out.blocks[-1] = replace(out.blocks[-1], space_after=out.blocks[-1].space_after + gap)


def draw_rules(c: rl_canvas.Canvas, out: Composition, item: Placed[Line], left: float, line_top: float) -> None:
    """The rules a table row's slice carries: column edges down its height, the row's top and bottom rules."""
    rules = out.tables.rules.get(item.block)
    if rules is None:
        return
    bottom = line_top - item.height
    last = item.index == len(out.blocks[item.block].lines) - 1
    for x in rules.edges:
        c.setLineWidth(_INNER)
        c.line(left + x, line_top, left + x, bottom)
    if item.index == 0 and rules.top:
        c.setLineWidth(rules.top)
        c.line(left, line_top, left + rules.width, line_top)
    if last and rules.bottom:
        c.setLineWidth(rules.bottom)
        c.line(left, bottom, left + rules.width, bottom)
