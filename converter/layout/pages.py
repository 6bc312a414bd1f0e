"""Cut a stream of laid-out blocks into pages of a fixed text-block height.

Pure geometry: a block is a list of equally tall lines with space before and after.
A heading is never left last on a page (keep-with-next, chained through stacked
headings), and a paragraph's last line is not left alone at the top of a page when
moving one more line over still leaves two lines behind. A block may name blocks before
it to repeat at the top of any page it opens or runs onto (a table's header rows).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
EPS = 1e-6


@dataclass(frozen=True)
class Block(Generic[T]):
    lines: Sequence[T]
    line_height: float
    space_before: float = 0.0
    space_after: float = 0.0
    keep_with_next: bool = False
    keep_together: bool = False
    repeat: tuple[int, ...] = ()  # blocks this many places back, set again on top of a page this one opens


@dataclass(frozen=True)
class Placed(Generic[T]):
    """A line on a page: ``top`` is the distance from the text block's top edge to the line box."""

    block: int
    index: int
    line: T
    top: float
    height: float


def paginate(blocks: Sequence[Block[T]], height: float) -> list[list[Placed[T]]]:
    """Pages of placed lines; every page holds at least one line."""
    pages: list[list[Placed[T]]] = [[]]
    y = 0.0
    for b, block in enumerate(blocks):
        lh = block.line_height
        n = len(block.lines)
        if n == 0:
            continue
        before = block.space_before if pages[-1] else 0.0
        if pages[-1] and y + before + _need(blocks, b) > height + EPS:
            pages.append([])
            y, before = 0.0, 0.0
        if not pages[-1]:
            y = _repeat(blocks, b, pages[-1], y, height)
        y += before
        i = 0
        while i < n:
            room = int((height - y + EPS) // lh)
            if room <= 0 and pages[-1]:
                pages.append([])
                y = _repeat(blocks, b, pages[-1], 0.0, height)
                continue
            room = max(room, 1)
            take = min(room, n - i)
            if i + take < n and n - (i + take) == 1 and take >= 3:
                take -= 1  # no widow: carry one more line so the last is not alone
            for j in range(i, i + take):
                pages[-1].append(Placed(b, j, block.lines[j], y, lh))
                y += lh
            i += take
            if i < n:
                pages.append([])
                y = _repeat(blocks, b, pages[-1], 0.0, height)
        y += block.space_after
    return [p for p in pages if p]


def _repeat(blocks: Sequence[Block[T]], b: int, page: list[Placed[T]], y: float, height: float) -> float:
    """Place the blocks ``blocks[b]`` repeats at the top of a new page; where the page goes on below them.

    Nothing is repeated when it would take half the page or more (a header that tall is no header).
    """
    heads = [blocks[b - back] for back in blocks[b].repeat]
    if sum(len(h.lines) * h.line_height for h in heads) >= height / 2:
        return y
    for back in blocks[b].repeat:
        head = blocks[b - back]
        for j, line in enumerate(head.lines):
            page.append(Placed(b - back, j, line, y, head.line_height))
            y += head.line_height
    return y


def _need(blocks: Sequence[Block[T]], b: int) -> float:
    """Height that must fit on this page before block ``b`` may start here."""
    block = blocks[b]
    if block.keep_together or block.keep_with_next:
        total = len(block.lines) * block.line_height
        if block.keep_with_next:
            for nb in range(b + 1, len(blocks)):
                nxt = blocks[nb]
                if not nxt.lines:
                    continue
                total += block.space_after + nxt.space_before
                total += _need(blocks, nb) if nxt.keep_with_next else nxt.line_height
                break
        return total
    return block.line_height
