"""Which legacy encoding reads as text: each candidate decodes the bytes, the result is scored.

Almost any byte string decodes without error as GB18030, Big5, Shift-JIS or KOI8-R, so
"decodes" proves nothing. The score asks whether the result is text a person wrote: the share
of characters from the language's common set (GB2312 level 1, Big5 level 1, JIS level 1 and
kana, the 2,350 KS X 1001 syllables, the Cyrillic or Latin letters in words), plus the share
from its most frequent characters, minus what no text holds (private use, controls, bytes
that fit nowhere). Chinese candidates come first, so on a tie the Chinese reading wins
(docs/encodings.md).
"""

from __future__ import annotations

import contextlib
import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from converter.reading.lenient import REPLACEMENT, Lenient, decode_lenient


@dataclass(frozen=True)
class Candidate:
    codec: str
    language: str
    profile: str


CANDIDATES = (
    Candidate("gb18030", "simplified Chinese", "zh-hans"),
    Candidate("big5", "traditional Chinese", "zh-hant"),
    Candidate("cp932", "Japanese (Shift-JIS)", "ja"),
    Candidate("euc_jp", "Japanese (EUC-JP)", "ja"),
    Candidate("cp949", "Korean (EUC-KR)", "ko"),
    Candidate("koi8_r", "Russian (KOI8-R)", "ru"),
    Candidate("cp1251", "Russian (Windows-1251)", "ru"),
    Candidate("cp1252", "Western European (Latin-1/Windows-1252)", "latin"),
)
ALPHABETIC = {"ru", "latin"}
# Modern Chinese scores about 1.4 as GB18030 (level-1 characters, a third of them among the most
# frequent); Korean EUC-KR read as GB18030 is level-1 characters too, but frequent ones only by chance (1.0-1.1).
PLAINLY_CHINESE = 1.25
PLAIN_EVIDENCE = 50


@dataclass(frozen=True)
class Scored:
    candidate: Candidate
    decoded: Lenient
    score: float  # about 1 for ordinary text, 1-2 with its frequent characters; 0 or less for soup
    evidence: int  # non-ASCII characters the score rests on


def rank(sample: bytes, final: bool) -> list[Scored]:
    """Every candidate's reading of ``sample``, best first (Chinese first among equals).

    Clean, plainly Chinese GB18030 (the usual case) is taken without trying the others.
    """
    chinese = _score(CANDIDATES[0], decode_lenient(sample, CANDIDATES[0].codec, final))
    if chinese.score >= PLAINLY_CHINESE and chinese.evidence >= PLAIN_EVIDENCE and not chinese.decoded.bad:
        return [chinese]
    scored = [chinese] + [_score(c, decode_lenient(sample, c.codec, final)) for c in CANDIDATES[1:]]
    return sorted(scored, key=lambda s: -s.score)  # sorted() is stable: the candidates' order breaks ties


def _score(candidate: Candidate, decoded: Lenient) -> Scored:
    """Counted over distinct characters, and by regular expressions where neighbours matter: fast."""
    profile, text = candidate.profile, decoded.text
    common = _common(profile)
    counts = {ch: n for ch, n in Counter(text).items() if ch >= "\x80"}
    considered = sum(counts.values())
    bad = sum(n for ch, n in counts.items() if ch == REPLACEMENT or _impossible(ch))
    if profile not in ALPHABETIC:
        frequent = _frequent(profile)
        good = sum(n * (1 + (ch in frequent)) for ch, n in counts.items() if ch in common)
    elif profile == "ru":  # most Russian letters are frequent ones: no bonus
        good = sum(n for ch, n in counts.items() if ch in common)
        bad += len(_GLUED_CYRILLIC.findall(text))
    else:  # accented letters count inside words of plain letters (naïve, café), not among other high bytes
        good = sum(n for ch, n in counts.items() if ch in common and not ch.isalpha())
        good += len(_LATIN_IN_WORD.findall(text))
    if profile in ALPHABETIC and _LONG_WORD.search(text):
        good = 0  # words of letters have spaces or punctuation between them
    score = (good - 3 * bad) / considered if considered else 0.0
    return Scored(candidate, decoded, score, considered)


def _impossible(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs")


_GLUED_CYRILLIC = re.compile("(?<=[A-Za-z])[А-яЁё]|(?<=[а-яё])[А-ЯЁ]")  # naпve; рТЙЧЕФ (KOI8-R read as 1251)
_LATIN_IN_WORD = re.compile("(?<=[A-Za-z])[À-ÖØ-öø-ÿ]|[À-ÖØ-öø-ÿ](?=[A-Za-z])")
_LONG_WORD = re.compile(r"[^\W\d_]{25,}")


@functools.cache
def _common(profile: str) -> frozenset[str]:
    """The characters ordinary text in the language is made of: the common rows of its own encoding."""
    gb, big5, sjis, ks = range(0xA1, 0xFF), _BIG5_TRAILS, _SJIS_TRAILS, range(0xA1, 0xFF)
    if profile == "zh-hans":  # GB2312 symbols and level 1
        return _table("gb2312", range(0xA1, 0xA4), gb) | _table("gb2312", range(0xB0, 0xD8), gb)
    if profile == "zh-hant":  # Big5 symbols and level 1
        return _table("big5", range(0xA1, 0xA4), big5) | _table("big5", range(0xA4, 0xC7), big5, last=0xC67E)
    if profile == "ja":  # kana, JIS symbols and level 1
        kana = frozenset(chr(c) for c in (*range(0x3041, 0x3097), *range(0x30A1, 0x30FB), 0x30FC))
        return kana | _table("cp932", [0x81], sjis) | _table("cp932", range(0x88, 0x99), sjis, 0x889F, 0x9872)
    if profile == "ko":  # KS X 1001 symbols and its 2,350 syllables
        return _table("cp949", range(0xA1, 0xA3), ks) | _table("cp949", range(0xB0, 0xC9), ks)
    if profile == "ru":
        return frozenset(chr(c) for c in (*range(0x0410, 0x0450), 0x0401, 0x0451)) | frozenset("«»—–…№")
    letters = {ch for ch in bytes(range(0xC0, 0x100)).decode("latin-1") if ch.isalpha()}
    return frozenset(letters) | frozenset("‘’“”–—…€")


@functools.cache
def _frequent(profile: str) -> frozenset[str]:
    """The most frequent characters of the language, from charset-normalizer's tables."""
    from charset_normalizer.constant import FREQUENCIES

    names = {
        "zh-hans": ["Chinese"],
        "zh-hant": ["Chinese"],
        "ko": ["Korean"],
        "ru": ["Russian"],
        "ja": [n for n in FREQUENCIES if n.startswith("Japanese")],
        "latin": ["French", "German", "Spanish", "Portuguese", "Italian", "Dutch", "Swedish", "Danish", "Finnish"],
    }[profile]
    return frozenset(ch for name in names for ch in FREQUENCIES.get(name, []) if not ch.isascii())


_BIG5_TRAILS = (*range(0x40, 0x7F), *range(0xA1, 0xFF))
_SJIS_TRAILS = (*range(0x40, 0x7F), *range(0x80, 0xFD))


def _table(
    codec: str, leads: range | list[int], trails: range | tuple[int, ...], first: int = 0, last: int = 0xFFFF
) -> frozenset[str]:
    """The characters a two-byte block of ``codec`` holds, from code ``first`` to ``last``."""
    chars = set()
    for lead in leads:
        for trail in trails:
            if first <= (lead << 8) | trail <= last:
                with contextlib.suppress(UnicodeDecodeError):
                    chars.add(bytes((lead, trail)).decode(codec))
    return frozenset(chars)
