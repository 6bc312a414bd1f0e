"""Find the font file that serves each typeface role (宋体, 仿宋, 黑体, 楷体, 小标宋).

PDF and EPUB embed real font files, so a role must become a path. We prefer what the
reader already has (a user file, then Windows/macOS/fontconfig fonts people in China
use), then the free faces bundled in ``fonts/``. Which names and files count for a role
is data in ``fonts/roles.toml``. Only TrueType-outline fonts qualify: reportlab cannot
embed CFF outlines. Nothing here imports fontTools until a font file must be read.

Environment:
  ``CONVERTER_FONT_<ROLE>``       a font file for that role (``path`` or ``path#index`` for a .ttc)
  ``CONVERTER_FONT_DIRS``         folders (os.pathsep-separated) searched *instead of* the system's
  ``CONVERTER_NO_SYSTEM_FONTS=1`` use only user and bundled fonts (reproducible builds and tests)
"""

from __future__ import annotations

import functools
import os
import sys
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from converter import cache
from converter.resources import data_dir
from converter.styles import ROLES

FONTS_DIR = data_dir("fonts")
ROLES_FILE = FONTS_DIR / "roles.toml"
_FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".otc")
_REGULAR = {"regular", "normal", "book", "roman", "常规", "標準", "标准"}


class FontError(RuntimeError):
    """No usable font for a role; the message says what to install or set."""


@dataclass(frozen=True)
class FontFace:
    """One face inside one file. ``role`` is what the face is; ``substitute_for`` the role it stands in for."""

    role: str
    path: Path
    index: int  # sub-font index inside a .ttc (0 for a plain .ttf)
    family: str  # the face's full name from its name table, e.g. "Converter Serif SC Bold"
    source: str  # "user" | "system" | "bundled"
    substitute_for: str | None = None


# ---------------------------------------------------------------- data


@functools.cache
def _data() -> dict[str, Any]:
    return tomllib.loads(ROLES_FILE.read_text(encoding="utf-8"))


def role_data(role: str) -> dict[str, Any]:
    """The role's table from roles.toml (files, names, bundled/substitute)."""
    if role not in ROLES:
        raise FontError(f"unknown font role {role!r}; roles are {', '.join(ROLES)}")
    return _data()["roles"][role]


def bundled_data() -> dict[str, dict[str, Any]]:
    """The [bundled.*] build recipes, keyed by role."""
    return _data()["bundled"]


def _parse_ranges(items: list[str]) -> set[int]:
    out: set[int] = set()
    for item in items:
        first, _, last = item.partition("-")
        out.update(range(int(first, 16), int(last or first, 16) + 1))
    return out


@functools.cache
def charset(name: str, extra: bool = True) -> frozenset[int]:
    """Code points of a national character set ("gb2312" or "gbk"), plus the extra ranges in roles.toml.

    Found by decoding every two-byte code, so it follows Python's codecs exactly. "gbk" includes
    "gb2312": the two codecs map a few codes differently (A1A4 is ・ in one, · in the other).
    Private-use code points are left out: no font we ship or find has glyphs there.
    ``extra=False`` gives the national set alone.
    """
    encodings = {"gb2312": ("gb2312",), "gbk": ("gb2312", "gbk")}
    if name not in encodings:
        raise ValueError(f"unknown charset {name!r}")
    out = _parse_ranges(_data()["charsets"]["extra"]) if extra else set()
    for encoding in encodings[name]:
        for lead in range(0x81, 0xFF):
            for trail in range(0x40, 0xFF):
                try:
                    text = bytes((lead, trail)).decode(encoding)
                except UnicodeDecodeError:
                    continue
                if len(text) == 1 and not 0xE000 <= ord(text) <= 0xF8FF:
                    out.add(ord(text))
    return frozenset(out)


def recipe_code_points(recipe: dict[str, Any]) -> frozenset[int]:
    """What a bundled face keeps: its national ``charset`` (with the extras), or its own ``ranges``."""
    if "ranges" in recipe:
        return frozenset(_parse_ranges(recipe["ranges"]))
    if recipe["charset"] == "hangul":
        return hangul_ks_x_1001()
    return charset(recipe["charset"])


