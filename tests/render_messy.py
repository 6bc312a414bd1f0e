"""Render a ground-truth outline tree as the messy plain text the product really receives.

The corpus holds clean trees; real input is PDF extractions and copy-pastes: lines hard-wrapped
at a fixed measure (with the kinsoku that keeps ，。 off a line's start), titles broken over
short centred lines, full-width punctuation turned ASCII, page numbers and running headers
between the lines, and any of four encodings. Everything is decided by a :class:`Shape`
(or a seed that picks one), so a failing case can be rebuilt exactly.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field

from converter.model import Document, Paragraph, Section
from converter.titlebreak import break_title

_NO_START = "，。、；：！？）》”’」』】〕…—%·"  # may not open a line: hung at the end of the previous one
_NO_END = "（《“‘「『【〔"  # may not close a line: carried to the next one
_DEGRADE = {"，": ",", "（": "(", "）": ")", "：": ":", "；": ";"}
_TOKEN = re.compile(r"[!-~]+| +|.", re.S)
PAGE_FORMS = ("— {n} —", "-{n}-", "第{n}页", "第 {n} 页 共 {total} 页")
HEADERS = ("内部资料　注意保存", "政务公开专栏", "2025年第3期", "政策文件汇编")


@dataclass(frozen=True)
class Shape:
    """How one messy input is laid out; every field is something a real extraction does."""

    name: str
    layout: str = "wrap"  # "wrap": hard-wrapped at ``width``; "line": one paragraph per line
    width: float = 28.0  # measure in ems (CJK 1, ASCII 1/2)
    blank: bool = False  # a blank line between paragraphs
    indent: str = ""  # first-line indent of body paragraphs and headings: "", "　　" or "    "
    title_lines: int = 1  # the title broken over 1-3 short lines
    centre: bool = False  # title lines padded with spaces (pdftotext -layout)
    degrade: float = 0.0  # share of ，（）：； extracted as ASCII
    page_lines: int = 0  # a page break every N lines (0: none)
    page_form: str = "— {n} —"
    header: str | None = None  # running header at the top of pages 2..
    form_feed: bool = False
    encoding: str = "utf-8"  # utf-8, utf-8-sig, utf-16, gb18030
    crlf: bool = False
    seed: int = 0


@dataclass(frozen=True)
class Description:
    """What was done, and the artefact lines a reader would discard (for the nothing-lost check)."""

    shape: Shape
    artefacts: tuple[str, ...] = field(default=())

    def __str__(self) -> str:
        s = self.shape
        parts = [s.layout + (f"@{s.width:g}" if s.layout == "wrap" else ""), f"title×{s.title_lines}"]
        parts += [
            p
            for p, on in (
                ("blank", s.blank),
                ("indent", bool(s.indent)),
                ("centred", s.centre),
                ("FF", s.form_feed),
                ("CRLF", s.crlf),
            )
            if on
        ]
        if s.degrade:
            parts.append(f"ascii-punct {s.degrade:.0%}")
        if s.page_lines:
            parts.append(f"page/{s.page_lines} {s.page_form.format(n=3, total=12)!r}")
        if s.header:
            parts.append(f"header {s.header!r}")
        parts.append(s.encoding)
        return f"{s.name}: " + ", ".join(parts)

    def as_dict(self) -> dict[str, object]:
        return {"shape": asdict(self.shape), "artefacts": list(self.artefacts), "summary": str(self)}


def width(text: str) -> float:
    return sum(0.5 if ord(ch) < 128 else 1.0 for ch in text)


def wrap(text: str, measure: float, first_indent: str = "") -> list[str]:
    """Greedy line breaking as a typesetter does it: Latin runs kept whole, kinsoku applied."""
    lines: list[str] = []
    line, used, limit = first_indent, width(first_indent), measure
    for token in _tokens(text, measure):
        w = width(token)
        if token.isspace():
            if line.strip() and used + w <= limit:
                line, used = line + token, used + w
            continue
        if used + w <= limit or not line.strip() or (len(token) == 1 and token in _NO_START):
            line, used = line + token, used + w
            continue
        carry = ""
        while line and line[-1] in _NO_END:
            carry, line = line[-1] + carry, line[:-1]
        lines.append(line.rstrip())
        line = carry + token
        used = width(line)
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _tokens(text: str, measure: float) -> Iterator[str]:
    for m in _TOKEN.finditer(text):
        token = m.group()
        if token[0] != " " and width(token) > measure - 2:  # too long to keep whole: split
            yield from token
        else:
            yield token


def split_title(title: str, lines: int, measure: float) -> list[str]:
    """The title on 1-3 lines as a typesetter breaks it: at word boundaries, in a face about
    1.4 times the body size (so at most ~0.75 of the body measure per line), short titles whole."""
    lines = max(lines, math.ceil(width(title) / (0.75 * measure)))
    lines = min(lines, 3, math.ceil(len(title) / 8))
    if lines <= 1:
        return [title]
    return [t.strip() for t in break_title(title, math.ceil(len(title) / lines) + 1) if t.strip()]


def blocks(doc: Document) -> tuple[list[str], list[str], list[str]]:
    """(lines above the title, head lines, body paragraphs) in reading order.

    A run-in heading shares its body's paragraph; an article's marker, and a decimal one
    (``1.1``), is followed by a full-width space as laws and plans print it. The 版头 stands above the title when it has an
    issuer line (a printed 公文), and the 发文字号 under it otherwise (a copy from the web).
    Back matter follows the body one part a line: 附件说明, 署名, 成文日期, 附注, each attachment
    (label, title, body), then the 版记.
    """
    above: list[str] = []
    head: list[str] = []
    header = doc.header
    if header:
        above = [t for t in (header.copy_number, header.classification, header.urgency, header.issuer) if t]
        number = [line for line in header.lines() if line not in above]
        (above if header.issuer else head).extend(number)
    head += [t for t in (doc.subtitle, doc.date, doc.author) if t] + list(doc.notes)
    if doc.salutation:
        head.append(doc.salutation)
    body: list[str] = []

    def visit(nodes: tuple[Paragraph | Section, ...]) -> None:
        for node in nodes:
            if isinstance(node, Paragraph):
                body.append(node.marker + node.text)
                continue
            children = node.children
            if node.runin and children and isinstance(children[0], Paragraph):
                gap = "　" if not node.heading else ""
                body.append(node.marker + gap + node.heading + children[0].text)
                children = children[1:]
            else:
                gap = "　" if node.marker[-1:].isdigit() and node.heading else ""  # 1.1　编制目的, as printed
                body.append(node.marker + gap + node.heading)
            visit(children)

    visit(doc.children)
    if doc.closing:
        body += doc.closing.lines()
    for attachment in doc.attachments:
        body += [t for t in (attachment.label, attachment.title) if t]
        visit(attachment.children)
    if doc.imprint:
        body += doc.imprint.lines()
    return above, head, body


def render(doc: Document, shape: Shape) -> tuple[bytes, Description]:
    """The messy bytes for ``doc`` in ``shape``, and what was done to make them."""
    rng = random.Random(shape.seed)
    above, head, body = blocks(doc)
    title = split_title(doc.title, shape.title_lines, shape.width)
    title_measure = max(width(t) for t in title)
    out: list[str] = list(above)
    for t in title:
        pad = " " * int(shape.width - width(t)) if shape.centre else ""  # (W - w) ems / 2 at 1/2 em a space
        out.append(pad + t)
    if shape.blank:
        out.append("")
    for text in head:
        out += _lay(text, shape, "", max(shape.width, title_measure))
        if shape.blank:
            out.append("")
    for text in body:
        out += _lay(text, shape, shape.indent, shape.width)
        if shape.blank:
            out.append("")
    out = [_degrade(line, shape.degrade, rng) for line in out]
    lines, artefacts = _paginate(out, shape)
    text = ("\r\n" if shape.crlf else "\n").join(lines) + ("\r\n" if shape.crlf else "\n")
    return text.encode(shape.encoding), Description(shape, tuple(artefacts))


def _lay(text: str, shape: Shape, indent: str, measure: float) -> list[str]:
    if shape.layout == "line":
        return [indent + text]
    return wrap(text, measure, indent)


def _degrade(line: str, share: float, rng: random.Random) -> str:
    if not share:
        return line
    return "".join(_DEGRADE[ch] if ch in _DEGRADE and rng.random() < share else ch for ch in line)


def _paginate(lines: list[str], shape: Shape) -> tuple[list[str], list[str]]:
    """Page numbers at each page foot, a running header at each page top, form feeds between."""
    if not shape.page_lines:
        return lines, []
    pages = [lines[i : i + shape.page_lines] for i in range(0, len(lines), shape.page_lines)]
    total = len(pages)
    out: list[str] = []
    artefacts: list[str] = []
    for n, page in enumerate(pages, 1):
        top: list[str] = []
        if n > 1 and shape.header:
            top.append(shape.header)
            artefacts.append(shape.header)
        page = top + page
        if n > 1 and shape.form_feed:
            page[0] = "\f" + page[0]
        out += page
        number = shape.page_form.format(n=n, total=total)
        out.append(number)
        artefacts.append(number)
    return out, artefacts


def random_shape(seed: int) -> Shape:
    """A shape drawn from the whole space, for the bench's wider sweep."""
    rng = random.Random(seed)
    layout = rng.choice(["wrap", "wrap", "wrap", "line"])
    page = rng.random() < 0.7
    return Shape(
        name=f"seed{seed}",
        layout=layout,
        width=float(rng.randint(20, 40)),
        blank=rng.random() < 0.3,
        indent=rng.choice(["", "", "　　", "    "]),
        title_lines=rng.randint(1, 3),
        centre=rng.random() < 0.2,
        degrade=rng.choice([0.0, 0.1, 0.3, 0.6]),
        page_lines=rng.randint(18, 32) if page else 0,
        page_form=rng.choice(PAGE_FORMS),
        header=rng.choice(HEADERS) if page and rng.random() < 0.5 else None,
        form_feed=page and rng.random() < 0.4,
        encoding=rng.choice(["utf-8", "utf-8-sig", "utf-16", "gb18030"]),
        crlf=rng.random() < 0.3,
        seed=seed,
    )


