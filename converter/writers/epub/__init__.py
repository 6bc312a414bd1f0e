"""The EPUB 3 writer: a reflowable Chinese e-book (with an NCX for older readers).

Importing this package stays cheap; ebooklib, Pillow and fontTools load inside ``write``.
"""

from __future__ import annotations

from pathlib import Path

from converter.styles import Style
from converter.tree.nodes import Document
from converter.writers.base import WriteOptions, WriteResult


class EpubWriter:
    name = "epub"
    suffix = ".epub"
    description = "EPUB 3 e-book: title page, nested table of contents, cover, optional embedded font subsets"

    def write(self, doc: Document, style: Style, path: Path, options: WriteOptions) -> WriteResult:
        from converter.writers.epub.book import write_book

        return write_book(doc, style, path, options)
