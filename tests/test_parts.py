"""Every 公文 part where GB/T 9704 puts it, measured (docs/gbt9704.md §8–§13).

The notice in tests/parts has every part (版头, 主送, 附件说明, 署名, 成文日期, 附注, two
attachments, 版记); its outline JSON is the truth tree of the hard-wrapped text beside it.
The PDF is measured with pdfplumber; the DOCX on LibreOffice's rendering (with the blank
pages it inserts before an even-page section, as a printer would print them).
"""

from __future__ import annotations

import subprocess
from dataclasses import replace
from pathlib import Path

import docx
import pdfplumber
import pytest
from conftest import libreoffice_convert, require_tool
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_epub import Book
from test_nothing_lost import READERS
from text_fold import fold

from converter import styles
from converter.layout import Block, Line
from converter.model import Attachment, Closing, Document, Header, Imprint, Paragraph, Section
from converter.writers.base import WriteOptions, load_writer
from converter.writers.pdf.parts import PartsComposition, paginate_parts

HERE = Path(__file__).parent / "parts"
NOTICE = Document.from_json((HERE / "notice-all-parts.json").read_text(encoding="utf-8"))
MM = 72 / 25.4
STYLE = styles.load("gongwen")
SEALED = styles.load("gongwen", ["closing.sealed=true"])
PAGE = STYLE.page
LEFT, RIGHT = PAGE.left_mm, PAGE.width_mm - PAGE.right_mm
TOP, BOTTOM = PAGE.top_mm, PAGE.height_mm - PAGE.bottom_mm
PITCH = PAGE.text_height_mm / PAGE.lines  # one 行, mm
CHAR = PAGE.text_width_mm / PAGE.chars  # one 字, mm
RED = (1.0, 0.0, 0.0)

# §9 by hand for 江州市人民政府 (n = 7) and 2025年3月5日 (n = 2 + 1 + 0.5 + 1 + 0.5 + 1 = 6):
# unsealed, n(name) − n(date) = 1 < 2, so the date goes to 2 and the name to 4 + 6 − 7 = 3;
# sealed, the date at 4 and the name centred over it: 4 + (6 − 7) / 2 = 3.5.
UNSEALED_RIGHTS = (3.0, 2.0)
SEALED_RIGHTS = (3.5, 4.0)


Row = tuple[float, float, float, float, str, list[dict]]  # top, bottom, x0, x1 (mm), text, chars


def rows(page: pdfplumber.page.Page) -> list[Row]:
    """Printed lines, top to bottom: characters grouped by their bottom edge."""
    found: dict[int, list[dict]] = {}
    for ch in page.chars:
        if ch["text"].strip():
            found.setdefault(round(ch["bottom"] * 2), []).append(ch)
    out = []
    for _, chars in sorted(found.items()):
        chars.sort(key=lambda c: c["x0"])
        out.append(
            (
                min(c["top"] for c in chars) / MM,
                max(c["bottom"] for c in chars) / MM,
                chars[0]["x0"] / MM,
                chars[-1]["x1"] / MM,
                "".join(c["text"] for c in chars),
                chars,
            )
        )
    return out


def find(pages: list[list[Row]], start: str, exact: bool = False) -> tuple[int, Row]:
    for number, page in enumerate(pages, 1):
        for row in page:
            if row[4] == start if exact else row[4].startswith(start):
                return number, row
    raise AssertionError(f"no printed line starts with {start!r}")


def signature_and_date(pages: list[list[Row]]) -> tuple[int, Row, Row]:
    """The 署名 row (exactly 江州市人民政府, the title may break there too) and the 成文日期 row under it."""
    page, date = find(pages, "2025年3月5日", exact=True)
    rows_above = [r for r in pages[page - 1] if r[0] < date[0]]
    assert rows_above and rows_above[-1][4] == "江州市人民政府", "the signature is on the date's page, just above"
    return page, rows_above[-1], date


def body_rows(page: list[Row]) -> list[Row]:
    return [r for r in page if r[1] <= BOTTOM + 0.5]


def write(doc: Document, fmt: str, path: Path, style: styles.Style = STYLE) -> Path:
    load_writer(fmt).write(doc, style, path, WriteOptions())
    return path


def lo_pdf(path: Path, profile: Path) -> Path:
    """LibreOffice's PDF of a DOCX, blank pages kept (the even-page section's blank page is printed)."""
    export = 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}'
    libreoffice_convert([path], path.parent, export, profile, timeout=180)
    return path.with_suffix(".pdf")


