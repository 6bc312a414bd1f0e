"""The build: read each input once, hand the one tree to every chosen writer, write atomically.

Each output is written to a temporary file and renamed into place, so a failure leaves no
partial file and keeps an earlier good one. One failing input never stops the others; every
failure is kept. Its parts live beside it in converter/app/: finding and naming inputs (inputs.py), the
output folder (outdir.py), what a build reports (results.py), stopping on signals (stopping.py).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import replace
from pathlib import Path
from typing import Any

from converter import i18n
from converter.app.inputs import (
    INPUT_SUFFIXES,
    REPORT_SUFFIX,
    expand_inputs,
    max_input_bytes,
    output_names,
    read_input_bytes,
    read_source,
    read_stream,
    resolved,
)
from converter.app.outdir import check_output_dir, locked_output_dir
from converter.app.results import FileResult, Input, Notice, Output, Progress, Stopped, UsageError
from converter.app.stopping import (
    STOP_SIGNALS,
    running_task,
    stop_if_asked,
    stop_on_signals,
    stop_pending,
    worker_start,
)
from converter.i18n import _
from converter.model import Document
from converter.reading import ReadError, Reading, Report
from converter.styles import Style
from converter.writers.base import WriteOptions, atomic_path, load_writer

# the build's names in one place, for the CLI, the API, the cluster and the web page
__all__ = [
    "INPUT_SUFFIXES",
    "REPORT_SUFFIX",
    "STOP_SIGNALS",
    "FileResult",
    "Input",
    "Notice",
    "Output",
    "Progress",
    "Stopped",
    "UsageError",
    "build_many",
    "build_one",
    "check_output_dir",
    "dated",
    "expand_inputs",
    "locked_output_dir",
    "max_input_bytes",
    "note_shortened",
    "output_names",
    "read_input",
    "read_input_bytes",
    "read_source",
    "read_stream",
    "reader_notices",
    "stop_on_signals",
    "write_format",
    "writer_notice",
]

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
    stop_if_asked()
    try:
        writer = load_writer(name)
        target = out_dir / f"{stem}{writer.suffix}"
        if resolved(target) == resolved(source):  # a .docx input built into its own folder
            return _("{path}: the {format} output would overwrite the input; choose another folder with -o").format(
                path=source, format=name
            )
        with contextlib.redirect_stdout(sys.stderr), atomic_path(target) as tmp:
            written = writer.write(doc, style, tmp, replace(options, source_name=source.name))
    except Exception as exc:  # one writer failing must not stop the others
        if (signum := stop_pending()) is not None:
            raise Stopped(signum) from None
        return _("{path}: {format} writer failed: {reason}").format(
            path=source, format=name, reason=f"{type(exc).__name__}: {exc}"
        )
    stop_if_asked()  # a library that swallowed the interrupt whole (`except: pass`) finished: stop now
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


def _pool_task(*args: Any) -> Output | str:
    """write_format in a worker, marked as running so a stop cleans up."""
    with running_task():
        return write_format(*args)


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


def writer_notice(fmt: str, message: str) -> Notice:
    """A writer's warning as a Notice; a font stand-in gets its own code (the fix is the same everywhere)."""
    code = getattr(message, "code", "writer")  # converter.coded.Coded
    return Notice(code, message.removeprefix(f"{fmt}: ").removeprefix(f"{fmt.upper()}: "), None, fmt)


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
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(i18n.LANGUAGE,))
    try:
        futures = {}
        for source in items:
            stop_if_asked()  # a stop swallowed where it landed (see _quiet_unraisable) acts here
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
            stop_if_asked()
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


def _start_worker(language: str) -> None:
    """A pool worker speaks the caller's language (a spawned one starts afresh: the API may have
    chosen it with ``i18n.use``), then stops cleanly on signals."""
    i18n.use(language)
    worker_start()


def _tell_workers(pool: ProcessPoolExecutor) -> None:
    """Pass the stop on: SIGTERM reaches only the parent, and a Ctrl-C only the terminal's group."""
    if sys.platform == "win32":  # pragma: no cover
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(OSError):
            os.kill(process.pid, signal.SIGINT)
