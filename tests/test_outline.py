"""outline: title block, salutation, marker families nested by first appearance, run-ins, points."""

from __future__ import annotations

import pytest

from converter.model import Closing, Header, Imprint, Paragraph, Section
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
        (1, "一、", "总体要求", False),
        (2, "（一）", "指导思想", False),
        (3, "1.", "坚持党的领导", False),
        (4, "（1）", "把方向", False),
        (4, "（2）", "管大局", False),
        (3, "2.", "坚持人民至上", False),
        (2, "（二）", "目标任务", False),
        (1, "二、", "重点工作", False),
    ]


def test_two_level_document_uses_arabic_under_chinese() -> None:
    assert sections("报告\n一、基本情况\n1.总体平稳\n2.稳中有进\n二、存在问题\n") == [
        (1, "一、", "基本情况", False),
        (2, "1.", "总体平稳", False),
        (2, "2.", "稳中有进", False),
        (1, "二、", "存在问题", False),
    ]


def test_chapters_and_sections() -> None:
    assert sections(
        "条例\n第一章 总则\n第一条 为了规范管理，制定本条例。\n第二章 管理\n第一节 一般规定\n第二节 特别规定\n"
    ) == [
        (1, "第一章", "总则", False),
        (2, "第一条", "", True),
        (1, "第二章", "管理", False),
        (2, "第一节", "一般规定", False),
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
        ("marker", 2, "一、", "level 1"),
        ("marker", 3, "（一）", "level 2"),
    ]


# ---- issue 14: laws, 公文 front and back matter, items, closing paragraphs, title blocks, families


def tree(text: str) -> list[tuple]:
    """(depth, kind, marker, text) for every body node, attachments aside."""
    doc = parse_text(text).document
    return [
        (depth, "S", n.marker, n.heading) if isinstance(n, Section) else (depth, "P", n.marker, n.text)
        for n, depth in doc.walk()
    ]


def test_articles_are_siblings_and_their_items_never_swallow_the_next() -> None:
    text = (
        "某某条例\n第一章　总则\n第一条　为了规范管理，制定本条例。\n第二条　下列事项适用本条例：\n"
        "（一）甲事项；\n（二）乙事项。\n前款规定的事项，由县级以上人民政府负责。\n第三条　本条例自公布之日起施行。\n"
        "第二章　附则\n第四条　本条例由国务院负责解释。\n"
    )
    assert tree(text) == [
        (1, "S", "第一章", "总则"),
        (2, "S", "第一条", ""), (3, "P", "", "为了规范管理，制定本条例。"),
        (2, "S", "第二条", ""), (3, "P", "", "下列事项适用本条例："), (3, "P", "（一）", "甲事项；"),
        (3, "P", "（二）", "乙事项。"), (3, "P", "", "前款规定的事项，由县级以上人民政府负责。"),
        (2, "S", "第三条", ""), (3, "P", "", "本条例自公布之日起施行。"),
        (1, "S", "第二章", "附则"), (2, "S", "第四条", ""), (3, "P", "", "本条例由国务院负责解释。"),
    ]  # fmt: skip
    assert all(s.runin for s in parse_text(text).document.sections() if s.marker.endswith("条"))


def test_law_title_block_keeps_its_promulgation_lines_as_notes() -> None:
    doc = parse_text(
        "存款保险条例\n2014年10月29日 国务院第67次常务会议通过\n2015年2月17日 中华人民共和国国务院令第660号公布\n"
        "第一条　为了建立和规范存款保险制度，制定本条例。\n"
    ).document
    assert doc.title == "存款保险条例"
    assert doc.notes == ("2014年10月29日 国务院第67次常务会议通过", "2015年2月17日 中华人民共和国国务院令第660号公布")


def test_gongwen_front_matter_doc_number_glued_or_under_a_multiline_title() -> None:
    glued = parse_text(
        "国务院办公厅关于2018年部分节假日安排的通知国办发明电〔2018〕15号\n各省、自治区、直辖市人民政府：\n经国务院批准，现将安排通知如下。\n"
    ).document
    assert glued.title == "国务院办公厅关于2018年部分节假日安排的通知"
    assert glued.header is not None and glued.header.doc_number == "国办发明电〔2018〕15号"
    below = parse_text(
        "国务院办公厅转发国家地震局\n关于1997年地震趋势和加强防震减灾\n工作意见报告的通知\n国办发〔1997〕2号\n"
        "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n国家地震局的报告已经国务院同意，现转发给你们。\n"
    ).document
    assert below.title == "国务院办公厅转发国家地震局关于1997年地震趋势和加强防震减灾工作意见报告的通知"
    assert below.header is not None and below.header.doc_number == "国办发〔1997〕2号"
    assert below.salutation == "各省、自治区、直辖市人民政府，国务院各部委、各直属机构："


