"""Which characters no bundled font can print: handed to the reader, which knows no fonts.

The reading chain flags such characters (``converter check``) but must not depend on the
rendering layer, so the application passes this function in (see converter/reading/flags.py).
"""

from __future__ import annotations


def bundled_uncovered(chars: str) -> list[str]:
    """The characters of ``chars`` that no bundled face (any role of the style sheet) covers."""
    from converter import fonts
    from converter.styles import ROLES

    faces = [face for role in ROLES if (face := fonts.bundled_face(role)) is not None]
    return list(fonts.uncovered(chars, faces))
