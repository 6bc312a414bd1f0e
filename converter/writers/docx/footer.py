"""Page numbers “— N —” in the footers: odd pages right, even pages left (GB/T 9704 §7.5).

The number is a PAGE field between the dashes of ``style.page_number.format``; the
paragraph style 公文页码 carries the 4号 宋体 face, so every run only adds the hint that
keeps the dashes in the Chinese face.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from converter.styles import Style
from converter.writers.docx import docstyles
from converter.writers.docx.geometry import Geometry
from converter.writers.docx.ooxml import el, fill_part, sub, text_run

_MARK = "\x00"


def _hinted() -> etree._Element:
    rpr = el("w:rPr")
    sub(rpr, "w:rFonts", hint="eastAsia")
    return rpr


def number_paragraph(style: Style, geo: Geometry, align: str, example: int) -> etree._Element:
    """A footer paragraph: text before the number, a PAGE field, text after."""
    p = el("w:p")
    ppr = sub(p, "w:pPr")
    sub(ppr, "w:pStyle", val=docstyles.PAGE_NUMBER_ID)
    inset = geo.chars(style.page_number.inset_chars)
    if align == "right":
        sub(ppr, "w:ind", right=inset)
    elif align == "left":
        sub(ppr, "w:ind", left=inset)
    sub(ppr, "w:jc", val=align)
    before, _, after = style.page_number.format.replace("{n}", _MARK).partition(_MARK)
    if before:
        text_run(p, before, _hinted())
    for kind, instr in (("begin", None), (None, " PAGE "), ("separate", None)):
        run = sub(p, "w:r")
        run.append(_hinted())
        if kind:
            sub(run, "w:fldChar", fldCharType=kind)
        else:
            t = sub(run, "w:instrText")
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            t.text = instr
    text_run(p, str(example), _hinted())
    end = sub(p, "w:r")
    end.append(_hinted())
    sub(end, "w:fldChar", fldCharType="end")
    if after:
        text_run(p, after, _hinted())
    return p


def add_page_numbers(document: Any, style: Style, geo: Geometry) -> None:
    section = document.sections[0]
    if style.page_number.placement == "outside":
        fill_part(section.footer, number_paragraph(style, geo, "right", 1))
        fill_part(section.even_page_footer, number_paragraph(style, geo, "left", 2))
    else:
        fill_part(section.footer, number_paragraph(style, geo, "center", 1))