def test_printed_header_lines_above_the_title() -> None:
    doc = parse_text(
        "000123\n机密★1年\n特急\n国务院办公厅文件\n国办发〔2022〕35号\n关于某事项的通知\n各部门：\n正文。\n"
    ).document
    assert doc.header == Header("000123", "机密★1年", "特急", "国务院办公厅文件", "国办发〔2022〕35号")
    assert doc.title == "关于某事项的通知"


def test_gongwen_back_matter_attachments_and_imprint() -> None:
    doc = parse_text(
        "关于开展试点工作的通知\n各区县人民政府：\n一、工作目标\n全面完成试点任务。\n特此通知。\n"
        "附件：1．试点地区名单\n2．试点工作经费测算表（含各区县\n分项测算）\nXX市人民政府办公室\n2024年12月25日\n（此件公开发布）\n"
        "附件1\n试点地区名单\n甲区、乙区。\n附件2\n试点工作经费测算表\n一、测算依据\n按实际测算。\n"
        "抄送：市委各部门，市人大常委会办公室。\nXX市人民政府办公室　　2024年12月26日印发\n"
    ).document
    assert doc.closing == Closing(
        ("1．试点地区名单", "2．试点工作经费测算表（含各区县分项测算）"),
        ("XX市人民政府办公室",),
        "2024年12月25日",
        "（此件公开发布）",
    )
    assert [(a.label, a.title) for a in doc.attachments] == [("附件1", "试点地区名单"), ("附件2", "试点工作经费测算表")]
    assert doc.attachments[1].children[0].marker == "一、"  # type: ignore[union-attr]
    assert doc.imprint == Imprint("市委各部门，市人大常委会办公室。", "XX市人民政府办公室", "2024年12月26日印发")
    assert doc.children[-1] == Paragraph("特此通知。")  # the closing formula at document level


def test_a_document_carried_by_an_issuing_notice_is_an_attachment() -> None:
    doc = parse_text(
        "国务院关于印发《国务院工作规则》的通知\n国发〔2004〕18号\n各部门：\n《国务院工作规则》已经修订通过，现予印发。\n"
        "国务院\n二〇〇四年六月二十六日\n国务院工作规则\n第一章　总则\n一、为了规范工作，根据宪法，制定本规则。\n"
    ).document
    assert doc.closing is not None and doc.closing.sign_date == "二〇〇四年六月二十六日"
    assert [(a.label, a.title) for a in doc.attachments] == [("", "国务院工作规则")]


def test_closing_paragraphs_stand_at_document_level() -> None:
    doc = parse_text(
        "政府工作报告\n各位代表：\n一、过去一年的工作\n（一）经济运行稳中向好。全年增长5%。\n二、今年的任务\n要抓好落实。\n"
        "各位代表！新的一年，任务艰巨。让我们团结奋斗！\n"
    ).document
    assert doc.children[-1] == Paragraph("各位代表！新的一年，任务艰巨。让我们团结奋斗！")
    assert isinstance(doc.children[-2], Section) and doc.children[-2].children == (Paragraph("要抓好落实。"),)


def test_numbered_sentences_are_items_not_headings() -> None:
    text = (
        "国务院办公厅关于2019年部分节假日安排的通知\n各省、自治区、直辖市人民政府：\n经国务院批准，现将安排通知如下：\n"
        "一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。\n2018年12月29日（星期六）上班。\n"
        "二、春节：2月4日至10日放假调休，共7天。\n节假日期间，各地区、各部门要妥善安排好值班工作。\n"
    )
    assert tree(text) == [
        (1, "P", "", "经国务院批准，现将安排通知如下："),
        (1, "P", "一、", "元旦：2018年12月30日至2019年1月1日放假调休，共3天。"), (1, "P", "", "2018年12月29日（星期六）上班。"),
        (1, "P", "二、", "春节：2月4日至10日放假调休，共7天。"), (1, "P", "", "节假日期间，各地区、各部门要妥善安排好值班工作。"),
    ]  # fmt: skip


