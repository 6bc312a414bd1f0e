"""Score a parsed outline tree against the ground truth, as a careful reader would judge it.

Four measures, each independent of the others so a failure names its cause:
the title (exact, whitespace aside); headings as (level, marker+heading) pairs; paragraph
starts (where each paragraph begins: the first 12 characters, folded so punctuation repair
does not count against segmentation); and characters (everything the input said, artefacts
aside, reaches ``doc.text_pieces()`` in order).
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from render_messy import Description, Shape, render

from converter.model import Document, Paragraph, Section

CORPUS = Path(__file__).resolve().parent / "corpus"

START_CHARS = 12
_SPACE = re.compile(r"\s+")
_DOTS = re.compile(r"(?:\.{2,}|…+)+")
_DASHES = re.compile(r"[—―\-－]{2,}")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def squeeze(text: str) -> str:
    """The text with all whitespace removed."""
    return _SPACE.sub("", text)


def fold(text: str) -> str:
    """NFKC, straight quotes, one … and one — per run, no whitespace: what survives any repair."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _DASHES.sub("—", _DOTS.sub("…", text))
    return squeeze(text)


@dataclass
class Counts:
    """True positives, false positives, false negatives of a multiset match; sums with ``+``."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def f1(self) -> float:
        return 1.0 if not (self.fp or self.fn) else 2 * self.tp / (2 * self.tp + self.fp + self.fn)

    @classmethod
    def match(cls, expected: list, actual: list) -> tuple[Counts, list, list]:
        """Counts plus the missed expected items and the spurious actual ones."""
        want, got = Counter(expected), Counter(actual)
        missed = list((want - got).elements())
        extra = list((got - want).elements())
        tp = sum((want & got).values())
        return cls(tp, len(extra), len(missed)), missed, extra


@dataclass
class Score:
    title_ok: bool
    title: tuple[str, str]  # (expected, actual)
    headings: Counts
    headings_folded: Counts  # the same match with punctuation folded: tells structure from punctuation
    heading_misses: list[tuple[int, str]]
    heading_extras: list[tuple[int, str]]
    paragraphs: Counts
    paragraph_misses: list[str]
    paragraph_extras: list[str]
    chars_kept: bool
    char_diff: list[str] = field(default_factory=list)  # "-lost" / "+added" fragments with context
    meta: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)  # mismatching head fields

    @property
    def ok(self) -> bool:
        return self.title_ok and self.chars_kept and self.headings.f1 >= 0.97 and self.paragraphs.f1 >= 0.95


def heading_keys(doc: Document) -> list[tuple[int, str]]:
    return [(s.level, squeeze(s.marker + s.heading)) for s in doc.sections()]


def paragraph_keys(doc: Document) -> list[str]:
    """The start of every paragraph, a run-in section's body included (it is a child paragraph)."""
    return [fold(node.text)[:START_CHARS] for node, _ in doc.walk() if isinstance(node, Paragraph)]


def score(expected: Document, actual: Document, source: str | None = None) -> Score:
    """Compare; ``source`` is the input text with its artefacts removed (default: the truth's text)."""
    heads, head_miss, head_extra = Counts.match(heading_keys(expected), heading_keys(actual))
    folded, _, _ = Counts.match(
        [(lv, fold(t)) for lv, t in heading_keys(expected)], [(lv, fold(t)) for lv, t in heading_keys(actual)]
    )
    paras, para_miss, para_extra = Counts.match(paragraph_keys(expected), paragraph_keys(actual))
    want = fold(source if source is not None else "".join(expected.text_pieces()))
    got = fold("".join(actual.text_pieces()))
    meta = {
        key: (getattr(expected, key), getattr(actual, key))
        for key in ("subtitle", "date", "author", "salutation")
        if squeeze(getattr(expected, key) or "") != squeeze(getattr(actual, key) or "")
    }
    return Score(
        title_ok=squeeze(expected.title) == squeeze(actual.title),
        title=(expected.title, actual.title),
        headings=heads,
        headings_folded=folded,
        heading_misses=head_miss,
        heading_extras=head_extra,
        paragraphs=paras,
        paragraph_misses=para_miss,
        paragraph_extras=para_extra,
        chars_kept=want == got,
        char_diff=[] if want == got else char_diff(want, got),
        meta=meta,
    )


def char_diff(want: str, got: str, context: int = 8, limit: int = 6) -> list[str]:
    """Where the folded texts differ, as '-lost' / '+added' with a little context."""
    out = []
    matcher = difflib.SequenceMatcher(None, want, got, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        before = want[max(0, a1 - context) : a1]
        if a2 > a1:
            out.append(f"…{before}[-{want[a1:a2]}]{want[a2:a2 + context]}…")
        if b2 > b1:
            out.append(f"…{before}[+{got[b1:b2]}]{want[a2:a2 + context]}…")
        if len(out) >= limit:
            break
    return out


def source_text(data: bytes, encoding: str, artefacts: tuple[str, ...]) -> str:
    """The input's text minus the artefact lines the renderer inserted (and form feeds)."""
    text = data.decode(encoding).replace("\r\n", "\n").replace("\f", "")
    drop = Counter(artefacts)
    kept = []
    for line in text.split("\n"):
        if drop[line] > 0:
            drop[line] -= 1
            continue
        kept.append(line)
    return "\n".join(kept)


def describe(node: Paragraph | Section) -> str:
    """One line for a report."""
    if isinstance(node, Section):
        return f"L{node.level} {node.marker}{node.heading}{' (run-in)' if node.runin else ''}"
    return node.text[:30]


def load_truth(path: str | Path) -> Document:
    return Document.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


def corpus() -> dict[str, Document]:
    """Every ground-truth tree in tests/corpus, by file stem."""
    return {p.stem: load_truth(p) for p in sorted(CORPUS.glob("*.json"))}


def evaluate(truth: Document, shape: Shape) -> tuple[Score, Description]:
    """Render ``truth`` messy, read it back with the product, and score it (exceptions propagate)."""
    from converter.reading import parse_bytes

    data, description = render(truth, shape)
    parsed = parse_bytes(data).document
    return score(truth, parsed, source_text(data, shape.encoding, description.artefacts)), description
