"""Word boundaries for Chinese, through rjieba (jieba's algorithm and dictionary, in Rust).

Pure-Python jieba needs about a second to load its dictionary and another to load the
IDF table behind ``jieba.analyse``; rjieba segments the same way in a tenth of that
(tests/test_words.py checks the segmentation against jieba). Only the places that need
word boundaries (title breaking, keywords) call in here, so nothing else pays for it.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from converter.model import Document

# Parts of speech that name a subject: nouns of every kind, verbal nouns, and Latin terms.
_SUBJECT_POS = ("n", "nr", "nrfg", "nrt", "ns", "nt", "nz", "vn", "eng", "l", "j")
_HAN = re.compile(r"[\u4e00-\u9fff]{2,}|[A-Za-z][A-Za-z0-9+.-]{1,}")
KEYWORD_SAMPLE_CHARS = 20_000  # a long report's opening names its subject as well as the whole, and costs far less
_STOP = frozenset(
    [
        "我们",
        "他们",
        "你们",
        "工作",
        "方面",
        "问题",
        "同志",
        "情况",
        "时候",
        "时期",
        "部分",
        "有关",
        "一些",
        "这些",
        "那些",
        "XX",
    ]
)


@functools.cache
def _engine() -> Any:
    import rjieba

    return rjieba


@functools.lru_cache(maxsize=512)
def cut(text: str) -> tuple[str, ...]:
    """Segment ``text`` into words; joining the result gives ``text`` back."""
    return tuple(_engine().cut(text))


@functools.lru_cache(maxsize=512)
def tag(text: str) -> tuple[tuple[str, str], ...]:
    """``(word, part of speech)`` pairs in jieba's tag set (n noun, v verb, p preposition …)."""
    return tuple(_engine().tag(text))


def keywords(text: str, n: int = 8) -> tuple[str, ...]:
    """The ``n`` most frequent subject words of ``text`` (nouns and terms), for metadata.

    Frequency over nouns, not TF-IDF: the IDF table costs more to load than a whole
    build of the sample, and for one document's subject line the nouns it repeats
    are what a reader would name. Ties go to the word that appears first.
    """
    return _ranked(tag(text), n)


def document_keywords(doc: Document, n: int) -> tuple[str, ...]:
    """The document's keywords, the same for every writer: from the opening of its text.

    Tagged piece by piece (heading, paragraph): no word spans two of them, and jieba's
    tagger is ~7x faster on paragraphs than on 20,000 characters at once.
    """
    tagged: list[tuple[str, str]] = []
    left = KEYWORD_SAMPLE_CHARS
    for piece in doc.text_pieces():
        if left <= 0:
            break
        piece = piece[:left]
        left -= len(piece)
        if piece.strip():
            tagged += tag(piece)
    return _ranked(tagged, n)


def _ranked(tagged: Iterable[tuple[str, str]], n: int) -> tuple[str, ...]:
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for i, (word, pos) in enumerate(tagged):
        if pos.startswith(_SUBJECT_POS) and _HAN.fullmatch(word) and word not in _STOP:
            counts[word] += 1
            first.setdefault(word, i)
    ranked = sorted(counts, key=lambda w: (-counts[w], first[w]))
    return tuple(ranked[:n])