@functools.cache
def hangul_ks_x_1001() -> frozenset[int]:
    """The Hangul syllables and compatibility jamo of KS X 1001 (what EUC-KR text can hold)."""
    out = set()
    for lead in range(0xA1, 0xFF):
        for trail in range(0xA1, 0xFF):
            try:
                text = bytes((lead, trail)).decode("euc_kr")
            except UnicodeDecodeError:
                continue
            if len(text) == 1 and (0xAC00 <= ord(text) <= 0xD7A3 or 0x3131 <= ord(text) <= 0x318E):
                out.add(ord(text))
    return frozenset(out)


def docx_font_facts(name: str) -> dict[str, str]:
    """The DOCX font-table facts for a font name (roles.toml [docx_fonts]); empty when not listed."""
    return dict(_data().get("docx_fonts", {}).get(name, {}))


def fullwidth_code_points() -> set[int]:
    """Code points the bundled faces map to full-width glyphs (roles.toml [charsets].fullwidth)."""
    return _parse_ranges(_data()["charsets"].get("fullwidth", []))


def joined_code_points() -> set[int]:
    """Dash code points the bundled faces stretch to their full advance (roles.toml [charsets].joined)."""
    return _parse_ranges(_data()["charsets"].get("joined", []))


# ---------------------------------------------------------------- reading font files


@dataclass(frozen=True)
class _FaceFacts:
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
        if sub & _REGULAR:
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


def _open_faces(path: Path) -> list[Any]:
    """Every face in a font file, read lazily (only the tables we touch are parsed)."""
    from fontTools.ttLib import TTCollection, TTFont

    with path.open("rb") as fh:
        magic = fh.read(4)
    if magic == b"ttcf":
        return list(TTCollection(str(path), lazy=True).fonts)
    return [TTFont(str(path), lazy=True)]


def _read_facts(path: Path) -> list[tuple[list[str], list[str], str, str | None]]:
    out = []
    for font in _open_faces(path):
        exact, family = _names(font)
        out.append((sorted(exact), sorted(family), _full_name(font), _usable(font)))
    return out


def _file_facts(path: Path) -> list[_FaceFacts]:
    """The facts of every face in ``path``; kept in the on-disk cache, so fontTools is needed only once."""
    rows = cache.cached("font-faces", cache.file_key(path), lambda: _read_facts(path))
    return [_FaceFacts(frozenset(exact), frozenset(family), name, problem) for exact, family, name, problem in rows]


@dataclass(frozen=True)
class _Pick:
    face: FontFace | None
    problem: str | None = None


def _pick_face(path: Path, names: list[str], role: str, source: str, trust_single: bool) -> _Pick:
    """Choose the face in ``path`` that matches ``names`` (in preference order).

    A single-face file found by its well-known file name is trusted (``trust_single``).
    """
    try:
        faces = _file_facts(path)
    except Exception as exc:  # fontTools raises many kinds on broken files
        return _Pick(None, f"{path} cannot be read as a font ({exc})")
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
        return _Pick(None)
    facts = faces[chosen]
    if facts.problem:
        return _Pick(None, f"{facts.full_name} ({path}) {facts.problem}")
    return _Pick(FontFace(role, path, chosen, facts.full_name, source))


