"""The files people actually have: a messy Word document, a tracked draft, a chat assistant's
Markdown, an .odt, a text with a space-aligned table.

Each is made here the way people make it (tests/made_inputs.py), read through the real chain,
and checked against its truth tree in tests/inputs/*.json (written by hand from what a careful
secretary would make of it) and for lost characters against the source's own text.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from html import unescape
from pathlib import Path

import pytest
from conftest import require_tool
from hypothesis import given, settings
from hypothesis import strategies as st
from made_inputs import CHAT_DRAFT, CHAT_MARKDOWN, NUMBERED, SPACE_TABLE_TEXT, TABLE, TITLE, messy_notice, tracked_draft
from markdown_it import MarkdownIt
from text_fold import fold

from converter.model import Document, Paragraph, Table
from converter.reading import ReadError, parse_bytes, parse_file, sources
from converter.reading.markdown_source import looks_like_markdown
from converter.reading.wordnumbering import format_number

TRUTH = Path(__file__).parent / "inputs"
W_T = re.compile(rb"<w:t(?: [^>]*)?>([^<]*)</w:t>")


def truth(name: str) -> Document:
    return Document.from_json((TRUTH / f"{name}.json").read_bytes())


def tree_text(doc: Document) -> str:
    return fold("".join(doc.text_pieces()))


def is_subsequence(small: str, big: str) -> bool:
    chars = iter(big)
    return all(ch in chars for ch in small)


def docx_source_text(path: Path) -> str:
    """Every ``w:t`` of the main document in order (deleted text is ``w:delText``, so not here)."""
    xml = zipfile.ZipFile(path).read("word/document.xml")
    return fold(unescape("".join(m.group(1).decode() for m in W_T.finditer(xml))))


@pytest.fixture(scope="module")
def notice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return messy_notice(tmp_path_factory.mktemp("docx") / "通知.docx")


@pytest.fixture(scope="module")
def draft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tracked_draft(tmp_path_factory.mktemp("docx") / "draft.docx")


# --- DOCX --------------------------------------------------------------------------------------


def test_messy_docx_gives_the_secretarys_tree(notice: Path) -> None:
    reading = parse_file(notice)
    assert reading.document == truth("notice")
    assert reading.report.input_kind == "docx"
    doc = reading.document
    assert doc.title == TITLE  # centred with spaces: the spaces are gone
    items = [n for n in doc.children[2].children if isinstance(n, Paragraph) and n.marker]
    assert [(p.marker, p.text) for p in items] == [(f"{i}.", t) for i, t in enumerate(NUMBERED, 1)]
    table = doc.children[3].children[0]
    assert isinstance(table, Table) and table.header_rows == 1
    assert [[c[0].text for c in row] for row in table.rows] == TABLE
    assert doc.attachments[0].title == "防汛物资清单"  # after the page break


def test_messy_docx_logs_every_tidying(notice: Path) -> None:
    counts = parse_file(notice).report.counts()
    assert counts["centring-spaces"] == 2  # the title and the attachment title
    assert counts["indent-spaces"] >= 5  # ASCII spaces, full-width spaces and a tab
    assert counts["empty-paragraph"] >= 3
    assert counts["page-break"] == 1
    assert counts["numbering"] == 3  # Word's list numbers, printed as text
    assert counts["widen"] == 2  # the half-width commas of the first paragraph


def test_messy_docx_loses_no_character(notice: Path) -> None:
    doc = parse_file(notice).document
    source, tree = docx_source_text(notice), tree_text(doc)
    assert is_subsequence(source, tree)
    extra = list(tree)
    for ch in source:
        extra.remove(ch)
    assert sorted(extra) == sorted("1.2.3.")  # only the markers Word's numbering prints


def test_tracked_changes_accepted_and_comments_warned(draft: Path) -> None:
    reading = parse_file(draft)
    assert reading.document == truth("draft")
    text = tree_text(reading.document)
    assert "本周五" in text and "下周一" not in text
    # the deleted paragraph mark joined 各单位负责人 to the next paragraph
    assert any(p.text == "各单位负责人准时参加。请各科室做好准备。" for p in reading.document.children)
    warnings = {w.kind: w.message for w in reading.report.warnings}
    assert "1 insertions kept" in warnings["tracked-changes"]
    assert "时间待定，请核实" in warnings["comment"]
    assert "内部资料" in warnings["header"]


def test_word_numbering_formats() -> None:
    assert [format_number(n, "chineseCounting") for n in (1, 10, 12, 20, 23)] == ["一", "十", "十二", "二十", "二十三"]
    assert format_number(3, "decimalEnclosedCircle") == "③"
    assert format_number(28, "lowerLetter") == "ab"
    assert format_number(14, "upperRoman") == "XIV"
    assert format_number(2, "ideographTraditional") == "乙"


def test_docx_footnotes_and_text_boxes_are_kept(tmp_path: Path) -> None:
    """A footnote follows the paragraph citing it as ①…; a text box's text follows its anchor."""
    from docx import Document as new_docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    path = tmp_path / "notes.docx"
    doc = new_docx()
    doc.add_paragraph("关于加强管理的意见")
    p = doc.add_paragraph("依据有关规定")
    ref = '<w:r {ns}><w:footnoteReference w:id="1"/></w:r>'.format(ns=nsdecls("w"))
    p._p.append(parse_xml(ref))
    p.add_run("，制定本意见。")
    box = (
        '<w:r {ns} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent><mc:Choice Requires="wps">'
        "<w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>框内说明文字</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>"
        "<w:txbxContent><w:p><w:r><w:t>框内说明文字</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape>"
        "</w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    ).format(ns=nsdecls("w"))
    p._p.append(parse_xml(box))
    doc.save(path)
    footnotes = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:id="1"><w:p><w:r><w:t>见《管理办法》第三条。</w:t></w:r></w:p></w:footnote></w:footnotes>'
    )
    data = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(data, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("word/footnotes.xml", footnotes)
    reading = parse_bytes(data.getvalue(), name="notes.docx")
    texts = [(n.marker, n.text) for n in reading.document.children if isinstance(n, Paragraph)]
    assert texts == [("", "依据有关规定①，制定本意见。"), ("①", "见《管理办法》第三条。"), ("", "框内说明文字")]
    assert any(w.kind == "text-box" for w in reading.report.warnings)


# --- Markdown ----------------------------------------------------------------------------------


def test_chat_markdown_gives_the_secretarys_tree() -> None:
    reading = parse_bytes(CHAT_MARKDOWN.encode(), name="总结.md")
    assert reading.document == truth("chat")
    assert reading.report.input_kind == "markdown"
    assert reading.report.counts()["widen"] >= 8  # half-width , ( ) ! in Chinese text
    lead = reading.document.children[1].children[0]
    assert lead.spans()[0] == ("项目建设", True)  # a bold lead-in stays bold


def test_markdown_in_a_txt_is_detected_with_a_note() -> None:
    reading = parse_bytes(CHAT_MARKDOWN.encode(), name="总结.txt")
    assert reading.document == truth("chat")
    assert any(w.kind == "markdown" for w in reading.report.warnings)
    assert ("input", "text") in {(c.kind, c.before) for c in reading.report.changes}


def test_plain_text_is_not_taken_for_markdown() -> None:
    plain = "关于开展检查的通知\n各单位：\n- 请于本周内完成自查。\n特此通知。\n"
    assert looks_like_markdown(plain) == []
    assert looks_like_markdown("一、要求\n* 注意安全 *\n") == []
    assert parse_bytes(plain.encode(), name="a.txt").report.input_kind == "text"


def test_chat_markdown_loses_no_character() -> None:
    """The tree holds every character markdown-it renders (its HTML without tags)."""
    html = MarkdownIt("commonmark").enable("table").render(CHAT_MARKDOWN)
    html = re.sub(r"<ol>(.*?)</ol>", lambda m: _numbered(m.group(1)), html, flags=re.DOTALL)
    rendered = fold(unescape(re.sub(r"<[^>]+>", "", html)))
    tree = tree_text(parse_bytes(CHAT_MARKDOWN.encode(), name="a.md").document)
    assert tree == rendered


def _numbered(items: str) -> str:
    """An ordered list's items with the numbers a browser prints before them."""
    count = iter(range(1, 1000))
    return re.sub(r"<li>", lambda _: f"<li>{next(count)}.", items)


# --- plain text --------------------------------------------------------------------------------


def test_space_aligned_table_in_text() -> None:
    reading = parse_bytes(SPACE_TABLE_TEXT.encode("gb18030"), name="名单.txt")
    assert reading.document == truth("space-table")
    assert [w.kind for w in reading.report.warnings] == ["table"]
    assert tree_text(reading.document) == fold(SPACE_TABLE_TEXT)


def test_articles_with_one_full_width_space_are_no_table() -> None:
    text = (
        "示范条例\n第一条　为了规范管理，制定本条例。\n第二条　本条例适用于全市。\n第三条　本条例自公布之日起施行。\n"
    )
    doc = parse_bytes(text.encode()).document
    assert not any(isinstance(n, Table) for n, _ in doc.walk())


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.lists(st.text(alphabet="甲乙丙丁戊己庚辛壬癸一二三四五六七八九十0123456789", min_size=1, max_size=8),
                 min_size=3, max_size=3),
        min_size=2, max_size=6,
    )
)  # fmt: skip
def test_table_cells_lose_nothing(rows: list[list[str]]) -> None:
    """Property: every cell of a Markdown table reaches the tree's table cells, in order."""
    lines = ["# 统计表", "", "| " + " | ".join(rows[0]) + " |", "|" + "---|" * 3]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    doc = parse_bytes("\n".join(lines).encode(), name="t.md").document
    tables = [n for n, _ in doc.walk() if isinstance(n, Table)]
    assert len(tables) == 1
    assert [[fold("".join(p.text for p in cell)) for cell in row] for row in tables[0].rows] == [
        [fold(c) for c in row] for row in rows
    ]
    assert fold("".join(tables[0].pieces())) == fold("".join("".join(r) for r in rows))


