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
    raw = [
        *wrap(PARAGRAPHS[0], 10),
        PARAGRAPHS[1],
        *wrap(PARAGRAPHS[2], 25),
        "",
        "\u3000\u3000" + PARAGRAPHS[3],
        *wrap(PARAGRAPHS[4], 25),
        *wrap(PARAGRAPHS[5], 25),
        "",
        PARAGRAPHS[6],
        *wrap(PARAGRAPHS[7], 25),
    ]
    assert blocks_of(raw) == PARAGRAPHS


def test_latin_words_across_a_break_get_one_space() -> None:
    raw = [
        "第一行的内容写得很长很长很长很长很长很长很长很长很 open",
        "source 软件的内容写得很长很长很长很长很长很长很长很长",
        "第三行的内容写得很长很长很长很长很长很长很长很长2025",
        "年的内容。",
    ]
    assert blocks_of(raw) == [
        "第一行的内容写得很长很长很长很长很长很长很长很长很 open source 软件的内容写得很长很长很长很长很长很长很长很长"
        "第三行的内容写得很长很长很长很长很长很长很长很长2025年的内容。"
    ]


def test_joins_are_recorded_with_the_line_they_end() -> None:
    report = Report()
    reflow([Line(1, "甲" * 20), Line(2, "乙" * 20), Line(3, "丙" * 10 + "。"), Line(4, "丁。")], report)
    assert [(c.kind, c.line, c.column) for c in report.changes] == [("join", 1, 21), ("join", 2, 21)]


# Issue 14, pattern 7: paragraph boundaries in hard-wrapped text, laid out as a typesetter breaks lines
# (greedy to the measure in ems, ASCII half, closing marks hung, opening marks carried down).
BODY = [
    "为深入贯彻落实党中央、国务院决策部署，进一步做好本地区本部门的各项工作，现就有关事项通知如下。",
    "各地区各部门要高度重视，切实加强组织领导，明确责任分工，细化工作措施，确保各项任务落到实处，取得实效。",
    "要加强统筹协调，形成工作合力，及时研究解决工作中遇到的困难和问题，重大情况及时报告。",
]


def laid(paragraphs: list[str], measure: float, indent: str = "") -> list[str]:
    from render_messy import wrap as typeset

    return [line for p in paragraphs for line in typeset(p, measure, indent)]


def short_by(line: str, measure: float) -> float:
    return measure - text_width(line)


def test_a_last_line_ending_a_sentence_just_short_of_the_measure_ends_its_paragraph() -> None:
    first = "各地区各部门要高度重视，切实加强组织领导，明确责任分工，确保各项任务落到实处，务求取得实效。"  # 46 ems
    raw = laid([first, *BODY], 24)
    assert 1 <= short_by(raw[1], 24) <= 3 and raw[1].endswith("。")
    assert blocks_of(raw) == [first, *BODY]


def test_a_long_dash_paragraph_in_the_body_is_not_a_subtitle() -> None:
    dash = "——坚持以人民为中心的发展思想，把增进民生福祉作为发展的根本目的，着力解决群众急难愁盼问题，让改革发展成果更多更公平惠及全体人民。"
    paragraphs = [BODY[0], dash, BODY[1], BODY[2]]
    assert blocks_of(laid(paragraphs, 26)) == paragraphs


def test_an_item_with_clauses_is_not_cut_after_its_first_line() -> None:
    items = [
        "（1）加强组织领导，健全工作机制，压实各级责任；做好风险排查，建立问题台账，实行销号管理，确保问题按期整改到位，不留死角；",
        "（2）强化督促检查，定期通报进展情况，对工作推进不力的地方和单位及时约谈提醒，情节严重的依规依纪严肃问责。",
    ]
    paragraphs = [BODY[0], *items, BODY[1]]
    assert blocks_of(laid(paragraphs, 28)) == paragraphs


def test_lines_with_half_width_digits_are_measured_in_ems() -> None:
    dated = "请各地区于2025年12月10日前将本通知贯彻落实情况报送国务院办公厅，联系电话010-12345678，传真010-87654321。"
    paragraphs = [BODY[0], dated, BODY[1]]
    raw = laid(paragraphs, 26)
    assert any(len(line) > 26 for line in raw)  # more characters than the measure holds Chinese ones
    assert blocks_of(raw) == paragraphs