def face_for_file(path: Path | str, role: str, index: int | None = None, source: str = "user") -> FontFace:
    """A FontFace for a given file (a user's choice); raises FontError if reportlab cannot use it."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise FontError(f"{role}: {path} is a folder, not a font file (这是文件夹，不是字体文件)")
    if not path.is_file():
        raise FontError(f"{role}: font file not found (找不到字体文件): {path}")
    try:
        faces = _file_facts(path)
    except Exception as exc:
        raise FontError(f"{role}: {path} is not a font file we can read (无法读取字体文件): {exc}") from None
    if index is None:
        pick = _pick_face(path, role_data(role)["names"], role, source, trust_single=True)
        if pick.face is not None:
            return pick.face
        index = 0
    if not 0 <= index < len(faces):
        raise FontError(f"{role}: {path} has {len(faces)} face(s); index {index} does not exist")
    if faces[index].problem:
        raise FontError(f"{role}: {path} {faces[index].problem}")
    return FontFace(role, path, index, faces[index].full_name, source)


# ---------------------------------------------------------------- where system fonts live


def system_font_dirs() -> list[Path]:
    """Folders searched for fonts by file name; CONVERTER_FONT_DIRS replaces the platform's list."""
    injected = os.environ.get("CONVERTER_FONT_DIRS")
    if injected is not None:
        return [Path(p).expanduser() for p in injected.split(os.pathsep) if p.strip()]
    home = Path.home()
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR") or os.environ.get("SYSTEMROOT") or r"C:\Windows")
        dirs = [windir / "Fonts"]
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
        return dirs
    if sys.platform == "darwin":
        return [
            Path("/System/Library/Fonts"),
            Path("/System/Library/Fonts/Supplemental"),
            Path("/Library/Fonts"),
            home / "Library" / "Fonts",
        ]
    data_home = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return [home / ".fonts", data_home / "fonts", Path("/usr/local/share/fonts"), Path("/usr/share/fonts")]


def _system_enabled() -> bool:
    return os.environ.get("CONVERTER_NO_SYSTEM_FONTS", "").strip().lower() not in ("1", "true", "yes", "on")


@functools.cache
def _file_index(dirs: tuple[Path, ...]) -> dict[str, Path]:
    """Lower-cased file name -> first path with that name, over all folders (recursively)."""
    index: dict[str, Path] = {}
    for folder in dirs:
        if not folder.is_dir():
            continue
        for root, _subdirs, files in os.walk(folder):
            for name in sorted(files):
                if name.lower().endswith(_FONT_SUFFIXES):
                    index.setdefault(name.lower(), Path(root) / name)
    return index


@dataclass(frozen=True)
class _FcEntry:
    path: Path
    index: int
    format: str  # "TrueType", "CFF", …
    label: str  # fontconfig's full name, for messages
    exact: frozenset[str]  # full and PostScript names, lower-cased
    family: frozenset[str]  # family names if the face is a regular one, lower-cased

    def matches(self, name: str) -> bool:
        """Same rule as the name-table check, so fontconfig only pre-selects what _pick_face will accept."""
        return name.lower() in self.exact or name.lower() in self.family


def _split(field: str) -> set[str]:
    return {part.strip().lower() for part in field.split(",") if part.strip()}


