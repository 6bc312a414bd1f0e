"""Decoding that keeps going: bytes no character explains become U+FFFD, and where they were is kept.

One bad byte must not cost a whole file (docs/encodings.md). For most encodings Python's
``surrogateescape`` marks each undecodable byte; GB18030 needs more, because a stray byte
(a Windows-1252 smart quote, 0x93) pairs with the next byte into a valid but wrong character
and shifts every character after it: :func:`gb18030_resync` finds the reading of the bytes
that gives the most common characters, and counts a byte it cannot fit as stray.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import re
from typing import NamedTuple

ESCAPED = re.compile("[\udc80-\udcff]+")
REPLACEMENT = "\ufffd"


class Bad(NamedTuple):
    """Bytes replaced by one U+FFFD at ``index`` of the decoded text."""

    index: int
    data: bytes


class Lenient(NamedTuple):
    text: str
    bad: list[Bad]


def decode_lenient(data: bytes, codec: str, final: bool = True) -> Lenient:
    """``data`` decoded with each run of undecodable bytes replaced by one U+FFFD.

    ``final=False`` decodes a leading sample: an incomplete character at its end is left out.
    """
    decoder = codecs.getincrementaldecoder(codec)(errors="surrogateescape")
    raw = decoder.decode(data, final=final)
    if codec.startswith("gb18030") and _needs_resync(data, raw):
        return _resync_where_needed(data)
    return _replace_escapes(raw)


def _replace_escapes(raw: str) -> Lenient:
    if not ESCAPED.search(raw):
        return Lenient(raw, [])
    parts: list[str] = []
    bad: list[Bad] = []
    last = length = 0
    for match in ESCAPED.finditer(raw):
        parts.append(raw[last : match.start()])
        length += match.start() - last
        bad.append(Bad(length, bytes(ord(ch) - 0xDC00 for ch in match.group())))
        parts.append(REPLACEMENT)
        length += 1
        last = match.end()
    parts.append(raw[last:])
    return Lenient("".join(parts), bad)


# --- GB18030: the most plausible reading of the bytes ------------------------------------------

ASCII, STRAY = 0.0, -2.0  # a stray byte costs more than a rare character, less than a wrong pair
# Windows-1252 punctuation pasted into GB18030 text (€ … ‘ ’ “ ” • – —): the only bytes taken as stray
# while they could start a character, so a rare character (喆 is 86 B4) is never read as a stray byte.
PASTED = frozenset((0x80, 0x85, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97))


def _needs_resync(data: bytes, raw: str) -> bool:
    """Bytes GB2312 text never holds: an undecodable byte, or one only GBK's extension rows or a stray use."""
    return bool(ESCAPED.search(raw) or _PRIVATE.search(raw) or _NOT_GB2312.search(data))


_NOT_GB2312 = re.compile(rb"[\x80-\xa0\xff]")  # neither lead nor trail byte of GB2312
_PRIVATE = re.compile("[\ue000-\uf8ff]")  # what GBK's user-defined rows (and strays before them) decode to
_NEVER_INSIDE = re.compile(rb"([\x00-\x2f]+)")  # bytes no multi-byte GB18030 character contains


def _resync_where_needed(data: bytes) -> Lenient:
    """Resynchronise only the stretches between spaces, punctuation and line ends that need it."""
    parts: list[str] = []
    bad: list[Bad] = []
    length = 0
    for piece in _NEVER_INSIDE.split(data):
        text = None
        if not _NOT_GB2312.search(piece):
            with contextlib.suppress(UnicodeDecodeError):
                text = piece.decode("gb18030")
        if text is None or _PRIVATE.search(text):
            text, spots = gb18030_resync(piece)
            bad += [Bad(length + spot.index, spot.data) for spot in spots]
        parts.append(text)
        length += len(text)
    return Lenient("".join(parts), bad)


@functools.cache
def _gb2312() -> frozenset[str]:
    chars = set()
    for lead in range(0xA1, 0xF8):
        for trail in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes((lead, trail)).decode("gb2312"))
    return frozenset(chars)


@functools.cache
def _pairs() -> dict[int, tuple[str, float]]:
    """Every two-byte GB18030 code: its character and how plausible it is in Chinese text."""
    from charset_normalizer.constant import FREQUENCIES

    table = {}
    common, frequent = _gb2312(), frozenset(FREQUENCIES["Chinese"])
    for lead in range(0x81, 0xFF):
        for trail in (*range(0x40, 0x7F), *range(0x80, 0xFF)):
            try:
                ch = bytes((lead, trail)).decode("gb18030")
            except UnicodeDecodeError:
                continue
            if "\ue000" <= ch <= "\uf8ff":
                score = -3.0  # private use: no real text has it
            elif ch in common:  # GB2312 level 1 and symbols (the 100 most frequent characters more), level 2
                score = (2.0 + (ch in frequent)) if lead < 0xD8 else 1.0
            elif lead in PASTED or trail in PASTED:  # what a pasted quote or dash makes with its neighbour,
                score = -5.0 if lead in PASTED and trail in PASTED else -3.0  # far more often than a name
            else:
                score = -1.0  # GBK's extension: rare characters
            table[(lead << 8) | trail] = (ch, score)
    return table


def gb18030_resync(data: bytes) -> Lenient:
    """The reading of ``data`` with the best total score; bytes that fit nowhere are stray (U+FFFD)."""
    pairs = _pairs()
    n = len(data)
    best = [float("-inf")] * (n + 1)
    step: list[tuple[int, str | None]] = [(0, None)] * (n + 1)
    best[0] = 0.0
    for i in range(n):
        here = best[i]
        if here == float("-inf"):
            continue
        byte = data[i]
        if byte < 0x80:
            _relax(best, step, i + 1, here + ASCII, i, chr(byte))
            continue
        fits = False
        if i + 1 < n:
            code = (byte << 8) | data[i + 1]
            if code in pairs:
                ch, score = pairs[code]
                if byte in PASTED and data[i + 1] < 0x80 and i + 2 < n and data[i + 2] >= 0x80:
                    score = max(score, -1.0)  # a rare character between Chinese ones (臧旻 is 95 46), not a
                    # pasted quote before a Latin word, which would be followed by more ASCII
                _relax(best, step, i + 2, here + score, i, ch)
                fits = True
            elif 0x30 <= data[i + 1] <= 0x39 and i + 3 < n:
                with contextlib.suppress(UnicodeDecodeError):
                    ch = data[i : i + 4].decode("gb18030")
                    _relax(best, step, i + 4, here - 1.0, i, ch)
                    fits = True
        if byte in PASTED or not fits:
            _relax(best, step, i + 1, here + STRAY, i, None)
    pieces: list[tuple[str | None, int]] = []
    end = n
    while end > 0:
        start, ch = step[end]
        pieces.append((ch, start))
        end = start
    pieces.reverse()
    out: list[str] = []
    bad: list[Bad] = []
    for ch, start in pieces:
        if ch is None:  # one U+FFFD per stray byte: each was a character of a single-byte encoding
            bad.append(Bad(len(out), data[start : start + 1]))
            out.append(REPLACEMENT)
        else:
            out.append(ch)
    return Lenient("".join(out), bad)


def _relax(
    best: list[float], step: list[tuple[int, str | None]], to: int, score: float, start: int, ch: str | None
) -> None:
    if score > best[to]:
        best[to] = score
        step[to] = (start, ch)
