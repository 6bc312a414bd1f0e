"""Tiny lxml helpers for WordprocessingML: python-docx has no API for most of what we set.

Elements are built with lxml directly (much faster than python-docx's proxies for
thousands of runs); callers append children in schema order.
"""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn
from lxml import etree

_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def el(tag: str, **attrs: str | int) -> etree._Element:
    """A ``w:`` element; keyword ``val`` becomes ``w:val`` and so on."""
    node = etree.Element(qn(tag))
    for key, value in attrs.items():
        node.set(qn(f"w:{key}"), str(value))
    return node


def sub(parent: etree._Element, tag: str, **attrs: str | int) -> etree._Element:
    node = etree.SubElement(parent, qn(tag))
    for key, value in attrs.items():
        node.set(qn(f"w:{key}"), str(value))
    return node


def text_run(parent: etree._Element, text: str, rpr: etree._Element | None = None) -> etree._Element:
    """Append ``<w:r>[rPr]<w:t>text</w:t></w:r>``; spaces are kept as typed."""
    run = etree.SubElement(parent, qn("w:r"))
    if rpr is not None:
        run.append(rpr)
    t = etree.SubElement(run, qn("w:t"))
    if text != text.strip() or "  " in text:
        t.set(_XML_SPACE, "preserve")
    t.text = text
    return run


def fonts(latin: str, east_asian: str, hint: bool = False) -> etree._Element:
    """``w:rFonts`` with explicit names only (no *Theme attributes, which would win)."""
    node = el("w:rFonts", ascii=latin, hAnsi=latin, eastAsia=east_asian, cs=latin)
    if hint:
        node.set(qn("w:hint"), "eastAsia")
    return node


def strip_theme_fonts(root: etree._Element) -> int:
    """Remove every ``w:*Theme``/``w:cstheme`` attribute under ``root``; returns how many."""
    removed = 0
    for node in root.iter(qn("w:rFonts")):
        for key in list(node.attrib):
            if key.endswith("Theme") or key.endswith("theme"):
                del node.attrib[key]
                removed += 1
    return removed


def fill_part(part: Any, paragraph: etree._Element) -> None:
    """Make a header or footer part hold just ``paragraph`` (and stop it following the previous one)."""
    part.is_linked_to_previous = False
    root = part._element
    for child in list(root):
        root.remove(child)
    root.append(paragraph)
