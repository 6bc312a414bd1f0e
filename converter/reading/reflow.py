"""Pass 4, reflow: rejoin hard-wrapped lines into paragraphs.

A line breaker fills each line of a paragraph to the measure and stops only at its end, so
the question at each line end is whether the next line's first unit (a character with the
punctuation that may not start a line, a number, a Latin word, an opening bracket and what
follows it) would have fitted on the line: if it would, the paragraph ended there. Everything
else is read from the text itself, so any layout works without being told:

- the measure: the widest width, in ems (CJK 1, ASCII 1/2, as laid out before normalising),
  that a fair share of lines fill and hardly any exceed, punctuation hung past the end aside;
  text with no common width (one paragraph per line) is taken line by line;
- the slack: how far short of it lines that end mid-clause fall (none on a grid, a few ems in
  a PDF that compresses punctuation);
- whether paragraphs are marked by an indent, or by a first line two ems short (an indent
  set as space that the extraction dropped);
- how often a sentence ends a paragraph (and a sentence before an opening quote): a full
  line that ends a sentence is as likely to end its paragraph as that;
- which marker families are headings (they end without punctuation) and which run in.

A blank line, an indented line, a heading marker, a date line, a ``——subtitle`` in the title
block, a note mark or ``第三，`` after a sentence, and the stand-alone lines of front and back
matter (a date, a signature, ``附件：``, ``抄送：``, ``各位代表！``, ``特此通知。``) start a paragraph.
Title lines join each other, never a 发文字号, 令号, promulgation line or a speaker's name
(rjieba's parts of speech). A heading that filled its line continues only where the words
run on (rjieba again). Lines join with no space between Chinese characters.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from converter.model import Table
from converter.reading.chars import CLOSERS, HAN, HAS_HAN, ends_clause, text_width
from converter.reading.headlines import DATE_LINE, SALUTATION, SUBTITLE, is_speaker
from converter.reading.lines import Line
from converter.reading.markers import NO_RUNIN, Marker, match_marker
from converter.reading.report import Report
from converter.reading.vocabulary import vocabulary

_SENTENCE_END = re.compile("[。！？]")
_QUOTE_AFTER_SENTENCE = re.compile("[。！？][”’」』]*“")
_QUOTE_CLOSES_SENTENCE = re.compile("[。！？…][”’」』]+$|[。！？…][”’」』]+(?=.)")  # 。” : a quoted sentence ends
_UNIT = re.compile(r"[(（“‘《〈【〔「『]*(?:[A-Za-z0-9.,:%+\-/@_·]+|——|……|.)[，。、；：？！）》”’」』】〕…%]*")
_WORD_END = re.compile(r"[A-Za-z]{2,}$")
_WORD_START = re.compile(r"[A-Za-z]{2,}")
_LINES = vocabulary()
_FIRST_POINT = _LINES.reflow_re("first_point")
_STANDALONE = _LINES.reflow_re("standalone")  # the [reflow] tables of vocabulary.toml say what each is
_OPENER = _LINES.reflow_re("opener")
_DOC_NUMBER = _LINES.reflow_re("doc_number")
_BARE_MARKER = _LINES.reflow_re("bare_marker")
_NUMBER_LINE = _LINES.reflow_re("number_line")
_LEAD = "——"
_NOTE_MARK = re.compile(r"[〔\[［【]\d{1,3}[〕\]］】]")  # a note's number in brackets, where notes are numbered so
_CLAUSE = re.compile(f"[{HAN}]{{3,10}}")  # words alone: 新的征程上 (not 到2020年, a date)
_NOTE_MARK_ALONE = _LINES.reflow_re("note_mark_alone")
_PROMULGATION = _LINES.reflow_re("promulgation")
_NOTE_DATE_START = re.compile(r"^[（(]?(\d{4}|[〇零一二三四五六七八九]{4})\s*年")
_NOTE_END = _LINES.front_re("note_end")
_PUNCTUATION_CLAUSE = re.compile("[，。；！？]")
_SPEECH_TITLE = 30  # a speech's title in a collection of speeches is a short line
_CHAPTER_LIKE = ("part", "chapter", "section", "episode")  # marker families that head a whole chapter
_INNER_SPACE = re.compile(r"\S(?:\u3000|\s{2,})\S")
_PUNCTUATION = re.compile(r"[，。、；：！？,.;:!?“”‘’（）()《》]")
_HANGING = "，。、；：！？）》”’」』】〕…"
_PIECE_END = "，、"  # punctuation after which pdftotext cuts a justified line at a wide gap
_GAPS = 1.0  # ems the widened gaps of such a line take, beyond the slack
_SLACK = (1.0, 4.0)  # ems a mid-clause line may fall short of the measure: the least and most a text may show
_FULL = 0.5  # a line this close to the measure is full: nothing more would have fitted
_INDENT_LOST = 2.0  # a first-line indent the extraction dropped leaves the first line this much short
_MAX_MEASURE = 60.0
_MIN_MEASURE = 12.0  # nothing is hard-wrapped narrower; shorter common widths are just short lines
_TITLE_SHORT = 0.15  # title lines (22 pt on the same measure) fall this share short of body lines at least
_RUNIN_REACH = 15  # a run-in heading wrapped at the measure ends its sentence early on the next line


@dataclass(slots=True)
class Block:
    """A paragraph-to-be: its text and the source lines it spans."""

    text: str
    line: int
    indented: bool = False
    end_line: int = 0
    # from inputs that carry structure (DOCX, Markdown; converter/reading/sources.py):
    hint: int = 0  # the heading level the source gave it (Word outline level, Markdown #), 0 for none
    bold: tuple[tuple[int, int], ...] = ()  # [start, end) spans the source set bold
    table: Table | None = None  # a table standing here; ``text`` is then empty

    def __post_init__(self) -> None:
        self.end_line = self.end_line or self.line


def reflow(lines: list[Line], report: Report) -> list[Block]:
    content = [line for line in lines if line.text.strip()]
    if not content:
        return []
    page = _Page(content)
    blocks: list[Block] = []
    current: Block | None = None
    previous: Line | None = None
    in_head = page.measure is not None
    pieces = 0.0  # width of a printed line pdftotext set out in pieces between blank lines, while incomplete
    for i, line in enumerate(lines):
        text = line.text.strip()
        if not text:
            if current is None or not (pieces or _BARE_MARKER.match(current.text)):
                current, previous = None, None
            continue  # (a bare 第X条 set apart from its text by the extraction waits for it)
        early = len(blocks) <= 4
        after = lines[i + 1] if i + 1 < len(lines) and lines[i + 1].text.strip() else None
        if (
            current is not None
            and previous is not None
            and (page.piece_goes_on(pieces, line) or page.continues(current, previous, line, after, in_head, early))
        ):
            _join(current, previous, text, report)
            current.end_line = line.number
            page.extend(current, text)
            pieces = page.printed_line(pieces, line) if pieces else 0.0
        else:
            if current is not None and in_head:
                in_head = page.head_line(previous) or _number_above_title(previous, len(blocks))
            current = Block(text, line.number, page.indented(line))
            blocks.append(current)
            page.start(line)
            pieces = page.width(line) if page.measure is not None and _NOTE_MARK_ALONE.match(text) else 0.0
        in_head = in_head and (page.head_line(line) or _number_above_title(line, len(blocks)))
        if page.measure is not None:
            page.note(line, current.line != line.number)
        previous = line
    return blocks


class _Page:
    """What the lines say about the layout they came from: wrap width, indents, heading habits."""

    def __init__(self, content: list[Line]) -> None:
        self.indents = {id(line): _indent(line.text) for line in content}
        self.base = min(self.indents.values())
        # a line's width as it was laid out: full-width digits normalised to half width still took a full em
        self.widths = {
            id(line): max(text_width(line.text.strip()), line.source_width) + self.indents[id(line)] - self.base
            for line in content
        }
        # widths without the punctuation hung past the line end: the space the line breaker filled
        filled = {id(line): self.widths[id(line)] - _hung(line.text) for line in content}
        flush = [filled[id(line)] for line in content if not self.indented(line)]
        # indented lines open paragraphs, and their indent may or may not be part of the measure
        self.measure = _measure(flush if len(flush) >= 3 else list(filled.values()))
        self.slack = self._slack(content) if self.measure else _SLACK[0]
        self.markers = {id(line): match_marker(line.text.strip()) for line in content}
        self.pieces = 0.0  # width of the comma-ended pieces of one printed line met so far
        self.completed = False  # the last line completed a printed line made of such pieces
        self.heading: Marker | None = None  # the marker of the block being built, while it reads as a heading
        self.runin_families: set[str] = set()
        self.heading_families: set[str] = set()
        if self.measure:
            self._lone_markers(content)
            self._families(content)
        self.indent_lost = self.measure is not None and self._indent_lost(content)
        self.close_share = 0.0  # the same for sentences that end a quotation (…。”), set with the others
        self.paragraph_share, self.quote_share = self._paragraph_share(content) if self.measure else (0.0, 0.0)
        self.index = {id(line): i for i, line in enumerate(content)}
        starts = ((i, _NOTE_MARK.match(line.text.strip())) for i, line in enumerate(content))
        self.last_mark = {mark.group(): i for i, mark in starts if mark}  # the last line each mark begins
        numerals = {id(line) for line in content if _LINES.bare_numeral.match(line.text.strip())}
        self.numerals = numerals if len(numerals) >= 2 else set()
        # ——坚持…, ——坚持…: lead paragraphs in parallel open with the same words after the dash (a dash
        # after a sentence inside a paragraph, ——但其实…, seldom repeats its words)
        leads = Counter(line.text.strip()[2:4] for line in content if line.text.strip().startswith(_LEAD))
        self.leads = {words for words, n in leads.items() if n >= 2 and HAS_HAN.match(words)}
        # 新的征程上，…  新的征程上，…: paragraphs in parallel open with the same first clause, at three line
        # starts or more that go on differently (a wrap puts the same words at a line start that often only by
        # chance, or in a passage repeated word for word)
        openings = Counter(_first_clause(text) for text in {line.text.strip() for line in content})  # distinct lines
        self.parallel = {words for words, n in openings.items() if words and n >= 3}
        # indents mark paragraphs: then an unindented line carries on the one above
        self.indents_mark = sum(1 for line in content if self.indented(line)) >= max(3, len(content) // 20)

    def start(self, line: Line) -> None:
        """A block opens with ``line``: is it a stand-alone heading (a marker, no sentence, no ；)?"""
        marker = self.markers[id(line)]
        text = line.text
        runin = marker is not None and marker.family in self.runin_families
        clause = marker is not None and marker.role != "heading"  # articles and items wrap like text
        # a numbered clause of a family that heads only standing alone (1.2.2　省级（Ⅱ级）：在一个省、…)
        clause = clause or (marker is not None and marker.family in NO_RUNIN and _PUNCTUATION.search(text) is not None)
        cut = text.rstrip()[-1:] in _PIECE_END  # a heading never ends in a comma: this one goes on
        self.heading = None if runin or clause or cut or _SENTENCE_END.search(text) or "；" in text else marker

    def extend(self, block: Block, text: str) -> None:
        if self.heading is not None and (
            _SENTENCE_END.search(text) or "；" in text or len(block.text) > 3 * (self.measure or 0)
        ):
            self.heading = None

    def indented(self, line: Line) -> bool:
        return self.indents[id(line)] - self.base >= 1.0

    def width(self, line: Line) -> float:
        return self.widths[id(line)]

    def full(self, line: Line) -> bool:
        return self.measure is not None and self.widths[id(line)] >= self.measure - _FULL

    def nearly_full(self, line: Line) -> bool:
        """Full, or short by no more than a mid-clause line can be."""
        return self.measure is not None and self.widths[id(line)] >= self.measure - self.slack - _FULL

    def head_line(self, line: Line | None) -> bool:
        """Still in the title block: short lines that end no clause and start nothing else."""
        if line is None or self.measure is None:
            return False
        text = line.text.strip()
        short = self.widths[id(line)] < self.measure - max(3.0, _TITLE_SHORT * self.measure)
        return short and not ends_clause(text) and not self._starts_block(line) and not _not_title(text)

    def continues(
        self, block: Block, prev: Line, line: Line, after: Line | None, in_head: bool, early: bool = False
    ) -> bool:
        """Does ``line`` carry on the paragraph that ``prev`` belongs to? (``after``: the line below it)"""
        if _BARE_MARKER.match(block.text) and self.markers[id(line)] is None:
            return True  # 第十三条 alone on its line, its text below
        if self.measure is None or self.indented(line):
            return False
        if id(line) in self.numerals or id(prev) in self.numerals:
            return False  # a book's chapter numeral (一, 二 … on their own lines) stands alone
        if in_head:
            return self.head_line(line) and self.head_line(prev) and not prev.page_break_before
        text, prev_text = line.text.strip(), prev.text.strip()
        if early and SALUTATION.match(block.text):
            return False  # 同志们： or an addressee line under the title is a block of its own
        if early and SUBTITLE.match(block.text):
            # a ——subtitle wraps only when it filled its line
            return self.full(prev) and not self._starts_block(line) and not is_speaker(text)
        if _note_done(block.text) and (_NOTE_DATE_START.match(text) or not _note_done(block.text + text)):
            return False  # a 题注 that reached its verb (…会议通过, …通过的《…》) is whole
        if _over_speaker(text, after) or _over_speaker(prev_text, line):
            return False  # a speech's title over its speaker's line (a 发言摘编), and that line
        if self._unwrapped(prev):
            return False  # longer than the wrap width: a line nobody wrapped, complete in itself
        heading = self.heading is not None
        if self._starts_block(line, early):
            # a heading marker right after a line the wrap cut mid-clause is text that happened to wrap there
            marker = self.markers[id(line)]
            return (
                not heading
                and marker is not None
                and not text[len(marker.text) : len(marker.text) + 1].isspace()  # 第一条　… opens an article
                and self.full(prev)
                and not ends_clause(prev_text)
                and prev_text[-1] not in CLOSERS
            )
        # the measure of prev's own line: a paragraph's first line is shorter when its indent was dropped
        measure = self.measure - (_INDENT_LOST if self.indent_lost and block.end_line == block.line else 0.0)
        cut = not ends_clause(prev_text) and self.widths[id(prev)] >= measure - _FULL
        if not cut and (_STANDALONE.match(text) or _DOC_NUMBER.match(text) or _spaced_name(text)):
            return False  # (after a line the wrap cut mid-clause, nothing stands alone)
        if self.completed and not ends_clause(prev_text):
            return True  # pieces that filled a printed line, the last cut mid-clause: a full line
        if prev_text[-1] in _PIECE_END and self._one_visual_line(prev, line, after):
            return True  # a PDF line cut in two at a wide justification gap after a comma
        if prev_text.endswith("：") and _FIRST_POINT.match(text):
            return False  # "…以下几个方面：" then a paragraph of points
        if heading and self.widths[id(prev)] < measure - self.slack - _FULL:
            return False  # a stand-alone heading wraps only when it filled its line
        if heading and not ends_clause(prev_text) and self.nearly_full(line):
            # onto a full line: a long item carries on there, a heading that filled its line is followed
            # by a paragraph; only the words can tell (an item's wrap may cut a word, a heading's end never)
            assert self.heading is not None
            return self.heading.family not in self.heading_families or _splits_word(prev_text, text)
        reach = self.widths[id(prev)] + _unit_width(text)
        if _ends_sentence(prev_text):
            if reach <= measure + 0.25 or self._opener(line) or self._lead(text) or self._paragraph_start(line, after):
                return False
            # a full line ending a sentence: the paragraph ended there as often as this text's sentences end one
            share = (
                self.quote_share
                if text.startswith("“")
                else self.close_share
                if _QUOTE_CLOSES_SENTENCE.search(prev_text[-3:])
                else self.paragraph_share
            )
            return self.indents_mark or share < 0.5
        if ends_clause(prev_text) and reach <= measure + 0.25:
            return False  # a short line ending ；or ： the next word would have fitted on
        # mid-clause: carried on unless the line is short by more than the next unit explains
        return reach > measure - self.slack

    def piece_goes_on(self, pieces: float, line: Line) -> bool:
        """A piece of the printed line a note mark began (〔2〕 / Alps山 / 即阿尔卑斯山…, pdftotext sets
        them apart with blank lines at the wide gaps of a hanging indent), unless it opens a block."""
        return pieces > 0 and self.markers[id(line)] is None and not _OPENER.match(line.text.strip())

    def printed_line(self, pieces: float, line: Line) -> float:
        """The pieces' width with ``line`` added; 0 once they fill a printed line."""
        assert self.measure is not None
        width = pieces + self.widths[id(line)]
        return 0.0 if width >= self.measure - self.slack - _GAPS else width

    def _opener(self, line: Line) -> bool:
        """A note (〔5〕…), a point (第三，) opens a paragraph; a note mark that begins a line again further on
        is the reference a wrap put at a line start (…婚姻？ / 〔26〕其实…), its note being the later one."""
        text = line.text.strip()
        if not _OPENER.match(text):
            return False
        mark = _NOTE_MARK.match(text)
        return mark is None or self.last_mark.get(mark.group(), -1) <= self.index[id(line)]

    def _lead(self, text: str) -> bool:
        """A lead paragraph, one of several in parallel (——辛亥革命110年来的历史启示我们，…)."""
        return (text.startswith(_LEAD) and text[2:4] in self.leads) or _first_clause(text) in self.parallel

    def note(self, line: Line, joined: bool) -> None:
        """Keep the width of the short comma-ended pieces that may make up one printed line."""
        assert self.measure is not None
        text = line.text.strip()
        comma = not self.full(line) and (text[-1:] in _PIECE_END or _BARE_MARKER.match(text) is not None)
        going = joined and self.pieces > 0  # a piece after comma-ended pieces, whatever it ends with
        width = (self.pieces if going else 0.0) + self.widths[id(line)] if comma or going else 0.0
        self.completed = going and width >= self.measure - self.slack - _GAPS
        self.pieces = width if comma and not self.completed else 0.0

    def _one_visual_line(self, first: Line, second: Line, after: Line | None) -> bool:
        """Are short lines the pieces of one full line, which pdftotext splits where justification left
        a wide gap after a comma? A list of short items ending in commas (委员长，副委员长若干人，) is not."""
        assert self.measure is not None
        if self.completed:
            return True  # its pieces filled a printed line: like any full line ending mid-sentence
        if self.full(first):
            return False
        low, high = self.measure - self.slack - _GAPS, self.measure + 1.0
        together = (self.pieces or self.widths[id(first)]) + self.widths[id(second)]
        if low <= together <= high:
            return True
        more = after is not None and second.text.rstrip()[-1:] in _PIECE_END and not self.full(second)
        return more and low <= together + self.widths[id(after)] <= high

    def _starts_block(self, line: Line, early: bool = True) -> bool:
        """A heading marker or a date line opens a block; a ——subtitle does in the title block."""
        if self.markers[id(line)] is not None:
            return True
        text = line.text.strip()
        return DATE_LINE.match(text) is not None or (early and SUBTITLE.match(text) is not None)

    def _unwrapped(self, line: Line) -> bool:
        """Wider than the measure by more than the punctuation a line breaker hangs past its end."""
        assert self.measure is not None
        own = self.widths[id(line)] - (self.indents[id(line)] - self.base)  # an indent may stand outside the measure
        return own - _hung(line.text) > self.measure + 1.5

    def _paragraph_start(self, line: Line, after: Line | None) -> bool:
        """After a full line ending a sentence: does ``line`` open a paragraph of its own?

        It does when it is as short as a dropped first-line indent leaves a first line, or when it
        is a short line without punctuation (a signature) before another such line, a date or the end.
        """
        assert self.measure is not None
        signature = _name_like(line.text) and self.widths[id(line)] < self.measure / 2
        if signature and (after is None or _name_like(after.text) or _STANDALONE.match(after.text.strip())):
            return True
        if not self.indent_lost:
            return False
        short = self.measure - self.widths[id(line)]
        return abs(short - _INDENT_LOST) <= 0.5 and after is not None

    def _slack(self, content: list[Line]) -> float:
        """How far short of the measure this text's lines fall mid-clause.

        A typesetter's line holds as many characters as fit, but a PDF that compresses
        punctuation or sets Latin proportionally gives lines a few characters fewer or more
        than the count says; text rendered on a grid gives none. Lines that end mid-clause
        less than five ems short show the spread: nine in ten fall within it.
        """
        assert self.measure is not None
        short = sorted(
            s
            for line in content
            if not ends_clause(line.text)
            for s in (self.measure - self.widths[id(line)],)
            if 0.0 <= s < 5.0
        )
        if not short:
            return _SLACK[0]
        return max(_SLACK[0], min(_SLACK[1], short[int(0.9 * (len(short) - 1))] + 0.5))

    def _paragraph_share(self, content: list[Line]) -> tuple[float, float]:
        """The share of this text's sentences that end a paragraph, counted where the layout shows it
        (at a line that ends a sentence and that the next line's first unit would have fitted on);
        and the same for sentences followed by an opening quote, which in dialogue mostly open one."""
        assert self.measure is not None
        sentences = ended = quoted = quoted_ended = closed = closed_ended = 0
        for a, b in pairwise(content):
            text, following = a.text.strip(), b.text.strip()
            sentences += len(_SENTENCE_END.findall(text))
            quoted += len(_QUOTE_AFTER_SENTENCE.findall(text))
            closed += len(_QUOTE_CLOSES_SENTENCE.findall(text))
            if _ends_sentence(text) and (
                self.indented(b) or self.widths[id(a)] + _unit_width(following) <= self.measure + 0.25
            ):
                ended += 1
                if following.startswith("“"):
                    quoted += 1
                    quoted_ended += 1
                if _QUOTE_CLOSES_SENTENCE.search(text[-3:]):
                    closed_ended += 1
        share = ended / sentences if sentences else 0.0
        self.close_share = closed_ended / closed if closed >= 4 else share
        return share, (quoted_ended / quoted if quoted >= 4 else share)

    def _indent_lost(self, content: list[Line]) -> bool:
        """Do paragraphs' first lines fall two ems short of the measure (an indent set as space, dropped)?"""
        assert self.measure is not None
        firsts = [
            self.measure - self.widths[id(b)]
            for a, b in pairwise(content)
            if _ends_sentence(a.text) and self.widths[id(a)] < self.measure - 2.5 and not self.indented(b)
        ]
        firsts = [s for s in firsts if s < 4.0]  # one-line paragraphs and headings say nothing
        return len(firsts) >= 3 and sum(1 for s in firsts if abs(s - _INDENT_LOST) <= 0.5) > 0.6 * len(firsts)

    def _lone_markers(self, content: list[Line]) -> None:
        """A 第X卷/第X章 the text uses only once, glued to the words of a full line, is a sentence's
        first words that a wrap happened to put at a line start (第一卷名《青年杂志》，第二卷起…)."""
        families = Counter(m.family for m in self.markers.values() if m is not None)
        for line in content:
            marker = self.markers[id(line)]
            if marker is None or marker.family not in _CHAPTER_LIKE or families[marker.family] > 1:
                continue
            glued = not line.text.strip()[len(marker.text) : len(marker.text) + 1].isspace()
            if glued and self.nearly_full(line):
                self.markers[id(line)] = None

    def _families(self, content: list[Line]) -> None:
        """Marker families whose headings run into body text, and those set as short stand-alone
        headings, by a vote over their lines."""
        votes: Counter[tuple[str, bool]] = Counter()
        alone: Counter[str] = Counter()
        items: Counter[str] = Counter()
        for i, line in enumerate(content):
            text = line.text.strip()
            marker = self.markers[id(line)]
            if marker is None:
                continue
            rest = text[len(marker.text) :]
            if _SENTENCE_END.search(rest[:-1]):
                runin = True
            elif self.nearly_full(line) and not _SENTENCE_END.search(rest) and i + 1 < len(content):
                following = content[i + 1].text.strip()
                end = _SENTENCE_END.search(following)
                runin = end is not None and end.start() < _RUNIN_REACH and not self._starts_block(content[i + 1])
            else:
                runin = False
            votes[marker.family, runin] += 1
            # how the marker's paragraph ends, where it shows: a heading without punctuation, an item with it
            ending = text if not self.nearly_full(line) else None
            if ending is None and i + 1 < len(content) and not self.nearly_full(content[i + 1]):
                ending = None if self._starts_block(content[i + 1]) else content[i + 1].text
            if ending is not None and not runin:
                (items if ends_clause(ending) else alone)[marker.family] += 1
        families = {family for family, _ in votes}
        self.runin_families = {f for f in families if votes[f, True] > votes[f, False]}
        self.heading_families = {f for f in families if alone[f] > items[f]}


