"""Pass 4, reflow: rejoin hard-wrapped lines into paragraphs.

The wrap width is measured from the text (the widths most full lines share), so any width
from about 20 to 40 characters works without being told. A paragraph ends at a blank line,
before an indented line, a heading marker, a salutation or a date line, and after a line
that is visibly short and ends a clause. Text with no common width (one paragraph per
line) is taken line by line. Lines join with no space between Chinese characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from converter.reading.chars import ends_clause, text_width
from converter.reading.lines import Line
from converter.reading.markers import match_marker
from converter.reading.report import Report

DATE_LINE = re.compile(r"^[（(]\s*(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年.{1,8}日\s*[）)]$")
SUBTITLE = re.compile(r"^[—―]{1,2}[ \u3000]*[\u4e00-\u9fff“《]")
_WORD_END = re.compile(r"[A-Za-z]{2,}$")
_WORD_START = re.compile(r"[A-Za-z]{2,}")
_SLACK = 3.0  # ems a full line may fall short of the measure (kinsoku pushes, Latin runs)
_SHORT = 0.6  # below this share of the measure a line ends its paragraph whatever it ends with
_MAX_MEASURE = 60.0


@dataclass(slots=True)
class Block:
    """A paragraph-to-be: its text and the source line it starts on."""

    text: str
    line: int
    indented: bool = False
    end_line: int = 0  # the last source line joined into it

    def __post_init__(self) -> None:
        self.end_line = self.end_line or self.line


def reflow(lines: list[Line], report: Report) -> list[Block]:
    content = [line for line in lines if line.text.strip()]
    if not content:
        return []
    base = min(_indent(line.text) for line in content)
    widths = {id(line): text_width(line.text.strip()) + _indent(line.text) - base for line in content}
    measure = _measure(content, widths)
    blocks: list[Block] = []
    current: Block | None = None
    previous: Line | None = None
    in_head = measure is not None
    for line in lines:
        text = line.text.strip()
        if not text:
            current, previous = None, None
            continue
        indented = _indent(line.text) - base >= 1.0
        if current is not None and previous is not None and _continues(previous, line, widths, measure, in_head):
            _join(current, previous, text, report)
            current.end_line = line.number
        else:
            if current is not None and in_head:
                in_head = _head_line(previous, widths, measure)
            current = Block(text, line.number, indented)
            blocks.append(current)
        in_head = in_head and _head_line(line, widths, measure)
        previous = line
    return blocks


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
    if top > _MAX_MEASURE or near < 2 or near < 0.5 * len(cut) or longer > 0.1 * len(widths):
        return None
    return top


def _starts_block(text: str) -> bool:
    return (
        match_marker(text) is not None
        or DATE_LINE.match(text) is not None
        or SUBTITLE.match(text) is not None
    )


def _head_line(line: Line | None, widths: dict[int, float], measure: float | None) -> bool:
    """Still in the title block: short lines that end no clause and start nothing else."""
    if line is None or measure is None:
        return False
    text = line.text.strip()
    return widths[id(line)] < measure - _SLACK and not ends_clause(text) and not _starts_block(text)


def _continues(prev: Line, line: Line, widths: dict[int, float], measure: float | None, in_head: bool) -> bool:
    """Does ``line`` carry on the paragraph that ``prev`` belongs to?"""
    if measure is None:
        return False
    text = line.text.strip()
    if _starts_block(text) or _indent(line.text) > _indent(prev.text):
        return False
    if in_head:
        return _head_line(line, widths, measure) and not prev.page_break_before
    width = widths[id(prev)]
    if width >= measure - _SLACK:
        return True
    prev_text = prev.text.strip()
    if ends_clause(prev_text) or DATE_LINE.match(prev_text):
        return False
    return width >= _SHORT * measure


def _join(block: Block, prev: Line, text: str, report: Report) -> None:
    # PDF layout wraps Latin text at the space between words; numbers and mid-word breaks take none
    glue = " " if _WORD_END.search(block.text) and _WORD_START.match(text) else ""
    report.change("join", prev.number, len(prev.text.rstrip()) + 1, "\n", glue)
    block.text += glue + text
