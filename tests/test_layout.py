"""The Chinese line breaker and paginator on hand-made cases (no PDF involved).

Widths are synthetic but font-like: hanzi and full-width marks 1 em, digits and
Latin letters 0.5 em, so every expectation below can be worked out by hand.
"""

from __future__ import annotations

import unicodedata

import pytest
from docs import BODY

from converter.layout import Block, Run, break_paragraph, paginate
from converter.layout.chars import NO_END, NO_START

SIZE = 16.0
WIDTH = 442.2047  # 156 mm
PITCH = WIDTH / 28  # the 公文 grid: 28 characters a line


def advance(ch: str) -> float:
    if unicodedata.east_asian_width(ch) in "WF" or ch in "—…":
        return SIZE
    return SIZE / 2


def run(text: str, bold: bool = False, font: str = "body") -> Run:
    return Run(text, font, SIZE, PITCH, advance, bold)


def lay(text: str, indent: float = 0.0, align: str = "justify") -> list:
    return break_paragraph([run(text)], WIDTH, indent, align)


def texts(lines: list) -> list[str]:
    return [line.text for line in lines]


def assert_clean_breaks(lines: list) -> None:
    for line in lines[1:]:
        assert line.text[0] not in NO_START, f"line starts with {line.text[0]!r}: {line.text}"
    for line in lines[:-1]:
        assert line.text[-1] not in NO_END, f"line ends with {line.text[-1]!r}: {line.text}"


def assert_justified(lines: list, width: float = WIDTH) -> None:
    for line in lines[:-1]:
        assert line.right == pytest.approx(width, abs=0.01), line.text


def test_exactly_28_chars_is_one_line_on_the_grid() -> None:
    text = "思想是行动的先导理论是实践的指南我们要在深学细悟中把握要"
    assert len(text) == 28
    lines = lay(text)
    assert texts(lines) == [text]
    assert lines[0].last
    assert lines[0].right == pytest.approx(WIDTH, abs=0.01)
    (glyphs,) = lines[0].runs  # one glyph run: every character on the grid pitch
    assert glyphs.char_space == pytest.approx(PITCH - SIZE)


def test_comma_that_would_start_a_line_pushes_a_char_down() -> None:
    text = "一" * 28 + "，" + "二" * 10
    lines = lay(text)
    assert_clean_breaks(lines)
    assert texts(lines)[0] == "一" * 27  # nothing to squeeze on the line: push one char
    assert texts(lines)[1].startswith("一，")
    assert_justified(lines)


def test_comma_is_pulled_back_when_punctuation_can_be_squeezed() -> None:
    text = "一" * 10 + "，" + "一" * 17 + "，" + "二" * 5
    lines = lay(text)
    assert_clean_breaks(lines)
    assert texts(lines)[0] == text[:29]  # both commas give up half an em
    assert texts(lines)[1] == "二" * 5
    assert_justified(lines)


def test_number_at_the_break_moves_whole() -> None:
    text = "一" * 26 + "2025年全市生产总值增长5.5%，研发投入1,234亿元"
    lines = lay(text)
    assert texts(lines)[0] == "一" * 26
    assert texts(lines)[1].startswith("2025年")
    for number in ("2025", "5.5%", "1,234"):
        assert any(number in line for line in texts(lines))
    assert "".join(texts(lines)) == text
    assert_justified(lines)


def test_latin_word_is_never_split_or_spread() -> None:
    text = "一" * 25 + "COVID-19" + "疫情后经济持续恢复" * 3
    lines = lay(text)
    assert texts(lines)[1].startswith("COVID-19")
    word = [g for g in lines[1].runs if g.text == "COVID-19"]
    assert word and word[0].char_space == 0.0
    assert_justified(lines)


def test_run_of_closing_marks_never_starts_a_line() -> None:
    text = "一" * 27 + "。”）" + "二" * 5
    lines = lay(text)
    assert_clean_breaks(lines)
    assert "".join(texts(lines)) == text
    assert texts(lines)[1].startswith("一。”）")  # the marks took the last hanzi with them


def test_opening_bracket_never_ends_a_line() -> None:
    text = "一" * 27 + "（二）" + "三" * 10
    lines = lay(text)
    assert_clean_breaks(lines)
    assert texts(lines)[1].startswith("（二）")
    assert_justified(lines)


def test_dash_and_ellipsis_stay_whole() -> None:
    for mark in ("——", "……"):
        text = "一" * 27 + mark + "二" * 10
        lines = lay(text)
        assert_clean_breaks(lines)
        assert all(mark in line or ("—" not in line and "…" not in line) for line in texts(lines))
        assert "".join(texts(lines)) == text


