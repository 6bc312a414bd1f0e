"""The DOCX writer, checked on the real output: its XML (python-docx + lxml) and its pages as
LibreOffice renders them (read back with poppler's ``pdftotext -bbox-layout``)."""

from __future__ import annotations

import itertools
import re
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from conftest import SAMPLE, libreoffice_convert, require_tool
from docs import handmade, large
from docx.oxml.ns import qn
from lxml import etree

from converter import styles
from converter.model import Document, Paragraph
from converter.reading import parse_file
from converter.writers.base import WriteOptions, epoch, load_writer
from converter.writers.docx.geometry import geometry

STYLE = styles.load("gongwen")
GEO = geometry(STYLE)
EMU_PER_MM = 36000
NO_LINE_START = set("，。、；：？！）》”’")
NO_LINE_END = set("（《“‘")
PT_PER_MM = 72 / 25.4


def build(doc: Document, path: Path, style: styles.Style = STYLE) -> tuple[Path, list[str]]:
    result = load_writer("docx").write(doc, style, path, WriteOptions())
    assert result.pages is None
    return path, result.warnings


def sample_doc() -> Document:
    return parse_file(SAMPLE).document


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Document, Path]]:
    """Each document written once for the XML checks."""
    out = tmp_path_factory.mktemp("docx")
    docs = {"handmade": handmade(), "large": large(100)}
    return {name: (doc, build(doc, out / f"{name}.docx")[0]) for name, doc in docs.items()}


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def style_map(path: Path) -> dict[str, etree._Element]:
    return {s.get(qn("w:styleId")): s for s in part(path, "word/styles.xml").iter(qn("w:style"))}


def style_chain(styles_by_id: dict[str, etree._Element], style_id: str) -> list[etree._Element]:
    chain = []
    while style_id:
        node = styles_by_id[style_id]
        chain.append(node)
        based = node.find(qn("w:basedOn"))
        style_id = based.get(qn("w:val")) if based is not None else ""
    return chain


def resolved(styles_by_id: dict[str, etree._Element], style_id: str, path: str, attr: str) -> str | None:
    """An attribute as the style inherits it (nearest style in the basedOn chain wins)."""
    for node in style_chain(styles_by_id, style_id):
        found = node.find(path)
        if found is not None and found.get(qn(attr)) is not None:
            return found.get(qn(attr))
    return None


def body_paragraphs(path: Path) -> list[etree._Element]:
    return list(part(path, "word/document.xml").iter(qn("w:p")))


def p_style(p: etree._Element) -> str:
    node = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return node.get(qn("w:val")) if node is not None else "Normal"


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- page, grid, fonts ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["handmade", "large"])
def test_a4_and_gbt9704_margins(built: dict, name: str) -> None:
    section = docx.Document(str(built[name][1])).sections[0]
    page = STYLE.page
    for value, mm in (
        (section.page_width, page.width_mm),
        (section.page_height, page.height_mm),
        (section.top_margin, page.top_mm),
        (section.bottom_margin, page.bottom_mm),
        (section.left_margin, page.left_mm),
        (section.right_margin, page.right_mm),
    ):
        assert abs(value / EMU_PER_MM - mm) <= 1.0
    text_width = (section.page_width - section.left_margin - section.right_margin) / EMU_PER_MM
    text_height = (section.page_height - section.top_margin - section.bottom_margin) / EMU_PER_MM
    assert abs(text_width - 156) <= 1 and abs(text_height - 225) <= 1


def test_doc_grid_and_exact_body_lines(built: dict) -> None:
    path = built["handmade"][1]
    grid = part(path, "word/document.xml").find(f".//{qn('w:sectPr')}/{qn('w:docGrid')}")
    assert grid.get(qn("w:type")) == STYLE.raw["docx"]["grid"]
    assert int(grid.get(qn("w:linePitch"))) == 579
    assert 22 * 579 <= GEO.page_height - GEO.top - GEO.bottom < 22 * 580
    by_id = style_map(path)
    spacing = f"{qn('w:pPr')}/{qn('w:spacing')}"
    assert resolved(by_id, "GwBody", spacing, "w:line") == "579"
    assert resolved(by_id, "GwBody", spacing, "w:lineRule") == "exact"
    # the run squeeze that gives 28 characters: char pitch - font size, in twips (−0.205 pt -> −5)
    assert resolved(by_id, "GwBody", f"{qn('w:rPr')}/{qn('w:spacing')}", "w:val") == "-5"