class Measured:
    """A PDF opened once: its printed rows and its drawn rules per page."""

    def __init__(self, pdf: Path) -> None:
        with pdfplumber.open(pdf) as opened:
            self.pages = [rows(page) for page in opened.pages]
            self.rules = [
                sorted(
                    {
                        (
                            round(ln["top"] / MM, 2),
                            round(ln["x0"] / MM, 1),
                            round(ln["x1"] / MM, 1),
                            round(ln["linewidth"] / MM, 3),
                            tuple(ln.get("stroking_color") or ()),
                        )
                        for ln in page.lines
                    }
                    | {
                        (
                            round((r["top"] + r["bottom"]) / 2 / MM, 2),
                            round(r["x0"] / MM, 1),
                            round(r["x1"] / MM, 1),
                            round((r["bottom"] - r["top"]) / MM, 3),
                            tuple(r.get("non_stroking_color") or ()),
                        )
                        for r in page.rects
                        if r["bottom"] - r["top"] < 1.5
                    }
                )
                for page in opened.pages
            ]
            self.colours = [{tuple(c.get("non_stroking_color") or ()) for c in page.chars} for page in opened.pages]


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Measured]:
    """The notice unsealed and sealed, as our PDF and as LibreOffice prints our DOCX."""
    require_tool("soffice")
    out = tmp_path_factory.mktemp("parts")
    profile = tmp_path_factory.mktemp("lo-profile")
    result = {}
    for name, style in (("unsealed", STYLE), ("sealed", SEALED)):
        result[f"pdf-{name}"] = Measured(write(NOTICE, "pdf", out / f"{name}.pdf", style))
        docx_path = write(NOTICE, "docx", out / f"{name}-docx.docx", style)
        result[f"docx-{name}"] = Measured(lo_pdf(docx_path, profile))
    return result


KINDS = ["pdf", "docx"]


def test_the_notice_tree_is_its_text() -> None:
    """The fixture is the truth tree of the hard-wrapped notice: nothing more, nothing less."""
    text = (HERE / "notice-all-parts.txt").read_text(encoding="utf-8")
    assert fold("".join(NOTICE.text_pieces())) == fold(text)
    assert NOTICE.header and NOTICE.closing and NOTICE.imprint and len(NOTICE.attachments) == 2


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("sealing", "rights"), [("unsealed", UNSEALED_RIGHTS), ("sealed", SEALED_RIGHTS)])
def test_signature_and_date_right_edges_by_the_formulas(
    measured: dict[str, Measured], kind: str, sealing: str, rights: tuple[float, float]
) -> None:
    pages = measured[f"{kind}-{sealing}"].pages
    _, signature, date = signature_and_date(pages)
    assert signature[3] == pytest.approx(RIGHT - rights[0] * CHAR, abs=1.0)
    assert date[3] == pytest.approx(RIGHT - rights[1] * CHAR, abs=1.0)
    assert date[0] - signature[0] == pytest.approx(PITCH, abs=0.5)  # the next line
    _, last_notes = find(pages, "方式和有关工作要求")
    gap = signature[0] - last_notes[0]
    lines = 4 if sealing == "sealed" else 2  # blank lines above: 3 for the seal, 1 without
    assert gap == pytest.approx(lines * PITCH, abs=0.5)


@pytest.mark.parametrize("kind", KINDS)
def test_attachment_notes_hang_under_the_names(measured: dict[str, Measured], kind: str) -> None:
    pages = measured[f"{kind}-unsealed"].pages
    _, first = find(pages, "附件：1．")
    _, second = find(pages, "2．江州市春季")
    _, wrapped = find(pages, "方式和有关工作要求")

    def name_x(row: Row) -> float:
        chars = row[5]
        at = next(i for i, c in enumerate(chars) if c["text"] == "．")
        return chars[at + 1]["x0"] / MM

    assert first[2] == pytest.approx(LEFT + 2 * CHAR, abs=0.5)  # 附件： at two characters
    assert second[2] == pytest.approx(LEFT + 5 * CHAR, abs=0.5)  # 2． under 1．
    assert name_x(first) == pytest.approx(name_x(second), abs=0.5)
    assert wrapped[2] == pytest.approx(name_x(second), abs=0.5)
    _, body_end = find(pages, "特此通知。")
    assert first[0] - body_end[0] == pytest.approx(2 * PITCH, abs=0.5)  # one blank line


