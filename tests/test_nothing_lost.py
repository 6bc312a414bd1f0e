"""Property: every character of the input reaches every output (artefacts and whitespace aside).

Generated messy documents (the strategy of test_properties) go through the whole chain
and every writer; the text a reader would get back from each file must be the input's.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path

import docx
from hypothesis import HealthCheck, given, settings
from test_epub import Book
from test_outline_json import FULL
from test_pdf import plain_text
from test_properties import documents, gongwen
from text_fold import fold

from converter import styles
from converter.model import Document
from converter.reading import parse_bytes
from converter.writers.base import WriteOptions, load_writer

STYLE = styles.load("gongwen")


def docx_text(path: Path) -> str:
    return "".join(p.text for p in docx.Document(str(path)).paragraphs)


def json_text(path: Path) -> str:
    return "".join(Document.from_dict(json.loads(path.read_text(encoding="utf-8"))).text_pieces())


READERS = {"docx": docx_text, "pdf": plain_text, "epub": lambda p: Book(p).text(), "json": json_text}


def texts_read_back(doc: Document, folder: Path) -> Iterator[tuple[str, str]]:
    """(format, folded text a reader gets back) for every format, each written into ``folder``."""
    for name, read in READERS.items():
        writer = load_writer(name)
        path = folder / f"out{writer.suffix}"
        writer.write(doc, STYLE, path, WriteOptions())
        yield name, fold(read(path))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_every_format_keeps_every_character(case: tuple[bytes, str]) -> None:
    data, kept = case
    doc = parse_bytes(data).document
    expected = fold(kept)
    with tempfile.TemporaryDirectory() as tmp:
        for name, got in texts_read_back(doc, Path(tmp)):
            assert got == expected, name


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(gongwen())
def test_every_format_keeps_every_part_of_a_gongwen(case: tuple[bytes, str]) -> None:
    """版头, 落款, attachments and 版记 reach every format, in the tree's order (版头 above the title)."""
    data, kept = case
    doc = parse_bytes(data).document
    assert doc.closing is not None
    expected = fold(kept)
    with tempfile.TemporaryDirectory() as tmp:
        for name, got in texts_read_back(doc, Path(tmp)):
            assert sorted(got) == sorted(expected), name
            assert got == fold("".join(doc.text_pieces())), name  # GB/T 9704 order: 发文字号 in the 版头


def test_every_v2_part_of_a_tree_reaches_every_format(tmp_path: Path) -> None:
    """A tree with every part (版头 above the title, numbered items, attachments, 版记) loses nothing."""
    expected = fold("".join(FULL.text_pieces()))
    for name, got in texts_read_back(FULL, tmp_path):
        assert sorted(got) == sorted(expected), name
        for part in (
            "000123",
            "国办发〔2022〕35号",
            "（一）甲事项；",
            "附件：1．示范点名单",
            "（此件公开发布）",
            "附件1",
            "抄送：国务院各部委",
        ):
            assert fold(part) in got, (name, part)


def test_the_sample_reaches_every_format_whole(sample_path: Path, tmp_path: Path) -> None:
    doc = parse_bytes(sample_path.read_bytes()).document
    expected = fold(sample_path.read_text(encoding="utf-8"))
    for name, got in texts_read_back(doc, tmp_path):
        assert got == expected, name


def test_every_format_names_the_same_keywords(sample_path: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader
    from test_epub import NS

    from converter import words

    doc = parse_bytes(sample_path.read_bytes()).document
    paths = {}
    for name in ("docx", "pdf", "epub"):
        writer = load_writer(name)
        paths[name] = tmp_path / f"sample{writer.suffix}"
        writer.write(doc, STYLE, paths[name], WriteOptions())
    found = {
        "docx": docx.Document(str(paths["docx"])).core_properties.keywords.split(", "),
        "pdf": [w.strip() for w in PdfReader(paths["pdf"]).metadata["/Keywords"].split(",")],
        "epub": [e.text for e in Book(paths["epub"]).opf.findall(".//dc:subject", NS)],
    }
    expected = list(words.document_keywords(doc, 8))
    for name, got in found.items():
        assert got and got == expected[: len(got)], name
