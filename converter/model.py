"""The outline tree: the one contract between the reading chain and the writers.

Frozen dataclasses, so a writer cannot change what another writer will read.
The JSON shape (``to_dict``/``from_dict``) is the one in ``shared/design.md``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph; ``points`` are ``[start, end)`` offsets of 一是…-style lead clauses."""

    text: str
    points: tuple[tuple[int, int], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "paragraph", "text": self.text}
        if self.points:
            out["points"] = [list(p) for p in self.points]
        return out

    def spans(self) -> list[tuple[str, bool]]:
        """The text cut into ``(text, is_point)`` runs, for writers that set points bold."""
        runs: list[tuple[str, bool]] = []
        pos = 0
        for start, end in self.points:
            if start > pos:
                runs.append((self.text[pos:start], False))
            runs.append((self.text[start:end], True))
            pos = end
        if pos < len(self.text):
            runs.append((self.text[pos:], False))
        return runs


@dataclass(frozen=True)
class Section:
    """A numbered section; ``level`` is nesting depth (1 = top), whatever the marker family.

    A run-in section (``runin``) printed its heading at the start of a body paragraph;
    that paragraph's remainder is its first child.
    """

    level: int
    marker: str
    heading: str
    runin: bool = False
    children: tuple[Node, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": "section",
            "level": self.level,
            "marker": self.marker,
            "heading": self.heading,
            "runin": self.runin,
            "children": [c.to_dict() for c in self.children],
        }

    @property
    def bare_heading(self) -> str:
        """The heading without its closing punctuation, as a table of contents shows it."""
        return self.heading.rstrip("。．.；;：:，,！!？?")


Node = Paragraph | Section


@dataclass(frozen=True)
class Document:
    title: str = ""
    subtitle: str | None = None
    date: str | None = None
    author: str | None = None
    salutation: str | None = None
    children: tuple[Node, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "subtitle": self.subtitle,
            "date": self.date,
            "author": self.author,
            "salutation": self.salutation,
            "children": [c.to_dict() for c in self.children],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        """Rebuild a tree from its JSON form; raises ``ValueError`` naming what is wrong."""
        if not isinstance(data, dict):
            raise ValueError("outline JSON must be an object")
        unknown = set(data) - {"title", "subtitle", "date", "author", "salutation", "children"}
        if unknown:
            raise ValueError(f"unknown keys {', '.join(sorted(unknown))} (is this a report, not an outline?)")
        if "children" not in data:
            raise ValueError("outline JSON needs 'children'")
        for key in ("subtitle", "date", "author", "salutation"):
            if data.get(key) is not None and not isinstance(data[key], str):
                raise ValueError(f"outline key {key!r} must be a string or null")
        title = data.get("title") or ""
        if not isinstance(title, str):
            raise ValueError("outline key 'title' must be a string")
        return cls(
            title=title,
            subtitle=data.get("subtitle"),
            date=data.get("date"),
            author=data.get("author"),
            salutation=data.get("salutation"),
            children=_nodes_from(data.get("children", []), "children"),
        )

    def walk(self) -> Iterator[tuple[Node, int]]:
        """Every node in reading order with its depth (top level = 1)."""
        yield from _walk(self.children, 1)

    def sections(self) -> list[Section]:
        return [n for n, _ in self.walk() if isinstance(n, Section)]

    def text_pieces(self) -> list[str]:
        """All text in reading order: what every output must show, character for character."""
        pieces = [p for p in (self.title, self.subtitle, self.date, self.author, self.salutation) if p]
        for node, _ in self.walk():
            if isinstance(node, Section):
                pieces.append(node.marker + node.heading)
            else:
                pieces.append(node.text)
        return pieces


def _walk(nodes: tuple[Node, ...], depth: int) -> Iterator[tuple[Node, int]]:
    for node in nodes:
        yield node, depth
        if isinstance(node, Section):
            yield from _walk(node.children, depth + 1)


def _nodes_from(items: Any, where: str) -> tuple[Node, ...]:
    if not isinstance(items, list):
        raise ValueError(f"{where} must be a list")
    nodes: list[Node] = []
    for i, item in enumerate(items):
        here = f"{where}[{i}]"
        if not isinstance(item, dict):
            raise ValueError(f"{here} must be an object")
        kind = item.get("type")
        if kind == "paragraph":
            text = item.get("text")
            if not isinstance(text, str):
                raise ValueError(f"{here}.text must be a string")
            points = []
            for p in item.get("points", []) or []:
                if not (isinstance(p, list) and len(p) == 2 and all(isinstance(v, int) for v in p)):
                    raise ValueError(f"{here}.points must hold [start, end] pairs")
                if not 0 <= p[0] < p[1] <= len(text):
                    raise ValueError(f"{here}.points {p} lies outside the text")
                points.append((p[0], p[1]))
            points.sort()
            if any(b[0] < a[1] for a, b in pairwise(points)):
                raise ValueError(f"{here}.points overlap")
            nodes.append(Paragraph(text=text, points=tuple(points)))
        elif kind == "section":
            level = item.get("level")
            if not isinstance(level, int) or level < 1:
                raise ValueError(f"{here}.level must be a positive integer")
            marker, heading = item.get("marker", ""), item.get("heading", "")
            if not isinstance(marker, str) or not isinstance(heading, str):
                raise ValueError(f"{here}.marker and .heading must be strings")
            nodes.append(
                Section(
                    level=level,
                    marker=marker,
                    heading=heading,
                    runin=bool(item.get("runin", False)),
                    children=_nodes_from(item.get("children", []), f"{here}.children"),
                )
            )
        else:
            raise ValueError(f"{here}.type must be 'paragraph' or 'section', not {kind!r}")
    return tuple(nodes)