def test_long_paragraph_is_justified_and_kept_in_order() -> None:
    text = BODY * 3
    lines = lay(text, indent=2 * PITCH)
    assert "".join(texts(lines)) == text
    assert_clean_breaks(lines)
    assert_justified(lines)
    assert lines[0].left == pytest.approx(2 * PITCH)
    assert lines[-1].last and lines[-1].right < WIDTH + 0.01
    for line in lines:
        xs = [g.x for g in line.runs]
        assert xs == sorted(xs)


def test_run_in_heading_mixes_fonts_on_one_line() -> None:
    runs = [run("（一）加强组织领导。", font="kai"), run("各地要" * 12), run("一是抓落实。", bold=True)]
    lines = break_paragraph(runs, WIDTH, 2 * PITCH)
    assert lines[0].runs[0].font == "kai"
    assert lines[0].runs[0].text.startswith("（一）")
    assert any(g.font == "body" for g in lines[0].runs)
    assert any(g.bold for line in lines for g in line.runs)
    assert "".join(texts(lines)) == "".join(r.text for r in runs)
    assert_justified(lines)


def test_centred_line() -> None:
    (line,) = lay("同志们", align="center")
    assert line.left == pytest.approx((WIDTH - 3 * PITCH) / 2)


def test_heading_is_never_last_on_a_page() -> None:
    body = Block(lines=list(range(21)), line_height=10.0)
    heading = Block(lines=["H"], line_height=10.0, keep_with_next=True)
    after = Block(lines=list(range(5)), line_height=10.0)
    pages = paginate([body, heading, after], 220.0)
    assert [p.block for p in pages[0]] == [0] * 21  # the heading moved on with its paragraph
    assert pages[1][0].block == 1 and pages[1][1].block == 2


def test_last_line_is_not_left_alone_at_a_page_top() -> None:
    pages = paginate([Block(lines=list(range(23)), line_height=10.0)], 220.0)
    assert [len(p) for p in pages] == [21, 2]
    assert all(p[0].top == 0.0 for p in pages)


@pytest.mark.parametrize("tail", ["髓", "髓。", "髓”。"])
def test_a_last_line_of_one_character_takes_one_more_from_above(tail: str) -> None:
    text = "深刻领会准确把握习近平总书记重要讲话的思想精" + "准确把握" + tail  # 26 + 1 char (+ marks)
    lines = lay(text, indent=2 * PITCH)
    assert len(lines) == 2
    assert "".join(texts(lines)) == text
    assert sum(1 for ch in texts(lines)[1] if ch not in NO_START) == 2
    assert_justified(lines)
    assert_clean_breaks(lines)


URL = "https://www.example.gov.cn/zwgk/zcwj/2025/03/05/detail_20250305-flood-control-emergency-response.html?id=12345&type=notice"
MAIL = "flood.control.office@example-government-department.gov.cn"


def test_url_and_email_break_at_their_marks_without_hyphens() -> None:
    """Issue 19.1: a URL or address wider than the line breaks after / ? & . @ - _ = and nowhere else."""
    text = f"详见{URL}，或来信{MAIL}。"
    lines = lay(text, indent=2 * PITCH)
    assert "".join(texts(lines)) == text  # nothing added (no hyphen), nothing lost
    for line in lines:
        assert line.right <= WIDTH + 0.01, line.text
        assert not line.forced
    for line in lines[:-1]:
        assert line.text[-1] in "/?&.@-_=" or not line.text[-1].isascii(), line.text
    assert len(lines) >= 4


def test_a_word_wider_than_the_line_is_broken_anywhere_and_reported() -> None:
    word = "abcdefghij" * 2000
    lines = lay(f"前文{word}后文。", indent=2 * PITCH)
    assert "".join(texts(lines)) == f"前文{word}后文。"
    assert all(line.right <= WIDTH + 0.01 for line in lines)
    assert sum(line.forced for line in lines) >= 2000 * 10 * SIZE / 2 // WIDTH - 1
    assert not lines[-1].forced


def test_every_justified_line_ending_in_a_mark_sets_it_half_width() -> None:
    """Issue 12.5: one rule for line-end ，。、: compressed everywhere, so the right edge is even."""
    text = ("我们要在深学细悟中把握核心要义不断增强政治判断力和政治" + "，") * 3 + "完。"
    assert len(text) == 3 * 28 + 2
    lines = lay(text)
    ends = [line for line in lines[:-1] if line.text[-1] in "，。、"]
    assert ends
    for line in ends:
        last = line.runs[-1]
        mark_x = last.x + (len(last.text) - 1) * (last.char_space + advance(last.text[-1]))
        assert WIDTH - mark_x == pytest.approx(PITCH / 2, abs=0.01), line.text  # the mark's cell is half an em
        assert line.right == pytest.approx(WIDTH, abs=0.01)
