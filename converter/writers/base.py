"""The writer plug-in contract and the registry that finds writers by entry point.

A writer is any object with ``name``, ``suffix``, ``description`` and
``write(doc, style, path, options) -> WriteResult``. Built-in and third-party writers
register under the ``converter.writers`` entry-point group; importing a writer's module
must stay cheap, so heavy libraries are imported inside ``write``.
"""

from __future__ import annotations

import functools
import os
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import Protocol, runtime_checkable

from converter.i18n import _
from converter.styles import Style
from converter.tree.nodes import Document

GROUP = "converter.writers"


@dataclass
class WriteOptions:
    """Per-build knobs that are not layout (layout lives in the style sheet)."""

    embed_fonts: bool = False
    source_name: str = ""
    epoch: int | None = None  # an explicit build date (seconds since 1970); wins over everything
    source_mtime: int | None = None  # the input file's modification time: the date when nothing else says


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


# Dates every output format can carry: ZIP entries start in 1980 (DOCX, EPUB); 2099 keeps the
# PDF, ZIP and OPF date fields in range with room to spare.
EPOCH_MIN = 315532800  # 1980-01-01T00:00:00Z
EPOCH_MAX = 4102444799  # 2099-12-31T23:59:59Z
DEFAULT_EPOCH = 1704067200  # 2024-01-01, when neither SOURCE_DATE_EPOCH nor an input file gives a date


def build_date(options: WriteOptions) -> tuple[int, str | None]:
    """The outputs' timestamp and, when the asked-for one could not be used, a warning saying why.

    In order: ``options.epoch``, ``SOURCE_DATE_EPOCH`` (reproducible-builds.org), the input file's
    modification time, a fixed date. The same input therefore gives the same bytes on every
    rebuild, and the date means something. Dates outside 1980–2099 are clamped into it.
    """
    warning = None
    env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    chosen: int | None = options.epoch
    what = _("the build date")
    if chosen is None and env:
        what = f"SOURCE_DATE_EPOCH={env[:40]}"
        try:
            chosen = int(env)
        except ValueError:
            warning = _("{what} is not a whole number of seconds; ignored").format(what=what)
    if chosen is None:
        chosen, what = options.source_mtime, _("the input file's date")
    if chosen is None:
        return DEFAULT_EPOCH, warning
    clamped = min(max(chosen, EPOCH_MIN), EPOCH_MAX)
    if clamped != chosen:
        edge = "1980-01-01" if clamped == EPOCH_MIN else "2099-12-31"
        warning = _("{what} is outside 1980–2099; outputs are dated {edge}").format(what=what, edge=edge)
    return clamped, warning


def epoch(options: WriteOptions) -> int:
    """Timestamp for outputs (see ``build_date``)."""
    return build_date(options)[0]


def date_warnings(options: WriteOptions) -> list[str]:
    """The build-date warning, if any, for a writer's result."""
    warning = build_date(options)[1]
    return [warning] if warning else []


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it into place only on success.

    The name is chosen before the file exists and the file is made inside the ``try``, so a
    Ctrl-C or SIGTERM at any point, even the instant after it is created, never leaves it
    behind. Created with mode 0666 less the umask, as a plain write would.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    while True:  # a short name whatever the target's length: a 244-byte stem must not fail for it
        tmp = target.parent / f".{secrets.token_hex(6)}{target.suffix}.part"
        try:
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            break
        except FileExistsError:
            continue
        except BaseException:
            _remove(tmp)
            raise
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        _remove(tmp)


def _remove(path: Path) -> None:
    if path.exists():
        path.unlink()
