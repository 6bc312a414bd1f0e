"""The public Python API (converter.read / render / convert), as a program embedding converter uses it."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
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


def test_convert_in_spawned_workers_keeps_the_language_the_program_chose(tmp_path: Path) -> None:
    """Windows and macOS spawn pool workers (nothing inherited): a program's ``i18n.use("zh")``
    must still reach the writers' warnings they make."""
    source = tmp_path / "emoji.txt"
    source.write_text("关于做好防汛工作的通知\n各单位：\n做好今年防汛工作，意义重大😀。\n", encoding="utf-8")
    script = (
        "import multiprocessing, sys, converter\n"
        "from converter import i18n\n"
        "if __name__ == '__main__':\n"
        "    multiprocessing.set_start_method('spawn', force=True)\n"
        "    i18n.use('zh')\n"
        f"    run = converter.convert([{str(source)!r}], ['pdf', 'docx'], {str(tmp_path / 'out')!r}, jobs=2)\n"
        "    print('\\n'.join(n.message for r in run.results for n in r.notices if n.format == 'pdf'))\n"
    )
    (tmp_path / "run.py").write_text(script, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "LC_MESSAGES", "CONVERTER_LANG")}
    env["CONVERTER_NO_SYSTEM_FONTS"] = "1"
    done = subprocess.run(
        [sys.executable, str(tmp_path / "run.py")], capture_output=True, text=True, env=env, timeout=300, check=True
    )
    assert "1 个字符在所有字体中都没有字形" in done.stdout, done.stdout + done.stderr
