"""Big batches on a Dask cluster: the local build's work as Dask tasks, on many machines.

``build_on_cluster`` is ``pipeline.build_many`` with a Dask scheduler address in place of a
number of jobs: ``local`` / ``local:N`` starts a LocalCluster of N worker processes on this
machine, ``tcp://HOST:PORT`` (or any Dask address) connects to a running scheduler.

A task is pure: it gets the input's bytes (or an fsspec URL a worker can read), its formats,
the Style object and the write options (dated as locally), reads and writes with the very code
of a local build (``pipeline.read_input`` and ``write_format``), and returns the outputs' bytes, or,
for an fsspec output folder, uploads them under temporary names. A big batch has one task per
input (read once, every format written), sent in chunks of a few inputs (``chunk_size``); a small
one a task per (input, format), so that a few inputs still keep every worker busy
(``tasks_per_input``). Only this process ever
gives an output its final name, once per name, so a task Dask ran twice (a worker lost
mid-run, a retry) cannot write an output twice. Workers must run the same converter and
the same fonts as this process; that is checked on connect and again by every task.
How to run a cluster: the README's "Big batches on a Dask cluster".
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import re
import signal
import tempfile
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from converter import __version__, i18n
from converter.app import pipeline
from converter.app.pipeline import FileResult, Input, Notice, Output, Progress, UsageError
from converter.i18n import _
from converter.reading import ReadError
from converter.styles import Style
from converter.writers.base import WriteOptions, atomic_path

PER_INPUT_FROM = 4  # inputs per worker thread from which one task writes all of an input's formats
CHUNK_MAX = 8  # inputs (or (input, format) tasks) sent to a worker as one Dask task, at most
CHUNKS_PER_THREAD = 8  # Dask tasks per worker thread, at least, when there are inputs enough
RETRIES = 2  # a task that raised (an fsspec read or upload failing) is tried this many more times
CONNECT_TIMEOUT = 20  # seconds to reach a scheduler
REPORT = "report"  # the pseudo-format for NAME.report.json
# For LocalClusters: Dask's sampling profiler costs our short tasks about a tenth of their CPU time,
# and its monitors, polled 10-50 times a second, a tenth of a core on a small machine; on a
# shared machine the run is not the place to watch them closely (bench/bench_cluster.py).
LOCAL_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.admin.tick.interval": "200ms",
    # without MALLOC_TRIM_THRESHOLD_=65536: glibc handing memory back after every task costs us page faults
    "distributed.nanny.pre-spawn-environ": {"OMP_NUM_THREADS": 1, "MKL_NUM_THREADS": 1, "OPENBLAS_NUM_THREADS": 1},
}
_URL = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]+):/+(.*)$")


class ClusterError(UsageError):
    """The cluster cannot be used as asked (unreachable, mismatched workers, Dask missing): exit status 2."""


def needs_dask() -> str:
    return _("--cluster needs Dask: pip install 'converter[cluster]'")


# ---------------------------------------------------------------- what must match on every worker


@functools.cache
def worker_facts() -> dict[str, str]:
    """What makes outputs differ between machines: converter's version, its writers, the font files' contents."""
    from converter.writers.base import writer_names

    return {"converter": __version__, "writers": ",".join(writer_names()), "fonts": font_digest()}


def font_digest() -> str:
    """SHA-256 over the contents of every font file a build may embed: each role's resolved face, and the
    bundled faces (EPUB subsets and fallbacks use them). Paths are left out: they differ between machines."""
    from converter import fonts
    from converter.styles import ROLES

    digest = hashlib.sha256()
    try:
        faces = [(role, fonts.resolve(role)) for role in ROLES]
    except fonts.FontError as exc:
        return f"no fonts: {exc}"
    files = {face.path for _, face in faces} | set(fonts.FONTS_DIR.glob("*.ttf"))
    contents = {path: _file_sha256(path) for path in sorted(files)}
    for role, face in faces:
        digest.update(f"{role}:{face.index}:{contents[face.path]}\n".encode())
    for path in sorted(fonts.FONTS_DIR.glob("*.ttf")):
        digest.update(f"bundled:{path.name}:{contents[path]}\n".encode())
    return digest.hexdigest()[:16]


def _file_sha256(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def mismatches(expected: dict[str, str], found: dict[str, dict[str, str]]) -> list[str]:
    """One line per worker whose facts differ from ``expected`` (this process's)."""
    lines = []
    for worker, facts in sorted(found.items()):
        wrong = [
            f"{key} {facts.get(key, 'missing')!r} (here {value!r})"
            for key, value in expected.items()
            if facts.get(key) != value
        ]
        if wrong:
            lines.append(f"{worker}: " + ", ".join(wrong))
    return lines


def check_workers(client: Any) -> int:
    """Refuse a cluster whose workers would write different bytes; the number of workers checked."""
    found = client.run(worker_facts)
    if not found:
        raise ClusterError(_("the cluster has no workers; start some with `dask worker SCHEDULER_ADDRESS`"))
    wrong = mismatches(worker_facts(), found)
    if wrong:
        raise ClusterError(
            _(
                "these workers run a different converter or different fonts, so their outputs would differ; "
                "install the same converter (and fonts) on them: {workers}"
            ).format(workers="; ".join(wrong))
        )
    return len(found)


# ---------------------------------------------------------------- inputs and outputs as paths or fsspec URLs


def as_url(location: Path | str) -> str | None:
    """The fsspec URL ``location`` names (``s3://…``, ``file:///…``), or None for a plain local path.

    A URL that went through ``Path`` lost a slash (``s3:/b/k``); it is put back. One-letter
    schemes are Windows drives, not URLs.
    """
    text = location.as_posix() if isinstance(location, Path) else location
    match = _URL.match(text)
    if not match:
        return None
    scheme, rest = match.groups()
    return f"file:///{rest}" if scheme == "file" else f"{scheme}://{rest}"


def expand_inputs(patterns: Iterable[str], out_dir: Path | None = None) -> list[Input]:
    """pipeline.expand_inputs, plus fsspec URLs: a folder URL gives its .txt/.json files (sub-folders kept
    for the outputs, as locally), a URL glob its matches."""
    found: list[Input] = []
    for pattern in patterns:
        url = as_url(pattern)
        if url is None:
            found += pipeline.expand_inputs([pattern], out_dir)
            continue
        try:
            import fsspec
        except ImportError:
            raise ClusterError(needs_dask()) from None

        fs, root = fsspec.core.url_to_fs(url)
        root = root.rstrip("/")
        if fs.isdir(root):
            paths = sorted(p for p in fs.find(root) if p.lower().endswith(pipeline.INPUT_SUFFIXES))
            base = root
        elif any(ch in root for ch in "*?["):
            paths = sorted(fs.glob(root))
            if not paths:
                raise UsageError(_("no file matches {pattern}").format(pattern=repr(pattern)))
            base = root.split("*")[0].split("?")[0].split("[")[0].rsplit("/", 1)[0]
        else:
            paths, base = [root], root.rsplit("/", 1)[0]
        for path in paths:
            folder = Path(path).parent.relative_to(base) if Path(path).is_relative_to(base) else Path()
            found.append(Input(Path(fs.unstrip_protocol(path)), folder))
    unique: dict[Path, Input] = {}
    for item in found:
        unique.setdefault(item.path, item)
    return list(unique.values())


# ---------------------------------------------------------------- the task a worker runs


@dataclass(frozen=True)
class Task:
    """Everything one input's outputs (all of them, or one) need; nothing refers to this machine's disk."""

    source: str  # the input as the user named it: messages and the writers' source_name
    data: bytes | None  # the input's bytes, or None: the worker reads ``url``
    url: str | None
    stem: str  # output name without suffix, pipeline.output_names' (``folder/stem``)
    stages: tuple[str, ...]  # writer names, or REPORT: written one after another from one reading
    style: Style
    options: WriteOptions  # pipeline.dated: the input's modification time, read where the input is
    upload_to: str | None  # fsspec URL of the output folder, or None: the bytes come back
    run: str  # this build's id, in temporary names
    expected: dict[str, str]  # worker_facts() of the client
    source_date_epoch: str | None = None  # the client's SOURCE_DATE_EPOCH, as it is (reportlab reads it)
    encoding: str | None = None  # --encoding
    language: str = "en"  # the client's interface language: messages read as they would locally


@dataclass
class Done:
    """A task's result: the output (as bytes, or an uploaded temporary file), or why there is none."""

    name: str = ""  # the output's path under the output folder (``folder/stem.suffix``)
    data: bytes | None = None
    part: str | None = None  # fsspec path of the uploaded temporary file
    size: int = 0
    seconds: float = 0.0
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    unreadable: bool = False
    code: str = "writer-failed"  # the error's Notice code
    notices: list[Notice] = field(default_factory=list)  # the reader's, the same from every task of an input


def run_task(task: Task) -> list[Done]:
    """Read one input once and write its stages exactly as a local build does, in a private temporary
    folder; one Done per stage, in the task's order."""
    with _language(task.language):
        if worker_facts() != task.expected:
            wrong = mismatches(task.expected, {"this worker": worker_facts()})
            return [
                Done(error=_("{path}: {format}: refused, {reason}").format(path=task.source, format=s, reason=wrong[0]))
                for s in task.stages
            ]
        data = task.data if task.data is not None else _fetch(task)
        if isinstance(data, Done):
            return [data] * len(task.stages)
        if task.url is not None and task.options.source_mtime is None:  # dated as locally, where the input is
            task = replace(task, options=replace(task.options, source_mtime=_modified(task.url)))
        with _source_date_epoch(task.source_date_epoch), tempfile.TemporaryDirectory(prefix="converter-task-") as tmp:
            return _build(task, data, Path(tmp))


def _modified(url: str) -> int | None:
    """The modification time of the file at ``url``, where its file system keeps one."""
    import fsspec

    try:
        fs, path = fsspec.core.url_to_fs(url)
        return int(fs.modified(path).timestamp())
    except (NotImplementedError, OSError, AttributeError, ValueError, TypeError):
        return None


def _build(task: Task, data: bytes, tmp: Path) -> list[Done]:
    local = tmp / "in" / Path(task.source).name  # the same name: the suffix picks text or outline JSON
    local.parent.mkdir()
    local.write_bytes(data)
    out = tmp / "out"
    item = Input(local, encoding=task.encoding)
    result, reading = pipeline.read_input(item, task.stem, out, REPORT in task.stages)
    if reading is None:
        first = result.errors[0]
        message = "; ".join(e.message for e in result.errors).replace(str(local), task.source)
        return [Done(error=message, unreadable=result.unreadable, code=first.code)] * len(task.stages)
    done = []
    for stage in task.stages:
        if stage == REPORT:
            written: Output | str = result.outputs[0]
        else:
            written = pipeline.write_format(
                reading.document, Path(task.source), task.stem, stage, task.style, out, task.options
            )
        done.append(_written(task, written, out, result.notices))
    return done


def _written(task: Task, written: Output | str, out: Path, notices: list[Notice]) -> Done:
    """One stage's Done: its output's bytes, or the name of its uploaded temporary file."""
    if isinstance(written, str):
        return Done(error=written, notices=notices)
    done = Done(
        written.path.relative_to(out).as_posix(),
        size=written.size,
        seconds=written.seconds,
        pages=written.pages,
        warnings=written.warnings,
        notices=notices,
    )
    if task.upload_to is None:
        done.data = written.path.read_bytes()
    else:
        done.part = _upload(written.path, done.name, task)
    return done


@contextmanager
def _language(language: str) -> Iterator[None]:
    """The client's interface language while the task runs (a worker has its own, or none)."""
    before = i18n.LANGUAGE
    if language != before:
        i18n.use(language)
    try:
        yield
    finally:
        if before != i18n.LANGUAGE:
            i18n.use(before)


@contextmanager
def _source_date_epoch(value: str | None) -> Iterator[None]:
    """The client's SOURCE_DATE_EPOCH (set or unset) in this worker while the task runs: reportlab reads the
    variable itself (its PDF ID), so ``options.epoch`` alone leaves a worker's PDF differing from a local one."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
    else:
        os.environ["SOURCE_DATE_EPOCH"] = value
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def _fetch(task: Task) -> bytes | Done:
    """The input's bytes from its URL; a missing file is the input's fault, other errors are retried by Dask."""
    import fsspec

    limit = pipeline.max_input_bytes()
    try:
        with fsspec.open(task.url, "rb") as f:
            data = f.read(limit + 1)
    except FileNotFoundError:
        return Done(error=_("{path}: no such file").format(path=task.source), unreadable=True, code="unreadable")
    except IsADirectoryError:
        message = _("{path}: is a folder, not a file").format(path=task.source)
        return Done(error=message, unreadable=True, code="unreadable")
    return data  # one byte past the cap, if that big: the local reading refuses it with the usual message


def _upload(path: Path, name: str, task: Task) -> str:
    """Put the output beside its final name under a temporary name unique to this attempt."""
    import fsspec

    fs, root = fsspec.core.url_to_fs(task.upload_to)
    part = f"{root.rstrip('/')}/{part_name(name, task.run)}"
    fs.makedirs(part.rsplit("/", 1)[0], exist_ok=True)
    fs.put_file(str(path), part)
    return part


def part_name(name: str, run: str) -> str:
    """A temporary name beside ``name`` (``folder/stem.suffix``): hidden, marked with the build's id (to clean
    up after it), unique per attempt, short (a stem may take nearly all of a file name's 255 bytes)."""
    folder, sep, base = name.rpartition("/")
    suffix = Path(base).suffix  # short whatever the stem's length: a 243-byte stem must fit with the marks
    return f"{folder}{sep}.{run}.{uuid.uuid4().hex[:8]}{suffix}.part"


# ---------------------------------------------------------------- giving outputs their final names, once


class Finisher:
    """Moves finished outputs to their final names, once per name.

    Dask may run a task twice (its worker was lost after the task ended, or the task was
    retried), so two results can arrive for one output; the first is kept and any repeat is
    dropped, and nothing but this class ever writes a final name.
    """

    def __init__(self, out_dir: Path, shared_disk: bool = False) -> None:
        """``shared_disk``: the workers see this machine's disk (a LocalCluster), so they write a local
        ``out_dir`` themselves rather than send the bytes here."""
        self.out_dir = out_dir
        # not Path.as_uri(): fsspec does not undo its %-escapes (a space, a colon in a folder name)
        self.url = as_url(out_dir) or (f"file://{out_dir.absolute().as_posix()}" if shared_disk else None)
        self.fs: Any = None
        self.root = ""
        if self.url is not None:
            import fsspec

            self.fs, self.root = fsspec.core.url_to_fs(self.url)
            self.root = self.root.rstrip("/")
        self.finished: set[str] = set()
        self.run = uuid.uuid4().hex[:12]  # this build's id, in its temporary names

    def target(self, name: str) -> Path:
        """Where the output ends up, as the summary shows it (a local path when the URL is a file:// one)."""
        if as_url(self.out_dir) is None:
            return self.out_dir / name
        if self.url and self.url.startswith("file://"):
            return Path(self.root) / name
        return Path(f"{self.url.rstrip('/')}/{name}")

    def finish(self, done: Done) -> bool:
        """Give ``done`` its final name; False (and the temporary file removed) if that name is already done."""
        if done.name in self.finished:
            if done.part is not None:
                self.fs.rm_file(done.part)
            return False
        if done.part is not None:
            self.fs.mv(done.part, f"{self.root}/{done.name}")  # beside it: the same folder
        else:
            with atomic_path(self.out_dir / done.name) as tmp:
                tmp.write_bytes(done.data or b"")
        self.finished.add(done.name)
        return True

    def clean_up(self, run: str) -> None:
        """Remove temporary files of build ``run`` left by lost or cancelled tasks. A task running on a
        remote worker cannot be stopped by Ctrl-C and may still upload its part afterwards."""
        if self.fs is None or not self.fs.exists(self.root):
            return
        for part in self.fs.find(self.root):
            name = part.rsplit("/", 1)[-1]
            if name.startswith(".") and name.endswith(".part") and f".{run}." in name:
                self.fs.rm_file(part)


# ---------------------------------------------------------------- the build


def build_on_cluster(
    sources: list[Input] | list[Path],
    formats: list[str],
    style: Style,
    out_dir: Path,
    options: WriteOptions,
    address: str,
    report: bool = False,
    progress: Progress | None = None,
) -> list[FileResult]:
    """pipeline.build_many on a Dask cluster; results and progress as locally.

    Chunks of inputs are the tasks (each input read once, every format written); for a batch
    too small to keep the workers busy, each (input, format) is one.

    ``address``: ``local`` (one worker process per core), ``local:N``, or a scheduler's address.
    Inputs and ``out_dir`` may be fsspec URLs. Ctrl-C or SIGTERM cancels what has not finished and
    raises :class:`pipeline.Stopped`, as a local build does.
    """
    items = [s if isinstance(s, Input) else Input(Path(s)) for s in sources]
    finisher: Finisher | None = None
    with pipeline.stop_on_signals():
        try:
            with connect(address) as session:
                check_workers(session.client)
                finisher = Finisher(out_dir, shared_disk=session.cluster is not None)
                return _run(session.client, items, formats, style, finisher, options, report, progress or _silent)
        finally:  # once a LocalCluster's workers have stopped: a cancelled task may still have uploaded its part
            if finisher is not None:
                finisher.clean_up(finisher.run)


def connect(address: str) -> Any:
    """A Dask Client for ``address`` (``.client``); leaving the ``with`` also stops a LocalCluster it started."""
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError:
        raise ClusterError(needs_dask()) from None
    match = re.fullmatch(r"local(?::(\d+))?", address.strip())
    if match:
        workers = int(match.group(1) or os.cpu_count() or 1)
        if workers < 1:
            raise ClusterError(_("local:N needs at least one worker"))
        with dask.config.set(LOCAL_CONFIG):
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",  # this machine's own cluster: nothing listens beyond it
                dashboard_address=None,
                # its health/metrics HTTP server on any free port, not 8787 (another build may hold it)
                scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                silence_logs=logging.ERROR,  # not "task cancelled" for every task Ctrl-C stops
                preload=[__name__],  # dask_setup below, in every worker process, restarted ones too
            )
        return _Closing(Client(cluster), cluster)
    if "://" not in address:
        raise ClusterError(
            _("--cluster {address}: give local, local:N or a scheduler address like tcp://HOST:8786").format(
                address=repr(address)
            )
        )
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(
            _("cannot reach the Dask scheduler at {address}: {reason}").format(address=address, reason=exc)
        ) from None
    return _Closing(client, None)


