"""The CPU-heavy steps the page runs in its process pool: reading an input and rendering a tree.

Everything crossing the pool boundary is plain data (str, bytes, dicts), so a worker needs no
state from the request; the interface language is set per task, so a ReadError speaks the
page's language, as the CLI's does.
"""

from __future__ import annotations

import io
import json
import tempfile
import tomllib
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from converter.web.messages import texts

if TYPE_CHECKING:
    from converter.styles import Style

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


def render_formats(tree: str, style: Style | str, formats: list[str], stem: str) -> dict[str, bytes]:
    """The chosen formats of one outline JSON tree, keyed by file name."""
    from converter.app.api import render
    from converter.outline_json import document_from_json

    doc = document_from_json(tree)
    files: dict[str, bytes] = {}
    for fmt in formats:
        if fmt == "json":
            files[f"{stem}.json"] = tree.encode("utf-8")
        else:
            files[f"{stem}.{fmt}"] = render(doc, fmt, style, source_name=f"{stem}.txt")
    return files


def preview_page(tree: str, style: Style | str, page: int) -> dict[str, Any]:
    """Page ``page`` of the tree's PDF (clamped to the pages there are): a PNG at 60 dpi, the page
    count, and the page's text (the image's text alternative), drawn by PDFium (pypdfium2, a wheel
    on every platform: no system tool needed)."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(render_formats(tree, style, ["pdf"], "preview")["preview.pdf"])
    try:
        pages = len(pdf)
        page = min(max(page, 1), pages)
        shown = pdf[page - 1]
        image = shown.render(scale=60 / 72).to_pil()
        text = shown.get_textpage().get_text_bounded()
    finally:
        pdf.close()
    png = io.BytesIO()
    image.save(png, format="PNG", optimize=False)
    return {"page": page, "pages": pages, "png": png.getvalue(), "text": text}


def load_sheet(name: str, text: bytes, language: str = "en") -> Style:
    """An uploaded ``.toml`` style sheet, read by the CLI's loader (same checks, same messages).

    Its ``base`` may only name a built-in style: a path in a request never reaches the file
    system. The sheet is read from a temporary folder, whose path the messages do not show.
    """
    from converter import styles

    try:
        data = tomllib.loads(text.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        data = {}  # the loader below says what is wrong, as the CLI does
    base = data.get("base")
    if base is not None and base not in styles.available():
        known = ", ".join(styles.available())
        raise styles.StyleError(texts(language)["style_base"].format(known=known, base=repr(base)))
    with tempfile.TemporaryDirectory(prefix="converter-web-") as folder:
        path = Path(folder) / "sheet.toml"
        path.write_bytes(text)
        try:
            return styles.load(path)
        except styles.StyleError as exc:
            raise styles.StyleError(str(exc).replace(str(path), name)) from None


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
