"""Which font file serves a typeface role in the EPUB: the project's bundled faces.

The EPUB embeds fonts and draws the cover with them, so it uses the bundled OFL faces
(free to embed, and the same on every machine, so the bytes are too), following a
role's ``substitute`` (仿宋 -> 宋) when none is bundled. If the bundled files are not
built yet, LXGW WenKai from the Debian package stands in.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

FALLBACK = Path("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf")


@dataclass(frozen=True)
class FaceFile:
    path: Path
    index: int = 0


@functools.cache
def face_for(role: str) -> FaceFile | None:
    """The bundled file serving ``role``, or ``None`` when no Chinese font is available at all."""
    from converter import fonts

    try:
        face = fonts.bundled_face(role)
        substitute = fonts.role_data(role).get("substitute")
        if face is None and substitute:
            face = fonts.bundled_face(substitute)
    except (fonts.FontError, OSError, KeyError):
        face = None
    if face is not None:
        return FaceFile(Path(face.path), face.index)
    return FaceFile(FALLBACK) if FALLBACK.is_file() else None
