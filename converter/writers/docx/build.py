"""Assemble the DOCX: fixed template, named styles, body, footers, header, properties, reproducible ZIP."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from converter.prepare import prepare
from converter.styles import Style
from converter.tree import Document
from converter.writers.base import WriteOptions, WriteResult, date_warnings, epoch
from converter.writers.docx import docstyles, fonttable, footer, header, package, parts, template
from converter.writers.docx.geometry import geometry


def write_docx(doc: Document, style: Style, path: Path, options: WriteOptions) -> WriteResult:
    geo = geometry(style)
    document = docx.Document()
    template.drop_leftovers(document)
    template.page_setup(document, geo, style)
    template.settings(document, style)
    styles_root = document.styles.element
    template.doc_defaults(styles_root, style)
    docstyles.install(styles_root, style, geo)
    parts.install(styles_root, style, geo)

    prepared = prepare(doc, style)
    built, extra = parts.build(prepared, style, geo)  # body and every 公文 part (docs/gbt9704.md §8–§13)
    body_el = document.element.body
    sect_pr = body_el.find(qn("w:sectPr"))
    for child in list(body_el):
        if child is not sect_pr:
            body_el.remove(child)
    for p in built.paragraphs:
        sect_pr.addprevious(p)
    parts.imprint_section(document, extra)

    footer.add_page_numbers(document, style, geo)
    parts.imprint_footers(document, extra)
    warnings = prepared.xml_warnings + header.add_running_header(document, style) + date_warnings(options)
    embedded: list[fonttable.Embedded] = []
    if options.embed_fonts:
        embedded, font_warnings = fonttable.embed(doc, style)
        warnings += font_warnings
    fonttable.install(document, fonttable.names_used(styles_root, _text_parts(document)), embedded)
    stamp = epoch(options)
    package.core_properties(document, prepared, style, stamp)
    package.save_reproducibly(document, path, stamp)
    return WriteResult(pages=None, warnings=warnings)


def _text_parts(document: Any) -> list[Any]:
    """The XML of every part that sets text: body, headers and footers."""
    header_footer = (RT.HEADER, RT.FOOTER)
    parts = [document.element]
    parts += [rel.target_part.element for rel in document.part.rels.values() if rel.reltype in header_footer]
    return parts
