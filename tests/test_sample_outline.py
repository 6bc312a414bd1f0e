"""Golden test: the sample's whole outline, as a careful reader sees it."""

from __future__ import annotations

from pathlib import Path

from converter.model import Paragraph, Section
from converter.reading import parse_file

TITLE = "市委副书记在理论学习中心组专题学习习近平总书记在全国两会上的重要讲话精神研讨交流会上的发言"

# (level, marker, heading, runin, [point lead clauses], body starts, body ends)
SECTIONS = [
    (1, "一、", "深刻领会，准确把握习近平总书记重要讲话的思想精髓", False, None),
    (
        2,
        "（一）",
        "在领悟核心要义中坚定政治方向。",
        True,
        (
            [
                "一是深刻领悟“两个确立”的决定性意义。",
                "二是牢牢把握高质量发展这个首要任务。",
                "三是始终坚持以人民为中心的发展思想。",
            ],
            "思想是行动的先导，理论是实践的指南。",
            "更加充实、更有保障、更可持续。",
        ),
    ),
    (
        2,
        "（二）",
        "在把握战略部署中明确前进方向。",
        True,
        (
            [
                "一是加快构建以创新为主动力的现代化产业体系。",
                "二是持续深化改革开放。",
                "三是扎实推进共同富裕幸福XX建设。",
            ],
            "习近平总书记在全国两会上对经济社会发展各项工作作出了全面部署，",
            "推动乡村全面振兴。",
        ),
    ),
    (
        2,
        "（三）",
        "在强化责任担当中展现XX作为。",
        True,
        (
            [
                "一是在推动科技创新和产业创新融合上打头阵。",
                "二是在推进深层次改革和高水平开放上勇争先。",
                "三是在落实国家重大发展战略上走在前。",
            ],
            "XX作为省会城市和经济大市，",
            "为促进区域协调发展和共同富裕贡献XX力量。",
        ),
    ),
    (
        2,
        "（四）",
        "在加强党的建设中提供坚强保障。",
        True,
        (
            ["一是加强思想政治建设。", "二是加强干部队伍建设。", "三是加强党风廉政建设。"],
            "办好中国的事情，关键在党。",
            "营造风清气正的政治生态。",
        ),
    ),
    (1, "二、", "联系实际，切实把习近平总书记重要讲话精神转化为推动XX发展的生动实践", False, None),
    (
        2,
        "（一）",
        "聚焦科技创新，打造创新活力之城。",
        True,
        (
            ["一是增强基础研究能力和关键核心技术攻关。", "二是引育各类创新人才。", "三是"],
            "然而，我们也要清醒地认识到，",
            "为科技创新提供人才支撑。三是",
        ),
    ),  # the source stops here, mid-sentence
]


def test_sample_outline(sample_path: Path) -> None:
    doc = parse_file(sample_path).document
    assert doc.title == TITLE
    assert (doc.subtitle, doc.date, doc.author) == (None, None, None)
    assert doc.salutation == "同志们："

    opening = doc.children[0]
    assert isinstance(opening, Paragraph)
    assert opening.text.startswith(
        "在全面贯彻落实党的二十届三中全会精神的关键之年、全面推进建设中国式现代化的重要之年，2025年"
    )
    assert opening.text.endswith("借此机会，我谈几点体会。")
    assert [type(n).__name__ for n in doc.children] == ["Paragraph", "Section", "Section"]

    sections = [n for n, _ in doc.walk() if isinstance(n, Section)]
    assert [(s.level, s.marker, s.heading, s.runin) for s in sections] == [e[:4] for e in SECTIONS]
    assert [len(s.children) for s in doc.children[1:]] == [4, 1]  # type: ignore[union-attr]
    for section, (*_, body) in zip(sections, SECTIONS, strict=True):
        if body is None:
            assert all(isinstance(c, Section) for c in section.children)
            continue
        points, starts, ends = body
        (paragraph,) = section.children
        assert isinstance(paragraph, Paragraph)
        assert paragraph.text.startswith(starts) and paragraph.text.endswith(ends)
        assert [paragraph.text[a:b] for a, b in paragraph.points] == points


def test_sample_keeps_every_character(sample_path: Path) -> None:
    from text_fold import fold

    doc = parse_file(sample_path).document
    source = fold(sample_path.read_text(encoding="utf-8"))
    assert fold("".join(doc.text_pieces())) == source
