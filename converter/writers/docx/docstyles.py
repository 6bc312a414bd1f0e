"""Named paragraph styles (公文标题, 公文正文, 公文一级标题…) built from the style sheet.

Real styles, not direct formatting, so users can restyle in Word/WPS and headings reach
the navigation pane and TOC through their outline levels (docs/docx.md §4, §5).
Every style carries explicit ``w:rFonts`` with ``w:eastAsia`` and no theme fonts (docs/docx.md §3).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from docx.oxml.ns import qn
from lxml import etree

from converter.styles import Element, Style
from converter.writers.docx.geometry import TWIPS_PER_PT, Geometry
from converter.writers.docx.ooxml import el, fonts, sub

JC = {"justify": "both", "center": "center", "left": "left", "right": "right"}


@dataclass(frozen=True)
class ParaStyle:
    """One paragraph style: its id, its display name and the sheet element it comes from."""

    style_id: str
    name: str
    element: str
    outline: int | None = None  # 0-based outline level (heading n -> n-1)
    keep_next: bool = False


TITLE = ParaStyle("GwTitle", "公文标题", "title", keep_next=True)
SUBTITLE = ParaStyle("GwSubtitle", "公文副标题", "subtitle", keep_next=True)
DATE = ParaStyle("GwDate", "公文日期", "date", keep_next=True)
AUTHOR = ParaStyle("GwAuthor", "公文作者", "author", keep_next=True)
SALUTATION = ParaStyle("GwSalutation", "公文称谓", "salutation")
BODY = ParaStyle("GwBody", "公文正文", "body")
HEADINGS = tuple(
    ParaStyle(f"GwHeading{n}", f"公文{'一二三四'[n - 1]}级标题", f"heading{n}", outline=n - 1, keep_next=True)
    for n in range(1, 5)
)
ALL = (TITLE, SUBTITLE, DATE, AUTHOR, SALUTATION, BODY, *HEADINGS)
PAGE_NUMBER_ID = "GwPageNumber"
HEADER_ID = "GwHeader"
POINT_ID = "GwPoint"
BODY_TEXT_ID = "GwBodyText"


def heading(level: int) -> ParaStyle:
    return HEADINGS[min(max(level, 1), 4) - 1]


def no_hanging(ppr: etree._Element) -> None:
    """Stop LibreOffice hanging 。，in the margin, where 7.4 sometimes drops them from the page.

    LibreOffice 7.4 reads ``w:overflowPunct`` inverted (val 1 -> no hanging punctuation) and
    only from each paragraph style, not through ``basedOn``. Val 1 is also Word's default
    (a hand-made document lets punctuation hang), so Word and WPS see nothing unusual.
    """
    sub(ppr, "w:overflowPunct", val=1)


def line_twips(element: Element, geo: Geometry) -> int:
    """Exact line height: the element's own (title) or one grid line."""
    if element.line_height_pt:
        return round(element.line_height_pt * TWIPS_PER_PT)
    return geo.line_pitch


def run_props(element: Element, style: Style, geo: Geometry, hint: bool = False) -> etree._Element:
    """Full character formatting of an element: fonts, weight, grid spacing, size."""
    rpr = el("w:rPr")
    rpr.append(fonts(style.latin_family, style.roles[element.role].docx, hint=hint))
    if element.bold:
        sub(rpr, "w:b")
        sub(rpr, "w:bCs")
    if element.size_pt == geo.body_size_pt and geo.run_spacing:
        # LibreOffice ignores charSpace; this squeeze gives it 28 characters a line too
        sub(rpr, "w:spacing", val=geo.run_spacing)
    half_points = round(element.size_pt * 2)
    sub(rpr, "w:sz", val=half_points)
    sub(rpr, "w:szCs", val=half_points)
    return rpr


def _style(style_id: str, name: str, kind: str = "paragraph") -> etree._Element:
    node = el("w:style", type=kind, customStyle=1, styleId=style_id)
    sub(node, "w:name", val=name)
    return node


def paragraph_style(spec: ParaStyle, style: Style, geo: Geometry) -> etree._Element:
    element = style.element(spec.element)
    node = _style(spec.style_id, spec.name)
    sub(node, "w:basedOn", val="Normal")
    sub(node, "w:next", val=BODY.style_id)
    sub(node, "w:qFormat")
    ppr = sub(node, "w:pPr")
    if spec.keep_next:
        sub(ppr, "w:keepNext")
        sub(ppr, "w:keepLines")  # a two-line heading is never split over a page
    # Word and LibreOffice move a paragraph's last line with the one before it rather than leave it
    # alone at a page top (the PDF's paginate() does the same); Normal keeps it off for the grid.
    sub(ppr, "w:widowControl")
    no_hanging(ppr)
    if element.line_height_pt:
        sub(ppr, "w:snapToGrid", val=0)  # a 2号 title must not be pushed onto two grid rows
    sub(
        ppr,
        "w:spacing",
        before=geo.lines(element.space_before_lines),
        after=geo.lines(element.space_after_lines),
        line=line_twips(element, geo),
        lineRule="exact",
    )
    indent = element.indent_chars
    sub(ppr, "w:ind", firstLineChars=round(indent * 100), firstLine=geo.chars(indent))
    sub(ppr, "w:jc", val=JC.get(element.align, "both"))
    if spec.outline is not None:
        sub(ppr, "w:outlineLvl", val=spec.outline)
    node.append(run_props(element, style, geo))
    return node


