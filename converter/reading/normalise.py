"""Pass 3, normalise: punctuation to GB/T 15834 where it sits in Chinese text.

PDF extraction turns full-width punctuation into ASCII. An ASCII ``, : ; ( ) ! ?`` with a
Chinese neighbour becomes full-width, straight quotes there become paired “” ‘’, runs of
dots or hyphens become …… and ——, full-width letters and digits become half-width.
Numbers (``1,000`` ``3.5`` ``15:40``), URLs, e-mail addresses and Latin phrases keep
their ASCII. Quote pairing carries across hard-wrapped lines and restarts at a blank line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from converter.reading.chars import is_cjk
from converter.reading.lines import Line
from converter.reading.report import Report

_WIDE = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
_TARGETS = re.compile(r"\.{3,}|。{3,}|…+|[-－―]{2,}|[,:;!?()\"']|[Ａ-Ｚａ-ｚ０-９]")
PROTECTED = re.compile(
    r"(?:https?|ftp)://[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+|www\.[A-Za-z0-9\-._~/%]+"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
)
_LATIN_WORD = re.compile(r"[A-Za-z]")


@dataclass
class _Quotes:
    double_open: bool = False
    single_open: bool = False


def normalise(lines: list[Line], report: Report) -> list[Line]:
    quotes = _Quotes()
    texts = [line.text for line in lines]
    for i, line in enumerate(lines):
        if not line.text.strip():
            quotes = _Quotes()
            continue
        before = _last_char(texts, i)
        after = _first_char(texts, i)
        line.text = _normalise_line(line, before, after, quotes, report)
    return lines


def _last_char(texts: list[str], i: int) -> str:
    prev = texts[i - 1].rstrip() if i > 0 else ""
    return prev[-1] if prev else ""


def _first_char(texts: list[str], i: int) -> str:
    nxt = texts[i + 1].lstrip() if i + 1 < len(texts) else ""
    return nxt[0] if nxt else ""


def _normalise_line(line: Line, before: str, after: str, quotes: _Quotes, report: Report) -> str:
    text = line.text
    if not _TARGETS.search(text):
        return text
    protected = [m.span() for m in PROTECTED.finditer(text)] if ("@" in text or "/" in text) else []
    pairs = _paren_pairs(text) if "(" in text else {}
    out: list[str] = []
    pos = 0
    for m in _TARGETS.finditer(text):
        start = m.start()
        if protected and any(a <= start < b for a, b in protected):
            continue
        prev = _neighbour(text, start - 1, -1, before)
        nxt = _neighbour(text, m.end(), 1, after)
        new, kind = _replacement(m.group(), text, start, prev, nxt, pairs, quotes)
        if new != m.group():
            out.append(text[pos:start])
            out.append(new)
            pos = m.end()
            report.change(kind, line.number, start + 1, m.group(), new)
    out.append(text[pos:])
    return "".join(out)


def _neighbour(text: str, index: int, step: int, beyond: str) -> str:
    """The nearest non-space character in direction ``step``, crossing into the next/previous line."""
    if 0 <= index < len(text) and not text[index].isspace():
        return text[index]
    while 0 <= index < len(text):
        if not text[index].isspace():
            return text[index]
        index += step
    return beyond


def _replacement(
    token: str, text: str, start: int, prev: str, nxt: str, pairs: dict[int, int], quotes: _Quotes
) -> tuple[str, str]:
    chinese = is_cjk(prev) or is_cjk(nxt)
    if token in ",;:":
        if prev.isdigit() and nxt.isdigit() and text[start - 1 : start].isdigit():
            return token, ""
        return (_WIDE[token], "widen") if chinese else (token, "")
    if token in "!?":
        return (_WIDE[token], "widen") if is_cjk(prev) else (token, "")
    if token in "()":
        partner = pairs.get(start)
        if partner is None:
            # half a pair already full-width, e.g. "(2）", is the other half of a Chinese bracket
            other_half = "）" in text[start:] if token == "(" else "（" in text[:start]
            return (_WIDE[token], "widen") if chinese or other_half else (token, "")
        left, right = sorted((start, partner))
        inside = text[left + 1 : right]
        outside_prev = text[left - 1] if left > 0 else prev
        outside_next = text[right + 1] if right + 1 < len(text) else nxt
        wide = any(is_cjk(ch) for ch in inside) or is_cjk(outside_prev) or is_cjk(outside_next)
        return (_WIDE[token], "widen") if wide else (token, "")
    if token == '"':
        if not chinese:
            return token, ""
        quotes.double_open = not quotes.double_open
        return ("“" if quotes.double_open else "”"), "quote"
    if token == "'":
        if not chinese or (_LATIN_WORD.match(prev or " ") and _LATIN_WORD.match(nxt or " ")):
            return token, ""
        quotes.single_open = not quotes.single_open
        return ("‘" if quotes.single_open else "’"), "quote"
    if token[0] in ".。…":
        if token[0] == "." and not chinese:
            return token, ""
        return ("……" if len(token) <= 6 or token[0] != "." else "……" * (len(token) // 6)), "ellipsis"
    if token[0] in "-－―":
        return ("——", "dash") if chinese and len(token) <= 4 else (token, "")
    return chr(ord(token) - 0xFEE0), "halfwidth"


def _paren_pairs(text: str) -> dict[int, int]:
    """Matching ASCII parentheses on one line, each index mapped to its partner."""
    stack: list[int] = []
    pairs: dict[int, int] = {}
    for i, ch in enumerate(text):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            j = stack.pop()
            pairs[i], pairs[j] = j, i
    return pairs
