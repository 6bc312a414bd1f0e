"""The unit the early passes hand on: one source line with its 1-based line number."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class Line:
    number: int
    text: str
    page_break_before: bool = False  # a form feed or page-number line stood just before it