def test_character_grid_when_asked(tmp_path: Path) -> None:
    style = styles.load("gongwen", ["docx.grid=linesAndChars"])
    path, _ = build(handmade(), tmp_path / "grid.docx", style)
    grid = part(path, "word/document.xml").find(f".//{qn('w:docGrid')}")
    assert grid.get(qn("w:type")) == "linesAndChars"
    char_space = int(grid.get(qn("w:charSpace")))
    # ECMA-376 §17.6.5: (pitch − Normal size) × 4096, and 28 cells must fit the text width
    pitch = 16 + char_space / 4096
    assert -849 <= char_space <= -841
    assert 28 * pitch * 20 <= GEO.text_width < 29 * pitch * 20


def test_east_asian_font_on_every_used_style_and_no_theme_fonts(built: dict) -> None:
    path = built["handmade"][1]
    by_id = style_map(path)
    expected = {
        "GwTitle": "title",
        "GwSubtitle": "subtitle",
        "GwDate": "date",
        "GwAuthor": "author",
        "GwSalutation": "salutation",
        "GwBody": "body",
        "GwHeading1": "heading1",
        "GwHeading2": "heading2",
        "GwHeading3": "heading3",
        "GwHeading4": "heading4",
    }
    used = {p_style(p) for p in body_paragraphs(path)}
    assert used == set(expected)
    fonts = f"{qn('w:rPr')}/{qn('w:rFonts')}"
    for style_id in used:
        role = STYLE.element(expected[style_id]).role
        assert resolved(by_id, style_id, fonts, "w:eastAsia") == STYLE.roles[role].docx, style_id
        assert resolved(by_id, style_id, fonts, "w:ascii") == STYLE.latin_family
        assert resolved(by_id, style_id, fonts, "w:hAnsi") == STYLE.latin_family
    theme = [k for r in part(path, "word/styles.xml").iter(qn("w:rFonts")) for k in r.attrib if "heme" in k]
    assert theme == []
    lang = part(path, "word/styles.xml").find(f".//{qn('w:rPrDefault')}//{qn('w:lang')}")
    assert lang.get(qn("w:eastAsia")) == "zh-CN"
    settings = part(path, "word/settings.xml")
    assert settings.find(qn("w:themeFontLang")).get(qn("w:eastAsia")) == "zh-CN"


def test_alignment_and_indents(built: dict) -> None:
    by_id = style_map(built["handmade"][1])
    jc, ind = f"{qn('w:pPr')}/{qn('w:jc')}", f"{qn('w:pPr')}/{qn('w:ind')}"
    assert resolved(by_id, "GwTitle", jc, "w:val") == "center"
    assert resolved(by_id, "GwSalutation", ind, "w:firstLineChars") == "0"
    for style_id in ("GwBody", "GwHeading1", "GwHeading2", "GwHeading3", "GwHeading4"):
        assert resolved(by_id, style_id, ind, "w:firstLineChars") == "200"
        assert resolved(by_id, style_id, ind, "w:firstLine") == str(GEO.chars(2))
    assert resolved(by_id, "GwTitle", f"{qn('w:pPr')}/{qn('w:snapToGrid')}", "w:val") == "0"


# --- structure ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["handmade", "large"])
def test_every_section_heading_has_an_outline_level(built: dict, name: str) -> None:
    doc, path = built[name]
    by_id = style_map(path)
    levels = []
    for p in body_paragraphs(path):
        level = resolved(by_id, p_style(p), f"{qn('w:pPr')}/{qn('w:outlineLvl')}", "w:val")
        if level is not None:
            levels.append(int(level))
    assert len(levels) == len(doc.sections())
    assert levels == [min(s.level, 4) - 1 for s in doc.sections()]


def test_runin_heading_is_one_paragraph_heading_face_then_body_face(built: dict) -> None:
    doc, path = built["handmade"]
    by_id = style_map(path)
    paragraphs = body_paragraphs(path)
    runin = [s for s in doc.sections() if s.runin and s.children and isinstance(s.children[0], Paragraph)]
    assert len(runin) > 0
    fonts = f"{qn('w:rPr')}/{qn('w:rFonts')}"
    assert resolved(by_id, "GwBodyText", fonts, "w:eastAsia") == STYLE.roles[STYLE.element("body").role].docx
    for section in runin:
        heading = section.marker + section.heading
        body = section.children[0].text
        (p,) = [p for p in paragraphs if "".join(p.itertext()) == heading + body]
        assert p_style(p) == f"GwHeading{min(section.level, 4)}"  # keeps its outline level
        # but not the heading's keep-with-next, which would chain whole paragraphs onto the next page
        assert p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}").get(qn("w:val")) == "0"
        runs = p.findall(qn("w:r"))
        assert "".join(runs[0].itertext()) == heading
        assert runs[0].find(f"{qn('w:rPr')}/{qn('w:rStyle')}") is None  # the heading face of the paragraph
        styles_after = {r.find(f"{qn('w:rPr')}/{qn('w:rStyle')}").get(qn("w:val")) for r in runs[1:]}
        assert styles_after <= {"GwBodyText", "GwPoint"} and "GwBodyText" in styles_after
    assert not [p for p in paragraphs if p.find(f"{qn('w:pPr')}/{qn('w:rPr')}/{qn('w:specVanish')}") is not None]