@pytest.mark.parametrize(
    "standalone",
    ["各位代表！", "国务院", "2025年12月1日", "抄送：国务院各部委、各直属机构。", "附件：工作安排表", "特此通知。"],
)
def test_a_short_stand_alone_line_after_a_full_line_is_its_own_paragraph(standalone: str) -> None:
    full = "各地区各部门要高度重视，切实加强组织领导，明确责任分工，确保落实。"  # exactly 32 ems
    paragraphs = [BODY[0], full, standalone, BODY[1]]
    raw = laid(paragraphs, 32)
    assert full in raw
    assert blocks_of(raw) == paragraphs


def test_the_document_number_is_not_folded_into_the_title() -> None:
    raw = [
        "国务院办公厅关于做好",
        "2026年部分节假日安排的通知",
        "国办发明电〔2025〕7号",
        "各省、自治区、直辖市人民政府：",
        *laid(BODY, 28),
    ]
    assert blocks_of(raw)[:3] == [
        "国务院办公厅关于做好2026年部分节假日安排的通知",
        "国办发明电〔2025〕7号",
        "各省、自治区、直辖市人民政府：",
    ]


def test_a_first_line_indent_the_extraction_dropped_still_marks_paragraphs() -> None:
    paragraphs = [
        "本条例所称存款保险，是指投保机构向存款保险基金管理机构交纳保费，形成存款保险基金。",
        "存款保险基金管理机构依照本条例的规定向存款人偿付被保险存款，并采取必要措施维护存款以及存款保险基金安全的制度。",
        "在中华人民共和国境内设立的商业银行、农村合作银行、农村信用合作社等吸收存款的银行业金融机构，应当依照本条例的规定投保存款保险。",
        "投保机构在中华人民共和国境外设立的分支机构，以及外国银行在中华人民共和国境内设立的分支机构不适用前款规定。",
    ] * 2
    raw = [line.lstrip() for line in laid(paragraphs, 25, "\u3000\u3000")]
    assert blocks_of(raw) == paragraphs


def test_a_paragraph_split_by_a_page_break_is_rejoined_whatever_the_page_number_form() -> None:
    from converter.reading.clean import clean
    from converter.reading.normalise import normalise

    long = BODY[1] * 3
    lines = laid([BODY[0], long, BODY[2]], 24)
    assert not lines[4].endswith("。")
    text = "\n".join([*lines[:5], "· 1 ·", *lines[5:], "· 2 ·"])
    report = Report()
    got = [b.text for b in reflow(normalise(clean(text, report), report), report)]
    assert got == [BODY[0], long, BODY[2]]


def test_full_width_digits_keep_the_width_they_were_laid_out_in() -> None:
    from converter.reading.clean import clean
    from converter.reading.normalise import normalise

    full = "俄国作家托尔斯泰生于１８２８年，卒于１９１０年，"  # a full line of 24 ems, 20 once normalised
    assert text_width(full) == 24
    note = full + "著有《战争与和平》等。"
    paragraphs = [BODY[0], note, BODY[1]]
    raw = [*laid(BODY[:1], 24), full, "著有《战争与和平》等。", *laid(BODY[1:2], 24)]
    report = Report()
    lines = normalise(clean("\n".join(raw), report), report)
    assert [b.text for b in reflow(lines, report)] == [p.translate(_HALF) for p in paragraphs]


_HALF = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９"}


@pytest.mark.parametrize(
    ("head", "title"),
    [
        (["在纪念辛亥革命110周年", "大会上的讲话", "习近平"], "在纪念辛亥革命110周年大会上的讲话"),
        (["三国演义", "罗贯中 著"], "三国演义"),
        (["中华人民共和国国务院令", "第707号"], "中华人民共和国国务院令"),
        (["药", "一"], "药"),
    ],
)
def test_a_title_does_not_swallow_the_speaker_the_order_number_or_a_chapter_numeral(
    head: list[str], title: str
) -> None:
    found = blocks_of([*head, *laid(BODY, 26)])
    assert found[0] == title
    assert found[len(found) - len(BODY) :] == BODY


def test_a_note_or_a_numbered_point_after_a_full_sentence_final_line_opens_a_paragraph() -> None:
    full = "各地区各部门要高度重视，切实加强组织领导，明确责任分工，确保落实。"  # exactly 32 ems
    notes = ["〔1〕本篇最初发表于一九二五年，后收入《坟》。", "第三，说几句关于批评的事情，供大家参考。"]
    many = "要加强统筹协调。要形成工作合力。要及时研究解决工作中遇到的困难和问题。重大情况及时报告。" * 2
    for opener in notes:
        paragraphs = [many, full, opener, many, many]  # few sentences end a paragraph here
        assert blocks_of(laid(paragraphs, 32)) == paragraphs


