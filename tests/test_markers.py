"""Marker families as vocabulary.toml lists them: each family recognised, and nothing else."""

from __future__ import annotations

import pytest

from converter.reading import markers


@pytest.mark.parametrize(
    ("text", "family", "marker", "value"),
    [
        ("第一编　总则", "part", "第一编", 1),
        ("第三章 管理", "chapter", "第三章", 3),
        ("第二节 特别规定", "section", "第二节", 2),
        ("第十二条　为了规范管理，制定本条例。", "article", "第十二条", 12),
        ("第一百零三条　附则。", "article", "第一百零三条", 103),
        ("第一回　宴桃园豪杰三结义", "episode", "第一回", 1),
        ("一、总体要求", "cn", "一、", 1),
        ("（二）目标任务", "paren_cn", "（二）", 2),
        ("1.2.1 编制依据", "decimal3", "1.2.1", 1),
        ("1.1 编制目的", "decimal2", "1.1", 1),
        ("1 总则", "decimal1", "1", 1),
        ("3.坚持人民至上", "arabic", "3.", 3),
        ("（4）管大局", "paren_arabic", "（4）", 4),
        ("2）两个方面", "arabic_paren", "2）", 2),
        ("①本篇最初发表于", "circled", "①", 1),
        ("⑵洋钱：指银元。", "paren_digit", "⑵", 2),
        ("第二，以畅通国民经济循环为主。", "ordinal", "第二，", 2),
    ],
)
def test_each_family(text: str, family: str, marker: str, value: int) -> None:
    found = markers.match_marker(text)
    assert found is not None and (found.family, found.text, found.value) == (family, marker, value)


@pytest.mark.parametrize("text", ["3.5亿元的投资", "2025年工作", "第一次会议", "一是加强领导", "第三条", "十分重要"])
def test_not_markers(text: str) -> None:
    assert markers.match_marker(text) is None


def test_every_family_has_an_example_that_passes_the_quick_check() -> None:
    """The first-character pre-check admits every family (an example of each is in the table above)."""
    examples = test_each_family.pytestmark[0].args[1]  # type: ignore[attr-defined]
    assert {family for _, family, _, _ in examples} == set(markers.FAMILIES)
    assert all(text[0] in markers._FIRST for text, _, _, _ in examples)


def test_roles_come_from_the_vocabulary() -> None:
    assert markers.ROLES["article"] == "article"
    assert markers.ROLES["circled"] == "item"
    assert markers.ROLES["cn"] == "heading"
