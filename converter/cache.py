"""An on-disk cache for facts that are slow to read and belong to one file, such as a font's glyph tables.

Reading the glyph tables of a CJK font costs 30–90 ms a face in every process, and checking a
system font's names needs fontTools (50 ms to import) on top. Such facts depend only on the
file, so they are kept between runs, keyed by the file's path, size and modification time (as
Python keys its own .pyc files) plus the versions of whatever read them. The cache only saves
time: an entry that cannot be read is computed again, and one that cannot be written is skipped.
Values are stored with ``marshal`` (plain data only, nothing that runs code on loading) behind a
digest of the entry's identity and bytes, so a truncated, corrupt or foreign file is a miss, never
a wrong value; only regular files up to ``MAX_ENTRY_BYTES`` are read, so a folder, a FIFO or a
link to ``/dev/zero`` in the cache is a miss too, never a hang.

Environment: ``CONVERTER_CACHE_DIR`` (default: the platform's user cache folder),
``CONVERTER_NO_CACHE=1`` to compute everything afresh.
"""

from __future__ import annotations

import gc
import hashlib
import marshal
import os
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from converter import __version__

T = TypeVar("T")
_FORMAT = 2  # bump when the layout of any cached value or of the entry changes
_MAGIC = b"converter-cache\n"
_DIGEST = 32
MAX_ENTRY_BYTES = 64 << 20  # the largest entry, a CJK font's glyph tables, is a few megabytes


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
    """``compute()``'s value for ``key``, from the cache when an entry is there and sound."""
    if not enabled():
        return compute()
    ident = repr((_FORMAT, kind, key, __version__, sys.version_info[:2])).encode()
    entry: Path | None = None
    try:
        entry = cache_dir() / kind / f"{hashlib.sha256(ident).hexdigest()[:32]}.marshal"
        payload = _read_entry(entry, ident)
        if payload is not None:
            return _load(payload)
    except Exception:  # anything odd about an entry or the cache folder is a miss, never a failure
        pass
    value = compute()
    if entry is not None:
        _store(entry, ident, value)
    return value


def _digest(ident: bytes, payload: bytes) -> bytes:
    return hashlib.blake2b(payload, digest_size=_DIGEST, key=hashlib.sha256(ident).digest()).digest()


def _read_entry(entry: Path, ident: bytes) -> bytes | None:
    """The entry's payload if it is a regular file of sane size whose digest matches; else None."""
    try:  # non-blocking: opening a FIFO for reading would otherwise wait for a writer
        fd = os.open(entry, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES:
            return None
        data = fh.read(info.st_size + 1)  # bounded even if the file grows meanwhile
    head = len(_MAGIC) + _DIGEST
    if len(data) != info.st_size or len(data) < head or not data.startswith(_MAGIC):
        return None
    payload = data[head:]
    return payload if data[len(_MAGIC) : head] == _digest(ident, payload) else None


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


def _store(entry: Path, ident: bytes, value: object) -> None:
    try:
        payload = marshal.dumps(value)
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(_MAGIC + _digest(ident, payload) + payload)
            os.replace(tmp, entry)  # another process writing the same entry writes the same bytes
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except Exception:
        pass  # a read-only home, a full disk or an unmarshallable value only costs time
