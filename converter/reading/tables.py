"""Tables in plain text: a run of lines that split into the same columns on runs of spaces or tabs.

An 附件's 序号/名称/单位 list typed with spaces is a table, not a run of short paragraphs.
A line splits at a tab or at two or more spaces (one full-width space is ordinary spacing,
as in ``第一条　为了``). Three or more lines in a row with the same number of columns, every
cell short and no cell a sentence, make one table; with only two columns the first must
number the rows (the two halves of a verse line up too). The reader is warned to check it:
lines that merely happen to line up are possible.
"""

from __future__ import annotations

import re

from converter.i18n import _
from converter.model import Paragraph, Table
from converter.reading.lines import Line
from converter.reading.reflow import Block
from converter.reading.report import Report

_GAP = re.compile("[ \u3000]{2}")
_SPLIT = re.compile("[ \u3000]*\t[ \t\u3000]*|[ \u3000]{2,}")
_MIN_ROWS = 3
_MAX_CELL = 25
_NOT_A_CELL = re.compile("[。！？]|……|…|\\.{4,}")  # a sentence, or a contents line's leader dots
_NUMBER = re.compile(r"^[\d.．,，%％]+$")


def cells(text: str) -> list[str]:
    """The columns of one line, or [] when it does not look like a table row."""
    if "\t" not in text and not _GAP.search(text):
        return []  # no column gap (most lines): spare the split
    parts = _SPLIT.split(text.strip())
    if len(parts) < 2 or any(not p or len(p) > _MAX_CELL or _NOT_A_CELL.search(p) for p in parts):
        return []
    return parts


def _is_table(run: list[tuple[Line, list[str]]]) -> bool:
    """Three or more rows; two columns only when the first numbers the rows (a verse's two halves are no table)."""
    if len(run) < _MIN_ROWS:
        return False
    if len(run[0][1]) > 2:
        return True
    body = [row[0] for _, row in run[1:]]
    return all(_NUMBER.match(cell) for cell in body)


def take_tables(lines: list[Line], report: Report) -> list[Block]:
    """Table blocks for each run of aligned lines; those lines are blanked so reflow passes them by."""
    out: list[Block] = []
    run: list[tuple[Line, list[str]]] = []
    for line in [*lines, Line(0, "")]:
        row = cells(line.text) if line.text.strip() else []
        if run and (not row or len(row) != len(run[0][1])):
            if _is_table(run):
                out.append(_table(run, report))
            run = []
        if row:
            run.append((line, row))
    return out


def _table(run: list[tuple[Line, list[str]]], report: Report) -> Block:
    rows = tuple(tuple((Paragraph(cell),) for cell in row) for _, row in run)
    first = [cell for cell in run[0][1]]
    header = 1 if not any(_NUMBER.match(cell) for cell in first) else 0
    start, end = run[0][0].number, run[-1][0].number
    report.warn(
        "table",
        start,
        _("lines {start}–{end} read as a table of {columns} columns (they line up on spaces): check it").format(
            start=start, end=end, columns=len(first)
        ),
    )
    for line, _row in run:
        line.text = ""
    return Block("", start, end_line=end, table=Table(rows, header))


def merge(blocks: list[Block], tables: list[Block]) -> list[Block]:
    """Blocks and table blocks in source order."""
    if not tables:
        return blocks
    return sorted([*blocks, *tables], key=lambda b: b.line)
