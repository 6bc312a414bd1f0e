"""Tables in every output, from a DOCX input: the real Word table, the EPUB <table>, the PDF's ruled rows.

The outputs of a DOCX input face the checks text inputs face: every character back, fonts
embedded, epubcheck clean, the same bytes on a rebuild.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from collections import Counter
from html import unescape
from pathlib import Path

import pdfplumber
import pytest
from conftest import require_tool
from docx import Document as open_docx
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from made_inputs import TABLE, messy_notice
from pypdf import PdfReader
from text_fold import fold

from converter import styles
from converter.model import Document, Paragraph, Section, Table
from converter.reading import parse_bytes, parse_file
from converter.writers.base import WriteOptions, load_writer
from converter.writers.docx.geometry import geometry

STYLE = styles.load("gongwen")
JVM_FLAGS = ["-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"]


def write(doc: Document, fmt: str, path: Path) -> Path:
    load_writer(fmt).write(doc, STYLE, path, WriteOptions(source_name=path.name))
    return path


@pytest.fixture(scope="module")
def notice_doc(tmp_path_factory: pytest.TempPathFactory) -> Document:
    return parse_file(messy_notice(tmp_path_factory.mktemp("in") / "notice.docx")).document


@pytest.fixture(scope="module")
def long_table_doc() -> Document:
    """A report whose table runs over three pages."""
    rows = "\n".join(f"| {n} | 第{n}项重点工作任务 | 市直{n % 7 + 1}部门 |" for n in range(1, 61))
    text = f"# 重点任务清单\n\n请各单位抓好落实。\n\n| 序号 | 任务 | 牵头单位 |\n|---|---|---|\n{rows}\n\n特此通知。\n"
    return parse_bytes(text.encode(), name="清单.md").document


def test_docx_table_is_a_real_word_table(notice_doc: Document, tmp_path: Path) -> None:
    path = write(notice_doc, "docx", tmp_path / "notice.docx")
    docx = open_docx(str(path))
    (table,) = docx.tables
    assert [[c.text for c in row.cells] for row in table.rows] == TABLE
    rows = table._tbl.findall(qn("w:tr"))
    assert rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None  # repeated on each page
    assert all(r.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for r in rows)
    assert rows[1].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.tag.split("}")[1]: b.get(qn("w:val")) for b in borders} == {
        "top": "single", "left": "nil", "bottom": "single", "right": "nil", "insideH": "single", "insideV": "single",
    }  # fmt: skip
    fangsong, heiti = STYLE.roles[STYLE.element("body").role].docx, STYLE.roles[STYLE.heading(1).role].docx
    head_run = rows[0].find(f".//{qn('w:r')}")
    body_run = rows[1].find(f".//{qn('w:r')}")
    assert head_run.find(f"{qn('w:rPr')}/{qn('w:rFonts')}").get(qn("w:eastAsia")) == heiti
    assert body_run.find(f"{qn('w:rPr')}/{qn('w:rFonts')}").get(qn("w:eastAsia")) == fangsong
    assert body_run.find(f"{qn('w:rPr')}/{qn('w:sz')}").get(qn("w:val")) == "28"  # 4号
    widths = [int(c.get(qn("w:w"))) for c in table._tbl.find(qn("w:tblGrid"))]
    assert widths[0] < widths[1] and sum(widths) == geometry(STYLE).text_width  # the 序号 column narrow
    text = fold("".join(p.text for p in docx.paragraphs) + "".join(c.text for r in table.rows for c in r.cells))
    assert sorted(text) == sorted(fold("".join(notice_doc.text_pieces())))


def test_docx_table_prints_in_libreoffice(notice_doc: Document, tmp_path: Path) -> None:
    soffice = require_tool("soffice")
    path = write(notice_doc, "docx", tmp_path / "notice.docx")
    subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'p').as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    with pdfplumber.open(tmp_path / "notice.pdf") as pdf:
        text = fold("".join(page.extract_text() for page in pdf.pages))
    assert "序号工作任务责任单位" in text and "4信息报送市防汛办" in text


def test_epub_table_and_epubcheck(notice_doc: Document, tmp_path: Path) -> None:
    path = write(notice_doc, "epub", tmp_path / "notice.epub")
    with zipfile.ZipFile(path) as book:
        pages = [book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml")]
        css = "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".css"))
    shown = Counter(fold(unescape(re.sub(r"<[^>]+>", "", "".join(pages)))))
    assert not Counter(fold("".join(notice_doc.text_pieces()))) - shown  # every character of the tree is shown
    (page,) = [p for p in pages if "<table" in p]
    assert "<thead>\n<tr><th>序号</th><th>工作任务</th><th>责任单位</th></tr>\n</thead>" in page
    assert '<td class="c">市水务局</td>' in page
    assert "table.table tr > :first-child" in css and "border-left: none" in css
    java, jar = require_tool("java"), require_tool("epubcheck")
    run = subprocess.run([java, *JVM_FLAGS, "-jar", jar, "-q", str(path)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr


def test_pdf_table_rows_ruled_headers_repeated(long_table_doc: Document, tmp_path: Path) -> None:
    path = write(long_table_doc, "pdf", tmp_path / "list.pdf")
    left_mm, width_mm = STYLE.page.left_mm, STYLE.page.text_width_mm
    left, right = left_mm / 25.4 * 72, (left_mm + width_mm) / 25.4 * 72
    seen: list[int] = []
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) >= 3
        for number, page in enumerate(pdf.pages):
            lines = [ln for ln in page.extract_text().splitlines() if ln.strip()]
            rows = [ln for ln in lines if ln.split()[0].isdigit() and "部门" in ln]
            if rows and number > 0:
                assert lines[0].split() == ["序号", "任务", "牵头单位"]  # the header again on top
            for row in rows:
                n, task, unit = row.split()
                assert task == f"第{n}项重点工作任务" and unit.startswith("市直")  # a row is never split
                seen.append(int(n))
            verticals = [ln for ln in page.lines if abs(ln["x0"] - ln["x1"]) < 0.1]
            assert verticals or not rows
            assert all(left + 1 < ln["x0"] < right - 1 for ln in verticals)  # no outer vertical rules
    assert seen == list(range(1, 61))


def test_pdf_of_docx_input_loses_nothing_and_embeds_fonts(notice_doc: Document, tmp_path: Path) -> None:
    path = write(notice_doc, "pdf", tmp_path / "notice.pdf")
    with pdfplumber.open(path) as pdf:
        text = fold("".join(page.extract_text() for page in pdf.pages))
    expected = fold("".join(notice_doc.text_pieces()))
    chars = iter(text)
    assert all(ch in chars for ch in expected)
    for page in PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()
            if "/DescendantFonts" in descriptor:
                descriptor = descriptor["/DescendantFonts"][0].get_object()
            assert "/FontFile2" in descriptor["/FontDescriptor"].get_object()
    again = write(notice_doc, "pdf", tmp_path / "again.pdf")
    assert again.read_bytes() == path.read_bytes()


def test_a_table_first_in_the_body_and_in_a_run_in_section(tmp_path: Path) -> None:
    """Writers take a table wherever the tree puts it: first at document level, after a run-in heading."""
    table = Table((((Paragraph("甲"),), (Paragraph("乙"),)), ((Paragraph("1"),), ())), 1, "表1　示例")
    doc = Document(
        title="测试",
        children=(table, Section(1, "一、", "要求。", True, (Paragraph("正文。"), table))),
    )
    for fmt in ("docx", "pdf", "epub", "json"):
        out = write(doc, fmt, tmp_path / f"t.{fmt}")
        assert out.stat().st_size > 0
    assert Document.from_json((tmp_path / "t.json").read_bytes()) == doc


_CELL = st.lists(st.text(alphabet="序号名称单位甲乙丙丁一二三四五六七八九十，。（）0123456789ABC", min_size=1, max_size=14),
                 min_size=0, max_size=2)  # fmt: skip


@st.composite
def tables(draw: st.DrawFn) -> Table:
    columns = draw(st.integers(1, 4))
    rows = draw(st.lists(st.lists(_CELL, min_size=columns, max_size=columns), min_size=1, max_size=6))
    header = draw(st.integers(0, len(rows)))
    cells = tuple(tuple(tuple(Paragraph(t) for t in cell if t.strip()) for cell in row) for row in rows)
    return Table(cells, header, draw(st.none() | st.just("表1　统计")))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=tables())
def test_every_table_cell_reaches_docx_and_epub(table: Table, tmp_path: Path) -> None:
    """Property: the text of every cell, row by row, comes back out of the DOCX and the EPUB."""
    doc = Document(title="表格测试", children=(Paragraph("见下表。"), table))
    want = fold("".join(table.pieces()))
    docx = open_docx(str(write(doc, "docx", tmp_path / "t.docx")))
    (got,) = docx.tables
    caption = "".join(p.text for p in docx.paragraphs[2:])
    assert fold(caption + "".join(c.text for r in got.rows for c in r.cells)) == want
    with zipfile.ZipFile(write(doc, "epub", tmp_path / "t.epub")) as book:
        xhtml = "".join(book.read(n).decode() for n in sorted(book.namelist()) if n.endswith(".xhtml"))
    inside = re.search(r"<table.*?</table>", xhtml, re.DOTALL)
    assert inside is not None
    assert fold(unescape(re.sub(r"<[^>]+>", "", inside.group()))) == want


def test_pdf_long_cells_wrap_inside_their_column(tmp_path: Path) -> None:
    long = "各地要结合实际制定具体实施方案，明确责任分工和时间节点，确保各项任务落到实处。"
    table = Table(
        (
            ((Paragraph("序号"),), (Paragraph("任务"),), (Paragraph("要求"),)),
            ((Paragraph("1"),), (Paragraph("方案制定"),), (Paragraph(long),)),
        ),
        1,
    )
    path = write(Document(title="任务表", children=(table,)), "pdf", tmp_path / "long.pdf")
    with pdfplumber.open(path) as pdf:
        (page,) = pdf.pages
        words = page.extract_words()
        verticals = sorted(ln["x0"] for ln in page.lines if abs(ln["x0"] - ln["x1"]) < 0.1)
        rules = sorted(ln["top"] for ln in page.lines if abs(ln["top"] - ln["bottom"]) < 0.1)
    inside = [w for w in words if rules[0] < w["top"] < rules[-1]]
    column = [w for w in inside if w["x0"] > verticals[-1]]  # the third column, right of the last rule
    assert len({round(w["top"]) for w in column}) >= 3  # wrapped onto three lines or more
    assert fold("".join(w["text"] for w in column)) == fold("要求" + long)
    edge = page.width - STYLE.page.right_mm / 25.4 * 72
    # every glyph starts inside the column; a squeezed 。or ，at a line end keeps its ink within
    assert all(w["x1"] <= edge + 0.5 or w["text"][-1] in "，。" for w in column)
    assert all(w["x1"] - 7 <= edge for w in column)
    assert [w["text"] for w in inside if w["x0"] < verticals[0]] == ["序号", "1"]  # 序号 is not broken


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=tables())
def test_every_table_cell_reaches_the_pdf(table: Table, tmp_path: Path) -> None:
    """Property: the PDF shows every cell character (header rows repeated only add copies)."""
    doc = Document(title="表格测试", children=(Paragraph("见下表。"), table))
    with pdfplumber.open(write(doc, "pdf", tmp_path / "t.pdf")) as pdf:
        shown = Counter(fold("".join(page.extract_text() for page in pdf.pages)))
    assert not Counter(fold("".join(doc.text_pieces()))) - shown


def test_pdf_body_after_a_table_is_back_on_the_grid(tmp_path: Path) -> None:
    table = Table(tuple(((Paragraph(str(n)),), (Paragraph(f"第{n}项"),)) for n in range(5)), 1)
    doc = Document(title="测试", children=(Paragraph("甲段落。"), table, Paragraph("乙段落。")))
    path = write(doc, "pdf", tmp_path / "grid.pdf")
    pitch = STYLE.page.line_pitch_pt
    with pdfplumber.open(path) as pdf:
        chars = pdf.pages[0].chars
    first = {ch["text"]: ch["bottom"] for ch in reversed(chars)}  # each character's first place on the page
    before, after = first["甲"], first["乙"]  # body lines above and below the table
    assert abs((after - before) / pitch - round((after - before) / pitch)) < 0.02


def test_paginate_repeats_the_named_blocks_on_top_of_each_page() -> None:
    """Layout level: a row block names the header blocks behind it; each page it opens starts with them."""
    from converter.layout import Block, paginate

    head = Block(lines=["H"], line_height=10.0)
    rows = [Block(lines=[f"r{n}"], line_height=10.0, keep_together=True, repeat=(n + 1,)) for n in range(9)]
    pages = paginate([Block(lines=["T"], line_height=10.0), head, *rows], 40.0)
    assert [[p.line for p in page] for page in pages] == [
        ["T", "H", "r0", "r1"], ["H", "r2", "r3", "r4"], ["H", "r5", "r6", "r7"], ["H", "r8"],
    ]  # fmt: skip
    assert all(page[0].block == 1 for page in pages[1:])  # the header block itself, drawn again


def test_embedded_font_subsets_cover_table_cells() -> None:
    from converter.writers.roletext import role_text

    table = Table((((Paragraph("鑫"),),), ((Paragraph("淼"),),)), 1, "表1")
    texts = role_text(Document(title="测试", children=(table,)), STYLE, paged=True)
    heading, body = STYLE.heading(1).role, STYLE.element("body").role
    assert "鑫" in texts[heading] and "淼" in texts[body]