# --- the outline JSON ---------------------------------------------------------------------------


def test_table_json_round_trip_and_validation() -> None:
    doc = truth("notice")
    assert Document.from_json(doc.to_json()) == doc
    data = json.loads(doc.to_json())
    data["children"][0] = {"type": "table", "rows": [["序号", "名称"], ["1", "甲"]], "caption": "表1"}
    table = Document.from_dict(data).children[0]
    assert table == Table(
        (((Paragraph("序号"),), (Paragraph("名称"),)), ((Paragraph("1"),), (Paragraph("甲"),))), 1, "表1"
    )
    data["children"][0] = {"type": "table", "rows": [["a"]], "header_rows": 3}
    with pytest.raises(ValueError, match=r"children\[0\]\.header_rows"):
        Document.from_dict(data)
    data["children"][0] = {"type": "table", "rows": [[{"text": 1}]]}
    with pytest.raises(ValueError, match=r"rows\[0\]\[0\]"):
        Document.from_dict(data)


# --- other office formats ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["odt", "doc", "rtf", "wps"])
def test_office_formats_are_converted_and_read(kind: str, notice: Path, tmp_path: Path) -> None:
    """The messy notice saved by LibreOffice as .odt, .doc and .rtf reads to the same tree (a WPS file is a .doc)."""
    soffice = require_tool("soffice")
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "doc" if kind == "wps" else kind,
         "--outdir", str(tmp_path), str(notice)],
        check=True, capture_output=True, timeout=180, env={**os.environ, "HOME": str(tmp_path)},
    )  # fmt: skip
    if kind == "wps":
        (tmp_path / "通知.doc").rename(tmp_path / "通知.wps")
    reading = parse_file(tmp_path / f"通知.{kind}")
    assert reading.report.input_kind == f"{kind} via docx"
    assert reading.document == truth("notice")


