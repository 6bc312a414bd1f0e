"""Style sheets: the built-in sheets, inheritance, ``--set`` overrides, and what handout/ebook change
in the REAL outputs (DOCX parts, PDF page geometry through pdfplumber, the EPUB and epubcheck).
"""

from __future__ import annotations

import copy
import dataclasses
import itertools
import json
import re
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import docx
import pdfplumber
import pytest
from conftest import SAMPLE, require_tool
from docs import handmade
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from test_docx import render
from test_epub import JVM_FLAGS, Book

from converter import styles
from converter.app.pipeline import build_one
from converter.model import Document
from converter.styles import MM_PER_PT, StyleError
from converter.writers.base import WriteOptions
from converter.writers.docx import DocxWriter
from converter.writers.epub import EpubWriter
from converter.writers.epub.settings import epub_settings
from converter.writers.pdf import PdfWriter

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MEETING, DATE = "全市经济工作会议", "2025年3月5日"
HANDOUT_SET = [f"page.header_meeting={MEETING}", f"page.header_date={DATE}"]
TWIPS_PER_MM = 1440 / 25.4


def load_sheet(name: str) -> dict:
    import tomllib

    return tomllib.loads((styles.STYLES_DIR / f"{name}.toml").read_text(encoding="utf-8"))


# ------------------------------------------------------------------ the sheets


def test_three_builtin_sheets_load() -> None:
    assert {"gongwen", "handout", "ebook"} <= set(styles.available())
    for name in ("gongwen", "handout", "ebook"):
        style = styles.load(name)
        assert style.name == name and style.description
        epub_settings(style)  # every sheet carries a complete [epub] table


@pytest.mark.parametrize("name", ["handout", "ebook"])
def test_derived_sheets_list_only_changes_and_inherit_the_rest(name: str) -> None:
    own = load_sheet(name)
    assert own["base"] == "gongwen"
    base, style = styles.load("gongwen"), styles.load(name)
    assert style.roles == base.roles and style.latin_family == base.latin_family
    assert style.raw["docx"] == base.raw["docx"]
    assert style.raw["epub"]["cover"] == base.raw["epub"]["cover"]
    # what the sheet does not name is gongwen's; what it names is its own
    for table in ("page", "page_number"):
        for key, value in vars(getattr(style, table)).items():
            expected = own.get(table, {}).get(key, getattr(getattr(base, table), key))
            assert value == (style.page.chars if expected == "fit" else expected), f"{table}.{key}"
    for element, values in own["elements"].items():
        for key, value in values.items():
            assert getattr(style.element(element), key) == value, f"elements.{element}.{key}"
    assert style.element("title").role == base.element("title").role


