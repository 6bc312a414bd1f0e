"""The build: read each input once, hand the one tree to every chosen writer, write atomically.

Inputs are files, globs, folders of ``.txt``/``.json``, or standard input. Outputs are named
from the input's file name, never from its text, and always land inside the output folder;
files found in a sub-folder keep that sub-folder under it. Each output is written to a
temporary file and renamed into place, so a failure leaves no partial file and keeps an
earlier good one. One failing input never stops the others; every failure is kept.

Stopping: Ctrl-C (SIGINT) and SIGTERM both stop the build the same way: running writers
remove their temporary files, workers are told and stopped, and :class:`Stopped` reaches
the caller (exit 130 or 143). Workers also stop when their parent process dies.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import re
import signal
import stat
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from converter.fonts.glyphs import bundled_uncovered
from converter.i18n import _
from converter.model import Document
from converter.reading import SUFFIXES, ReadError, Reading, Report, parse_bytes
from converter.styles import Style
from converter.writers.base import WriteOptions, atomic_path, load_writer

INPUT_SUFFIXES = (*SUFFIXES, ".json")  # text, Markdown, DOCX and what LibreOffice converts
REPORT_SUFFIX = ".report.json"
DEFAULT_MAX_INPUT_MB = 200  # a text file past this is almost surely not a document; CONVERTER_MAX_INPUT_MB moves it
NAME_MAX = 255  # bytes in one file name on every common file system
LONGEST_SUFFIX = len(REPORT_SUFFIX)  # the longest thing added to a stem (.report.json; .docx/.epub are shorter)
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


# --- finding inputs -----------------------------------------------------------------------------


def expand_inputs(patterns: Iterable[str], out_dir: Path | None = None) -> list[Input]:
    """Files as given, globs expanded, folders searched for .txt/.json; order kept, duplicates dropped.

    An argument that names an existing file is that file, even when it looks like a glob
    (``report [final].txt``). Searching a folder or a glob skips the output folder and the
    files a build writes (outlines, ``*.report.json``), so a re-run never reads its own outputs.
    A folder that cannot be read becomes an Input with an ``error``, never a silent gap.
    """
    skip = _OwnOutputs(out_dir)
    found: list[Input] = []
    for pattern in patterns:
        path = Path(pattern)
        if path.is_dir():
            found += _walk(path, skip)
        elif not path.exists() and glob.has_magic(pattern):
            base = _glob_base(pattern)
            matches = sorted(Path(p) for p in glob.glob(pattern, recursive=True))
            if not matches:
                raise UsageError(_("no file matches {pattern}").format(pattern=repr(pattern)))
            found += [Input(p, _relative_folder(p, base)) for p in matches if p.is_file() and not skip(p, base)]
        else:
            found.append(Input(path))
    unique: dict[Path, Input] = {}
    for item in found:
        unique.setdefault(item.path, item)
    return list(unique.values())


class _OwnOutputs:
    """Whether a file found by searching ``root`` is something a build wrote."""

    def __init__(self, out_dir: Path | None) -> None:
        self.out_dir = _resolved(out_dir) if out_dir is not None else None

    def _inside(self, folder: Path) -> bool:
        here = _resolved(folder)
        return self.out_dir is not None and (here == self.out_dir or self.out_dir in here.parents)

    def folder(self, folder: Path, root: Path) -> bool:
        """The output folder, unless the search started inside it (then only its files are judged)."""
        return self._inside(folder) and not self._inside(root)

    def __call__(self, path: Path, root: Path) -> bool:
        name = path.name.lower()
        if name.endswith(REPORT_SUFFIX):
            return True
        if not self._inside(path.parent):
            return False
        if not self._inside(root):
            return True
        # searching the output folder on purpose: an outline beside its .txt is ours
        return name.endswith(".json") and path.with_suffix(".txt").exists()


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


def _walk(root: Path, skip: _OwnOutputs) -> list[Input]:
    """os.walk, not Path.rglob: rglob drops folders it cannot read without a word."""
    problems: list[Input] = []

    def unreadable(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else root
        reason = exc.strerror or str(exc)
        message = _("{path}: cannot read this folder ({reason})").format(path=where, reason=reason)
        problems.append(Input(where, _relative_folder(where, root), error=message))

    found: list[Input] = []
    for folder, dirs, files in os.walk(root, onerror=unreadable):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not skip.folder(here / d, root))
        for name in sorted(files):
            path = here / name
            if path.suffix.lower() in INPUT_SUFFIXES and not skip(path, root):
                found.append(Input(path, here.relative_to(root)))
    return found + problems


def _glob_base(pattern: str) -> Path:
    """The folder a glob searches from: its leading parts without wildcards."""
    parts = Path(pattern).parts
    base: list[str] = []
    for part in parts[:-1]:
        if glob.has_magic(part):
            break
        base.append(part)
    return Path(*base) if base else Path()


def _relative_folder(path: Path, base: Path) -> Path:
    try:
        return path.parent.relative_to(base)
    except ValueError:
        return Path()


# --- naming outputs -----------------------------------------------------------------------------


def output_names(sources: list[Input]) -> dict[Input, tuple[str, bool]]:
    """A safe, unique output stem per input (``folder/stem``), from its file name only, and
    whether the name had to be shortened to fit the file system's limit."""
    names: dict[Input, tuple[str, bool]] = {}
    used: set[str] = set()
    for source in sources:
        name = source.path.name
        stem = name.rsplit(".", 1)[0] if "." in name else name
        stem = stem.strip().lstrip(".").replace("/", "_").replace("\\", "_") or "document"
        stem, shortened = _fit(stem, NAME_MAX - LONGEST_SUFFIX)
        folder = "/".join(_safe_part(p) for p in source.folder.parts)
        prefix = f"{folder}/" if folder else ""
        candidate, n = stem, 2
        # a stem must clash neither with another stem nor with another's NAME.report
        while {f"{prefix}{candidate}".lower(), f"{prefix}{candidate}.report".lower()} & used:
            suffix = f"-{n}"
            fitted, cut = _fit(stem, NAME_MAX - LONGEST_SUFFIX - len(suffix))
            candidate, n, shortened = fitted + suffix, n + 1, shortened or cut
        used |= {f"{prefix}{candidate}".lower(), f"{prefix}{candidate}.report".lower()}
        names[source] = (prefix + candidate, shortened)
    return names


