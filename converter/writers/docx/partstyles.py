"""The named DOCX paragraph styles of a 公文's parts beyond the body (docs/gbt9704.md §8–§13).

Each part has its own style (公文版头, 公文发文字号, 公文附件说明, 公文署名, 公文成文日期,
公文附注, 公文附件标识, 公文附件标题, 公文版记), so a secretary can restyle it in Word or
WPS. converter/writers/docx/parts.py writes the paragraphs that use them.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.oxml.ns import qn
from lxml import etree

from converter.layout.gongwen import PartSettings, part_settings
from converter.styles import Element, Style
from converter.writers.docx import docstyles
from converter.writers.docx.geometry import TWIPS_PER_PT, Geometry
from converter.writers.docx.ooxml import el, sub

# CT_PPr children in schema order: a child inserted out of order makes Word refuse the file.
_PPR_ORDER = (
    *("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr"),
    *("suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap"),
    *("overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid"),
    *("spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection"),
    *("textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"),
)
_RANK = {qn(f"w:{name}"): i for i, name in enumerate(_PPR_ORDER)}
BANNER_ITEM = "GwBannerItem"
IMPRINT_RULE = "GwImprintRule"
RULE_LINE = 40  # twips: the height of a rule's empty paragraph
MARK_LINE_EM = 1.45  # the issuer mark's exact line: room for the face's ascent and descent


@dataclass(frozen=True)
class PartStyle:
    style_id: str
    name: str


BANNER = PartStyle("GwBanner", "公文版头")
NUMBER = PartStyle("GwDocNumber", "公文发文字号")
NOTES = PartStyle("GwAttachmentNotes", "公文附件说明")
SIGNATURE = PartStyle("GwSignature", "公文署名")
SIGN_DATE = PartStyle("GwSignDate", "公文成文日期")
NOTE = PartStyle("GwNote", "公文附注")
LABEL = PartStyle("GwAttachmentLabel", "公文附件标识")
ATTACHMENT_TITLE = PartStyle("GwAttachmentTitle", "公文附件标题")
IMPRINT = PartStyle("GwImprint", "公文版记")
ALL = (BANNER, NUMBER, NOTES, SIGNATURE, SIGN_DATE, NOTE, LABEL, ATTACHMENT_TITLE, IMPRINT)


def put(ppr: etree._Element, tag: str, **attrs: str | int) -> etree._Element:
    """Set ``tag`` in a ``w:pPr`` at its schema position (replacing one already there)."""
    return place(ppr, el(tag, **attrs))


def place(ppr: etree._Element, node: etree._Element) -> etree._Element:
    """Put ``node`` in a ``w:pPr`` at its schema position, replacing one of its kind."""
    old = ppr.find(node.tag)
    if old is not None:
        ppr.replace(old, node)
        return node
    rank = _RANK[node.tag]
    for i, child in enumerate(ppr):
        if _RANK.get(child.tag, len(_RANK)) > rank:
            ppr.insert(i, node)
            return node
    ppr.append(node)
    return node


def _part_style(
    spec: PartStyle | tuple[str, str],
    element: Element,
    style: Style,
    geo: Geometry,
    line: int | None = None,
    colour: str | None = None,
    **ppr_children: dict[str, str | int],
) -> etree._Element:
    style_id, name = (spec.style_id, spec.name) if isinstance(spec, PartStyle) else spec
    node = el("w:style", type="paragraph", customStyle=1, styleId=style_id)
    sub(node, "w:name", val=name)
    sub(node, "w:basedOn", val="Normal")
    sub(node, "w:next", val=docstyles.BODY.style_id)
    sub(node, "w:qFormat")
    ppr = sub(node, "w:pPr")
    docstyles.no_hanging(ppr)
    spacing = {"before": 0, "after": 0, "line": line or geo.line_pitch, "lineRule": "exact"}
    if line:
        put(ppr, "w:snapToGrid", val=0)
    put(ppr, "w:spacing", **spacing)
    put(ppr, "w:ind", firstLineChars=0, firstLine=0)
    for tag, attrs in ppr_children.items():
        put(ppr, f"w:{tag}", **attrs)
    rpr = docstyles.run_props(element, style, geo, hint=True)
    if colour:
        size = rpr.find(qn("w:sz"))
        size.addprevious(el("w:color", val=colour.lstrip("#").upper()))
    node.append(rpr)
    return node


def install(styles_root: etree._Element, style: Style, geo: Geometry) -> None:
    """Add the part styles to ``word/styles.xml`` (after docstyles.install)."""
    parts = part_settings(style)
    ours = [
        *_header_styles(style, geo, parts),
        *_closing_styles(style, geo),
        *_attachment_styles(style, geo, parts),
        *_imprint_styles(style, geo, parts),
    ]
    ids = {node.get(qn("w:styleId")) for node in ours}
    for old in styles_root.findall(qn("w:style")):
        if old.get(qn("w:styleId")) in ids:
            styles_root.remove(old)
    styles_root.extend(ours)


def _header_styles(style: Style, geo: Geometry, parts: PartSettings) -> list[etree._Element]:
    """版头: the issuer mark (red, its own exact line), the 份号/密级 items, the 发文字号."""
    head, body = parts.header, style.element("body")
    mark = Element(role=head.issuer_role, size_pt=head.issuer_size_pt)
    return [
        _part_style(
            BANNER,
            mark,
            style,
            geo,
            line=round(head.issuer_size_pt * MARK_LINE_EM * TWIPS_PER_PT),
            colour=head.colour,
            keepNext={},
            jc={"val": "center"},
        ),
        _part_style(
            (BANNER_ITEM, "公文版头项"),
            Element(role="hei", size_pt=body.size_pt),
            style,
            geo,
            keepNext={},
            jc={"val": "left"},
        ),
        _part_style(NUMBER, _plain(style), style, geo, keepNext={}, jc={"val": "center"}),
    ]


def _closing_styles(style: Style, geo: Geometry) -> list[etree._Element]:
    """After the body: 附件说明, 署名, 成文日期 and 附注, in the body's face and size."""
    body, plain = style.element("body"), _plain(style)
    return [
        _part_style(NOTES, plain, style, geo, keepNext={}, jc={"val": "left"}),
        _part_style(SIGNATURE, plain, style, geo, keepNext={}, jc={"val": "right"}),
        _part_style(SIGN_DATE, plain, style, geo, jc={"val": "right"}),
        _part_style(
            NOTE,
            plain,
            style,
            geo,
            ind={"firstLineChars": round(body.indent_chars * 100), "firstLine": geo.chars(body.indent_chars)},
            jc={"val": "both"},
        ),
    ]


