"""Builds on a real Dask cluster give the same files as a local build, once each, whatever happens to workers.

Every cluster here is real and local to 127.0.0.1: a LocalCluster of two worker processes, and a
`dask scheduler` with `dask worker`s started as subprocesses. The reference is a local build of
the same 40 mixed inputs (good and bad) with SOURCE_DATE_EPOCH set; outputs must match it byte
for byte.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

try:
    import distributed  # noqa: F401
except ImportError:  # the optional 'cluster' extra; the test extra installs it, so CI must have it
    if os.environ.get("CI", "").lower() == "true":
        raise
    pytest.skip("Dask is not installed: pip install -e '.[test]'", allow_module_level=True)

import docx
import pypdf
from distributed import Client, LocalCluster

from converter import styles
from converter.app import cluster, pipeline
from converter.app.pipeline import FileResult
from converter.reading import parse_file
from converter.writers.base import WriteOptions
from converter.writers.json_writer import dumps

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "seeds" / "speech-theory-study-2025.txt"
FORMATS = ["docx", "pdf", "epub"]
EPOCH = "1700000000"
TIMEOUT = 90  # seconds for anything one cluster does here


@pytest.fixture(scope="module", autouse=True)
def source_date_epoch() -> Iterator[None]:
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH  # before any worker process starts: they inherit it
    yield
    if before is None:
        del os.environ["SOURCE_DATE_EPOCH"]
    else:
        os.environ["SOURCE_DATE_EPOCH"] = before


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """40 inputs: 33 texts (variants of the sample, 5 of them GB18030), 3 outline JSON files, 4 bad ones."""
    folder = tmp_path_factory.mktemp("inputs")
    text = SAMPLE.read_text(encoding="utf-8")
    lines = text.splitlines()
    for i in range(33):
        variant = lines[: 12 + i % 7 * 6]  # from a page to the whole sample's opening
        variant[0] = f"{variant[0]}（第{i + 1}稿）"
        body = "\n".join(variant) + "\n"
        if i % 7 == 3:
            (folder / f"讲话稿-{i:02d}.txt").write_bytes(body.encode("gb18030"))
        else:
            (folder / f"speech-{i:02d}.txt").write_text(body, encoding="utf-8")
    tree = dumps(parse_file(SAMPLE).document)
    for i in range(3):
        (folder / f"outline-{i}.json").write_text(tree.replace("理论", f"理论{i}", 1), encoding="utf-8")
    (folder / "scan.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "broken.json").write_text('{"title": "未完', encoding="utf-8")
    assert len(pipeline.expand_inputs([str(folder)])) == 40
    return folder


@pytest.fixture(scope="module")
def style() -> styles.Style:
    return styles.load("gongwen", [])


@pytest.fixture(scope="module")
def local_build(inputs: Path, style: styles.Style, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    out = tmp_path_factory.mktemp("local")
    sources = pipeline.expand_inputs([str(inputs)])
    results = pipeline.build_many(sources, FORMATS, style, out, WriteOptions(), 2, report=True)
    return out, results


@pytest.fixture(scope="module")
def local_cluster() -> Iterator[LocalCluster]:
    """Two worker processes, one thread each, shared by the tests that only need an address."""
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as running:
        yield running


def summary(results: list[FileResult]) -> list[tuple]:
    """What a user reads in the summary: per input, the error, and each output's format, file name and pages."""
    return [
        (r.source.name, r.error, r.unreadable, [(o.format, o.path.name, o.size, o.pages) for o in r.outputs])
        for r in results
    ]


def assert_same_files(local: Path, built: Path) -> None:
    names = sorted(p.name for p in local.iterdir())
    assert sorted(p.name for p in built.iterdir()) == names  # nothing more: no temporary file left
    assert len(names) == 36 * 4  # 36 readable inputs × (report + 3 formats)
    for name in names:
        assert (built / name).read_bytes() == (local / name).read_bytes(), name