def test_in_dialogue_a_quote_after_a_full_sentence_final_line_opens_a_paragraph() -> None:
    narration = "他站起身来，慢慢地走到窗前，望着外面的街道，很久没有说话。街上的人来来往往，谁也没有注意到他。"
    story = []
    for n in range(5):
        story += [narration, f"“你在看什么？”她问。“没什么，第{n}次了。”", "“那就好。”她笑了一下。"]
    full = "他想了很久很久，终于下定决心，转身走了出去，再也没有回头。"  # exactly 29 ems
    paragraphs = [*story, full, "“等一等！”她在后面喊。", narration]
    assert blocks_of(laid(paragraphs, 29)) == paragraphs


def test_a_short_exclamation_that_ends_a_wrapped_sentence_is_not_a_line_of_its_own() -> None:
    closing = "让我们紧密团结在党中央周围，凝心聚力、真抓实干，为奋力谱写中国式现代化临川新篇章而不懈奋斗！"
    raw = laid([BODY[0], closing], 20)
    assert raw[-1] == "而不懈奋斗！" and not raw[-2].endswith(("，", "。"))
    assert blocks_of(raw) == [BODY[0], closing]


def test_a_heading_that_fills_its_line_is_not_run_into_the_paragraph_below() -> None:
    headings = [
        "（一）着力扩大内需，巩固经济回升向好态势",
        "（二）着力深化改革开放，持续增强发展活力",
        "（三）坚持民生为本",
    ]
    body = "深入推进营商环境优化提升行动，持续擦亮“临川办事不求人”服务品牌。全面落实支持民营经济发展的政策措施。"
    paragraphs = [BODY[0], headings[0], BODY[2], headings[1], body, headings[2], BODY[1]]
    raw = laid(paragraphs, 20)
    assert headings[1] in raw and text_width(raw[raw.index(headings[1]) + 1]) == 19  # the “ went down a line
    assert blocks_of(raw) == paragraphs


# What pdftotext makes of a justified PDF page (our own PDF writer's output, read back)
def test_pdftotext_page_margins_article_numbers_and_lines_cut_at_wide_gaps() -> None:
    from converter.reading.clean import clean
    from converter.reading.normalise import normalise

    raw = [
        "第三条 劳动者享有平等就业和选择职业的权利、取得劳动",
        "报酬的权利、休息休假的权利、获得劳动安全卫生保护的权利、",
        "",
        "—1—",
        "",
        "\f接受职业技能培训的权利、享受社会保险和福利的权利、提请劳",
        "动争议处理的权利以及法律规定的其他劳动权利。",
        "第十三条",
        "",
        "妇女享有与男子平等的就业权利。在录用职工时，除国家规定的",
        "不适合妇女的工种或者岗位外，不得以性别为由拒绝录用妇女。",
        "劳动合同的无效，",  # one printed line, cut where justification left a wide gap
        "由劳动争议仲裁委员会或者人民法院确认。",
        "劳动者应当完成劳动任务，提高职业技能，执行劳动安全卫",
        "生规程，遵守劳动纪律和职业道德。",
        "",
        "—2—",
    ]
    report = Report()
    got = [b.text for b in reflow(normalise(clean("\n".join(raw), report), report), report)]
    assert got == [
        "第三条 劳动者享有平等就业和选择职业的权利、取得劳动报酬的权利、休息休假的权利、获得劳动安全卫生保护的权利、"
        "接受职业技能培训的权利、享受社会保险和福利的权利、提请劳动争议处理的权利以及法律规定的其他劳动权利。",
        "第十三条妇女享有与男子平等的就业权利。在录用职工时，除国家规定的不适合妇女的工种或者岗位外，"
        "不得以性别为由拒绝录用妇女。",
        "劳动合同的无效，由劳动争议仲裁委员会或者人民法院确认。",
        "劳动者应当完成劳动任务，提高职业技能，执行劳动安全卫生规程，遵守劳动纪律和职业道德。",
    ]


def test_a_list_of_short_items_ending_in_commas_stays_a_list() -> None:
    items = ["委员长，", "副委员长若干人，", "秘书长，", "委员若干人。"]
    paragraphs = [BODY[0], "全国人民代表大会常务委员会由下列人员组成：", *items, BODY[1]]
    assert blocks_of(laid(paragraphs, 28)) == paragraphs


