"""Which face each typeface role wants (宋体, 仿宋, 黑体, 楷体, 小标宋): the data in fonts/roles.toml.

File names, face names, bundled recipes and substitutes are data, not code, so a new system font
is one line in roles.toml (docs/fonts.md, "Roles"). This module only reads that file.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from converter.resources import data_dir
from converter.styles import ROLES

FONTS_DIR = data_dir("fonts")
ROLES_FILE = FONTS_DIR / "roles.toml"


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


@functools.cache
def roles_toml() -> dict[str, Any]:
    """fonts/roles.toml, read once: it ships with the package and does not change while we run."""
    return tomllib.loads(ROLES_FILE.read_text(encoding="utf-8"))


def role_data(role: str) -> dict[str, Any]:
    """The role's table from roles.toml (files, names, bundled/substitute)."""
    if role not in ROLES:
        raise FontError(f"unknown font role {role!r}; roles are {', '.join(ROLES)}")
    return roles_toml()["roles"][role]


def bundled_data() -> dict[str, dict[str, Any]]:
    """The [bundled.*] build recipes, keyed by role."""
    return roles_toml()["bundled"]


def docx_font_facts(name: str) -> dict[str, str]:
    """The DOCX font-table facts for a font name (roles.toml [docx_fonts]); empty when not listed."""
    return dict(roles_toml().get("docx_fonts", {}).get(name, {}))