def test_doc_without_libreoffice_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    with pytest.raises(ReadError, match="libreoffice-writer"):
        parse_bytes(ole, name="老文件.doc")


def test_kinds_are_told_by_content() -> None:
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("data.csv", "a,b")
    with pytest.raises(ReadError, match="ZIP archive"):
        sources.kind_of(zipped.getvalue())
    assert sources.kind_of(b"{\\rtf1\\ansi hello}") == "rtf"
    assert sources.kind_of(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "x.wps") == "wps"
    assert sources.kind_of("通知".encode()) == "text"


def test_verse_halves_are_no_table() -> None:
    text = "静夜思\n\n床前明月光  疑是地上霜\n举头望明月  低头思故乡\n床前明月光  疑是地上霜\n"
    doc = parse_bytes(text.encode()).document
    assert not any(isinstance(n, Table) for n, _ in doc.walk())
    two = "名单\n\n序号  姓名\n1  张三\n2  李四\n"
    assert any(isinstance(n, Table) for n, _ in parse_bytes(two.encode()).document.walk())


def test_markdown_cell_breaks_and_inline_tags() -> None:
    text = "# 表\n\n| 事项 | 说明 |\n|---|---|\n| 甲 | 第一行<br>第二行 |\n| 乙 | <b>重点</b>事项 |\n"
    reading = parse_bytes(text.encode(), name="t.md")
    (table,) = [n for n, _ in reading.document.walk() if isinstance(n, Table)]
    assert [p.text for p in table.rows[1][1]] == ["第一行", "第二行"]
    assert [p.text for p in table.rows[2][1]] == ["重点事项"]
    assert reading.report.counts()["html-tag"] == 2


