"""Big batches on a Dask cluster: the same (input, format) tasks as the local build, on many machines.

``build_on_cluster`` is ``pipeline.build_many`` with a Dask scheduler address in place of a
number of jobs: ``local`` / ``local:N`` starts a LocalCluster of N worker processes on this
machine, ``tcp://HOST:PORT`` (or any Dask address) connects to a running scheduler.

A task is pure: it gets the input's bytes (or an fsspec URL a worker can read), the format,
the Style object and the write options, reads and writes with the very code of a local
build (``pipeline``'s reading and ``write_format``), and returns the output's bytes, or,
for an fsspec output folder, uploads them under a temporary name. Only this process ever
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

from converter import __version__, pipeline
from converter.pipeline import FileResult, Output, Progress, UsageError
from converter.styles import Style
from converter.writers.base import WriteOptions, atomic_path, epoch

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
        raise ClusterError("the cluster has no workers; start some with `dask worker SCHEDULER_ADDRESS`")
    wrong = mismatches(worker_facts(), found)
    if wrong:
        raise ClusterError(
            "these workers run a different converter or different fonts, so their outputs would differ; "
            "install the same converter (and fonts) on them: " + "; ".join(wrong)
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


def expand_inputs(patterns: Iterable[str]) -> list[Path]:
    """pipeline.expand_inputs, plus fsspec URLs: a folder URL gives its .txt/.json files, a URL glob its matches."""
    found: list[Path] = []
    for pattern in patterns:
        url = as_url(pattern)
        if url is None:
            found += pipeline.expand_inputs([pattern])
            continue
        import fsspec

        fs, root = fsspec.core.url_to_fs(url)
        if fs.isdir(root):
            paths = sorted(p for p in fs.find(root) if p.lower().endswith(pipeline.INPUT_SUFFIXES))
        elif any(ch in root for ch in "*?["):
            paths = sorted(fs.glob(root))
            if not paths:
                raise UsageError(f"no file matches {pattern!r}")
        else:
            paths = [root]
        found += [Path(fs.unstrip_protocol(p)) for p in paths]
    return list(dict.fromkeys(found))


# ---------------------------------------------------------------- the task a worker runs


@dataclass(frozen=True)
class Task:
    """Everything one (input, format) needs; nothing refers to this machine's disk."""

    source: str  # the input as the user named it: messages and the writers' source_name
    data: bytes | None  # the input's bytes, or None: the worker reads ``url``
    url: str | None
    stem: str  # output name without suffix, pipeline.output_names'
    format: str  # a writer name, or REPORT
    style: Style
    options: WriteOptions  # with the epoch filled in: workers' clocks and environments differ
    upload_to: str | None  # fsspec URL of the output folder, or None: the bytes come back
    run: str  # this build's id, in temporary names
    expected: dict[str, str]  # worker_facts() of the client
    source_date_epoch: str | None = None  # the client's SOURCE_DATE_EPOCH, as it is (reportlab reads it)


@dataclass
class Done:
    """A task's result: the output (as bytes, or an uploaded temporary file), or why there is none."""

    name: str = ""  # the output's file name
    data: bytes | None = None
    part: str | None = None  # fsspec path of the uploaded temporary file
    size: int = 0
    seconds: float = 0.0
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    unreadable: bool = False


def run_task(task: Task) -> Done:
    """Read and write one (input, format) exactly as a local build does, in a private temporary folder."""
    if worker_facts() != task.expected:
        wrong = mismatches(task.expected, {"this worker": worker_facts()})
        return Done(error=f"{task.source}: {task.format}: refused, {wrong[0]}")
    data = task.data if task.data is not None else _fetch(task)
    if isinstance(data, Done):
        return data
    with _source_date_epoch(task.source_date_epoch), tempfile.TemporaryDirectory(prefix="converter-task-") as tmp:
        local = Path(tmp) / "in" / Path(task.source).name  # the same name: the suffix picks text or outline JSON
        local.parent.mkdir()
        local.write_bytes(data)
        out = Path(tmp) / "out"
        result, reading = pipeline._read(local, task.stem, out, task.format == REPORT)
        if reading is None:
            return Done(error=(result.error or "").replace(str(local), task.source), unreadable=True)
        if task.format == REPORT:
            written: Output | str = result.outputs[0]
        else:
            source = Path(task.source)
            written = pipeline.write_format(
                reading.document, source, task.stem, task.format, task.style, out, task.options
            )
        if isinstance(written, str):
            return Done(error=written)
        done = Done(
            written.path.name,
            size=written.size,
            seconds=written.seconds,
            pages=written.pages,
            warnings=written.warnings,
        )
        if task.upload_to is None:
            done.data = written.path.read_bytes()
        else:
            done.part = _upload(written.path, task)
        return done


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

    try:
        with fsspec.open(task.url, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return Done(error=f"{task.source}: no such file", unreadable=True)
    except IsADirectoryError:
        return Done(error=f"{task.source}: is a folder, not a file", unreadable=True)


def _upload(path: Path, task: Task) -> str:
    """Put the output beside its final name under a temporary name unique to this attempt."""
    import fsspec

    fs, root = fsspec.core.url_to_fs(task.upload_to)
    fs.makedirs(root, exist_ok=True)
    part = f"{root.rstrip('/')}/{part_name(path.name, task.run)}"
    fs.put_file(str(path), part)
    return part


def part_name(name: str, run: str) -> str:
    """A temporary name: hidden, marked with the build's id (to clean up after it), unique per attempt."""
    return f".{name}.{run}.{uuid.uuid4().hex[:8]}.part"


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
            self.fs.mv(done.part, f"{self.root}/{done.name}")
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
        for part in self.fs.glob(f"{self.root}/.*.{run}.*.part"):
            self.fs.rm_file(part)


# ---------------------------------------------------------------- the build


def build_on_cluster(
    sources: list[Path],
    formats: list[str],
    style: Style,
    out_dir: Path,
    options: WriteOptions,
    address: str,
    report: bool = False,
    progress: Progress | None = None,
) -> list[FileResult]:
    """pipeline.build_many on a Dask cluster: every (input, format) is a task; results and progress as locally.

    ``address``: ``local`` (one worker process per core), ``local:N``, or a scheduler's address.
    Inputs and ``out_dir`` may be fsspec URLs. Ctrl-C cancels what has not finished.
    """
    finisher: Finisher | None = None
    try:
        with connect(address) as session:
            check_workers(session.client)
            finisher = Finisher(out_dir, shared_disk=session.cluster is not None)
            return _run(session.client, sources, formats, style, finisher, options, report, progress or _silent)
    finally:  # once a LocalCluster's workers have stopped: a cancelled task may still have uploaded its part
        if finisher is not None:
            finisher.clean_up(finisher.run)


def connect(address: str) -> Any:
    """A Dask Client for ``address`` (``.client``); leaving the ``with`` also stops a LocalCluster it started."""
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError:
        raise ClusterError("--cluster needs Dask: pip install 'converter[cluster]'") from None
    match = re.fullmatch(r"local(?::(\d+))?", address.strip())
    if match:
        workers = int(match.group(1) or os.cpu_count() or 1)
        if workers < 1:
            raise ClusterError("local:N needs at least one worker")
        with dask.config.set(LOCAL_CONFIG):
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,  # not "task cancelled" for every task Ctrl-C stops
                preload=[__name__],  # dask_setup below, in every worker process, restarted ones too
            )
        return _Closing(Client(cluster), cluster)
    if "://" not in address:
        raise ClusterError(f"--cluster {address!r}: give local, local:N or a scheduler address like tcp://HOST:8786")
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
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