def character_style(style_id: str, name: str, element: str, style: Style, geo: Geometry) -> etree._Element:
    """A character style carrying one element's full run formatting."""
    node = _style(style_id, name, kind="character")
    sub(node, "w:basedOn", val="DefaultParagraphFont")
    sub(node, "w:qFormat")
    node.append(run_props(style.element(element), style, geo))
    return node


def _furniture_style(
    style_id: str,
    name: str,
    face: str,
    size_pt: float,
    align: str | None = None,
    before_grid: Callable[[etree._Element], None] | None = None,
) -> etree._Element:
    """A header or footer paragraph style: one face for Latin and Chinese, off the grid, exact line.

    ``before_grid`` adds what CT_PPr orders before ``w:snapToGrid`` (borders, tabs).
    """
    node = _style(style_id, name)
    sub(node, "w:basedOn", val="Normal")
    ppr = sub(node, "w:pPr")
    if before_grid is not None:
        before_grid(ppr)
    sub(ppr, "w:snapToGrid", val=0)
    sub(ppr, "w:spacing", before=0, after=0, line=round(size_pt * TWIPS_PER_PT), lineRule="exact")
    sub(ppr, "w:ind", firstLineChars=0, firstLine=0)
    if align is not None:
        sub(ppr, "w:jc", val=align)
    rpr = sub(node, "w:rPr")
    rpr.append(fonts(face, face, hint=True))
    half_points = round(size_pt * 2)
    sub(rpr, "w:sz", val=half_points)
    sub(rpr, "w:szCs", val=half_points)
    return node


def page_number_style(style: Style) -> etree._Element:
    """公文页码: 4号 宋体 for dashes and digits alike (half-width 宋体 digits, docs/gbt9704.md §11)."""
    number = style.page_number
    return _furniture_style(PAGE_NUMBER_ID, "公文页码", style.roles[number.role].docx, number.size_pt)


def header_style(style: Style, geo: Geometry) -> etree._Element:
    """公文页眉: the running header line (label left, meeting and date at a right tab), a thin rule below."""
    page = style.page

    def rule_and_tab(ppr: etree._Element) -> None:
        if page.header_rule_pt > 0:
            border = sub(sub(ppr, "w:pBdr"), "w:bottom", val="single", color="auto")
            border.set(qn("w:sz"), str(max(2, round(page.header_rule_pt * 8))))  # eighths of a point
            border.set(qn("w:space"), str(round(page.header_rule_gap_pt)))  # whole points
        sub(sub(ppr, "w:tabs"), "w:tab", val="right", pos=geo.text_width)

    face = style.roles[page.header_role].docx
    return _furniture_style(HEADER_ID, "公文页眉", face, page.header_size_pt, "left", rule_and_tab)


def normal_style(styles_root: etree._Element, style: Style, geo: Geometry) -> None:
    """Make Normal the body face on the grid: fonts, size, exact line, justified, no widow control.

    Widow control would move single lines and break the 22-lines-a-page grid, which
    Chinese templates switch off.
    """
    normal = styles_root.find(f"{qn('w:style')}[@{qn('w:styleId')}='Normal']")
    for child in list(normal):
        if child.tag in (qn("w:pPr"), qn("w:rPr"), qn("w:rsid")):
            normal.remove(child)
    body = style.element("body")
    ppr = sub(normal, "w:pPr")
    sub(ppr, "w:widowControl", val=0)
    no_hanging(ppr)
    sub(ppr, "w:spacing", before=0, after=0, line=geo.line_pitch, lineRule="exact")
    sub(ppr, "w:jc", val="both")
    rpr = sub(normal, "w:rPr")
    rpr.append(fonts(style.latin_family, style.roles[body.role].docx))
    half_points = round(body.size_pt * 2)
    sub(rpr, "w:sz", val=half_points)
    sub(rpr, "w:szCs", val=half_points)


def install(styles_root: etree._Element, style: Style, geo: Geometry) -> None:
    """Add (or replace) our styles in ``word/styles.xml``."""
    normal_style(styles_root, style, geo)
    ours = [paragraph_style(spec, style, geo) for spec in ALL]
    ours += [
        character_style(POINT_ID, "公文要点", "point", style, geo),  # 一是…二是… lead clauses
        character_style(BODY_TEXT_ID, "公文正文字", "body", style, geo),  # the body part of a run-in heading
        page_number_style(style),
    ]
    if any(style.page.header_parts):
        ours.append(header_style(style, geo))
    ids = {node.get(qn("w:styleId")) for node in ours}
    for old in styles_root.findall(qn("w:style")):
        if old.get(qn("w:styleId")) in ids:
            styles_root.remove(old)
    styles_root.extend(ours)
