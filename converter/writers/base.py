"""The writer plug-in contract and the registry that finds writers by entry point.

A writer is any object with ``name``, ``suffix``, ``description`` and
``write(doc, style, path, options) -> WriteResult``. Built-in and third-party writers
register under the ``converter.writers`` entry-point group; importing a writer's module
must stay cheap, so heavy libraries are imported inside ``write``.
"""

from __future__ import annotations

import functools
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import Protocol, runtime_checkable

from converter.model import Document
from converter.styles import Style

GROUP = "converter.writers"


@dataclass
class WriteOptions:
    """Per-build knobs that are not layout (layout lives in the style sheet)."""

    embed_fonts: bool = False
    source_name: str = ""
    epoch: int | None = None  # SOURCE_DATE_EPOCH, or None for the fixed default


@dataclass
class WriteResult:
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)


@runtime_checkable
class Writer(Protocol):
    name: str
    suffix: str
    description: str

    def write(self, doc: Document, style: Style, path: Path, options: WriteOptions) -> WriteResult: ...


class UnknownWriter(LookupError):
    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(f"unknown writer {name!r}; known writers: {', '.join(known) or 'none'}")
        self.name, self.known = name, known


@functools.cache
def _registered() -> dict[str, EntryPoint]:
    """The group's entry points, read once (each scan walks every installed distribution)."""
    return {ep.name: ep for ep in entry_points(group=GROUP)}


def writer_names() -> list[str]:
    """Registered writer names, without importing any writer."""
    return sorted(_registered())


def load_writer(name: str) -> Writer:
    """Import and instantiate one writer; only its own module is imported."""
    ep = _registered().get(name)
    if ep is None:
        raise UnknownWriter(name, writer_names())
    factory: Callable[[], Writer] = ep.load()
    return factory()


def epoch(options: WriteOptions) -> int:
    """Timestamp for outputs: ``SOURCE_DATE_EPOCH`` when set, else a fixed date (2024-01-01)."""
    if options.epoch is not None:
        return options.epoch
    env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(env) if env.isdigit() else 1704067200


def _ordinary_permissions(path: Path) -> None:
    """mkstemp makes owner-only files; outputs get what a plain write would (0666 less the umask)."""
    umask = os.umask(0)
    os.umask(umask)
    path.chmod(0o666 & ~umask)


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it into place only on success."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # a short name whatever the target's length: a 244-byte stem must not fail for its temporary file
    fd, tmp_name = tempfile.mkstemp(prefix=".", suffix=target.suffix + ".part", dir=target.parent)
    tmp = Path(tmp_name)
    try:  # from the moment the file exists: a Ctrl-C or SIGTERM at any point must not leave it behind
        os.close(fd)
        _ordinary_permissions(tmp)
        yield tmp
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
