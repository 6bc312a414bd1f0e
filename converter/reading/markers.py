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

_ALTERNATIVES = [  # tried in this order; one compiled alternation, since every line is tested
    ("chapter", rf"第(?P<chapter>[{_CN}\d]{{1,5}})章[ \u3000]*"),
    ("section", rf"第(?P<section>[{_CN}\d]{{1,5}})节[ \u3000]*"),
    ("cn", rf"(?P<cn>[{_CN[2:]}]{{1,4}})(?P<cn_v>[、．.])"),
    ("paren_cn", rf"[（(](?P<paren_cn>[{_CN[2:]}]{{1,4}})[）)]、?"),
    ("paren_arabic", r"[（(](?P<paren_arabic>\d{1,2})[）)]"),
    ("arabic", r"(?P<arabic>\d{1,2})(?P<arabic_v>[.．、）)])(?![\d.．])"),
    ("circled", r"(?P<circled>[\u2460-\u2473])"),
]
_MARKER = re.compile("|".join(f"(?:{pattern})" for _, pattern in _ALTERNATIVES))


@dataclass(frozen=True, slots=True)
class Marker:
    family: str
    text: str  # the marker as written, e.g. "（一）" or "1."
    value: int  # its number, for spotting jumps and repeats
    variant: str  # the punctuation after a bare numeral ("、", "." …), "" for bracketed forms


def match_marker(text: str) -> Marker | None:
    """The heading marker at the start of ``text``, if one is followed by text."""
    m = _MARKER.match(text)
    if m is None or m.end() >= len(text.rstrip()):
        return None
    family = next(name for name, _ in _ALTERNATIVES if m.group(name) is not None)
    variant = m.group(f"{family}_v") if family in ("cn", "arabic") else ""
    return Marker(family, m.group(0).rstrip(" \u3000"), _value(m.group(family)), variant)


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
