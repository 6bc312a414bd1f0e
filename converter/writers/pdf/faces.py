"""Font faces for the PDF: converter.fonts picks the files, reportlab loads and embeds them.

Each role gets a fallback chain (``fonts.fallback_chain``); a character is drawn in the
first face of the chain whose cmap has it, so a rare hanzi missing from the role's
face still prints. Characters no face has are reported, never dropped silently. A
fallback face is loaded only when a character needs it.

reportlab reads a face's every cmap entry, advance and glyph offset in Python: 30–90 ms
for a CJK face, in every process. Those glyph tables depend only on the file, so they
come from converter.cache after the first run; the rest of the face is read as usual.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTEncoding, TTFont, TTFontFace, TTFontFile

from converter import cache, fonts
from converter.i18n import _

# What TTFontFile.extractInfo reads only when asked for character information: the slow part.
GLYPH_TABLES = ("charToGlyph", "glyphToChar", "charWidths", "hmetrics", "defaultWidth", "glyphPos")


@dataclass(frozen=True)
class Face:
    """A face registered with reportlab under ``name``."""

    name: str
    path: Path
    index: int
    family: str
    widths: dict[int, int]  # code point -> advance in 1/1000 em
    default_width: int
    cmap: frozenset[int]
    ascent: float  # 1/1000 em, above the baseline
    descent: float  # 1/1000 em, below the baseline (negative)
    placeholder: bool = False  # draws PLACEHOLDER for characters no face has (see render.py)

    def ink(self, ch: str) -> tuple[float, float]:
        """(left bearing, ink width) of ``ch`` in 1/1000 em, to join dashes into one rule."""
        return _ink(self.path, self.index, ch)

    def centre(self, size: float) -> float:
        """Height of the em box's middle above the baseline, to centre glyphs in a line box."""
        return size * (self.ascent + self.descent) / 2000.0


@functools.cache
def _ink(path: Path, index: int, ch: str) -> tuple[float, float]:
    """Kept in the on-disk cache: reading one glyph's outline needs fontTools (50 ms to import)."""
    key = (*cache.file_key(path), index, ch)
    return tuple(cache.cached("glyph-ink", key, lambda: _read_ink(path, index, ch)))  # type: ignore[return-value]


def _read_ink(path: Path, index: int, ch: str) -> tuple[float, float]:
    from fontTools.ttLib import TTFont as ToolsFont

    font = ToolsFont(str(path), fontNumber=index, lazy=True)
    name = (font.getBestCmap() or {}).get(ord(ch))
    if name is None or "glyf" not in font:
        return 0.0, float(font["hmtx"][name][0]) if name else 0.0
    glyph = font["glyf"][name]
    glyph.recalcBounds(font["glyf"])
    scale = 1000.0 / font["head"].unitsPerEm
    if not hasattr(glyph, "xMin"):
        return 0.0, 0.0
    return glyph.xMin * scale, (glyph.xMax - glyph.xMin) * scale


def _read_glyph_tables(path: Path, index: int) -> dict[str, object]:
    parsed = TTFontFile(str(path), subfontIndex=index)
    return {key: getattr(parsed, key) for key in GLYPH_TABLES}


class _CachedFace(TTFontFace):
    """reportlab's face, its headers read from the file and its glyph tables given."""

    def __init__(self, path: Path, index: int, tables: dict[str, object]) -> None:
        self._tables = tables
        super().__init__(str(path), subfontIndex=index)
        del self._tables

    def extractInfo(self, charInfo: int = 1) -> None:
        super().extractInfo(charInfo=0)
        vars(self).update(self._tables)


class _CachedFont(TTFont):
    """reportlab's TTFont around a ready face (TTFont.__init__ would parse the whole file again).

    Sets what TTFont.__init__ sets; tests/test_pdf_faces.py checks the two stay alike.
    """

    def __init__(self, name: str, face: TTFontFace) -> None:
        self.fontName = name
        self.face = face
        self.encoding = TTEncoding()
        self.state = WeakKeyDictionary()
        self._asciiReadable = rl_config.ttfAsciiReadable
        self.shapable = not any(fnmatch(name, glob) for glob in ttfonts.unShapedFontGlob)


def reportlab_font(name: str, path: Path, index: int) -> TTFont:
    """A reportlab TTFont for one face, its glyph tables from the on-disk cache when they are there."""
    key = (*cache.file_key(path), index, reportlab.Version)
    tables = cache.cached("reportlab-glyph-tables", key, lambda: _read_glyph_tables(path, index))
    return _CachedFont(name, _CachedFace(path, index, tables))


