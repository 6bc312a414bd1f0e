"""The body: paragraphs to nested sections, articles and numbered items.

Each paragraph that opens with a heading marker starts a section. The structural families
of laws and books (编, 章, 节, 条, 回) take their levels in that order; the other families
nest in the order they first appear (``一、`` then ``（一）`` → one level deeper). A marker
paragraph whose first sentence is followed by more text is a run-in heading. Numbered
paragraphs that are not headings but items (a paragraph with a ``marker``): a family whose
role is "item" (footnotes ①), any numbered paragraph inside an article (its 项 and 目, which
so never swallow the next article), a clause (ending in ；or ，), every member of a list
whose members are mostly sentences, and a plain sentence standing alone in a list of
headings (``一、元旦：1月1日放假。``). A heading standing alone unpunctuated stays a heading.
Rules in docs/reading.md.
An article (``第一条　…``) is a run-in section with an empty heading. Table-of-contents
lines stay paragraphs. ``一是…二是…`` lead clauses become ``points``, as do the spans a
DOCX or Markdown source set bold. A table passes through where it stands; a paragraph the
source marked as a heading (Word outline level, Markdown ``#``) becomes a section only when
it reads like one (short, no sentence end): a style is evidence, not proof.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from converter.model import Node, Paragraph, Section
from converter.reading.markers import FAMILIES, KINDS, NEEDS, NO_RUNIN, Marker, match_marker
from converter.reading.reflow import Block
from converter.reading.report import Report
from converter.reading.speakers import speech_headings
from converter.reading.vocabulary import vocabulary

_POINT = re.compile(r"(?:^|(?<=[。；！？：]))[ \u3000]*([一二三四五六七八九十]是)")
_POINT_END = "。；！？"
_OPENING = "“‘（《「『〔【"
_CLOSING = "”’）》」』〕】"
_STRUCTURAL = ("named", "part", "chapter", "section", "article", "episode", "bare")
_LONG_SENTENCE = 30  # a numbered sentence this long is an item even when body text follows it
_HINT_HEADING = 40  # a paragraph styled as a heading but longer than this is body text in a heading style


@dataclass
class _Open:
    level: int
    marker: Marker
    heading: str
    runin: bool
    children: list[Node] = field(default_factory=list)


class _Builder:
    """The open sections while the paragraphs are read in order."""

    def __init__(self, structural: list[str]) -> None:
        self.root: list[Node] = []
        self.stack: list[_Open] = []
        self.levels = {family: n for n, family in enumerate(structural, 1)}

    def container(self) -> list[Node]:
        return self.stack[-1].children if self.stack else self.root

    def in_article(self) -> bool:
        return any(o.marker.role == "article" for o in self.stack)

    def level(self, family: str) -> int:
        return self.levels.setdefault(family, max(self.levels.values(), default=0) + 1)

    def open(self, level: int, marker: Marker, heading: str, runin: bool) -> None:
        while self.stack and self.stack[-1].level >= level:
            self.close()
        self.stack.append(_Open(level, marker, heading, runin))

    def close_to(self, family: str) -> None:
        """Close the open sections of ``family`` and below (outside an article, whose items stay in it)."""
        level = self.levels.get(family)
        if level is None or self.in_article():
            return
        while self.stack and self.stack[-1].level >= level:
            self.close()

    def close(self) -> None:
        done = self.stack.pop()
        section = Section(len(self.stack) + 1, done.marker.text, done.heading, done.runin, tuple(done.children))
        self.container().append(section)

    def finish(self) -> tuple[Node, ...]:
        while self.stack:
            self.close()
        return tuple(self.root)


def body(blocks: list[Block], kind: str, report: Report) -> tuple[Node, ...]:
    markers = [_marker(block.text, kind) for block in blocks]
    counts = Counter(m.family for m in markers if m is not None)
    markers = [m if m is None or _counts(m, counts) else None for m in markers]
    bare = _bare_numerals(blocks) if kind == "book" else set()
    contents = _contents(blocks)
    named = {i for i, b in enumerate(blocks) if _squeezed(b.text) in vocabulary().named_headings}
    items = _item_runs(blocks, markers)
    speeches = speech_headings([b.text for b in blocks])
    present = {m.family for m in markers if m is not None} | ({"bare"} if bare else set())
    builder = _Builder((["speech"] if speeches else []) + [f for f in _STRUCTURAL if f in present])
    for i, block in enumerate(blocks):
        if block.table is not None:
            builder.container().append(block.table)
            continue
        marker = None if i in contents else markers[i]
        if (i in bare or i in named) and i not in contents:
            _unnumbered(builder, block, i in bare, report)
            continue
        if i in speeches:  # a speech's title in a collection of speeches, its speaker's line below
            builder.open(1, Marker("speech", "", 0, ""), block.text.strip(), False)
            report.change("marker", block.line, 1, block.text.strip()[:20], "level 1 (speech in a collection)")
            continue
        if marker is None and _hinted_heading(block):
            level = builder.level(f"hint{block.hint}")
            builder.open(level, Marker(f"hint{block.hint}", "", 0, ""), block.text.strip(), False)
            report.change("marker", block.line, 1, block.text.strip()[:20], f"level {level} (source heading)")
            continue
        if marker is None:
            builder.container().append(paragraph(block.text, bold=_bold(block, block.text)))
            continue
        rest = block.text[len(marker.text) :].lstrip(" \u3000")
        if _is_item(marker, rest, builder, i in items):
            builder.close_to(marker.family)  # an item stands beside its family's headings, not under them
            builder.container().append(paragraph(rest, marker.text, _bold(block, rest)))
            report.change("item", block.line, 1, marker.text, "item")
            continue
        level = builder.level(marker.family)
        report.change("marker", block.line, 1, marker.text, f"level {level}")
        if marker.role == "article":
            builder.open(level, marker, "", True)
            builder.container().append(paragraph(rest, bold=_bold(block, rest)))
            continue
        heading, text = split_runin(rest)
        builder.open(level, marker, heading, bool(text))
        if text:
            builder.container().append(paragraph(text, bold=_bold(block, text)))
    return builder.finish()


def _unnumbered(builder: _Builder, block: Block, numeral: bool, report: Report) -> None:
    """A book's bare 一 (the numeral is the marker) or a named heading such as 序言 (at the top level)."""
    text = block.text.strip()
    family = "bare" if numeral else "named"
    level = builder.level(family) if numeral else 1
    builder.open(level, Marker(family, text if numeral else "", 0, ""), "" if numeral else text, False)
    report.change("marker", block.line, 1, text, f"level {level}")


