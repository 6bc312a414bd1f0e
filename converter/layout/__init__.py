"""Chinese line layout: line breaking with 禁则 and justification, then pagination.

Pure Python with no PDF library, so the rules can be tested alone; a writer only draws.
"""

from converter.layout.breaker import GlyphRun, Line, Run, break_paragraph
from converter.layout.pages import Block, Placed, paginate

__all__ = ["Block", "GlyphRun", "Line", "Placed", "Run", "break_paragraph", "paginate"]