@pytest.mark.parametrize("kind", KINDS)
def test_each_attachment_on_a_new_page_label_top_left_title_on_line_3(measured: dict[str, Measured], kind: str) -> None:
    pages = measured[f"{kind}-unsealed"].pages
    seen = []
    for number, attachment in enumerate(NOTICE.attachments, 1):
        page, label = find(pages, attachment.label)
        body = body_rows(pages[page - 1])
        assert body[0][4] == attachment.label, "the label opens its page"
        assert label[2] == pytest.approx(LEFT, abs=0.5)
        assert label[0] - TOP < PITCH
        assert label[5][0]["size"] == pytest.approx(16)
        title = body[1]
        assert title[5][0]["size"] == pytest.approx(22)
        assert (title[2] + title[3]) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=1.0)
        assert TOP + 2 * PITCH - 0.5 <= title[0] <= TOP + 2 * PITCH + 4  # on the third line
        seen.append(page)
        assert number == 1 or seen[-1] > seen[-2]
    _, closing = find(pages, "（此件公开发布）")
    assert seen[0] > find(pages, "（此件公开发布）")[0]
    assert closing


@pytest.mark.parametrize("kind", KINDS)
def test_imprint_between_rules_at_the_foot_of_the_last_even_page(measured: dict[str, Measured], kind: str) -> None:
    m = measured[f"{kind}-unsealed"]
    last = len(m.pages)
    assert last % 2 == 0
    page, issued = find(m.pages, "江州市人民政府办公室")
    assert page == last
    _, cc = find(m.pages, "抄送：")
    assert cc[5][0]["size"] == pytest.approx(14) and issued[5][0]["size"] == pytest.approx(14)
    assert issued[2] == pytest.approx(LEFT + 14 / 16 * CHAR, abs=0.5)  # one 4号 character in
    assert issued[3] == pytest.approx(RIGHT - 14 / 16 * CHAR, abs=0.5)
    rules = [r for r in m.rules[last - 1] if r[2] - r[1] > 100]
    tops = sorted({round(r[0], 1): r for r in rules}.values())
    assert len(tops) == 3, tops
    for top, x0, x1, _, _ in tops:
        assert x0 == pytest.approx(LEFT, abs=0.5) and x1 == pytest.approx(RIGHT, abs=0.5)
        assert top > BOTTOM - 4 * PITCH
    assert [w for _, _, _, w, _ in tops] == pytest.approx([0.35, 0.25, 0.35], abs=0.05)
    assert tops[-1][0] == pytest.approx(BOTTOM, abs=1.0)  # the last rule is the text block's foot
    assert tops[0][0] < cc[0] < tops[1][0] < issued[0] < tops[2][0]
    for number, page_rows in enumerate(m.pages, 1):
        if not body_rows(page_rows):  # a blank page prints no page number either
            assert page_rows == [], number


@pytest.mark.parametrize("kind", KINDS)
def test_red_mark_number_and_rule_where_the_standard_puts_them(measured: dict[str, Measured], kind: str) -> None:
    m = measured[f"{kind}-unsealed"]
    page = m.pages[0]
    _, issuer = find([page], "江州市人民政府文件")
    _, number = find([page], "江府发〔2025〕12号")
    assert all(tuple(c["non_stroking_color"]) == RED for c in issuer[5])
    assert issuer[0] == pytest.approx(TOP + 35, abs=1.0)  # top edge 35 mm below the text block's top
    assert (issuer[2] + issuer[3]) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=1.0)
    # 发文字号 centred two blank lines under the mark: its em box 2 行 + half a line's leading below
    assert number[0] - issuer[1] == pytest.approx(2 * PITCH + (PITCH - 16 / MM) / 2, abs=1.0)
    assert (number[2] + number[3]) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=1.0)
    red = [r for r in m.rules[0] if r[4][:3] == RED]
    assert red, "a red rule"
    top, x0, x1, _, _ = red[0]
    assert top - number[1] == pytest.approx(4.0, abs=1.0)  # 4 mm below the 发文字号
    assert x0 == pytest.approx(LEFT, abs=0.5) and x1 == pytest.approx(RIGHT, abs=0.5)
    assert not any(RED in colours for colours in m.colours[1:]), "the 版头 is on page 1 only"


