"""Fault injection: hostile text and outlines, special files, signals, long names, concurrent builds.

Every case asserts what a user or a script relies on: the documented exit status, no traceback,
no ``.part`` file left, no process left behind, and every input character in every output or
reported as removed. Real processes where the fault is about processes (signals, FIFOs, pipes);
in-process through Typer's runner where it is about messages, so the suite stays well under
five minutes.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from text_fold import fold
from typer.testing import CliRunner

from converter.app import pipeline
from converter.app.cli import app
from converter.model import Document
from converter.reading import ReadError, parse_file
from converter.writers.base import WriteResult

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "seeds" / "speech-theory-study-2025.txt"
CLEAN = "关于做好防汛工作的通知\n\n各单位：\n\n一、总体要求\n\n做好今年防汛工作，意义重大。各单位要切实落实责任。\n"
POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals, FIFOs and devices")
runner = CliRunner()


def invoke(*args: object, input: bytes | str | None = None):
    return runner.invoke(app, [str(a) for a in args], input=input)


def start(*args: object, **kwargs) -> subprocess.Popen[str]:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.Popen(
        [sys.executable, "-m", "converter", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=env,
        **kwargs,
    )


def run(*args: object, timeout: float = 120, stdin: bytes | None = None, env: dict | None = None):
    return subprocess.run(
        [sys.executable, "-m", "converter", *map(str, args)],
        capture_output=True,
        input=stdin,
        timeout=timeout,
        env={**os.environ, "COLUMNS": "200", **(env or {})},
    )


def parts_left(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".part")] if folder.exists() else []


def processes_mentioning(marker: str) -> list[int]:
    """Live processes whose command line or working folder mentions ``marker`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            status = (entry / "status").read_text()
        except OSError:
            continue
        if marker in cmdline and "State:\tZ" not in status:
            found.append(int(entry.name))
    return found


def assert_clean(code: int, stderr: str | bytes, out: Path, allowed: tuple[int, ...]) -> None:
    text = stderr.decode("utf-8", "replace") if isinstance(stderr, bytes) else stderr
    assert code in allowed, (code, text[-2000:])
    assert "Traceback" not in text, text[-2000:]
    assert not parts_left(out), parts_left(out)


# --- issue 19 item 4: unreadable sub-folders are named, never skipped silently --------------------


def test_unreadable_sub_folder_is_named_and_fails_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "locked").mkdir(parents=True)
    (inbox / "locked" / "hidden.txt").write_text(CLEAN, encoding="utf-8")
    (inbox / "open.txt").write_text(CLEAN, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path=".", *args, **kwargs):  # what a folder without read permission does (root ignores chmod)
        if Path(os.fsdecode(path)).name == "locked":
            raise PermissionError(13, "Permission denied", os.fsdecode(path))
        return real_scandir(path, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    out = tmp_path / "out"
    result = invoke("build", inbox, "-o", out, "-t", "json", "--json")
    assert result.exit_code == 1, result.output
    summary = json.loads(result.stdout)
    failed = [f for f in summary["files"] if not f["ok"]]
    assert [Path(f["input"]).name for f in failed] == ["locked"]
    assert failed[0]["errors"][0]["code"] == "folder-unreadable"
    assert "Permission denied" in failed[0]["errors"][0]["message"]
    assert (out / "open.json").is_file()


# --- item 5: SIGTERM is a clean stop; workers never outlive the parent ----------------------------


def _long_input(tmp_path: Path) -> Path:
    source = tmp_path / "long.txt"
    source.write_text("\n".join([SAMPLE.read_text(encoding="utf-8")] * 40), encoding="utf-8")
    return source


def _wait_for(predicate, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not predicate() and time.monotonic() < deadline:
        time.sleep(0.02)


@POSIX
@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigterm_stops_cleanly(tmp_path: Path, jobs: str) -> None:
    source = _long_input(tmp_path)
    out = tmp_path / f"out-sigterm-{jobs}"
    build = start("build", source, "-o", out, "-j", jobs, "-t", "docx,pdf")
    _wait_for(lambda: bool(parts_left(out)))  # a writer is mid-file
    build.send_signal(signal.SIGTERM)  # the parent only, as `timeout`, systemd and docker stop do
    _, stderr = build.communicate(timeout=60)  # returns: no worker holds the pipes
    assert_clean(build.returncode, stderr, out, (143,))
    assert "interrupted" in stderr
    time.sleep(0.5)
    assert processes_mentioning(str(out)) == []


@POSIX
@pytest.mark.slow
def test_sigint_to_the_group_with_workers(tmp_path: Path) -> None:
    source = _long_input(tmp_path)
    out = tmp_path / "out-sigint"
    build = start("build", source, "-o", out, "-j", "2", "-t", "docx,pdf", start_new_session=True)
    _wait_for(lambda: bool(parts_left(out)))
    os.killpg(build.pid, signal.SIGINT)  # Ctrl-C: every process of the terminal's group
    _, stderr = build.communicate(timeout=60)
    assert_clean(build.returncode, stderr, out, (130,))
    time.sleep(0.5)
    assert processes_mentioning(str(out)) == []


@POSIX
@pytest.mark.slow
def test_workers_stop_when_the_parent_is_killed(tmp_path: Path) -> None:
    source = _long_input(tmp_path)
    out = tmp_path / "out-orphans"
    build = start("build", source, "-o", out, "-j", "2", "-t", "docx,pdf")
    _wait_for(lambda: bool(parts_left(out)))
    build.kill()  # SIGKILL: no clean-up in the parent at all
    build.communicate(timeout=60)  # would hang while an orphaned worker holds stdout/stderr
    _wait_for(lambda: not processes_mentioning(str(out)), 20)
    assert processes_mentioning(str(out)) == []
    assert not parts_left(out)  # the workers removed their temporary files on the way out


# --- item 6: a stop swallowed by a library is still a stop; stdout stays clean --------------------


class _SwallowingWriter:
    """Does what reportlab does: a bare ``except:`` turns the interrupt into another error, and prints."""

    name, suffix, description = "pdf", ".pdf", "test double of a library with a bare except"

    def write(self, doc: Document, style, path: Path, options) -> WriteResult:
        path.write_bytes(b"half")
        print("library chatter on standard output")
        try:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(1)
        except:  # noqa: E722  (the point: what a bare except in a library does)
            raise TypeError("cannot do that") from None
        return WriteResult()


@POSIX
def test_interrupt_swallowed_by_a_writer_still_stops(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(pipeline, "load_writer", lambda name: _SwallowingWriter())
    source = tmp_path / "a.txt"
    source.write_text(CLEAN, encoding="utf-8")
    out = tmp_path / "out"
    from converter import styles
    from converter.writers.base import WriteOptions

    with pytest.raises(pipeline.Stopped):
        pipeline.build_many([source], ["pdf"], styles.load("gongwen"), out, WriteOptions(), jobs=1)
    assert not parts_left(out) and not (out / "a.pdf").exists()
    assert capsys.readouterr().out == ""  # the library's print went to standard error


# --- item 7: special files and the size cap ------------------------------------------------------


@POSIX
@pytest.mark.parametrize("command", ["build", "outline", "check"])
def test_fifo_is_refused_not_waited_on(tmp_path: Path, command: str) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    out = tmp_path / "out"
    args = [command, fifo] + (["-o", out, "-t", "json"] if command == "build" else [])
    result = run(*args, timeout=30)
    assert_clean(result.returncode, result.stderr, out, (2,))
    assert "pipe.txt" in result.stderr.decode() and "not an ordinary file" in result.stderr.decode()


@POSIX
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_devices_are_refused(tmp_path: Path, device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"{device} is not there")
    out = tmp_path / "out"
    result = run("build", device, "-o", out, "-t", "json", timeout=30)
    assert_clean(result.returncode, result.stderr, out, (2,))
    assert "not an ordinary file" in result.stderr.decode()
    assert not out.exists()


def test_size_cap_is_configurable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.txt"
    big.write_text(CLEAN * 30000, encoding="utf-8")  # ~3.6 MB
    monkeypatch.setenv("CONVERTER_MAX_INPUT_MB", "1")
    result = invoke("build", big, "-o", tmp_path / "out", "-t", "json")
    assert result.exit_code == 2
    assert "CONVERTER_MAX_INPUT_MB" in result.stderr and "big.txt" in result.stderr
    piped = invoke("build", "-", "-o", tmp_path / "out", "-t", "json", input=big.read_bytes())
    assert piped.exit_code == 2 and "CONVERTER_MAX_INPUT_MB" in piped.stderr
    small = tmp_path / "small.txt"
    small.write_text(CLEAN, encoding="utf-8")
    assert invoke("build", small, "-o", tmp_path / "out", "-t", "json").exit_code == 0


def test_reading_a_fifo_in_a_folder_is_a_failure_not_a_hang(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    os.mkfifo(inbox / "fifo.txt")
    (inbox / "ok.txt").write_text(CLEAN, encoding="utf-8")
    result = run("build", inbox, "-o", tmp_path / "out", "-t", "json", timeout=30)
    assert_clean(result.returncode, result.stderr, tmp_path / "out", (1,))
    assert (tmp_path / "out" / "ok.json").is_file()


# --- item 8: square brackets are text, never markup; a file name is not a glob --------------------


BRACKETS = "关于[/表格]事项的通知\n各单位：\n内部资料[/注意保存]要求[final]和[bold red]醒目[/]的内容写在这里。\n"


def test_brackets_in_text_reach_every_view(tmp_path: Path) -> None:
    source = tmp_path / "notice [final].txt"
    source.write_text(BRACKETS, encoding="utf-8")
    tree = invoke("outline", source)
    assert tree.exit_code == 0, tree.output
    assert "[/表格]" in tree.stdout and "[final]" in tree.stdout and "[bold red]" in tree.stdout
    checked = invoke("check", source)
    assert (checked.exit_code in (0, 1) and checked.exception is None) or isinstance(checked.exception, SystemExit)
    out = tmp_path / "out"
    built = invoke("build", source, "-o", out, "-t", "json")  # names an existing file: not a glob
    assert built.exit_code == 0, built.output
    assert "[final]" in built.stdout
    assert (out / "notice [final].json").is_file()


def test_bracket_type_in_outline_json_is_a_message(tmp_path: Path) -> None:
    tree = tmp_path / "[x].json"
    tree.write_text(json.dumps({"title": "t", "children": [{"type": "[/]"}]}), encoding="utf-8")
    result = invoke("build", tree, "-o", tmp_path / "out", "-t", "json")
    assert result.exit_code == 2
    assert "[/]" in result.stderr and "[x].json" in result.stderr


def test_missing_file_message_keeps_brackets(tmp_path: Path) -> None:
    result = invoke("build", tmp_path / "gone [final].txt", "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "gone [final].txt" in result.stderr


# --- item 10: long names -------------------------------------------------------------------------


def test_long_file_names_build_and_are_shortened_with_a_message(tmp_path: Path) -> None:
    stem = "关于" + "做好防汛工作" * 13 + "的通知"  # 82 characters, 246 bytes: the longest .txt name allowed
    source = tmp_path / f"{stem}.txt"
    source.write_text(CLEAN, encoding="utf-8")
    assert len(source.name.encode()) <= 255
    out = tmp_path / "out"
    result = invoke("build", source, "-o", out, "-t", "json,docx", "--report", "--json")
    assert result.exit_code == 0, result.output
    [entry] = json.loads(result.stdout)["files"]
    assert [o["format"] for o in entry["outputs"]] == ["report", "json", "docx"]
    assert "name-shortened" in {w["code"] for w in entry["warnings"]}
    for output in entry["outputs"]:
        path = Path(output["path"])
        assert path.is_file() and len(path.name.encode()) <= 255
        assert stem.startswith(path.name.split(".")[0])
    assert not parts_left(out)


def test_a_244_byte_name_is_not_shortened(tmp_path: Path) -> None:
    stem = "甲" * 80  # 240 bytes + ".txt" = 244
    source = tmp_path / f"{stem}.txt"
    source.write_text(CLEAN, encoding="utf-8")
    out = tmp_path / "out"
    result = invoke("build", source, "-o", out, "-t", "docx,epub")
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == {f"{stem}.docx", f"{stem}.epub"}


# --- item 11: every failure is kept -------------------------------------------------------------


class _BrokenWriter:
    def __init__(self, name: str) -> None:
        self.name, self.suffix, self.description = name, f".{name}", "always fails"

    def write(self, doc, style, path, options) -> WriteResult:
        raise RuntimeError(f"{self.name} is broken")


def test_every_failing_format_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "load_writer", _BrokenWriter)
    source = tmp_path / "a.txt"
    source.write_text(CLEAN, encoding="utf-8")
    result = invoke("build", source, "-o", tmp_path / "out", "-t", "docx,pdf,epub", "--json", "-j", "1")
    assert result.exit_code == 1
    [entry] = json.loads(result.stdout)["files"]
    assert [(e["format"], e["code"]) for e in entry["errors"]] == [
        ("docx", "writer-failed"),
        ("pdf", "writer-failed"),
        ("epub", "writer-failed"),
    ]
    assert all(f"{name} is broken" in result.stderr for name in ("docx", "pdf", "epub"))


# --- item 12: one build per output folder --------------------------------------------------------


def test_a_second_build_into_a_busy_folder_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "x.txt"
    source.write_text(CLEAN, encoding="utf-8")
    out = tmp_path / "out"
    with pipeline.locked_output_dir(out):
        result = run("build", source, "-o", out, "-t", "json", "--json", timeout=60)
        assert result.returncode == 2
        message = json.loads(result.stdout)["error"]["message"]
        assert "another converter build" in message and str(out) in message
        assert list(out.iterdir()) == []
    assert not out.exists()  # made for the lock, removed again when left empty
    assert run("build", source, "-o", out, "-t", "json", timeout=60).returncode == 0


@pytest.mark.slow
def test_concurrent_builds_never_mix_outputs(tmp_path: Path) -> None:
    a, b = tmp_path / "a" / "x.txt", tmp_path / "b" / "x.txt"
    for path, heading in ((a, "甲方要求"), (b, "乙方要求")):
        path.parent.mkdir()
        path.write_text(CLEAN.replace("总体要求", heading), encoding="utf-8")
    out = tmp_path / "out"
    builds = [start("build", src, "-o", out, "-t", "json,docx") for src in (a, b)]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in builds]
    for code, stderr in results:
        assert_clean(code, stderr, out, (0, 2))
    assert 0 in [code for code, _ in results]
    written = json.loads((out / "x.json").read_text(encoding="utf-8"))
    heading = written["children"][0]["heading"]
    import docx

    assert any(heading in p.text for p in docx.Document(str(out / "x.docx")).paragraphs)  # one input's outputs
    for p in builds:
        p.stdout.close()
        p.stderr.close()


# --- hostile text, generated -------------------------------------------------------------------

HOSTILE_PIECES = [
    *"关于通知各单位一二三、（）：，。“”‘’【】[]/\\{}<>&;'\"#*_`~|$%^=+-—…·",
    *["\n", "\n\n", " ", "\t", "\u3000", "\f", "\r"],
    *["A", "z", "9", "é", "\u0301", "\u200d", "\u200b", "\ufeff", "😀", "👩\u200d💻", "𠀀", "한", "\x0b", "\x1b"],
    *["[/]", "[bold]", "[/表格]", "https://example.gov.cn/a?b=c&d=e", "W" * 60],
]
HOSTILE = st.lists(st.sampled_from(HOSTILE_PIECES), min_size=1, max_size=80).map("".join)


