"""Score a parsed outline tree against the ground truth, as a careful reader would judge it.

Measures, each independent of the others so a failure names its cause: the title (exact,
whitespace aside); each front- and back-matter field of outline v2 that the truth has
(发文字号, 主送, 署名, 成文日期, 附注, 抄送, 印发 …, exact); headings as (part, level,
marker+heading) with attachments as their own parts; article recall (第X条 found with the
start of their text); paragraph starts (the first 12 characters of every paragraph, marker
included, folded so punctuation repair does not count against segmentation); and
characters lost or added (everything the input said, artefacts aside, reaches
``doc.text_pieces()``: counted as a multiset, since the 发文字号 or an occasion line may
stand in a different place in the source than in the tree's reading order).
"""

from __future__ import annotations

import difflib
import json
import os
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from render_messy import Description, Shape, render

from converter.model import Document, Paragraph, Section

CORPUS = Path(__file__).resolve().parent / "corpus"
REAL = Path(os.environ.get("REAL_CORPUS", CORPUS / "real"))  # the corpus branch's folder, or another

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


FIELDS = (
    "subtitle", "date", "author", "notes", "salutation", "doc_number", "issuer", "signers",
    "attachment_notes", "signature", "sign_date", "note", "cc", "issued_by", "issued_date", "attachments",
)  # fmt: skip


def fields(doc: Document) -> dict[str, str]:
    """Every v2 front/back-matter field the tree fills, squeezed, by name (lists joined with '|')."""
    header, closing, imprint = doc.header, doc.closing, doc.imprint
    raw: dict[str, object] = {
        "subtitle": doc.subtitle, "date": doc.date, "author": doc.author, "notes": doc.notes,
        "salutation": doc.salutation,
        "doc_number": header and header.doc_number, "issuer": header and header.issuer,
        "signers": header and header.signers,
        "attachment_notes": closing and closing.attachment_notes, "signature": closing and closing.signature,
        "sign_date": closing and closing.sign_date, "note": closing and closing.note,
        "cc": imprint and imprint.cc, "issued_by": imprint and imprint.issued_by,
        "issued_date": imprint and imprint.issued_date,
        "attachments": tuple(f"{a.label}:{a.title}" for a in doc.attachments),
    }  # fmt: skip
    out = {}
    for key, value in raw.items():
        if isinstance(value, tuple):
            value = "|".join(fold(v) for v in value)
        if value:
            out[key] = fold(str(value))
    return out


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
    meta: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)  # mismatching fields
    fields_right: dict[str, bool] = field(default_factory=dict)  # each field the truth has: exact?
    articles: Counts = field(default_factory=Counts)
    chars_lost: int = 0
    chars_added: int = 0

    @property
    def ok(self) -> bool:
        return self.title_ok and self.chars_kept and self.headings.f1 >= 0.97 and self.paragraphs.f1 >= 0.95


def _parts(doc: Document) -> list[tuple[str, tuple[Paragraph | Section, ...]]]:
    return [("", doc.children)] + [(f"{a.label}{a.title}"[:8], a.children) for a in doc.attachments]


def _walk(nodes: tuple[Paragraph | Section, ...], depth: int = 1):
    for node in nodes:
        yield node, depth
        if isinstance(node, Section):
            yield from _walk(node.children, depth + 1)


def heading_keys(doc: Document) -> list[tuple[int, str]]:
    """(level, part + marker + heading) of every section, attachments included; articles aside."""
    return [
        (depth, (part + "/" if part else "") + squeeze(n.marker + n.heading))
        for part, nodes in _parts(doc)
        for n, depth in _walk(nodes)
        if isinstance(n, Section) and not _is_article(n)
    ]


def _is_article(node: Section) -> bool:
    return node.runin and not node.heading and node.marker.startswith("第") and node.marker.endswith("条")


