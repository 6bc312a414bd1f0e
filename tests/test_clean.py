"""clean: page numbers, running headers and form feeds go; everything else stays."""

from __future__ import annotations

import pytest

from converter.reading import Report
from converter.reading.clean import clean

BODY = ["第一段正文内容，继续写下去。", "第二段正文，还有更多的内容。"]


@pytest.mark.parametrize("number", ["— 3 —", "-3-", "- 3 -", "第3页", "第 3 页 共 12 页", "3/12", "－ 12 －"])
def test_page_number_lines_are_removed(number: str) -> None:
    report = Report()
    lines = clean("\n".join([BODY[0], number, BODY[1]]), report)
    assert [line.text for line in lines] == BODY
    assert [(c.kind, c.line, c.before) for c in report.changes] == [("artefact", 2, number)]
    assert lines[1].page_break_before


def test_text_that_only_looks_numeric_stays() -> None:
    text = "2025年\n增长3.5%\n第三章 总则\n1.加强领导\n-3 度"
    assert [line.text for line in clean(text, Report())] == text.split("\n")


def test_a_single_bare_number_stays_but_a_rising_run_goes() -> None:
    assert [line.text for line in clean("甲\n7\n乙", Report())] == ["甲", "7", "乙"]
    report = Report()
    assert [line.text for line in clean("甲\n1\n乙\n2\n丙", report)] == ["甲", "乙", "丙"]
    assert len(report.changes) == 2


def test_running_header_at_page_boundaries_is_removed() -> None:
    pages = [[f"第{p}页的第{i}段正文，内容各不相同。" for i in range(3)] for p in range(3)]
    lines_in = []
    for n, body in enumerate(pages, 1):
        lines_in += ["某某市人民政府文件", *body, f"— {n} —"]
    report = Report()
    lines = [line.text for line in clean("\n".join(lines_in), report)]
    assert lines == ["某某市人民政府文件", *pages[0], *pages[1], *pages[2]]  # the first may be the title: kept
    removed = [c.before for c in report.changes]
    assert removed.count("某某市人民政府文件") == 2 and removed.count("— 2 —") == 1


def test_running_footer_at_a_steady_interval_without_page_numbers() -> None:
    body = [f"第{i}行正文内容，写得足够长以免被当成页眉。" for i in range(30)]
    lines = []
    for i, line in enumerate(body):
        lines.append(line)
        if i % 10 == 9:
            lines.append("内部资料 注意保存")
    kept = [line.text for line in clean("\n".join(lines), Report())]
    assert kept == body


def test_a_phrase_repeated_irregularly_stays() -> None:
    text = "\n".join(["加强领导", "正文一。", "加强领导", "正文二。", "正文三。", "正文四。", "加强领导"])
    assert [line.text for line in clean(text, Report())] == text.split("\n")


def test_form_feeds_are_removed_and_mark_pages() -> None:
    report = Report()
    lines = clean(f"{BODY[0]}\f{BODY[1]}", report)
    assert [line.text for line in lines] == BODY
    assert lines[1].page_break_before and lines[1].number == 1
    assert [(c.kind, c.before) for c in report.changes] == [("artefact", "\f")]