def test_points_are_bold_runs_in_the_body_face(built: dict) -> None:
    doc, path = built["handmade"]
    by_id = style_map(path)
    assert resolved(by_id, "GwPoint", f"{qn('w:rPr')}/{qn('w:b')}", "w:val") is None  # <w:b/> = on
    assert by_id["GwPoint"].find(f"{qn('w:rPr')}/{qn('w:b')}") is not None
    role = STYLE.element("point").role
    assert resolved(by_id, "GwPoint", f"{qn('w:rPr')}/{qn('w:rFonts')}", "w:eastAsia") == STYLE.roles[role].docx
    points: list[str] = []  # consecutive GwPoint runs are one point (quotes have runs of their own)
    for para in part(path, "word/document.xml").iter(qn("w:p")):
        previous = False
        for r in para.iter(qn("w:r")):
            is_point = r.find(f"{qn('w:rPr')}/{qn('w:rStyle')}[@{qn('w:val')}='GwPoint']") is not None
            if is_point and previous:
                points[-1] += "".join(r.itertext())
            elif is_point:
                points.append("".join(r.itertext()))
            previous = is_point
    expected = [p.text[a:b] for p, _ in doc.walk() if isinstance(p, Paragraph) for a, b in p.points]
    assert points == expected and len(points) == 2


def test_hint_on_every_run_with_general_punctuation(built: dict) -> None:
    runs = list(part(built["handmade"][1], "word/document.xml").iter(qn("w:r")))
    needing = [r for r in runs if re.search("[\u2000-\u206f\u00b7]", "".join(r.itertext()))]
    assert len(needing) >= 4  # “”, ‘’, ——, …… and the subtitle's ——
    for run in needing:
        fonts = run.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        assert fonts is not None and fonts.get(qn("w:hint")) == "eastAsia", "".join(run.itertext())


def test_title_broken_into_balanced_lines(built: dict) -> None:
    doc, path = built["handmade"]
    title = body_paragraphs(path)[0]
    assert p_style(title) == "GwTitle"
    lines = docx.Document(str(path)).paragraphs[0].text.split("\n")
    assert len(lines) >= 3 and "".join(lines) == doc.title
    assert max(len(line) for line in lines) <= STYLE.element("title").max_line_chars


@pytest.mark.parametrize("name", ["handmade", "large"])
def test_nothing_lost_in_order(built: dict, name: str) -> None:
    doc, path = built[name]
    text = "".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert squeeze(text) == squeeze("".join(doc.text_pieces()))


def test_sample_nothing_lost(tmp_path: Path) -> None:
    doc = sample_doc()
    path, warnings = build(doc, tmp_path / "sample.docx")
    assert warnings == []
    text = "".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert squeeze(text) == squeeze("".join(doc.text_pieces()))


def test_xml_special_characters_kept_and_control_characters_dropped(tmp_path: Path) -> None:
    doc = Document(title="标题", children=(Paragraph("甲<乙&丙\"丁'\x01戊\x0b己"),))
    path, warnings = build(doc, tmp_path / "ctrl.docx")
    assert docx.Document(str(path)).paragraphs[-1].text == "甲<乙&丙\"丁'戊己"
    assert len(warnings) == 1
    assert "U+0001 at 9" in warnings[0] and "U+000B at 11" in warnings[0]


# --- footers, properties, bytes ----------------------------------------------------------------


def test_odd_and_even_page_numbers(built: dict) -> None:
    path = built["handmade"][1]
    document = docx.Document(str(path))
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
        p = footer._element.find(qn("w:p"))
        assert "PAGE" in "".join(t.text for t in p.iter(qn("w:instrText")))
        assert p.find(f"{qn('w:pPr')}/{qn('w:jc')}").get(qn("w:val")) == align
        ind = p.find(f"{qn('w:pPr')}/{qn('w:ind')}").get(qn(f"w:{align}"))
        assert int(ind) == GEO.chars(STYLE.page_number.inset_chars)
        assert footer.paragraphs[0].text.replace("1", "{n}").replace("2", "{n}") == STYLE.page_number.format
    by_id = style_map(path)
    fonts = f"{qn('w:rPr')}/{qn('w:rFonts')}"
    assert resolved(by_id, "GwPageNumber", fonts, "w:eastAsia") == STYLE.roles[STYLE.page_number.role].docx
    assert resolved(by_id, "GwPageNumber", f"{qn('w:rPr')}/{qn('w:sz')}", "w:val") == "28"
    expected = STYLE.page.bottom_mm - STYLE.page_number.gap_mm - STYLE.page_number.size_pt / PT_PER_MM / 2
    assert abs(section.footer_distance / EMU_PER_MM - expected) < 0.1