def _run(
    client: Any,
    sources: list[Path],
    formats: list[str],
    style: Style,
    finisher: Finisher,
    options: WriteOptions,
    report: bool,
    tell: Progress,
) -> list[FileResult]:
    from distributed import as_completed

    names = pipeline.output_names(sources)
    options = replace(options, epoch=epoch(options))
    stages = [REPORT, *formats] if report else formats
    results = {source: FileResult(source) for source in sources}
    started = time.perf_counter()
    facts, sde = worker_facts(), os.environ.get("SOURCE_DATE_EPOCH")
    futures: dict[Any, tuple[Path, str]] = {}
    try:
        tasks, keys, where = [], [], []
        for source in sources:
            data, url = _input(source)
            if isinstance(data, str):  # unreadable here already: no task
                results[source].error, results[source].unreadable = data, True
                for stage in ["read", *formats]:
                    tell(source.name, stage)
                continue
            for stage in stages:
                run, stem = finisher.run, names[source]
                tasks.append(Task(str(source), data, url, stem, stage, style, options, finisher.url, run, facts, sde))
                keys.append(f"converter-{run}-{stem}-{stage}")
                where.append((source, stage))
        # one message for all tasks: a submit() each costs the client a few ms per task
        futures = dict(zip(client.map(run_task, tasks, key=keys, retries=RETRIES, pure=False), where, strict=True))
        del tasks
        read: set[Path] = set()
        for future in as_completed(list(futures)):
            source, stage = futures.pop(future)  # dropped, so the workers can forget its result
            _collect(results[source], stage, future, finisher, formats)
            results[source].seconds = time.perf_counter() - started
            if source not in read:
                read.add(source)
                tell(source.name, "read")
            if stage != REPORT:
                tell(source.name, stage)
    except BaseException:  # Ctrl-C: what has not finished is cancelled; finished outputs stay, parts go
        client.cancel(list(futures), force=True)
        raise
    for result in results.values():
        result.outputs.sort(key=lambda o: stages.index(o.format))
    return [results[s] for s in sources]


def _input(source: Path) -> tuple[bytes | str | None, str | None]:
    """(bytes, None) for a local file, (None, url) for a URL the workers read, (reason, None) if unreadable."""
    url = as_url(source)
    if url is not None:
        return None, url
    try:
        return source.read_bytes(), None
    except FileNotFoundError:
        return f"{source}: no such file", None
    except IsADirectoryError:
        return f"{source}: is a folder, not a file", None
    except OSError as exc:
        return f"{source}: cannot read ({exc.strerror})", None


def _collect(result: FileResult, stage: str, future: Any, finisher: Finisher, formats: list[str]) -> None:
    """Fold one task's outcome into the input's FileResult, as pipeline.build_many does."""
    try:
        done: Done = future.result()
    except Exception as exc:  # retries used up, or every worker that tried it died
        done = Done(error=f"{result.source}: {stage}: {type(exc).__name__}: {exc}")
    if done.error:
        if not result.unreadable:  # an unreadable input fails every task alike: its first reason is kept
            result.error, result.unreadable = done.error, done.unreadable
        return
    finisher.finish(done)
    output = Output(stage, finisher.target(done.name), done.size, done.seconds, done.pages, done.warnings)
    result.outputs.append(output)
    result.warnings += [f"{stage}: {w}" for w in done.warnings]


def _silent(_name: str, _stage: str) -> None:
    pass
