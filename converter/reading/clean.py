"""Pass 2, clean: remove the PDF artefacts a person would never keep, and only those.

Named artefacts: form feeds, page-number lines (``— 3 —``, ``-3-``, ``第3页``,
``第 3 页 共 12 页``, ``3/12``, a rising run of bare numbers) and a running header or footer:
a short line that recurs at page boundaries or at a regular interval. Everything else stays.
"""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import pairwise

from converter.reading.chars import ends_clause
from converter.reading.lines import Line
from converter.reading.markers import match_marker
from converter.reading.report import Report

_DASH = r"[-—–－―~～‐‑]"
PAGE_NUMBER = re.compile(
    rf"^\s*(?:{_DASH}+\s*\d{{1,4}}\s*{_DASH}+"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)\s*$"
)
_BARE_NUMBER = re.compile(r"^\s*(\d{1,4})\s*$")
_MAX_HEADER_LEN = 40
_PAGE_LINES = (10, 60)  # lines a page of extracted text holds: the interval a running line repeats at


def clean(text: str, report: Report) -> list[Line]:
    lines = _split_pages(text, report)
    drop: set[int] = set()
    drop |= {i for i, line in enumerate(lines) if PAGE_NUMBER.match(line.text)}
    drop |= _bare_numbers(lines)
    _mark_breaks(lines, drop)
    drop |= _running_lines(lines, drop)
    for i in sorted(drop):
        report.change("artefact", lines[i].number, 1, lines[i].text, "")
    _mark_breaks(lines, drop)
    return [line for i, line in enumerate(lines) if i not in drop]


def _split_pages(text: str, report: Report) -> list[Line]:
    lines: list[Line] = []
    pending_break = False
    for number, raw in enumerate(text.split("\n"), 1):
        parts = raw.split("\f")
        column = 1
        for i, part in enumerate(parts):
            if i:
                report.change("artefact", number, column - 1, "\f", "")
                pending_break = True
            if part.strip() or i == len(parts) - 1:
                lines.append(Line(number, part, pending_break))
                pending_break = False
            column += len(part) + 1
    return lines


def _mark_breaks(lines: list[Line], drop: set[int]) -> None:
    """The line after a dropped page-number line starts a new page."""
    pending = False
    for i, line in enumerate(lines):
        if i in drop:
            pending = True
        elif pending and line.text.strip():
            line.page_break_before, pending = True, False


def _bare_numbers(lines: list[Line]) -> set[int]:
    """A lone number is a page number only when several rise through the document."""
    found = [(i, int(m.group(1))) for i, line in enumerate(lines) if (m := _BARE_NUMBER.match(line.text))]
    if len(found) >= 2 and all(a[1] < b[1] for a, b in pairwise(found)):
        return {i for i, _ in found}
    return set()


def _running_lines(lines: list[Line], dropped: set[int]) -> set[int]:
    live = [i for i, line in enumerate(lines) if line.text.strip() and i not in dropped]
    rank = {index: r for r, index in enumerate(live)}
    places: dict[str, list[int]] = defaultdict(list)
    for i in live:
        key = lines[i].text.strip()
        if 2 <= len(key) <= _MAX_HEADER_LEN and not ends_clause(key):
            places[key].append(i)
    pages = 1 + sum(1 for i in live if lines[i].page_break_before)
    found: set[int] = set()
    for where in places.values():
        if len(where) < 2 or match_marker(lines[where[0]].text.strip()) is not None:
            continue
        if _is_running(where, lines, live, rank, pages):
            found |= {i for i in where if rank[i] != 0}  # the first line may be a title the header repeats
    return found


def _is_running(where: list[int], lines: list[Line], live: list[int], rank: dict[int, int], pages: int) -> bool:
    """On the same edge (top or bottom) of most pages, or (unpaged) recurring at a page-like interval."""
    if pages > 1:

        def top(i: int) -> bool:
            return rank[i] == 0 or lines[i].page_break_before

        def bottom(i: int) -> bool:
            r = rank[i]
            return r == len(live) - 1 or lines[live[r + 1]].page_break_before

        same_edge = all(top(i) for i in where) or all(bottom(i) for i in where)
        return same_edge and len(where) >= max(2, pages // 2)
    if len(where) < 3:
        return False
    gaps = [rank[b] - rank[a] for a, b in pairwise(where)]
    return _PAGE_LINES[0] <= min(gaps) and max(gaps) <= _PAGE_LINES[1] and max(gaps) - min(gaps) <= 2
