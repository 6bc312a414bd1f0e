"""Collected speeches (发言摘编, 座谈会发言): each speech's title stands unnumbered over its speaker's line.

Such a collection numbers nothing: what makes a short line a heading is the speaker line under it
(``浙江省政协主席　葛慧君``). One such pair could be a title block, so it takes two: then every short
unpunctuated line over a speaker line, with text below, opens a speech at the top level, and the
speaker line is the speech's first paragraph. The front-matter pass stops the document's title
there, so the first speech's title is not run into it. Rules in docs/reading.md.
"""

from __future__ import annotations

from collections.abc import Sequence

from converter.reading.chars import ends_clause
from converter.reading.headlines import SALUTATION, is_meta, is_speaker
from converter.reading.markers import match_marker

_MAX_HEADING = 30  # a speech's title is a short line
_LEAST = 2  # one title over a speaker is a title block; two make a collection


def speech_headings(texts: Sequence[str]) -> set[int]:
    """Indices of the lines that head a speech in a collection of speeches (empty when it is not one)."""
    found = {
        i
        for i in range(len(texts) - 2)
        if _heading_like(texts[i].strip()) and is_speaker(texts[i + 1].strip()) and not is_speaker(texts[i + 2].strip())
    }
    return found if len(found) >= _LEAST else set()


def _heading_like(text: str) -> bool:
    return (
        0 < len(text) <= _MAX_HEADING
        and not ends_clause(text)
        and text[-1] not in "！？。"
        and match_marker(text) is None
        and not is_speaker(text)
        and not is_meta(text)
        and not SALUTATION.match(text)
    )