def test_local_cluster_builds_the_same_bytes_as_a_local_build(inputs, style, local_build, tmp_path):
    local_out, local_results = local_build
    sources = pipeline.expand_inputs([str(inputs)])
    stages: Counter[str] = Counter()

    def progress(_name: str, stage: str) -> None:
        stages[stage] += 1

    out = tmp_path / "输出 out:2"  # workers write here themselves (a shared disk): any folder name must do
    results = cluster.build_on_cluster(sources, FORMATS, style, out, WriteOptions(), "local:2", True, progress)

    assert summary(results) == summary(local_results)
    assert_same_files(local_out, out)
    assert stages == {"read": 40, "docx": 40, "pdf": 40, "epub": 40}
    bad = {r.source.name: r.error for r in results if r.error}
    assert set(bad) == {"scan.txt", "image.txt", "empty.txt", "broken.json"}
    assert all(r.unreadable for r in results if r.error)
    assert bad["empty.txt"] == f"{inputs / 'empty.txt'}: the file is empty"
    # what a reader sees: the variant's own title, and the page count the summary claims
    by_name = {r.source.name: r for r in results}
    opened = docx.Document(str(out / "讲话稿-03.docx"))
    assert "（第4稿）" in "".join(p.text for p in opened.paragraphs)
    pdf = next(o for o in by_name["speech-30.txt"].outputs if o.format == "pdf")
    assert len(pypdf.PdfReader(pdf.path).pages) == pdf.pages > 1


def test_fsspec_urls_for_inputs_and_outputs(inputs, style, local_build, local_cluster, tmp_path):
    """Workers read file:// inputs themselves and upload outputs under temporary names; names as locally."""
    local_out, local_results = local_build
    sources = cluster.expand_inputs([inputs.as_uri()])
    assert len(sources) == 40 and all(cluster.as_url(s.path) for s in sources)
    out_url = (tmp_path / "out").as_uri()

    results = cluster.build_on_cluster(
        sources, FORMATS, style, Path(out_url), WriteOptions(), local_cluster.scheduler_address, True
    )

    assert_same_files(local_out, tmp_path / "out")
    local_summary = [
        (name, err is not None, unreadable, outs) for name, err, unreadable, outs in summary(local_results)
    ]
    assert [(name, err is not None, unreadable, outs) for name, err, unreadable, outs in summary(results)] == (
        local_summary
    )


def test_a_worker_killed_mid_run_loses_nothing_and_writes_each_output_once(
    inputs, style, local_build, local_cluster, tmp_path, monkeypatch
):
    local_out, local_results = local_build
    sources = pipeline.expand_inputs([str(inputs)])
    client = Client(local_cluster.scheduler_address)
    victim_address, victim = sorted(client.run(os.getpid).items())[0]
    lost: list[str] = []
    finished: Counter[str] = Counter()
    original = cluster.Finisher.finish

    def counting_finish(self: cluster.Finisher, done: cluster.Done) -> bool:
        first = original(self, done)
        finished[done.name] += first
        return first

    monkeypatch.setattr(cluster.Finisher, "finish", counting_finish)
    done_tasks = 0

    def progress(_name: str, stage: str) -> None:
        nonlocal done_tasks
        if stage == "read":  # told before the input's first task: counting tasks only, the kill happens once
            return
        done_tasks += 1
        if done_tasks == 20:  # well before the end (120 tasks)
            lost.extend(client.processing()[victim_address])
            os.kill(victim, signal.SIGKILL)

    out_url = (tmp_path / "out").as_uri()
    results = cluster.build_on_cluster(
        sources, FORMATS, style, Path(out_url), WriteOptions(), local_cluster.scheduler_address, True, progress
    )

    client.close()
    with pytest.raises(ProcessLookupError):
        os.kill(victim, 0)
    assert lost  # the victim died with tasks of this build in hand
    assert summary(results) == summary(local_results)  # the same four bad inputs fail, nothing else
    assert_same_files(local_out, tmp_path / "out")  # also: no temporary part left behind
    assert finished == {name: 1 for name in os.listdir(local_out)}


def test_a_task_that_keeps_failing_fails_its_input_alone_with_the_reason(style, local_cluster, tmp_path):
    """A task that raises on every try (here: a URL no worker can open) ends as that input's errors, one
    per format, with Dask's reason; the other inputs are built."""
    sources = [pipeline.Input(Path("nosuch://bucket/a.txt")), pipeline.Input(SAMPLE)]

    results = cluster.build_on_cluster(
        sources, FORMATS, style, tmp_path, WriteOptions(), local_cluster.scheduler_address
    )

    failed, built = results
    assert [e.format for e in failed.errors] == FORMATS and not failed.outputs
    assert all("writer failed: ValueError: Protocol not known: nosuch" in e.message for e in failed.errors)
    assert [o.format for o in built.outputs] == FORMATS and not built.errors


