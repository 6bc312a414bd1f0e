"""The public Python API (converter.read / render / convert), as a program embedding converter uses it."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import docx
import pytest

import converter
from converter.reading import parse_file

SAMPLE = Path(__file__).resolve().parent.parent / "seeds" / "speech-theory-study-2025.txt"
CLEAN = "关于做好防汛工作的通知\n\n各单位：\n\n一、总体要求\n\n做好今年防汛工作，意义重大,各单位要切实落实责任。\n"


def test_read_text_and_bytes_give_the_same_tree() -> None:
    from_text = converter.read(CLEAN)
    assert isinstance(from_text, converter.Document)
    assert from_text.title == "关于做好防汛工作的通知"
    assert converter.read(CLEAN.encode("gb18030")) == from_text


def test_read_fills_a_report_passed_in() -> None:
    report = converter.Report()
    doc = converter.read(SAMPLE.read_bytes(), report=report)
    expected = parse_file(SAMPLE)
    assert doc == expected.document
    assert report.to_dict() == expected.report.to_dict()
    assert "unfinished" in {w.kind for w in report.warnings}


def test_read_refuses_what_the_cli_refuses() -> None:
    with pytest.raises(converter.ReadError):
        converter.read(b"")


def test_render_returns_the_bytes_of_each_format() -> None:
    doc = converter.read(CLEAN)
    document = docx.Document(io.BytesIO(converter.render(doc, "docx", style="gongwen")))
    assert any("做好今年防汛工作" in p.text for p in document.paragraphs)
    assert converter.render(doc, "pdf").startswith(b"%PDF-")
    assert "mimetype" in zipfile.ZipFile(io.BytesIO(converter.render(doc, "epub"))).namelist()
    tree = json.loads(converter.render(doc, "json"))
    assert converter.Document.from_dict(tree) == doc


def test_render_honours_the_style_and_overrides() -> None:
    doc = converter.read(CLEAN)
    plain = docx.Document(io.BytesIO(converter.render(doc, "docx")))
    wider = docx.Document(io.BytesIO(converter.render(doc, "docx", overrides=["page.lines=20"])))
    assert plain.sections[0].page_height == wider.sections[0].page_height
    assert converter.render(doc, "docx", overrides=["page.lines=20"]) != converter.render(doc, "docx")


def test_render_unknown_format_suggests() -> None:
    with pytest.raises(converter.UsageError, match="did you mean pdf"):
        converter.render(converter.read(CLEAN), "pfd")


def test_convert_writes_files_and_reports_like_the_cli(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    run = converter.convert(tmp_path / "in", ["json", "docx"], tmp_path / "out")
    assert isinstance(run, converter.Run)
    assert run.exit_code == 1
    data = run.to_dict()
    assert data["schema"] == 1 and data["totals"] == {**data["totals"], "files": 2, "outputs": 2, "failed": 1}
    [good] = [f for f in data["files"] if f["ok"]]
    assert {Path(o["path"]).name for o in good["outputs"]} == {"a.json", "a.docx"}
    assert all(Path(o["path"]).is_file() for o in good["outputs"])


def test_convert_usage_errors_raise(tmp_path: Path) -> None:
    with pytest.raises(converter.UsageError, match="no file matches"):
        converter.convert(str(tmp_path / "none*.txt"), ["json"], tmp_path / "out")
    with pytest.raises(converter.UsageError):
        converter.convert(SAMPLE, ["json"], tmp_path / "out", style="no-such-style")
