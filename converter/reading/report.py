"""The change log every reading pass writes to: what it changed, and what it left for an editor.

Passes record as they go (an append per event), so the log costs next to nothing when
parsing and ``converter check`` shows exactly what the reading chain did.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, NamedTuple


class Change(NamedTuple):
    """One edit: ``kind`` names the rule; line and column (1-based) point into the source.

    A NamedTuple, not a frozen dataclass: a long document records tens of thousands of
    these, and building a tuple costs a third of what a frozen dataclass does.
    """

    kind: str
    line: int
    column: int
    before: str
    after: str


class Flag(NamedTuple):
    """Something left alone that a careful editor would look at."""

    kind: str
    line: int
    message: str


class Report:
    """The change log of one reading.

    Changes are kept as five flat columns and turned into :class:`Change` tuples only when
    read: a long document records tens of thousands of changes, and a container object per
    change kept the garbage collector busy (15% of parse time on the 100-fold sample).
    """

    def __init__(self, encoding: str = "") -> None:
        self.encoding = encoding
        self.encoding_confidence = ""  # decode's "certain", "given", "high" or "guess" (then also a warning)
        self.warnings: list[Flag] = []
        self._columns: tuple[list[str], list[int], list[int], list[str], list[str]] = ([], [], [], [], [])

    def change(self, kind: str, line: int, column: int, before: str, after: str) -> None:
        kinds, lines, columns, befores, afters = self._columns
        kinds.append(kind)
        lines.append(line)
        columns.append(column)
        befores.append(before)
        afters.append(after)

    @property
    def changes(self) -> list[Change]:
        return [Change(*row) for row in zip(*self._columns, strict=True)]

    def warn(self, kind: str, line: int, message: str) -> None:
        self.warnings.append(Flag(kind, line, message))

    def counts(self) -> Counter[str]:
        return Counter(self._columns[0])

    def to_dict(self) -> dict[str, Any]:
        return {
            "encoding": self.encoding,
            "changes": [c._asdict() for c in self.changes],
            "warnings": [w._asdict() for w in self.warnings],
        }


class SilentReport(Report):
    """A report that records nothing: the baseline the benchmark measures recording against."""

    def change(self, kind: str, line: int, column: int, before: str, after: str) -> None:
        pass

    def warn(self, kind: str, line: int, message: str) -> None:
        pass