def _indent(text: str) -> float:
    stripped = text.lstrip()
    lead = text[: len(text) - len(stripped)]
    return sum(1.0 if ch == "\u3000" else 2.0 if ch == "\t" else 0.5 for ch in lead)


def _measure(widths: list[float]) -> float | None:
    """The wrap width, or None when lines do not share one (one paragraph per line).

    In wrapped text most long lines sit at one width (a hung punctuation mark may add one em,
    a Latin run leave one short, a dropped first-line indent two) and hardly any line is longer:
    the width with the most lines from two and a half ems below it to one above, among the widths
    at most a tenth of the long lines exceed.
    """
    long = sorted(w for w in widths if w >= _MIN_MEASURE)
    if len(long) < 2:
        return None
    allowed_over = max(1, len(long) // 10)
    best: tuple[int, float] | None = None
    for m in sorted(set(long)):
        if m > _MAX_MEASURE:
            break
        over = len(long) - bisect_right(long, m + 1.0)
        if over > allowed_over:
            continue
        near = bisect_right(long, m + 1.0) - bisect_left(long, m - _INDENT_LOST - 0.5)
        if best is None or near >= best[0]:
            best = (near, m)
    if best is None or best[0] < 2 or best[0] < 0.35 * len(long):
        return None
    near, m = best
    # the measure itself: the widest width near m that a fair share of lines fill (first lines short
    # of a dropped indent may outnumber full lines)
    counts = Counter(w for w in long if m - _INDENT_LOST - 0.5 <= w <= m + 1.0)
    top = max(counts.values())
    return max(w for w, n in counts.items() if n >= max(min(2, top), 0.15 * top))


def _hung(text: str) -> float:
    """Width of the closing punctuation at the end of a line, which a line breaker may hang past the measure."""
    text = text.rstrip()
    return float(len(text) - len(text.rstrip(_HANGING)))


def _unit_width(text: str) -> float:
    """Width of what a line breaker cannot split at the start of ``text``."""
    m = _UNIT.match(text)
    return text_width(m.group()) if m else 0.0


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip().rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in "。！？"


def _number_above_title(line: Line | None, blocks: int) -> bool:
    """A 发文字号 above the title (GB/T 9704 puts it there): the title block is still to come."""
    return line is not None and blocks <= 2 and _DOC_NUMBER.match(line.text.strip()) is not None


def _note_done(text: str) -> bool:
    """A promulgation or adoption note under a title, complete: a date, no clause, its verb at the end."""
    return (
        _NOTE_DATE_START.match(text) is not None
        and _PUNCTUATION_CLAUSE.search(text) is None
        and _NOTE_END.search(text) is not None
    )


def _first_clause(text: str) -> str:
    """The words before a line's first comma, when they are a short clause of Chinese (else '')."""
    head = text.strip().split("，", 1)
    return head[0] if len(head) == 2 and _CLAUSE.fullmatch(head[0]) else ""


def _not_title(text: str) -> bool:
    """A short line under a title that is not part of it: a 发文字号 or 令号, a promulgation line,
    a bare chapter numeral, an author or speaker line."""
    if _DOC_NUMBER.match(text) or _PROMULGATION.match(text) or _STANDALONE.match(text):
        return True
    return _INNER_SPACE.search(text) is not None or _NUMBER_LINE.match(text) is not None or _author(text)


def _author(text: str) -> bool:
    """A person's name alone (习近平, ·鲁迅·, 罗贯中 著), by the words' parts of speech."""
    name = text.strip(" \u3000·•・").removesuffix("著").strip(" \u3000·•・")
    if not name or len(name) > 6 or not HAS_HAN.search(name):
        return False
    from converter.words import tag

    return all(pos.startswith("nr") for word, pos in tag(name) if word.strip())


def _splits_word(before: str, after: str) -> bool:
    """Does a word run across the end of ``before`` into ``after``?"""
    from converter.words import cut

    head, tail = before[-6:], after[:6]
    at = 0
    for word in cut(head + tail):
        if at < len(head) < at + len(word):
            return True
        at += len(word)
    return False


def _name_like(text: str) -> bool:
    """A line without punctuation: a name, a signature, a date in Chinese numerals."""
    return _PUNCTUATION.search(text.strip()) is None


def _spaced_name(text: str) -> bool:
    """A speaker or signer set apart by a space: 浙江省政协主席　葛慧君, 总理　李克强."""
    return _INNER_SPACE.search(text) is not None and is_speaker(text)


def _over_speaker(text: str, below: Line | None) -> bool:
    """A short line ending no clause over a speaker set apart by a space: a speech's title in a collection."""
    if below is None or len(text) > _SPEECH_TITLE:
        return False
    name = below.text.strip()
    return ("\u3000" in name or " " in name) and not ends_clause(text) and _spaced_name(name)


def _join(block: Block, prev: Line, text: str, report: Report) -> None:
    # PDF layout wraps Latin text at the space between words; numbers and mid-word breaks take none
    glue = " " if _WORD_END.search(prev.text.rstrip()) and _WORD_START.match(text) else ""
    report.change("join", prev.number, len(prev.text.rstrip()) + 1, "\n", glue)
    block.text += glue + text
