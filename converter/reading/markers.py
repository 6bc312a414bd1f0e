"""Heading marker families (GB/T 9704 §7.3.3 and common practice), recognised at a paragraph's start.

Families, in their canonical order: 第一章, 第一节, 一、, （一）, 1., （1）, ①. Variants a
careful editor would correct (``一.``, ``1、``, ``(1)``) are still recognised, and reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CN = "零〇一二三四五六七八九十百两"
FAMILIES = ("chapter", "section", "cn", "paren_cn", "arabic", "paren_arabic", "circled")
CANONICAL = {"cn": "、", "arabic": "."}

_PATTERNS = [
    ("chapter", re.compile(rf"第([{_CN}\d]{{1,5}})章[ \u3000]*")),
    ("section", re.compile(rf"第([{_CN}\d]{{1,5}})节[ \u3000]*")),
    ("cn", re.compile(rf"([{_CN[2:]}]{{1,4}})([、．.，])")),
    ("paren_cn", re.compile(rf"[（(]([{_CN[2:]}]{{1,4}})[）)]、?")),
    ("paren_arabic", re.compile(r"[（(](\d{1,2})[）)]")),
    ("arabic", re.compile(r"(\d{1,2})([.．、）)])(?![\d.．])")),
    ("circled", re.compile(r"([\u2460-\u2473])")),
]


@dataclass(frozen=True, slots=True)
class Marker:
    family: str
    text: str  # the marker as written, e.g. "（一）" or "1."
    value: int  # its number, for spotting jumps and repeats
    variant: str  # the punctuation after a bare numeral ("、", "." …), "" for bracketed forms


def match_marker(text: str) -> Marker | None:
    """The heading marker at the start of ``text``, if one is followed by text."""
    for family, pattern in _PATTERNS:
        m = pattern.match(text)
        if m and m.end() < len(text.rstrip()):
            marker = m.group(0).rstrip(" \u3000")
            variant = m.group(2) if family in ("cn", "arabic") else ""
            return Marker(family, marker, _value(m.group(1)), variant)
    return None


def _value(numeral: str) -> int:
    if len(numeral) == 1 and "\u2460" <= numeral <= "\u2473":
        return ord(numeral) - 0x2460 + 1
    if numeral.isascii() and numeral.isdigit():
        return int(numeral)
    return cn_number(numeral)


def cn_number(numeral: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20, 一百零三 → 103."""
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
    total, current = 0, 0
    for ch in numeral:
        if ch in digits:
            current = digits[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
    return total + current
