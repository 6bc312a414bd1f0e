"""Closing paragraphs back at document level (``特此通知。``, ``各位代表！……``, ``让我们……``).

The body pass puts every paragraph into the section open before it, so the formula that
closes a 公文 and the appeal that closes a speech end up inside the last numbered section.
This pass moves the first such paragraph of the last section's tail, and all after it, out
to the level of the document (or of the attachment). The openings are in vocabulary.toml.
"""

from __future__ import annotations

from dataclasses import replace

from converter.model import Node, Paragraph, Section
from converter.reading.report import Report
from converter.reading.vocabulary import vocabulary


def lift_closing(nodes: tuple[Node, ...], report: Report, line: int = 0) -> tuple[Node, ...]:
    if not nodes or not isinstance(nodes[-1], Section):
        return nodes
    last, lifted = _take_tail(nodes[-1])
    if not lifted:
        return nodes
    report.change("closing-paragraph", line, 1, lifted[0].text[:20], "document level")
    return (*nodes[:-1], last, *lifted)


def _take_tail(section: Section) -> tuple[Section, list[Paragraph]]:
    """The section without its closing tail, and that tail (looked for in the deepest last section)."""
    children = list(section.children)
    if children and isinstance(children[-1], Section):
        inner, lifted = _take_tail(children[-1])
        children[-1] = inner
        return replace(section, children=tuple(children)), lifted
    start = _closing_start(children)
    if start is None or (start == 0 and section.runin):
        return section, []  # a run-in heading's own body stays with it
    lifted = [c for c in children[start:] if isinstance(c, Paragraph)]
    return replace(section, children=tuple(children[:start])), lifted


def _closing_start(children: list[Node]) -> int | None:
    """Index of the first closing paragraph in the trailing run of plain paragraphs."""
    starts = vocabulary().closing_starts
    i = len(children)
    while i > 0 and isinstance(children[i - 1], Paragraph) and not children[i - 1].marker:
        i -= 1
    for j in range(i, len(children)):
        node = children[j]
        if isinstance(node, Paragraph) and node.text.startswith(starts):
            return j
    return None
