"""Paragraphs from inputs that already have them (DOCX, Markdown) to the blocks the outline reads.

A DOCX or Markdown file needs no reflow: its paragraphs are given. What it needs is the
tidying a careful secretary does by hand, each step logged: spaces, full-width spaces and
tabs typed for indents and centring are removed, a word spaced out letter by letter
(``通　　知``) is closed up, inner runs of spaces become one full-width space, and empty
paragraphs typed for spacing are dropped. Then Chinese punctuation is normalised exactly as
for text (the normalise pass), table cells included, and a file whose paragraphs are the
lines of a pasted PDF is rejoined by the reflow pass (``rejoin``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from converter.model import Paragraph, Table
from converter.reading.chars import ends_clause
from converter.reading.lines import Line
from converter.reading.normalise import normalise
from converter.reading.reflow import Block, reflow
from converter.reading.report import Report

_SPACE = " \u3000\t\u00a0"
_CUT_LINE = 12  # a paragraph this long that ends no clause was cut by a line end (pasted from a PDF) …
_CUT_LINES = 3  # … and a file with at least this many such paragraphs …
_CUT_SHARE = 0.3  # … making up this share of its paragraphs is rejoined
_INNER_RUN = re.compile("[ \u3000\t\u00a0]{2,}|\t")
_SPACED_OUT = re.compile(r"^\S(?:[ \u3000\t\u00a0]+\S){1,9}$")  # 通　知, 国 务 院 文 件: up to ten letters


@dataclass
class SourcePara:
    """One paragraph as the source gave it, before tidying; ``line`` is where it starts (1-based)."""

    text: str
    line: int
    hint: int = 0  # heading level the source gave it
    bold: list[tuple[int, int]] = field(default_factory=list)
    rows: list[list[list[str]]] | None = None  # a table: rows of cells of paragraph texts
    header_rows: int = 1
    caption: str | None = None


def blocks(paras: list[SourcePara], report: Report) -> list[Block]:
    """Tidy and normalise every paragraph; tables become table blocks."""
    lines: list[Line] = []  # one line per paragraph or cell paragraph, blank lines between
    kept: list[tuple[SourcePara, Line | list[list[list[Line]]]]] = []
    for para in paras:
        if para.rows is not None:
            grid = [[[_line(tidy(t, para.line, report), para.line, lines) for t in cell] for cell in row]
                    for row in para.rows]  # fmt: skip
            kept.append((para, grid))
            continue
        text = tidy(para.text, para.line, report)
        if not text:
            report.change("empty-paragraph", para.line, 1, para.text, "")
            continue
        bold = _shift(para.bold, para.text, text)
        para.bold = bold
        kept.append((para, _line(text, para.line, lines)))
    before = [line.text for line in lines]
    normalise(lines, report)
    moved = {id(line): (old, line.text) for old, line in zip(before, lines, strict=True) if old != line.text}
    out: list[Block] = []
    for para, line in kept:
        if isinstance(line, Line):
            bold = para.bold
            if id(line) in moved:
                bold = _shift(bold, *moved[id(line)])
            out.append(Block(line.text, para.line, _indented(para.text), hint=para.hint, bold=tuple(bold)))
            continue
        rows = tuple(tuple(tuple(Paragraph(c.text) for c in cell if c.text) for cell in row) for row in line)
        caption = tidy(para.caption, para.line, report) if para.caption else None
        header = min(para.header_rows, len(rows))
        out.append(Block("", para.line, table=Table(rows, header, caption or None)))
    return rejoin(out, report)


def _indented(text: str) -> bool:
    """Spaces before the text and (nearly) none after: an indent, not centring."""
    lead = len(text) - len(text.lstrip(_SPACE))
    trail = len(text) - len(text.rstrip(_SPACE))
    return lead > 0 and trail <= 1


def rejoin(blocks: list[Block], report: Report) -> list[Block]:
    """Paragraphs that are lines of text pasted from a PDF (Enter at every line end), joined again.

    The reflow pass reads the paragraphs as lines, indents kept; when it finds a common wrap
    width and joins lines, the joined blocks replace the paragraphs (each join logged with
    its paragraph number). Real paragraphs share no width, so reflow leaves them alone.
    Tables and paragraphs the source styled as headings stand apart (blank lines around them).
    Only a file where many paragraphs stop mid-clause is read this way: in a file typed in
    Word, a paragraph ends a sentence or is a heading, title or name.
    """
    text = [b.text for b in blocks if b.table is None and not b.hint]
    cut = sum(1 for t in text if len(t) >= _CUT_LINE and not ends_clause(t))
    if cut < _CUT_LINES or cut < _CUT_SHARE * len(text):
        return blocks
    lines: list[Line] = []
    for i, block in enumerate(blocks):
        alone = block.table is not None or block.hint > 0
        text = "" if block.table is not None else ("\u3000\u3000" if block.indented else "") + block.text
        lines += [Line(i + 1, ""), Line(i + 1, text), Line(i + 1, "")] if alone else [Line(i + 1, text)]
    wrapped = reflow(lines, Report())
    if sum(1 for b in wrapped) == sum(1 for b in blocks if b.table is None):
        return blocks  # nothing joined: the paragraphs are paragraphs
    out: list[Block] = []
    starts = {w.line: w for w in wrapped}
    for i, block in enumerate(blocks):
        joined = starts.get(i + 1)
        if block.table is not None or joined is None:
            if block.table is not None:
                out.append(block)
            continue
        span = blocks[i : joined.end_line]
        if len(span) == 1:
            out.append(block)
            continue
        bold: list[tuple[int, int]] = []
        pos = 0
        for part in span:
            at = joined.text.find(part.text, pos)
            bold += [(a + at, b + at) for a, b in part.bold]
            pos = at + len(part.text)
            if part is not block:
                report.change("join", part.line, 1, "\n", "")
        out.append(Block(joined.text, block.line, block.indented, span[-1].line, block.hint, tuple(bold)))
    return out


def _line(text: str, number: int, lines: list[Line]) -> Line:
    """A Line for the normalise pass, after a blank one so quotes do not pair across paragraphs."""
    line = Line(number, text)
    lines += [Line(number, ""), line]
    return line


def tidy(text: str, line: int, report: Report) -> str:
    """Manual spacing out of one paragraph, each removal logged."""
    stripped = text.strip(_SPACE + "\n\r")
    if not stripped:
        return ""
    lead = len(text) - len(text.lstrip(_SPACE + "\n\r"))
    trail = len(text) - len(text.rstrip(_SPACE + "\n\r"))
    if lead and trail > 1:
        report.change("centring-spaces", line, 1, text[:lead] + "…" + text[len(text) - trail :], "")
    elif lead:
        report.change("indent-spaces", line, 1, text[:lead], "")
    if _SPACED_OUT.match(stripped) and not any(ch.isascii() and ch.isalnum() for ch in stripped):
        closed = "".join(stripped.split())
        report.change("spaced-out", line, lead + 1, stripped, closed)
        return closed
    out, pos = [], 0
    for m in _INNER_RUN.finditer(stripped):
        latin = stripped[m.start() - 1].isascii() and stripped[m.end()].isascii()
        space = " " if latin else "\u3000"  # between Latin words one space, in Chinese text one full-width
        out.append(stripped[pos : m.start()])
        out.append(space)
        report.change("inner-spaces", line, lead + m.start() + 1, m.group(), space)
        pos = m.end()
    out.append(stripped[pos:])
    return "".join(out)


def _shift(spans: list[tuple[int, int]], old: str, new: str) -> list[tuple[int, int]]:
    """Spans on ``old`` carried over to ``new`` (the same text with some characters changed)."""
    if not spans or old == new:
        return list(spans)
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    blocks = matcher.get_matching_blocks()

    def place(i: int) -> int:
        for a, b, size in blocks:
            if a <= i < a + size or (size == 0 and i >= a):
                return b + min(i - a, size)
            if i < a:
                return b
        return len(new)

    moved = [(place(a), place(b - 1) + 1) for a, b in spans]
    return [(a, min(b, len(new))) for a, b in moved if min(b, len(new)) > a]
