"""Break a title into balanced lines at word boundaries (GB/T 9704 §7.3.1).

Each line must be meaning-complete and the whole a trapezoid or diamond. We enumerate
break points between jieba words (never inside a number, a 《》 or “” span), keep
splits whose lines fit ``max_chars`` and whose lengths rise, fall, or rise then fall,
and pick the most even one, preferring breaks before 关于 and after the issuing body.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator

from converter import words

_OPENERS = {"《": "》", "“": "”", "‘": "’", "（": "）", "(": ")", "〔": "〕", "【": "】"}
_NO_LINE_START = set("，。、；：？！）》」』”’〕】…—·")
_NEVER_START = _NO_LINE_START | {"的"}  # 的 binds to what it follows (clreq's no-line-start list for titles)
_WEAK_END = set("的在和与及对把被将从向为")  # a line ending on these leaves a phrase dangling
_WEAK_START = set("的上中下里和与及等之了")  # postpositions and particles belong to the line before
_UNITS = set("年月日号时分秒个万亿元岁次件项条名人家所%％")  # a number keeps its unit: 2025年, 3个
# nouns (not names: 总书记 | 习近平 is a fine break), verbal nouns and set phrases before a noun
_COMPOUND_LEFT = {"n", "nz", "nt", "ns", "vn", "l"}
_COMPOUND_RIGHT = {"n", "nz"}
_COMPOUND_PAIRS = {("an", "vn"), ("an", "n"), ("n", "m")}  # 安全|生产, 重大|事故, 全国|两会 (两会 tags as m)
_COMPOUND = 60.0  # a break inside a compound (安全|生产) costs more than a ragged shape
_OPEN_FRAME = 60.0  # so does one inside a 在…上 frame (在全国|两会上)
_ISSUER = 40.0  # the bonus for breaking after the issuing body, before 关于 (GB/T 9704 §7.3.1)
_EXTRA_LINES = 3  # line counts tried beyond the minimum before wrapping at word boundaries
_FRAME_CLOSERS = set("上中下里时前后际")  # 在…上, 在…中, 在…之际: the end of a 在 phrase
_NUMBERISH = re.compile(r"[0-9A-Za-z０-９.．%％]+")
_MAX_CANDIDATES = 40


def break_title(title: str, max_chars: int = 20) -> list[str]:
    """Return the title as a list of lines (a single line when it fits)."""
    title = title.strip()
    if len(title) <= max_chars:
        return [title] if title else []
    tokens = _tokens(title)
    if len(tokens) < 2:
        return _hard_wrap(title, max_chars)
    offsets = list(itertools.accumulate(len(t) for t in tokens))[:-1]
    # 的 may start a line only when no split keeps it after its word (a long 《》 title before 的通知)
    for never in (_NEVER_START, _NO_LINE_START):
        found = _best_split(title, [pos for pos in offsets if title[pos] not in never], max_chars)
        if found is not None:
            return found
    return _word_wrap(title, tokens, max_chars)


def _best_split(title: str, positions: list[int], max_chars: int) -> list[str] | None:
    """The best-scoring split at these break positions, or None when no split fits."""
    if len(positions) > _MAX_CANDIDATES:
        positions = _thin(positions, len(title))
    lines_needed = math.ceil(len(title) / max_chars)
    compounds = _compound_joints(title)
    framed: dict[tuple[int, int], bool] = {}  # (start, end) of a line -> it leaves a 在 phrase open
    issuer = title.find("关于", 1) if 0 < title.find("关于", 1) <= max_chars else None
    best: tuple[float, list[str]] | None = None
    for count in range(lines_needed, lines_needed + _EXTRA_LINES + 1):
        for cuts in _fitting_cuts(positions, len(title), count, max_chars):
            bounds = [0, *cuts, len(title)]
            score = _score(title, bounds, count - lines_needed, framed) + _COMPOUND * sum(c in compounds for c in cuts)
            if best is None or score < best[0]:
                best = (score, [title[a:b] for a, b in itertools.pairwise(bounds)])
        if best is not None and (count > lines_needed or issuer is None):
            return best[1]  # one more line is tried only when it could put the issuer on a line of its own
    return best[1] if best is not None else None


def _fitting_cuts(positions: list[int], total: int, lines: int, max_chars: int) -> Iterator[list[int]]:
    """Every choice of ``lines - 1`` cut positions whose lines all fit, in lexicographic order.

    The same choices, in the same order, as filtering ``itertools.combinations``, without
    building the (tens of thousands of) combinations that cannot fit a narrow cover line.
    """

    def extend(first: int, previous: int, left: int) -> Iterator[list[int]]:
        if left == 1:
            if total - previous <= max_chars:
                yield []
            return
        for k in range(first, len(positions)):
            cut = positions[k]
            if cut - previous > max_chars:
                return
            if total - cut <= max_chars * (left - 1):
                for rest in extend(k + 1, cut, left - 1):
                    yield [cut, *rest]

    return extend(0, 0, lines)


def _tokens(title: str) -> list[str]:
    """jieba words, with quoted/bracketed spans and numbers glued into one token."""
    raw = list(words.cut(title))
    merged: list[str] = []
    closer: str | None = None
    for tok in raw:
        if closer is not None:
            merged[-1] += tok
            if closer in tok:
                closer = None
            continue
        opener = next((c for c in tok if c in _OPENERS), None)
        if opener and _OPENERS[opener] not in tok[tok.index(opener) :]:
            closer = _OPENERS[opener]
        number_unit = (
            _NUMBERISH.search(merged[-1][-1:]) and (_NUMBERISH.match(tok) or tok[0] in _UNITS) if merged else False
        )
        if merged and (number_unit or tok in _NO_LINE_START or tok[0] in _NO_LINE_START):
            merged[-1] += tok
        else:
            merged.append(tok)
    return merged


def _score(title: str, bounds: list[int], extra_lines: int, framed: dict[tuple[int, int], bool]) -> float:
    lengths = [b - a for a, b in itertools.pairwise(bounds)]
    mean = sum(lengths) / len(lengths)
    spread = sum((n - mean) ** 2 for n in lengths) / len(lengths)
    score = spread + 30.0 * extra_lines
    if not _good_shape(lengths):
        score += 50.0
    for a, b in itertools.pairwise(bounds[:-1]):  # every line but the last
        if title[b - 1] in _WEAK_END:
            score += 12.0
        if (a, b) not in framed:
            framed[a, b] = _open_frame(title[a:b])
        if framed[a, b]:
            score += _OPEN_FRAME
    issuer = title.find("关于", 1)
    for a in bounds[1:-1]:  # every line but the first
        if title.startswith("关于", a):
            score -= _ISSUER
        elif 0 < a < issuer:
            score += _ISSUER  # a break inside the issuing body
        if title[a] in _WEAK_START:
            score += 12.0
    return score


def _compound_joints(title: str) -> set[int]:
    """Offsets between two nouns (重要讲话|精神, 治理|能力): one name, not a place to break."""
    joints, pos = set(), 0
    tagged = words.tag(title)
    for (word, pos_tag), (_, next_tag) in itertools.pairwise(tagged):
        pos += len(word)
        if (pos_tag in _COMPOUND_LEFT and next_tag in _COMPOUND_RIGHT) or (pos_tag, next_tag) in _COMPOUND_PAIRS:
            joints.add(pos)
    return joints


def _open_frame(line: str) -> bool:
    """A 在… phrase left open at the line end: 在全国 | 两会上 splits one meaning over two lines."""
    tokens = words.cut(line)
    if "在" not in tokens:
        return False
    last = len(tokens) - 1 - tokens[::-1].index("在")
    return not any(t[-1] in _FRAME_CLOSERS for t in tokens[last + 1 :])


def _good_shape(lengths: list[int]) -> bool:
    """Trapezoid (monotone) or diamond (rises then falls)."""
    if len(lengths) <= 2:
        return True
    peak = lengths.index(max(lengths))
    rising = all(a <= b for a, b in itertools.pairwise(lengths[: peak + 1]))
    falling = all(a >= b for a, b in itertools.pairwise(lengths[peak:]))
    return (rising and falling) or all(a <= b for a, b in itertools.pairwise(lengths))


def _thin(positions: list[int], total: int) -> list[int]:
    """Keep the break points nearest to even divisions when a title is very long."""
    return sorted(
        sorted(positions, key=lambda pos: min(abs(pos - total * k / 6) for k in range(1, 6)))[:_MAX_CANDIDATES]
    )


def _word_wrap(title: str, tokens: list[str], max_chars: int) -> list[str]:
    """Fill lines word by word (a word longer than a line is cut), when no balanced split exists."""
    lines = [""]
    for token in tokens:
        while len(token) > max_chars:
            if lines[-1]:
                lines.append("")
            lines[-1], token = token[:max_chars], token[max_chars:]
            lines.append("")
        if len(lines[-1]) + len(token) > max_chars and lines[-1]:
            lines.append("")
        lines[-1] += token
    lines = [line for line in lines if line]
    for i in range(1, len(lines)):  # push characters down until no line starts with 的 or a closing mark
        while lines[i][0] in _NEVER_START and len(lines[i - 1]) > 1 and len(lines[i]) < max_chars:
            lines[i - 1], lines[i] = lines[i - 1][:-1], lines[i - 1][-1] + lines[i]
    return lines


def _hard_wrap(title: str, max_chars: int) -> list[str]:
    count = math.ceil(len(title) / max_chars)
    size = math.ceil(len(title) / count)
    return [title[i : i + size] for i in range(0, len(title), size)]
