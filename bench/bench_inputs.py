"""Read time for a DOCX of about 30 printed pages and for Markdown of the same size (target: DOCX ≤ 1 s).

The DOCX is made the way tests/made_inputs.py makes the messy notice (manual spaces, hand-typed
markers, Word numbering, a table per part), repeated until its gongwen PDF runs to 30 pages;
the page count is measured once by building that PDF, then only reading is timed.

Run: python bench/bench_inputs.py        (prints figures; no pass/fail)
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from converter import styles
from converter.reading import parse_bytes
from converter.writers.base import WriteOptions, load_writer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from made_inputs import CHAT_MARKDOWN, messy_notice  # noqa: E402

PARTS = 14  # parts of the notice: about 30 pages in gongwen
RUNS = 7


def best(data: bytes, name: str) -> tuple[float, int]:
    times = []
    reading = None
    for _ in range(RUNS):
        t0 = time.perf_counter()
        reading = parse_bytes(data, name=name)
        times.append(time.perf_counter() - t0)
    assert reading is not None
    return min(times), len("".join(reading.document.text_pieces()))


def pages(data: bytes, name: str, folder: Path) -> int:
    doc = parse_bytes(data, name=name).document
    result = load_writer("pdf").write(doc, styles.load("gongwen"), folder / "bench.pdf", WriteOptions())
    return result.pages or 0


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        docx = messy_notice(Path(folder) / "bench.docx", pages=PARTS).read_bytes()
        markdown = "\n".join([CHAT_MARKDOWN] * 40).encode()
        print(f"best of {RUNS} reads")
        print(f"{'input':10} {'bytes':>8} {'chars':>7} {'pages':>6} {'read s':>8}")
        for label, data, name in (("docx", docx, "bench.docx"), ("markdown", markdown, "bench.md")):
            seconds, chars = best(data, name)
            print(f"{label:10} {len(data):8d} {chars:7d} {pages(data, name, Path(folder)):6d} {seconds:8.3f}")


if __name__ == "__main__":
    main()
