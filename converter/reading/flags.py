"""Last pass, flags: what the chain left alone but a careful editor would look at.

It changes nothing. Unpaired quotes or brackets, numbering that jumps or repeats, mixed
marker styles in one family, a family used out of its GB/T 9704 order, zero-padded dates,
ASCII punctuation it did not dare to widen, a document that stops mid-sentence, and
characters that no bundled font can print (when the application hands in a coverage check).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from converter.i18n import _
from converter.model import Document
from converter.reading.chars import HAS_HAN, ends_clause
from converter.reading.markers import FAMILIES, match_marker
from converter.reading.normalise import PROTECTED
from converter.reading.reflow import Block
from converter.reading.report import Report

Uncovered = Callable[[str], list[str]]  # characters -> those no available font can print

_PAIRS = (("“", "”"), ("‘", "’"), ("（", "）"), ("《", "》"), ("【", "】"))
_PADDED_DATE = re.compile(r"\d{4}年0\d月|\d{1,2}月0\d日")
_ASCII_PUNCT = re.compile(r"[,:;!?()\"']")
_NUMBER_PUNCT = re.compile(r"\d[,:]\d")
_POINT_TAIL = re.compile(r"[一二三四五六七八九十]是$")


def flag(blocks: list[Block], document: Document, report: Report, uncovered: Uncovered | None = None) -> None:
    """Warn about what an editor should look at; ``uncovered`` (from the application) finds
    characters no font can print, and without it that check is skipped."""
    _markers(blocks, report)
    for block in blocks:
        _pairs(block, report)
        _dates(block, report)
        _ascii(block, report)
    _ending(blocks, report)
    if uncovered is not None:
        _glyphs(blocks, report, uncovered)


def _markers(blocks: list[Block], report: Report) -> None:
    levels: dict[str, int] = {}
    last: dict[str, int] = {}
    variants: dict[str, str] = {}
    first: dict[str, str] = {}  # family -> its first marker as written, to name the family to a reader
    for block in blocks:
        marker = match_marker(block.text)
        if marker is None:
            continue
        family = marker.family
        if family not in levels:
            rank = FAMILIES.index(family)
            for other in levels:
                if FAMILIES.index(other) > rank:
                    report.warn(
                        "marker-order",
                        block.line,
                        _("{marker} nests under markers like {other}, against GB/T 9704's order").format(
                            marker=marker.text, other=first[other]
                        ),
                    )
                    break
            levels[family] = len(levels) + 1
            first[family] = marker.text
        level = levels[family]
        for other, other_level in levels.items():
            if other_level > level:
                last.pop(other, None)
        previous = last.get(family)
        if previous is not None and marker.value == previous:
            message = _("{marker} repeats the number before it").format(marker=marker.text)
            report.warn("numbering-repeat", block.line, message)
        elif previous is not None and marker.value != previous + 1:
            message = _("{marker} follows number {previous}").format(marker=marker.text, previous=previous)
            report.warn("numbering-jump", block.line, message)
        elif previous is None and marker.value != 1:
            message = _("{marker} starts its list at {number}, not 1").format(marker=marker.text, number=marker.value)
            report.warn("numbering-jump", block.line, message)
        last[family] = marker.value
        seen = variants.setdefault(family, marker.variant)
        if marker.variant != seen:
            message = _("{marker} beside markers written with {seen!r}").format(marker=marker.text, seen=seen)
            report.warn("marker-style", block.line, message)


def _pairs(block: Block, report: Report) -> None:
    for left, right in _PAIRS:
        opened, closed = block.text.count(left), block.text.count(right)
        if opened != closed:
            message = _("{opened} {left} but {closed} {right} in this paragraph").format(
                opened=opened, left=left, closed=closed, right=right
            )
            report.warn("unpaired", block.line, message)


def _dates(block: Block, report: Report) -> None:
    for m in _PADDED_DATE.finditer(block.text):
        message = _("{date}: GB/T 9704 writes dates without leading zeros").format(date=m.group())
        report.warn("date-format", block.line, message)


def _ascii(block: Block, report: Report) -> None:
    if not HAS_HAN.search(block.text) or not _ASCII_PUNCT.search(block.text):
        return
    text = PROTECTED.sub("", _NUMBER_PUNCT.sub("", block.text))
    left = sorted(set(_ASCII_PUNCT.findall(text)))
    if left:
        report.warn(
            "ascii-punctuation",
            block.line,
            _("ASCII {marks} left as is in Chinese text (next to Latin text or spaces)").format(marks=" ".join(left)),
        )


def _ending(blocks: list[Block], report: Report) -> None:
    if not blocks:
        return
    last = blocks[-1]
    if not ends_clause(last.text) and (len(last.text) > 25 or _POINT_TAIL.search(last.text)):
        message = _("the text stops mid-sentence: …{tail}").format(tail=last.text[-12:])
        report.warn("unfinished", last.end_line, message)


def _glyphs(blocks: list[Block], report: Report, uncovered: Uncovered) -> None:
    """Characters no font covers. GB 2312 text is covered by every bundled face, so the
    fonts are only asked about a document's rarer characters."""
    rare: dict[str, tuple[int, int]] = {}  # char -> (line, offset) where first seen
    common: set[str] = set()
    for block in blocks:
        for ch in set(block.text) - common:
            if _common(ch):
                common.add(ch)
            elif ch not in rare:
                rare[ch] = (block.line, block.text.index(ch))
    if not rare:
        return
    for ch in uncovered("".join(sorted(rare, key=rare.__getitem__))):
        message = _("no bundled font has {char!r} ({code}); install a font that does").format(
            char=ch, code=f"U+{ord(ch):04X}"
        )
        report.warn("missing-glyph", rare[ch][0], message)


@functools.lru_cache(maxsize=8192)
def _common(ch: str) -> bool:
    if ch.isascii():
        return True
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True
