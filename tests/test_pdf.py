"""The PDF writer, checked on the real file: poppler for text and positions, pypdf for structure."""

from __future__ import annotations

import itertools
import re
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import SAMPLE, require_tool
from docs import handmade, large
from pypdf import PdfReader

from converter import fonts, styles
from converter.layout.chars import NO_END, NO_START, SQUEEZE_AT_END
from converter.model import Document, Paragraph, Section
from converter.reading import parse_file
from converter.styles import MM_PER_PT
from converter.writers.base import WriteOptions, WriteResult
from converter.writers.pdf import PdfWriter

STYLE = styles.load("gongwen")
PAGE = STYLE.page
LEFT = PAGE.left_mm / MM_PER_PT
RIGHT = LEFT + PAGE.text_width_mm / MM_PER_PT
TOP = PAGE.top_mm / MM_PER_PT  # from the page top, as poppler measures
BOTTOM = TOP + PAGE.text_height_mm / MM_PER_PT
NS = "{http://www.w3.org/1999/xhtml}"
SIZE = STYLE.element("body").size_pt
# poppler ends a line's box at the last glyph's own advance (16 pt), not at its grid cell (15.79 pt)
OVER = SIZE - PAGE.char_pitch_pt
SQUEEZED_OVER = SIZE - PAGE.char_pitch_pt / 2


def flush_right(x1: float, text: str) -> bool:
    """The line's last cell ends on the text block's right edge (full or half-width last mark)."""
    return abs(x1 - RIGHT - OVER) < 0.05 or (text[-1] in SQUEEZE_AT_END and abs(x1 - RIGHT - SQUEEZED_OVER) < 0.05)


def build(doc: Document, path: Path) -> WriteResult:
    return PdfWriter().write(doc, STYLE, path, WriteOptions())


@pytest.fixture(scope="session")
def hand_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, WriteResult]:
    path = tmp_path_factory.mktemp("pdf") / "handmade.pdf"
    return path, build(handmade(), path)


@pytest.fixture(scope="session")
def large_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Document, WriteResult]:
    doc = large(100)
    path = tmp_path_factory.mktemp("pdf") / "large.pdf"
    return path, doc, build(doc, path)


def words(path: Path) -> dict[int, list[tuple[float, float, float, str]]]:
    """Per page (1-based): (yMin, xMin, xMax, text) of every word poppler finds."""
    tool = require_tool("pdftotext")
    out = subprocess.run([tool, "-bbox", str(path), "-"], capture_output=True, check=True).stdout
    pages: dict[int, list[tuple[float, float, float, str]]] = {}
    for number, page in enumerate(ET.fromstring(out).iter(f"{NS}page"), start=1):
        pages[number] = [
            (float(w.get("yMin")), float(w.get("xMin")), float(w.get("xMax")), w.text or "")
            for w in page.iter(f"{NS}word")
        ]
    return pages


def lines_of(page: list[tuple[float, float, float, str]]) -> list[tuple[float, float, float, str]]:
    """Words on one baseline joined into (y, xMin, xMax, text) lines, top to bottom."""
    rows: dict[float, list[tuple[float, float, str]]] = defaultdict(list)
    for y, x0, x1, text in page:
        rows[round(y, 1)].append((x0, x1, text))
    out = []
    for y in sorted(rows):
        row = sorted(rows[y])
        out.append((y, row[0][0], max(r[1] for r in row), "".join(r[2] for r in row)))
    return out


def body_lines(path: Path) -> dict[int, list[tuple[float, float, float, str]]]:
    return {n: [ln for ln in lines_of(ws) if ln[0] < BOTTOM] for n, ws in words(path).items()}


def plain_text(path: Path) -> str:
    """All text inside the text block (page numbers cropped away), whitespace removed.

    ``-raw`` reads in drawing order, which is reading order here, and keeps a hyphen at a
    line end (the default mode joins "COVID-" and "19" into "COVID19").
    """
    tool = require_tool("pdftotext")
    crop = ["-raw", "-x", "0", "-y", "0", "-W", "600", "-H", str(int(BOTTOM) + 2)]
    out = subprocess.run([tool, *crop, str(path), "-"], capture_output=True, check=True, text=True).stdout
    return re.sub(r"\s+", "", out)


