"""The run-in rule, once: a run-in section prints its heading at the start of its first paragraph.

docs/outline.md (Sections): ``runin`` means the heading was read from the start of a body
paragraph, whose remainder is the section's first child. When that first child is not a
paragraph (a table, a subsection), the heading stands on its own line instead.
"""

from __future__ import annotations

from converter.tree.nodes import Paragraph, Section
from converter.tree.visit import At, Visitor


def runin_lead(section: Section) -> Paragraph | None:
    """The paragraph the heading runs into, or None when the heading stands alone."""
    first = section.children[0] if section.children else None
    return first if section.runin and isinstance(first, Paragraph) else None


def split_runin(visitor: Visitor, section: Section, at: At) -> tuple[Paragraph, At] | None:
    """The run-in paragraph and its place (numbered now, in document order), or None.

    The visitor then walks the section's children from 1 (``walk_children(..., start=rest)``).
    """
    lead = runin_lead(section)
    if lead is None:
        return None
    return lead, visitor.place("paragraph", at.path + ".children[0]", at.depth + 1)


def rest(lead: tuple[Paragraph, At] | None) -> int:
    """Where the walk of a section's children resumes after :func:`split_runin`."""
    return 0 if lead is None else 1