@functools.cache
def _fontconfig() -> tuple[_FcEntry, ...]:
    """Chinese faces fontconfig knows (one fc-list call, cached); empty without fontconfig."""
    import shutil
    import subprocess

    exe = shutil.which("fc-list")
    if exe is None:
        return ()
    fmt = "%{file}\t%{index}\t%{fontformat}\t%{family}\t%{style}\t%{fullname}\t%{postscriptname}\n"
    try:
        out = subprocess.run(
            [exe, "--format", fmt, ":lang=zh-cn"], capture_output=True, text=True, timeout=20, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    entries = []
    for line in sorted(out.splitlines()):
        parts = line.split("\t")
        if len(parts) != 7 or not parts[1].isdigit():
            continue
        file, index, fmt_name, family, style, full, postscript = parts
        regular = bool(_split(style) & _REGULAR)
        entries.append(
            _FcEntry(
                Path(file),
                int(index),
                fmt_name.strip(),
                full.split(",")[0].strip() or family,
                frozenset(_split(full) | _split(postscript)),
                frozenset(_split(family) if regular else ()),
            )
        )
    return tuple(entries)


def _system_face(role: str, problems: list[str]) -> FontFace | None:
    """First system face for ``role``: listed file names in the font folders, then fontconfig by name."""
    data = role_data(role)
    names: list[str] = data["names"]
    by_file = _file_index(tuple(system_font_dirs()))
    for file_name in data["files"]:
        path = by_file.get(file_name.lower())
        if path is None:
            continue
        pick = _pick_face(path, names, role, "system", trust_single=True)
        if pick.face:
            return pick.face
        if pick.problem:
            problems.append(pick.problem)
    if "CONVERTER_FONT_DIRS" in os.environ:
        return None  # injected folders replace the whole system search, fontconfig included
    entries = _fontconfig()
    for name in names:
        for entry in entries:
            if not entry.matches(name):
                continue
            if entry.format not in ("TrueType", ""):
                why = f"has {entry.format} outlines, which reportlab cannot embed"
                problems.append(f"{entry.label} ({entry.path}) {why}")
                continue
            pick = _pick_face(entry.path, [name], role, "system", trust_single=False)
            if pick.face:
                return pick.face
            if pick.problem:
                problems.append(pick.problem)
    return None


# ---------------------------------------------------------------- resolution

_overrides: dict[str, tuple[Path, int | None]] = {}
_notices: dict[str, list[str]] = {}


def override(role: str, path: Path | str | None, index: int | None = None) -> None:
    """Use ``path`` for ``role`` (an API/CLI choice; wins over the environment). None removes it."""
    role_data(role)
    if path is None:
        _overrides.pop(role, None)
    else:
        _overrides[role] = (Path(path), index)
    reset()


def reset() -> None:
    """Forget cached resolutions (after changing overrides or the environment)."""
    resolve.cache_clear()
    fallback_faces.cache_clear()
    _file_index.cache_clear()
    _fontconfig.cache_clear()
    _notices.clear()


def _user_choice(role: str) -> tuple[Path, int | None] | None:
    if role in _overrides:
        return _overrides[role]
    value = os.environ.get(f"CONVERTER_FONT_{role.upper()}", "").strip()
    if not value:
        return None
    path, sep, index = value.rpartition("#")
    if sep and index.isdigit():
        return Path(path), int(index)
    return Path(value), None


def bundled_face(role: str) -> FontFace | None:
    """The face shipped in fonts/ for ``role``, or None if the role has none (fangsong)."""
    key = role_data(role).get("bundled")
    if key is None:
        return None
    recipe = bundled_data()[key]
    path = FONTS_DIR / recipe["file"]
    if not path.is_file():
        raise FontError(f"{role}: bundled font {path} is missing; run `python fonts/build_fonts.py`")
    family = recipe["family"] if recipe["style"] == "Regular" else f"{recipe['family']} {recipe['style']}"
    return FontFace(role, path, 0, family, "bundled")


def _unpacked(path: Path) -> Path:
    """A bundled ``.xz`` face unpacked once into the cache folder (a temporary one without a cache)."""
    import lzma
    import tempfile

    size, mtime = cache.file_key(path)[1:]
    name = f"{path.name.removesuffix('.xz')}-{size}-{mtime}"
    folders = [cache.cache_dir()] if cache.enabled() else []
    folders.append(Path(tempfile.gettempdir()) / "converter-fonts")  # when the cache folder is not writable
    for folder in folders:
        target = folder / "fonts" / name
        if target.is_file():
            return target
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".{name}.{os.getpid()}.part")
            tmp.write_bytes(lzma.decompress(path.read_bytes()))
            os.replace(tmp, target)
            return target
        except OSError:
            continue
    raise FontError(f"cannot unpack the bundled font {path.name}: no writable cache or temporary folder")


@functools.cache
def fallback_faces() -> tuple[FontFace, ...]:
    """The bundled faces for what the role faces lack (Extension B, Hangul, symbols, Latin), in order.

    A missing file is left out: the characters it would draw get the placeholder and a warning.
    """
    faces = []
    for key in _data().get("fallbacks", {}).get("order", []):
        recipe = bundled_data()[key]
        path = FONTS_DIR / recipe["file"]
        if not path.is_file():
            continue
        if path.suffix == ".xz":
            path = _unpacked(path)
        faces.append(FontFace(key, path, 0, recipe["family"], "bundled"))
    return tuple(faces)


