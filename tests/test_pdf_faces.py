"""PDF faces from the font cache: the same reportlab objects, the same PDF bytes, the same fallbacks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLE
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

from converter import fonts
from converter.styles import ROLES
from converter.writers.pdf.faces import GLYPH_TABLES, FaceSet, _load, reportlab_font

BUNDLED = sorted({(f.path, f.index) for role in ROLES if (f := fonts.bundled_face(role)) is not None})


def comparable(face: TTFontFace) -> dict[str, object]:
    """A face's state, with the file bytes and reportlab's scale lambda left out (compared by effect)."""
    state = {k: v for k, v in vars(face).items() if k not in ("_ttf_data", "_pdfScale", "_pos")}
    state["scale(1000)"] = face._pdfScale(1000)
    return state


@pytest.mark.parametrize(("path", "index"), BUNDLED, ids=[p.name for p, _ in BUNDLED])
def test_cached_face_is_the_face_reportlab_reads(path: Path, index: int) -> None:
    fresh = TTFont("fresh", str(path), subfontIndex=index)
    first = reportlab_font("cached", path, index)  # fills the cache (or reads it)
    again = reportlab_font("cached", path, index)  # reads the cache
    for font in (first, again):
        assert comparable(font.face) == comparable(fresh.face)
        assert font.face._ttf_data == fresh.face._ttf_data
        assert set(vars(font)) == set(vars(fresh))  # _CachedFont sets what TTFont.__init__ sets
        others = {k: v for k, v in vars(font).items() if k not in ("face", "fontName", "state", "encoding")}
        assert others == {k: v for k, v in vars(fresh).items() if k in others}
        assert vars(font.encoding) == vars(fresh.encoding)
    assert set(GLYPH_TABLES) <= set(vars(fresh.face))


def build_sample(out: Path, env: dict[str, str]) -> bytes:
    subprocess.run(
        [sys.executable, "-m", "converter.app.cli", "build", str(SAMPLE), "-t", "pdf", "-q", "-o", str(out)],
        check=True,
        env={**os.environ, "CONVERTER_NO_SYSTEM_FONTS": "1", **env},
    )
    return (out / f"{SAMPLE.stem}.pdf").read_bytes()


@pytest.mark.slow
def test_pdf_bytes_do_not_depend_on_the_cache(tmp_path: Path) -> None:
    cache = str(tmp_path / "cache")
    filling = build_sample(tmp_path / "a", {"CONVERTER_CACHE_DIR": cache})
    assert list((tmp_path / "cache" / "reportlab-glyph-tables").iterdir())
    reading = build_sample(tmp_path / "b", {"CONVERTER_CACHE_DIR": cache})
    without = build_sample(tmp_path / "c", {"CONVERTER_NO_CACHE": "1"})
    assert filling == reading == without


def test_fallback_faces_load_only_when_a_character_needs_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONVERTER_NO_SYSTEM_FONTS", "1")
    kai, *fallbacks = fonts.fallback_chain("kai")
    assert fallbacks, "the kai chain falls back to the song faces"
    _load.cache_clear()
    faces = FaceSet()
    assert faces.face_for("kai", "字").path == kai.path
    assert _load.cache_info().currsize == 1  # the fallbacks are not read for a GB 2312 character
    song = fonts.bundled_face("song")
    assert faces.face_for("kai", "堃").path == song.path  # GBK only: the bundled song has it
    assert _load.cache_info().currsize == 2  # the Extension B, Hangul and symbol faces stay unread
    extb = next(f for f in fallbacks if f.role == "extb")
    assert faces.face_for("kai", "𠀀").path == fonts.unpacked(extb.path)  # Extension B: HanaMinB's face
    placeholder = faces.face_for("kai", "\U00030000")  # no face has it: a □ placeholder, reported
    assert placeholder.placeholder and placeholder.path == song.path
    assert "\U00030000" in faces.missing
