"""Text that XML 1.0 cannot carry (C0 controls but tab/LF/CR, U+FFFE/FFFF, lone surrogates)."""

from __future__ import annotations

import re

from converter.i18n import _

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> tuple[str, list[int]]:
    """Return the text without XML-illegal characters and the 0-based offsets removed."""
    removed = [m.start() for m in _ILLEGAL.finditer(text)]
    return (_ILLEGAL.sub("", text), removed) if removed else (text, [])


def describe_removed(where: str, text: str, removed: list[int]) -> str:
    shown = ", ".join(
        _("{code} at {position}").format(code=f"U+{ord(text[i]):04X}", position=i + 1) for i in removed[:8]
    )
    more = _(" and {count} more").format(count=len(removed) - 8) if len(removed) > 8 else ""
    message = _("{where}: dropped {count} character(s) XML cannot hold ({chars}{more})")
    return message.format(where=where, count=len(removed), chars=shown, more=more)