def bundled_for(role: str) -> FontFace:
    """The bundled face that prints ``role``, following its ``substitute`` (仿宋 -> 宋) when none is bundled.

    For outputs that must be the same on every machine (EPUB font subsets, the cover).
    """
    face = bundled_face(role)
    if face is not None:
        return face
    substitute = role_data(role).get("substitute")
    if substitute is None:
        raise FontError(f"{role}: no font bundled and no substitute role")
    found = bundled_for(substitute)
    return FontFace(found.role, found.path, found.index, found.family, found.source, role)


@functools.cache
def resolve(role: str) -> FontFace:
    """The face that serves ``role``: user file, then system fonts, then bundled, then the substitute role."""
    data = role_data(role)
    notes = _notices.setdefault(role, [])
    notes.clear()
    choice = _user_choice(role)
    if choice is not None:
        try:
            return face_for_file(choice[0], role, choice[1], source="user")
        except FontError as exc:
            where = f"fonts.override({role!r})" if role in _overrides else f"CONVERTER_FONT_{role.upper()}"
            raise FontError(f"{where}: {exc}; set it to a .ttf/.ttc file or unset it") from None
    problems: list[str] = []
    if _system_enabled():
        face = _system_face(role, problems)
        if face is not None:
            return face
    found = bundled_face(role)
    if found is not None:
        notes.extend(f"{role}: {p}; using {found.family} (bundled)" for p in problems[:1])
        return found
    substitute = data.get("substitute")
    if substitute is None:
        raise FontError(f"{role}: no font found and none bundled")
    stand_in = resolve(substitute)
    notes.extend(f"{role}: {p}" for p in problems[:1])
    notes.append(f"{role}: no {data['label']} font found; using {stand_in.family} ({substitute}) instead")
    return FontFace(stand_in.role, stand_in.path, stand_in.index, stand_in.family, stand_in.source, role)


def resolve_all() -> dict[str, FontFace]:
    """Every role in converter.styles.ROLES."""
    return {role: resolve(role) for role in ROLES}


def fallback_chain(role: str) -> list[FontFace]:
    """The role's face, the song face, the bundled GBK song, then the fallbacks: tried in order per character."""
    chain = [resolve(role)]
    song = resolve("song")
    extra = [song, bundled_face("song"), *fallback_faces()]
    for face in extra:
        if face is not None and all((face.path, face.index) != (f.path, f.index) for f in chain):
            chain.append(face)
    return chain


def _read_cmap(path: Path, index: int) -> list[int]:
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), fontNumber=index, lazy=True)
    return sorted((font.getBestCmap() or {}).keys())


@functools.cache
def _cmap(path: Path, index: int) -> frozenset[int]:
    return frozenset(cache.cached("font-cmap", (*cache.file_key(path), index), lambda: _read_cmap(path, index)))


def coverage(face: FontFace) -> frozenset[int]:
    """Code points the face's cmap maps (cached per file and face)."""
    return _cmap(face.path, face.index)


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


def notices() -> list[str]:
    """Human notes about substitutions and skipped fonts, for every role."""
    resolve_all()
    return [note for role in ROLES for note in _notices.get(role, [])]


def substitutions() -> list[str]:
    """What a build should tell the user: roles printed in another role's face (仿宋 as 宋体).

    Fonts skipped on the way (a system face with CFF outlines) are for `converter fonts`,
    not for every build's warnings.
    """
    return [
        f"{role}: no {role_data(role)['label']} font found; using {face.family} ({face.role}) instead"
        for role, face in resolve_all().items()
        if face.substitute_for
    ]


def describe() -> list[tuple[str, str, str, str]]:
    """(role, face name, path, source or notice) rows for `converter fonts`."""
    rows = []
    for role, face in resolve_all().items():
        where = face.source if face.index == 0 else f"{face.source}, face #{face.index}"
        if face.substitute_for:
            where += f"; stands in for {face.substitute_for} ({role_data(role)['label']})"
        rows.append((role, face.family, str(face.path), where))
    return rows
