"""The proof view: the source lines with every change the reader made marked where it happened.

A change's line and column (1-based, docs/outline.md) point into the decoded source, so the
marks are placed without re-reading anything: the page only wraps those characters.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from markupsafe import Markup, escape


def marked_lines(lines: list[str], changes: list[dict[str, Any]], describe: Any) -> list[Markup]:
    """Each source line as HTML, the changed characters in ``<mark class="KIND">`` with before → after."""
    by_line: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for change in changes:
        by_line[change["line"]].append(change)
    out: list[Markup] = []
    for number, line in enumerate(lines, start=1):
        here = sorted(by_line.get(number, ()), key=lambda c: c["column"])
        html = Markup()
        at = 0
        for change in here:
            column = max(change["column"] - 1, at)
            if column > len(line):
                continue
            html += escape(line[at:column])
            before = change["before"]
            width = len(before) if line[column : column + len(before)] == before else 0
            if not width and before not in ("\n", ""):
                continue  # overlaps an earlier mark (a marker rewritten after its brackets were widened)
            title = f"{describe(change['kind'])}: {before!r} → {change['after']!r}"
            html += Markup('<mark class="ch-{}" title="{}">{}</mark>').format(
                change["kind"], title, line[column : column + width] or ("⏎" if before == "\n" else "‸")
            )
            at = column + width
        html += escape(line[at:])
        out.append(html)
    return out
