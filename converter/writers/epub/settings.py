"""The ``[epub]`` table of a style sheet, typed: numbers only an e-book needs.

Read from ``style.raw`` so every number lives in the style sheet; a missing key is
reported by name instead of silently falling back to a number hidden in code.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from converter.styles import Style, StyleError


@dataclass(frozen=True)
class Cover:
    width_px: int
    height_px: int
    background: str
    ink: str
    accent: str
    rule_px: int
    margin_px: int
    rule_top: float
    title_role: str
    title_px: int
    title_line_chars: int
    title_leading: float
    meta_role: str
    meta_px: int
    meta_leading: float


@dataclass(frozen=True)
class EpubSettings:
    font_scale: float
    line_height: float
    margin_em: float
    heading_space_lines: float
    titlepage_top_lines: float
    title_line_chars: int
    embed_fonts: bool
    subjects: int
    description_chars: int
    cover: Cover


def epub_settings(style: Style) -> EpubSettings:
    """The style's ``[epub]`` table; raises ``StyleError`` naming a missing key."""
    table = style.raw.get("epub")
    if not isinstance(table, dict):
        raise StyleError(f"style {style.name!r} has no [epub] table (add one, or say base = \"gongwen\")")
    cover = _take(Cover, table.get("cover"), "epub.cover")
    return _take(EpubSettings, {**table, "cover": cover}, "epub")


def _take(cls: Any, table: Any, where: str) -> Any:
    if not isinstance(table, dict):
        raise StyleError(f"style sheet is missing the [{where}] table")
    values = {}
    for f in fields(cls):
        if f.name not in table:
            raise StyleError(f"style sheet is missing {where}.{f.name}")
        values[f.name] = table[f.name]
    return cls(**values)
