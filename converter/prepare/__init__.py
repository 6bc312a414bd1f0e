"""The preparation stage: what every writer needs from the tree, derived once per build.

A writer asks :func:`prepare` for a :class:`Prepared` and reads from it instead of deriving
things itself (docs/architecture.md): the tree with item markers inline, the same tree made
XML-safe (with its warnings), the 版头 with the style's fields filled in, the title's
balanced lines and the keywords. The run-in rule is :mod:`converter.prepare.runin`.
Everything is computed on first use and kept for the next writer of the same build.
"""

from __future__ import annotations

import sys
from functools import cached_property

from converter import words
from converter.layout.gongwen import effective_header
from converter.prepare.markers import markers_inline
from converter.prepare.runin import rest, runin_lead, split_runin
from converter.prepare.xmlsafe import xml_safe_document
from converter.styles import Style
from converter.titlebreak import break_title
from converter.tree.nodes import Document, Header
from converter.tree.visit import check

__all__ = ["Prepared", "prepare", "rest", "runin_lead", "split_runin"]
_KEEP = 4  # builds remembered: the formats of one input are written one after another


class Prepared:
    """One document prepared for one style; every field is computed once, when first asked for."""

    def __init__(self, doc: Document, style: Style) -> None:
        self.source, self.style = check(doc), style  # an unknown node stops the build before any writer
        self._title_lines: dict[tuple[str, int], tuple[str, ...]] = {}

    @cached_property
    def doc(self) -> Document:
        """The tree as print shows it: item markers at the start of their paragraphs."""
        return markers_inline(self.source)

    @cached_property
    def _xml(self) -> tuple[Document, list[str]]:
        return xml_safe_document(self.doc)

    @property
    def xml(self) -> Document:
        """:attr:`doc` without the characters XML cannot hold (for the DOCX and the EPUB)."""
        return self._xml[0]

    @property
    def xml_warnings(self) -> list[str]:
        return list(self._xml[1])

    @cached_property
    def header(self) -> Header | None:
        """The 版头 to print (the style may give the issuer and the 发文字号), or None."""
        return effective_header(self.doc, self.style.header)

    @cached_property
    def xml_header(self) -> Header | None:
        return effective_header(self.xml, self.style.header)

    def title_lines(self, title: str, limit: int) -> tuple[str, ...]:
        """A title broken into balanced lines of at most ``limit`` characters (docs/gbt9704.md §7)."""
        key = (title, limit)
        if key not in self._title_lines:
            self._title_lines[key] = tuple(break_title(title, limit))
        return self._title_lines[key]

    @cached_property
    def _ranked_keywords(self) -> tuple[str, ...]:
        return words.document_keywords(self.source, sys.maxsize)  # every candidate, best first

    def keywords(self, count: int) -> tuple[str, ...]:
        """The ``count`` best keywords (each writer asks for its own number; the text is tagged once)."""
        return self._ranked_keywords[: max(0, count)]


_recent: list[tuple[Document, Style, Prepared]] = []


def prepare(doc: Document, style: Style) -> Prepared:
    """The preparation of ``doc`` for ``style``, shared by the writers of one build (same objects)."""
    for seen_doc, seen_style, prepared in _recent:
        if seen_doc is doc and seen_style is style:
            return prepared
    prepared = Prepared(doc, style)
    _recent.insert(0, (doc, style, prepared))
    del _recent[_KEEP:]
    return prepared