def expected_text(doc: Document) -> str:
    return re.sub(r"\s+", "", "".join(doc.text_pieces()))


def test_every_character_comes_back_in_order(hand_pdf: tuple[Path, WriteResult]) -> None:
    path, result = hand_pdf
    assert plain_text(path) == expected_text(handmade())
    assert result.pages == len(PdfReader(path).pages)


def test_large_document_text_and_page_count(large_pdf: tuple[Path, Document, WriteResult]) -> None:
    path, doc, result = large_pdf
    assert plain_text(path) == expected_text(doc)
    assert result.pages == len(PdfReader(path).pages) > 300


def test_a4_and_fonts_embedded(hand_pdf: tuple[Path, WriteResult]) -> None:
    path, _ = hand_pdf
    for page in PdfReader(path).pages:
        assert float(page.mediabox.width) == pytest.approx(595.28, abs=0.1)
        assert float(page.mediabox.height) == pytest.approx(841.89, abs=0.1)
    out = subprocess.run([require_tool("pdffonts"), str(path)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows, out
    for row in rows:
        emb, sub, uni = row.split()[-5:-2]
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row


def test_rebuild_is_byte_identical(hand_pdf: tuple[Path, WriteResult], tmp_path: Path) -> None:
    path, _ = hand_pdf
    again = tmp_path / "again.pdf"
    build(handmade(), again)
    assert again.read_bytes() == path.read_bytes()


def test_metadata(hand_pdf: tuple[Path, WriteResult]) -> None:
    path, _ = hand_pdf
    info = PdfReader(path).metadata
    doc = handmade()
    assert info.title == doc.title
    assert info.author == doc.author
    assert info.creator == "converter"
    assert info.subject == "在全市XX工作会议上的讲话"
    assert info["/Keywords"].strip()
    assert info["/CreationDate"].startswith("D:20240101")


def test_one_bookmark_per_section_nested(hand_pdf: tuple[Path, WriteResult]) -> None:
    path, _ = hand_pdf
    reader = PdfReader(path)
    found: list[tuple[str, int]] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((item.title, depth))

    walk(reader.outline, 1)
    doc = handmade()
    wanted = [(n.marker + n.bare_heading, d) for n, d in doc.walk() if isinstance(n, Section)]
    assert found == wanted


def test_22_lines_a_page_and_clean_breaks(large_pdf: tuple[Path, Document, WriteResult]) -> None:
    path, _, _ = large_pdf
    pages = body_lines(path)
    counts = [len(lines) for lines in pages.values()]
    assert max(counts) == PAGE.lines
    inner = counts[1:-1]  # the title page and the last page are not full
    assert sum(c == PAGE.lines for c in inner) >= 0.9 * len(inner), counts
    pitch = PAGE.line_pitch_pt
    for lines in list(pages.values())[1:]:
        for (y0, *_), (y1, *_) in itertools.pairwise(lines):
            steps = (y1 - y0) / pitch
            assert steps == pytest.approx(round(steps), abs=0.01)  # every line on the 22-line grid
        for _, _, _, text in lines:
            assert text[0] not in NO_START, text
            assert text[-1] not in NO_END, text


def test_28_characters_on_full_body_lines(large_pdf: tuple[Path, Document, WriteResult]) -> None:
    path, _, _ = large_pdf
    checked = exact = 0
    for lines in body_lines(path).values():
        for line, nxt in itertools.pairwise(lines):
            _, x0, x1, text = line
            full = abs(x0 - LEFT) < 0.5 and flush_right(x1, text)
            if not full or not all(unicodedata.east_asian_width(c) in "WF" for c in text):
                continue
            checked += 1
            if len(text) == PAGE.chars:
                exact += 1
            elif len(text) == PAGE.chars + 1:  # a mark pulled back, squeezed to half width
                assert text[-1] in SQUEEZE_AT_END, text
            else:  # a character pushed down with the mark that may not start a line
                assert len(text) == PAGE.chars - 1, text
                assert nxt[3][1] in NO_START or text[-1] + nxt[3][0] in ("“", "‘") or nxt[3][0] in NO_END, (
                    text,
                    nxt[3],
                )
    assert checked > 1000
    assert exact >= 0.75 * checked


def test_justified_right_edges(large_pdf: tuple[Path, Document, WriteResult]) -> None:
    path, _, _ = large_pdf
    for lines in list(body_lines(path).values())[1:5]:
        for _, _, x1, text in lines:
            if x1 > RIGHT - 8 and unicodedata.east_asian_width(text[-1]) in "WF":  # not a short last line
                assert flush_right(x1, text), (x1, text)


def test_page_numbers_outside_edge(hand_pdf: tuple[Path, WriteResult], large_pdf: tuple) -> None:
    path = large_pdf[0]
    inset = STYLE.page_number.inset_chars * STYLE.page_number.size_pt
    for number, ws in list(words(path).items())[:6]:
        below = [w for w in ws if w[0] > BOTTOM]
        assert "".join(w[3] for w in below) == STYLE.page_number.text(number).replace(" ", "")
        # the last cell ends one char in; a proportional dash glyph may stop short of its cell
        if number % 2:
            assert RIGHT - inset - 2.0 < max(w[2] for w in below) < RIGHT - inset + 0.05
        else:
            assert min(w[1] for w in below) == pytest.approx(LEFT + inset, abs=0.05)
        dash_gap = min(w[0] for w in below) - BOTTOM
        assert 0 < dash_gap < STYLE.page_number.gap_mm / MM_PER_PT


def test_fallback_face_and_missing_glyph_warning(tmp_path: Path) -> None:
    kai, song = fonts.fallback_chain("kai")[0], fonts.bundled_face("song")
    only_song = sorted(set(fonts.coverage(song)) - set(fonts.coverage(kai)) - set(range(0x3000)))
    rare = next(chr(c) for c in only_song if unicodedata.category(chr(c)) == "Lo")
    missing = "\U000f0001"  # private use: no font has it
    doc = Document(title="标题", subtitle=f"——副标题{rare}", children=(Paragraph(f"正文{missing}。"),))
    path = tmp_path / "fallback.pdf"
    result = build(doc, path)
    assert rare in plain_text(path)
    assert any("U+F0001" in w for w in result.warnings), result.warnings
    assert not any(f"U+{ord(rare):04X}" in w for w in result.warnings)


@pytest.mark.slow
def test_sample_speech(tmp_path: Path) -> None:
    doc = parse_file(SAMPLE).document
    path = tmp_path / "sample.pdf"
    result = build(doc, path)
    assert path.stat().st_size <= 400_000
    assert plain_text(path) == expected_text(doc)
    assert result.pages and result.pages >= 2


def drawn_weights(path: Path) -> list[tuple[str, bool]]:
    """Every character the content streams draw, in drawing order, and whether it is drawn bold.

    Bold means a fill+stroke text render mode (2) or a font whose name says Bold; the render
    mode is followed as a PDF viewer does, through the graphics state across text objects.
    """
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams, LTChar
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    drawn: list[tuple[str, bool]] = []

    class Recorder(PDFPageAggregator):
        def render_string(self, textstate, seq, ncs, graphicstate) -> None:  # type: ignore[no-untyped-def]
            before = len(self.cur_item._objs)
            super().render_string(textstate, seq, ncs, graphicstate)
            for obj in self.cur_item._objs[before:]:
                if isinstance(obj, LTChar):
                    drawn.append((obj.get_text(), textstate.render == 2 or "bold" in obj.fontname.lower()))

    manager = PDFResourceManager()
    device = Recorder(manager, laparams=LAParams())
    interpreter = PDFPageInterpreter(manager, device)
    with path.open("rb") as fh:
        for page in PDFPage.get_pages(fh):
            interpreter.process_page(page)
    return drawn


@pytest.mark.slow
@pytest.mark.parametrize("style_name", ["gongwen", "handout", "ebook"])
def test_only_tree_marked_text_is_bold(style_name: str, tmp_path: Path) -> None:
    """Issue 12.1: a bold run at a line end left ``2 Tr`` on for the rest of the page."""
    from bold import bold_text, documents

    style = styles.load(style_name)
    # the title's 小标宋 face is a design face, not bold marking: compare with it set apart
    for name, doc in documents().items():
        path = tmp_path / f"{name}.pdf"
        PdfWriter().write(doc, style, path, WriteOptions())
        drawn = drawn_weights(path)
        title = re.sub(r"\s+", "", doc.title)
        bold = "".join(ch for ch, is_bold in drawn if is_bold and not ch.isspace())
        if bold.startswith(title) and not style.element("title").bold:
            bold = bold[len(title) :]
        assert bold == bold_text(doc, style), (style_name, name)
        assert any(is_bold for _, is_bold in drawn) or not bold_text(doc, style)


def test_body_is_set_in_fandol_fang_without_font_warnings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Issue 12.3: with no system CJK fonts the 仿宋 body is FandolFang and no build warns about fonts."""
    monkeypatch.setenv("CONVERTER_NO_SYSTEM_FONTS", "1")
    try:
        doc = parse_file(SAMPLE).document
        path = tmp_path / "sample.pdf"
        result = build(doc, path)
    finally:
        monkeypatch.undo()
    assert result.warnings == []
    out = subprocess.run([require_tool("pdffonts"), str(path)], capture_output=True, text=True, check=True).stdout
    names = [row.split()[0] for row in out.splitlines()[2:]]
    assert any(re.fullmatch(r"[A-Z]{6}\+FandolFang-Regular", name) for name in names), names
    body = STYLE.element("body")
    assert body.role == "fangsong"


def test_long_urls_addresses_and_words_stay_on_the_page(tmp_path: Path) -> None:
    """Issue 19.1: nothing is cut at the page edge; the forced breaks are reported."""
    import pdfplumber

    url = "https://www.example.gov.cn/zwgk/zcwj/2025/03/05/detail_20250305-flood-control-emergency-response.html?id=12345&type=notice"
    mail = "flood.control.office@example-government-department.gov.cn"
    word = "abcdefghij" * 2000
    doc = Document(
        title="关于做好防汛工作的通知",
        children=(Paragraph(f"详见{url}。联系邮箱：{mail}。"), Paragraph(f"长词{word}结束。")),
    )
    path = tmp_path / "long.pdf"
    result = build(doc, path)
    assert plain_text(path) == expected_text(doc)
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for ch in page.chars:
                assert ch["x0"] >= LEFT - 0.5 and ch["x1"] <= RIGHT + OVER + 0.5, (page.page_number, ch["text"])
    forced = [w for w in result.warnings if "too long for the line" in w]
    assert forced and "abcdefghij"[-3:] in forced[0]
    assert not any(url[:20] in w or mail[:10] in w for w in result.warnings)


@pytest.mark.parametrize("value", ["99999999999999", "-99999999999", "253402300800"])
def test_out_of_range_source_date_epoch_is_clamped_not_a_crash(
    value: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Issue 19.13: SOURCE_DATE_EPOCH past year 9999 made time.gmtime/strftime fail in every writer."""
    from converter.writers.base import load_writer

    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    doc = Document(title="标题", children=(Paragraph("正文。"),))
    for name in ("pdf", "docx", "epub"):
        result = load_writer(name).write(doc, STYLE, tmp_path / f"x.{name}", WriteOptions())
        assert any("outside 1980–2099" in w for w in result.warnings), (name, result.warnings)
    year = "2099" if not value.startswith("-") else "1980"
    assert PdfReader(tmp_path / "x.pdf").metadata["/CreationDate"].startswith(f"D:{year}")


def test_chapter_markers_spaces_and_language(tmp_path: Path) -> None:
    """Issue 12.6: 第二章　总体要求 keeps its ideographic space; U+2002 prints as a space the font has; /Lang."""
    import pdfplumber

    doc = Document(
        title="关于\u2002印发办法的通知",
        children=(
            Section(1, "第一章", "总则", False, (Paragraph("第一条　为了规范管理，制定本办法。"),)),
            Section(1, "第二章", "总体要求", False, (Paragraph("坚持党的领导。"),)),
        ),
    )
    path = tmp_path / "chapters.pdf"
    build(doc, path)
    assert PdfReader(path).trailer["/Root"]["/Lang"] == "zh-CN"
    with pdfplumber.open(path) as pdf:
        chars = [c for page in pdf.pages for c in page.chars]
    text = "".join(c["text"] for c in chars)
    assert "第二章\u3000总体要求" in text and "第一章\u3000总则" in text
    assert "\u2002" not in text and "关于 印发" in text
    zhang = next(i for i, c in enumerate(chars) if c["text"] == "章" and chars[i + 2]["text"] == "总")
    assert chars[zhang + 2]["x0"] - chars[zhang]["x0"] == pytest.approx(2 * PAGE.char_pitch_pt, abs=0.1)
    bookmarks = [item.title for item in PdfReader(path).outline]
    assert bookmarks == ["第一章\u3000总则", "第二章\u3000总体要求"]


def test_one_blank_line_between_title_and_salutation(tmp_path: Path) -> None:
    """Issue 12.5: the title's space after and the salutation's space before collapse into one line, as in the DOCX."""
    import pdfplumber

    doc = Document(title="关于做好防汛工作的通知", salutation="各区县人民政府：", children=(Paragraph("正文。"),))
    path = tmp_path / "gap.pdf"
    build(doc, path)
    with pdfplumber.open(path) as pdf:
        chars = pdf.pages[0].chars
    title_size, body_size = STYLE.element("title").size_pt, STYLE.element("salutation").size_pt
    title_centre = next(c for c in chars if c["text"] == "关")
    title_centre = (title_centre["top"] + title_centre["bottom"]) / 2
    sal = next(c for c in chars if c["text"] == "各")
    sal_centre = (sal["top"] + sal["bottom"]) / 2
    title_line = STYLE.element("title").line_height_pt
    gap = max(STYLE.element("title").space_after_lines, STYLE.element("salutation").space_before_lines)
    expected = title_line / 2 + gap * PAGE.line_pitch_pt + PAGE.line_pitch_pt / 2
    assert sal_centre - title_centre == pytest.approx(expected, abs=1.5), (title_size, body_size)


def test_rare_hanzi_hangul_symbols_and_marks_print_and_the_rest_is_a_visible_placeholder(tmp_path: Path) -> None:
    """Issue 19.3: characters the role faces lack are drawn by bundled fallback faces (subset into the
    PDF); what no face has is a visible □ that still copies as the character, and is reported."""
    text = "生僻字𠀀𪚥䶮𫟅、韩文한국어、符号☯♞、组合é̃、表情😀结束。"
    doc = Document(title="标题", children=(Paragraph(text),))
    path = tmp_path / "fallback.pdf"
    result = build(doc, path)
    missing = [w for w in result.warnings if "no font has a glyph" in w]
    assert len(missing) == 1 and "U+1F600" in missing[0] and "□" in missing[0], result.warnings
    for ch in "𠀀𪚥䶮𫟅한☯♞\u0303":
        assert f"U+{ord(ch):04X}" not in missing[0]
    assert plain_text(path) == expected_text(doc)  # the placeholder's /ActualText gives 😀 back
    out = subprocess.run([require_tool("pdffonts"), str(path)], capture_output=True, text=True, check=True).stdout
    names = {row.split()[0].split("+")[-1] for row in out.splitlines()[2:]}
    assert {"ConverterExtB-Regular", "ConverterHangul-Regular"} <= names, names
    assert path.stat().st_size < 200_000  # fallback faces are embedded as subsets
    raw = b"".join(page.get_contents().get_data() for page in PdfReader(path).pages)
    assert b"/ActualText" in raw


def test_a_4096_character_title_is_laid_out_whole(tmp_path: Path) -> None:
    """Issue 11: a first line of 4,096 characters (a file with no line breaks) becomes a long title."""
    title = "关于" + "进一步加强安全生产工作" * 372 + "的通"
    doc = Document(title=title, children=(Paragraph("正文。"),))
    path = tmp_path / "title.pdf"
    result = build(doc, path)
    assert result.pages and result.pages > 1
    assert plain_text(path) == expected_text(doc)
