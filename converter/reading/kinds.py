"""The kind of a document (speech, 公文, law, plan, book), told by its title as vocabulary.toml lists.

Passes use it only where kinds really differ: a bare 一 on its own line opens a chapter in a
book, and is a stray numeral anywhere else.
"""

from __future__ import annotations

from converter.reading.vocabulary import vocabulary


def document_kind(title: str) -> str:
    title = title.strip().rstrip("。")
    for kind in vocabulary().kinds:
        if kind.title is None or kind.title.search(title):
            return kind.name
    return "book"
