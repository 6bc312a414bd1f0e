"""The running header of a handout: “会议材料” at the left, meeting name and date at a right tab.

The paragraph style 公文页眉 carries the face, size, the right tab and the rule below, so
the header part holds only text. With odd/even footers on, Word reads the even header
from its own part, so both parts get the same line.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from converter.styles import Style
from converter.writers.docx import docstyles
from converter.writers.docx.ooxml import el, fill_part, sub, text_run
from converter.xmltext import describe_removed, xml_safe


def header_paragraph(left: str, right: str) -> etree._Element:
    p = el("w:p")
    sub(sub(p, "w:pPr"), "w:pStyle", val=docstyles.HEADER_ID)
    hint = el("w:rPr")
    sub(hint, "w:rFonts", hint="eastAsia")
    if left:
        text_run(p, left, hint)
    if right:
        sub(sub(p, "w:r"), "w:tab")
        text_run(p, right, etree.fromstring(etree.tostring(hint)))
    return p


def add_running_header(document: Any, style: Style) -> list[str]:
    """Put the header line on every page (no header part at all when the sheet has none); returns warnings."""
    warnings = []
    parts = []
    for part in style.page.header_parts:
        clean, removed = xml_safe(part)
        if removed:
            warnings.append(describe_removed("page header", part, removed))
        parts.append(clean)
    left, right = parts
    if not (left or right):
        return warnings
    section = document.sections[0]
    fill_part(section.header, header_paragraph(left, right))
    if document.settings.odd_and_even_pages_header_footer:
        fill_part(section.even_page_header, header_paragraph(left, right))
    return warnings