def _hinted_heading(block: Block) -> bool:
    text = block.text.strip()
    return block.hint > 0 and 0 < len(text) <= _HINT_HEADING and text[-1] not in "。；，、;,:："


def _bold(block: Block, tail: str) -> tuple[tuple[int, int], ...]:
    """The block's bold spans moved onto ``tail``, a suffix of its text (what follows a marker)."""
    if not block.bold:
        return ()
    shift = len(block.text) - len(tail)
    spans = ((max(a - shift, 0), b - shift) for a, b in block.bold)
    return tuple((a, b) for a, b in spans if b > a)


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _marker(text: str, kind: str) -> Marker | None:
    marker = match_marker(text)
    if marker is None or vocabulary().toc_line.search(text):
        return None  # a table-of-contents line names a heading; it is not one
    if KINDS.get(marker.family) and kind not in KINDS[marker.family]:
        return None
    return marker


def _counts(marker: Marker, counts: Counter[str]) -> bool:
    """A family that needs another (``1 总则`` beside ``1.1``) counts only when that one is used twice."""
    needed = NEEDS.get(marker.family)
    return needed is None or counts[needed] >= 2


def _bare_numerals(blocks: list[Block]) -> set[int]:
    """In a book, 一 / 二 / 三 alone on their lines open chapters when they count up."""
    pattern = vocabulary().bare_numeral
    found = [i for i, b in enumerate(blocks) if pattern.match(b.text.strip())]
    return set(found) if len(found) >= 2 else set()


def _contents(blocks: list[Block]) -> set[int]:
    """A contents list: the 目录 line and the entries after it, up to where the first entry comes again."""
    names = vocabulary().contents
    for i, block in enumerate(blocks):
        if _squeezed(block.text) not in names or i + 1 >= len(blocks):
            continue
        first = _squeezed(blocks[i + 1].text)
        for j in range(i + 2, len(blocks)):
            if _squeezed(blocks[j].text) == first:
                return set(range(i, j))
        return set()
    return set()