def test_core_properties(built: dict) -> None:
    doc, path = built["handmade"]
    props = docx.Document(str(path)).core_properties
    when = datetime.fromtimestamp(epoch(WriteOptions()), UTC)
    assert props.title == doc.title and props.author == doc.author
    assert props.language == "zh-CN"
    assert props.created == when and props.modified == when
    keywords = props.keywords.split(", ")
    assert len(keywords) == STYLE.raw["docx"]["keywords"] and all(keywords)
    assert "python-docx" not in props.comments + props.author + props.last_modified_by
    app = part(path, "docProps/app.xml")
    assert (
        app.find("{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}Application").text
        == "converter"
    )


@pytest.mark.parametrize("name", ["handmade", "large"])
def test_rebuild_is_byte_identical(built: dict, tmp_path: Path, name: str) -> None:
    doc, first = built[name]
    second, _ = build(doc, tmp_path / "again.docx")
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(second) as z:
        names = z.namelist()
        assert {i.date_time for i in z.infolist()} == {
            datetime.fromtimestamp(epoch(WriteOptions()), UTC).timetuple()[:6]
        }
    assert "docProps/thumbnail.jpeg" not in names and "word/stylesWithEffects.xml" not in names


# --- rendered by LibreOffice --------------------------------------------------------------------

Line = tuple[float, float, float, str]  # yMin, xMin, xMax, text


def render(path: Path, profile: Path) -> Path:
    libreoffice_convert([path], path.parent, "pdf", profile, timeout=180)
    return path.with_suffix(".pdf")


def page_lines(pdf: Path) -> list[list[Line]]:
    """Printed lines per page: words grouped by baseline, left to right."""
    out = subprocess.run(
        [require_tool("pdftotext"), "-bbox-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", out).replace('xmlns="http://www.w3.org/1999/xhtml"', ""))
    pages = []
    for page in root.iter("page"):
        rows: dict[int, list[tuple[float, float, float, str]]] = defaultdict(list)
        for word in page.iter("word"):
            rows[round(float(word.get("yMax")))].append(
                (float(word.get("yMin")), float(word.get("xMin")), float(word.get("xMax")), word.text or "")
            )
        pages.append(
            [
                (
                    min(w[0] for w in ws),
                    min(w[1] for w in ws),
                    max(w[2] for w in ws),
                    "".join(w[3] for w in sorted(ws, key=lambda w: w[1])),
                )
                for _, ws in sorted(rows.items())
            ]
        )
    return pages


TEXT_BOTTOM_PT = (STYLE.page.height_mm - STYLE.page.bottom_mm) * PT_PER_MM
LEFT_PT = STYLE.page.left_mm * PT_PER_MM
RIGHT_PT = (STYLE.page.width_mm - STYLE.page.right_mm) * PT_PER_MM


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Document, list[list[Line]]]]:
    """handmade and large(20) rendered once each (LibreOffice takes seconds)."""
    require_tool("soffice")
    require_tool("pdftotext")
    out = tmp_path_factory.mktemp("lo")
    profile = tmp_path_factory.mktemp("lo-profile")
    result = {}
    docs = [("handmade", handmade()), ("large20", large(20)), ("sample", sample_doc())]
    for name, doc in docs:
        path, _ = build(doc, out / f"{name}.docx")
        result[name] = (doc, page_lines(render(path, profile)))
    return result


def body_lines(page: list[Line]) -> list[Line]:
    return [line for line in page if line[0] < TEXT_BOTTOM_PT]


@pytest.mark.slow
def test_lo_22_lines_on_every_full_page(rendered: dict) -> None:
    doc, pages = rendered["large20"]
    headings = {s.marker + s.heading for s in doc.sections()}
    assert len(pages) >= 5
    full = 0
    for number, (page, following) in enumerate(itertools.pairwise(pages[1:]), start=2):
        count = len(body_lines(page))
        assert count <= STYLE.page.lines, f"page {number}"
        # a page may end short where keep-with-next moved a heading over, or one line short where
        # widow/orphan control moved a paragraph's first or last line (issue 12.5)
        if not any(h.startswith(body_lines(following)[0][3]) for h in headings):
            assert count >= STYLE.page.lines - 1, f"page {number}"
            full += count == STYLE.page.lines
    assert full >= len(pages) * 0.5


