"""Outline JSON v2: written with "schema": 2, v1 still loads, bad input refused once with the node's path."""

from __future__ import annotations

import json
import sys

import pytest

from converter.model import Attachment, Closing, Document, Header, Imprint, Paragraph, Section
from converter.writers.json_writer import dumps

FULL = Document(
    header=Header(copy_number="000123", classification="机密★1年", urgency="特急", issuer="国务院办公厅文件",
                  doc_number="国办发〔2022〕35号", signers=("张三",)),
    title="国务院办公厅关于复制推广营商环境创新试点改革举措的通知",
    notes=("2012年8月29日 国务院第215次常务会议通过",),
    salutation="各省、自治区、直辖市人民政府：",
    children=(
        Section(1, "一、", "总体要求", children=(Paragraph("甲事项；", marker="（一）"),)),
        Section(1, "第一条", "", runin=True, children=(Paragraph("为了规范管理，制定本条例。"),)),
        Paragraph("特此通知。"),
    ),
    closing=Closing(("1．示范点名单", "2．经费测算表"), ("国务院办公厅",), "2022年9月28日", "（此件公开发布）"),
    attachments=(Attachment("附件1", "示范点名单", (Paragraph("北京市"),)),),
    imprint=Imprint("国务院各部委、各直属机构。", "国务院办公厅", "2022年9月30日印发"),
)  # fmt: skip


def test_v2_round_trip_and_schema() -> None:
    data = json.loads(dumps(FULL))
    assert data["schema"] == 2
    assert list(data) == ["schema", "header", "title", "subtitle", "date", "author", "notes", "salutation",
                          "children", "closing", "attachments", "imprint"]  # fmt: skip
    assert data["children"][0]["children"][0] == {"type": "paragraph", "marker": "（一）", "text": "甲事项；"}
    assert Document.from_dict(data) == FULL
    assert Document.from_json(dumps(FULL).encode("utf-8")) == FULL


def test_v1_json_still_loads() -> None:
    v1 = {"title": "标题", "subtitle": None, "date": None, "author": None, "salutation": "同志们：",
          "children": [{"type": "section", "level": 1, "marker": "一、", "heading": "总体要求", "runin": False,
                        "children": [{"type": "paragraph", "text": "正文。", "points": [[0, 2]]}]}]}  # fmt: skip
    doc = Document.from_dict(v1)
    assert doc.salutation == "同志们：" and doc.header is None and doc.closing is None and doc.attachments == ()
    assert doc.sections()[0].children == (Paragraph("正文。", ((0, 2),)),)


def test_text_pieces_cover_every_part_in_reading_order() -> None:
    text = "".join(FULL.text_pieces())
    order = ["000123", "国办发〔2022〕35号", "签发人：", "张三", "国务院办公厅关于", "国务院第215次", "各省、自治区",
             "（一）甲事项；", "第一条为了", "特此通知。", "附件：1．示范点名单", "国务院办公厅2022年9月28日", "（此件公开发布）",
             "附件1示范点名单北京市", "抄送：国务院各部委", "2022年9月30日印发"]  # fmt: skip
    positions = [text.index(piece) for piece in order]
    assert positions == sorted(positions)


def test_as_v1_keeps_every_character_and_uses_only_v1_parts() -> None:
    flat = FULL.as_v1()
    assert (flat.header, flat.notes, flat.closing, flat.attachments, flat.imprint) == (None, (), None, (), None)
    assert not any(isinstance(n, Paragraph) and n.marker for n, _ in flat.walk())
    assert sorted("".join("".join(flat.text_pieces()).split())) == sorted("".join("".join(FULL.text_pieces()).split()))
    attachment = [n for n in flat.children if isinstance(n, Section) and n.marker == "附件1"]
    assert attachment and attachment[0].heading == "示范点名单" and attachment[0].level == 1
    assert "附件：1．示范点名单" in [n.text for n in flat.children if isinstance(n, Paragraph)]


def deep(n: int) -> str:
    node = '{"type": "paragraph", "text": "x"}'
    for _ in range(n):
        node = '{"type": "section", "level": 1, "heading": "h", "children": [' + node + "]}"
    return '{"title": "t", "children": [' + node + "]}"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ('{"title": "t", "children": [{"type": "paragraph", "text": "\\ud800"}]}',
         "children[0].text holds a lone surrogate U+D800"),
        (deep(1000), "nested more than 32 levels deep"),
        (deep(40), "sections nested more than 32 levels deep"),
        ('{"title": "t", "children": [{"type": "section", "level": true, "heading": "h"}]}',
         "children[0].level must be a whole number"),
        ('{"title": 0, "children": []}', "title must be a string or null"),
        ('{"title": "t", "children": [{"type": "section", "level": ' + "9" * 5000 + ', "heading": "h"}]}',
         "a number too long"),
        ('{"title": "t", "children": [{"type": "section", "level": ' + "9" * 4000 + ', "heading": "h"}]}',
         "children[0].level must be a whole number from 1 to 32"),
        ('{"children": []}', "the outline holds no text"),
        ('{"title": "t", "children": [{"type": "paragraph", "text": " \\u3000 "}]}',
         "children[0].text is empty or only whitespace"),
        ('{"title": "t", "children": [], "closing": {"signature": [3]}}', "closing.signature[0] must be a string"),
        ('{"title": "t", "children": [], "header": {"doc_nmber": "x"}}', "header has unknown keys doc_nmber"),
        ('{"title": "t", "schema": 3, "children": []}', "'schema' must be 1 or 2"),
        ('{"title": "t", "children": [{"type": "paragraph", "text": "x", "marker": 1}]}',
         "children[0].marker must be a string"),
    ],
)  # fmt: skip
def test_bad_outlines_are_refused_with_the_path(data: str, message: str) -> None:
    limit = sys.getrecursionlimit()
    with pytest.raises(ValueError, match=".*".join(map(__import__("re").escape, message.split("*")))):
        Document.from_json(data)
    assert sys.getrecursionlimit() == limit


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-8-sig", "utf-32"])
def test_json_in_utf16_or_with_a_bom_loads(encoding: str) -> None:
    text = dumps(FULL)
    data = text.encode(encoding)
    if encoding == "utf-16-le":
        data = b"\xff\xfe" + data
    assert Document.from_json(data) == FULL