def _attachment_styles(style: Style, geo: Geometry, parts: PartSettings) -> list[etree._Element]:
    """An attachment's label (on a new page) and its title (a level-0 heading)."""
    att, title = parts.attachment, style.element("title")
    return [
        _part_style(
            LABEL,
            Element(role=att.label_role, size_pt=att.label_size_pt),
            style,
            geo,
            keepNext={},
            pageBreakBefore={},
            jc={"val": "left"},
        ),
        _part_style(
            ATTACHMENT_TITLE,
            Element(role=att.title_role, size_pt=att.title_size_pt),
            style,
            geo,
            line=round((title.line_height_pt or att.title_size_pt * 1.5) * TWIPS_PER_PT),
            keepNext={},
            jc={"val": "center"},
            outlineLvl={"val": 0},
        ),
    ]


def _imprint_styles(style: Style, geo: Geometry, parts: PartSettings) -> list[etree._Element]:
    """版记: its lines, inset on both sides, and the rules between them."""
    imp, body = parts.imprint, style.element("body")
    small = Element(role=imp.role, size_pt=imp.size_pt)
    inset = round(geo.chars(imp.indent_chars) * imp.size_pt / body.size_pt)
    return [
        _part_style(
            IMPRINT,
            small,
            style,
            geo,
            line=geo.line_pitch,
            ind={"left": inset, "right": inset, "firstLine": 0},
            jc={"val": "both"},
        ),
        _part_style((IMPRINT_RULE, "公文版记线"), Element(role=imp.role, size_pt=1.0), style, geo, line=RULE_LINE),
    ]


def _plain(style: Style) -> Element:
    """The body's face and size, nothing else."""
    body = style.element("body")
    return Element(role=body.role, size_pt=body.size_pt)
