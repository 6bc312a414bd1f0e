"""Marker families recognised at a paragraph's start, as listed in vocabulary.toml.

Families, in their usual nesting order: 第一编, 第一章, 第一节, 第一条, 第一回, 一、, （一）,
1.1.1, 1.1, 1 (beside 1.1), 1., （1）, 1）, ①. Variants a careful editor would correct
(``一.``, ``1、``, ``(1)``) are still recognised, and reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from converter.reading.vocabulary import vocabulary

_VOCAB = vocabulary()
FAMILIES = tuple(f.name for f in _VOCAB.families)
ROLES = {f.name: f.role for f in _VOCAB.families}
NEEDS = {f.name: f.needs for f in _VOCAB.families if f.needs}
KINDS = {f.name: f.kinds for f in _VOCAB.families if f.kinds}
NO_RUNIN = frozenset(f.name for f in _VOCAB.families if not f.runin)
CANONICAL = {"cn": "、", "arabic": "."}


def _named(pattern: str, family: str) -> str:
    """A family's pattern with its groups renamed per family, so one alternation can hold them all."""
    return pattern.replace("(?P<n>", f"(?P<{family}_n>").replace("(?P<v>", f"(?P<{family}_v>")


_MARKER = re.compile("|".join(f"(?P<{f.name}>{_named(f.pattern, f.name)})" for f in _VOCAB.families))


_FIRST = frozenset(
    "第（(0123456789零〇一二三四五六七八九十百千两"
    + "".join(chr(c) for c in range(0x2460, 0x2474))
    + "".join(chr(c) for c in range(0x2474, 0x2488))
)  # every character a marker in vocabulary.toml can start with (checked by tests/test_markers.py)


@dataclass(frozen=True, slots=True)
class Marker:
    family: str
    text: str  # the marker as written, e.g. "（一）" or "1."
    value: int  # its number, for spotting jumps and repeats
    variant: str  # the punctuation after a bare numeral ("、", "." …), "" for bracketed forms

    @property
    def role(self) -> str:
        return ROLES.get(self.family, "heading")


def match_marker(text: str) -> Marker | None:
    """The marker at the start of ``text``, if one is followed by text."""
    if text[:1] not in _FIRST:
        return None  # most paragraphs: one set lookup instead of a long alternation
    m = _MARKER.match(text)
    if m is None or m.end() >= len(text.rstrip()):
        return None
    family = m.lastgroup
    if family is None or family.endswith(("_n", "_v")):
        family = next(name for name in FAMILIES if m.group(name) is not None)
    variant = m.group(f"{family}_v") if f"{family}_v" in m.re.groupindex else ""
    return Marker(family, m.group(0).rstrip(" \u3000"), _value(m.group(f"{family}_n")), variant or "")


def _value(numeral: str) -> int:
    last = re.split("[.．]", numeral)[-1]
    if len(last) == 1 and "\u2460" <= last <= "\u2473":
        return ord(last) - 0x2460 + 1
    if len(last) == 1 and "\u2474" <= last <= "\u2487":
        return ord(last) - 0x2474 + 1
    if last.isascii() and last.isdigit():
        return int(last)
    return cn_number(last)


def cn_number(numeral: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20, 一百零三 → 103; Arabic digits read as they are."""
    if numeral.isascii() and numeral.isdigit():
        return int(numeral)
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
    total, current = 0, 0
    for ch in numeral:
        if ch in digits:
            current = digits[ch]
        elif ch in "十百千":
            total += (current or 1) * {"十": 10, "百": 100, "千": 1000}[ch]
            current = 0
    return total + current