def test_docx_pictures_are_warned_about(tmp_path: Path) -> None:
    from docx import Document as new_docx
    from PIL import Image

    Image.new("RGB", (8, 8), "red").save(tmp_path / "logo.png")
    doc = new_docx()
    doc.add_paragraph("关于表彰先进集体的通报")
    doc.add_picture(str(tmp_path / "logo.png"))
    doc.add_paragraph("经研究，决定予以通报表彰。")
    doc.save(tmp_path / "pic.docx")
    reading = parse_file(tmp_path / "pic.docx")
    assert [w.message for w in reading.report.warnings if w.kind == "image"] == [
        "1 picture left out (only text is read)"
    ]
    assert tree_text(reading.document) == fold("关于表彰先进集体的通报经研究，决定予以通报表彰。")


def test_empty_and_broken_docx_are_refused(tmp_path: Path) -> None:
    from docx import Document as new_docx

    new_docx().save(tmp_path / "empty.docx")
    with pytest.raises(ReadError, match="holds no text"):
        parse_file(tmp_path / "empty.docx")
    broken = tmp_path / "broken.docx"
    broken.write_bytes((tmp_path / "empty.docx").read_bytes()[:300])
    with pytest.raises(ReadError):
        parse_file(broken)


def test_word_heading_styles_are_evidence_not_gospel(tmp_path: Path) -> None:
    from docx import Document as new_docx

    doc = new_docx()
    doc.add_paragraph("年度工作报告")
    doc.add_paragraph("背景与目标", style="Heading 1")
    doc.add_paragraph("今年以来，各项工作稳步推进，取得了积极成效，群众满意度持续提升。", style="Heading 2")
    doc.add_paragraph("主要措施", style="Heading 1")
    doc.add_paragraph("一是加强统筹。二是压实责任。")
    doc.save(tmp_path / "styled.docx")
    body = parse_file(tmp_path / "styled.docx").document.children
    assert [(type(n).__name__, getattr(n, "heading", None)) for n in body] == [
        ("Section", "背景与目标"),
        ("Section", "主要措施"),
    ]
    assert isinstance(body[0].children[0], Paragraph)  # a sentence in a heading style is body text
    assert body[1].children[0].points == ((0, 7), (7, 14))


