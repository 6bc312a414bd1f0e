"""The output folder: checked before any work, and locked so two builds never write into it at once."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from converter.app.inputs import resolved
from converter.app.results import UsageError
from converter.i18n import _

# --- the output folder --------------------------------------------------------------------------


def check_output_dir(out_dir: Path) -> None:
    """Fail early, with the reason, when the output folder cannot be written.

    A folder that does not exist yet is not made here: the first output makes it, so a
    run whose inputs all fail leaves no empty folder behind. Its nearest existing parent
    is probed instead.
    """
    target = out_dir
    while not target.exists() and target.parent != target:
        target = target.parent
    try:
        if not target.is_dir():
            raise NotADirectoryError(20, "not a folder", str(target))
        probe = target / f".converter-probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise UsageError(
            _("cannot write to the output folder {folder}: {reason}").format(folder=out_dir, reason=exc.strerror or exc)
        ) from None


@contextlib.contextmanager
def locked_output_dir(out_dir: Path) -> Iterator[None]:
    """Hold the output folder for this run: a second build into it is refused, not mixed in.

    The folder is made if needed (and removed again if the run leaves it empty); the lock is
    the operating system's (flock on the folder, a lock file in the temporary folder on
    Windows), so a killed build never leaves a stale lock behind.
    """
    made = [out_dir, *out_dir.parents]
    made = made[: next(i for i, folder in enumerate(made) if folder.exists() or folder == folder.parent)]
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(
            _("cannot write to the output folder {folder}: {reason}").format(folder=out_dir, reason=exc.strerror or exc)
        ) from None
    release = _lock(out_dir)
    try:
        yield
    finally:
        release()
        for folder in made:  # the folders made for the lock, deepest first, if the run left them empty
            try:
                folder.rmdir()
            except OSError:
                break


def _lock(out_dir: Path) -> Callable[[], None]:
    busy = UsageError(
        _(
            "another converter build is writing into {folder}; wait for it to finish or choose another folder with -o"
        ).format(folder=out_dir)
    )
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import hashlib
        import msvcrt
        import tempfile

        key = hashlib.sha1(str(resolved(out_dir)).lower().encode()).hexdigest()[:16]
        handle = open(Path(tempfile.gettempdir()) / f"converter-{key}.lock", "a+b")  # noqa: SIM115
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            handle.close()
            raise busy from None
        return handle.close
    import fcntl

    fd = os.open(out_dir, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise busy from None
    return lambda: os.close(fd)
