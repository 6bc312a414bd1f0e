"""Character classes the reading passes share: what counts as Chinese, and how wide a character is."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCT = "\u3000-\u303f\uff00-\uffef\u2018-\u201f\u2026\u2014\u00b7"
CJK_CLASS = f"[{HAN}{CJK_PUNCT}]"
IS_CJK = re.compile(CJK_CLASS)
HAS_HAN = re.compile(f"[{HAN}]")

SENTENCE_END = "。！？"
CLAUSE_END = SENTENCE_END + "；…"
CLOSERS = "”’）》」』】〕"
TERMINAL = CLAUSE_END + "："  # a line ending in one of these may end a paragraph


def is_cjk(ch: str) -> bool:
    return bool(ch) and IS_CJK.match(ch) is not None


@lru_cache(maxsize=4096)
def char_width(ch: str) -> float:
    """Width in ems: full-width and ambiguous (Chinese quotes, dashes) count 1, the rest 1/2."""
    return 1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5


_NARROW = re.compile(r"[\x00-\xa0\u00c0-\u02ff]+")


def text_width(text: str) -> float:
    """Width in ems; ASCII and Latin letters count 1/2, everything else (Chinese, quotes, dashes) 1."""
    narrow = sum(len(run) for run in _NARROW.findall(text))
    return len(text) - narrow / 2


def ends_clause(text: str) -> bool:
    """True when ``text`` ends a sentence or clause, looking through closing quotes/brackets."""
    stripped = text.rstrip().rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in TERMINAL
