"""A table node as a real Word table (``w:tbl``), GB/T 9704 as practised (docs/gbt9704.md §14).

Cells in 仿宋 (converter/writers/table_style.py), the header rows repeated at the top of
each page (``w:tblHeader``), no row split across a page (``w:cantSplit``), full text width,
columns sized to their content, rules across and between columns but none on the outer
left and right edges. Cell paragraphs are off the document grid with an exact line, so a
4号 cell is not stretched to the 3号 grid pitch.
"""

from __future__ import annotations

from lxml import etree

from converter.styles import Element, Style
from converter.tree.nodes import Paragraph, Table
from converter.writers.docx import docstyles
from converter.writers.docx.geometry import TWIPS_PER_PT, Geometry
from converter.writers.docx.ooxml import el, fonts, sub, text_run
from converter.writers.table_style import cell_elements, centred_columns, column_shares, padded

_OUTER_RULE = 8  # eighths of a point: a 1 pt rule above and below the table
_INNER_RULE = 4  # 0.5 pt between rows and columns
_CELL_MARGIN = 85  # twips (1.5 mm) left and right inside each cell


def table_element(table: Table, style: Style, geo: Geometry) -> list[etree._Element]:
    """The caption paragraph (if any) and the ``w:tbl`` (the text is XML-safe already: converter.prepare)."""
    header, body = cell_elements(style)
    widths = _widths(table, geo)
    centred = centred_columns(table)
    out = []
    if table.caption:
        p = _paragraph(header, style, "center")
        _run(p, table.caption, header, style)
        out.append(p)
    tbl = el("w:tbl")
    tpr = sub(tbl, "w:tblPr")
    sub(tpr, "w:tblW", w=sum(widths), type="dxa")
    sub(tpr, "w:jc", val="center")
    borders = sub(tpr, "w:tblBorders")
    for edge, size in (("top", _OUTER_RULE), ("left", 0), ("bottom", _OUTER_RULE), ("right", 0),
                       ("insideH", _INNER_RULE), ("insideV", _INNER_RULE)):  # fmt: skip
        if size:
            sub(borders, f"w:{edge}", val="single", sz=size, space=0, color="000000")
        else:
            sub(borders, f"w:{edge}", val="nil")
    sub(tpr, "w:tblLayout", type="fixed")
    margins = sub(tpr, "w:tblCellMar")
    sub(margins, "w:left", w=_CELL_MARGIN, type="dxa")
    sub(margins, "w:right", w=_CELL_MARGIN, type="dxa")
    grid = sub(tbl, "w:tblGrid")
    for width in widths:
        sub(grid, "w:gridCol", w=width)
    for r, row in enumerate(padded(table)):
        tr = sub(tbl, "w:tr")
        trpr = sub(tr, "w:trPr")
        sub(trpr, "w:cantSplit")
        is_header = r < table.header_rows
        if is_header:
            sub(trpr, "w:tblHeader")
        element = header if is_header else body
        for c, cell in enumerate(row):
            tc = sub(tr, "w:tc")
            tcpr = sub(tc, "w:tcPr")
            sub(tcpr, "w:tcW", w=widths[c], type="dxa")
            sub(tcpr, "w:vAlign", val="center")
            align = "center" if is_header or centred[c] else "both"
            for para in cell or (Paragraph(""),):
                p = _paragraph(element, style, align)
                _run(p, para.marker + para.text, element, style)
                tc.append(p)
    out.append(tbl)
    return out


def _widths(table: Table, geo: Geometry) -> list[int]:
    shares = column_shares(table)
    widths = [int(geo.text_width * share) for share in shares]
    widths[-1] += geo.text_width - sum(widths)
    return widths


def _paragraph(element: Element, style: Style, align: str) -> etree._Element:
    p = el("w:p")
    ppr = sub(p, "w:pPr")
    sub(ppr, "w:pStyle", val=docstyles.BODY.style_id)
    sub(ppr, "w:keepNext", val=0)
    sub(ppr, "w:snapToGrid", val=0)
    line = round((element.line_height_pt or element.size_pt) * TWIPS_PER_PT)
    sub(ppr, "w:spacing", before=0, after=0, line=line, lineRule="exact")
    sub(ppr, "w:ind", firstLineChars=0, firstLine=0)
    sub(ppr, "w:jc", val=align)
    return p


def _run(p: etree._Element, text: str, element: Element, style: Style) -> None:
    if not text:
        return
    rpr = el("w:rPr")
    rpr.append(fonts(style.latin_family, style.roles[element.role].docx, hint=True))
    half_points = round(element.size_pt * 2)
    sub(rpr, "w:sz", val=half_points)
    sub(rpr, "w:szCs", val=half_points)
    text_run(p, text, rpr)
