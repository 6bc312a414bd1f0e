"""Titles broken into balanced lines at word boundaries (GB/T 9704 §7.3.1)."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from converter import words
from converter.titlebreak import _fitting_cuts, break_title

TITLES = [
    "市委副书记在理论学习中心组专题学习习近平总书记在全国两会上的重要讲话精神研讨交流会上的发言",
    "XX市人民政府关于印发《XX市2025年优化营商环境工作要点》的通知",
    "关于做好2025年元旦春节期间有关工作的通知",
    "中共XX市委办公厅XX市人民政府办公厅关于进一步加强基层治理体系和治理能力现代化建设的实施意见",
    "江州市人民政府关于切实做好2025年防汛防台风工作的通知",
    "海城市推动人工智能产业高质量发展行动方案（2025—2030年）",
    "关于转发省委办公厅“一号发展工程”实施方案的通知",
]


def boundaries(parts: list[str]) -> set[int]:
    return set(itertools.accumulate(len(p) for p in parts[:-1]))


@pytest.mark.parametrize("title", TITLES)
def test_lines_fit_keep_every_character_and_break_between_words(title: str) -> None:
    lines = break_title(title, 20)
    assert "".join(lines) == title
    assert all(len(line) <= 20 for line in lines)
    assert boundaries(lines) <= boundaries(list(words.cut(title)))


@pytest.mark.parametrize("title", TITLES)
def test_never_inside_quotes_titles_or_numbers_with_units(title: str) -> None:
    lines = break_title(title, 20)
    for cut in boundaries(lines):
        before, after = title[:cut], title[cut:]
        for left, right in ("《》", "“”", "（）"):
            assert before.count(left) == before.count(right), (title, cut)
        assert not (re.search(r"\d$", before) and re.match(r"[\d年月日个%]", after)), (title, cut)


@pytest.mark.parametrize("title", TITLES)
def test_trapezoid_or_diamond(title: str) -> None:
    lengths = [len(line) for line in break_title(title, 20)]
    peak = lengths.index(max(lengths))
    rising = all(a <= b for a, b in itertools.pairwise(lengths[: peak + 1]))
    falling = all(a >= b for a, b in itertools.pairwise(lengths[peak:]))
    assert rising and falling, lengths


def test_a_title_that_fits_stays_on_one_line() -> None:
    assert break_title("在全市经济工作会议上的讲话", 20) == ["在全市经济工作会议上的讲话"]


def test_the_samples_title_keeps_its_phrases_whole() -> None:
    lines = break_title(TITLES[0], 20)
    assert len(lines) == 3
    # 在全国两会上 is one phrase: never 在全国 | 两会上
    assert not any(line.endswith("在全国") for line in lines)
    # 重要讲话精神 is one name: the break goes after it, giving a diamond
    assert lines == [
        "市委副书记在理论学习中心组专题学习",
        "习近平总书记在全国两会上的重要讲话精神",
        "研讨交流会上的发言",
    ]


@given(
    st.lists(st.integers(1, 6), min_size=1, max_size=14),  # token lengths
    st.integers(1, 4),  # lines
    st.integers(4, 14),  # max_chars
)
def test_fitting_cuts_are_the_fitting_combinations_in_order(lengths: list[int], lines: int, max_chars: int) -> None:
    """The pruned search yields what filtering every combination would, in the same order (ties keep)."""
    positions, total = list(itertools.accumulate(lengths))[:-1], sum(lengths)
    expected = []
    for chosen in itertools.combinations(positions, lines - 1):
        bounds = [0, *chosen, total]
        if all(b - a <= max_chars for a, b in itertools.pairwise(bounds)):
            expected.append(list(chosen))
    assert list(_fitting_cuts(positions, total, lines, max_chars)) == expected


NOTICE_TITLE = "江州市人民政府关于切实做好2025年防汛防台风工作的通知"


@pytest.mark.parametrize("width", [10, 12, 16, 20])
def test_notice_title_breaks_after_the_issuing_body(width: int) -> None:
    """Issue 12.5: the issuer stands on its own line, 关于 starts the next (not 关于进一步 | 加强)."""
    lines = break_title(NOTICE_TITLE, width)
    assert lines[0] == "江州市人民政府" or width < 12
    assert "".join(lines) == NOTICE_TITLE


@pytest.mark.parametrize("width", [10, 12])
@pytest.mark.parametrize(
    ("title", "word"),
    [
        ("关于进一步加强安全生产工作的通知", "安全生产"),
        ("关于学习贯彻全国两会精神的通知", "全国两会"),
        ("市委副书记在理论学习中心组专题学习习近平总书记在全国两会上的重要讲话精神研讨交流会上的发言", "全国两会"),
    ],
)
def test_narrow_title_lines_keep_words_whole(title: str, word: str, width: int) -> None:
    """Issue 12.5: EPUB cover and title page lines (10–12 characters) broke 安全|生产 and 全国|两会."""
    lines = break_title(title, width)
    assert "".join(lines) == title
    assert any(word in line for line in lines), lines
    assert all(len(line) <= width for line in lines)


@pytest.mark.parametrize("width", [8, 10, 12, 16, 20])
@pytest.mark.parametrize(
    "title",
    [
        "关于印发《市级机关事务管理工作规则》的通知",
        "学习贯彻习近平新时代中国特色社会主义思想主题教育的工作方案",
        "市委副书记在理论学习中心组专题学习习近平总书记在全国两会上的重要讲话精神研讨交流会上的发言",
    ],
)
def test_de_never_starts_a_title_line(title: str, width: int) -> None:
    """Issue 12.5: 的 is on the no-line-start list for titles."""
    lines = break_title(title, width)
    assert "".join(lines) == title
    assert not any(line.startswith("的") for line in lines[1:]), lines
