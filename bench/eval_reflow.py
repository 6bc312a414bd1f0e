"""How well clean + reflow recover paragraphs from hard-wrapped text, and whether they lose characters.

Reads documents written one paragraph per line (``*.txt``, with an optional ``*.json`` truth
tree beside each, whose ``title`` says which opening lines a typesetter would break as a title),
lays each out as a PDF extraction would (wrapped at a measure with kinsoku, ASCII punctuation,
page numbers in many forms, running headers, GB18030 …), runs decode → clean → normalise →
reflow and prints, per document kind and overall, paragraph-start F1 (where each paragraph
begins, punctuation folded) and characters lost (input minus inserted artefacts, that no
paragraph holds) or left over (artefacts kept).

    python bench/eval_reflow.py tests/corpus/real [--split dev|holdout|all] [--details] [--pdf]

``--pdf`` adds a real extraction: each document built as a PDF by converter and read back with
pdftotext (a few minutes).

The split (dev / holdout) comes from the corpus's ``manifest.json``.
"""

from __future__ import annotations

import argparse
import difflib
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from render_messy import split_title, wrap
from scoring import fold

from converter.reading.clean import clean
from converter.reading.decode import decode
from converter.reading.headlines import is_doc_number
from converter.reading.normalise import normalise
from converter.reading.reflow import reflow
from converter.reading.report import Report

_DEGRADE = {"，": ",", "（": "(", "）": ")", "：": ":", "；": ";"}


@dataclass(frozen=True)
class Layout:
    name: str
    width: float
    indent: str = ""
    degrade: float = 0.0
    page_lines: int = 0
    page_form: str = "— {n} —"
    header: str | None = None
    encoding: str = "utf-8"
    form_feed: bool = False
    lost_indent: bool = False  # the first-line indent was set as space the extraction dropped


LAYOUTS = (
    Layout("w28", 28, degrade=0.3),
    Layout("w24-indent-dash", 24, indent="　　", degrade=0.5, page_lines=20),
    Layout(
        "w33-dot-header-gb",
        33,
        degrade=0.3,
        page_lines=26,
        page_form="· {n} ·",
        header="政务公开专栏",
        encoding="gb18030",
    ),
    Layout("w40-hyphen", 40, degrade=0.1, page_lines=30, page_form="- {n} -"),
    Layout("w20-period", 20, degrade=0.2, page_lines=18, page_form=".{n}."),
    Layout("w30-page-spaces", 30, indent="    ", page_lines=24, page_form="第 {n} 页", header="2025年第3期"),
    Layout("w26-bare-ff", 26, degrade=0.3, page_lines=22, page_form="{n}", form_feed=True),
    Layout("w29-lost-indent", 29, indent="　　", degrade=0.3, page_lines=22, page_form="- {n} -", lost_indent=True),
    Layout("one-per-line", 10_000, degrade=0.3, page_lines=40, page_form="— {n} —"),
    Layout("w36-comma", 36, degrade=0.6, page_lines=28, page_form="，{n},"),
)


def lay_out(paragraphs: list[str], title_lines: int, layout: Layout, seed: int) -> tuple[str, list[str], list[str]]:
    """(text, paragraphs as a reader should find them, artefact lines inserted)."""
    rng = random.Random(seed)
    truth = list(paragraphs)
    out: list[str] = []
    if title_lines:
        truth = ["".join(paragraphs[:title_lines]), *paragraphs[title_lines:]]
        out += paragraphs[:title_lines] if title_lines > 1 else split_title(truth[0], 2, layout.width)
    for text in truth[1 if title_lines else 0 :]:
        out += wrap(text, layout.width, layout.indent)
    if layout.lost_indent:
        out = [line.lstrip() for line in out]
    out = ["".join(_DEGRADE[c] if c in _DEGRADE and rng.random() < layout.degrade else c for c in line) for line in out]
    artefacts: list[str] = []
    if layout.page_lines:
        paged: list[str] = []
        for n, start in enumerate(range(0, len(out), layout.page_lines), 1):
            page = out[start : start + layout.page_lines]
            if n > 1 and layout.header:
                page = [layout.header, *page]
                artefacts.append(layout.header)
            if n > 1 and layout.form_feed:
                page[0] = "\f" + page[0]
            number = layout.page_form.format(n=n)
            paged += [*page, number]
            artefacts.append(number)
        out = paged
    return "\n".join(out) + "\n", truth, artefacts