def _expected_characters(text: str) -> set[str]:
    return {c for c in fold(text) if c.isprintable()}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=HOSTILE)
def test_hostile_text_is_built_or_refused_cleanly(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    folder = tmp_path_factory.mktemp("hostile")
    source = folder / "in.txt"
    source.write_bytes(("标题\n" + text).encode("utf-8"))
    out = folder / "out"
    result = invoke("build", source, "-o", out, "-t", "json,docx", "--json", "--report")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 2), result.output
    summary = json.loads(result.stdout)
    assert summary["schema"] == 1 and summary["exit_code"] == result.exit_code
    assert not parts_left(out)
    if result.exit_code == 2:
        with pytest.raises(ReadError):
            parse_file(source)
        return
    kept = fold("".join(Document.from_dict(json.loads((out / "in.json").read_text(encoding="utf-8"))).text_pieces()))
    report = json.loads((out / "in.report.json").read_text(encoding="utf-8"))
    befores = "".join(c["before"] for c in report["changes"])
    reported = fold(befores) + befores  # a change's own characters too: fold makes "--" one "—"
    warned = " ".join(w["message"] for w in report["warnings"])
    warned += " ".join(w["message"] for f in summary["files"] for w in f["warnings"])
    import docx

    shown = fold("\n".join(p.text for p in docx.Document(str(out / "in.docx")).paragraphs))
    for output, seen in (("json", kept), ("docx", shown)):
        lost = {
            c for c in _expected_characters("标题\n" + text) if c not in seen and c not in reported and c not in warned
        }
        assert not lost, (output, lost, text)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 10**6) | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                ["type", "title", "level", "heading", "marker", "text", "children", "points", "runin", "[/]"]
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=20,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tree=JSON_VALUES)
def test_hostile_outline_json_is_built_or_refused_cleanly(tmp_path_factory: pytest.TempPathFactory, tree) -> None:
    folder = tmp_path_factory.mktemp("outline")
    source = folder / "tree.json"
    source.write_text(
        json.dumps({"title": "标题", "children": [tree]} if isinstance(tree, dict) else tree), encoding="utf-8"
    )
    out = folder / "out"
    result = invoke("build", source, "-o", out, "-t", "json", "--json")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 2), result.output
    assert json.loads(result.stdout)["exit_code"] == result.exit_code
    assert not parts_left(out)


def test_no_thread_or_handler_left_behind(tmp_path: Path) -> None:
    """A build in-process restores the caller's signal handlers (the API is used inside programs)."""
    before = {s: signal.getsignal(s) for s in pipeline.STOP_SIGNALS}
    threads = threading.active_count()
    source = tmp_path / "a.txt"
    source.write_text(CLEAN, encoding="utf-8")
    assert invoke("build", source, "-o", tmp_path / "out", "-t", "json").exit_code == 0
    assert {s: signal.getsignal(s) for s in pipeline.STOP_SIGNALS} == before
    assert threading.active_count() == threads


@POSIX
def test_sigterm_outside_the_build_is_exit_143(tmp_path: Path) -> None:
    """Waiting on standard input (before any build starts): SIGTERM still ends with 143, no traceback."""
    out = tmp_path / "out"
    waiting = subprocess.Popen(
        [sys.executable, "-m", "converter", "build", "-", "-o", str(out), "-t", "json"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(3)  # well past start-up: it is blocked reading standard input
    waiting.send_signal(signal.SIGTERM)
    _, stderr = waiting.communicate(timeout=30)
    assert_clean(waiting.returncode, stderr, out, (143,))
    assert not out.exists()