def test_clauses_are_items_and_short_runin_headings_stay_headings() -> None:
    text = "意见\n一、主要任务\n（一）加强组织领导。各地要建立机制。\n（二）新年，放假1天；\n（三）完善政策体系。各地要细化措施。\n"
    assert tree(text) == [
        (1, "S", "一、", "主要任务"), (2, "S", "（一）", "加强组织领导。"), (3, "P", "", "各地要建立机制。"),
        (2, "P", "（二）", "新年，放假1天；"), (2, "S", "（三）", "完善政策体系。"), (3, "P", "", "各地要细化措施。"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "title", "field", "value"),
    [
        ("月亮和六便士\n毛姆 著\n第一回　开篇\n正文。\n", "月亮和六便士", "author", "毛姆 著"),
        ("在全国工作会议上的讲话\n（2026年1月27日在全国工作会议上）\n同志们：\n正文。\n", "在全国工作会议上的讲话", "date",
         "（2026年1月27日在全国工作会议上）"),
        ("政府工作报告\n国务院总理　李强\n各位代表：\n正文。\n", "政府工作报告", "author", "国务院总理　李强"),
        ("在党的建设工作会议上的讲话\n习近平\n同志们：\n正文。\n", "在党的建设工作会议上的讲话", "author", "习近平"),
        ("行动起来。\n（2025年3月5日）\n同志们：\n正文。\n", "行动起来。", "date", "（2025年3月5日）"),
    ],
)  # fmt: skip
def test_title_block_lines_do_not_join_the_title(text: str, title: str, field: str, value: str) -> None:
    doc = parse_text(text).document
    assert (doc.title, getattr(doc, field)) == (title, value)


def test_decimal_numbering_of_emergency_plans() -> None:
    text = "国家粮食应急预案\n1 总则\n1.1 编制目的\n为了做好应急工作。\n1.2 适用范围\n本预案适用于全国。\n1.2.1 一般情形\n按规定处理。\n2 组织体系\n各级政府负责。\n"
    assert [(d, m, h) for d, k, m, h in tree(text) if k == "S"] == [
        (1, "1", "总则"), (2, "1.1", "编制目的"), (2, "1.2", "适用范围"), (3, "1.2.1", "一般情形"), (1, "2", "组织体系"),
    ]  # fmt: skip


def test_book_chapters_footnotes_and_contents() -> None:
    text = (
        "孤独者\n目录\n一\n二\n一\n我和魏连殳相识一场，那甲子说来也别致。①\n二\n他的祖母是继祖母。\n"
        "①本篇最初发表于一九二六年。\n"
    )
    assert tree(text) == [
        (1, "P", "", "目录"), (1, "P", "", "一"), (1, "P", "", "二"),
        (1, "S", "一", ""), (2, "P", "", "我和魏连殳相识一场，那甲子说来也别致。①"),
        (1, "S", "二", ""), (2, "P", "", "他的祖母是继祖母。"), (2, "P", "①", "本篇最初发表于一九二六年。"),
    ]  # fmt: skip


def test_episodes_and_contents_lines_with_page_numbers() -> None:
    text = "三国演义\n\n罗贯中\n\n第一章 中国国防………（9）\n\n第一回　宴桃园豪杰三结义\n\n话说天下大势。\n\n第二回　张翼德怒鞭督邮\n\n且说董卓。\n"
    doc = parse_text(text).document
    assert (doc.title, doc.author) == ("三国演义", "罗贯中")
    assert [(d, k, m) for d, k, m, _ in tree(text)] == [
        (1, "P", ""),
        (1, "S", "第一回"),
        (2, "P", ""),
        (1, "S", "第二回"),
        (2, "P", ""),
    ]


def test_arabic_with_a_closing_bracket_is_its_own_family() -> None:
    text = "方案\n一、任务\n1.总体\n1）甲方面\n2）乙方面\n2.具体\n"
    assert [(d, m) for d, k, m, _ in tree(text) if k == "S"] == [
        (1, "一、"),
        (2, "1."),
        (3, "1）"),
        (3, "2）"),
        (2, "2."),
    ]


