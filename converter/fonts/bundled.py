"""The free faces shipped in fonts/: the last choice for a role, and the only one for EPUB subsets and fallbacks.

They make output possible on a machine without Chinese fonts and the same on every machine
where that matters (docs/fonts.md, "Bundled faces"). Their files and names come from the
[bundled.*] recipes in fonts/roles.toml, so nothing here reads a font file.
"""

from __future__ import annotations

import os
from pathlib import Path

from converter import cache
from converter.fonts.roles import FONTS_DIR, FontError, FontFace, bundled_data, role_data, roles_toml


def bundled_face(role: str) -> FontFace | None:
    """The face shipped in fonts/ for ``role``, or None if the role has none."""
    key = role_data(role).get("bundled")
    if key is None:
        return None
    recipe = bundled_data()[key]
    path = FONTS_DIR / recipe["file"]
    if not path.is_file():
        raise FontError(f"{role}: bundled font {path} is missing; run `python fonts/build_fonts.py`")
    family = recipe["family"] if recipe["style"] == "Regular" else f"{recipe['family']} {recipe['style']}"
    return FontFace(role, path, 0, family, "bundled")


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


def unpacked(path: Path) -> Path:
    """The file to open for a face's ``path``: a bundled ``.xz`` face is unpacked into the cache folder
    (a temporary one without a cache) the first time one is opened; any other path is itself.

    Unpacking Extension B takes half a second, so it waits until a character needs the face.
    """
    if path.suffix != ".xz":
        return path
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


def fallback_faces() -> tuple[FontFace, ...]:
    """The bundled faces for what the role faces lack (Extension B, Hangul, symbols, Latin), in order.

    A missing file is left out: the characters it would draw get the placeholder and a warning.
    A packed face keeps its ``.xz`` path: open it through ``unpacked``.
    """
    faces = []
    for key in roles_toml().get("fallbacks", {}).get("order", []):
        recipe = bundled_data()[key]
        path = FONTS_DIR / recipe["file"]
        if not path.is_file():
            continue
        faces.append(FontFace(key, path, 0, recipe["family"], "bundled"))
    return tuple(faces)
