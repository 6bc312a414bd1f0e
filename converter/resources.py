"""Where the style sheets and bundled fonts are, in a checkout and in an installed wheel.

The repository keeps them at its top (``styles/``, ``fonts/``); a wheel carries them inside
the package as ``converter/data/styles`` and ``converter/data/fonts`` (see pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """``styles`` or ``fonts``: the checkout's folder when there is one, else the installed copy."""
    root = _PACKAGE.parent
    if (root / "pyproject.toml").is_file() and (root / name).is_dir():
        return root / name
    return _PACKAGE / "data" / name