def test_manual_spacing_is_tidied_and_logged() -> None:
    from converter.reading.report import Report
    from converter.reading.structured import tidy

    report = Report()
    assert tidy("      通　　知      ", 1, report) == "通知"
    assert tidy("国  务  院  文  件", 2, report) == "国务院文件"
    assert tidy("\t联系人：张三    联系电话：12345678", 3, report) == "联系人：张三\u3000联系电话：12345678"
    assert tidy("Hello  World", 4, report) == "Hello World"  # Latin words are never closed up
    assert tidy("　\u00a0 ", 5, report) == ""
    kinds = [(c.kind, c.line) for c in report.changes]
    assert kinds == [("centring-spaces", 1), ("spaced-out", 1), ("spaced-out", 2), ("indent-spaces", 3),
                     ("inner-spaces", 3), ("inner-spaces", 4)]  # fmt: skip


def test_a_folder_build_picks_up_every_input_kind(notice: Path, tmp_path: Path) -> None:
    from converter.app.pipeline import expand_inputs

    for name in ("a.docx", "b.md", "c.odt", "d.doc", "e.txt", "f.pdf", "g.png"):
        (tmp_path / name).write_bytes(notice.read_bytes() if name.endswith("docx") else b"x")
    found = sorted(item.path.name for item in expand_inputs([str(tmp_path)]))
    assert found == ["a.docx", "b.md", "c.odt", "d.doc", "e.txt"]


def test_a_web_page_saved_as_doc_is_converted(tmp_path: Path) -> None:
    """Many sites export "Word" files that are HTML named .doc."""
    require_tool("soffice")
    page = (
        '<html><head><meta charset="utf-8"></head><body><p align="center"><b>关于开展检查的通知</b></p>'
        "<p>各单位：</p><p>请于本周内完成自查。</p>"
        "<table border=1><tr><td>序号</td><td>单位</td><td>时间</td></tr>"
        "<tr><td>1</td><td>办公室</td><td>周一</td></tr></table></body></html>"
    )
    (tmp_path / "web.doc").write_text(page, encoding="utf-8")
    reading = parse_file(tmp_path / "web.doc")
    assert reading.report.input_kind == "html via docx"
    doc = reading.document
    assert (doc.title, doc.salutation) == ("关于开展检查的通知", "各单位：")
    (table,) = [n for n, _ in doc.walk() if isinstance(n, Table)]
    assert [[c[0].text for c in row] for row in table.rows] == [["序号", "单位", "时间"], ["1", "办公室", "周一"]]


