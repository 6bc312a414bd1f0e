"""reflow: hard-wrapped lines become paragraphs, at any wrap width, in every layout shape."""

from __future__ import annotations

import pytest

from converter.reading import Report
from converter.reading.chars import text_width
from converter.reading.lines import Line
from converter.reading.reflow import reflow

PARAGRAPHS = [
    "市委副书记在理论学习中心组上的发言",
    "同志们：",
    "在全面贯彻落实党的二十届三中全会精神的关键之年，2025年全国两会胜利召开。习近平总书记在两会期间发表的"
    "一系列重要讲话，高屋建瓴、思想深邃、内涵丰富，为我们做好各项工作提供了根本遵循和行动指南。",
    "一、深刻领会，准确把握习近平总书记重要讲话的思想精髓和实践要求",
    "（一）在领悟核心要义中坚定政治方向。思想是行动的先导，理论是实践的指南。我们要在深学细悟中把握核心要义，"
    "不断增强政治判断力、政治领悟力、政治执行力。一是深刻领悟“两个确立”的决定性意义。",
    "（二）在把握战略部署中明确前进方向。要准确把握战略部署，找准工作的切入点和着力点，推动各项工作取得新成效，"
    "加快构建以创新为主动力的现代化产业体系，COVID-19之后经济恢复向好。",
    "二、联系实际",
    "要坚持不懈用新时代中国特色社会主义思想凝心铸魂，深入开展主题教育。",
]
NO_LINE_START = "，。、；：？！）》”"


def wrap(text: str, width: int) -> list[str]:
    """Hard-wrap like a PDF layout: ``width`` ems (ASCII half), no closing mark at a line start, no word split."""
    lines, current = [], ""
    for i, ch in enumerate(text):
        inside_word = ch.isascii() and ch.isalnum() and i > 0 and text[i - 1].isascii() and text[i - 1].isalnum()
        if text_width(current) >= width and ch not in NO_LINE_START and not inside_word:
            lines.append(current)
            current = ""
        current += ch
    return [*lines, current]


def blocks_of(raw: list[str]) -> list[str]:
    return [b.text for b in reflow([Line(i, t) for i, t in enumerate(raw, 1)], Report())]


@pytest.mark.parametrize("width", [20, 23, 26, 28, 30, 34, 40])
def test_any_wrap_width(width: int) -> None:
    raw = wrap(PARAGRAPHS[0], 12) + [line for p in PARAGRAPHS[1:] for line in wrap(p, width)]
    assert blocks_of(raw) == PARAGRAPHS


def test_one_paragraph_per_line() -> None:
    assert blocks_of(PARAGRAPHS) == PARAGRAPHS


def test_blank_line_separated() -> None:
    raw = []
    for p in PARAGRAPHS:
        raw += [*wrap(p, 26), ""]
    assert blocks_of(raw) == PARAGRAPHS


@pytest.mark.parametrize("indent", ["\u3000\u3000", "    "])
def test_indented_paragraphs(indent: str) -> None:
    raw = [PARAGRAPHS[0], PARAGRAPHS[1]]
    for p in PARAGRAPHS[2:]:
        lines = wrap(p, 27)
        raw += [indent + lines[0], *lines[1:]]
    assert blocks_of(raw) == PARAGRAPHS


def test_a_wrapped_heading_is_joined() -> None:
    heading = "二、联系实际，切实把习近平总书记重要讲话精神转化为推动XX发展的生动实践"
    body = "（一）聚焦科技创新，打造创新活力之城。我们必须把科技创新摆在更加突出的位置，坚定不移推进建设。"
    raw = [*wrap(PARAGRAPHS[2], 28), *wrap(heading, 28), *wrap(body, 28)]
    assert blocks_of(raw) == [PARAGRAPHS[2], heading, body]


def test_mixture_of_shapes() -> None:
    raw = [*wrap(PARAGRAPHS[0], 10), PARAGRAPHS[1], *wrap(PARAGRAPHS[2], 25), "", "\u3000\u3000" + PARAGRAPHS[3],
           *wrap(PARAGRAPHS[4], 25), *wrap(PARAGRAPHS[5], 25), "", PARAGRAPHS[6], *wrap(PARAGRAPHS[7], 25)]
    assert blocks_of(raw) == PARAGRAPHS


def test_latin_words_across_a_break_get_one_space() -> None:
    raw = ["第一行的内容写得很长很长很长很长很长很长很长很长很 open", "source 软件的内容写得很长很长很长很长很长很长很长很长",
           "第三行的内容写得很长很长很长很长很长很长很长很长2025", "年的内容。"]
    assert blocks_of(raw) == ["第一行的内容写得很长很长很长很长很长很长很长很长很 open source 软件的内容写得很长很长很长很长很长很长很长很长"
                              "第三行的内容写得很长很长很长很长很长很长很长很长2025年的内容。"]


def test_joins_are_recorded_with_the_line_they_end() -> None:
    report = Report()
    reflow([Line(1, "甲" * 20), Line(2, "乙" * 20), Line(3, "丙" * 10 + "。"), Line(4, "丁。")], report)
    assert [(c.kind, c.line, c.column) for c in report.changes] == [("join", 1, 21), ("join", 2, 21)]
