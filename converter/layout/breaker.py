"""Break one paragraph of styled runs into justified lines of positioned glyph runs.

Chinese lines are filled character by character on the style's character grid; the
rules of clreq §3 decide where a line may end. When the next unit may not start a
line, we first try to pull it back by squeezing half-empty punctuation (GB/T 15834
§5.1.10), else push the last unit(s) to the next line and spread the shortfall
between units. Numbers, Latin words, —— and …… are units and never split or spread
inside. URLs and e-mail addresses break only after / ? & . @ - _ = (no hyphen added);
a unit wider than the whole line is, as a last resort, broken between any two characters
and the line says so (``Line.forced``), so nothing runs off the page. The output is
geometry only, so a writer just draws it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from converter.layout.chars import (
    ATOM,
    LINK,
    LINK_BREAK,
    NO_END,
    NO_START,
    SPACES,
    SQUEEZE_AT_END,
    SQUEEZE_INSIDE,
    is_latin,
    is_mark,
    is_wide_class,
)

EPS = 1e-6
WIDE_FRACTION = 0.75  # a glyph at least this fraction of an em wide is full-width in that font


@dataclass(frozen=True)
class Run:
    """A stretch of text in one font and size.

    ``advance(ch)`` is the font's own advance width of ``ch`` in pt at ``size``;
    ``pitch`` is the grid cell a full-width character occupies (the style's char pitch).
    """

    text: str
    font: str
    size: float
    pitch: float
    advance: Callable[[str], float]
    bold: bool = False
    ink: Callable[[str], tuple[float, float]] | None = None  # (left bearing, ink width) in pt, for dashes


@dataclass(frozen=True)
class GlyphRun:
    """Characters drawn from ``x`` (pt from the line's left edge) with ``char_space`` after each glyph."""

    x: float
    text: str
    font: str
    size: float
    char_space: float
    bold: bool = False


@dataclass(frozen=True)
class Line:
    runs: tuple[GlyphRun, ...]
    left: float  # x of the first glyph (indent and alignment included)
    right: float  # x where the set line ends
    text: str
    last: bool  # last line of its paragraph (not justified)
    forced: bool = False  # ends inside a unit wider than the line (broken as a last resort)


_Style = tuple[str, float, float, bool]  # font name, size, grid pitch, bold


class _Atom:
    """One unbreakable unit with its natural and allotted width."""

    __slots__ = (
        "face",
        "glyph",
        "latin_end",
        "latin_start",
        "mark",
        "merge",
        "no_end",
        "no_start",
        "piece",
        "run",
        "space",
        "squeeze_end",
        "squeeze_in",
        "text",
        "wide",
        "width",
    )

    def __init__(self, text: str, run: Run, face: _Style, width: float, glyph: float, wide: bool) -> None:
        self.text = text
        self.run = run  # the first run this cached atom came from: compare ``face``, not ``run``
        self.face = face  # one tuple object per style, shared by its atoms: compared by identity first
        self.width = width  # allotted advance (grid pitch for full-width characters)
        self.glyph = glyph  # the font's own advance of one glyph
        self.wide = wide
        self.latin_start = is_latin(text[0])
        self.latin_end = is_latin(text[-1])
        first = _info(text[0])
        self.space = first[4]
        self.mark = first[5]
        self.no_start = first[0]
        self.no_end = (_info(text[-1]) if len(text) > 1 else first)[1]
        single = wide and len(text) == 1
        self.squeeze_end = width / 2 if single and first[2] else 0.0
        self.squeeze_in = width / 2 if single and first[3] else 0.0
        # neighbours with the same key and step are drawn as one glyph run (see _glyph_runs)
        self.merge = (self.face, glyph) if single else None
        self.piece = False  # a piece of a unit wider than the line: a break may come before it


_INFO: dict[str, tuple[bool, bool, bool, bool, bool, bool, bool]] = {}


def _info(ch: str) -> tuple[bool, bool, bool, bool, bool, bool, bool]:
    """(no_start, no_end, squeeze_end, squeeze_in, space, mark, wide_class) of a character, cached."""
    found = _INFO.get(ch)
    if found is None:
        space, mark = ch in SPACES, is_mark(ch)
        found = _INFO[ch] = (
            ch in NO_START or space or mark,
            ch in NO_END,
            ch in SQUEEZE_AT_END,
            ch in SQUEEZE_INSIDE,
            space,
            mark,
            is_wide_class(ch),
        )
    return found


_ATOMS: dict[_Style, tuple[_Style, dict[str, _Atom]]] = {}  # style -> (that key, unit text -> atom)
_ATOMS_MAX = 200_000


def _atoms(runs: Sequence[Run]) -> list[_Atom]:
    """Atoms are immutable, so one object serves every occurrence of a unit in one style."""
    if sum(len(cache) for _, cache in _ATOMS.values()) > _ATOMS_MAX:
        _ATOMS.clear()
    atoms: list[_Atom] = []
    append = atoms.append
    for run in runs:
        entry = _ATOMS.get((run.font, run.size, run.pitch, run.bold))
        if entry is None:
            style = (run.font, run.size, run.pitch, run.bold)
            entry = _ATOMS[style] = (style, {})
        style, cache = entry  # the first tuple made for a style is the one its atoms share
        for text in _tokens(run.text):
            atom = cache.get(text)
            if atom is None:
                atom = cache[text] = _make_atom(run, style, text)
            append(atom)
    return atoms


def _make_atom(run: Run, style: _Style, text: str) -> _Atom:
    ch = text[0]
    glyph = run.advance(ch)
    info = _info(ch)
    if not info[4] and (info[6] or glyph >= WIDE_FRACTION * run.size):
        return _Atom(text, run, style, run.pitch * len(text), glyph, True)
    width = glyph if len(text) == 1 else sum(run.advance(c) for c in text)
    return _Atom(text, run, style, width, glyph, False)


def _tokens(text: str) -> list[str]:
    """Units of ``text``: single characters, except numbers, Latin words, dash and ellipsis runs.

    A URL or e-mail address is cut into pieces that end at its break points.
    """
    if _MULTI.search(text) is None:
        return list(text)
    if "@" not in text and "://" not in text and "www." not in text:
        return ATOM.findall(text)
    out: list[str] = []
    start = 0
    for link in LINK.finditer(text):
        out += ATOM.findall(text[start : link.start()])
        out += [piece for piece in LINK_BREAK.split(link.group()) if piece]
        start = link.end()
    out += ATOM.findall(text[start:])
    return out


_MULTI = re.compile(r"[0-9A-Za-z\u00c0-\u04ff]|——|……|⋯⋯")


def _glued(atoms: list[_Atom]) -> list[bool]:
    """``glued[i]``: no line break is allowed between atom ``i - 1`` and atom ``i``."""
    glued = [True] * len(atoms)
    for i in range(1, len(atoms)):
        a, b = atoms[i - 1], atoms[i]
        glued[i] = not b.piece and (b.no_start or a.no_end or (a.latin_end and b.latin_start))
    return glued


def _split_wide(atoms: list[_Atom], width: float) -> list[_Atom]:
    """Atoms wider than the line cut into single characters that may break anywhere (the last resort)."""
    out: list[_Atom] = []
    for atom in atoms:
        if atom.width <= width + EPS or len(atom.text) == 1:
            out.append(atom)
            continue
        run = atom.run
        for n, ch in enumerate(atom.text):
            glyph = run.advance(ch)
            piece = _Atom(ch, run, atom.face, glyph, glyph, False)
            piece.piece = n > 0
            out.append(piece)
    return out


def break_paragraph(
    runs: Sequence[Run],
    width: float,
    indent: float = 0.0,
    align: str = "justify",
) -> list[Line]:
    """Lines of a paragraph set in ``width`` pt, the first indented by ``indent`` pt.

    ``align`` is ``justify`` (all lines but the last flush both sides), ``left``,
    ``center`` or ``right``.
    """
    atoms = _atoms(runs)
    if not atoms:
        return []
    room = width - indent if 0 < indent < width else width  # the first line is the narrowest
    if any(a.width > room + EPS for a in atoms):
        atoms = _split_wide(atoms, room)
    glued = _glued(atoms)
    n = len(atoms)
    breaks: list[tuple[int, int, dict[int, float]]] = []
    start = 0
    while start < n:
        avail = width - (indent if not breaks else 0.0)
        end, squeezed = _fit(atoms, glued, start, avail)
        breaks.append((start, end, squeezed))
        start = end
    _avoid_orphan(atoms, glued, breaks, width)
    lines = []
    for number, (start, end, squeezed) in enumerate(breaks):
        avail = width - (indent if number == 0 else 0.0)
        last = end >= n
        line = _set_line(runs, atoms[start:end], squeezed, avail, width - avail, align, last)
        if not last and atoms[end].piece:
            line = Line(line.runs, line.left, line.right, line.text, line.last, forced=True)
        lines.append(line)
    return lines


def _avoid_orphan(
    atoms: list[_Atom], glued: list[bool], breaks: list[tuple[int, int, dict[int, float]]], width: float
) -> None:
    """A last line of one character (孤字, with or without its punctuation) takes one more from above.

    The line above then ends one unit earlier and is justified a little looser, as clreq
    advises; nothing changes when no earlier break is allowed or the two would not fit.
    """
    if len(breaks) < 2:
        return
    start, end, _ = breaks[-1]
    if sum(1 for a in atoms[start:end] if not a.no_start and not a.space) > 1:
        return
    prev_start, _, _ = breaks[-2]
    earlier = next((b for b in range(start - 1, prev_start + 1, -1) if not glued[b]), None)
    if earlier is None or sum(a.width for a in atoms[earlier:end]) > width + EPS:
        return
    breaks[-2] = (prev_start, earlier, {})
    breaks[-1] = (earlier, end, {})


def _fit(atoms: list[_Atom], glued: list[bool], start: int, avail: float) -> tuple[int, dict[int, float]]:
    """End index (exclusive) of the line starting at ``start``, and squeezes (line-local index -> pt)."""
    n = len(atoms)
    used = 0.0
    i = start
    while i < n:
        w = atoms[i].width
        if used + w <= avail + EPS or i == start:
            used += w
            i += 1
            continue
        if atoms[i].space:  # a space at the line end takes no room
            i += 1
            continue
        if not glued[i]:
            return i, {}
        # atoms[i] may not start a line: pull its group back by squeezing, else push.
        k = i + 1
        while k < n and glued[k]:
            k += 1
        squeezed = _pull_back(atoms, start, i, k, used, avail)
        if squeezed is not None:
            return k, squeezed
        b = i - 1
        while b > start and glued[b]:
            b -= 1
        if b > start:
            return b, {}
        return k, {}  # one unit wider than the line: let it overflow rather than split it
    return n, {}


def _pull_back(atoms: list[_Atom], start: int, i: int, k: int, used: float, avail: float) -> dict[int, float] | None:
    """Squeezes that fit atoms ``start..k`` on one line, or None when they cannot."""
    need = used + sum(a.width for a in atoms[i:k] if not a.space) - avail
    last = k - 1
    while last > start and atoms[last].space:
        last -= 1
    squeezed: dict[int, float] = {}
    if need <= EPS:
        return squeezed
    end_gain = atoms[last].squeeze_end
    if end_gain:
        squeezed[last - start] = min(end_gain, need)
        need -= squeezed[last - start]
    if need <= EPS:
        return squeezed
    inside = [j for j in range(start, last) if atoms[j].squeeze_in]
    if not inside:
        return None
    share = need / len(inside)  # treat every squeezable mark in the line alike
    if any(share > atoms[j].squeeze_in + EPS for j in inside):
        return None
    for j in inside:
        squeezed[j - start] = share
    return squeezed


def _set_line(
    runs: Sequence[Run],
    atoms: list[_Atom],
    squeezed: dict[int, float],
    avail: float,
    offset: float,
    align: str,
    last: bool,
) -> Line:
    """Position the atoms of one line; spread any shortfall between units when justifying."""
    widths = [a.width for a in atoms]
    for j, gain in squeezed.items():
        widths[j] -= gain
    count = len(atoms)
    while count > 1 and atoms[count - 1].space:
        count -= 1  # trailing spaces are not drawn and take no room
    if align == "justify" and not last and count - 1 not in squeezed:
        # one rule for every justified line end (clreq §3.2.1, 行末点号压缩): ，。、 and closing marks
        # are set half-width there, whether pulled back or not, so the right edge is even
        widths[count - 1] -= atoms[count - 1].squeeze_end
    natural = sum(widths[:count])
    gaps = [j for j in range(1, count) if not atoms[j].mark]
    extra = 0.0
    shift = 0.0
    slack = avail - natural
    if align == "justify" and not last and gaps and slack > EPS:
        extra = slack / len(gaps)
    elif align == "center":
        shift = slack / 2
    elif align == "right":
        shift = slack
    if extra:
        gap_set = set(gaps)
        xs: list[float] = []
        x = offset + shift
        for j in range(count):
            if j in gap_set:
                x += extra
            xs.append(x)
            x += widths[j]
    else:  # the usual line, filled to the grid: each x is the last plus its width
        xs = list(itertools.accumulate(widths[: count - 1], initial=offset + shift))
        x = xs[-1] + widths[count - 1]
    glyph_runs = _glyph_runs(atoms[:count], xs, x)
    text = "".join([a.text for a in atoms[:count]])
    return Line(tuple(glyph_runs), offset + shift, x, text, last)


def _glyph_runs(atoms: list[_Atom], xs: list[float], right: float) -> list[GlyphRun]:
    """Merge neighbouring full-width characters of one run set at one step into one glyph run."""
    out: list[GlyphRun] = []
    count = len(atoms)
    j = 0
    while j < count:
        a = atoms[j]
        run = a.run
        key = a.merge
        if key is not None:
            k = j + 1
            step = (xs[k] if k < count else right) - xs[j]
            while k < count and atoms[k].merge == key and abs(xs[k] - xs[k - 1] - step) < EPS:
                k += 1
            # the last character's own step does not matter: the next glyph run is placed explicitly
            text = "".join([atoms[t].text for t in range(j, k)])
            out.append(GlyphRun(xs[j], text, run.font, run.size, step - a.glyph, run.bold))
            j = k
        elif a.wide and a.text[0] == "—" and run.ink is not None:
            # —— is one rule (GB/T 15834 §4.13): butt the dashes' ink together, centred in the unit
            bearing, ink = run.ink("—")
            x = xs[j] + (a.width - ink * len(a.text)) / 2 - bearing
            out.append(GlyphRun(x, a.text, run.font, run.size, ink - a.glyph, run.bold))
            j += 1
        elif a.wide:  # …… (or dashes without ink metrics): a unit set on the grid, never spread inside
            out.append(GlyphRun(xs[j], a.text, run.font, run.size, run.pitch - a.glyph, run.bold))
            j += 1
        else:
            out.append(GlyphRun(xs[j], a.text, run.font, run.size, 0.0, run.bold))
            j += 1
    return out
