"""A section heading as every writer prints it: marker, the right gap, heading text.

Markers of the 第X章 kind (章 节 条 款 编 篇 部分) are followed by an ideographic space
(U+3000) in Chinese documents (第二章　总体要求); the reader strips it with the marker, so
the writers put it back from the marker itself. 一、, （一）, 1. carry their own punctuation.
"""

from __future__ import annotations

import re

from converter.tree.nodes import Section

_SPACED_MARKER = re.compile(r"^第[^　\s]{1,8}(?:章|节|条|款|编|篇|部分)$")
GAP = "\u3000"


def gap(section: Section) -> str:
    """What goes between the marker and the heading text."""
    if _SPACED_MARKER.match(section.marker) and section.heading and not section.heading[0].isspace():
        return GAP
    return ""


def heading_text(section: Section) -> str:
    """The printed heading: marker, gap, heading."""
    return section.marker + gap(section) + section.heading


def outline_text(section: Section) -> str:
    """The heading as a bookmark or table of contents shows it (no closing punctuation)."""
    return section.marker + gap(section) + section.bare_heading