def starts(pieces: list[str]) -> list[int]:
    offsets, at = [], 0
    for piece in pieces:
        folded = fold(piece)
        if folded:
            offsets.append(at)
        at += len(folded)
    return offsets


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    lost: int = 0
    kept: int = 0
    cases: int = 0

    def add(self, other: Tally) -> None:
        for name in ("tp", "fp", "fn", "lost", "kept", "cases"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def f1(self) -> float:
        return 1.0 if not (self.fp or self.fn) else 2 * self.tp / (2 * self.tp + self.fp + self.fn)


def evaluate(truth: list[str], found: list[str]) -> tuple[Tally, list[str]]:
    want, got = set(starts(truth)), set(starts(found))
    source, output = fold("".join(truth)), fold("".join(found))
    if source != output:  # artefacts left in or text lost: carry the found starts over to the source's offsets
        got = _aligned(got, output, source)
    lost = Counter(source) - Counter(output)
    kept = Counter(output) - Counter(source)
    tally = Tally(len(want & got), len(got - want), len(want - got), sum(lost.values()), sum(kept.values()), 1)
    misses = [f"  merged: …{output[max(0, i - 12) : i]}|{output[i : i + 12]}…" for i in sorted(want - got)]
    misses += [f"  split:  …{output[max(0, i - 12) : i]}|{output[i : i + 12]}…" for i in sorted(got - want)]
    if lost:
        misses.append(f"  lost: {''.join(lost.elements())[:80]}")
    if kept:
        misses.append(f"  left: {''.join(kept.elements())[:80]}")
    return tally, misses


def _aligned(offsets: set[int], output: str, source: str) -> set[int]:
    matcher = difflib.SequenceMatcher(None, output, source, autojunk=False)
    moved: set[int] = set()
    for tag, i1, i2, j1, _ in matcher.get_opcodes():
        if tag == "equal":
            moved |= {j1 + (o - i1) for o in offsets if i1 <= o < i2}
    return moved


def read_split(folder: Path) -> dict[str, str]:
    """File stem → 'dev' / 'holdout', from the corpus manifest (``manifest.json``: file, split)."""
    manifest = folder / "manifest.json"
    if not manifest.exists():
        return {}
    return {entry["file"]: entry.get("split", "dev") for entry in json.loads(manifest.read_text(encoding="utf-8"))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--split", default="all")
    parser.add_argument("--details", action="store_true")
    parser.add_argument("--only", default="", help="documents whose name contains this")
    parser.add_argument("--pdf", action="store_true", help="also: build each as PDF, read it back with pdftotext")
    args = parser.parse_args()
    split = read_split(args.folder)
    by_kind: dict[str, Tally] = defaultdict(Tally)
    by_layout: dict[str, Tally] = defaultdict(Tally)
    overall = Tally()
    seconds = 0.0
    paths = sorted((args.folder / "ann").glob("*.ann")) or sorted(args.folder.glob("*.txt"))
    paths = [
        p
        for p in paths
        if (args.split == "all" or split.get(p.stem, "dev") == args.split) and (not args.only or args.only in p.stem)
    ]
    documents = {path.stem: _read(path) for path in paths}
    cases: list[tuple[str, str, bytes, list[str]]] = []
    for stem, (paragraphs, title_lines) in documents.items():
        for n, layout in enumerate(LAYOUTS):
            text, truth, _ = lay_out(paragraphs, title_lines, layout, n)
            cases.append((stem, layout.name, text.encode(layout.encoding), truth))
    if args.pdf:
        cases += _pdf_cases(documents)
    for stem, layout_name, data, truth in cases:
        t0 = time.perf_counter()
        report = Report()
        raw = decode(data, report)
        found = [b.text for b in reflow(normalise(clean(raw, report), report), report)]
        seconds += time.perf_counter() - t0
        tally, misses = evaluate(truth, found)
        by_kind[stem.split("-")[0]].add(tally)
        by_layout[layout_name].add(tally)
        overall.add(tally)
        if args.details and misses:
            print(f"{stem} [{layout_name}] F1 {tally.f1:.3f}")
            print("\n".join(misses))
    print(f"{'':24} {'cases':>5} {'F1':>6} {'merged':>7} {'split':>6} {'lost':>5} {'left':>5}")
    for label, table in (("kind", by_kind), ("layout", by_layout)):
        for name, t in sorted(table.items()):
            print(f"{label + ' ' + name:24} {t.cases:5} {t.f1:6.3f} {t.fn:7} {t.fp:6} {t.lost:5} {t.kept:5}")
    t = overall
    print(f"{'overall':24} {t.cases:5} {t.f1:6.3f} {t.fn:7} {t.fp:6} {t.lost:5} {t.kept:5}   ({seconds:.2f} s)")


def _pdf_cases(documents: dict[str, tuple[list[str], int]]) -> list[tuple[str, str, bytes, list[str]]]:
    """Each document built as a PDF by converter itself and read back by pdftotext (poppler-utils):
    justified lines, dropped indents, footers and the line pieces pdftotext cuts at wide gaps."""
    if shutil.which("pdftotext") is None:
        print("pdf layout skipped: pdftotext is missing (apt-get install poppler-utils)", file=sys.stderr)
        return []
    cases = []
    with tempfile.TemporaryDirectory(prefix="eval-reflow-") as tmp:
        folder = Path(tmp)
        for stem, (paragraphs, _) in documents.items():
            (folder / f"{stem}.txt").write_text("\n".join(paragraphs) + "\n", encoding="utf-8")
        sources = sorted(str(p) for p in folder.glob("*.txt"))
        script = Path(sys.executable).with_name("converter")  # the console script of this environment
        command = str(script) if script.exists() else (shutil.which("converter") or "converter")
        build = [command, "build", *sources, "-t", "pdf", "-o", str(folder / "pdf")]
        subprocess.run(build, check=False, capture_output=True)
        for stem, (paragraphs, title_lines) in documents.items():
            pdf = folder / "pdf" / f"{stem}.pdf"
            if not pdf.exists():
                print(f"pdf layout: {stem} did not build", file=sys.stderr)
                continue
            text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True).stdout
            truth = ["".join(paragraphs[:title_lines]), *paragraphs[title_lines:]] if title_lines else paragraphs
            if title_lines and len(truth) > 1 and is_doc_number(truth[1]):
                truth[:2] = truth[1::-1]  # the PDF sets the 发文字号 above the title (GB/T 9704), as a reader meets it
            cases.append((stem, "pdf-pdftotext", text, truth))
    return cases


def _read(path: Path) -> tuple[list[str], int]:
    """Paragraphs, and how many opening ones are the title's lines (joined into one by a reader)."""
    if path.suffix == ".ann":
        paragraphs: list[str] = []
        title_lines = 0
        last = ""
        for line in path.read_text(encoding="utf-8").splitlines():
            tag, _, text = line.partition("\t")
            text = text.replace("¦", "").strip()
            if not text:
                continue
            if tag == "T" and len(paragraphs) == title_lines:
                title_lines += 1
            if tag == last and tag in ("SAL", "ATT"):
                paragraphs[-1] += text  # a long 主送 or attachment title wraps: one paragraph
            else:
                paragraphs.append(text)
            last = tag
        return paragraphs, title_lines
    paragraphs = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    meta_path = path.with_suffix(".json")
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    title = fold(str(meta.get("title") or ""))
    joined = ""
    for i, text in enumerate(paragraphs[:4] if title else [], 1):
        joined += fold(text)
        if joined == title:
            return paragraphs, i
    return paragraphs, 0


if __name__ == "__main__":
    main()
