"""Word's list numbering (``word/numbering.xml``), counted as Word counts it and printed as text.

A paragraph's ``w:numPr`` (or its style's) names a list (``numId``) and a level (``ilvl``);
the list's definition gives each level a format (``decimal``, ``chineseCounting`` …), a
text such as ``%1、`` or ``（%2）`` and a start. Lists sharing one definition count on
together unless a list overrides its start; a level restarts under each new item of the
level above. Bullets print no text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


_FORMATS = {
    "chineseCounting": "cn",
    "chineseCountingThousand": "cn",
    "ideographTraditional": "gan",
    "taiwaneseCounting": "cn",
    "taiwaneseCountingThousand": "cn",
    "ideographDigital": "digit",
    "chineseLegalSimplified": "legal",
    "decimalEnclosedCircle": "circle",
    "decimalEnclosedCircleChinese": "circle",
    "decimalFullWidth": "full",
    "decimalFullWidth2": "full",
    "lowerLetter": "a",
    "upperLetter": "A",
    "lowerRoman": "i",
    "upperRoman": "I",
}


def _chinese(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    return "".join(digits[int(d)] for d in str(n))


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):  # fmt: skip
        while n >= value:
            out, n = out + letters, n - value
    return out


def format_number(n: int, fmt: str) -> str:
    """A list counter as Word prints it for the given ``w:numFmt``."""
    kind = _FORMATS.get(fmt, "decimal")
    if kind == "cn":
        return _chinese(n)
    if kind == "gan":
        return "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10]
    if kind == "digit":
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    if kind == "legal":
        return _chinese(n).translate(str.maketrans("一二三四五六七八九十", "壹贰叁肆伍陆柒捌玖拾"))
    if kind == "circle":
        return _CIRCLED[n - 1] if 1 <= n <= len(_CIRCLED) else f"({n})"
    if kind == "full":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if kind in ("a", "A"):
        letters = ""
        while n > 0:
            n, r = divmod(n - 1, 26)
            letters = chr(ord("a") + r) + letters
        return letters.upper() if kind == "A" else letters
    if kind in ("i", "I"):
        return _roman(n).upper() if kind == "I" else _roman(n)
    return str(n)


@dataclass
class _Level:
    fmt: str
    text: str
    start: int


class Numbering:
    """Word's list numbering, counted as Word counts it, rendered to the marker text."""

    def __init__(self, root: etree._Element | None) -> None:
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if root is None:
            return
        for node in root.iter(_w("abstractNum")):
            levels = {}
            for lvl in node.iter(_w("lvl")):
                fmt, text, start = lvl.find(_w("numFmt")), lvl.find(_w("lvlText")), lvl.find(_w("start"))
                levels[int(lvl.get(_w("ilvl"), "0"))] = _Level(
                    fmt.get(_w("val"), "decimal") if fmt is not None else "decimal",
                    text.get(_w("val"), "") if text is not None else "",
                    int(start.get(_w("val"), "1")) if start is not None else 1,
                )
            self.abstract[node.get(_w("abstractNumId"), "")] = levels
        for num in root.iter(_w("num")):
            ref = num.find(_w("abstractNumId"))
            starts = {}
            for over in num.iter(_w("lvlOverride")):
                start = over.find(_w("startOverride"))
                if start is not None:
                    starts[int(over.get(_w("ilvl"), "0"))] = int(start.get(_w("val"), "1"))
            self.nums[num.get(_w("numId"), "")] = (ref.get(_w("val"), "") if ref is not None else "", starts)

    def marker(self, num_id: str, ilvl: int) -> str:
        """The next marker of list ``num_id`` at level ``ilvl`` ('' for bullets and numId 0)."""
        if num_id not in self.nums:
            return ""
        abstract, starts = self.nums[num_id]
        levels = self.abstract.get(abstract, {})
        if ilvl not in levels:
            return ""
        key = num_id if starts else abstract  # lists sharing a definition count on together
        counters = self.counters.setdefault(key, {})
        level = levels[ilvl]
        counters[ilvl] = counters.get(ilvl, starts.get(ilvl, level.start) - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if level.fmt in ("bullet", "none"):
            return ""

        def counter(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lv = levels.get(k)
            if lv is None:
                return ""
            value = counters.get(k, starts.get(k, lv.start))
            return format_number(value, level.fmt if k == ilvl else lv.fmt)

        return re.sub(r"%(\d)", counter, level.text)