def test_pdftotext_pieces_of_one_printed_line_and_a_marker_set_apart_join_again() -> None:
    raw = [
        "量最小、资源化利用充分、处置安全的目标，需要长期探索与实",
        "践。现阶段，要通过“无废城市”建设试点，统筹经济社会发展",
        "中的固体废物管理，大力推进源头减量、资源化利用和无害化处",
        "置，坚决遏制非法转移倾倒，探索建立量化指标体系，系统总结",
        "试点经验，",
        "形成可复制、",
        "可推广的建设模式。为指导地方开展“无",
        "废城市”建设试点工作，制定本方案。",
        "二、主要任务",
        "（一）",
        "强化顶层设计引领，",
        "发挥政府宏观指导作用。建立“无",
        "废城市”建设指标体系，发挥导向引领作用。2019年6月底前，",
        "研究建立以固体废物减量化和循环利用率为核心指标的“无废城",
        "市”建设指标体系，并与绿色发展指标体系相衔接。",
    ]
    first, heading, item = raw[:8], raw[8], raw[9:]
    assert blocks_of(raw) == ["".join(first), heading, "".join(item)]


AMENDMENTS = [
    "1988年4月12日 第七届全国人民代表大会第一次会议通过的《中华人民共和国宪法修正案》",
    "1993年3月29日 第八届全国人民代表大会第一次会议通过的《中华人民共和国宪法修正案》",
    "2018年3月11日 第十三届全国人民代表大会第一次会议通过的《中华人民共和国宪法修正案》",
]


@pytest.mark.parametrize("width", [20, 24, 26, 40])
def test_promulgation_notes_end_at_the_document_their_verb_adopted(width: int) -> None:
    """Each wrapped 题注 is one block, however the wrap cut it, even when a full line ends it."""
    paragraphs = ["中华人民共和国宪法", *AMENDMENTS, "序言", BODY[0]]
    raw = [paragraphs[0]] + [line for p in paragraphs[1:] for line in wrap(p, width)]
    assert blocks_of(raw) == paragraphs


def test_a_volume_cited_at_a_line_start_is_not_a_heading() -> None:
    """第一卷名《…》 after a full line ending a sentence: a wrap put a sentence's first words there."""
    note = (
        "〔16〕《新青年》综合性月刊。“五四”时期倡导新文化运动、传播马克思主义的重要刊物。一九一五年九月创刊于上海，"
        "由陈独秀主编。第一卷名《青年杂志》，第二卷起改名《新青年》。从一九一八年一月起，李大钊等参加该刊编辑工作。"
    )
    raw = wrap(BODY[0], 20) + wrap(note, 20)
    assert any(line.startswith("第一卷名") for line in raw)
    assert blocks_of(raw) == [BODY[0], note]


def test_a_speech_title_over_its_speaker_stands_alone_after_a_full_line() -> None:
    """In a 发言摘编 a speech's title follows the last full line of the speech before; the speaker line under it
    shows it is a title, not the end of that paragraph."""
    before = "按照以岗选人、优化结构、整体联动原则，统筹配置专委会所有人员，完善其各项制度机制。"
    after = "天津市政协深入贯彻中央政协工作会议精神，落实市委政协工作会议部署，把党的建设作为重中之重。"
    paragraphs = [BODY[0], before, "把党的建设作为重中之重", "天津市政协主席　盛茂林", after]
    raw = [line for p in paragraphs for line in wrap(p, 20)]
    assert text_width(raw[raw.index("把党的建设作为重中之重") - 1]) >= 20
    assert blocks_of(raw) == paragraphs


def test_a_note_set_out_in_pieces_between_blank_lines_is_one_paragraph() -> None:
    """pdftotext sets a hanging note's mark and the words before each wide gap apart, with blank lines between."""
    raw = [
        *wrap(BODY[0], 28),
        "〔2〕",
        "",
        "Alps山",
        "",
        "即阿尔卑斯山，欧洲最高大的山脉，位于",
        "",
        "法意两国之间。拿破仑在一八○○年进兵意大利同奥地利作战",
        "时，曾越过此山。",
        "〔3〕",
        "",
        "“整理国故”当时胡适所提倡的一种主张。",
    ]
    assert blocks_of(raw) == [
        BODY[0],
        "〔2〕Alps山即阿尔卑斯山，欧洲最高大的山脉，位于法意两国之间。拿破仑在一八○○年进兵意大利同奥地利作战时，曾越过此山。",
        "〔3〕“整理国故”当时胡适所提倡的一种主张。",
    ]


def test_parallel_paragraphs_open_after_a_full_line_that_ends_a_sentence() -> None:
    """A speech's 排比: paragraphs that open with the same words (after a dash, or a first clause at three
    line starts) start anew after a full line ending a sentence."""
    lead = "——辛亥革命110年来的历史启示我们，实现中华民族伟大复兴，必须有领导中国人民前进的坚强力量。"
    again = "新的征程上，我们必须坚持和加强党的全面领导，不断提高党的执政能力和领导水平，确保党始终成为主心骨。"
    body = "这是中国人民和中国先进分子为实现民族独立、人民解放进行的一次伟大而艰辛探索，意义深远。"
    paragraphs = [body, lead, again, body, lead, again, body, again]
    raw = [line for p in paragraphs for line in wrap(p, 20)]
    assert blocks_of(raw) == paragraphs


