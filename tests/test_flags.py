"""The change log and the editor's warnings: one hand-made input per kind, and the sample's report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from converter import i18n
from converter.fonts.glyphs import bundled_uncovered
from converter.reading import parse_file, parse_text

HAN = re.compile(r"[\u4e00-\u9fff]")


def warnings(text: str) -> list[tuple[str, int]]:
    return [(w.kind, w.line) for w in parse_text(text, uncovered=bundled_uncovered).report.warnings]


ONE_OF_EACH = [
    ("标题\n他说：“要抓落实。\n", [("unpaired", 2)]),
    ("标题\n见附件（一。\n", [("unpaired", 2)]),
    ("标题\n一、总体要求\n三、保障措施\n", [("numbering-jump", 3)]),
    ("标题\n一、总体要求\n（一）目标\n（一）任务\n", [("numbering-repeat", 4)]),
    ("标题\n（二）目标\n", [("numbering-jump", 2)]),
    ("标题\n一、总体要求\n1.目标\n2、任务\n", [("marker-style", 4)]),
    ("标题\n（一）总体要求\n一、目标\n", [("marker-order", 3)]),
    ("标题\n会议定于2024年03月05日召开。\n", [("date-format", 2)]),
    ("标题\n他说 Hello, world 之后离开。\n", [("ascii-punctuation", 2)]),
    ("标题\n我们要做好三件事。一是加强领导。二是\n", [("unfinished", 2)]),
    (
        "标题\n请张䶮同志参会，带上\U0001f4c4文件。\n",
        [("missing-glyph", 2), ("missing-glyph", 2)],
    ),  # 䶮 (Ext A) and the emoji
]


@pytest.mark.parametrize(("text", "expected"), ONE_OF_EACH)
def test_each_kind_of_warning(text: str, expected: list[tuple[str, int]]) -> None:
    assert warnings(text) == expected


@pytest.mark.parametrize("text", [text for text, _expected in ONE_OF_EACH])
def test_warnings_speak_the_interface_language(text: str) -> None:
    """Office staff read Chinese: the message is translated, the kind (for scripts) is not."""
    english = parse_text(text, uncovered=bundled_uncovered).report.warnings
    with i18n.speaking("zh"):
        chinese = parse_text(text, uncovered=bundled_uncovered).report.warnings
    assert [(w.kind, w.line) for w in chinese] == [(w.kind, w.line) for w in english]
    for zh, en in zip(chinese, english, strict=True):  # Chinese words around what the English quotes
        assert len(HAN.findall(zh.message)) > len(HAN.findall(en.message)), (zh.message, en.message)


def test_an_unpaired_quote_in_chinese() -> None:
    with i18n.speaking("zh"):
        (warning,) = parse_text("标题\n他说：“要抓落实。\n").report.warnings
    assert warning.message == "本段 “ 有 1 个，” 有 0 个，不成对"


def test_rare_characters_a_bundled_font_has_are_not_flagged() -> None:
    assert warnings("标题\n请堃、喆、犇、镕四位同志参会。\n") == []  # GBK, beyond GB 2312


def test_a_clean_document_has_no_warnings() -> None:
    text = "关于做好节日工作的通知\n各部门：\n一、加强值班\n（一）落实责任。各单位要严格执行值班制度。\n2025年1月5日\n"
    assert warnings(text) == []


@pytest.mark.parametrize(
    ("text", "kind", "line", "column", "before", "after"),
    [
        ("标题\n今天,我们", "widen", 2, 3, ",", "，"),
        ('标题\n他说"好"。', "quote", 2, 3, '"', "“"),
        ("标题\n等等...", "ellipsis", 2, 3, "...", "……"),
        ("标题\n发展--关键。", "dash", 2, 3, "--", "——"),
        ("标题\n增长１０％。", "halfwidth", 2, 3, "１", "1"),
        ("标题\n正文。\n— 2 —\n正文二。", "artefact", 3, 1, "— 2 —", ""),
        (
            "标题\n" + "甲" * 20 + "\n" + "乙" * 20 + "\n" + "丙" * 5 + "。\n" + "丁" * 20 + "。",
            "join",
            2,
            21,
            "\n",
            "",
        ),
        ("标题\n一、总体要求\n", "marker", 2, 1, "一、", "level 1"),
    ],
)
def test_each_kind_of_change(text: str, kind: str, line: int, column: int, before: str, after: str) -> None:
    changes = [c for c in parse_text(text).report.changes if c.kind == kind]
    assert (changes[0].line, changes[0].column, changes[0].before, changes[0].after) == (line, column, before, after)


def test_sample_report(sample_path: Path) -> None:
    report = parse_file(sample_path).report
    counts = report.counts()
    source = sample_path.read_text(encoding="utf-8").split("\n")
    widened = [c for c in report.changes if c.kind == "widen"]
    assert len(widened) == 116
    assert {(c.before, c.after) for c in widened} == {(",", "，"), ("(", "（"), (")", "）"), (":", "：")}
    assert all(source[c.line - 1][c.column - 1] == c.before for c in widened)  # positions point at the mark
    assert set(counts) == {"widen", "join", "marker", "front"}  # nothing else changed; "front" names the title
    assert counts["marker"] == 7
    assert [(w.kind, w.line) for w in report.warnings] == [("unfinished", 111)]


def test_without_a_coverage_check_the_reader_flags_no_glyphs() -> None:
    """The reader knows no fonts: the glyph check runs only when the application hands one in."""
    text = "标题\n请张䶮同志参会。\n"
    assert [w.kind for w in parse_text(text).report.warnings] == []
    seen: list[str] = []
    parse_text(text, uncovered=lambda chars: seen.append(chars) or [])
    assert seen == ["䶮"]
