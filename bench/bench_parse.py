"""Parse time for the sample and a 100-fold concatenation, with and without the change log.

Run: python bench/bench_parse.py        (prints figures; no pass/fail)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from converter.reading import parse_bytes
from converter.reading.report import Report, SilentReport

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "seeds" / "speech-theory-study-2025.txt"


def timed(data: bytes, runs: int) -> tuple[float, float]:
    """Best times with and without the change log, runs interleaved so drift hits both alike."""
    times: dict[type[Report], list[float]] = {Report: [], SilentReport: []}
    for _ in range(runs):
        for report_type, bucket in times.items():
            t0 = time.perf_counter()
            parse_bytes(data, report_type())
            bucket.append(time.perf_counter() - t0)
    return min(times[Report]), min(times[SilentReport])


def main() -> None:
    sample = SAMPLE.read_bytes()
    big = b"\n".join([sample] * 100)
    rows = []
    for label, data, runs in (("sample", sample, 50), ("100-fold", big, 9)):
        with_log, without = timed(data, runs)
        rows.append((label, len(data.decode()), with_log, without))
    print("best of interleaved runs")
    print(f"{'input':10} {'chars':>8} {'parse s':>9} {'no log s':>9} {'log cost':>9}")
    for label, chars, with_log, without in rows:
        print(f"{label:10} {chars:8d} {with_log:9.4f} {without:9.4f} {with_log / without - 1:9.1%}")
    ratio = rows[1][2] / rows[0][2]
    print(f"growth: 100-fold / sample = {ratio:.0f}x (linear would be ~100x)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
