"""Hand-made outline trees for writer tests: every node kind, and a large document."""

from __future__ import annotations

from converter.model import Document, Paragraph, Section

BODY = (
    "思想是行动的先导，理论是实践的指南。我们要在深学细悟中把握核心要义，不断增强政治判断力、"
    "政治领悟力、政治执行力。一是深刻领悟“两个确立”的决定性意义。“两个确立”是党在新时代取得的"
    "重大政治成果，是推动党和国家事业取得历史性成就的决定性因素。二是牢牢把握高质量发展这个首要任务。"
    "2025年全市生产总值增长5.5%，研发投入1,234亿元，COVID-19疫情后经济持续恢复——发展势头良好……"
)


def point_spans(text: str) -> tuple[tuple[int, int], ...]:
    """[start, end) of each 一是/二是 lead clause (up to and including its 。)."""
    spans = []
    for lead in ("一是", "二是", "三是"):
        start = text.find(lead)
        if start >= 0:
            end = text.find("。", start) + 1
            spans.append((start, end))
    return tuple(spans)


def handmade() -> Document:
    body = Paragraph(BODY, point_spans(BODY))
    return Document(
        title="市委副书记在理论学习中心组专题学习习近平总书记在全国两会上的重要讲话精神研讨交流会上的发言",
        subtitle="——在全市XX工作会议上的讲话",
        date="（2025年3月5日）",
        author="张  三",
        salutation="同志们：",
        children=(
            Paragraph("今天，我们召开理论学习中心组专题学习研讨会。借此机会，我谈几点体会。"),
            Section(
                1,
                "一、",
                "深刻领会，准确把握习近平总书记重要讲话的思想精髓",
                False,
                (
                    Section(2, "（一）", "在领悟核心要义中坚定政治方向。", True, (body,)),
                    Section(
                        2,
                        "（二）",
                        "在把握战略部署中明确前进方向。",
                        True,
                        (
                            Paragraph("习近平总书记在全国两会上对经济社会发展各项工作作出了全面部署。"),
                            Section(
                                3,
                                "1.",
                                "加快构建现代化产业体系。",
                                True,
                                (
                                    Paragraph("科技创新和产业创新，是发展新质生产力的基本路径。"),
                                    Section(
                                        4,
                                        "（1）",
                                        "强化企业创新主体地位",
                                        False,
                                        (
                                            Paragraph(
                                                "促进创新链和产业链深度融合，推动新技术、新产业、新业态蓬勃发展。"
                                            ),
                                        ),
                                    ),
                                ),
                            ),
                        ),
                    ),
                ),
            ),
            Section(
                1,
                "二、",
                "联系实际，切实把习近平总书记重要讲话精神转化为推动XX发展的生动实践",
                False,
                (
                    Section(
                        2,
                        "（一）",
                        "聚焦科技创新，打造创新活力之城。",
                        True,
                        (Paragraph("A<B & C>D “引号”‘单引’ 'single' \"double\" 等符号原样保留。"),),
                    ),
                    Section(2, "（二）", "空的一节", False, ()),
                ),
            ),
            Paragraph("XX市委办公室"),
            Paragraph("2025年3月5日"),
        ),
    )


def large(copies: int = 100) -> Document:
    """``copies`` top-level sections, each a copy of the hand-made body (~280k chars at 100)."""
    base = handmade()
    sections = []
    for i in range(copies):
        sections.append(
            Section(
                1,
                f"{_cn(i + 1)}、",
                f"第{i + 1}部分的标题",
                False,
                tuple(
                    Section(
                        2,
                        f"（{_cn(j + 1)}）",
                        f"第{j + 1}个小标题。",
                        True,
                        tuple(Paragraph(BODY, point_spans(BODY)) for _ in range(3)),
                    )
                    for j in range(4)
                ),
            )
        )
    return Document(title=base.title, salutation=base.salutation, children=tuple(sections))


def _cn(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "") if n < 100 else "一百"