def test_strict_ooxml_is_read(notice: Path) -> None:
    data = io.BytesIO()
    with zipfile.ZipFile(notice) as src, zipfile.ZipFile(data, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename.endswith(".xml"):
                body = body.replace(
                    b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                    b"http://purl.oclc.org/ooxml/wordprocessingml/main",
                )
            dst.writestr(item, body)
    assert parse_bytes(data.getvalue(), name="strict.docx").document == truth("notice")


def test_markdown_title_is_its_heading_and_bold_survives_normalising() -> None:
    reading = parse_bytes("# 标题\n\n前言...**重点是这里**,后文(说明)。\n\n另一段\n".encode(), name="a.md")
    doc = reading.document
    assert doc.title == "标题"
    assert doc.children[0].spans() == [("前言……", False), ("重点是这里", True), ("，后文（说明）。", False)]


def test_chat_wrapper_around_a_drafted_notice_is_left_out_and_reported() -> None:
    reading = parse_bytes(CHAT_DRAFT.encode(), name="通知.md")
    assert reading.document == truth("chat-draft")
    left_out = [c.before for c in reading.report.changes if c.kind == "chat-wrapper"]
    assert left_out == ["好的，以下是为您起草的通知：", "希望这份通知对您有帮助！如需调整格式或内容，请随时告诉我。"]
    assert [w.kind for w in reading.report.warnings].count("chat-wrapper") == 2
    # nothing else is lost: the tree plus what was reported gives back every rendered character
    html = MarkdownIt("commonmark").enable("table").render(CHAT_DRAFT)
    html = re.sub(r"<ol>(.*?)</ol>", lambda m: _numbered(m.group(1)), html, flags=re.DOTALL)
    assert sorted(tree_text(reading.document) + fold("".join(left_out))) == sorted(
        fold(unescape(re.sub(r"<[^>]+>", "", html)))
    )


def test_a_speech_ending_with_we_is_not_a_chat_sign_off() -> None:
    text = "# 在年度总结大会上的讲话\n\n同志们：\n\n今年工作成绩来之不易。\n\n希望大家再接再厉，需要我们共同努力，有问题随时联系我。\n"
    reading = parse_bytes(text.encode(), name="讲话.md")
    assert "chat-wrapper" not in reading.report.counts()


def test_multilevel_word_numbering_counts_like_word(tmp_path: Path) -> None:
    """Chinese multilevel numbering (一、 then （一）) restarts the inner level under each outer one."""
    from docx import Document as new_docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    doc = new_docx()
    numbering = doc.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{k}"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="{t}"/></w:lvl>'
        for k, t in ((0, "%1、"), (1, "（%2）"))
    )
    numbering.insert(0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="77">{levels}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="77"><w:abstractNumId w:val="77"/></w:num>'))
    doc.add_paragraph("工作方案")
    for level, text in ((0, "总体要求"), (1, "指导思想"), (1, "工作目标"), (0, "主要任务"), (1, "完善制度")):
        p = doc.add_paragraph(text)
        p._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="77"/></w:numPr>')
        )
        doc.add_paragraph("具体内容由各单位结合实际确定。")
    doc.save(tmp_path / "plan.docx")
    sections = parse_file(tmp_path / "plan.docx").document.sections()
    assert [(s.level, s.marker, s.heading) for s in sections] == [
        (1, "一、", "总体要求"), (2, "（一）", "指导思想"), (2, "（二）", "工作目标"), (1, "二、", "主要任务"), (2, "（一）", "完善制度"),
    ]  # fmt: skip


PASTED = """关于做好2025年防汛工作的通知
各区县人民政府：
    为切实做好今年防汛工作，确保人民群众生命财产安全，根据上级
有关要求，结合我市实际，现就有关事项通知如下。
一、提高思想认识
    各地各部门要充分认识做好防汛工作的重要性和紧迫性，坚持人民
至上、生命至上，把确保人民群众生命安全放在首位，克服麻痹思想和
侥幸心理，切实增强做好防汛工作的责任感和使命感。
二、压实工作责任
    各地要严格落实以行政首长负责制为核心的防汛责任制，逐级分解
任务，明确责任人，确保每个环节都有人管、有人抓、有人负责。
三、强化监测预警
    气象、水文等部门要加强雨情水情监测预报，及时发布预警信息，
为防汛决策提供科学依据。各地要畅通预警信息发布渠道，确保预警
信息第一时间传达到基层一线和受威胁群众。
四、做好应急准备
    各地要修订完善防汛应急预案，充实抢险救援队伍，储备必要的防
汛物资，加强应急演练，提高应对突发险情的能力。
    特此通知。"""