@functools.cache
def _load(path: Path, index: int) -> Face:
    path = fonts.unpacked(path)  # a packed fallback (Extension B) is unpacked only when a character needs it
    digest = hashlib.sha1(f"{path}#{index}".encode()).hexdigest()[:10]
    name = f"cv-{digest}"
    font = reportlab_font(name, path, index)
    pdfmetrics.registerFont(font)
    face = font.face
    return Face(
        name=name,
        path=path,
        index=index,
        family=str(getattr(face, "name", b"") or path.stem),
        widths=face.charWidths,
        default_width=int(face.defaultWidth),
        cmap=frozenset(face.charToGlyph),
        ascent=float(face.ascent),
        descent=float(face.descent),
    )


PLACEHOLDER = "□"  # U+25A1, in every GB 2312 face: the visible stand-in for a character no font has
PLACEHOLDER_FONTS: set[str] = set()  # reportlab names of placeholder faces, for the renderer


@functools.cache
def _placeholder(path: Path, index: int) -> Face:
    """The face ``path`` registered once more, every character one □ wide: what draws the missing ones."""
    base = _load(path, index)
    name = base.name + "-missing"
    pdfmetrics.registerFont(reportlab_font(name, path, index))
    PLACEHOLDER_FONTS.add(name)
    width = base.widths.get(ord(PLACEHOLDER), base.default_width)
    return Face(name, path, index, base.family, {}, width, frozenset(), base.ascent, base.descent, placeholder=True)


@dataclass
class FaceSet:
    """Chains of loaded faces per role, and the characters none of them could draw."""

    chains: dict[str, list[fonts.FontFace]] = field(default_factory=dict)
    missing: dict[str, None] = field(default_factory=dict)
    _pick: dict[tuple[str, str], Face] = field(default_factory=dict)
    _advance: dict[tuple[str, float], Callable[[str], float]] = field(default_factory=dict)

    def chain(self, role: str) -> list[fonts.FontFace]:
        """The role's fallback chain, not yet loaded."""
        if role not in self.chains:
            self.chains[role] = fonts.fallback_chain(role)
        return self.chains[role]

    def primary(self, role: str) -> Face:
        face = self.chain(role)[0]
        return _load(face.path, face.index)

    def _first_with(self, role: str, code: int) -> Face | None:
        for candidate in self.chain(role):
            face = _load(candidate.path, candidate.index)
            if code in face.cmap:
                return face
        return None

    def face_for(self, role: str, ch: str) -> Face:
        """First face of the role's chain that has ``ch``; records ``ch`` when none has it."""
        key = (role, ch)
        face = self._pick.get(key)
        if face is None:
            face = self._first_with(role, ord(ch))
            if face is None and fonts.needs_glyph(ch):
                self.missing[ch] = None
                song = fonts.bundled_face("song")
                face = _placeholder(song.path, song.index) if song is not None else self.primary(role)
            elif face is None:
                face = self.primary(role)
            self._pick[key] = face
        return face

    def split(self, role: str, text: str) -> list[tuple[str, Face]]:
        """``text`` cut into stretches drawn by one face each."""
        primary = self.primary(role)
        if primary.cmap.issuperset(map(ord, text)):  # the usual case, decided in C
            return [(text, primary)] if text else []
        out: list[tuple[str, Face]] = []
        start = 0
        current: Face | None = None
        for i, ch in enumerate(text):
            face = self.face_for(role, ch)
            if face is not current:
                if current is not None:
                    out.append((text[start:i], current))
                current, start = face, i
        if current is not None:
            out.append((text[start:], current))
        return out

    def advance(self, face: Face, size: float) -> Callable[[str], float]:
        """Cached width function: the face's own advance of a character in pt at ``size``."""
        key = (face.name, size)
        fn = self._advance.get(key)
        if fn is None:
            widths, default, scale = face.widths, face.default_width, size / 1000.0
            cache: dict[str, float] = {}

            def fn(ch: str) -> float:
                w = cache.get(ch)
                if w is None:
                    w = cache[ch] = widths.get(ord(ch), default) * scale
                return w

            self._advance[key] = fn
        return fn

    def ink(self, face: Face, size: float) -> Callable[[str], tuple[float, float]]:
        """Ink extent of a glyph in pt at ``size`` (read from the font file only when asked)."""

        def fn(ch: str) -> tuple[float, float]:
            bearing, width = face.ink(ch)
            return bearing * size / 1000.0, width * size / 1000.0

        return fn

    def warnings(self) -> list[str]:
        out = fonts.substitutions()
        if self.missing:
            shown = " ".join(f"{ch} (U+{ord(ch):04X})" for ch in list(self.missing)[:20])
            more = _(" and {count} more").format(count=len(self.missing) - 20) if len(self.missing) > 20 else ""
            message = _(
                "no font has a glyph for {count} character(s), drawn as {placeholder} "
                "(copy and search still give the character): {chars}{more}"
            )
            out.append(
                "pdf: " + message.format(count=len(self.missing), placeholder=PLACEHOLDER, chars=shown, more=more)
            )
        return out
