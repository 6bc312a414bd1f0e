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
    """Characters of ``text`` no face covers, each once, in order of first appearance.

    A face's map is read only when the faces before it lack a character, so a packed fallback
    (Extension B) stays packed for text that never reaches it.
    """
    maps: list[frozenset[int]] = []

    def covered(code: int) -> bool:
        for number, face in enumerate(faces):
            if number == len(maps):
                maps.append(coverage(face))
            if code in maps[number]:
                return True
        return False

    return [ch for ch in dict.fromkeys(text) if needs_glyph(ch) and not covered(ord(ch))]


def bundled_uncovered(chars: str) -> list[str]:
    """The characters of ``chars`` that no bundled face (any role of the style sheet) covers."""
    faces = [face for role in ROLES if (face := bundled_face(role)) is not None]
    return uncovered(chars, faces)
