"""Compare texts the way a reader would: NFKC, quotes folded, whitespace and dot/dash runs unified."""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
_RUNS = re.compile(r"\.{2,}|…+|[-—―－]{2,}")


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _RUNS.sub(lambda m: "…" if m.group()[0] in ".…" else "—", text)
    return "".join(text.split())
