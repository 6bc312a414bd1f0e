"""What a font file holds: its faces' names, whether reportlab can embed them, and the characters they map.

Choosing a face by name and checking it can be embedded (TrueType outlines only: reportlab
cannot embed CFF) both need the file's name table (docs/fonts.md, "Which files qualify").
fontTools is imported only when a file must really be read; what it finds is kept in
converter.cache, keyed on the file's path, size and time, so each file is read once.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from converter import cache
from converter.fonts.bundled import unpacked
from converter.fonts.roles import FontError, FontFace, role_data

REGULAR_STYLES = frozenset({"regular", "normal", "book", "roman", "常规", "標準", "标准"})


@dataclass(frozen=True)
class FaceFacts:
    """What choosing a face needs from its file: names, and whether reportlab can embed it."""

    exact: frozenset[str]  # full and PostScript names, lower-cased, all languages
    family: frozenset[str]  # family names when the face is a regular one, lower-cased
    full_name: str
    problem: str | None  # why reportlab cannot embed it, or None


def _names(font: Any) -> tuple[set[str], set[str]]:
    """(exact names, regular-face family names) of a fontTools TTFont, lower-cased, all languages."""
    table = font["name"]
    by_id: dict[int, set[str]] = {}
    for record in table.names:
        try:
            text = record.toUnicode().strip().lower()
        except UnicodeDecodeError:
            continue
        by_id.setdefault(record.nameID, set()).add(text)
    exact = by_id.get(4, set()) | by_id.get(6, set())
    family: set[str] = set()
    for fam_id, sub_ids in ((16, (17, 2)), (1, (2,))):
        sub = next((by_id[i] for i in sub_ids if i in by_id), set())
        if sub & REGULAR_STYLES:
            family |= by_id.get(fam_id, set())
    return exact, family


def _full_name(font: Any) -> str:
    table = font["name"]
    return str(table.getDebugName(4) or table.getDebugName(1) or "?")


def _usable(font: Any) -> str | None:
    """Why reportlab cannot embed this face, or None when it can."""
    if "glyf" not in font or "CFF " in font or "CFF2" in font:
        return "has CFF (PostScript) outlines, which reportlab cannot embed"
    fs_type = font["OS/2"].fsType if "OS/2" in font else 0
    if fs_type == 0x0002 or fs_type & 0x0300:
        return f"forbids embedding (OS/2 fsType {fs_type:#06x})"
    return None


def open_faces(path: Path) -> list[Any]:
    """Every face in a font file, read lazily (only the tables we touch are parsed)."""
    from fontTools.ttLib import TTCollection, TTFont

    with path.open("rb") as fh:
        magic = fh.read(4)
    if magic == b"ttcf":
        return list(TTCollection(str(path), lazy=True).fonts)
    return [TTFont(str(path), lazy=True)]


def _read_facts(path: Path) -> list[tuple[list[str], list[str], str, str | None]]:
    out = []
    for font in open_faces(path):
        exact, family = _names(font)
        out.append((sorted(exact), sorted(family), _full_name(font), _usable(font)))
    return out


def file_facts(path: Path) -> list[FaceFacts]:
    """The facts of every face in ``path``; kept in the on-disk cache, so fontTools is needed only once."""
    rows = cache.cached("font-faces", cache.file_key(path), lambda: _read_facts(path))
    return [FaceFacts(frozenset(exact), frozenset(family), name, problem) for exact, family, name, problem in rows]


@dataclass(frozen=True)
class Pick:
    """The face chosen in one file, or why none could be (``problem``), or neither: no face matched."""

    face: FontFace | None
    problem: str | None = None


def pick_face(path: Path, names: list[str], role: str, source: str, trust_single: bool) -> Pick:
    """Choose the face in ``path`` that matches ``names`` (in preference order).

    A single-face file found by its well-known file name is trusted (``trust_single``).
    """
    try:
        faces = file_facts(path)
    except Exception as exc:  # fontTools raises many kinds on broken files
        return Pick(None, f"{path} cannot be read as a font ({exc})")
    chosen: int | None = None
    for name in (n.strip().lower() for n in names):
        hits = [i for i, face in enumerate(faces) if name in face.exact]
        hits = hits or [i for i, face in enumerate(faces) if name in face.family]
        if hits:
            chosen = hits[0]
            break
    if chosen is None and trust_single and len(faces) == 1:
        chosen = 0
    if chosen is None:
        return Pick(None)
    facts = faces[chosen]
    if facts.problem:
        return Pick(None, f"{facts.full_name} ({path}) {facts.problem}")
    return Pick(FontFace(role, path, chosen, facts.full_name, source))


def face_for_file(path: Path | str, role: str, index: int | None = None, source: str = "user") -> FontFace:
    """A FontFace for a given file (a user's choice); raises FontError if reportlab cannot use it."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise FontError(f"{role}: {path} is a folder, not a font file (这是文件夹，不是字体文件)")
    if not path.is_file():
        raise FontError(f"{role}: font file not found (找不到字体文件): {path}")
    try:
        faces = file_facts(path)
    except Exception as exc:
        raise FontError(f"{role}: {path} is not a font file we can read (无法读取字体文件): {exc}") from None
    if index is None:
        pick = pick_face(path, role_data(role)["names"], role, source, trust_single=True)
        if pick.face is not None:
            return pick.face
        index = 0
    if not 0 <= index < len(faces):
        raise FontError(f"{role}: {path} has {len(faces)} face(s); index {index} does not exist")
    if faces[index].problem:
        raise FontError(f"{role}: {path} {faces[index].problem}")
    return FontFace(role, path, index, faces[index].full_name, source)


def _read_cmap(path: Path, index: int) -> list[int]:
    from fontTools.ttLib import TTFont

    font = TTFont(str(unpacked(path)), fontNumber=index, lazy=True)
    return sorted((font.getBestCmap() or {}).keys())


@functools.lru_cache(maxsize=64)
def _cmap(key: tuple[str, int, int], path: Path, index: int) -> frozenset[int]:
    """Keyed on the file's identity (path, size, time), so a changed file is read again."""
    return frozenset(cache.cached("font-cmap", (*key, index), lambda: _read_cmap(path, index)))


def coverage(face: FontFace) -> frozenset[int]:
    """Code points the face's cmap maps (cached per file and face)."""
    return _cmap(cache.file_key(face.path), face.path, face.index)