def test_docx_of_text_pasted_from_a_pdf_is_rejoined(tmp_path: Path) -> None:
    """A Word file made by pasting a PDF's text: Enter at every line end. Its lines become paragraphs again."""
    from docx import Document as new_docx

    doc = new_docx()
    for line in PASTED.split("\n"):
        doc.add_paragraph(line)
    doc.save(tmp_path / "pasted.docx")
    reading = parse_file(tmp_path / "pasted.docx")
    tree = reading.document
    assert [len(s.children) for s in tree.sections()] == [1, 1, 1, 1]
    assert tree.sections()[1].children[0].text.endswith("有人抓、有人负责。")
    assert reading.report.counts()["join"] == 7
    assert tree_text(tree) == fold(PASTED)
    assert tree == parse_bytes(PASTED.encode(), name="pasted.txt").document  # as the same text would read


def test_a_docx_built_into_its_own_folder_is_never_overwritten(notice: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from converter.app.cli import app

    source = tmp_path / "notice.docx"
    source.write_bytes(notice.read_bytes())
    before = source.read_bytes()
    result = CliRunner().invoke(app, ["build", str(source), "-t", "docx,json", "-o", str(tmp_path)])
    assert result.exit_code == 1 and "overwrite the input" in " ".join(result.output.split())
    assert source.read_bytes() == before
    assert (tmp_path / "notice.json").exists()  # the other formats are still written


def test_a_page_break_inside_a_paragraph_ends_it(tmp_path: Path) -> None:
    from docx import Document as new_docx
    from docx.enum.text import WD_BREAK

    doc = new_docx()
    for text in ("关于印发方案的通知", "现将方案印发给你们，请认真贯彻执行。", "市政府办公室"):
        doc.add_paragraph(text)
    last = doc.add_paragraph("2025年5月20日")
    last.add_run().add_break(WD_BREAK.PAGE)
    last.add_run("附件")
    for text in ("实施方案", "一、总体要求", "做好工作。"):
        doc.add_paragraph(text)
    doc.save(tmp_path / "pb.docx")
    tree = parse_file(tmp_path / "pb.docx").document
    assert tree.closing is not None and tree.closing.sign_date == "2025年5月20日"
    assert [(a.label, a.title) for a in tree.attachments] == [("附件", "实施方案")]


def test_a_damaged_doc_is_refused_with_the_way_out(tmp_path: Path) -> None:
    require_tool("soffice")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8
    with pytest.raises(ReadError, match=r"could not convert this \.doc file.*save it as \.docx"):
        parse_bytes(ole, name="坏文件.doc")


def test_embedded_documents_are_warned_about(tmp_path: Path) -> None:
    """Web systems export DOCX whose body is an embedded HTML chunk: never dropped without a word."""
    from docx import Document as new_docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    doc = new_docx()
    doc.add_paragraph("关于开展检查的通知")
    body = doc.element.body
    body.insert(len(body) - 1, parse_xml(f'<w:altChunk {nsdecls("w", "r")} r:id="rIdChunk1"/>'))
    doc.save(tmp_path / "chunk.docx")
    reading = parse_file(tmp_path / "chunk.docx")
    assert [w.kind for w in reading.report.warnings] == ["embedded-document"]


ROUND_TRIP = ["book-lu-xun-medicine", "gongwen-holiday-2019", "gongwen-xiongan-approval", "law-labour",
              "lecture-lu-xun-nora", "plan-zero-waste-city", "speech-xinhai-revolution-110"]  # fmt: skip


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_our_own_docx_reads_back_to_its_tree(name: str, tmp_path: Path) -> None:
    """A Word file made properly (heading styles, outline levels, no manual spacing): a DOCX this
    converter wrote from a real document reads back to the tree it was written from."""
    from converter import styles
    from converter.writers.base import WriteOptions, load_writer

    doc = parse_file(Path(__file__).parent / "corpus" / "real" / f"{name}.txt").document
    out = tmp_path / f"{name}.docx"
    load_writer("docx").write(doc, styles.load("gongwen"), out, WriteOptions())
    assert parse_file(out).document.as_v1() == doc.as_v1()  # the writer prints v2 parts as v1 paragraphs
