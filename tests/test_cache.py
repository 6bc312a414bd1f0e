"""converter.cache: facts kept between runs, keyed by a file's identity; never a reason to fail."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

from converter import cache


@pytest.fixture()
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CONVERTER_CACHE_DIR", str(folder))
    monkeypatch.delenv("CONVERTER_NO_CACHE", raising=False)
    return folder


def counting(value: object) -> tuple[list[int], object]:
    calls: list[int] = []

    def compute() -> object:
        calls.append(1)
        return value

    return calls, compute


def test_second_call_reads_the_entry(cache_dir: Path) -> None:
    calls, compute = counting({"a": [1, 2], "b": (3.5, None)})
    first = cache.cached("kind", ("k", 1), compute)
    second = cache.cached("kind", ("k", 1), compute)
    assert first == second == {"a": [1, 2], "b": (3.5, None)}
    assert len(calls) == 1
    assert len(list((cache_dir / "kind").iterdir())) == 1


def test_another_key_is_another_entry(cache_dir: Path) -> None:
    calls, compute = counting([1])
    cache.cached("kind", ("k", 1), compute)
    cache.cached("kind", ("k", 2), compute)
    assert len(calls) == 2


def test_a_corrupt_entry_is_computed_again_and_replaced(cache_dir: Path) -> None:
    calls, compute = counting([1, 2, 3])
    cache.cached("kind", ("k",), compute)
    (entry,) = (cache_dir / "kind").iterdir()
    entry.write_bytes(b"\x00not marshal")
    assert cache.cached("kind", ("k",), compute) == [1, 2, 3]
    assert cache.cached("kind", ("k",), compute) == [1, 2, 3]
    assert len(calls) == 2


def test_switched_off_computes_every_time_and_writes_nothing(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONVERTER_NO_CACHE", "1")
    calls, compute = counting(7)
    assert cache.cached("kind", ("k",), compute) == 7
    assert cache.cached("kind", ("k",), compute) == 7
    assert len(calls) == 2
    assert not cache_dir.exists()


def test_an_unwritable_cache_folder_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("CONVERTER_CACHE_DIR", str(blocker / "cache"))
    calls, compute = counting("value")
    assert cache.cached("kind", ("k",), compute) == "value"
    assert cache.cached("kind", ("k",), compute) == "value"
    assert len(calls) == 2


def test_a_failing_computation_is_not_cached(cache_dir: Path) -> None:
    def broken() -> object:
        raise ValueError("not a font")

    with pytest.raises(ValueError):
        cache.cached("kind", ("k",), broken)
    assert not (cache_dir / "kind").exists()


def test_file_key_follows_content_changes(tmp_path: Path) -> None:
    path = tmp_path / "f.bin"
    path.write_bytes(b"one")
    before = cache.file_key(path)
    path.write_bytes(b"three")
    assert cache.file_key(path) != before  # size changed
    os.utime(path, ns=(1, 1))
    touched = cache.file_key(path)
    os.utime(path, ns=(2, 2))
    assert cache.file_key(path) != touched  # same size, new modification time


def test_default_folder_is_the_platforms_user_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    from platformdirs import user_cache_dir

    monkeypatch.delenv("CONVERTER_CACHE_DIR")
    assert cache.cache_dir() == Path(user_cache_dir("converter", appauthor=False))


# ------------------------------------------------------------------ anything odd is a miss, never a failure or a hang


def _entry(cache_dir: Path) -> Path:
    cache.cached("kind", ("k",), lambda: [1, 2, 3])
    (entry,) = (cache_dir / "kind").iterdir()
    return entry


def _recomputed(cache_dir: Path) -> None:
    """The entry is a miss: the value is computed again, correct, and a sound entry written back."""
    calls, compute = counting([1, 2, 3])
    assert cache.cached("kind", ("k",), compute) == [1, 2, 3]
    assert len(calls) == 1


def _in_time(action: object, seconds: float = 20.0) -> None:
    import threading

    done = threading.Event()

    def run() -> None:
        action()  # type: ignore[operator]
        done.set()

    threading.Thread(target=run, daemon=True).start()
    assert done.wait(seconds), "the cache hung on an odd entry"


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: marshal.dumps(5),  # valid marshal, wrong shape: 'int' object is not iterable
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),  # one bit flipped
        lambda data: b"",
    ],
    ids=["wrong-value", "truncated", "bit-flip", "empty"],
)
def test_a_damaged_entry_is_a_miss(cache_dir: Path, damage: object) -> None:
    entry = _entry(cache_dir)
    entry.write_bytes(damage(entry.read_bytes()))  # type: ignore[operator]
    _recomputed(cache_dir)


def test_an_entry_of_another_key_is_a_miss(cache_dir: Path) -> None:
    cache.cached("kind", ("other",), lambda: 5)
    (other,) = (cache_dir / "kind").iterdir()
    foreign = other.read_bytes()
    other.unlink()
    entry = _entry(cache_dir)
    entry.write_bytes(foreign)
    _recomputed(cache_dir)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_entry_is_a_miss_not_a_hang(cache_dir: Path) -> None:
    entry = _entry(cache_dir)
    entry.unlink()
    os.mkfifo(entry)
    _in_time(lambda: _recomputed(cache_dir))


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this system")
def test_an_endless_entry_is_a_miss_with_a_bounded_read(cache_dir: Path) -> None:
    entry = _entry(cache_dir)
    entry.unlink()
    entry.symlink_to("/dev/zero")
    _in_time(lambda: _recomputed(cache_dir))


def test_a_huge_or_folder_entry_is_a_miss(cache_dir: Path) -> None:
    entry = _entry(cache_dir)
    with entry.open("r+b") as fh:
        fh.truncate(cache.MAX_ENTRY_BYTES + 1)  # sparse: costs no disk, and must not be read
    _recomputed(cache_dir)
    entry.unlink()
    entry.mkdir()
    _recomputed(cache_dir)


def test_font_commands_survive_a_poisoned_cache(cache_dir: Path, tmp_path: Path) -> None:
    """Every entry the real font lookup and a PDF build wrote, replaced by a wrong value or a FIFO: still no
    traceback, and the same PDF. (The build fills the cache from the bundled faces, so the test does not depend
    on which system fonts the machine has.)"""
    from conftest import SAMPLE

    env = {**os.environ, "CONVERTER_CACHE_DIR": str(cache_dir), "SOURCE_DATE_EPOCH": "1700000000"}
    cli = [sys.executable, "-c", "from converter.app.cli import main; main()"]
    runs = [[*cli, "fonts"], [*cli, "build", str(SAMPLE), "-t", "pdf", "-o", str(tmp_path / "out"), "-q"]]
    for run in runs:
        assert subprocess.run(run, env=env, capture_output=True, timeout=300).returncode == 0
    first = (tmp_path / "out" / f"{SAMPLE.stem}.pdf").read_bytes()
    entries = [p for p in cache_dir.rglob("*.marshal")]
    assert entries
    for number, entry in enumerate(entries):
        entry.unlink()
        if number % 2 and hasattr(os, "mkfifo"):
            os.mkfifo(entry)
        else:
            entry.write_bytes(marshal.dumps(number))
    for run in runs:
        again = subprocess.run(run, env=env, capture_output=True, text=True, timeout=300)
        assert again.returncode == 0 and "Traceback" not in again.stderr, again.stderr
    assert (tmp_path / "out" / f"{SAMPLE.stem}.pdf").read_bytes() == first