@pytest.mark.slow
def test_lo_28_characters_on_full_lines(rendered: dict) -> None:
    _, pages = rendered["large20"]
    cjk = re.compile(r"^[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’—…]+$")
    pitch = STYLE.page.char_pitch_pt
    checked = exact = 0
    for page in pages:
        lines = body_lines(page)
        for line, following in itertools.pairwise(lines):
            _, x0, x1, text = line
            # a full, justified line of Chinese followed by Chinese (a Latin word cannot be split,
            # and LibreOffice does not break 。2025 either)
            if not (cjk.match(text) and cjk.match(following[3][:6]) and x1 >= RIGHT_PT - 2):
                continue
            indent = round((x0 - LEFT_PT) / pitch)
            assert x1 <= RIGHT_PT + 1, text  # nothing hangs in the margin
            # kinsoku may carry one character over with a closing mark (跃，) or an opening one (“)
            carried = following[3][1:2] in NO_LINE_START or following[3][:1] in NO_LINE_END
            assert len(text) + indent in ((27, 28) if carried else (28,)), (text, indent)
            checked += 1
            exact += len(text) + indent == STYLE.page.chars
    assert checked >= 50 and exact >= checked * 0.7


@pytest.mark.slow
@pytest.mark.parametrize("name", ["handmade", "large20", "sample"])
def test_lo_line_breaking_rules(rendered: dict, name: str) -> None:
    _, pages = rendered[name]
    for page in pages:
        for _, _, _, text in body_lines(page):
            assert text[0] not in NO_LINE_START, text
            assert text[-1] not in NO_LINE_END, text


@pytest.mark.slow
@pytest.mark.parametrize("name", ["handmade", "large20", "sample"])
def test_lo_every_character_in_order(rendered: dict, name: str) -> None:
    doc, pages = rendered[name]
    printed = "".join(line[3] for page in pages for line in body_lines(page))
    assert squeeze(printed) == squeeze("".join(doc.text_pieces()))


@pytest.mark.slow
@pytest.mark.parametrize("name", ["handmade", "sample"])
def test_lo_runin_heading_and_body_share_a_printed_line(rendered: dict, name: str) -> None:
    doc, pages = rendered[name]
    lines = [line[3] for page in pages for line in body_lines(page)]
    runin = [s for s in doc.sections() if s.runin and s.children and isinstance(s.children[0], Paragraph)]
    assert runin
    for section in runin:
        heading = squeeze(section.marker + section.heading)
        body_start = squeeze(section.children[0].text)[:2]
        # the line holding the end of the heading carries on with the body's first characters
        assert any(heading[-3:] + body_start in squeeze(line) for line in lines), heading


@pytest.mark.slow
def test_lo_page_numbers_outside_and_7mm_below_text(rendered: dict) -> None:
    _, pages = rendered["large20"]
    for number, page in enumerate(pages, start=1):
        below = [line for line in page if line[0] >= TEXT_BOTTOM_PT]
        assert len(below) == 1
        y0, x0, x1, text = below[0]
        assert text == STYLE.page_number.text(number).replace(" ", "")
        centre_mm = (y0 + STYLE.page_number.size_pt / 2) / PT_PER_MM  # glyph box top + half the size
        assert abs(centre_mm - (STYLE.page.height_mm - STYLE.page.bottom_mm) - STYLE.page_number.gap_mm) < 1.5
        inset = STYLE.page_number.inset_chars * STYLE.page.char_pitch_pt
        if number % 2:
            assert abs(x1 - (RIGHT_PT - inset)) < 3, number
        else:
            assert abs(x0 - (LEFT_PT + inset)) < 3, number


# --- bold as LibreOffice resolves it --------------------------------------------------------------

_ODF = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
}


def _odf(tag: str) -> str:
    prefix, local = tag.split(":")
    return f"{{{_ODF[prefix]}}}{local}"


