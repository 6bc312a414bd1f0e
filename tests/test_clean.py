"""clean: page numbers, running headers and form feeds go; everything else stays."""

from __future__ import annotations

import pytest

from converter import i18n
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


def page(n: int, lines: int = 12) -> list[str]:
    return [f"第{n}页第{i}行的正文内容，写得很长很长很长很长很长" for i in range(lines)]


def test_a_single_bare_number_stays_but_a_rising_run_of_page_numbers_goes() -> None:
    assert [line.text for line in clean("甲\n7\n乙", Report())] == ["甲", "7", "乙"]
    report = Report()
    text = "\n".join([*page(1), "1", *page(2), "2", *page(3)])
    assert [line.text for line in clean(text, report)] == [*page(1), *page(2), *page(3)]
    assert len(report.changes) == 2


def test_a_table_serial_number_column_is_text() -> None:
    rows = [x for n in range(1, 24) for x in (str(n), f"单位{n}", "已完成")]
    text = "\n".join(["附表：进度", "序号", "单位", "状态", *rows, "以上为全部内容。"])
    report = Report()
    assert [line.text for line in clean(text, report)] == text.split("\n")
    assert report.changes == [] and report.warnings == []


@pytest.mark.parametrize("form", ["· {n} ·", ".{n}.", "，{n},", "- {n} -", "第 {n} 页", "{n}", "—{n}—", "、{n}、"])
def test_common_page_number_forms_between_pages_are_removed(form: str) -> None:
    pages = [page(n) for n in (1, 2, 3)]
    text = "\n".join([*pages[0], form.format(n=1), *pages[1], form.format(n=2), *pages[2], form.format(n=3)])
    report = Report()
    lines = clean(text, report)
    assert [line.text for line in lines] == [*pages[0], *pages[1], *pages[2]]
    assert lines[12].page_break_before and lines[24].page_break_before
    assert [c.before for c in report.changes] == [form.format(n=n) for n in (1, 2, 3)]


def test_a_note_under_each_chapter_title_is_kept() -> None:
    text = []
    for k, n in enumerate("一二三"):
        text += [f"第{n}章　总论", "（本章不考大题）", *page(k, 20)]
    report = Report()
    assert [line.text for line in clean("\n".join(text), report)] == text
    assert report.warnings == []


def test_a_repeated_line_that_is_not_at_page_edges_is_kept() -> None:
    body = []
    for n in (1, 2, 3):
        body += [*page(n, 6), "（本部分内容略）", *page(n, 6), f"— {n} —"]
    kept = [line.text for line in clean("\n".join(body), Report())]
    assert kept.count("（本部分内容略）") == 3


def test_every_removal_is_a_warning_a_build_can_show() -> None:
    text = []
    for n in (1, 2, 3):
        text += (["政务公开专栏"] if n > 1 else []) + [*page(n), f"· {n} ·"]
    report = Report()
    clean("\n".join(text), report)
    assert sorted(c.before for c in report.changes) == sorted(["政务公开专栏"] * 2 + ["· 1 ·", "· 2 ·", "· 3 ·"])
    assert [(w.kind, w.line) for w in report.warnings] == [("removed", 13), ("removed", 14)]
    assert "removed 3 page number lines" in report.warnings[0].message
    assert "2 running header lines" in report.warnings[1].message
    chinese = Report()
    with i18n.speaking("zh"):
        clean("\n".join(text), chinese)
    assert [(w.kind, w.line) for w in chinese.warnings] == [("removed", 13), ("removed", 14)]
    assert "已删除 3 行页码" in chinese.warnings[0].message and "页眉页脚" in chinese.warnings[1].message


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


def test_a_chapter_title_that_the_running_header_repeats_keeps_its_first_occurrence() -> None:
    title = "第一部分　总体要求"  # no marker the outline knows: its place (page 3, after a paragraph) tells
    body = [f"第{i}行正文内容，写得很长很长很长很长很长很长" for i in range(40)]
    preface = [f"前言第{i}行，写得很长很长很长很长很长很长" for i in range(23)] + ["前言到此结束。"]
    text = [
        *preface[:12],
        "— 1 —",
        *preface[12:],
        "— 2 —",
        title,
        *body[:12],
        "— 3 —",
        title,
        *body[12:24],
        "— 4 —",
        title,
        *body[24:36],
    ]
    kept = [line.text for line in clean("\n".join(text), Report())]
    assert kept == [*preface, title, *body[:36]]


def test_a_signature_equal_to_the_first_title_line_is_no_running_header() -> None:
    """Class K again, after the clean pass learnt page edges: the title's first line (国务院办公厅) and the
    signature, which happens to open the last page, are two edges but no header: the text's first line is
    its title, so it is no evidence of a running header."""
    body = [f"第{i}行正文内容，写得很长很长很长很长很长很长" for i in range(30)]
    text = [
        "国务院办公厅",
        "关于做好防汛工作的通知",
        *body[:14],
        "— 1 —",
        *body[14:28],
        "— 2 —",
        "国务院办公厅",
        "2019年1月9日",
    ]
    kept = [line.text for line in clean("\n".join(text), Report())]
    assert kept.count("国务院办公厅") == 2


def test_the_blank_margin_of_a_page_number_goes_though_pdftotext_left_gap_blanks_elsewhere() -> None:
    """Blank lines that cut a line mid-clause (pdftotext at the wide gaps of a hanging note) do not make the
    text blank-line separated: the blank lines around the page number are still the page's margin."""
    gaps = [f"〔{n}〕" if k % 2 == 0 else "" for n in range(1, 8) for k in range(2)]
    lines = ["然而现在社会上的论调和趋势，一面固然要求天才，一面却", "", "—1—", "", "要他灭亡。", *gaps]
    kept = [line.text for line in clean("\n".join(lines) + "\n", Report())]
    assert kept[:2] == ["然而现在社会上的论调和趋势，一面固然要求天才，一面却", "要他灭亡。"]


@pytest.mark.parametrize("text", ["0/0", "— 3 —\n\n第 4 页\n"])
def test_a_text_of_page_numbers_only_is_refused_not_a_crash(text: str) -> None:
    from converter.reading import ReadError, parse_text

    with pytest.raises(ReadError, match="nothing is left"):
        parse_text(text)