# The fixed grid every corpus document is rendered in (tests and bench share it). Page lengths follow
# GB/T 9704 (22 lines of 28 characters), scaled with the measure, so every document spans 3+ pages.
GRID: tuple[Shape, ...] = (
    Shape("w20", width=20, title_lines=2, degrade=0.3, seed=1),
    Shape(
        "w24-indent-pages",
        width=24,
        indent="　　",
        title_lines=2,
        degrade=0.5,
        page_lines=20,
        page_form="— {n} —",
        encoding="utf-8-sig",
        seed=2,
    ),
    Shape(
        "w28-spaces-header-ff",
        width=28,
        indent="    ",
        title_lines=3,
        degrade=0.2,
        page_lines=22,
        page_form="-{n}-",
        header="内部资料　注意保存",
        form_feed=True,
        seed=3,
    ),
    Shape(
        "w33-gb18030-crlf",
        width=33,
        degrade=0.3,
        page_lines=26,
        page_form="第{n}页",
        header="政务公开专栏",
        encoding="gb18030",
        crlf=True,
        seed=4,
    ),
    Shape(
        "w40-of-total", width=40, title_lines=1, degrade=0.1, page_lines=30, page_form="第 {n} 页 共 {total} 页", seed=5
    ),
    Shape("one-per-line", layout="line", degrade=0.3, seed=6),
    Shape("blank-line-indent", layout="line", blank=True, indent="　　", title_lines=2, degrade=0.2, seed=7),
    Shape(
        "w26-utf16-crlf-ff",
        width=26,
        indent="　　",
        title_lines=2,
        degrade=0.3,
        page_lines=22,
        page_form="— {n} —",
        form_feed=True,
        encoding="utf-16",
        crlf=True,
        seed=8,
    ),
    Shape(
        "w30-blank-gb18030",
        width=30,
        blank=True,
        indent="    ",
        degrade=0.4,
        page_lines=24,
        page_form="-{n}-",
        header="2025年第3期",
        encoding="gb18030",
        seed=9,
    ),
    Shape("w36-centred-title", width=36, title_lines=2, centre=True, degrade=0.2, seed=10),
)
