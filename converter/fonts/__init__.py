"""Font files for the typeface roles (宋体, 仿宋, 黑体, 楷体, 小标宋), split by job (docs/fonts.md).

PDF and EPUB embed real font files, so a role must become a path: the user's file, then the
fonts on the system, then the free faces bundled in ``fonts/``. Only TrueType-outline fonts
qualify: reportlab cannot embed CFF outlines. Nothing here imports fontTools until a font
file must be read.

  roles     which face each role wants (fonts/roles.toml), FontFace, FontError
  files     what a font file holds: names, collections, CFF or TrueType, the characters it maps
  system    the user's own fonts: font folders, fontconfig, the variables below
  bundled   the faces shipped in fonts/, and the fallbacks for rare characters
  resolver  choosing a face per role (FontResolver), without module-wide state to reset
  glyphs    which characters no face covers (handed to the reader as a callable)

Environment:
  ``CONVERTER_FONT_<ROLE>``       a font file for that role (``path`` or ``path#index`` for a .ttc)
  ``CONVERTER_FONT_DIRS``         folders (os.pathsep-separated) searched *instead of* the system's
  ``CONVERTER_NO_SYSTEM_FONTS=1`` use only user and bundled fonts (reproducible builds and tests)
"""

from __future__ import annotations

from converter.fonts.bundled import bundled_face, bundled_for, fallback_faces, unpacked
from converter.fonts.files import coverage, face_for_file
from converter.fonts.glyphs import bundled_uncovered, needs_glyph, uncovered
from converter.fonts.resolver import (
    FontResolver,
    describe,
    fallback_chain,
    notices,
    resolve,
    resolve_all,
    substitutions,
)
from converter.fonts.roles import (
    FONTS_DIR,
    ROLES_FILE,
    FontError,
    FontFace,
    bundled_data,
    docx_font_facts,
    role_data,
)
from converter.fonts.system import system_font_dirs

__all__ = [
    "FONTS_DIR",
    "ROLES_FILE",
    "FontError",
    "FontFace",
    "FontResolver",
    "bundled_data",
    "bundled_face",
    "bundled_for",
    "bundled_uncovered",
    "coverage",
    "describe",
    "docx_font_facts",
    "face_for_file",
    "fallback_chain",
    "fallback_faces",
    "needs_glyph",
    "notices",
    "resolve",
    "resolve_all",
    "role_data",
    "substitutions",
    "system_font_dirs",
    "uncovered",
    "unpacked",
]