def article_keys(doc: Document) -> list[str]:
    """Each article by its marker and the start of its text."""
    out = []
    for _, nodes in _parts(doc):
        for n, _ in _walk(nodes):
            if isinstance(n, Section) and _is_article(n):
                first = n.children[0] if n.children and isinstance(n.children[0], Paragraph) else None
                out.append(n.marker + (fold(first.text)[:START_CHARS] if first else ""))
    return out


def paragraph_keys(doc: Document) -> list[str]:
    """The start of every paragraph (marker included), a run-in section's body too, attachments too."""
    return [
        fold(node.marker + node.text)[:START_CHARS]
        for _, nodes in _parts(doc)
        for node, _ in _walk(nodes)
        if isinstance(node, Paragraph)
    ]


def score(expected: Document, actual: Document, source: str | None = None) -> Score:
    """Compare; ``source`` is the input text with its artefacts removed (default: the truth's text)."""
    heads, head_miss, head_extra = Counts.match(heading_keys(expected), heading_keys(actual))
    folded, _, _ = Counts.match(
        [(lv, fold(t)) for lv, t in heading_keys(expected)], [(lv, fold(t)) for lv, t in heading_keys(actual)]
    )
    paras, para_miss, para_extra = Counts.match(paragraph_keys(expected), paragraph_keys(actual))
    articles, _, _ = Counts.match(article_keys(expected), article_keys(actual))
    want = fold(source if source is not None else "".join(expected.text_pieces()))
    got = fold("".join(actual.text_pieces()))
    lost, added = Counter(want) - Counter(got), Counter(got) - Counter(want)
    want_fields, got_fields = fields(expected), fields(actual)
    meta = {
        key: (want_fields.get(key), got_fields.get(key))
        for key in FIELDS
        if want_fields.get(key) != got_fields.get(key)
    }
    return Score(
        title_ok=fold(expected.title) == fold(actual.title),
        title=(expected.title, actual.title),
        headings=heads,
        headings_folded=folded,
        heading_misses=head_miss,
        heading_extras=head_extra,
        paragraphs=paras,
        paragraph_misses=para_miss,
        paragraph_extras=para_extra,
        chars_kept=not lost and not added,
        char_diff=char_diff(want, got) if lost or added else [],
        meta=meta,
        fields_right={key: got_fields.get(key) == value for key, value in want_fields.items()},
        articles=articles,
        chars_lost=sum(lost.values()),
        chars_added=sum(added.values()),
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
            out.append(f"…{before}[-{want[a1:a2]}]{want[a2 : a2 + context]}…")
        if b2 > b1:
            out.append(f"…{before}[+{got[b1:b2]}]{want[a2 : a2 + context]}…")
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


@dataclass(frozen=True)
class RealDoc:
    """A real published document: its text as published and its hand-made v2 truth."""

    name: str
    kind: str  # the file name's prefix: gongwen, law, plan, speech, book …
    split: str  # "dev" (rules may be tuned on it) or "holdout" (only measured)
    source: str
    truth: Document


def real_corpus(folder: Path = REAL) -> dict[str, RealDoc]:
    """Every NAME.txt with a NAME.json truth beside it; the split comes from the folder's manifest.json."""
    splits = _splits(folder)
    out = {}
    for truth_path in sorted(folder.glob("*.json")):
        text_path = truth_path.with_suffix(".txt")
        if not text_path.exists():
            continue
        name = truth_path.stem
        out[name] = RealDoc(
            name,
            name.split("-")[0],
            splits.get(name, "dev"),
            text_path.read_text(encoding="utf-8"),
            load_truth(truth_path),
        )
    return out


def _splits(folder: Path) -> dict[str, str]:
    """``dev``/``holdout`` per document, as the corpus's manifest.json fixes them."""
    manifest = folder / "manifest.json"
    if not manifest.exists():
        return {}
    return {entry["file"]: entry["split"] for entry in json.loads(manifest.read_text(encoding="utf-8"))}


def evaluate_text(truth: Document, text: str) -> Score:
    """Read a document as published and score it (exceptions propagate)."""
    from converter.reading import parse_text

    return score(truth, parse_text(text).document, text)
