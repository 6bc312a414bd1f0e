"""Which font file serves a typeface role in the EPUB: the project's bundled faces.

The EPUB embeds fonts and draws the cover with them, so it uses the bundled OFL faces
(free to embed, and the same on every machine, so the bytes are too), following a
role's ``substitute`` (仿宋 -> 宋) when none is bundled (``converter.fonts.bundled_for``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FaceFile:
    path: Path
    index: int = 0


@functools.cache
def face_for(role: str) -> FaceFile:
    """The bundled file serving ``role``; a missing bundled file is a FontError naming the fix."""
    from converter import fonts

    face = fonts.bundled_for(role)
    return FaceFile(Path(face.path), face.index)
