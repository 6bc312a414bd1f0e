"""Parse time for the sample and a 100-fold concatenation, with and without the change log.

Run: python bench/bench_parse.py        (prints figures; no pass/fail)
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from converter.reading import parse_bytes
from converter.reading.report import Report, SilentReport

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "seeds" / "speech-theory-study-2025.txt"


def timed(data: bytes, report_type: type[Report], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        parse_bytes(data, report_type())
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    sample = SAMPLE.read_bytes()
    big = b"\n".join([sample] * 100)
    rows = []
    for label, data, runs in (("sample", sample, 30), ("100-fold", big, 7)):
        with_log = timed(data, Report, runs)
        without = timed(data, SilentReport, runs)
        rows.append((label, len(data.decode()), with_log, without))
    print(f"{'input':10} {'chars':>8} {'parse s':>9} {'no log s':>9} {'log cost':>9}")
    for label, chars, with_log, without in rows:
        print(f"{label:10} {chars:8d} {with_log:9.4f} {without:9.4f} {with_log / without - 1:9.1%}")
    ratio = rows[1][2] / rows[0][2]
    print(f"growth: 100-fold / sample = {ratio:.0f}x (linear would be ~100x)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
