"""The ``[epub]`` table of a style sheet: typed and checked with the sheet (``converter.style.tables``)."""

from __future__ import annotations

from converter.styles import Cover, EpubSettings, Style

__all__ = ["Cover", "EpubSettings", "epub_settings"]


def epub_settings(style: Style) -> EpubSettings:
    """The style's ``[epub]`` table, its derived values (line height from the page grid) computed."""
    return style.epub