def test_nothing_red_without_issuer_and_the_banner_with_set(tmp_path: Path) -> None:
    plain = replace(NOTICE, header=None)
    for kind in KINDS:
        path = write(plain, kind, tmp_path / f"plain.{kind}")
        pdf = path if kind == "pdf" else lo_pdf(path, tmp_path / "profile")
        m = Measured(pdf)
        assert not any(RED in colours for colours in m.colours)
        assert not any(r[4][:3] == RED for page in m.rules for r in page)
        issued = styles.load("gongwen", ["header.issuer=江州市人民政府文件", "header.doc_number=江府发〔2025〕12号"])
        path = write(plain, kind, tmp_path / f"issued-{kind}.{kind}", issued)
        pdf = path if kind == "pdf" else lo_pdf(path, tmp_path / "profile")
        m = Measured(pdf)
        _, issuer = find(m.pages[:1], "江州市人民政府文件")
        assert all(tuple(c["non_stroking_color"]) == RED for c in issuer[5])
        find(m.pages[:1], "江府发〔2025〕12号")
        assert any(r[4][:3] == RED for r in m.rules[0])


def test_docx_parts_are_named_styles_with_borders_and_red(tmp_path: Path) -> None:
    path = write(NOTICE, "docx", tmp_path / "notice.docx")
    document = docx.Document(str(path))
    used = {p.style.name for p in document.paragraphs}
    for name in (
        "公文版头",
        "公文发文字号",
        "公文附件说明",
        "公文署名",
        "公文成文日期",
        "公文附注",
        "公文附件标识",
        "公文附件标题",
        "公文版记",
    ):
        assert name in used, name
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    banner = document.styles["公文版头"].element
    assert banner.find(f".//{w}color").get(f"{w}val") == "FF0000"
    number = next(p for p in document.paragraphs if p.style.name == "公文发文字号")
    border = number._p.find(f"{w}pPr/{w}pBdr/{w}bottom")
    assert border is not None and border.get(f"{w}color") == "FF0000"
    assert document.styles["公文附件标题"].element.find(f".//{w}outlineLvl").get(f"{w}val") == "0"
    heading = next(p for p in document.paragraphs if p.text == "一、分解原则")
    assert heading._p.find(f"{w}pPr/{w}outlineLvl").get(f"{w}val") == "1"  # under its attachment
    assert not list(document.element.body.iter(f"{w}drawing")), "rules are borders, not shapes"
    assert document.sections[-1].start_type == 3  # WD_SECTION.EVEN_PAGE: the 版记 on an even page


def test_pdf_attachments_are_top_level_bookmarks(tmp_path: Path) -> None:
    from pypdf import PdfReader

    outline = PdfReader(write(NOTICE, "pdf", tmp_path / "notice.pdf")).outline
    top = [item.title for item in outline if not isinstance(item, list)]
    assert top == [
        "一、稳定粮食播种面积",
        "二、抓好农资供应和农技服务",
        "三、做好防灾减灾工作",
        "附件1 江州市2025年春季粮食播种面积分解表",
        "附件2 江州市春季农业生产技术指导专家组名单及联系方式和有关工作要求",
    ]
    nested = [item for item in outline if isinstance(item, list)]
    assert [entry.title for entry in nested[-1]] == ["一、专家组组成", "二、工作要求"]


def test_epub_parts_semantic_and_valid(tmp_path: Path) -> None:
    path = write(NOTICE, "epub", tmp_path / "notice.epub")
    book = Book(path)
    pages = {href: book.xml(href) for href in book.spine()}
    html = "{http://www.w3.org/1999/xhtml}"
    ops = "{http://www.idpf.org/2007/ops}"
    headers = [e for x in pages.values() for e in x.iter(f"{html}header")]
    footers = [e for x in pages.values() for e in x.iter(f"{html}footer")]
    assert any("江州市人民政府文件" in "".join(h.itertext()) for h in headers)
    assert {f.get("class") for f in footers} == {"closing", "imprint"}
    appendices = [e for x in pages.values() for e in x.iter() if e.get(f"{ops}type") == "appendix"]
    assert len(appendices) == 2
    nav = book.xml(book.nav_href())
    top = nav.find(f".//{html}nav/{html}ol")
    labels = ["".join(li.find(f"{html}a").itertext()) for li in top.findall(f"{html}li")]
    assert labels[-2:] == [
        "附件1 江州市2025年春季粮食播种面积分解表",
        "附件2 江州市春季农业生产技术指导专家组名单及联系方式和有关工作要求",
    ]
    assert fold(book.text()) == fold("".join(NOTICE.text_pieces()))
    epubcheck = require_tool("epubcheck")
    java = require_tool("java")
    out = subprocess.run([java, "-jar", epubcheck, str(path)], capture_output=True, text=True, check=False)
    assert "0 fatals / 0 errors / 0 warnings" in out.stdout + out.stderr, out.stdout + out.stderr


