"""Character classes for Chinese line breaking (clreq §3.1.7 basic set, GB/T 15834 §5).

Kept apart from the breaker so the rules read as data: which marks may not start or
end a line, which marks have an empty half that can be squeezed, and what an
unbreakable unit (a number, a Latin word, ——, ……) looks like.
"""

from __future__ import annotations

import re
import unicodedata

# Never at the start of a line: pause/stop marks, closing quotes and brackets, connectors, interpuncts.
NO_START = frozenset("、，．。：；！？‼⁇”’」』）〕］｝】〗〉》～-–—…·・‧%％)]}")
# Never at the end of a line: opening quotes and brackets.
NO_END = frozenset("“‘「『（〔［｛【〖〈《([{")
# Full-width marks whose glyph leaves the right half of the em box empty (GB style),
# so they may give up half an em: at a line end (GB/T 15834 §5.1.10) or, as a
# remedy, inside the line (clreq §3.2.3 reduction order).
SQUEEZE_AT_END = frozenset("，、；：。？！”’」』）〕］｝】〗〉》")
SQUEEZE_INSIDE = frozenset("，、；：”’」』）〕］｝】〗〉》")
SPACES = frozenset(" \t\n\r\x0b\x0c\u00a0")

# One unbreakable unit: a Latin word or number with its inner marks (1,234  5.5%  COVID-19
# GB/T), a run of dashes or ellipses, a space, or any other single character.
ATOM = re.compile(
    r"[0-9A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]+"
    r"(?:[.,:'’\-/+_@&·][0-9A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]+)*[%‰℃]?"
    r"|—+|…+|⋯+|.",
    re.S,
)


def is_latin(ch: str) -> bool:
    """Letters and digits that make up unbreakable Latin words and numbers."""
    return (ch.isascii() and ch.isalnum()) or ("\u00c0" <= ch <= "\u04ff" and ch.isalnum())


def is_wide_class(ch: str) -> bool:
    """East Asian Wide/Fullwidth characters: always one grid cell, whatever the font says."""
    return unicodedata.east_asian_width(ch) in "WF"


def is_mark(ch: str) -> bool:
    """Combining marks stick to the character before them."""
    return unicodedata.combining(ch) != 0 or unicodedata.category(ch) in ("Mn", "Me", "Cf")


# A URL or an e-mail address (ASCII, clreq §3.1.7 leaves them to the Latin rules). Trailing
# sentence punctuation is not part of it. Inside one, a line may break only after / ? & . @ - _ =
# (never between two of them, so "//" stays whole), and no hyphen is added: a hyphen would
# change the address.
LINK = re.compile(
    r"(?:(?:https?|ftp)://|www\.)[!-~]*[0-9A-Za-z/=_#~-]"
    r"|[0-9A-Za-z][0-9A-Za-z._%+-]*@[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)+",
)
LINK_BREAK = re.compile(r"(?<=[/?&.@\-_=])(?![/?&.@\-_=])")


# Unicode spaces the fonts do not have (U+2002 printed as a missing-glyph box), as the space of
# the nearest width they do have: em-wide ones as the ideographic space, the rest as U+0020.
SPACE_FOR = {
    **{chr(c): " " for c in (0x1680, 0x2000, 0x2002, *range(0x2004, 0x200B), 0x202F, 0x205F)},
    "\u2001": "\u3000",
    "\u2003": "\u3000",
}


def plain_spaces(text: str) -> str:
    """``text`` with every Unicode space replaced by one the fonts have (see SPACE_FOR)."""
    return text.translate(_SPACE_TABLE) if any(ch in SPACE_FOR for ch in text) else text


_SPACE_TABLE = str.maketrans(SPACE_FOR)
