"""Which characters a set of faces cannot draw: for the writers' warnings and for the reader's flags.

The reader flags characters no bundled font covers (``converter check``) but must not depend
on the rendering layer, so the application hands it ``bundled_uncovered`` as a callable
(converter/reading/flags.py; docs/fonts.md, "Characters no face has").
"""

from __future__ import annotations

import unicodedata

from converter.fonts.bundled import bundled_face
from converter.fonts.files import coverage
from converter.fonts.roles import FontFace
from converter.styles import ROLES


def needs_glyph(ch: str) -> bool:
    """Whether ``ch`` is drawn at all (spaces, controls and format characters are not)."""
    return not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp")


def uncovered(text: str, faces: list[FontFace]) -> list[str]:
    """Characters of ``text`` no face covers, each once, in order of first appearance."""
    maps = [coverage(face) for face in faces]
    missing: dict[str, None] = {}
    for ch in text:
        if ch not in missing and needs_glyph(ch) and not any(ord(ch) in m for m in maps):
            missing[ch] = None
    return list(missing)


def bundled_uncovered(chars: str) -> list[str]:
    """The characters of ``chars`` that no bundled face (any role of the style sheet) covers."""
    faces = [face for role in ROLES if (face := bundled_face(role)) is not None]
    return uncovered(chars, faces)