def _safe_part(part: str) -> str:
    return part.strip().lstrip(".").replace("\\", "_") or "_"


def _fit(stem: str, limit: int) -> tuple[str, bool]:
    """``stem`` cut to ``limit`` UTF-8 bytes on a character boundary."""
    data = stem.encode("utf-8", "surrogateescape")
    if len(data) <= limit:
        return stem, False
    return data[:limit].decode("utf-8", "ignore").rstrip() or "document", True


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

        key = hashlib.sha1(str(_resolved(out_dir)).lower().encode()).hexdigest()[:16]
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


# --- reading ------------------------------------------------------------------------------------


def max_input_bytes() -> int:
    """The input size cap: CONVERTER_MAX_INPUT_MB (a number of megabytes), else the default."""
    value = os.environ.get("CONVERTER_MAX_INPUT_MB", "").strip()
    try:
        megabytes = float(value) if value else DEFAULT_MAX_INPUT_MB
    except ValueError:
        megabytes = DEFAULT_MAX_INPUT_MB
    return max(1, int(megabytes * 1024 * 1024))


def _too_big(label: object, limit: int) -> ReadError:
    return ReadError(
        _("{path}: larger than {mb} MB; set CONVERTER_MAX_INPUT_MB to a larger number to read it anyway").format(
            path=label, mb=limit // (1024 * 1024)
        )
    )


