"""The unit the early passes hand on: one source line with its 1-based line number."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class Line:
    number: int
    text: str
    page_break_before: bool = False  # a form feed or page-number line stood just before it
    # its width in ems as extracted, before normalising folds full-width digits and letters to
    # half width: the space it took on the page it was wrapped on (0 when not known)
    source_width: float = 0.0