def test_pdf_blank_page_before_an_imprint_that_cannot_share_an_even_page() -> None:
    """Body ending on a full even page: a blank page, the 版记 on the next even page, neither numbered."""
    empty = Line((), 0.0, 0.0, "", True)
    comp = PartsComposition()
    comp.blocks = [Block(lines=[empty] * 40, line_height=10.0), Block(lines=[empty] * 2, line_height=10.0)]
    comp.centres = [0.0, 0.0]
    comp.imprint = [1]
    pages, unnumbered = paginate_parts(comp, 200.0)
    assert len(pages) == 4 and pages[2] == [] and unnumbered == {3, 4}
    assert [p.top for p in pages[3]] == [180.0, 190.0]  # at the foot
    comp.blocks[0] = Block(lines=[empty] * 25, line_height=10.0)
    pages, unnumbered = paginate_parts(comp, 200.0)
    assert len(pages) == 2 and unnumbered == set()  # room on page 2, an even page: it goes there
    comp.blocks[0] = Block(lines=[empty] * 10, line_height=10.0)
    pages, unnumbered = paginate_parts(comp, 200.0)
    assert len(pages) == 2 and pages[0][-1].block == 0 and pages[1][0].block == 1 and unnumbered == set()


# --- nothing lost: v2 trees through every writer -------------------------------------------

WORDS = st.sampled_from(["发展", "改革", "2025年", "人民政府", "GDP", "工作", "通知", "（试行）", "安全", "3.5%"])


def text(min_size: int = 1, max_size: int = 8) -> st.SearchStrategy[str]:
    return st.lists(WORDS, min_size=min_size, max_size=max_size).map("".join)


@st.composite
def body(draw: st.DrawFn, depth: int = 1) -> tuple[Paragraph | Section, ...]:
    nodes: list[Paragraph | Section] = []
    for i in range(draw(st.integers(1, 3))):
        if depth < 3 and draw(st.booleans()):
            children = draw(body(depth + 1))
            nodes.append(
                Section(
                    depth, "一二三"[i] + "、" if depth == 1 else f"（{'一二三'[i]}）", draw(text()), children=children
                )
            )
        else:
            marker = draw(st.sampled_from(["", "（一）", "1．", "①"]))
            nodes.append(Paragraph(draw(text(2, 20)) + "。", marker=marker))
    return tuple(nodes)


@st.composite
def v2_documents(draw: st.DrawFn) -> Document:
    maybe = lambda s: draw(st.one_of(st.none(), s))  # noqa: E731
    header = None
    if draw(st.booleans()):
        header = Header(
            maybe(st.just("000123")),
            maybe(st.just("机密★1年")),
            maybe(st.just("特急")),
            maybe(text(2, 4).map(lambda t: t + "文件")),
            maybe(st.just("江府发〔2025〕12号")),
            tuple(draw(st.lists(text(1, 2), max_size=2))),
        )
    closing = None
    if draw(st.booleans()):
        notes = draw(st.lists(text(2, 10), max_size=3))
        closing = Closing(
            tuple(f"{i}.{n}" if len(notes) > 1 else n for i, n in enumerate(notes, 1)),
            tuple(draw(st.lists(text(1, 3), max_size=2))),
            maybe(st.just("2025年3月5日")),
            maybe(text(2, 5).map(lambda t: f"（{t}）")),
        )
    attachments = tuple(
        Attachment(f"附件{i}", draw(text(2, 12)), draw(body())) for i in range(1, draw(st.integers(0, 2)) + 1)
    )
    imprint = None
    if draw(st.booleans()):
        imprint = Imprint(
            maybe(text(2, 20).map(lambda t: t + "。")), maybe(text(1, 3)), maybe(st.just("2025年3月5日印发"))
        )
    return Document(
        title=draw(text(2, 10)) + "的通知",
        header=header,
        notes=tuple(draw(st.lists(text(), max_size=1))),
        salutation=maybe(text(1, 4).map(lambda t: t + "：")),
        children=draw(body()),
        closing=closing,
        attachments=attachments,
        imprint=imprint,
    )


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=v2_documents())
def test_every_v2_part_reaches_every_format(doc: Document, tmp_path_factory: pytest.TempPathFactory) -> None:
    expected = fold("".join(doc.text_pieces()))
    out = tmp_path_factory.mktemp("v2")
    for name, read in READERS.items():
        path = write(doc, name, out / f"doc{load_writer(name).suffix}")
        assert fold(read(path)) == expected, name


