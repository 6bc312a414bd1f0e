"""normalise: ASCII punctuation in Chinese text becomes full-width; numbers, URLs and Latin stay."""

from __future__ import annotations

import pytest

from converter.reading import Report
from converter.reading.lines import Line
from converter.reading.normalise import normalise


def run(*texts: str) -> tuple[list[str], Report]:
    report = Report()
    lines = normalise([Line(i, t) for i, t in enumerate(texts, 1)], report)
    return [line.text for line in lines], report


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("同志们:", "同志们："),
        ("今天,我们召开会议;会议很重要!对吗?", "今天，我们召开会议；会议很重要！对吗？"),
        ("(一)加强组织领导", "（一）加强组织领导"),
        ("(1)完善制度", "（1）完善制度"),
        ("世界贸易组织(WTO)成员", "世界贸易组织（WTO）成员"),
        ("之年,2025年全国", "之年，2025年全国"),
        ('他说"要抓落实"。', "他说“要抓落实”。"),
        ("所谓'底线'思维", "所谓‘底线’思维"),
        ("等等......", "等等……"),
        ("发展--这是关键", "发展——这是关键"),
        ("全年增长５.５％", "全年增长5.5％"),
    ],
)
def test_chinese_context_is_widened(source: str, expected: str) -> None:
    assert run(source)[0] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "投入1,000万元，增长3.5%，15:40开会，比例1:500",
        "COVID-19疫情，2025—2030年规划",
        "详见https://www.gov.cn/zhengce/a,b(1).html网站",
        "联系邮箱office@example.gov.cn。",
        "Hello, world! (f(x) = 1)",
        "don't",
    ],
)
def test_numbers_urls_and_latin_stay(text: str) -> None:
    out, report = run(text)
    assert [c.before for c in report.changes if c.kind == "widen"] == []
    assert out == [text]


def test_changes_record_line_column_and_text() -> None:
    _, report = run("第一行", "今天,我们(一)")
    assert [(c.kind, c.line, c.column, c.before, c.after) for c in report.changes] == [
        ("widen", 2, 3, ",", "，"),
        ("widen", 2, 6, "(", "（"),
        ("widen", 2, 8, ")", "）"),
    ]


def test_quotes_pair_across_a_hard_wrapped_line() -> None:
    out, _ = run('坚持"两个', '确立"的意义')
    assert out == ["坚持“两个", "确立”的意义"]


def test_quote_pairing_restarts_after_a_blank_line() -> None:
    out, _ = run('他说"好', "", '她说"行"')
    assert out == ["他说“好", "", "她说“行”"]


def test_a_comma_at_a_line_end_looks_at_the_next_line() -> None:
    out, _ = run("Beijing,", "北京")
    assert out == ["Beijing，", "北京"]
