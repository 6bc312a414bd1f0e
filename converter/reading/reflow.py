"""Pass 4, reflow: rejoin hard-wrapped lines into paragraphs.

The wrap width is measured from the text (the width most mid-clause line ends share), so
any width from about 20 to 40 characters works without being told. A paragraph ends at a
blank line, before an indented line, a heading marker, a ——subtitle or a date line, and
after a line that is visibly short and ends a clause. A stand-alone heading wraps only
when it filled its line; a family of run-in headings (``（一）…。body``) wraps like text.
Text with no common width (one paragraph per line) is taken line by line. Lines join with
no space between Chinese characters.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from converter.reading.chars import ends_clause, text_width
from converter.reading.headlines import DATE_LINE, SALUTATION, SUBTITLE, is_speaker
from converter.reading.lines import Line
from converter.reading.markers import match_marker
from converter.reading.report import Report

_SENTENCE_END = re.compile("[。！？]")
_UNIT = re.compile(r"[(（“‘《]?[A-Za-z0-9.,:%+\-/@_·]+|——|……|.[，。、；：？！）》”’」』】〕]*")
_FIRST_POINT = re.compile("一是|首先|第一，")
_WORD_END = re.compile(r"[A-Za-z]{2,}$")
_WORD_START = re.compile(r"[A-Za-z]{2,}")
_SLACK = 3.0  # ems a full line may fall short of the measure (kinsoku pushes, Latin runs)
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
    for line in lines:
        text = line.text.strip()
        if not text:
            current, previous = None, None
            continue
        early = len(blocks) <= 4
        if current is not None and previous is not None and page.continues(current, previous, line, in_head, early):
            _join(current, previous, text, report)
            current.end_line = line.number
        else:
            if current is not None and in_head:
                in_head = page.head_line(previous)
            current = Block(text, line.number, page.indented(line))
            blocks.append(current)
        in_head = in_head and page.head_line(line)
        previous = line
    return blocks


class _Page:
    """What the lines say about the layout they came from: wrap width, indents, heading habits."""

    def __init__(self, content: list[Line]) -> None:
        self.indents = {id(line): _indent(line.text) for line in content}
        self.base = min(self.indents.values())
        self.widths = {id(line): text_width(line.text.strip()) + self.indents[id(line)] - self.base for line in content}
        self.measure = _measure(content, self.widths)
        self.runin_families = self._runin_families(content) if self.measure else set()

    def indented(self, line: Line) -> bool:
        return self.indents[id(line)] - self.base >= 1.0

    def full(self, line: Line) -> bool:
        return self.measure is not None and self.widths[id(line)] >= self.measure - _SLACK

    def head_line(self, line: Line | None) -> bool:
        """Still in the title block: short lines that end no clause and start nothing else."""
        if line is None or self.measure is None:
            return False
        text = line.text.strip()
        short = self.widths[id(line)] < self.measure - max(_SLACK, _TITLE_SHORT * self.measure)
        return short and not ends_clause(text) and not _starts_block(text)

    def continues(self, block: Block, prev: Line, line: Line, in_head: bool, early: bool = False) -> bool:
        """Does ``line`` carry on the paragraph that ``prev`` belongs to?"""
        if self.measure is None or self.indented(line):
            return False
        if in_head:
            return self.head_line(line) and not prev.page_break_before
        text, prev_text = line.text.strip(), prev.text.strip()
        if early and SALUTATION.match(block.text):
            return False  # 同志们： or an addressee line under the title is a block of its own
        marker = match_marker(block.text)
        if SUBTITLE.match(block.text) or (
            marker
            and marker.role == "heading"  # articles and items wrap like text
            and marker.family not in self.runin_families
            and not _SENTENCE_END.search(block.text)
        ):
            # a stand-alone heading or subtitle wraps only when it filled its line, onto a short line
            return self.full(prev) and not self.full(line) and not _starts_block(text) and not is_speaker(text)
        if _starts_block(text):
            # a heading marker right after a line the wrap cut mid-clause is text that happened to wrap there
            return match_marker(text) is not None and self.full(prev) and not ends_clause(prev_text)
        if prev_text.endswith("：") and _FIRST_POINT.match(text):
            return False  # "…以下几个方面：" then a paragraph of points
        if ends_clause(prev_text) and self.widths[id(prev)] > self.measure + 1.0:
            return False  # longer than the wrap width: a line nobody wrapped, complete in itself
        if self.full(prev):
            return True
        if _SENTENCE_END.search(prev_text[-1:]) or DATE_LINE.match(prev_text):
            return False
        # a short line the wrap cut early: the next unit (a word, a number, a char and its
        # punctuation) would not have fitted on it
        return self.widths[id(prev)] + _unit_width(text) > self.measure - _SLACK

    def _runin_families(self, content: list[Line]) -> set[str]:
        """Marker families whose headings run into body text, by a vote over their lines."""
        votes: Counter[tuple[str, bool]] = Counter()
        for i, line in enumerate(content):
            text = line.text.strip()
            marker = match_marker(text)
            if marker is None:
                continue
            rest = text[len(marker.text) :]
            if _SENTENCE_END.search(rest[:-1]):
                runin = True
            elif self.full(line) and not _SENTENCE_END.search(rest) and i + 1 < len(content):
                following = content[i + 1].text.strip()
                end = _SENTENCE_END.search(following)
                # run-in, or a numbered sentence that goes on over another full line: either wraps like text
                goes_on = (end is not None and end.start() < _RUNIN_REACH) or self.full(content[i + 1])
                runin = goes_on and not _starts_block(following)
            else:
                runin = False
            votes[marker.family, runin] += 1
        families = {family for family, _ in votes}
        return {f for f in families if votes[f, True] > votes[f, False]}


def _indent(text: str) -> float:
    stripped = text.lstrip()
    lead = text[: len(text) - len(stripped)]
    return sum(1.0 if ch == "\u3000" else 2.0 if ch == "\t" else 0.5 for ch in lead)


def _measure(content: list[Line], widths: dict[int, float]) -> float | None:
    """The wrap width, or None when lines do not share one (one paragraph per line).

    Lines that stop mid-clause are the ones a wrap cut: in wrapped text most of them sit
    just under one width, and hardly any line is longer than it.
    """
    cut = sorted(widths[id(line)] for line in content if not ends_clause(line.text))
    if len(cut) < 2:
        return None
    top = cut[int(0.8 * (len(cut) - 1))]
    near = sum(1 for w in cut if top - _SLACK <= w <= top + 1.0)
    longer = sum(1 for w in widths.values() if w > top + 2.0)
    if not _MIN_MEASURE <= top <= _MAX_MEASURE or near < 2 or near < 0.5 * len(cut) or longer > 0.1 * len(widths):
        return None
    return top


def _unit_width(text: str) -> float:
    """Width of what a line breaker cannot split at the start of ``text``."""
    m = _UNIT.match(text)
    return text_width(m.group()) if m else 0.0


def _starts_block(text: str) -> bool:
    return match_marker(text) is not None or DATE_LINE.match(text) is not None or SUBTITLE.match(text) is not None


def _join(block: Block, prev: Line, text: str, report: Report) -> None:
    # PDF layout wraps Latin text at the space between words; numbers and mid-word breaks take none
    glue = " " if _WORD_END.search(block.text) and _WORD_START.match(text) else ""
    report.change("join", prev.number, len(prev.text.rstrip()) + 1, "\n", glue)
    block.text += glue + text
