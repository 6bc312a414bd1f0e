"""Pass 2, clean: remove the PDF artefacts a person would never keep, and only those.

Deleting text is the last resort, so every rule asks
for strong evidence and every deletion is both a change (``artefact``, listed by ``check``)
and, grouped, a warning (``removed``, which ``build`` shows):

- form feeds;
- page numbers in an unmistakable form (``— 3 —``, ``- 3 -``, ``· 3 ·``, ``第3页``,
  ``第 3 页 共 12 页``, ``3/12``, ``Page 3``) wherever they stand;
- page numbers in a form text also takes (``3``, ``.3.``, ``，3,``) only as a run that rises
  page by page with a page-length stretch of text between each two, which a table's
  serial-number column (``1 2 3 … 23``, a few lines apart) never is;
- a running header or footer: a short line that stands at the same edge (top or bottom)
  of many pages, or, when the text shows no page breaks, recurs at a steady page-like
  interval. A line that follows a heading (``（本章不考大题）`` under each chapter
  title) is content, however often it repeats; so is the first occurrence when it opens the
  text, or follows a finished paragraph beyond page 2 (a chapter title the running header repeats).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from itertools import pairwise

from converter.i18n import _, ngettext
from converter.reading.chars import CLOSERS, ends_clause, text_width
from converter.reading.lines import Line
from converter.reading.markers import match_marker
from converter.reading.report import Report
from converter.reading.vocabulary import vocabulary

_DASH = r"[-—–－―~～‐‑·•・]"
PAGE_NUMBER = re.compile(
    rf"^\s*(?:{_DASH}+\s*\d{{1,4}}\s*{_DASH}+"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)\s*$"
)
# a number alone or between light marks (.9. ，4, 、9、): text takes these forms too, so only a run counts
_WEAK_NUMBER = re.compile(r"^\s*([.．,，、。_]{0,2})\s*(\d{1,4})\s*([.．,，、。_]{0,2})\s*$")
_MAX_HEADER_LEN = 40
_PAGE_LINES = (8, 60)  # lines a page of extracted text holds: the least text between two page numbers
_STEADY = (10, 60)  # the interval an unpaged running line must keep, and by how much it may vary
_HEADING_BEFORE = vocabulary().clean_re("heading_before")  # vocabulary.toml [clean]


def clean(text: str, report: Report) -> list[Line]:
    lines = _split_pages(text, report)
    removed: dict[int, str] = {}
    removed |= {i: "page number" for i, line in enumerate(lines) if PAGE_NUMBER.match(line.text)}
    removed |= {i: "page number" for i in _page_number_runs(lines)}
    _mark_breaks(lines, removed)
    for _round in range(2):  # a two-line header: its second line reaches the page edge once the first is gone
        found = _running_lines(lines, removed)
        if not found:
            break
        removed |= {i: "running header" for i in found}
    for i in sorted(removed):
        report.change("artefact", lines[i].number, 1, lines[i].text, "")
    _warn(lines, removed, report)
    _mark_breaks(lines, removed)
    furniture = _blank_margins(lines, removed)
    return [line for i, line in enumerate(lines) if i not in removed and i not in furniture]


def _blank_margins(lines: list[Line], removed: dict[int, str]) -> set[int]:
    """Blank lines around a removed page number or header, when the text does not otherwise
    separate paragraphs by blank lines: they are the page's margin (pdftotext sets the footer
    apart so), not a paragraph break, and the paragraph the page break cut must join again."""
    if not removed:
        return set()
    margin: set[int] = set()
    for i in removed:
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(lines) and (j in removed or not lines[j].text.strip()):
                if j not in removed:
                    margin.add(j)
                j += step
    # blank lines that end paragraphs follow a sentence's end; pdftotext's other blank lines (the wide gaps
    # of a justified or hanging line) follow a piece cut mid-clause
    separators = {j for j in range(1, len(lines)) if not lines[j].text.strip() and _ends_sentence(lines[j - 1].text)}
    text = sum(1 for line in lines if line.text.strip())
    return margin if len(separators - margin) < 0.1 * text else set()


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip().rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in "。！？"


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
                lines.append(Line(number, part, pending_break, text_width(part.strip())))
                pending_break = False
            column += len(part) + 1
    return lines


def _mark_breaks(lines: list[Line], removed: dict[int, str]) -> None:
    """The line after a removed page-number or header line starts a new page."""
    pending = False
    for i, line in enumerate(lines):
        if i in removed:
            pending = True
        elif pending and line.text.strip():
            line.page_break_before, pending = True, False


def _page_number_runs(lines: list[Line]) -> set[int]:
    """Weak-form numbers that rise by one (or two: a blank page) with a page of text between each two.

    The longest such chain of one form (same marks around the number) wins; two links at least.
    """
    by_form: dict[tuple[str, str], list[tuple[int, int, int]]] = defaultdict(list)
    text_lines = 0
    last_text = max((i for i, line in enumerate(lines) if line.text.strip()), default=-1)
    for i, line in enumerate(lines):
        m = _WEAK_NUMBER.match(line.text)
        if m:
            # the last page may be short: a number closing the text needs only some text before it
            seen = text_lines + (_PAGE_LINES[0] if i == last_text else 0)
            by_form[m.group(1), m.group(3)].append((i, int(m.group(2)), seen))
        elif line.text.strip():
            text_lines += 1
    found: set[int] = set()
    for candidates in by_form.values():
        if len(candidates) >= 2:
            found |= _longest_chain(candidates)
    return found


def _longest_chain(candidates: list[tuple[int, int, int]]) -> set[int]:
    best: list[tuple[int, int]] = []  # per candidate: (chain length ending here, previous candidate or -1)
    ends: dict[int, list[int]] = defaultdict(list)  # value → candidates with that value seen so far
    for k, (_index, value, seen) in enumerate(candidates):
        link = (1, -1)
        for step in (1, 2):
            for j in ends.get(value - step, ()):
                if seen - candidates[j][2] >= _PAGE_LINES[0] and best[j][0] + 1 > link[0]:
                    link = (best[j][0] + 1, j)
        best.append(link)
        ends[value].append(k)
    if not best:
        return set()
    k = max(range(len(best)), key=lambda n: best[n][0])
    if best[k][0] < 2:
        return set()
    chain: set[int] = set()
    while k >= 0:
        chain.add(candidates[k][0])
        k = best[k][1]
    return chain


def _running_lines(lines: list[Line], removed: dict[int, str]) -> set[int]:
    live = [i for i, line in enumerate(lines) if line.text.strip() and i not in removed]
    if not live:
        return set()  # nothing but page numbers: no running line either
    rank = {index: r for r, index in enumerate(live)}
    tops = {live[0]} | {i for i in live if lines[i].page_break_before or _after_removed(i, lines, removed)}
    bottoms = {live[-1]} | {live[r] for r in range(len(live) - 1) if live[r + 1] in tops}
    places: dict[str, list[int]] = defaultdict(list)
    for i in live:
        key = lines[i].text.strip()
        if 2 <= len(key) <= _MAX_HEADER_LEN and not ends_clause(key):
            places[key].append(i)
    pages = len(tops)
    top_list = sorted(tops)
    found: set[int] = set()
    for where in places.values():
        if len(where) < 2:
            continue
        heading = match_marker(lines[where[0]].text.strip()) is not None
        if pages > 1:
            edge = [i for i in where if i in tops] if sum(i in tops for i in where) >= 2 else []
            edge = edge or [i for i in where if i in bottoms and not _follows_heading(rank[i], lines, live)]
            evidence = [i for i in edge if rank[i] != 0]  # the text's first line is its title, not a page's header
            if len(evidence) >= max(2, pages // 2) and len(edge) >= len(where) - 1:
                first = where[0]
                page = bisect_right(top_list, first)  # 1 for the first page
                # a heading the running header repeats opens its section the first time
                keep = heading or rank[first] == 0 or (page >= 3 and _after_paragraph(rank[first], lines, live))
                found |= {i for i in edge if not (i == first and keep)}
        elif not heading and _steady(where, rank) and not any(_follows_heading(rank[i], lines, live) for i in where):
            found |= {i for i in where if rank[i] != 0}  # (a note under each chapter title is the chapter's text)
    return found


def _after_paragraph(r: int, lines: list[Line], live: list[int]) -> bool:
    """After a finished paragraph and not on page 2 (where running headers begin): a chapter title
    opening its chapter on a new page, which the running header then repeats."""
    return ends_clause(lines[live[r - 1]].text)


def _after_removed(i: int, lines: list[Line], removed: dict[int, str]) -> bool:
    j = i - 1
    while j >= 0 and not lines[j].text.strip() and j not in removed:
        j -= 1
    return j >= 0 and j in removed


def _follows_heading(r: int, lines: list[Line], live: list[int]) -> bool:
    if r == 0:
        return False
    before = lines[live[r - 1]].text.strip()
    return bool(_HEADING_BEFORE.match(before))


def _steady(where: list[int], rank: dict[int, int]) -> bool:
    """Unpaged: three or more times, at an interval of a page's length that hardly varies."""
    if len(where) < 3:
        return False
    gaps = [rank[b] - rank[a] for a, b in pairwise(where)]
    return _STEADY[0] <= min(gaps) and max(gaps) <= _STEADY[1] and max(gaps) - min(gaps) <= 2


def _warn(lines: list[Line], removed: dict[int, str], report: Report) -> None:
    """One warning per kind of removal, naming the lines, so a build shows what the text lost."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i in sorted(removed):
        groups[removed[i]].append(i)
    for what, where in groups.items():
        numbers = [lines[i].number for i in where]
        shown = ", ".join(map(str, numbers[:8])) + (", …" if len(numbers) > 8 else "")
        examples = ", ".join(dict.fromkeys(repr(lines[i].text.strip()) for i in where[:3]))
        message = ngettext(
            "removed {count} {what} line ({examples}) at line {lines}",
            "removed {count} {what} lines ({examples}) at lines {lines}",
            len(where),
        )
        report.warn(
            "removed", numbers[0], message.format(count=len(where), what=_named(what), examples=examples, lines=shown)
        )


def _named(what: str) -> str:
    """A kind of removed line in the interface language (the keys stay English in the code)."""
    return {"page number": _("page number"), "running header": _("running header")}[what]
