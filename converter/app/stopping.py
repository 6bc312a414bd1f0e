"""Stopping: Ctrl-C (SIGINT) and SIGTERM stop a build the same way, in the parent and in workers.

Running writers remove their temporary files, workers are told and stopped, and
:class:`~converter.app.results.Stopped` reaches the caller (exit 130 or 143). Workers also stop
when their parent process dies.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

from converter.app.results import Stopped

_stop_pending: int | None = None  # the signal that asked this process to stop, once one has
_in_task = False  # a worker is running a task (between tasks there is nothing to clean up)
STOP_SIGNALS = tuple(s for s in (signal.SIGINT, getattr(signal, "SIGTERM", None)) if s is not None)


def stop_pending() -> int | None:
    """The signal that asked this process to stop, or None."""
    return _stop_pending


def stop_if_asked() -> None:
    """Raise the pending stop: where a stop swallowed by a library or a callback acts."""
    if _stop_pending is not None:
        raise Stopped(_stop_pending)


@contextlib.contextmanager
def running_task() -> Iterator[None]:
    """Mark a worker as mid-task, so a stop raises there (its temporary file is removed)."""
    global _in_task
    stop_if_asked()  # queued before the stop reached this worker
    _in_task = True
    try:
        yield
    finally:
        _in_task = False


def _stop(signum: int, _frame: object) -> None:
    """In the parent: remember the stop, raise it where the build is (temporary files are removed)."""
    global _stop_pending
    first = _stop_pending is None
    _stop_pending = signum
    if first:
        raise Stopped(signum)


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """SIGINT and SIGTERM raise :class:`Stopped` while the build runs (main thread only)."""
    global _stop_pending
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _stop_pending = None
    previous = {s: signal.signal(s, _stop) for s in STOP_SIGNALS}
    hook, sys.unraisablehook = sys.unraisablehook, _quiet_unraisable
    try:
        yield
    finally:
        sys.unraisablehook = hook
        for s, handler in previous.items():
            signal.signal(s, handler)


def _quiet_unraisable(unraisable: Any) -> None:
    """A stop that lands in a weakref callback or ``__del__`` cannot propagate; Python would print
    its traceback. The stop is not lost: it is pending, and the next ``stop_if_asked`` raises it."""
    if isinstance(unraisable.exc_value, Stopped):
        return
    sys.__unraisablehook__(unraisable)


def worker_start() -> None:
    """A pool worker's initializer: stop cleanly on signals and when the parent dies."""
    sys.unraisablehook = _quiet_unraisable
    for s in STOP_SIGNALS:
        signal.signal(s, _worker_interrupted)
    parent = os.getppid()
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    """A worker whose parent died (kill -9, a crashed terminal) stops, cleaning up, instead of
    running on under init and holding the caller's pipes open."""
    while os.getppid() == parent:
        time.sleep(0.5)
    with contextlib.suppress(OSError):
        os.kill(os.getpid(), signal.SIGTERM)
    deadline = time.monotonic() + 30
    while _in_task and time.monotonic() < deadline:  # the task is removing its temporary file (or, if a
        time.sleep(0.1)  # library swallowed the stop, finishing its output)
    os._exit(143)  # then go, whatever the pool would wait for


def _worker_interrupted(signum: int, _frame: object) -> None:
    """Mid-task, stop as the parent does: the task's temporary file is removed and the stop goes
    back to the parent. Between tasks, or a second signal while stopping: nothing to do here."""
    global _stop_pending
    first = _stop_pending is None
    _stop_pending = signum
    if _in_task and first:
        raise Stopped(signum)
    if not _in_task and signum != signal.SIGINT:
        os._exit(128 + signum)  # idle worker told to stop: nothing to clean up
