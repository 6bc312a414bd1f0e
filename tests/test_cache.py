"""converter.cache: facts kept between runs, keyed by a file's identity; never a reason to fail."""

from __future__ import annotations

import os
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
