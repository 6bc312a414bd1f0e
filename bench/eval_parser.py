"""How well the reading chain recovers the structure of documents it has never seen.

Renders every tree in tests/corpus in every shape of the fixed grid (plus ``--seeds N``
random shapes), parses the bytes with ``parse_bytes`` and prints per-shape, per-document
and overall figures against the issue's targets. ``--details`` lists each miss.

    python bench/eval_parser.py [--seeds 20] [--details]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from render_messy import GRID, Shape, random_shape
from scoring import Counts, Score, corpus, evaluate

TARGETS = "targets: title 100%, heading F1 ≥ 0.97, paragraph-start F1 ≥ 0.95, characters 100%, crashes 0"


class Tally:
    """Sums one row of the table."""

    def __init__(self) -> None:
        self.cases = self.titles = self.chars = self.crashes = 0
        self.headings = Counts()
        self.paragraphs = Counts()

    def add(self, s: Score | None) -> None:
        self.cases += 1
        if s is None:
            self.crashes += 1
            return
        self.titles += s.title_ok
        self.chars += s.chars_kept
        self.headings += s.headings
        self.paragraphs += s.paragraphs

    def row(self, label: str) -> str:
        ok = self.titles == self.cases and self.chars == self.cases and not self.crashes
        ok = ok and self.headings.f1 >= 0.97 and self.paragraphs.f1 >= 0.95
        return (f"{label:34} {self.cases:5} {self.titles:4}/{self.cases:<3} {self.headings.f1:8.3f} "
                f"{self.paragraphs.f1:8.3f} {self.chars:4}/{self.cases:<3} {self.crashes:6}  {'ok' if ok else 'MISS'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=0, help="also this many random shapes per document")
    parser.add_argument("--details", action="store_true", help="print every failing case with its misses")
    args = parser.parse_args()
    docs = corpus()
    shapes: list[Shape] = list(GRID) + [random_shape(1000 + i) for i in range(args.seeds)]
    by_shape: dict[str, Tally] = defaultdict(Tally)
    by_doc: dict[str, Tally] = defaultdict(Tally)
    overall = Tally()
    failures: list[str] = []
    start = time.perf_counter()
    for name, truth in docs.items():
        for shape in shapes:
            try:
                s, description = evaluate(truth, shape)
            except Exception as exc:  # a crash is a result here, not the end of the run
                s, description = None, f"{shape.name}: {type(exc).__name__}: {exc}"
            group = shape.name if not shape.name.startswith("seed") else "random shapes"
            for tally in (by_shape[group], by_doc[name], overall):
                tally.add(s)
            if s is None or not s.ok or s.meta:
                failures.append(_detail(name, str(description), s))
    elapsed = time.perf_counter() - start
    header = f"{'':34} {'cases':>5} {'title':>8} {'head F1':>8} {'para F1':>8} {'chars':>8} {'crash':>6}"
    print(TARGETS)
    print(f"{len(docs)} documents × {len(shapes)} shapes, {elapsed:.1f} s\n")
    for title, table in (("per shape", by_shape), ("per document", by_doc)):
        print(header.replace(" " * 34, f"{title:34}", 1))
        for key, tally in table.items():
            print(tally.row(key))
        print()
    print(header)
    print(overall.row("OVERALL"))
    if args.details:
        print("\n" + "\n".join(failures))


def _detail(name: str, description: str, s: Score | None) -> str:
    lines = [f"- {name} | {description}"]
    if s is None:
        return lines[0] + " CRASH"
    if not s.title_ok:
        lines.append(f"    title: expected {s.title[0]!r} got {s.title[1]!r}")
    for label, items in (("heading missed", s.heading_misses), ("heading spurious", s.heading_extras),
                         ("paragraph missed", s.paragraph_misses), ("paragraph spurious", s.paragraph_extras),
                         ("characters", s.char_diff)):
        for item in items[:4]:
            lines.append(f"    {label}: {str(item)[:90]}")
    for key, (want, got) in s.meta.items():
        lines.append(f"    {key}: expected {want!r} got {got!r}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
