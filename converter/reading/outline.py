"""Pass 5, outline: paragraphs to the tree.

The title block (title, ——subtitle, date line, speaker) and a salutation come first;
then each paragraph that opens with a heading marker starts a section. Families nest in
the order they first appear (``一、`` then ``（一）`` → levels 1 and 2). A marker paragraph
whose first sentence is followed by more text is a run-in heading: the sentence is the
heading, the rest its first paragraph. ``一是…二是…`` lead clauses become ``points``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from converter.model import Document, Node, Paragraph, Section
from converter.reading.chars import ends_clause
from converter.reading.headlines import DATE_LINE, SALUTATION, SUBTITLE, is_meta, is_speaker
from converter.reading.markers import Marker, match_marker
from converter.reading.reflow import Block
from converter.reading.report import Report

_POINT = re.compile(r"(?:^|(?<=[。；！？：]))[ \u3000]*([一二三四五六七八九十]是)")
_POINT_END = "。；！？"
_MAX_TITLE = 60
_OPENING = "“‘（《「『〔【"
_CLOSING = "”’）》」』〕】"


@dataclass
class _Open:
    section_level: int
    marker: Marker
    heading: str
    runin: bool
    children: list[Node] = field(default_factory=list)


def outline(blocks: list[Block], report: Report) -> Document:
    head, rest = _head(blocks)
    root: list[Node] = []
    stack: list[_Open] = []
    levels: dict[str, int] = {}
    for block in rest:
        marker = match_marker(block.text)
        if marker is None:
            (stack[-1].children if stack else root).append(_paragraph(block.text))
            continue
        level = levels.setdefault(marker.family, len(levels) + 1)
        report.change("marker", block.line, 1, marker.text, f"level {level}")
        while stack and stack[-1].section_level >= level:
            _close(stack, root)
        heading, body = _split_runin(block.text[len(marker.text) :].lstrip(" \u3000"))
        stack.append(_Open(level, marker, heading, bool(body)))
        if body:
            stack[-1].children.append(_paragraph(body))
    while stack:
        _close(stack, root)
    return Document(children=tuple(root), **head)


def _close(stack: list[_Open], root: list[Node]) -> None:
    done = stack.pop()
    section = Section(
        level=len(stack) + 1,
        marker=done.marker.text,
        heading=done.heading,
        runin=done.runin,
        children=tuple(done.children),
    )
    (stack[-1].children if stack else root).append(section)


def _head(blocks: list[Block]) -> tuple[dict[str, str | None], list[Block]]:
    """Title, subtitle, date, speaker and salutation from the leading blocks."""
    head: dict[str, str | None] = {"title": "", "subtitle": None, "date": None, "author": None, "salutation": None}
    i = 0
    title: list[str] = []
    while i < len(blocks) and len(title) < 3 and _title_like(blocks[i].text):
        if title and is_speaker(blocks[i].text) and i + 1 < len(blocks) and is_meta(blocks[i + 1].text):
            break
        title.append(blocks[i].text)
        i += 1
    head["title"] = "".join(title)
    while title and i < len(blocks):
        text = blocks[i].text
        if head["subtitle"] is None and SUBTITLE.match(text) and len(text) <= _MAX_TITLE:
            head["subtitle"] = text
        elif head["date"] is None and DATE_LINE.match(text):
            head["date"] = text
        elif head["author"] is None and is_speaker(text):
            head["author"] = text
        else:
            break
        i += 1
    if i < len(blocks) and SALUTATION.match(blocks[i].text) and match_marker(blocks[i].text) is None:
        head["salutation"] = blocks[i].text
        i += 1
    return head, blocks[i:]


def _title_like(text: str) -> bool:
    return (
        len(text) <= _MAX_TITLE
        and not ends_clause(text)
        and match_marker(text) is None
        and not SALUTATION.match(text)
        and not DATE_LINE.match(text)
        and not SUBTITLE.match(text)
    )


def _split_runin(text: str) -> tuple[str, str]:
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


def _paragraph(text: str) -> Paragraph:
    points = []
    for m in _POINT.finditer(text):
        start = m.start(1)
        end = len(text)
        for i in range(m.end(1), len(text)):
            if text[i] in _POINT_END:
                end = i + 1
                break
        points.append((start, end))
    return Paragraph(text, tuple(points))