def test_signature_never_alone_on_a_page(tmp_path: Path) -> None:
    """Whatever the body's length, the signature's page shows at least two body lines above it (§8)."""
    require_tool("soffice")
    closing = Closing(signature=("江州市人民政府",), sign_date="2025年3月5日")
    last = Paragraph(
        "各地要密切关注天气变化，及时发布预警信息，制定完善应急预案，做好抗旱排涝、防御低温冻害等各项准备工作，最大限度减轻灾害损失。"
    )
    docx_paths, pdfs = [], {}
    for n in range(12, 34):
        body = (*(Paragraph(f"第{i:02d}段发展改革创新。") for i in range(n)), last)
        doc = Document(title="关于做好春季农业生产工作的通知", children=body, closing=closing)
        pdfs[n] = write(doc, "pdf", tmp_path / f"keep{n}.pdf")
        docx_paths.append(write(doc, "docx", tmp_path / f"keep{n}-docx.docx"))
    libreoffice_convert(list(docx_paths), tmp_path, "pdf", tmp_path / "profile", timeout=600)
    for n, pdf in pdfs.items():
        for kind, path in (("pdf", pdf), ("docx", tmp_path / f"keep{n}-docx.pdf")):
            pages = Measured(path).pages
            page, signature, _ = signature_and_date(pages)
            above = [r for r in body_rows(pages[page - 1]) if r[0] < signature[0]]
            assert len(above) >= 2, (kind, n)


def test_upward_document_number_left_and_signers_right(tmp_path: Path) -> None:
    """上行文: 发文字号 one character from the left, 签发人 one character from the right, one line (§12)."""
    header = Header(issuer="江州市人民政府文件", doc_number="江府报〔2025〕3号", signers=("张三", "李四"))
    doc = replace(NOTICE, header=header)
    pdf = write(doc, "pdf", tmp_path / "up.pdf")
    docx_pdf = lo_pdf(write(doc, "docx", tmp_path / "up-docx.docx"), tmp_path / "profile")
    for kind, path in (("pdf", pdf), ("docx", docx_pdf)):
        _, row = find(Measured(path).pages[:1], "江府报〔2025〕3号")
        assert row[4].endswith("签发人：张三　李四") or row[4].endswith("签发人：张三李四"), kind
        assert row[2] == pytest.approx(LEFT + CHAR, abs=0.5), kind
        assert row[3] == pytest.approx(RIGHT - CHAR, abs=0.5), kind


def text_block_chars(path: Path, page: styles.Page) -> str:
    """The characters a PDF draws inside the style's text block (running header and page numbers cut)."""
    with pdfplumber.open(path) as pdf:
        box = (0, page.top_mm * MM - 1, page.width_mm * MM, (page.height_mm - page.bottom_mm) * MM + 1)
        return "".join(c["text"] for p in pdf.pages for c in p.within_bbox(box).chars)


@pytest.mark.parametrize("name", ["handout", "ebook"])
def test_other_styles_render_every_part_their_way(tmp_path: Path, name: str) -> None:
    style = styles.load(name)
    expected = fold("".join(NOTICE.text_pieces()))
    readers = {**READERS, "pdf": lambda path: text_block_chars(path, style.page)}
    for fmt, read in readers.items():
        path = write(NOTICE, fmt, tmp_path / f"notice{load_writer(fmt).suffix}", style)
        assert fold(read(path)) == expected, fmt


@pytest.mark.parametrize("fmt", ["docx", "pdf", "epub"])
def test_parts_rebuild_byte_identical(tmp_path: Path, fmt: str) -> None:
    first = write(NOTICE, fmt, tmp_path / f"a.{fmt}", SEALED).read_bytes()
    assert write(NOTICE, fmt, tmp_path / f"b.{fmt}", SEALED).read_bytes() == first


def test_part_tables_are_optional_typed_and_checked(tmp_path: Path) -> None:
    sheet = tmp_path / "mine.toml"
    sheet.write_text('base = "gongwen"\n[closing]\nsealed = true\n', encoding="utf-8")
    style = styles.load(sheet)
    assert style.closing.sealed and style.header.issuer == "" and style.imprint.thick_mm == 0.35
    with pytest.raises(styles.StyleError, match=r"closing\.sealed"):
        styles.load("gongwen", ["closing.sealed=perhaps"])
    with pytest.raises(styles.StyleError, match=r"header\.colour"):
        styles.load("gongwen", ["header.colour=red"])
