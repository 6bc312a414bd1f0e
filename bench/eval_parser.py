"""How well the reading chain recovers the structure of documents it has never seen.

Two corpora. The synthetic trees in tests/corpus are rendered in every shape of the fixed
grid. The real documents in tests/corpus/real (or ``--real DIR``) are read as published and
in every grid shape rendered from their truth (hard-wrapped, GB18030, page artefacts); they
are reported per kind and per split (dev: rules may be tuned on it; holdout: only measured).
Figures per row: title exact, v2 fields exact (of those the truth has), heading F1 (level +
marker + text), article recall, paragraph-start F1 (all shapes, and hard-wrapped shapes
alone), characters lost, crashes. ``--details`` lists each miss.

    python bench/eval_parser.py [--seeds 20] [--real DIR] [--details] [--only-real]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from render_messy import GRID, Shape, random_shape
from scoring import REAL, Counts, Score, corpus, evaluate, evaluate_text, real_corpus

TARGETS = (
    "targets (issue 14): title ≥ 0.95, fields ≥ 0.95, heading F1 ≥ 0.95, article recall ≥ 0.98, "
    "wrapped paragraph-start F1 ≥ 0.97, chars lost 0, crashes 0"
)
HEADER = (
    f"{'':30} {'cases':>5} {'title':>6} {'fields':>6} {'headF1':>6} {'artRec':>6} {'paraF1':>6} "
    f"{'wrapF1':>6} {'lost':>6} {'crash':>5}"
)


class Tally:
    """Sums one row of the table."""

    def __init__(self) -> None:
        self.cases = self.titles = self.crashes = self.lost = 0
        self.fields: Counter[bool] = Counter()
        self.headings = Counts()
        self.articles = Counts()
        self.paragraphs = Counts()
        self.wrapped = Counts()

    def add(self, s: Score | None, wrapped: bool) -> None:
        self.cases += 1
        if s is None:
            self.crashes += 1
            return
        self.titles += s.title_ok
        self.lost += s.chars_lost
        self.fields.update(s.fields_right.values())
        self.headings += s.headings
        self.articles += s.articles
        self.paragraphs += s.paragraphs
        if wrapped:
            self.wrapped += s.paragraphs

    def row(self, label: str) -> str:
        present = sum(self.fields.values())
        fields = f"{self.fields[True] / present:6.2f}" if present else f"{'-':>6}"
        wanted = self.articles.tp + self.articles.fn
        recall = f"{self.articles.tp / wanted:6.3f}" if wanted else f"{'-':>6}"
        title = self.titles / max(1, self.cases)
        return (
            f"{label:30} {self.cases:5} {title:6.2f} {fields} {self.headings.f1:6.3f} {recall} "
            f"{self.paragraphs.f1:6.3f} {self.wrapped.f1:6.3f} {self.lost:6} {self.crashes:5}"
        )


def run(label: str, score: Callable[[], Score], wrapped: bool, rows: list[Tally], failures: list[str]) -> None:
    try:
        s: Score | None = score()
    except Exception as exc:  # a crash is a result here, not the end of the run
        s = None
        failures.append(f"- {label} CRASH {type(exc).__name__}: {exc}")
    for tally in rows:
        tally.add(s, wrapped)
    if s is not None and (not s.ok or s.meta):
        failures.append(_detail(label, s))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=0, help="also this many random shapes per document")
    parser.add_argument("--real", type=Path, default=REAL, help="folder of real NAME.txt + NAME.json (v2 truth)")
    parser.add_argument("--only-real", action="store_true", help="skip the synthetic corpus")
    parser.add_argument("--details", action="store_true", help="print every failing case with its misses")
    parser.add_argument("--split", choices=("dev", "holdout"), help="only this split of the real corpus")
    args = parser.parse_args()
    shapes: list[Shape] = list(GRID) + [random_shape(1000 + i) for i in range(args.seeds)]
    failures: list[str] = []
    start = time.perf_counter()
    print(TARGETS)
    if not args.only_real:
        by_doc: dict[str, Tally] = defaultdict(Tally)
        overall = Tally()
        for name, truth in corpus().items():
            for shape in shapes:
                run(f"{name} | {shape.name}", lambda t=truth, sh=shape: evaluate(t, sh)[0], shape.layout == "wrap",
                    [by_doc[name], overall], failures)  # fmt: skip
        _table("synthetic corpus, per document", by_doc, overall)
    real = real_corpus(args.real) if args.real.is_dir() else {}
    real = {name: doc for name, doc in real.items() if args.split in (None, doc.split)}
    if real:
        as_published: dict[str, Tally] = defaultdict(Tally)
        messy: dict[str, Tally] = defaultdict(Tally)
        for doc in real.values():
            key = f"{doc.split:7} {doc.kind}"
            run(f"{doc.name} | as published", lambda d=doc: evaluate_text(d.truth, d.source), False,
                [as_published[key], as_published[f"{doc.split:7} ALL"]], failures)  # fmt: skip
            for shape in shapes:
                run(f"{doc.name} | {shape.name}", lambda d=doc, sh=shape: evaluate(d.truth, sh)[0],
                    shape.layout == "wrap", [messy[key], messy[f"{doc.split:7} ALL"]], failures)  # fmt: skip
        splits = Counter(d.split for d in real.values())
        print(f"\nreal corpus: {len(real)} documents ({', '.join(f'{n} {s}' for s, n in sorted(splits.items()))})")
        _table("real, as published (per split, kind)", dict(sorted(as_published.items())))
        _table(f"real, {len(shapes)} messy shapes each", dict(sorted(messy.items())))
    print(f"\n{time.perf_counter() - start:.1f} s")
    if args.details:
        print("\n" + "\n".join(failures))


def _table(title: str, rows: dict[str, Tally], overall: Tally | None = None) -> None:
    print("\n" + HEADER.replace(" " * 30, f"{title:30}", 1))
    for key, tally in rows.items():
        print(tally.row(key))
    if overall is not None:
        print(overall.row("OVERALL"))


def _detail(label: str, s: Score) -> str:
    lines = [f"- {label}"]
    if not s.title_ok:
        lines.append(f"    title: expected {s.title[0]!r} got {s.title[1]!r}")
    for name, items in (("heading missed", s.heading_misses), ("heading spurious", s.heading_extras),
                        ("paragraph missed", s.paragraph_misses), ("paragraph spurious", s.paragraph_extras),
                        ("characters", s.char_diff)):  # fmt: skip
        for item in items[:4]:
            lines.append(f"    {name}: {str(item)[:90]}")
    for key, (want, got) in s.meta.items():
        lines.append(f"    {key}: expected {str(want)[:60]!r} got {str(got)[:60]!r}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