def _item_runs(blocks: list[Block], markers: list[Marker | None]) -> set[int]:
    """Blocks in a numbered list whose members are mostly sentences, not headings.

    A list is a family's markers counting up (a restart at a lower number opens a new
    list). A member is sentence-like when its first sentence ends in ；or ，, runs to 30
    characters or more, or stands alone with inner punctuation (``一、元旦：1月1日放假。``).
    """
    runs: list[list[int]] = []
    last: dict[str, tuple[int, int]] = {}  # family -> (value, run index)
    for i, marker in enumerate(markers):
        if marker is None or marker.role != "heading" or marker.family in _STRUCTURAL:
            continue
        previous = last.get(marker.family)
        if previous is None or marker.value <= previous[0]:
            runs.append([])
            last[marker.family] = (marker.value, len(runs) - 1)
        else:
            last[marker.family] = (marker.value, previous[1])
        runs[last[marker.family][1]].append(i)
    order = {f: n for n, f in enumerate(dict.fromkeys(m.family for m in markers if m is not None))}
    items: set[int] = set()
    for run in runs:
        bare = {i: _bare(markers, i, order) for i in run}
        like = [i for i in run if _sentence_like(_rest(blocks[i], markers[i]), bare[i])]
        if 2 * len(like) >= len(run):
            items |= set(run)
        else:  # a list of headings: only a plain sentence standing alone is an item
            items |= {i for i in run if _plain_sentence(_rest(blocks[i], markers[i]), bare[i])}
    return items


def _plain_sentence(rest: str, bare: bool) -> bool:
    """A numbered sentence alone, no heading: 30 characters or more, or punctuated inside and heading nothing."""
    first, text = split_runin(rest)
    if text or first.rstrip().rstrip(_CLOSING)[-1:] not in "。！？":
        return False
    return len(first) >= _LONG_SENTENCE or (bare and any(ch in first[:-1] for ch in "，：；"))


def _bare(markers: list[Marker | None], i: int, order: dict[str, int]) -> bool:
    """A numbered sentence with no content of its own: the next paragraph is a sibling or ranks higher."""
    marker = markers[i]
    following = markers[i + 1] if i + 1 < len(markers) else None
    if marker is None or marker.family not in order:
        return False
    if i + 1 < len(markers) and following is None:
        return False  # body text follows: it heads something
    return following is None or order.get(following.family, len(order)) <= order[marker.family]


def _rest(block: Block, marker: Marker | None) -> str:
    return block.text[len(marker.text) :].lstrip(" \u3000") if marker else block.text


def _sentence_like(rest: str, bare: bool) -> bool:
    """A sentence, not a heading: a clause, a long first sentence, or a punctuated one heading nothing."""
    first, text = split_runin(rest)
    end = first.rstrip().rstrip(_CLOSING)[-1:]
    if end in "；，;,":
        return True
    if end not in "。！？":
        return False
    return len(first) >= _LONG_SENTENCE or (not text and (bare or any(ch in first[:-1] for ch in "，：；")))


def _is_item(marker: Marker, rest: str, builder: _Builder, in_item_list: bool) -> bool:
    if marker.role == "item":
        return True
    if marker.role == "article" or marker.family in _STRUCTURAL:
        return False
    if builder.in_article():
        return True
    end = rest.rstrip().rstrip(_CLOSING)[-1:]
    if end in "；，;,":
        return True  # a clause is never a heading
    if marker.family in NO_RUNIN and (end in "。！？：:" or bool(split_runin(rest)[1])):
        return True  # a numbered clause (5.2.1　建立…。按照…): its family heads only standing alone
    # in a list of sentences every member is an item, but for a heading standing alone unpunctuated
    return in_item_list and (end in "。！？：:" or bool(split_runin(rest)[1]))


def split_runin(text: str) -> tuple[str, str]:
    """Heading sentence and the body that follows it on the same line ('' when none)."""
    depth = 0
    for i, ch in enumerate(text):
        if ch in _OPENING:
            depth += 1
        elif ch in _CLOSING:
            depth = max(0, depth - 1)
        elif ch in "。！？" and depth == 0:
            end = i + 1
            while end < len(text) and text[end] in _CLOSING:
                end += 1
            return text[:end], text[end:].lstrip(" \u3000")
    return text, ""


def paragraph(text: str, marker: str = "", bold: tuple[tuple[int, int], ...] = ()) -> Paragraph:
    points = list(bold)
    for m in _POINT.finditer(text):
        start = m.start(1)
        end = len(text)
        for i in range(m.end(1), len(text)):
            if text[i] in _POINT_END:
                end = i + 1
                break
        if not any(a < end and start < b for a, b in bold):
            points.append((start, end))
    return Paragraph(text, tuple(sorted(points)), marker)


assert set(_STRUCTURAL) - {"bare", "named"} <= set(FAMILIES), "vocabulary.toml lost a structural family"