def test_an_order_has_issuer_and_number_but_no_title() -> None:
    doc = parse_text(
        "中华人民共和国国务院令\n第707号\n现公布修订后的《某某条例》，自2019年1月1日起施行。\n总理　　李克强\n2018年12月18日\n"
        "某某条例\n第一条　为了规范管理，制定本条例。\n"
    ).document
    assert doc.header is not None and (doc.header.issuer, doc.header.doc_number) == (
        "中华人民共和国国务院令",
        "第707号",
    )
    assert doc.title == ""
    assert doc.closing is not None and doc.closing.signature == ("总理　　李克强",)
    assert [(a.label, a.title) for a in doc.attachments] == [("", "某某条例")]


def test_signers_of_an_upward_document() -> None:
    doc = parse_text(
        "北京市人民政府文件\n京政发〔2025〕3号\n签发人：张三　李四\n关于申请某事项的请示\n省人民政府：\n正文。\n"
    ).document
    assert doc.header is not None and doc.header.signers == ("张三", "李四")


def test_the_change_log_names_each_part_it_took() -> None:
    report = parse_text(
        "关于某事项的通知\n国办发〔2025〕1号\n各部门：\n正文内容。\n附件：名单\n国务院办公厅\n2025年1月2日\n"
        "抄送：各部委。\n国务院办公厅　　2025年1月3日印发\n"
    ).report
    parts = {(c.kind, c.after) for c in report.changes if c.kind in ("front", "closing", "imprint")}
    assert {("front", "doc_number"), ("front", "salutation"), ("closing", "attachment_note"), ("closing", "signature"),
            ("closing", "sign_date"), ("imprint", "cc"), ("imprint", "issued")} <= parts  # fmt: skip


COLLECTION = (
    "全国地方政协工作经验交流会发言摘编\n"
    "做强平台　纵深推进　双向发力\n浙江省政协主席　葛慧君\n"
    "浙江省政协搭建与新时代要求相契合的双向发力平台，做好两篇大文章。\n"
    "两大平台建设，一是有助于破解难题，二是有助于凝聚共识。\n"
    "强化政协委员责任担当\n陕西省政协主席　韩　勇\n"
    "强化政协委员责任担当是新时代加强和改进人民政协工作的重要任务。\n"
    "把党的建设作为重中之重\n天津市政协主席　盛茂林\n"
    "天津市政协深入贯彻中央政协工作会议精神，把党的建设作为重中之重。\n"
)


def test_a_collection_of_speeches_heads_each_speech_with_its_unnumbered_title() -> None:
    """发言摘编: each short line over a speaker's line opens a speech; the speaker line is its first paragraph,
    neither the title's second line nor the document's author."""
    doc = parse_text(COLLECTION).document
    assert doc.title == "全国地方政协工作经验交流会发言摘编"
    assert doc.author is None
    assert sections(COLLECTION) == [
        (1, "", "做强平台　纵深推进　双向发力", False),
        (1, "", "强化政协委员责任担当", False),
        (1, "", "把党的建设作为重中之重", False),
    ]
    first = doc.children[0]
    assert isinstance(first, Section) and isinstance(first.children[0], Paragraph)
    assert first.children[0].text == "浙江省政协主席　葛慧君"


def test_one_title_over_a_speaker_is_a_title_block_not_a_collection() -> None:
    doc = parse_text("在全省工作会议上的讲话\n省委书记　李四\n同志们：\n今天我们召开会议。\n").document
    assert (doc.title, doc.author, doc.salutation) == ("在全省工作会议上的讲话", "省委书记　李四", "同志们：")
    assert sections("在全省工作会议上的讲话\n省委书记　李四\n同志们：\n今天我们召开会议。\n") == []


def test_decimal_clauses_are_items_and_decimal_headings_stand_alone() -> None:
    """An emergency plan's 5.2.1 with sentences is a numbered clause (an item), not a run-in heading; 2.1.1
    standing alone unpunctuated is a heading."""
    text = (
        "国家粮食应急预案\n1 总则\n1.1 编制目的\n为了做好应急工作。\n2 组织体系\n2.1 领导机构\n2.1.1 指挥部职责\n"
        "负责全国工作。\n5 保障措施\n5.2 粮食应急保障系统\n"
        "5.2.1 建立健全粮食应急加工网络。按照统筹安排、合理布局的原则，确定应急加工企业。\n"
        "5.2.2 建立和完善粮食应急供应网络。根据城镇居民的分布，确定应急供应网点。\n"
    )
    found = tree(text)
    assert (3, "S", "2.1.1", "指挥部职责") in found
    assert [(d, k, m) for d, k, m, _ in found if m.startswith("5.2.")] == [(3, "P", "5.2.1"), (3, "P", "5.2.2")]
