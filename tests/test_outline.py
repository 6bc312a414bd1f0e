"""outline: title block, salutation, marker families nested by first appearance, run-ins, points."""

from __future__ import annotations

from converter.model import Closing, Paragraph, Section
from converter.reading import parse_text


def sections(text: str) -> list[tuple[int, str, str, bool]]:
    doc = parse_text(text).document
    return [(n.level, n.marker, n.heading, n.runin) for n, _ in doc.walk() if isinstance(n, Section)]


def test_speech_title_block_with_subtitle_date_and_speaker() -> None:
    doc = parse_text(
        "抓好项目建设 推动高质量发展\n——在全市重点项目推进会上的讲话\n（2025年3月5日）\n张  三\n"
        "同志们：\n今天召开全市重点项目推进会，主要任务是总结去年工作。\n"
    ).document
    assert doc.title == "抓好项目建设 推动高质量发展"
    assert doc.subtitle == "——在全市重点项目推进会上的讲话"
    assert doc.date == "（2025年3月5日）"
    assert doc.author == "张  三"
    assert doc.salutation == "同志们："
    assert doc.children == (Paragraph("今天召开全市重点项目推进会，主要任务是总结去年工作。"),)


def test_speaker_line_before_the_date() -> None:
    doc = parse_text("在全市经济工作会议上的讲话\n市委书记 李四\n（2025年1月8日）\n同志们：\n正文内容。\n").document
    assert (doc.title, doc.author, doc.date) == ("在全市经济工作会议上的讲话", "市委书记 李四", "（2025年1月8日）")


def test_notice_with_addressee_salutation_and_closing_lines() -> None:
    doc = parse_text(
        "关于做好2025年元旦春节期间有关工作的通知\n各区县人民政府，市政府各部门：\n"
        "为切实做好节日期间各项工作，现将有关事项通知如下。\n一、加强值班值守\n各单位要严格执行值班制度。\n"
        "二、确保安全生产\n各单位要开展安全检查。\nXX市人民政府办公室\n2024年12月25日\n"
    ).document
    assert doc.salutation == "各区县人民政府，市政府各部门："
    last = doc.children[-1]
    assert isinstance(last, Section)
    assert [c.text for c in last.children] == ["各单位要开展安全检查。"]
    assert doc.closing == Closing(signature=("XX市人民政府办公室",), sign_date="2024年12月25日")


def test_families_nest_in_order_of_first_appearance() -> None:
    text = "标题\n一、总体要求\n（一）指导思想\n1.坚持党的领导\n（1）把方向\n（2）管大局\n2.坚持人民至上\n（二）目标任务\n二、重点工作\n"
    assert sections(text) == [
        (1, "一、", "总体要求", False), (2, "（一）", "指导思想", False), (3, "1.", "坚持党的领导", False),
        (4, "（1）", "把方向", False), (4, "（2）", "管大局", False), (3, "2.", "坚持人民至上", False),
        (2, "（二）", "目标任务", False), (1, "二、", "重点工作", False),
    ]


def test_two_level_document_uses_arabic_under_chinese() -> None:
    assert sections("报告\n一、基本情况\n1.总体平稳\n2.稳中有进\n二、存在问题\n") == [
        (1, "一、", "基本情况", False), (2, "1.", "总体平稳", False), (2, "2.", "稳中有进", False),
        (1, "二、", "存在问题", False),
    ]


def test_chapters_and_sections() -> None:
    assert sections("条例\n第一章 总则\n第一条 为了规范管理，制定本条例。\n第二章 管理\n第一节 一般规定\n第二节 特别规定\n") == [
        (1, "第一章", "总则", False), (2, "第一条", "", True), (1, "第二章", "管理", False), (2, "第一节", "一般规定", False),
        (2, "第二节", "特别规定", False),
    ]


def test_runin_heading_splits_at_the_first_sentence() -> None:
    doc = parse_text("标题\n（一）加强组织领导。各地要建立工作机制，“层层压实”责任。\n").document
    (section,) = doc.children
    assert isinstance(section, Section) and section.runin
    assert section.heading == "加强组织领导。"
    assert section.children == (Paragraph("各地要建立工作机制，“层层压实”责任。"),)


def test_sentence_end_inside_quotes_does_not_split_a_heading() -> None:
    doc = parse_text("标题\n（一）深入推进“一号发展工程。”建设。要加强领导。\n").document
    (section,) = doc.children
    assert section.heading == "深入推进“一号发展工程。”建设。"  # type: ignore[union-attr]


def test_points_mark_lead_clauses() -> None:
    doc = parse_text("标题\n我们要做好三件事。一是加强领导。二是完善制度；三是强化落实！最后是总结。\n").document
    (paragraph,) = doc.children
    assert isinstance(paragraph, Paragraph)
    assert [paragraph.text[a:b] for a, b in paragraph.points] == ["一是加强领导。", "二是完善制度；", "三是强化落实！"]


def test_words_containing_shi_are_not_points() -> None:
    doc = parse_text("标题\n这一是非问题要讲清楚。统一是前提。\n").document
    assert doc.children[0].points == ()  # type: ignore[union-attr]


def test_document_without_title_starting_with_a_heading() -> None:
    doc = parse_text("一、总体要求\n要全面贯彻落实。\n二、工作安排\n按计划推进。\n").document
    assert doc.title == ""
    assert [s.marker for s in doc.sections()] == ["一、", "二、"]


def test_markers_are_recorded_with_their_level() -> None:
    report = parse_text("标题\n一、总体要求\n（一）指导思想\n").report
    assert [(c.kind, c.line, c.before, c.after) for c in report.changes if c.kind == "marker"] == [
        ("marker", 2, "一、", "level 1"), ("marker", 3, "（一）", "level 2"),
    ]
