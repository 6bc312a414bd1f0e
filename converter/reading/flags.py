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
                        f"{marker.text} nests under {other!r}-style markers, against GB/T 9704's order",
                    )
                    break
            levels[family] = len(levels) + 1
        level = levels[family]
        for other, other_level in levels.items():
            if other_level > level:
                last.pop(other, None)
        previous = last.get(family)
        if previous is not None and marker.value == previous:
            report.warn("numbering-repeat", block.line, f"{marker.text} repeats the number before it")
        elif previous is not None and marker.value != previous + 1:
            report.warn("numbering-jump", block.line, f"{marker.text} follows number {previous}")
        elif previous is None and marker.value != 1:
            report.warn("numbering-jump", block.line, f"{marker.text} starts its list at {marker.value}, not 1")
        last[family] = marker.value
        seen = variants.setdefault(family, marker.variant)
        if marker.variant != seen:
            report.warn("marker-style", block.line, f"{marker.text} beside markers written with {seen!r}")


def _pairs(block: Block, report: Report) -> None:
    for left, right in _PAIRS:
        opened, closed = block.text.count(left), block.text.count(right)
        if opened != closed:
            report.warn("unpaired", block.line, f"{opened} {left} but {closed} {right} in this paragraph")


def _dates(block: Block, report: Report) -> None:
    for m in _PADDED_DATE.finditer(block.text):
        report.warn("date-format", block.line, f"{m.group()}: GB/T 9704 writes dates without leading zeros")


def _ascii(block: Block, report: Report) -> None:
    if not HAS_HAN.search(block.text) or not _ASCII_PUNCT.search(block.text):
        return
    text = PROTECTED.sub("", _NUMBER_PUNCT.sub("", block.text))
    left = sorted(set(_ASCII_PUNCT.findall(text)))
    if left:
        report.warn(
            "ascii-punctuation",
            block.line,
            f"ASCII {' '.join(left)} left as is in Chinese text (next to Latin text or spaces)",
        )


def _ending(blocks: list[Block], report: Report) -> None:
    if not blocks:
        return
    last = blocks[-1]
    if not ends_clause(last.text) and (len(last.text) > 25 or _POINT_TAIL.search(last.text)):
        report.warn("unfinished", last.end_line, f"the text stops mid-sentence: …{last.text[-12:]}")


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
        message = f"no bundled font has {ch!r} (U+{ord(ch):04X}); install a font that does"
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
