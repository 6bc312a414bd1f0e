"""What a build reports: one FileResult per input, with its outputs and notices, and the two ways a
build ends early (a usage mistake, a stop)."""

from __future__ import annotations

import signal
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Progress = Callable[[str, str], None]  # (input name, stage just done)


@dataclass(frozen=True)
class Input:
    """One thing to build: a file (``folder`` is where its outputs go, relative to the output
    folder), standard input (``data`` already read, ``path`` its name), or a problem found
    while looking for inputs (``error``: an unreadable folder)."""

    path: Path
    folder: Path = Path()
    data: bytes | None = None
    error: str | None = None
    encoding: str | None = None  # --encoding: read the text in this encoding instead of detecting it


@dataclass(frozen=True)
class Notice:
    """A warning for a person: ``code`` is stable for scripts, ``line`` points into the input."""

    code: str
    message: str
    line: int | None = None
    format: str | None = None  # the writer that said it; None for the reader

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "line": self.line, "message": self.message, "format": self.format}


@dataclass
class Output:
    format: str
    path: Path
    size: int
    seconds: float
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class FileResult:
    source: Path
    outputs: list[Output] = field(default_factory=list)
    errors: list[Notice] = field(default_factory=list)  # every failure, each with its format when a writer failed
    unreadable: bool = False
    notices: list[Notice] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def error(self) -> str | None:
        """Every failure of this input in one line (None when all went well)."""
        return "; ".join(e.message for e in self.errors) or None

    @property
    def warnings(self) -> list[str]:
        return [n.message if n.format is None else f"{n.format}: {n.message}" for n in self.notices]


class UsageError(ValueError):
    """A mistake in how the command was called (exit status 2)."""


class Stopped(KeyboardInterrupt):  # a KeyboardInterrupt: nothing may swallow it as an Exception
    """Ctrl-C or SIGTERM: the build stops; ``signum`` says which (exit 128 + signum)."""

    def __init__(self, signum: int = signal.SIGINT) -> None:
        super().__init__(signum)
        self.signum = signum
