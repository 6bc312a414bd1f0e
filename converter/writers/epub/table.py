"""A table node as XHTML ``<table>``: header rows in ``<thead>``, the caption in ``<caption>``.

Its CSS (appended to the style sheet by css.py) sets cells in the faces every writer uses
(converter/writers/table_style.py), rules above, below and between rows and columns but
not on the outer left and right edges, and the header repeated where a reading system
paginates tables.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from converter.styles import Style
from converter.tree.nodes import Table
from converter.writers.table_style import cell_elements, centred_columns, padded


def _text(text: str) -> str:
    return escape(text, quote=False)


def table_html(table: Table) -> str:
    centred = centred_columns(table)
    out = ['<table class="table">']
    if table.caption:
        out.append(f"<caption>{_text(table.caption)}</caption>")
    rows = padded(table)
    for r, row in enumerate(rows):
        head = r < table.header_rows
        if r == 0 and head:
            out.append("<thead>")
        if r == table.header_rows:
            out.append("<tbody>")
        cells = []
        for c, cell in enumerate(row):
            tag = "th" if head else "td"
            attr = ' class="c"' if centred[c] and not head else ""
            inner = "<br/>".join(_text(p.marker + p.text) for p in cell)
            cells.append(f"<{tag}{attr}>{inner}</{tag}>")
        out.append("<tr>" + "".join(cells) + "</tr>")
        if head and r == table.header_rows - 1:
            out.append("</thead>")
    if len(rows) > table.header_rows:
        out.append("</tbody>")
    out.append("</table>")
    return "\n".join(out)


def table_css(style: Style, rule: Callable[[str, list[str]], str], face: Callable) -> str:
    """CSS for tables; ``rule`` and ``face`` are css.py's helpers (selector + declarations, an element's face)."""
    header, body = cell_elements(style)
    ratio = body.size_pt / style.element("body").size_pt
    line = (body.line_height_pt or body.size_pt) / body.size_pt
    return "".join([
        rule("table.table", ["border-collapse: collapse;", "width: 100%;", f"font-size: {ratio:.3f}em;",
                             "margin: 0.5em 0;", "border-top: 1pt solid black;", "border-bottom: 1pt solid black;"]),
        rule("table.table caption", [*face(header), "text-align: center;", "caption-side: top;"]),
        rule("table.table thead", ["display: table-header-group;"]),
        rule("table.table tr", ["page-break-inside: avoid;", "break-inside: avoid;"]),
        rule("table.table th, table.table td", [f"line-height: {line:.3f};", "padding: 0.15em 0.4em;",
                                                "border: 0.5pt solid black;", "text-indent: 0;",
                                                "vertical-align: middle;"]),
        rule("table.table th", [*face(header), "text-align: center;"]),
        rule("table.table td", [*face(body), "text-align: justify;"]),
        rule("table.table td.c", ["text-align: center;"]),
        rule("table.table tr > :first-child", ["border-left: none;"]),
        rule("table.table tr > :last-child", ["border-right: none;"]),
    ])  # fmt: skip