def lo_weights(fodt: Path) -> list[tuple[str, bool]]:
    """(character, bold) for the body text of a flat ODT LibreOffice wrote from our DOCX.

    Styles resolve by plain inheritance (span style chain, then paragraph style chain, then the
    family default); CJK characters read the Asian weight, the rest the Western one.
    """
    root = etree.parse(str(fodt)).getroot()
    named: dict[tuple[str, str], etree._Element] = {}
    defaults: dict[str, etree._Element] = {}
    for node in root.iter(_odf("style:style")):
        named[(node.get(_odf("style:family")), node.get(_odf("style:name")))] = node
    for node in root.iter(_odf("style:default-style")):
        defaults[node.get(_odf("style:family"))] = node

    def weight(family: str, name: str | None, attr: str) -> str | None:
        while name:
            node = named.get((family, name))
            if node is None:
                break
            props = node.find(_odf("style:text-properties"))
            if props is not None and props.get(attr) is not None:
                return props.get(attr)
            name = node.get(_odf("style:parent-style-name"))
        return None

    out: list[tuple[str, bool]] = []

    def walk(node: etree._Element, spans: list[str | None], para: str | None) -> None:
        def emit(text: str | None) -> None:
            for ch in text or "":
                attr = _odf("fo:font-weight") if ch.isascii() else _odf("style:font-weight-asian")
                found = next((w for s in reversed(spans) if (w := weight("text", s, attr))), None)
                found = found or weight("paragraph", para, attr)
                if found is None and "paragraph" in defaults:
                    props = defaults["paragraph"].find(_odf("style:text-properties"))
                    found = props.get(attr) if props is not None else None
                out.append((ch, found == "bold"))

        emit(node.text)
        for child in node:
            if child.tag == _odf("text:span"):
                walk(child, [*spans, child.get(_odf("text:style-name"))], para)
            elif child.tag in (_odf("text:s"), _odf("text:tab"), _odf("text:line-break")):
                pass
            else:
                walk(child, spans, para)
            emit(child.tail)

    body = root.find(_odf("office:body"))
    for p in body.iter(_odf("text:p"), _odf("text:h")):
        walk(p, [], p.get(_odf("text:style-name")))
    return out


@pytest.mark.slow
def test_lo_only_tree_marked_text_is_bold(tmp_path: Path) -> None:
    """Issue 12.2: a run-in ``1.`` heading's paragraph was bold to its end (Word and LibreOffice)."""
    from bold import bold_text, documents

    built: dict[Path, tuple[Document, styles.Style]] = {}
    for style_name in ("gongwen", "handout", "ebook"):
        style = styles.load(style_name)
        for name, doc in documents().items():
            path, _ = build(doc, tmp_path / f"{style_name}-{name}.docx", style)
            built[path] = (doc, style)
    libreoffice_convert(list(built), tmp_path, "fodt", tmp_path / "profile", timeout=600)
    for path, (doc, style) in built.items():
        drawn = lo_weights(path.with_suffix(".fodt"))
        bold = "".join(ch for ch, is_bold in drawn if is_bold and not ch.isspace())
        assert bold == bold_text(doc, style), path.name


def test_long_title_and_long_word_do_not_crash_and_title_is_kept(tmp_path: Path) -> None:
    """Issue 12.6 / 11: python-docx refuses core properties over 255 characters; the title text stays whole."""
    title = "关于" + "进一步加强安全生产工作" * 372 + "的通"  # 4,096 characters, as a first line can be
    assert len(title) == 4096
    word = "x" * 20_000
    doc = Document(title=title, author="办" * 300, children=(Paragraph(f"长词{word}结束。"),))
    path, _ = build(doc, tmp_path / "long.docx")
    opened = docx.Document(str(path))
    assert len(opened.core_properties.title) == 255 and opened.core_properties.title.endswith("…")
    assert title.startswith(opened.core_properties.title[:-1])
    text = "".join(p.text for p in opened.paragraphs).replace("\n", "")  # title lines are w:br-separated
    assert title in text and word in text


