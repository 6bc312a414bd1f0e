"""The build: read each input once, hand the one tree to every chosen writer, write atomically.

Inputs are files, globs or folders of ``.txt``/``.json``. Outputs are named from the input's
file name, never from its text, and always land inside the output folder. Each output is
written to a temporary file and renamed into place, so a failure leaves no partial file and
keeps an earlier good one. One failing input never stops the others.
"""

from __future__ import annotations

import glob
import json
import os
import signal
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from converter.model import Document
from converter.reading import ReadError, Reading, Report, parse_file
from converter.styles import Style
from converter.writers.base import WriteOptions, atomic_path, load_writer

INPUT_SUFFIXES = (".txt", ".json")
Progress = Callable[[str, str], None]  # (input name, stage just done)


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
    error: str | None = None
    unreadable: bool = False
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


class UsageError(ValueError):
    """A mistake in how the command was called (exit status 2)."""


def expand_inputs(patterns: Iterable[str]) -> list[Path]:
    """Files as given, globs expanded, folders searched for .txt/.json; order kept, duplicates dropped."""
    found: list[Path] = []
    for pattern in patterns:
        path = Path(pattern)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES)
        elif glob.has_magic(pattern):
            matches = sorted(Path(p) for p in glob.glob(pattern, recursive=True))
            if not matches:
                raise UsageError(f"no file matches {pattern!r}")
            found += [p for p in matches if p.is_file()]
        else:
            found.append(path)
    unique: dict[Path, None] = {}
    for p in found:
        unique.setdefault(p, None)
    return list(unique)


def output_names(sources: list[Path]) -> dict[Path, str]:
    """A safe, unique output stem per input, taken from its file name only."""
    names: dict[Path, str] = {}
    used: set[str] = set()
    for source in sources:
        stem = source.name.rsplit(".", 1)[0] if "." in source.name else source.name
        stem = stem.strip().lstrip(".").replace("/", "_").replace("\\", "_") or "document"
        candidate, n = stem, 2
        # a stem must clash neither with another stem nor with another's NAME.report
        while {candidate.lower(), f"{candidate}.report".lower()} & used:
            candidate, n = f"{stem}-{n}", n + 1
        used |= {candidate.lower(), f"{candidate}.report".lower()}
        names[source] = candidate
    return names


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
        raise UsageError(f"cannot write to the output folder {out_dir}: {exc.strerror or exc}") from None


def read_source(path: Path) -> Reading:
    """A text file through the reading chain, or an outline JSON as `converter outline --json` prints it."""
    if path.suffix.lower() != ".json":
        return parse_file(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
        return Reading(Document.from_dict(data), Report(encoding="utf-8"))
    except FileNotFoundError:
        raise ReadError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ReadError(f"{path}: cannot read ({exc})") from None
    except json.JSONDecodeError as exc:
        raise ReadError(f"{path}: not valid JSON ({exc.msg}, line {exc.lineno})") from None
    except ValueError as exc:
        raise ReadError(f"{path}: not an outline tree ({exc})") from None


def build_one(
    source: Path,
    stem: str,
    formats: list[str],
    style: Style,
    out_dir: Path,
    options: WriteOptions,
    report: bool = False,
    progress: Progress | None = None,
) -> FileResult:
    """Read one input and write every format, one after another."""
    started = time.perf_counter()
    tell = progress or _silent
    result, reading = _read(source, stem, out_dir, report)
    tell(source.name, "read")
    for name in formats:
        if reading is not None:
            _add(result, name, write_format(reading.document, source, stem, name, style, out_dir, options))
        tell(source.name, name)
    result.seconds = time.perf_counter() - started
    return result


def write_format(
    doc: Document, source: Path, stem: str, name: str, style: Style, out_dir: Path, options: WriteOptions
) -> Output | str:
    """Write one format atomically; the Output, or the reason it failed (a worker returns, never raises)."""
    t0 = time.perf_counter()
    try:
        writer = load_writer(name)
        target = out_dir / f"{stem}{writer.suffix}"
        with atomic_path(target) as tmp:
            written = writer.write(
                doc, style, tmp, replace(options, source_name=source.name, source_mtime=int(source.stat().st_mtime))
            )
    except Exception as exc:  # one writer failing must not stop the others
        return f"{source}: {name} writer failed: {type(exc).__name__}: {exc}"
    return Output(name, target, target.stat().st_size, time.perf_counter() - t0, written.pages, written.warnings)


def _silent(_name: str, _stage: str) -> None:
    pass


# Ctrl-C reaches the worker processes too (they share the terminal's process group).
_in_task = False


def _worker_start() -> None:
    signal.signal(signal.SIGINT, _worker_interrupted)


def _worker_interrupted(_signum: int, _frame: object) -> None:
    """Mid-task, stop as the parent does: the task's temporary file is removed and the interrupt
    goes back to the parent. Between tasks, do nothing: the parent's shutdown ends the worker."""
    if _in_task:
        raise KeyboardInterrupt


def _pool_task(*args: Any) -> Output | str:
    """write_format in a worker, marked as running for _worker_interrupted."""
    global _in_task
    _in_task = True
    try:
        return write_format(*args)
    finally:
        _in_task = False


def _read(source: Path, stem: str, out_dir: Path, report: bool) -> tuple[FileResult, Reading | None]:
    result = FileResult(source)
    try:
        reading = read_source(source)
    except ReadError as exc:
        result.error, result.unreadable = str(exc), True
        return result, None
    if report:
        result.outputs.append(_write_report(reading.report, out_dir / f"{stem}.report.json"))
    return result, reading


def _add(result: FileResult, name: str, written: Output | str) -> None:
    if isinstance(written, str):
        result.error = written
        return
    result.outputs.append(written)
    result.warnings += [f"{name}: {w}" for w in written.warnings]


def _write_report(report: Report, target: Path) -> Output:
    t0 = time.perf_counter()
    with atomic_path(target) as tmp:
        tmp.write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return Output("report", target, target.stat().st_size, time.perf_counter() - t0)


def build_many(
    sources: list[Path],
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
    names = output_names(sources)
    tell = progress or _silent
    if jobs <= 1 or len(sources) * len(formats) <= 1:
        return [build_one(s, names[s], formats, style, out_dir, options, report, tell) for s in sources]
    results: dict[Path, FileResult] = {}
    started: dict[Path, float] = {}
    workers = min(jobs, len(sources) * len(formats))
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_start)
    try:
        futures = {}
        for source in sources:
            started[source] = time.perf_counter()
            results[source], reading = _read(source, names[source], out_dir, report)
            tell(source.name, "read")
            for name in formats:
                if reading is None:
                    tell(source.name, name)
                    continue
                args = (reading.document, source, names[source], name, style, out_dir, options)
                futures[pool.submit(_pool_task, *args)] = (source, name)
        for future in as_completed(futures):
            source, name = futures[future]
            try:
                written = future.result()
            except Exception as exc:  # a worker that died takes only its own task down
                written = f"{source}: {name}: {type(exc).__name__}: {exc}"
            _add(results[source], name, written)
            results[source].seconds = time.perf_counter() - started[source]
            tell(source.name, name)
    except BaseException:  # Ctrl-C: drop the tasks not started, let the running ones clean up
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    for result in results.values():  # completion order varies; the summary does not
        result.outputs.sort(key=lambda o: ["report", *formats].index(o.format))
    return [results[s] for s in sources]
