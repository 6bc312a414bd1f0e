"""The change log every reading pass writes to: what it changed, and what it left for an editor.

Passes record as they go (an append per event), so the log costs next to nothing when
parsing and ``converter check`` shows exactly what the reading chain did.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Change:
    """One edit: ``kind`` names the rule; line and column (1-based) point into the source."""

    kind: str
    line: int
    column: int
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class Flag:
    """Something left alone that a careful editor would look at."""

    kind: str
    line: int
    message: str


@dataclass
class Report:
    encoding: str = ""
    changes: list[Change] = field(default_factory=list)
    warnings: list[Flag] = field(default_factory=list)

    def change(self, kind: str, line: int, column: int, before: str, after: str) -> None:
        self.changes.append(Change(kind, line, column, before, after))

    def warn(self, kind: str, line: int, message: str) -> None:
        self.warnings.append(Flag(kind, line, message))

    def counts(self) -> Counter[str]:
        return Counter(c.kind for c in self.changes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "encoding": self.encoding,
            "changes": [asdict(c) for c in self.changes],
            "warnings": [asdict(w) for w in self.warnings],
        }


class SilentReport(Report):
    """A report that records nothing: the baseline the benchmark measures recording against."""

    def change(self, kind: str, line: int, column: int, before: str, after: str) -> None:
        pass

    def warn(self, kind: str, line: int, message: str) -> None:
        pass