def test_finishing_an_output_twice_keeps_the_first_and_drops_the_repeat(tmp_path):
    """A task Dask ran twice uploads two parts; the output's final name is written by the first only."""
    finisher = cluster.Finisher(Path(tmp_path.as_uri()))
    run = "run1"
    parts = []
    for content in (b"first", b"second"):
        part = tmp_path / cluster.part_name("a.pdf", run)
        part.write_bytes(content)
        parts.append(part)
    assert finisher.finish(cluster.Done("a.pdf", part=str(parts[0])))
    written = (tmp_path / "a.pdf").stat()
    assert not finisher.finish(cluster.Done("a.pdf", part=str(parts[1])))
    assert (tmp_path / "a.pdf").read_bytes() == b"first"
    assert (tmp_path / "a.pdf").stat().st_mtime_ns == written.st_mtime_ns
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf"]  # both parts gone
    # local output folders: bytes come back and are written once, atomically
    local = cluster.Finisher(tmp_path / "local")
    assert local.finish(cluster.Done("b.docx", data=b"one"))
    assert not local.finish(cluster.Done("b.docx", data=b"two"))
    assert (tmp_path / "local" / "b.docx").read_bytes() == b"one"
    # a lost attempt's part is removed at the end of the build
    orphan = tmp_path / cluster.part_name("c.epub", run)
    orphan.write_bytes(b"lost")
    other_run = tmp_path / cluster.part_name("c.epub", "run2")
    other_run.write_bytes(b"someone else's build")
    finisher.clean_up(run)
    assert not orphan.exists() and other_run.exists()


def test_mismatched_workers_are_named_with_what_differs():
    here = {"converter": "0.2.0", "writers": "docx,epub,json,pdf", "fonts": "abc"}
    found = {
        "tcp://10.0.0.2:4000": dict(here),
        "tcp://10.0.0.3:4000": {**here, "converter": "0.1.0", "fonts": "def"},
    }
    assert cluster.mismatches(here, found) == [
        "tcp://10.0.0.3:4000: converter '0.1.0' (here '0.2.0'), fonts 'def' (here 'abc')"
    ]


@pytest.mark.parametrize(
    ("given", "url"),
    [
        ("s3://bucket/notices/a.txt", "s3://bucket/notices/a.txt"),
        (Path("s3://bucket/notices"), "s3://bucket/notices"),  # Path() ate a slash
        ("file:///srv/in/a.txt", "file:///srv/in/a.txt"),
        (Path("file:///srv/in"), "file:///srv/in"),
        ("notices/a.txt", None),
        (Path("C:/notices/a.txt"), None),
    ],
)
def test_urls_are_told_from_paths(given, url):
    assert cluster.as_url(given) == url


# ---------------------------------------------------------------- a scheduler and workers as separate programs


def _start(args: list[str], log: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    """A `dask` program; without SOURCE_DATE_EPOCH, as on another machine: the client's epoch must reach it."""
    environment = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    return subprocess.Popen(
        [sys.executable, "-m", "dask", *args],
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
        env={**environment, **(env or {})},
        start_new_session=True,  # stopped as a group: a worker's nanny and its process
    )


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)


@pytest.fixture
def scheduler(tmp_path: Path) -> Iterator[tuple[str, list[subprocess.Popen]]]:
    """A `dask scheduler` on 127.0.0.1; the list collects workers the test starts, all stopped afterwards."""
    info = tmp_path / "scheduler.json"
    procs = [
        _start(
            ["scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file", str(info)],
            tmp_path / "scheduler.log",
        )
    ]
    try:
        deadline = time.monotonic() + TIMEOUT
        while not info.exists() or not info.read_text():
            if time.monotonic() > deadline or procs[0].poll() is not None:
                pytest.fail("dask scheduler did not start: " + (tmp_path / "scheduler.log").read_text()[-2000:])
            time.sleep(0.2)
        yield json.loads(info.read_text())["address"], procs
    finally:
        for proc in reversed(procs):
            _stop(proc)


