"""An on-disk cache for facts that are slow to read and belong to one file, such as a font's glyph tables.

Reading the glyph tables of a CJK font costs 30–90 ms a face in every process, and checking a
system font's names needs fontTools (50 ms to import) on top. Such facts depend only on the
file, so they are kept between runs, keyed by the file's path, size and modification time (as
Python keys its own .pyc files) plus the versions of whatever read them. The cache only saves
time: an entry that cannot be read is computed again, and one that cannot be written is skipped.
Values are stored with ``marshal`` (plain data only, nothing that runs code on loading).

Environment: ``CONVERTER_CACHE_DIR`` (default: the platform's user cache folder),
``CONVERTER_NO_CACHE=1`` to compute everything afresh.
"""

from __future__ import annotations

import gc
import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from converter import __version__

T = TypeVar("T")
_FORMAT = 1  # bump when the layout of any cached value changes


def enabled() -> bool:
    return os.environ.get("CONVERTER_NO_CACHE", "").strip().lower() not in ("1", "true", "yes", "on")


def cache_dir() -> Path:
    """Where entries live: CONVERTER_CACHE_DIR, else the platform's cache folder for converter."""
    configured = os.environ.get("CONVERTER_CACHE_DIR", "").strip()
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("converter", appauthor=False))


def file_key(path: Path) -> tuple[str, int, int]:
    """A file's identity for the cache: absolute path, size and modification time in ns."""
    stat = path.stat()
    return str(path.resolve()), stat.st_size, stat.st_mtime_ns


def cached(kind: str, key: tuple[object, ...], compute: Callable[[], T]) -> T:
    """``compute()``'s value for ``key``, from the cache when an entry is there and readable."""
    if not enabled():
        return compute()
    ident = repr((_FORMAT, kind, key, __version__, sys.version_info[:2]))
    entry = cache_dir() / kind / f"{hashlib.sha256(ident.encode()).hexdigest()[:32]}.marshal"
    try:
        return _load(entry.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        pass
    value = compute()
    _store(entry, value)
    return value


def _load(data: bytes) -> Any:
    """Unmarshal with the cyclic GC paused: a glyph table is ~100k small containers, none of them garbage,
    and the collector would otherwise walk them several times over (half the load time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return marshal.loads(data)
    finally:
        if was_enabled:
            gc.enable()


def _store(entry: Path, value: object) -> None:
    try:
        data = marshal.dumps(value)
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, entry)  # another process writing the same entry writes the same bytes
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except (OSError, ValueError):
        pass  # a read-only home or an unmarshallable value only costs time
