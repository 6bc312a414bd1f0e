"""The PDF writer: our own Chinese line layout (converter.layout) drawn with reportlab.

Importing this package is cheap; reportlab is imported only when ``write`` runs.
"""

from __future__ import annotations

from pathlib import Path

from converter.styles import Style
from converter.tree.nodes import Document
from converter.writers.base import WriteOptions, WriteResult


class PdfWriter:
    name = "pdf"
    suffix = ".pdf"
    description = "print-ready PDF: GB/T 9704 page, 22 lines × 28 chars, embedded font subsets, bookmarks"

    def write(self, doc: Document, style: Style, path: Path, options: WriteOptions) -> WriteResult:
        from converter.writers.pdf.render import write_pdf

        return write_pdf(doc, style, path, options)