def test_handout_sheet_figures() -> None:
    style, base = styles.load("handout"), styles.load("gongwen")
    page = style.page
    assert style.element("body").size_pt == 14.0  # 4号
    assert {style.heading(n).size_pt for n in range(1, 5)} == {14.0}
    assert 18 <= page.lines <= 20 and page.lines < base.page.lines
    assert page.line_pitch_pt > base.page.line_pitch_pt  # looser lines
    # chars follow from the text width at 14 pt: as many whole characters as fit
    assert page.chars == int(page.text_width_mm / MM_PER_PT // 14.0)
    assert 45.0 <= page.right_mm <= 50.0 and page.right_mm > page.left_mm
    assert page.header_label == "会议材料" and page.header_parts == ("会议材料", "")
    assert style.page_number.placement == "center"
    # the title's longest line fits the narrower text block
    title = style.element("title")
    assert title.max_line_chars * page.char_pitch_pt * title.size_pt / 14.0 <= page.text_width_mm / MM_PER_PT


def test_ebook_sheet_figures() -> None:
    style = styles.load("ebook")
    settings = epub_settings(style)
    assert settings.embed_fonts is True and 1.5 <= settings.line_height <= 2.0
    assert (style.page.width_mm, style.page.height_mm) == (148.0, 210.0)
    assert style.page_number.text(7) == "7" and style.page_number.placement == "center"
    assert style.element("body").size_pt == 12.0
    assert style.page.chars == int(style.page.text_width_mm / MM_PER_PT // 12.0)  # as LibreOffice fills a line
    # the PDF's line pitch is the EPUB's line height, within a few percent
    assert abs(style.page.line_pitch_pt / 12.0 - settings.line_height) < 0.05


# ------------------------------------------------------------------ overrides and errors


def test_good_overrides_apply() -> None:
    style = styles.load("gongwen", ["page.lines=20", "elements.point.bold=no", *HANDOUT_SET])
    assert style.page.lines == 20 and style.element("point").bold is False
    assert style.page.header_parts == ("", f"{MEETING}\u3000{DATE}")
    assert styles.load("handout", ["page_number.placement=outside"]).page_number.placement == "outside"


@pytest.mark.parametrize(
    ("override", "named"),
    [
        ("page.linez=3", "page.linez"),
        ("pagee.lines=3", "pagee"),
        ("elements.body.sizept=12", "elements.body.sizept"),
    ],
)
def test_unknown_key_is_named(override: str, named: str) -> None:
    with pytest.raises(StyleError, match=f"'{named}'"):
        styles.load("handout", [override])


@pytest.mark.parametrize(
    ("override", "key", "kind"),
    [
        ("page.lines=abc", "page.lines", "int"),
        ("page.header_size_pt=big", "page.header_size_pt", "float"),
        ("epub.embed_fonts=maybe", "epub.embed_fonts", "bool"),
    ],
)
def test_wrong_type_names_key_and_type(override: str, key: str, kind: str) -> None:
    with pytest.raises(StyleError) as info:
        styles.load("ebook", [override])
    assert f"'{key}'" in str(info.value) and kind in str(info.value)


def test_override_without_equals_sign() -> None:
    with pytest.raises(StyleError, match="key=value"):
        styles.load("gongwen", ["page.lines"])


def test_user_sheet_with_base(tmp_path: Path) -> None:
    sheet = tmp_path / "mine.toml"
    sheet.write_text(
        'base = "handout"\nname = "mine"\n[page]\nlines = 18\n[elements.body]\nrole = "kai"\n', encoding="utf-8"
    )
    style = styles.load(str(sheet), ["page.header_date=2025年3月5日"])
    assert (style.name, style.page.lines, style.element("body").role) == ("mine", 18, "kai")
    assert style.page.header_parts == ("会议材料", "2025年3月5日")  # handout's label, my date
    assert style.page.right_mm == styles.load("handout").page.right_mm
    assert style.page.top_mm == styles.load("handout").page.top_mm


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[page\nlines = 3\n", "not valid TOML"),
        ('base = "nosuch"\n', "unknown style 'nosuch'"),
        ('base = "gongwen"\n[page]\nlinez = 3\n', "linez"),
        ('base = "gongwen"\n[elements.body]\nrole = "comic"\n', "body.role"),
    ],
)
def test_bad_user_sheet(tmp_path: Path, text: str, message: str) -> None:
    sheet = tmp_path / "bad.toml"
    sheet.write_text(text, encoding="utf-8")
    with pytest.raises(StyleError, match=message):
        styles.load(sheet)


def test_missing_sheet_and_unknown_name(tmp_path: Path) -> None:
    with pytest.raises(StyleError, match="not found"):
        styles.load(tmp_path / "absent.toml")
    with pytest.raises(StyleError, match=r"did you mean 'handout'\?; known styles: .*handout"):
        styles.load("handbook")


# ------------------------------------------------------------------ real outputs


@pytest.fixture(scope="module")
def handout(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample built with ``-s handout`` and the meeting name and date set."""
    out = tmp_path_factory.mktemp("handout")
    style = styles.load("handout", HANDOUT_SET)
    result = build_one(SAMPLE, "sample", ["docx", "pdf"], style, out, WriteOptions())
    assert result.error is None, result.error
    return {o.format: o.path for o in result.outputs}


def _xml(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def test_docx_header_on_every_page(handout: dict[str, Path]) -> None:
    document = docx.Document(str(handout["docx"]))
    section = document.sections[0]
    assert not section.header.is_linked_to_previous
    assert [p.text for p in section.header.paragraphs] == [f"会议材料\t{MEETING}\u3000{DATE}"]
    assert section.header.paragraphs[0].style.name == "公文页眉"
    assert not document.settings.odd_and_even_pages_header_footer  # centred numbers: one footer, one header
    # the header style: the sheet's size, a right tab at the text block's edge, a rule below
    styles_root = _xml(handout["docx"], "word/styles.xml")
    header = styles_root.find(f"{W}style[@{W}styleId='GwHeader']")
    page = styles.load("handout").page
    assert header.find(f"{W}rPr/{W}sz").get(f"{W}val") == "21"
    tab = header.find(f"{W}pPr/{W}tabs/{W}tab")
    assert tab.get(f"{W}val") == "right"
    assert abs(int(tab.get(f"{W}pos")) - page.text_width_mm * TWIPS_PER_MM) <= 2
    assert header.find(f"{W}pPr/{W}pBdr/{W}bottom").get(f"{W}sz") == "4"  # 0.5 pt


def test_docx_body_size_geometry_and_centred_number(handout: dict[str, Path]) -> None:
    page = styles.load("handout").page
    styles_root = _xml(handout["docx"], "word/styles.xml")
    for style_id in ("GwBody", "GwHeading1", "GwHeading2"):
        node = styles_root.find(f"{W}style[@{W}styleId='{style_id}']")
        assert node.find(f"{W}rPr/{W}sz").get(f"{W}val") == "28", style_id
    section = docx.Document(str(handout["docx"])).sections[0]
    for got, mm in (
        (section.page_width, page.width_mm),
        (section.page_height, page.height_mm),
        (section.top_margin, page.top_mm),
        (section.bottom_margin, page.bottom_mm),
        (section.left_margin, page.left_mm),
        (section.right_margin, page.right_mm),
    ):
        assert abs(got.mm - mm) < 0.05
    grid = section._sectPr.find(f"{W}docGrid")
    assert int(grid.get(f"{W}linePitch")) == int(page.text_height_mm * TWIPS_PER_MM) // page.lines
    footer = section.footer.paragraphs[0]
    assert footer._p.find(f"{W}pPr/{W}jc").get(f"{W}val") == "center"
    assert "PAGE" in "".join(t.text for t in footer._p.iter(f"{W}instrText"))


def _chars_by_line(page: pdfplumber.page.Page, size: float) -> dict[float, list[dict]]:
    rows: dict[float, list[dict]] = {}
    for ch in page.chars:
        if abs(ch["size"] - size) < 0.01 and ch["text"].strip():
            rows.setdefault(round(ch["bottom"], 1), []).append(ch)
    return rows


def test_pdf_header_rule_number_and_grid(handout: dict[str, Path]) -> None:
    style = styles.load("handout")
    page = style.page
    left, right = page.left_mm / MM_PER_PT, (page.width_mm - page.right_mm) / MM_PER_PT
    block_top, block_bottom = page.top_mm / MM_PER_PT, (page.height_mm - page.bottom_mm) / MM_PER_PT
    with pdfplumber.open(handout["pdf"]) as pdf:
        assert len(pdf.pages) > 2
        for number, p in enumerate(pdf.pages, start=1):
            above = sorted((c for c in p.chars if c["bottom"] < block_top), key=lambda c: c["x0"])
            header = "".join(c["text"] for c in above).replace(" ", "")
            assert header == f"会议材料{MEETING}\u3000{DATE}".replace(" ", ""), number
            assert all(abs(c["size"] - page.header_size_pt) < 0.01 for c in above)
            assert abs(above[0]["x0"] - left) < 0.5 and abs(above[-1]["x1"] - right) < 1.0
            centre = (above[0]["top"] + above[0]["bottom"]) / 2
            assert abs(block_top - centre - page.header_gap_mm / MM_PER_PT) < 1.0
            rules = [ln for ln in p.lines if abs(ln["x0"] - left) < 0.1 and abs(ln["x1"] - right) < 0.1]
            assert len(rules) == 1 and max(c["bottom"] for c in above) < rules[0]["top"] < block_top
            assert abs(rules[0]["linewidth"] - page.header_rule_pt) < 0.01
            below = sorted((c for c in p.chars if c["top"] > block_bottom), key=lambda c: c["x0"])
            assert "".join(c["text"] for c in below).replace(" ", "") == f"—{number}—"
            # centred under the text block (as Word centres between the margins), not on the sheet
            middle = (below[0]["x0"] + below[-1]["x1"]) / 2
            assert abs(middle - (left + right) / 2) < 1.0, f"page {number}: number centred at {middle}"
        # body lines on the sheet's pitch, at most `chars` characters, some full
        first = pdf.pages[1]
        rows = _chars_by_line(first, style.element("body").size_pt)
        tops = sorted(rows)
        steps = Counter(round(b - a, 1) for a, b in itertools.pairwise(tops))
        assert abs(steps.most_common(1)[0][0] - page.line_pitch_pt) < 0.15
        assert len(tops) >= page.lines - 2
        widths = Counter(len(r) for r in rows.values())  # a squeezed 。， can pull in one more
        assert widths.most_common(1)[0][0] == page.chars


def test_pdf_nothing_lost_with_header(handout: dict[str, Path]) -> None:
    from converter.reading import parse_file

    doc = parse_file(SAMPLE).document
    page = styles.load("handout").page
    block_top, block_bottom = page.top_mm / MM_PER_PT, (page.height_mm - page.bottom_mm) / MM_PER_PT
    text = []
    with pdfplumber.open(handout["pdf"]) as pdf:
        for p in pdf.pages:
            inside = p.within_bbox((0, block_top, float(p.width), block_bottom))
            text.append("".join(inside.extract_text().split()))
    assert "".join(text) == "".join("".join(doc.text_pieces()).split())


@pytest.mark.slow
def test_docx_header_printed_by_libreoffice(handout: dict[str, Path], tmp_path: Path) -> None:
    require_tool("soffice")
    pdf_path = render(handout["docx"], tmp_path / "profile")
    page = styles.load("handout").page
    block_top = page.top_mm / MM_PER_PT
    with pdfplumber.open(pdf_path) as pdf:
        first = pdf.pages[0]
        above = [c for c in first.chars if c["bottom"] < block_top]
        assert "会议材料" in "".join(c["text"] for c in above)
        assert MEETING in "".join(c["text"] for c in above)
        below = [c for c in first.chars if c["top"] > (page.height_mm - page.bottom_mm) / MM_PER_PT]
        middle = (min(c["x0"] for c in below) + max(c["x1"] for c in below)) / 2
        assert abs(middle - (page.left_mm + page.width_mm - page.right_mm) / 2 / MM_PER_PT) < 2.0


def test_no_header_unless_the_sheet_asks(tmp_path: Path) -> None:
    doc = handmade()
    plain = styles.load("gongwen")
    path = tmp_path / "plain.docx"
    DocxWriter().write(doc, plain, path, WriteOptions())
    with zipfile.ZipFile(path) as z:
        assert not [n for n in z.namelist() if n.startswith("word/header")]
    PdfWriter().write(doc, plain, tmp_path / "plain.pdf", WriteOptions())
    with pdfplumber.open(tmp_path / "plain.pdf") as pdf:
        top = plain.page.top_mm / MM_PER_PT
        assert not [c for c in pdf.pages[0].chars if c["bottom"] < top] and not pdf.pages[0].lines


def test_label_with_odd_even_numbers_fills_both_headers(tmp_path: Path) -> None:
    style = styles.load("gongwen", ["page.header_label=内部资料\x01", "page.header_rule_pt=0"])
    path = tmp_path / "gw.docx"
    result = DocxWriter().write(handmade(), style, path, WriteOptions())
    document = docx.Document(str(path))
    section = document.sections[0]
    assert document.settings.odd_and_even_pages_header_footer
    assert [p.text for p in section.header.paragraphs] == ["内部资料"]
    assert [p.text for p in section.even_page_header.paragraphs] == ["内部资料"]
    assert any("page header" in w and "U+0001" in w for w in result.warnings)
    header = _xml(path, "word/styles.xml").find(f"{W}style[@{W}styleId='GwHeader']")
    assert header.find(f"{W}pPr/{W}pBdr") is None


def test_overlong_header_runs_upwards_in_pdf(tmp_path: Path) -> None:
    style = styles.load("handout", [f"page.header_meeting={'很长的会议名称' * 8}"])
    path = tmp_path / "long.pdf"
    result = PdfWriter().write(Document(title="题"), style, path, WriteOptions())
    assert any("longer than one line" in w for w in result.warnings)
    with pdfplumber.open(path) as pdf:
        p = pdf.pages[0]
        block_top = style.page.top_mm / MM_PER_PT
        above = [c for c in p.chars if c["bottom"] < block_top]
        assert len({round(c["bottom"]) for c in above}) == 2
        assert p.lines and max(c["bottom"] for c in above) < p.lines[0]["top"]


@pytest.mark.parametrize("name", ["handout", "ebook"])
def test_rebuild_is_byte_identical(name: str, tmp_path: Path) -> None:
    style = styles.load(name, HANDOUT_SET)
    for writer in (DocxWriter(), PdfWriter()):
        first, second = tmp_path / f"a{writer.suffix}", tmp_path / f"b{writer.suffix}"
        writer.write(handmade(), style, first, WriteOptions())
        writer.write(handmade(), style, second, WriteOptions())
        assert first.read_bytes() == second.read_bytes()


# ------------------------------------------------------------------ ebook


@pytest.fixture(scope="module")
def ebook(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("ebook")
    result = build_one(SAMPLE, "sample", ["epub", "pdf"], styles.load("ebook"), out, WriteOptions())
    assert result.error is None, result.error
    return {o.format: o.path for o in result.outputs}


def test_ebook_epub_embeds_fonts_and_follows_the_sheet(ebook: dict[str, Path]) -> None:
    settings = epub_settings(styles.load("ebook"))
    book = Book(ebook["epub"])
    fonts = [i for i in book.manifest.values() if i.get("media-type") in ("font/ttf", "font/otf")]
    assert fonts and all(book.read(i.get("href"))[:4] in (b"\x00\x01\x00\x00", b"OTTO") for i in fonts)
    css = book.css()
    body_rule = css[css.index("\nbody {") :]
    body_rule = body_rule[: body_rule.index("}")]
    assert f"line-height: {settings.line_height};" in body_rule
    assert f"margin: 0 {settings.margin_em}em;" in body_rule
    assert css.count("@font-face") == len(fonts)


@pytest.mark.slow
def test_ebook_epub_passes_epubcheck(ebook: dict[str, Path]) -> None:
    java, jar = require_tool("java"), require_tool("epubcheck")
    report = ebook["epub"].with_suffix(".json")
    run = subprocess.run(
        [java, *JVM_FLAGS, "-jar", jar, str(ebook["epub"]), "--json", str(report)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    checker = json.loads(report.read_text(encoding="utf-8"))
    problems = [f"{m['ID']} {m['severity']}: {m['message']}" for m in checker["messages"]]
    assert not problems, "\n".join(problems) or run.stdout


def test_ebook_pdf_is_a5_with_plain_centred_numbers(ebook: dict[str, Path]) -> None:
    style = styles.load("ebook")
    with pdfplumber.open(ebook["pdf"]) as pdf:
        for number, p in enumerate(pdf.pages, start=1):
            assert abs(float(p.width) - 148 / MM_PER_PT) < 0.1 and abs(float(p.height) - 210 / MM_PER_PT) < 0.1
            bottom = (style.page.height_mm - style.page.bottom_mm) / MM_PER_PT
            below = [c for c in p.chars if c["top"] > bottom]
            assert "".join(c["text"] for c in below) == str(number)
            middle = (min(c["x0"] for c in below) + max(c["x1"] for c in below)) / 2
            assert abs(middle - float(p.width) / 2) < 1.0
            assert not [c for c in p.chars if c["bottom"] < style.page.top_mm / MM_PER_PT]  # no header
        rows = _chars_by_line(pdf.pages[1], 12.0)
        assert Counter(len(r) for r in rows.values()).most_common(1)[0][0] == style.page.chars


def test_override_reaches_a_field_the_sheet_leaves_at_its_default() -> None:
    style = styles.load("gongwen", ["elements.heading2.bold=true"])
    assert style.heading(2).bold is True
    with pytest.raises(styles.StyleError, match=r"elements\.heading2\.bolt"):
        styles.load("gongwen", ["elements.heading2.bolt=true"])


def test_a_bad_header_role_is_named() -> None:
    with pytest.raises(styles.StyleError, match=r"page\.header_role"):
        styles.load("gongwen", ["page.header_role=fancy"])


def test_a_broken_base_sheet_is_a_style_error(tmp_path: Path) -> None:
    base = tmp_path / "base.toml"
    base.write_text("name = [unclosed", encoding="utf-8")
    child = tmp_path / "child.toml"
    child.write_text(f'base = "{base.as_posix()}"\n', encoding="utf-8")
    with pytest.raises(styles.StyleError, match="not valid TOML"):
        styles.load(child)


# ------------------------------------------------------------------ typed tables: every key checked at load


def _sheet(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("table", "typo", "meant"),
    [
        ("docx", "gird", "docx.grid"),
        ("pdf", "keywordz", "pdf.keywords"),
        ("epub", "line_heigth", "epub.line_height"),
        ("epub.cover", "widht_px", "epub.cover.width_px"),
        ("elements.body", "size_tp", "elements.body.size_pt"),
        ("roles.song", "dcox", "roles.song.docx"),
        ("page_number", "placment", "page_number.placement"),
        ("latin", "familly", "latin.family"),
    ],
)
def test_unknown_key_in_any_table_is_refused_with_the_closest_name(
    tmp_path: Path, table: str, typo: str, meant: str
) -> None:
    sheet = _sheet(tmp_path, f'base = "gongwen"\n[{table}]\n{typo} = 1\n')
    with pytest.raises(StyleError) as info:
        styles.load(sheet)
    message = str(info.value)
    assert f"'{table}.{typo}'" in message and f"did you mean '{meant}'?" in message
    assert "converter styles gongwen" in message


@pytest.mark.parametrize(
    ("override", "named", "meant"),
    [
        ("page.line=20", "page.line", "page.lines"),
        ("pdf.keyword=3", "pdf.keyword", "pdf.keywords"),
        ("elements.bodi.size_pt=12", "elements.bodi", "elements.body"),
        ("epub.cover.widthpx=800", "epub.cover.widthpx", "epub.cover.width_px"),
        ("paeg.lines=20", "paeg", "page"),
    ],
)
def test_unknown_override_names_the_closest_key(override: str, named: str, meant: str) -> None:
    with pytest.raises(StyleError) as info:
        styles.load("gongwen", [override])
    assert f"'{named}'; did you mean '{meant}'?" in str(info.value)
    assert "converter styles gongwen" in str(info.value)


@pytest.mark.parametrize(
    ("override", "key"),
    [
        ("page.lines=99999999999999999999999", "page.lines"),
        ("page.lines=0", "page.lines"),
        ("elements.title.line_height_pt=0", "elements.title.line_height_pt"),
        ("elements.body.size_pt=-16", "elements.body.size_pt"),
        ("elements.body.space_after_lines=-1", "elements.body.space_after_lines"),
        ("page.width_mm=-210", "page.width_mm"),
        ("page.height_mm=100000", "page.height_mm"),
        ("page.width_mm=inf", "page.width_mm"),
        ("page.height_mm=nan", "page.height_mm"),
        ("page_number.placement=diagonal", "page_number.placement"),
        ("page_number.format={n:>300000000}", "page_number.format"),
        ("page_number.format=page", "page_number.format"),
        ("page_number.format={n}{m}", "page_number.format"),
        ("page_number.format={n", "page_number.format"),
        ("epub.cover.width_px=100000", "epub.cover.width_px"),
        ("epub.cover.background=red", "epub.cover.background"),
        ("epub.line_height=0", "epub.line_height"),
        ("docx.grid=chars", "docx.grid"),
        ("docx.keywords=-1", "docx.keywords"),
        ("pdf.fake_bold_stroke_em=5", "pdf.fake_bold_stroke_em"),
        ("latin.family= ", "latin.family"),
    ],
)
def test_impossible_values_are_refused_at_load(override: str, key: str) -> None:
    with pytest.raises(StyleError) as info:
        styles.load("gongwen", [override])
    assert f"'{key}'" in str(info.value)


def test_a_misspelt_choice_gets_a_suggestion() -> None:
    with pytest.raises(StyleError, match=r"did you mean 'center'\?.*choices: outside, center"):
        styles.load("gongwen", ["page_number.placement=centre"])


@pytest.mark.parametrize(
    ("text", "key", "needs"),
    [
        ('[page]\nlines = "22"\n', "page.lines", "a whole number"),
        ("[page]\nlines = 22.5\n", "page.lines", "a whole number"),
        ("[page]\nwidth_mm = true\n", "page.width_mm", "a number"),
        ("[elements.body]\nbold = 1\n", "elements.body.bold", "true or false"),
        ('[roles.song]\ncss = "SimSun"\n', "roles.song.css", "a list of text"),
        ("page = 3\n", "page", "table"),
        ("[epub]\ncover = 3\n", "epub.cover", "table"),
    ],
)
def test_a_value_of_the_wrong_type_in_a_sheet_is_named(tmp_path: Path, text: str, key: str, needs: str) -> None:
    with pytest.raises(StyleError) as info:
        styles.load(_sheet(tmp_path, 'base = "gongwen"\n' + text))
    assert f"'{key}'" in str(info.value) and needs in str(info.value)


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        (["page.left_mm=100", "page.right_mm=100"], "text block"),
        (["page.top_mm=5"], "page.top_mm"),
        (["page_number.gap_mm=40"], "page.bottom_mm"),
        (["elements.body.indent_chars=2", "page.chars=2"], "elements.body.indent_chars"),
        (["epub.cover.margin_px=600"], "epub.cover.margin_px"),
    ],
)
def test_values_impossible_together_are_refused(overrides: list[str], words: str) -> None:
    with pytest.raises(StyleError, match=re.escape(words)):
        styles.load("gongwen", overrides)


def test_a_base_chain_that_loops_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text('base = "b.toml"\n', encoding="utf-8")
    (tmp_path / "b.toml").write_text('base = "a.toml"\n', encoding="utf-8")
    with pytest.raises(StyleError, match=r"loops: a\.toml → b\.toml → a\.toml"):
        styles.load(tmp_path / "a.toml")
    (tmp_path / "self.toml").write_text('base = "self.toml"\n', encoding="utf-8")
    with pytest.raises(StyleError, match="loops"):
        styles.load(tmp_path / "self.toml")
    with pytest.raises(StyleError, match="'base'"):
        styles.load(_sheet(tmp_path, "base = 3\n"))


def test_a_sheet_that_is_not_a_small_regular_file_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    big.write_text("# " + "x" * (2 << 20) + "\n", encoding="utf-8")
    with pytest.raises(StyleError, match="regular file"):
        styles.load(big)
    with pytest.raises(StyleError):
        styles.load(tmp_path)  # a folder


def _every_key(table: dict, prefix: str = "") -> list[tuple[str, object]]:
    keys = []
    for key, value in table.items():
        if isinstance(value, dict):
            keys += _every_key(value, f"{prefix}{key}.")
        else:
            keys.append((f"{prefix}{key}", value))
    return keys


def _as_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return ",".join(value) if isinstance(value, list) else str(value)


def test_set_reaches_every_key_a_sheet_holds() -> None:
    """Each key of the complete sheet, set to its own value, gives the same style; one changed value lands."""
    base = styles.load("ebook")
    keys = _every_key(base.raw)
    assert len(keys) > 130 and ("pdf.keywords", 8) in keys and ("epub.cover.width_px", 1200) in keys
    for key, value in keys:
        assert styles.load("ebook", [f"{key}={_as_text(value)}"]) == base, key
    assert styles.load("gongwen", ["pdf.keywords=3"]).pdf.keywords == 3
    assert styles.load("gongwen", ["elements.title.max_line_chars=12"]).element("title").max_line_chars == 12
    assert styles.load("gongwen", ["roles.kai.css=KaiTi,serif"]).roles["kai"].css == ("KaiTi", "serif")
    with pytest.raises(StyleError, match="is a table"):
        styles.load("gongwen", ["epub.cover=3"])


def test_set_pdf_keywords_reaches_the_pdf(tmp_path: Path) -> None:
    import pypdf

    style = styles.load("gongwen", ["pdf.keywords=3"])
    PdfWriter().write(parse_sample(), style, tmp_path / "k.pdf", WriteOptions())
    keywords = pypdf.PdfReader(tmp_path / "k.pdf").metadata["/Keywords"]
    assert len(keywords.split(", ")) == 3


def parse_sample() -> Document:
    from converter.reading import parse_file

    return parse_file(SAMPLE).document


@pytest.mark.parametrize("name", ["gongwen", "handout", "ebook"])
def test_explain_shows_every_key_with_type_and_unit_and_loads_back(name: str, tmp_path: Path) -> None:
    style = styles.load(name)
    text = styles.explain(style)
    for key, _ in _every_key(style.raw):
        table, _, _leaf = key.rpartition(".")
        assert f"[{table}]" in text or not table, key
    assert "lines = " in text and "# a whole number from 1 to 100 lines" in text
    assert "width_mm = " in text and " mm: sheet width" in text
    assert "# line_height_pt = (not set)" in text  # a field the sheet leaves out is still shown
    saved = _sheet(tmp_path, text)
    assert styles.load(saved) == dataclasses.replace(style, name=style.name)


@pytest.mark.parametrize("name", ["handout", "ebook"])
def test_chars_fit_is_as_many_body_characters_as_the_line_holds(name: str) -> None:
    style = styles.load(name)
    assert style.raw["page"]["chars"] == "fit" and style.page.chars == 27
    assert style.page.chars * style.element("body").size_pt <= style.page.text_width_mm / MM_PER_PT
    assert (style.page.chars + 1) * style.element("body").size_pt > style.page.text_width_mm / MM_PER_PT
    smaller = styles.load(name, ["elements.body.size_pt=10"])
    assert smaller.page.chars == int(smaller.page.text_width_mm / MM_PER_PT // 10)
    assert styles.load(name, ["page.chars=20"]).page.chars == 20


def test_epub_line_height_follows_the_page_grid() -> None:
    """Derived from page.lines and the body size, not copied by hand; an explicit number still wins."""
    gongwen, ebook = styles.load("gongwen"), styles.load("ebook")
    assert (gongwen.epub.line_height, ebook.epub.line_height) == (1.8, 1.75)
    assert gongwen.raw["epub"]["line_height"] == "grid"
    looser = styles.load("gongwen", ["page.lines=18"])
    assert looser.epub.line_height == round(looser.page.line_pitch_pt / 16 * 20) / 20 == 2.2
    assert styles.load("gongwen", ["page.lines=18", "epub.line_height=1.6"]).epub.line_height == 1.6
    assert styles.load("gongwen", ["page.lines=1"]).epub.line_height == 3.0  # held inside the EPUB's range


def test_a_style_error_stops_the_build_before_any_writer(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from converter.app.cli import app

    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(SAMPLE), "-o", str(out), "--set", "page.lines=0"])
    assert result.exit_code == 2 and "page.lines" in result.output and "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())


EXTREMES = [
    [
        "page.width_mm=50",
        "page.height_mm=50",
        "page.left_mm=15",
        "page.right_mm=15",
        "page.top_mm=15",
        "page.bottom_mm=15",
    ],
    ["page.width_mm=558.8", "page.height_mm=558.8", "page.lines=100", "page.chars=100"],
    ["page.lines=1", "page.chars=3", *(f"elements.{e}.indent_chars=2" for e in ("body", "heading1"))],
    [
        "elements.body.size_pt=100",
        "elements.title.size_pt=4",
        "elements.title.max_line_chars=1",
        "elements.title.line_height_pt=4",
    ],
    [
        "page.header_label=" + "长" * 200,
        "page.header_size_pt=72",
        "page.header_gap_mm=100",
        "page.top_mm=120",
        "page.header_rule_pt=6",
        "page.header_rule_gap_pt=31",
        "page_number.size_pt=72",
        "page_number.gap_mm=100",
        "page.bottom_mm=120",
        "page_number.inset_chars=10",
        "page_number.format=" + "页" * 36 + "{n}",
    ],
    [
        "page.top_mm=1.42",
        "page.bottom_mm=1.42",
        "page.left_mm=0",
        "page.right_mm=0",
        "page.header_gap_mm=0",
        "page.header_size_pt=4",
        "page_number.gap_mm=0",
        "page_number.size_pt=4",
        "docx.grid=linesAndChars",
    ],
    [
        "epub.cover.width_px=4000",
        "epub.cover.height_px=4000",
        "epub.cover.title_px=500",
        "epub.cover.meta_px=500",
        "epub.cover.rule_px=100",
        "epub.line_height=3",
        "epub.font_scale=3",
        "epub.subjects=50",
        "pdf.keywords=20",
        "docx.keywords=20",
        "pdf.fake_bold_stroke_em=0.2",
    ],
    [
        "epub.cover.width_px=200",
        "epub.cover.height_px=200",
        "epub.cover.margin_px=50",
        "epub.cover.rule_px=1",
        "epub.cover.rule_top=0.9",
        "epub.cover.title_leading=5",
        "epub.title_line_chars=1",
        "epub.description_chars=0",
        "pdf.keywords=0",
    ],
]


@pytest.mark.parametrize("overrides", EXTREMES, ids=range(len(EXTREMES)))
def test_no_accepted_style_crashes_a_writer(overrides: list[str], tmp_path: Path) -> None:
    """Values at the edges of their ranges: every writer still writes a file."""
    style = styles.load("gongwen", overrides)
    for writer in (DocxWriter(), PdfWriter(), EpubWriter()):
        path = tmp_path / f"x{writer.suffix}"
        writer.write(handmade(), style, path, WriteOptions())
        assert path.stat().st_size > 0


def test_the_epub_follows_page_lines(tmp_path: Path) -> None:
    """--set page.lines=18 moves the e-book's line height too (it was a number copied by hand)."""
    path = tmp_path / "grid.epub"
    EpubWriter().write(handmade(), styles.load("gongwen", ["page.lines=18"]), path, WriteOptions())
    css = Book(path).css()
    body_rule = css[css.index("\nbody {") :]
    assert "line-height: 2.2;" in body_rule[: body_rule.index("}")]


def test_writers_read_typed_tables_only() -> None:
    """No writer reaches into the untyped sheet data: every value they use was checked at load."""
    writers = Path(styles.__file__).parent / "writers"
    readers = [p for p in writers.rglob("*.py") if "style.raw" in p.read_text(encoding="utf-8")]
    assert not readers


_VALUES = st.recursive(
    st.one_of(
        st.booleans(),
        st.integers(),
        st.floats(),
        st.text(max_size=30),
        st.sampled_from(["grid", "fit", "{n}", "{n:>300000000}", "#FFFFFF", "center", "song"]),
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=6,
)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(sorted(k for k, _ in _every_key(styles.load("gongwen").raw))), _VALUES)
def test_any_value_anywhere_loads_or_is_a_style_error(key: str, value: object) -> None:
    """Whatever a sheet puts under any key: a Style, or a StyleError naming the key, never another exception."""
    data = copy.deepcopy(styles.load("gongwen").raw)
    *path, leaf = key.split(".")
    node = data
    for part in path:
        node = node[part]
    node[leaf] = value
    try:
        styles.from_dict(data)
    except StyleError as exc:
        assert key.split(".")[0] in str(exc) or "page" in str(exc) or "epub" in str(exc)
