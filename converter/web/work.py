"""The CPU-heavy steps the page runs in its process pool: reading an input and rendering a tree.

Everything crossing the pool boundary is plain data (str, bytes, dicts), so a worker needs no
state from the request; the interface language is set per task, so a ReadError speaks the
page's language, as the CLI's does.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import Any

FORMATS = ("docx", "pdf", "epub", "json")
STYLES = ("gongwen", "handout", "ebook")


def read_input(name: str, data: bytes, language: str) -> dict[str, Any]:
    """One upload or pasted text, read: the tree (outline JSON), the source lines and the report; or an error."""
    from converter import i18n
    from converter.outline_json import document_from_json
    from converter.reading import ReadError, Report, parse_bytes
    from converter.reading.decode import decode
    from converter.writers.json_writer import dumps

    i18n.use(language)
    report = Report()
    try:
        if name.lower().endswith(".json"):
            doc = document_from_json(data)
            text = ""
        else:  # text, Markdown, a Word or LibreOffice file: the reader tells them apart, as in the CLI
            doc = parse_bytes(data, report, name=name).document
            # the proof view marks changes in the source's lines, which only text has
            text = decode(data, Report()) if report.input_kind in ("text", "markdown") else ""
    except (ReadError, ValueError) as exc:
        return {"name": name, "error": str(exc)}
    return {
        "name": name,
        "tree": dumps(doc),
        "lines": text.splitlines(),
        "report": report.to_dict(),
    }


def render_formats(tree: str, style: str, formats: list[str], stem: str) -> dict[str, bytes]:
    """The chosen formats of one outline JSON tree, keyed by file name."""
    from converter.api import render
    from converter.outline_json import document_from_json

    doc = document_from_json(tree)
    files: dict[str, bytes] = {}
    for fmt in formats:
        if fmt == "json":
            files[f"{stem}.json"] = tree.encode("utf-8")
        else:
            files[f"{stem}.{fmt}"] = render(doc, fmt, style, source_name=f"{stem}.txt")
    return files


def preview_available() -> bool:
    """Page previews are drawn by poppler's pdftoppm; without it the page offers none."""
    return shutil.which("pdftoppm") is not None


def preview_png(tree: str, style: str) -> bytes:
    """Page 1 of the tree's PDF as a PNG (pdftoppm, in a temporary folder removed afterwards)."""
    pdf = render_formats(tree, style, ["pdf"], "preview")["preview.pdf"]
    with tempfile.TemporaryDirectory(prefix="converter-web-") as folder:
        source = Path(folder) / "preview.pdf"
        source.write_bytes(pdf)
        command = [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(source),
            str(source.with_suffix("")),
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=60)
        return source.with_suffix(".png").read_bytes()


def zip_files(files: dict[str, bytes], summary: dict[str, Any] | None = None) -> bytes:
    """One zip of ``files`` (and ``summary.json`` for a batch), in memory: nothing touches the disk."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(files.items()):
            archive.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data)
        if summary is not None:
            archive.writestr(
                zipfile.ZipInfo("summary.json", (1980, 1, 1, 0, 0, 0)),
                json.dumps(summary, ensure_ascii=False, indent=2),
            )
    return buffer.getvalue()
