"""How every writer sets a table: the cells' type and the share of the width each column gets.

Tables are set in 3号 or 4号 仿宋 (docs/gbt9704.md §14): cells take the style sheet's
``table`` element when it has one, else the body face one size down from 3号 (4号, 14 pt),
unindented, on a line 1.5 times their size; the header row is set in the first-level
heading's face (黑体), centred. A column's share of the text width follows its longest
cell, so a 序号 column stays narrow; a column of short cells is centred.
"""

from __future__ import annotations

from dataclasses import replace

from converter.styles import Element, Style
from converter.tree.nodes import Table

_SIZE_3HAO = 16.0
_SIZE_4HAO = 14.0
_LINE = 1.5
_MIN_CHARS = 2.0  # no column narrower than two characters
_NEED_CHARS = 4.0  # a column of longer cells needs room for four characters a line at least
_LINE_CHARS = 32.0  # 4号 characters across a 3号 measure of 28
_PAD_CHARS = 0.7  # a cell's inner margins, in characters
_CENTRED_CHARS = 8  # a column whose cells are all this short is centred


def cell_elements(style: Style) -> tuple[Element, Element]:
    """(header cell, body cell) elements."""
    body = style.element("body")
    own = style.elements.get("table")
    size = own.size_pt if own else (_SIZE_4HAO if body.size_pt >= _SIZE_3HAO else body.size_pt)
    cell = replace(
        own or body,
        size_pt=size,
        bold=False,
        align="justify",
        indent_chars=0.0,
        line_height_pt=round(size * _LINE, 2),
        space_before_lines=0.0,
        space_after_lines=0.0,
    )
    return replace(cell, role=style.heading(1).role, align="center"), cell


def cell_text(cell: tuple) -> str:
    return "".join(p.marker + p.text for p in cell)


def _width(text: str) -> float:
    return sum(1.0 if ord(ch) > 0x2E7F else 0.55 for ch in text)


def column_shares(table: Table) -> list[float]:
    """Each column's share of the width (summing to 1), as a browser sizes an automatic table.

    A column wants its longest cell on one line; it needs at least its header, or four
    characters (two for a column of short cells such as 序号). When all wants fit, each
    column gets a share of its want; when not, each gets what it needs and the rest of the
    width goes out in proportion to how much more each one wants.
    """
    columns = table.columns
    want = [_MIN_CHARS + _PAD_CHARS] * columns
    need = [_MIN_CHARS + _PAD_CHARS] * columns
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row):
            widest = max((_width(p.marker + p.text) for p in cell), default=0.0) + _PAD_CHARS
            want[c] = max(want[c], widest)
            need[c] = max(need[c], widest if r < table.header_rows else min(widest, _NEED_CHARS + _PAD_CHARS))
    if sum(want) <= _LINE_CHARS:
        return [w / sum(want) for w in want]
    need = [min(n, w) for n, w in zip(need, want, strict=True)]
    spare = max(_LINE_CHARS - sum(need), 0.0)
    extra = [w - n for w, n in zip(want, need, strict=True)]
    widths = [n + spare * e / (sum(extra) or 1.0) for n, e in zip(need, extra, strict=True)]
    return [w / sum(widths) for w in widths]


def centred_columns(table: Table) -> list[bool]:
    """Columns whose body cells are all short (序号, 数量, 单位): set centred."""
    out = [True] * table.columns
    for row in table.rows[table.header_rows :]:
        for c, cell in enumerate(row):
            if len(cell_text(cell)) > _CENTRED_CHARS:
                out[c] = False
    return out


def padded(table: Table) -> list[list[tuple]]:
    """Rows padded with empty cells to the table's width (a row may be short)."""
    return [list(row) + [()] * (table.columns - len(row)) for row in table.rows]