def test_a_books_chapter_numeral_stands_alone_after_a_full_line() -> None:
    """五 on its own line after a full line ending a sentence opens a chapter; the text below is not its title."""
    # sentences mostly run on inside paragraphs here, so a full line ending one says little by itself
    text = "我晓得他们的方法。直捷杀了，是不肯的。而且不敢。怕有祸祟。所以他们连络，布满网。"  # 2 full lines
    cry = text + "我自己被人吃了，可仍然是吃人的人的兄弟！"  # its last line exactly 20 ems
    short = text + "我自己被人吃了。"
    paragraphs = ["四", short, cry, "五", short, short, "六", short]
    raw = [line for p in paragraphs for line in wrap(p, 20)]
    assert blocks_of(raw) == paragraphs


def test_a_wrapped_decimal_clause_runs_on_like_text() -> None:
    """1.2.2 with a colon and commas is a numbered clause: a full first line does not end it as a heading would."""
    clause = "1.2.2省级（Ⅱ级）：在一个省、自治区、直辖市较大范围或省会等大中城市出现粮食应急状态，以及省级人民政府认为需要按照省级粮食应急状态来对待的情况。"
    heads = ["1.2.1　等级划分", "1.2.3　分级响应", "2.1.1　指挥部职责", "2.1.2　办公室职责", "2.1.3　成员单位职责"]
    paragraphs = [heads[0], BODY[0], clause, heads[1], BODY[1], heads[2], BODY[0], heads[3], BODY[1], heads[4]]
    raw = [line for p in paragraphs for line in wrap(p, 20)]
    assert blocks_of(raw) == paragraphs


def test_a_note_reference_wrapped_to_a_line_start_is_not_a_note() -> None:
    """…何以不禁婚姻？ / 〔26〕其实曹操…: the mark begins a line again in the notes, so here it is the reference."""
    first = "孔融又反对他，说也有以女人亡国的，何以不禁婚姻？"  # exactly 24 ems
    text = first + "〔26〕其实曹操也是喝酒的。我们看他的诗句，就可以知道。"
    notes = ["〔26〕其实曹操也是喝酒的：这里指曹操的诗句。", "〔27〕“何以解忧？惟有杜康”语见曹操《短歌行》。"]
    many = "要加强统筹协调。要形成工作合力。要及时研究解决工作中遇到的困难和问题。重大情况及时报告。" * 2
    paragraphs = [many, text, many, many, *notes]  # few sentences end a paragraph here
    raw = [line for p in paragraphs for line in wrap(p, 24)]
    assert "〔26〕其实曹操也是喝酒的。我们看他的诗句，就可以" in raw
    assert blocks_of(raw) == paragraphs


def test_after_a_full_line_ending_a_quotation_the_paragraph_ends_as_the_texts_quotations_do() -> None:
    """In dialogue a quotation that ends a full line mostly ends its paragraph, though the text's sentences
    mostly run on: the share is counted for quotations apart."""
    narration = "他想了很久。他站起身来。慢慢地走到窗前。望着外面的街道。很久没有说话。街上的人来来往往。"
    spoken = ["赵太爷愈看愈生气了，抢进几步说：“你敢胡说！我怎么会有你这样的本家？”", "阿Q道：“不敢。”"]
    story = [narration * 2]
    for _ in range(4):
        story += [spoken[0], spoken[1], "王胡说：“这毛虫！”", narration * 2]
    raw = [line for p in story for line in wrap(p, 17)]
    assert "你敢胡说！我怎么会有你这样的本家？”" in raw  # a full line ending the quotation
    assert blocks_of(raw) == story


def test_a_doc_number_above_a_title_over_three_lines_leaves_the_title_one_block() -> None:
    """As a PDF sets a 公文 (GB/T 9704): 发文字号, then the title on short centred lines, then 主送."""
    raw = [
        "国办函〔2004〕80号",
        "国务院办公厅",
        "关于湖北省巴东县地质灾害险情",
        "有关问题的复函",
        "湖北省人民政府：",
        *wrap(BODY[0], 28),
        *wrap(BODY[1], 28),
    ]
    assert blocks_of(raw) == [
        "国办函〔2004〕80号",
        "国务院办公厅关于湖北省巴东县地质灾害险情有关问题的复函",
        "湖北省人民政府：",
        BODY[0],
        BODY[1],
    ]
