"""Subsets of the bundled fonts holding only the characters the book shows, for embedding.

One subset per distinct font file (several roles may share one). Characters a role's
face lacks (the GB 2312 faces miss rare hanzi) go into the song face's subset, listed
after the role's face in the CSS stack, so readers without Chinese fonts still show
every character. Timestamps are not recalculated: the bytes are the same on every build.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from converter.i18n import _
from converter.writers.epub.fontfiles import FaceFile

FALLBACK_ROLE = "song"  # the bundled GBK face: the widest coverage


@dataclass(frozen=True)
class EmbeddedFont:
    family: str
    file_name: str  # inside the EPUB folder, e.g. "fonts/embedded1.ttf"
    media_type: str
    data: bytes


def _open(face: FaceFile) -> Any:
    from fontTools.ttLib import TTFont

    from converter.fonts import unpacked

    return TTFont(str(unpacked(face.path)), fontNumber=face.index, recalcTimestamp=False, lazy=True)


def subset(face: FaceFile, chars: set[str]) -> tuple[bytes, bool]:
    """The subset's bytes and whether it has CFF (PostScript) outlines."""
    from fontTools import subset as ft_subset

    options = ft_subset.Options()
    options.layout_features = []  # horizontal Chinese needs no GSUB/GPOS; they are much of the size
    options.hinting = False
    options.notdef_outline = True
    options.recalc_timestamp = False
    font = _open(face)
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes={ord(c) for c in chars} | {0x20})
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue(), "CFF " in font


def embed_fonts(
    role_text: dict[str, str], locate: Callable[[str], FaceFile]
) -> tuple[list[EmbeddedFont], dict[str, list[str]], list[str]]:
    """Subsets for the roles in ``role_text`` (role -> the text it shows).

    Returns the fonts, each role's embedded families in CSS order, and warnings.
    """
    from converter import fonts as font_files

    wanted: dict[FaceFile, set[str]] = {}
    role_faces: dict[str, list[FaceFile]] = {}
    cmaps: dict[FaceFile, set[int]] = {}
    missing_everywhere: set[str] = set()
    # the GBK song face, then the bundled fallbacks (Extension B, Hangul, symbols, Latin marks)
    fallbacks = [locate(FALLBACK_ROLE), *(FaceFile(f.path, f.index) for f in font_files.fallback_faces())]

    def cmap(face: FaceFile) -> set[int]:
        if face not in cmaps:
            cmaps[face] = set((_open(face).getBestCmap() or {}).keys())
        return cmaps[face]

    for role, text in role_text.items():
        chars = {c for c in text if not c.isspace()}
        if not chars:
            continue
        face = locate(role)
        lacking = {c for c in chars if ord(c) not in cmap(face)}
        wanted.setdefault(face, set()).update(chars - lacking)
        role_faces[role] = [face]
        for fallback in fallbacks:
            if not lacking:
                break
            if fallback == face:
                continue
            extra = {c for c in lacking if ord(c) in cmap(fallback)}
            if extra:
                wanted.setdefault(fallback, set()).update(extra)
                role_faces[role].append(fallback)
            lacking -= extra
        missing_everywhere |= lacking

    fonts: list[EmbeddedFont] = []
    families: dict[FaceFile, str] = {}
    for number, (face, chars) in enumerate(wanted.items(), 1):
        data, cff = subset(face, chars)
        suffix, media_type = ("otf", "font/otf") if cff else ("ttf", "font/ttf")
        families[face] = f"Converter Embedded {number}"
        fonts.append(EmbeddedFont(families[face], f"fonts/embedded{number}.{suffix}", media_type, data))
    stacks = {role: [families[f] for f in faces] for role, faces in role_faces.items()}
    warnings = []
    if missing_everywhere:
        shown = "".join(sorted(missing_everywhere)[:20])
        message = _("{count} character(s) have no glyph in the bundled fonts and rely on the reader's fonts: {chars}")
        warnings.append("EPUB: " + message.format(count=len(missing_everywhere), chars=shown))
    return fonts, stacks, warnings