def test_creation_date_from_the_input_file_clamped_and_env_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 12.6 and 19.13: the input's mtime dates the output when SOURCE_DATE_EPOCH is unset; an
    out-of-range epoch is clamped with a warning instead of crashing the writer."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    doc = Document(title="标题", children=(Paragraph("正文。"),))
    writer = load_writer("docx")
    mtime = int(datetime(2025, 3, 5, 8, 30, tzinfo=UTC).timestamp())
    writer.write(doc, STYLE, tmp_path / "a.docx", WriteOptions(source_mtime=mtime))
    assert docx.Document(str(tmp_path / "a.docx")).core_properties.created == datetime(2025, 3, 5, 8, 30, tzinfo=UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    writer.write(doc, STYLE, tmp_path / "b.docx", WriteOptions(source_mtime=mtime))
    assert docx.Document(str(tmp_path / "b.docx")).core_properties.created == datetime(
        2023, 11, 14, 22, 13, 20, tzinfo=UTC
    )
    for value, year in (("99999999999999", 2099), ("-5", 1980), ("253402300800", 2099)):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
        result = writer.write(doc, STYLE, tmp_path / "c.docx", WriteOptions())
        assert docx.Document(str(tmp_path / "c.docx")).core_properties.created.year == year
        assert any("SOURCE_DATE_EPOCH" in w and "1980" in w for w in result.warnings), result.warnings
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    result = writer.write(doc, STYLE, tmp_path / "d.docx", WriteOptions(source_mtime=mtime))
    assert docx.Document(str(tmp_path / "d.docx")).core_properties.created.year == 2025
    assert any("not a whole number" in w for w in result.warnings)


# --- font table and embedded fonts ----------------------------------------------------------------


def font_table(path: Path) -> dict[str, etree._Element]:
    return {f.get(qn("w:name")): f for f in part(path, "word/fontTable.xml").iter(qn("w:font"))}


def test_font_table_lists_exactly_the_fonts_used_with_gb2312_charset_and_alternates(built: dict) -> None:
    """Issue 12.4: the template's Japanese/Cambria entries are gone; every font used has an entry."""
    _, path = built["handmade"]
    table = font_table(path)
    used = {STYLE.latin_family} | {STYLE.roles[e.role].docx for e in STYLE.elements.values()}
    used |= {STYLE.roles[STYLE.page_number.role].docx}
    assert set(table) == used
    for name, entry in table.items():
        charset = entry.find(qn("w:charset")).get(qn("w:val"))
        if name == STYLE.latin_family:
            assert charset == "00"
            continue
        assert charset == "86", name
        assert entry.find(qn("w:altName")).get(qn("w:val")), name
        assert entry.find(qn("w:panose1")) is not None and entry.find(qn("w:family")) is not None
    assert table["仿宋_GB2312"].find(qn("w:altName")).get(qn("w:val")) == "仿宋"
    assert table["方正小标宋简体"].find(qn("w:altName")).get(qn("w:val")) == "宋体"
    assert table["仿宋_GB2312"].find(qn("w:embedRegular")) is None  # embedding only when asked


def _deobfuscate(data: bytes, key: str) -> bytes:
    guid = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]
    return bytes(b ^ guid[i % 16] for i, b in enumerate(data[:32])) + data[32:]


