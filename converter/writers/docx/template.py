"""Fix python-docx's default template: it is US Letter, theme-fonted and Japanese-leaning.

docs/docx.md §1: A4 and GB/T 9704 margins, a ``linesAndChars`` grid, Chinese
as the East Asian language, explicit fonts instead of theme fonts everywhere, and no
leftovers (a blank-page thumbnail, a second copy of the styles) that would show or win.
"""

from __future__ import annotations

from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Twips

from converter.styles import Style
from converter.writers.docx.geometry import Geometry
from converter.writers.docx.ooxml import fonts, strip_theme_fonts, sub

_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def page_setup(document: Any, geo: Geometry, style: Style) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Twips(geo.page_width), Twips(geo.page_height)
    section.top_margin, section.bottom_margin = Twips(geo.top), Twips(geo.bottom)
    section.left_margin, section.right_margin = Twips(geo.left), Twips(geo.right)
    section.gutter = Twips(0)
    section.footer_distance = Twips(geo.footer)
    section.header_distance = Twips(geo.header)
    sect_pr = section._sectPr
    for name in ("w:rsidR", "w:rsidRPr", "w:rsidSect"):
        sect_pr.attrib.pop(qn(name), None)
    grid = sect_pr.find(qn("w:docGrid"))
    grid_type = grid_kind(style)
    grid.set(qn("w:type"), grid_type)
    grid.set(qn("w:linePitch"), str(geo.line_pitch))
    if grid_type in ("linesAndChars", "snapToChars"):
        grid.set(qn("w:charSpace"), str(geo.char_space))


def grid_kind(style: Style) -> str:
    """``[docx] grid``: "lines" (default) or "linesAndChars".

    LibreOffice 7.4 lays 16 pt text on a character grid at 12–14 characters a line (27 even
    with grid snapping off); a line grid plus the −0.25 pt run spacing gives 28 in both
    LibreOffice and Word (28 × 15.75 pt fits the 442 pt line, 29 does not).
    """
    return style.docx.grid


def doc_defaults(styles_root: Any, style: Style) -> None:
    """Document-wide defaults: body face and size, zh-CN, no paragraph spacing."""
    body = style.element("body")
    rpr = styles_root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    for child in list(rpr):
        rpr.remove(child)
    rpr.append(fonts(style.latin_family, style.roles[body.role].docx))
    half_points = round(body.size_pt * 2)
    sub(rpr, "w:sz", val=half_points)
    sub(rpr, "w:szCs", val=half_points)
    sub(rpr, "w:lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA")
    ppr = styles_root.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}")
    for child in list(ppr):
        ppr.remove(child)
    sub(ppr, "w:spacing", before=0, after=0)
    strip_theme_fonts(styles_root)


def settings(document: Any, style: Style) -> None:
    root = document.settings.element
    if style.page_number.placement == "outside":
        document.settings.odd_and_even_pages_header_footer = True
    lang = root.find(qn("w:themeFontLang"))
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    for tag in ("w:savePreviewPicture", "w:rsids"):
        node = root.find(qn(tag))
        if node is not None:
            root.remove(node)


def drop_leftovers(document: Any) -> None:
    """Remove the template's thumbnail (a blank Letter page) and stylesWithEffects (theme fonts)."""
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rel_id)
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype == _STYLES_WITH_EFFECTS:
            document.part.rels.pop(rel_id)