def _worker(address: str, name: str, log: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    args = ["worker", address, "--name", name, "--nthreads", "1", "--host", "127.0.0.1", "--no-dashboard"]
    return _start(args, log, env)


def _wait_for_workers(address: str, names: set[str]) -> None:
    with Client(address, timeout=TIMEOUT) as client:
        deadline = time.monotonic() + TIMEOUT
        while {w["name"] for w in client.scheduler_info()["workers"].values()} != names:
            if time.monotonic() > deadline:
                pytest.fail(f"workers {names} did not join")
            time.sleep(0.2)


def test_scheduler_and_workers_as_programs_refuse_a_mismatch_then_build_the_same_bytes(
    inputs, style, local_build, scheduler, tmp_path
):
    address, procs = scheduler
    procs.append(_worker(address, "good", tmp_path / "good.log"))
    other_font = str(ROOT / "fonts" / "ConverterKai-Regular.ttf")  # a different 宋体 file: other PDF bytes
    odd = _worker(address, "odd", tmp_path / "odd.log", {"CONVERTER_FONT_SONG": other_font})
    procs.append(odd)
    _wait_for_workers(address, {"good", "odd"})
    sources = pipeline.expand_inputs([str(inputs)])

    with pytest.raises(cluster.ClusterError, match=r"different converter or different fonts.*: fonts '") as refused:
        cluster.build_on_cluster(sources, FORMATS, style, tmp_path / "refused", WriteOptions(), address)
    assert "tcp://127.0.0.1:" in str(refused.value) and str(refused.value).count("fonts '") == 1
    assert not (tmp_path / "refused").exists()

    _stop(odd)
    _wait_for_workers(address, {"good"})
    local_out, local_results = local_build
    results = cluster.build_on_cluster(sources, FORMATS, style, tmp_path / "out", WriteOptions(), address, True)
    assert summary(results) == summary(local_results)
    assert_same_files(local_out, tmp_path / "out")


def test_an_unreachable_scheduler_is_one_clear_error(style, tmp_path, monkeypatch):
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 2)
    with pytest.raises(cluster.ClusterError, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9\b"):
        cluster.build_on_cluster([SAMPLE], FORMATS, style, tmp_path, WriteOptions(), "tcp://127.0.0.1:9")


# ---------------------------------------------------------------- the command line


def _converter(*args: str) -> list[str]:
    return [sys.executable, "-m", "converter.app.cli", "--lang", "en", "build", *args]


def test_cli_cluster_option_builds_and_summarises_as_locally(inputs, local_build, tmp_path):
    """Six of the inputs (two of them bad), to keep the run short; the library tests above build all 40."""
    local_out, local_results = local_build
    chosen = ["speech-00.txt", "讲话稿-03.txt", "outline-1.json", "scan.txt", "empty.txt", "speech-32.txt"]
    (tmp_path / "in").mkdir()
    for name in chosen:
        (tmp_path / "in" / name).write_bytes((inputs / name).read_bytes())
    run = subprocess.run(
        _converter(str(tmp_path / "in"), "--cluster", "local:2", "-o", str(tmp_path / "out"), "--report", "--json"),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert run.returncode == 1, run.stderr  # some inputs failed, the rest were built
    summary_json = json.loads(run.stdout)
    failed = {
        Path(f["input"]).name: "; ".join(e["message"] for e in f["errors"])
        for f in summary_json["files"]
        if f["errors"]
    }
    assert failed == {
        r.source.name: r.error.replace(str(inputs), str(tmp_path / "in"))
        for r in local_results
        if r.error and r.source.name in chosen
    }
    assert all(f"failed: {error}" in run.stderr for error in failed.values())
    stems = {name.rsplit(".", 1)[0] for name in chosen}
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == sorted(p.name for p in local_out.iterdir() if p.name.split(".")[0] in stems)
    assert len(written) == 4 * 4  # four good inputs × (report + 3 formats)
    for name in written:
        assert (tmp_path / "out" / name).read_bytes() == (local_out / name).read_bytes(), name


@pytest.mark.parametrize(
    ("signum", "group", "status"),
    [(signal.SIGINT, True, 130), (signal.SIGTERM, False, 143)],
    ids=["ctrl-c-to-the-group", "sigterm-to-the-command"],
)
def test_cli_a_stop_cancels_the_rest_and_exits_as_locally(inputs, local_build, tmp_path, signum, group, status):
    """SIGINT to the whole process group, as a terminal sends it (the workers too), or SIGTERM to the
    command alone, as a service manager does: the local build's exit status and one line."""
    local_out, _ = local_build
    out = tmp_path / "out"
    proc = subprocess.Popen(
        _converter(str(inputs), "--cluster", "local:2", "-o", str(out), "-q"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + TIMEOUT
        while len(_finished(out)) < 3:  # not the workers' hidden parts: outputs given their names
            assert time.monotonic() < deadline and proc.poll() is None, "no output appeared"
            time.sleep(0.05)
        if group:
            os.killpg(proc.pid, signum)
        else:
            os.kill(proc.pid, signum)
        _, stderr = proc.communicate(timeout=TIMEOUT)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == status, stderr
    # one line for the user (a loaded machine may add Dask's "event loop was unresponsive" notes), no traceback
    assert (
        stderr.strip().splitlines()[-1] == "interrupted: outputs finished before it are kept; none is left half-written"
    ), stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    kept = sorted(p.name for p in out.iterdir())
    assert len(kept) < 36 * 3, stderr  # it did stop early
    for name in kept:  # finished outputs, whole: no part, nothing half-written
        assert (out / name).read_bytes() == (local_out / name).read_bytes(), name
    deadline = time.monotonic() + 20  # the worker processes are gone too
    while _group_alive(proc.pid):
        assert time.monotonic() < deadline, subprocess.run(
            ["ps", "-o", "pid,stat,cmd", "-g", str(proc.pid)], capture_output=True, text=True
        ).stdout
        time.sleep(0.2)


def _finished(out: Path) -> list[str]:
    try:
        return [name for name in os.listdir(out) if not name.startswith(".")]
    except FileNotFoundError:
        return []


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_task_mirrors_the_clients_source_date_epoch_even_when_unset(style, tmp_path, monkeypatch):
    """Run in-process here: the worker's own SOURCE_DATE_EPOCH must not leak into the PDF (reportlab reads it)."""
    from converter.writers.base import epoch

    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    options = WriteOptions(epoch=epoch(WriteOptions()))
    reading = parse_file(SAMPLE)
    local = pipeline.write_format(reading.document, SAMPLE, "s", "pdf", style, tmp_path, WriteOptions())
    assert not isinstance(local, str)
    task = cluster.Task(
        str(SAMPLE), SAMPLE.read_bytes(), None, "s", ("pdf",), style, options, None, "r", cluster.worker_facts(), None
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1234567890")  # this "worker" has its own
    (done,) = cluster.run_task(task)
    assert done.error is None and done.data == local.path.read_bytes()
    assert os.environ["SOURCE_DATE_EPOCH"] == "1234567890"  # and gets it back after the task


# ---------------------------------------------------------------- the Python API: the same path as a local build


def _comparable(run_dict: dict, out: Path) -> dict:
    """The --json object without what must differ between two builds: timings, the output folder."""
    for key in ("seconds",):
        run_dict["totals"].pop(key)
    for f in run_dict["files"]:
        f.pop("seconds")
        f["warnings"].sort(key=lambda w: (w["format"] or "", w["code"], w["line"] or 0, w["message"]))
        for o in f["outputs"]:
            o.pop("seconds")
            o["path"] = Path(o["path"]).relative_to(out).as_posix()
    return run_dict


def test_convert_on_a_cluster_gives_the_local_run_object_names_and_dates(inputs, tmp_path, monkeypatch):
    """api.convert(cluster=...) against api.convert(jobs=2): the same --json object (errors with their codes,
    the reader's and writers' warnings, output names in sub-folders, a shortened name), the same bytes, and
    the inputs' own modification times as the outputs' date when SOURCE_DATE_EPOCH is unset."""
    from converter.app import api

    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    folder = tmp_path / "in"
    (folder / "二〇二一" / "春").mkdir(parents=True)
    (folder / "二〇二一" / "春" / "speech-00.txt").write_bytes((inputs / "speech-00.txt").read_bytes())
    (folder / "讲话稿-03.txt").write_bytes((inputs / "讲话稿-03.txt").read_bytes())
    long_stem = "很长的文件名" * 13 + "很长的ab"  # 245 bytes: past the 243 an output stem may have
    (folder / f"{long_stem}.txt").write_bytes((inputs / "speech-05.txt").read_bytes())
    for name in ("empty.txt", "broken.json", "outline-1.json"):
        (folder / name).write_bytes((inputs / name).read_bytes())
    for i, path in enumerate(sorted(folder.rglob("*.*"))):
        os.utime(path, (1_620_000_000 + i * 86_400, 1_620_000_000 + i * 86_400))  # spring 2021, a day apart

    local = api.convert([folder], FORMATS, tmp_path / "local", jobs=2, report=True)
    stages: Counter[str] = Counter()
    on_cluster = api.convert(
        [folder],
        FORMATS,
        tmp_path / "cluster",
        report=True,
        cluster="local:2",
        progress=lambda _name, stage: stages.update([stage]),
    )

    assert on_cluster.exit_code == local.exit_code == 1
    assert _comparable(on_cluster.to_dict(), tmp_path / "cluster") == _comparable(local.to_dict(), tmp_path / "local")
    assert stages == {"read": 6, "docx": 6, "pdf": 6, "epub": 6}
    built = sorted(p.relative_to(tmp_path / "cluster").as_posix() for p in (tmp_path / "cluster").rglob("*.*"))
    assert built == sorted(p.relative_to(tmp_path / "local").as_posix() for p in (tmp_path / "local").rglob("*.*"))
    assert "二〇二一/春/speech-00.pdf" in built and len(built) == 4 * 4
    for name in built:
        assert (tmp_path / "cluster" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name
    first = pypdf.PdfReader(tmp_path / "cluster" / "二〇二一" / "春" / "speech-00.pdf").metadata
    assert first is not None and str(first.get("/CreationDate", "")).startswith("D:2021")


def test_convert_on_a_cluster_refuses_a_busy_output_folder_as_locally(tmp_path):
    from converter.app import api

    (tmp_path / "a.txt").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    with pipeline.locked_output_dir(tmp_path / "out"), pytest.raises(pipeline.UsageError, match="another converter"):
        api.convert([tmp_path / "a.txt"], FORMATS, tmp_path / "out", cluster="local:1")


def test_a_big_batch_has_one_task_per_input_and_a_small_one_a_task_per_format():
    """A task reads its input once: a batch with inputs enough for every worker thread writes each
    input's formats in one task; a few inputs are split by format so no thread waits idle."""
    stages = ["report", "docx", "pdf", "epub"]
    assert cluster.tasks_per_input(8, stages, 2) == [("report", "docx", "pdf", "epub")]
    assert cluster.tasks_per_input(7, stages, 2) == [("report",), ("docx",), ("pdf",), ("epub",)]
    assert cluster.tasks_per_input(1000, ["pdf"], 64) == [("pdf",)]


def test_a_big_batch_goes_in_chunks_that_still_keep_every_thread_busy_to_the_end():
    assert cluster.chunk_size(1000, 2) == cluster.CHUNK_MAX  # 125 Dask tasks, not 1000
    assert cluster.chunk_size(40, 2) == 2  # 20 Dask tasks: ten a thread
    assert cluster.chunk_size(15, 2) == 1
    assert cluster.chunk_size(3000, 256) == 1  # a big cluster: every input a task of its own


def test_an_input_that_raises_in_a_chunk_leaves_the_others_of_its_chunk_built(style):
    """Its reason takes its place (the client then retries it alone); the next input is still built."""
    good = cluster.Task(
        str(SAMPLE), SAMPLE.read_bytes(), None, "s", ("docx",), style, WriteOptions(), None, "r", cluster.worker_facts()
    )
    bad = cluster.Task("nosuch://b/a.txt", None, "nosuch://b/a.txt", "a", ("docx",), *_rest(good))

    first, second = cluster.run_chunk([bad, good])

    assert first.startswith("ValueError: Protocol not known: nosuch")
    assert [d.name for d in second] == ["s.docx"] and second[0].data and second[0].error is None


def _rest(task: cluster.Task) -> tuple:
    return task.style, task.options, task.upload_to, task.run, task.expected