def dask_setup(_worker: Any) -> None:
    """Dask's preload hook, for LocalCluster workers only: Ctrl-C in the terminal reaches them too (one
    process group), but stopping is this process's job (it cancels the tasks, then closes the cluster)."""
    import threading

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)


class _Closing:
    """``with connect(...) as session``: ``session.client``, then the LocalCluster if any, are closed after."""

    def __init__(self, client: Any, cluster: Any) -> None:
        self.client, self.cluster = client, cluster

    def __enter__(self) -> _Closing:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def tasks_per_input(inputs: int, stages: list[str], slots: int) -> list[tuple[str, ...]]:
    """How an input's stages are grouped into tasks.

    A task reads its input once: one task per input, writing every format, costs least. A batch
    of fewer than PER_INPUT_FROM inputs per worker thread would leave threads idle at its end, so
    there every stage is a task of its own, as in the local pool.
    """
    if inputs >= PER_INPUT_FROM * slots:
        return [tuple(stages)]
    return [(stage,) for stage in stages]


def chunk_size(tasks: int, slots: int) -> int:
    """Tasks per Dask task ("chunk"). Each Dask task costs its worker and, on a LocalCluster, the
    client's process (scheduler and client) about 7 ms each, a tenth of a sample-sized input's
    work (bench/bench_cluster.py): a big batch sends up to CHUNK_MAX inputs at once, yet at least
    CHUNKS_PER_THREAD chunks per worker thread, so that threads finish together and a lost worker
    or Ctrl-C costs little."""
    return max(1, min(CHUNK_MAX, tasks // (slots * CHUNKS_PER_THREAD)))


def run_chunk(tasks: list[Task]) -> list[list[Done] | str]:
    """run_task for each task in turn. A task that raised (an fsspec read or upload failing) gives
    its reason in its place: the others' outputs are kept, and the client retries it alone."""
    outcomes: list[list[Done] | str] = []
    for task in tasks:
        try:
            outcomes.append(run_task(task))
        except Exception as exc:
            outcomes.append(f"{type(exc).__name__}: {exc}")
    return outcomes


def _run(
    client: Any,
    items: list[Input],
    formats: list[str],
    style: Style,
    finisher: Finisher,
    options: WriteOptions,
    report: bool,
    tell: Progress,
) -> list[FileResult]:
    from distributed import as_completed

    names = pipeline.output_names(items)
    stages = [REPORT, *formats] if report else formats
    slots = sum(client.nthreads().values())
    groups = tasks_per_input(len(items), stages, slots)
    results = {item: FileResult(item.path) for item in items}
    started = time.perf_counter()
    facts, sde, language = worker_facts(), os.environ.get("SOURCE_DATE_EPOCH"), i18n.LANGUAGE

    def task(item: Input, group: tuple[str, ...]) -> Task | Notice:
        data, url = _input(item)
        if isinstance(data, Notice):
            return data
        dated = pipeline.dated(item, options) if url is None else options
        stem = names[item][0]
        return Task(
            str(item.path), data, url, stem, group, style, dated, finisher.url, finisher.run, facts, sde,
            item.encoding, language,
        )  # fmt: skip

    futures: dict[Any, list[tuple[Input, tuple[str, ...]]]] = {}
    try:
        tasks, where = [], []
        for item in items:
            first = task(item, groups[0])
            if isinstance(first, Notice):  # unreadable here already: no task
                results[item].errors.append(first)
                results[item].unreadable = first.code == "unreadable"
                for stage in ["read", *formats]:
                    tell(str(item.path), stage)
                continue
            pipeline.note_shortened(results[item], *names[item])
            for group in groups:
                tasks.append(first if group == groups[0] else replace(first, stages=group))
                where.append((item, group))
        size = chunk_size(len(tasks), slots)
        chunks = [tasks[i : i + size] for i in range(0, len(tasks), size)]
        keys = [f"converter-{finisher.run}-{i}" for i in range(len(chunks))]
        # one message for all chunks: a submit() each costs the client a few ms
        submitted = client.map(run_chunk, chunks, key=keys, retries=RETRIES, pure=False)
        futures = {f: where[i * size : (i + 1) * size] for i, f in enumerate(submitted)}
        del tasks, chunks
        read: set[Input] = set()
        # results gathered by Dask's event loop as tasks end, not by a blocking call per task from here
        done = as_completed(list(futures), with_results=True, raise_errors=False)
        for future, outcome in done:
            entries = futures.pop(future)  # dropped, so the workers can forget its result
            outcomes = outcome if isinstance(outcome, list) else [outcome] * len(entries)
            for (item, group), one in zip(entries, outcomes, strict=True):
                again = task(item, group) if isinstance(one, str) else None  # raised within a chunk
                if isinstance(again, Task):  # alone now, with Dask's retries (only chunks give a str)
                    key = f"converter-{finisher.run}-{names[item][0]}-{'+'.join(group)}"
                    retry = client.submit(run_task, again, key=key, retries=RETRIES, pure=False)
                    futures[retry] = [(item, group)]
                    done.add(retry)
                    continue
                for stage, outcome_of_stage in zip(group, _outcome(one, str(item.path), group), strict=True):
                    _collect(results[item], stage, outcome_of_stage, finisher, item not in read)
                    if item not in read:
                        read.add(item)
                        tell(str(item.path), "read")
                    if stage != REPORT:
                        tell(str(item.path), stage)
                results[item].seconds = time.perf_counter() - started
    except BaseException:  # Ctrl-C: what has not finished is cancelled; finished outputs stay, parts go
        client.cancel(list(futures), force=True)
        raise
    order = [None, *stages]
    for result in results.values():  # completion order varies; the summary does not
        result.outputs.sort(key=lambda o: stages.index(o.format))
        result.errors.sort(key=lambda n: order.index(n.format))
        result.notices.sort(key=lambda n: order.index(n.format))
    return [results[s] for s in items]


def _outcome(outcome: Any, source: str, group: tuple[str, ...]) -> list[Done]:
    """A task's Dones, one per stage. A task that failed for good (it raised on every try, or every worker
    that tried it died) comes as its reason, or as Dask's (type, exception, traceback): each stage fails
    with the reason."""
    if isinstance(outcome, list):
        return outcome
    if isinstance(outcome, str):
        reason = outcome
    else:
        exc = outcome[1] if isinstance(outcome, tuple) else outcome
        reason = f"{type(exc).__name__}: {exc}"
    return [
        Done(error=_("{path}: {format} writer failed: {reason}").format(path=source, format=s, reason=reason))
        for s in group
    ]


def _input(item: Input) -> tuple[bytes | Notice | None, str | None]:
    """(bytes, None) for a local file, (None, url) for a URL the workers read, (why not, None) if unreadable."""
    if item.error:
        return Notice("folder-unreadable", item.error), None
    if item.data is not None:
        return item.data, None
    url = as_url(item.path)
    if url is not None:
        return None, url
    try:
        return pipeline.read_input_bytes(item.path), None
    except ReadError as exc:
        return Notice("unreadable", str(exc)), None


def _collect(result: FileResult, stage: str, done: Done, finisher: Finisher, first: bool) -> None:
    """Fold one stage's outcome into the input's FileResult, as pipeline.build_many does; ``first``: the first
    outcome of this input to arrive, whose reader notices are the input's."""
    if first:
        result.notices[:0] = done.notices  # before the shortened-name notice, as locally
    if done.error:
        if done.unreadable:  # an unreadable input fails every task alike: its reason is kept once
            if not result.unreadable:
                result.errors.append(Notice(done.code, done.error))
                result.unreadable = True
        elif done.code != "writer-failed" and any(e.message == done.error for e in result.errors):
            pass  # the same failure to read, from another task of this input
        else:
            result.errors.append(Notice(done.code, done.error, None, None if done.code != "writer-failed" else stage))
        return
    finisher.finish(done)
    output = Output(stage, finisher.target(done.name), done.size, done.seconds, done.pages, done.warnings)
    result.outputs.append(output)
    result.notices += [pipeline.writer_notice(stage, w) for w in done.warnings]


def _silent(_name: str, _stage: str) -> None:
    pass
