"""The source lines a paragraph was joined from, for passes that must undo a join.

Reflow joins short lines that end no clause; in a title block or a 落款 each such line is a
part of its own (title, speaker, 署名, an attachment's title). This gives them back, one
block a line, when the paragraph is exactly those lines (whitespace aside).
"""

from __future__ import annotations

from collections.abc import Sequence

from converter.reading.lines import Line
from converter.reading.reflow import Block


class SourceLines:
    def __init__(self, lines: Sequence[Line]) -> None:
        self.by_number = {line.number: line.text.strip() for line in lines if line.text.strip()}

    def parts(self, block: Block) -> list[Block]:
        """The block's source lines as blocks, or ``[block]`` when it is one line or was changed since."""
        if block.end_line <= block.line:
            return [block]
        texts = [self.by_number.get(n, "") for n in range(block.line, block.end_line + 1)]
        if not all(texts) or "".join("".join(texts).split()) != "".join(block.text.split()):
            return [block]
        return [Block(text, n) for n, text in enumerate(texts, block.line)]
