"""Build times and sizes: each writer in-process, the whole CLI cold, a large document, a folder.

Run: python bench/bench_build.py [--quick]     (prints figures; no pass/fail)

Cold runs are timed as an installed converter runs: its modules byte-compiled (pip compiles
a wheel on install; an editable install under PYTHONDONTWRITEBYTECODE=1 never does, so
this script compiles converter/ first) and the font cache (converter.cache) filled by an
earlier build. The first build on a machine (empty font cache) and a run without bytecode
are timed too, so the cost of each is visible.

Targets from the issues, for reading the figures: sample → DOCX+PDF+EPUB in one cold
`converter build` ≤ 1.0 s; the 100-fold document (~290k chars) per writer ≤ 1.5 s (DOCX),
≤ 3 s (PDF), ≤ 1 s (EPUB), all three in one process ≤ 4 s; 50 sample-sized files with -j 2
≤ 15 s; the sample's PDF ≤ 400 KB and its EPUB with embedded fonts ≤ 600 KB.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "seeds" / "speech-theory-study-2025.txt"
CLI = [sys.executable, "-m", "converter.app.cli"]


def wall(args: list[str], runs: int, env: dict[str, str] | None = None, fresh_cache: Path | None = None) -> float:
    """Median wall time of ``runs`` runs; ``fresh_cache``: an empty font cache folder for every run."""
    times = []
    for i in range(runs):
        extra = dict(env or {})
        if fresh_cache is not None:
            extra["CONVERTER_CACHE_DIR"] = str(fresh_cache / str(i))
        t0 = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, env={**os.environ, **extra})
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def in_process(big: Path, out: Path) -> None:
    from converter import styles
    from converter.reading import parse_file
    from converter.writers.base import WriteOptions, load_writer

    style = styles.load("gongwen")
    print(f"{'writer':6} {'input':9} {'first s':>8} {'again s':>8} {'size KB':>8} {'pages':>6}")
    for name in ("docx", "pdf", "epub"):
        writer = load_writer(name)
        for label, source in (("sample", SAMPLE), ("100-fold", big)):
            doc = parse_file(source).document
            target = out / f"{label}{writer.suffix}"
            timings = []
            for _ in range(2):
                t0 = time.perf_counter()
                result = writer.write(doc, style, target, WriteOptions())
                timings.append(time.perf_counter() - t0)
            print(
                f"{name:6} {label:9} {timings[0]:8.2f} {timings[1]:8.2f} {target.stat().st_size / 1024:8.0f} "
                f"{result.pages or '':>6}"
            )
    embedded = out / "embedded.epub"
    load_writer("epub").write(parse_file(SAMPLE).document, style, embedded, WriteOptions(embed_fonts=True))
    print(f"sample EPUB with embedded fonts: {embedded.stat().st_size / 1024:.0f} KB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    runs = 3 if args.quick else 5
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        big = work / "hundredfold.txt"
        big.write_text("\n".join([SAMPLE.read_text(encoding="utf-8")] * 100), encoding="utf-8")
        print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
        in_process(big, work)
        print()
        sample_all = [*CLI, "build", str(SAMPLE), "-q", "-o", str(work / "cold")]
        wall(sample_all, 1)  # fills the font cache
        for cached in (ROOT / "converter").rglob("__pycache__"):  # generated files; rebuilt just below
            shutil.rmtree(cached)
        uncompiled = wall(sample_all, runs, env={"PYTHONDONTWRITEBYTECODE": "1"})
        compileall.compile_dir(ROOT / "converter", quiet=1)
        cold = wall(sample_all, runs)
        print(f"cold CLI, sample -> docx,pdf,epub: {cold:.2f} s median of {runs}")
        first = wall(sample_all, runs, fresh_cache=work / "caches")
        print(f"  the same, first build on a machine (empty font cache): {first:.2f} s")
        print(f"  the same, converter compiled from source on every run: {uncompiled:.2f} s")
        json_only = wall([*CLI, "build", str(SAMPLE), "-q", "-t", "json", "-o", str(work / "cold")], runs)
        print(f"cold CLI, sample -> json (start-up + parse): {json_only:.2f} s")
        large = wall([*CLI, "build", str(big), "-q", "-o", str(work / "big")], 1)
        print(f"cold CLI, 100-fold ({len(big.read_text(encoding='utf-8'))} chars) -> docx,pdf,epub: {large:.2f} s")
        folder = work / "folder"
        folder.mkdir()
        for i in range(50):
            shutil.copy(SAMPLE, folder / f"doc{i:02d}.txt")
        many = wall([*CLI, "build", str(folder), "-q", "-j", "2", "-o", str(work / "many")], 1)
        print(f"cold CLI, 50 sample-sized files -> docx,pdf,epub with -j 2: {many:.2f} s")
        print(f"sample PDF: {(work / 'cold' / (SAMPLE.stem + '.pdf')).stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
