"""Word boundaries for Chinese (jieba), loaded lazily: its dictionary costs ~1 s cold.

Only the places that need word boundaries (title breaking, keywords) call in here,
so a build that needs neither never pays for the dictionary.
"""

from __future__ import annotations

import functools
import logging
import os
import tempfile
from typing import Any


@functools.cache
def _jieba() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tmp = tempfile.gettempdir()
    jieba.dt.tmp_dir = tmp if os.access(tmp, os.W_OK) else None
    return jieba


@functools.lru_cache(maxsize=512)
def cut(text: str) -> tuple[str, ...]:
    """Segment ``text`` into words; joining the result gives ``text`` back."""
    return tuple(_jieba().cut(text, HMM=True))


@functools.lru_cache(maxsize=64)
def keywords(text: str, n: int = 8) -> tuple[str, ...]:
    """The ``n`` most characteristic words of ``text`` (TF-IDF over jieba's corpus)."""
    _jieba()
    import jieba.analyse

    return tuple(jieba.analyse.extract_tags(text, topK=n))
