"""The DOCX writer: a GB/T 9704 document that behaves like one made by hand in Word or WPS.

This module stays light so listing writers does not import python-docx; the work is
done in :mod:`converter.writers.docx.build`, imported when a document is written.
"""

from __future__ import annotations

from pathlib import Path

from converter.styles import Style
from converter.tree.nodes import Document
from converter.writers.base import WriteOptions, WriteResult


class DocxWriter:
    name = "docx"
    suffix = ".docx"
    description = "Word/WPS document (GB/T 9704 page, named styles, outline levels, odd/even page numbers)"

    def write(self, doc: Document, style: Style, path: Path, options: WriteOptions) -> WriteResult:
        from converter.writers.docx.build import write_docx

        return write_docx(doc, style, path, options)