@pytest.mark.slow
def test_embedded_fonts_are_obfuscated_subsets_libreoffice_uses(tmp_path: Path) -> None:
    """Issue 12.4: ``--embed-fonts`` stores each Chinese face as an obfuscated subset named as its
    font-table entry, and LibreOffice (no such fonts installed) prints in exactly those faces."""
    from io import BytesIO

    from fontTools.ttLib import TTFont

    doc = sample_doc()
    path = tmp_path / "embedded.docx"
    load_writer("docx").write(doc, STYLE, path, WriteOptions(embed_fonts=True))
    again = tmp_path / "again.docx"
    load_writer("docx").write(doc, STYLE, again, WriteOptions(embed_fonts=True))
    assert path.read_bytes() == again.read_bytes()
    settings = part(path, "word/settings.xml")
    assert settings.find(qn("w:embedTrueTypeFonts")) is not None
    rels = part(path, "word/_rels/fontTable.xml.rels")
    targets = {r.get("Id"): r.get("Target") for r in rels}
    postscript = set()
    with zipfile.ZipFile(path) as z:
        for name, entry in font_table(path).items():
            embedded = entry.find(qn("w:embedRegular"))
            if name == STYLE.latin_family:
                assert embedded is None
                continue
            raw = z.read(
                "word/"
                + targets[embedded.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")]
            )
            assert raw[:4] != b"\x00\x01\x00\x00"  # obfuscated
            font = TTFont(BytesIO(_deobfuscate(raw, embedded.get(qn("w:fontKey")))))
            assert font["name"].getDebugName(1) == name
            assert len(font.getBestCmap()) < 5000  # a subset, not the whole face
            postscript.add(font["name"].getDebugName(6))
    assert "FandolFang-Regular" in postscript
    libreoffice_convert([path], tmp_path, "pdf", tmp_path / "profile", timeout=300)
    out = subprocess.run(
        [require_tool("pdffonts"), str(path.with_suffix(".pdf"))], capture_output=True, text=True, check=True
    ).stdout
    printed = {row.split()[0].split("+")[-1] for row in out.splitlines()[2:]}
    assert postscript <= printed, (postscript, printed)


def test_chapter_marker_keeps_its_ideographic_space(tmp_path: Path) -> None:
    """Issue 12.6: the reader strips 第二章's space with the marker; the writer puts it back."""
    from converter.model import Section

    doc = Document(children=(Section(1, "第二章", "总体要求", False, (Paragraph("正文。"),)),))
    path, _ = build(doc, tmp_path / "chapter.docx")
    assert docx.Document(str(path)).paragraphs[0].text == "第二章\u3000总体要求"


def test_quotes_are_set_in_the_chinese_face_even_after_digits(tmp_path: Path) -> None:
    """Issue 12.6: LibreOffice gave a ” after digits the Latin font (half-width); quotes now carry
    the Chinese face as their Latin font too, and LibreOffice prints them one em wide.

    LibreOffice 7.4 ignores ``w:hint``; the quote follows its Latin font, which must exist for the
    check to mean anything: the fonts are embedded (no Chinese face is installed here).
    """
    import pdfplumber

    doc = Document(children=(Paragraph("全年完成“2025”目标，实现“十四五”规划。"),))
    path = tmp_path / "quotes.docx"
    load_writer("docx").write(doc, STYLE, path, WriteOptions(embed_fonts=True))
    face = STYLE.roles[STYLE.element("body").role].docx
    runs = list(part(path, "word/document.xml").iter(qn("w:r")))
    texts = ["".join(t.text or "" for t in run.iter(qn("w:t"))) for run in runs]
    after_digits = [run for run, text in zip(runs, texts, strict=True) if text == "”"]
    assert len(after_digits) == 1  # the quote after 2025; quotes after Chinese stay in their runs
    fonts_el = after_digits[0].find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    assert (fonts_el.get(qn("w:ascii")), fonts_el.get(qn("w:hint"))) == (face, "eastAsia")
    libreoffice_convert([path], tmp_path, "pdf", tmp_path / "profile", timeout=300)
    with pdfplumber.open(path.with_suffix(".pdf")) as pdf:
        chars = pdf.pages[0].chars
    quotes = [c for c in chars if c["text"] in "“”"]
    assert len(quotes) == 4
    size = STYLE.element("body").size_pt
    for c in quotes:
        assert c["x1"] - c["x0"] > 0.8 * size, c["text"]


def test_widow_control_and_keep_rules_on_our_paragraph_styles(built: dict) -> None:
    """Issue 12.5: LibreOffice left single lines at page tops; our styles now ask for widow control,
    and headings keep their lines together and stay with the next paragraph."""
    _, path = built["handmade"]
    by_id = style_map(path)
    for spec in (*docstyles_all(),):
        ppr = by_id[spec.style_id].find(qn("w:pPr"))
        widow = ppr.find(qn("w:widowControl"))
        assert widow is not None and widow.get(qn("w:val")) in (None, "1", "true"), spec.style_id
        if spec.keep_next:
            assert ppr.find(qn("w:keepLines")) is not None and ppr.find(qn("w:keepNext")) is not None


def docstyles_all() -> tuple:
    from converter.writers.docx import docstyles

    return docstyles.ALL


def test_embedded_subsets_cover_every_part_of_a_gongwen(tmp_path: Path) -> None:
    """The subsets were cut from the body's text only: a character that only the 版头, the 落款, an
    attachment or the 版记 prints (醍 醐 灌 顶 here) was missing from the embedded faces."""
    from io import BytesIO

    from fontTools.ttLib import TTFont

    from converter.model import Attachment, Closing, Header, Imprint, Paragraph

    doc = Document(
        title="关于做好工作的通知",
        header=Header(doc_number="醍发〔2025〕1号"),
        children=(Paragraph("做好工作。"),),
        closing=Closing(signature=("醐县人民政府",), sign_date="2025年1月2日"),
        attachments=(Attachment("附件", "灌溉名单", (Paragraph("张三。"),)),),
        imprint=Imprint(cc="顶级单位。", issued_by="办公室", issued_date="2025年1月3日印发"),
    )
    path = tmp_path / "parts.docx"
    load_writer("docx").write(doc, STYLE, path, WriteOptions(embed_fonts=True))
    rels = part(path, "word/_rels/fontTable.xml.rels")
    targets = {r.get("Id"): r.get("Target") for r in rels}
    covered: set[int] = set()
    with zipfile.ZipFile(path) as z:
        for entry in font_table(path).values():
            embedded = entry.find(qn("w:embedRegular"))
            if embedded is None:
                continue
            rel = embedded.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
            raw = z.read("word/" + targets[rel])
            covered |= set(TTFont(BytesIO(_deobfuscate(raw, embedded.get(qn("w:fontKey"))))).getBestCmap())
    assert {ord(c) for c in "醍醐灌顶"} <= covered