def read_input_bytes(path: Path) -> bytes:
    """The file's bytes, refusing anything that is not an ordinary file (a FIFO would block,
    /dev/zero never ends) and anything past the size cap."""
    limit = max_input_bytes()
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ReadError(_("{path}: no such file").format(path=path)) from None
    except OSError as exc:
        raise ReadError(_("{path}: cannot read ({reason})").format(path=path, reason=exc.strerror or exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise ReadError(_("{path}: is a folder, not a file").format(path=path))
    if not stat.S_ISREG(info.st_mode):
        raise ReadError(
            _(
                "{path}: not an ordinary file (a pipe, device or socket); save the text to a file, or pipe it to "
                "`converter build -`"
            ).format(path=path)
        )
    if info.st_size > limit:
        raise _too_big(path, limit)
    try:
        with open(path, "rb") as f:
            data = f.read(limit + 1)
    except OSError as exc:
        raise ReadError(_("{path}: cannot read ({reason})").format(path=path, reason=exc.strerror or exc)) from None
    if len(data) > limit:
        raise _too_big(path, limit)
    return data


def read_stream(stream: Any, name: str) -> bytes:
    """Standard input, bounded by the same cap as files."""
    limit = max_input_bytes()
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise _too_big(name, limit)
    return data


def read_source(source: Path | Input) -> Reading:
    """A text file through the reading chain, or an outline JSON as `converter outline --json` prints it."""
    item = source if isinstance(source, Input) else Input(Path(source))
    path = item.path
    data = item.data if item.data is not None else read_input_bytes(path)
    if path.suffix.lower() != ".json":
        try:
            # the reader knows no fonts: hand it the coverage check
            return parse_bytes(data, encoding=item.encoding, uncovered=bundled_uncovered, name=path.name)
        except ReadError as exc:
            raise ReadError(f"{path}: {exc}") from None
    try:
        return Reading(Document.from_json(data), Report(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise ReadError(_("{path}: cannot read ({reason})").format(path=path, reason=exc)) from None
    except json.JSONDecodeError as exc:
        raise ReadError(
            _("{path}: not valid JSON ({reason}, line {line})").format(path=path, reason=exc.msg, line=exc.lineno)
        ) from None
    except (ValueError, TypeError, RecursionError) as exc:
        raise ReadError(_("{path}: not an outline tree ({reason})").format(path=path, reason=exc)) from None


# --- writing ------------------------------------------------------------------------------------


def build_one(
    source: Path | Input,
    stem: str,
    formats: list[str],
    style: Style,
    out_dir: Path,
    options: WriteOptions,
    report: bool = False,
    progress: Progress | None = None,
) -> FileResult:
    """Read one input and write every format, one after another."""
    item = source if isinstance(source, Input) else Input(Path(source))
    started = time.perf_counter()
    tell = progress or _silent
    result, reading = read_input(item, stem, out_dir, report)
    tell(str(item.path), "read")
    for name in formats:
        if reading is not None:
            written = write_format(reading.document, item.path, stem, name, style, out_dir, dated(item, options))
            _add(result, name, written)
        tell(str(item.path), name)
    result.seconds = time.perf_counter() - started
    return result


def write_format(
    doc: Document, source: Path, stem: str, name: str, style: Style, out_dir: Path, options: WriteOptions
) -> Output | str:
    """Write one format atomically; the Output, or the reason it failed (a worker returns, never raises).

    Standard output is kept for the CLI's own (JSON) output: anything a library prints goes
    to standard error. A writer failure while a stop is pending is the stop (reportlab's bare
    ``except:`` turns KeyboardInterrupt into TypeError), never a writer failure.
    """
    t0 = time.perf_counter()
    _stop_if_asked()
    try:
        writer = load_writer(name)
        target = out_dir / f"{stem}{writer.suffix}"
        if _resolved(target) == _resolved(source):  # a .docx input built into its own folder
            return _("{path}: the {format} output would overwrite the input; choose another folder with -o").format(
                path=source, format=name
            )
        with contextlib.redirect_stdout(sys.stderr), atomic_path(target) as tmp:
            written = writer.write(doc, style, tmp, replace(options, source_name=source.name))
    except Exception as exc:  # one writer failing must not stop the others
        if _stop_pending is not None:
            raise Stopped(_stop_pending) from None
        return _("{path}: {format} writer failed: {reason}").format(
            path=source, format=name, reason=f"{type(exc).__name__}: {exc}"
        )
    _stop_if_asked()  # a library that swallowed the interrupt whole (`except: pass`) finished: stop now
    return Output(name, target, target.stat().st_size, time.perf_counter() - t0, written.pages, written.warnings)


def dated(item: Input, options: WriteOptions) -> WriteOptions:
    """The options with the input file's modification time: the outputs' date when SOURCE_DATE_EPOCH is unset,
    so a rebuild is byte-identical and the date means something (standard input has none)."""
    if item.data is not None:
        return options
    try:
        return replace(options, source_mtime=int(item.path.stat().st_mtime))
    except OSError:
        return options


def _silent(_name: str, _stage: str) -> None:
    pass


def _stop_if_asked() -> None:
    if _stop_pending is not None:
        raise Stopped(_stop_pending)


# --- stopping: Ctrl-C and SIGTERM, in the parent and in workers ----------------------------------

_stop_pending: int | None = None  # the signal that asked this process to stop, once one has
_in_task = False  # a worker is running a task (between tasks there is nothing to clean up)
STOP_SIGNALS = tuple(s for s in (signal.SIGINT, getattr(signal, "SIGTERM", None)) if s is not None)


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
    its traceback. The stop is not lost: it is pending, and write_format raises it after the write."""
    if isinstance(unraisable.exc_value, Stopped):
        return
    sys.__unraisablehook__(unraisable)


def _worker_start() -> None:
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


def _pool_task(*args: Any) -> Output | str:
    """write_format in a worker, marked as running for _worker_interrupted."""
    global _in_task
    _stop_if_asked()  # queued before the stop reached this worker
    _in_task = True
    try:
        return write_format(*args)
    finally:
        _in_task = False


def read_input(source: Input, stem: str, out_dir: Path, report: bool) -> tuple[FileResult, Reading | None]:
    """Read one input into its FileResult (errors, the reader's notices, NAME.report.json when asked) and
    the Reading, or None when it cannot be read; a cluster's tasks read through it too."""
    result = FileResult(source.path)
    if source.error:
        result.errors.append(Notice("folder-unreadable", source.error))
        return result, None
    try:
        reading = read_source(source)
    except ReadError as exc:
        result.errors.append(Notice("unreadable", str(exc)))
        result.unreadable = True
        return result, None
    result.notices += reader_notices(reading.report)
    if report:
        result.outputs.append(_write_report(reading.report, out_dir / f"{stem}{REPORT_SUFFIX}"))
    return result, reading


def reader_notices(report: Report) -> list[Notice]:
    """The reader's warnings, and one notice for what it removed as artefacts (page numbers,
    running headers): the lines are named, `converter check` shows each."""
    notices = [Notice(w.kind, w.message, w.line) for w in report.warnings]
    removed = [c for c in report.changes if c.kind == "artefact"]
    if removed:
        lines = sorted({c.line for c in removed})
        shown = ", ".join(map(str, lines[:8])) + (", …" if len(lines) > 8 else "")
        message = _("removed {n} page number(s), running header(s) or form feed(s): lines {lines}")
        notices.append(Notice("artefact", message.format(n=len(removed), lines=shown), lines[0]))
    return notices


def _add(result: FileResult, name: str, written: Output | str) -> None:
    if isinstance(written, str):
        result.errors.append(Notice("writer-failed", written, None, name))
        return
    result.outputs.append(written)
    result.notices += [writer_notice(name, w) for w in written.warnings]


_SUBSTITUTION = re.compile(r"^(\w+): no \S+ font found; using .+ instead$")


def writer_notice(fmt: str, message: str) -> Notice:
    """A writer's warning as a Notice; a font stand-in gets its own code (the fix is the same everywhere)."""
    message = message.removeprefix(f"{fmt}: ")
    match = _SUBSTITUTION.match(message)
    return Notice("font-substitution" if match else "writer", message, None, fmt)


def _write_report(report: Report, target: Path) -> Output:
    t0 = time.perf_counter()
    with atomic_path(target) as tmp:
        tmp.write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return Output("report", target, target.stat().st_size, time.perf_counter() - t0)


def build_many(
    sources: list[Input] | list[Path],
    formats: list[str],
    style: Style,
    out_dir: Path,
    options: WriteOptions,
    jobs: int,
    report: bool = False,
    progress: Progress | None = None,
) -> list[FileResult]:
    """Build every input. With ``jobs`` > 1 each (input, format) is a task for a worker process.

    Inputs are read here, once each (reading is quick); the writers, which are not, run
    side by side, so even a single input gets its DOCX, PDF and EPUB written in parallel.
    ``progress(name, stage)`` is told each time a stage of an input is done.
    """
    items = [s if isinstance(s, Input) else Input(Path(s)) for s in sources]
    names = output_names(items)
    tell = progress or _silent
    with stop_on_signals():
        if jobs <= 1 or len(items) * len(formats) <= 1:
            results = []
            for s in items:
                stem, shortened = names[s]
                results.append(build_one(s, stem, formats, style, out_dir, options, report, tell))
                note_shortened(results[-1], stem, shortened)
            return results
        return _build_in_pool(items, names, formats, style, out_dir, options, jobs, report, tell)


def note_shortened(result: FileResult, stem: str, shortened: bool) -> None:
    if shortened:
        result.notices.append(
            Notice(
                "name-shortened",
                _("the file name is too long for an output name; outputs are named {stem}.*").format(stem=stem),
            )
        )


def _build_in_pool(
    items: list[Input],
    names: dict[Input, tuple[str, bool]],
    formats: list[str],
    style: Style,
    out_dir: Path,
    options: WriteOptions,
    jobs: int,
    report: bool,
    tell: Progress,
) -> list[FileResult]:
    results: dict[Input, FileResult] = {}
    started: dict[Input, float] = {}
    workers = min(jobs, len(items) * len(formats))
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_start)
    try:
        futures = {}
        for source in items:
            _stop_if_asked()  # a stop swallowed where it landed (see _quiet_unraisable) acts here
            stem, shortened = names[source]
            started[source] = time.perf_counter()
            results[source], reading = read_input(source, stem, out_dir, report)
            note_shortened(results[source], stem, shortened)
            tell(str(source.path), "read")
            for name in formats:
                if reading is None:
                    tell(str(source.path), name)
                    continue
                args = (reading.document, source.path, stem, name, style, out_dir, dated(source, options))
                futures[pool.submit(_pool_task, *args)] = (source, name)
        for future in as_completed(futures):
            _stop_if_asked()
            source, name = futures[future]
            try:
                written = future.result()
            except Stopped:
                raise
            except Exception as exc:  # a worker that died takes only its own task down
                written = _("{path}: {format} writer failed: {reason}").format(
                    path=source.path, format=name, reason=f"{type(exc).__name__}: {exc}"
                )
            _add(results[source], name, written)
            results[source].seconds = time.perf_counter() - started[source]
            tell(str(source.path), name)
    except BaseException:  # a stop: drop the tasks not started, tell the running ones, wait for their clean-up
        _tell_workers(pool)
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    for result in results.values():  # completion order varies; the summary does not
        result.outputs.sort(key=lambda o: ["report", *formats].index(o.format))
    return [results[s] for s in items]


def _tell_workers(pool: ProcessPoolExecutor) -> None:
    """Pass the stop on: SIGTERM reaches only the parent, and a Ctrl-C only the terminal's group."""
    if sys.platform == "win32":  # pragma: no cover
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(OSError):
            os.kill(process.pid, signal.SIGINT)
