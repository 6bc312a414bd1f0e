"""What kind of file this is, and the passes that turn it into blocks for the outline.

The one place inputs are told apart, by content first and file name second:

- a ZIP holding ``word/document.xml`` is DOCX (converter/reading/docx_source.py);
- an OLE file (``.doc``, ``.wps``), ``{\\rtf``, an OpenDocument ZIP (``.odt``) or a web page
  (the "Word" files many sites export are HTML named ``.doc``) is converted to DOCX by
  LibreOffice (``soffice --headless --convert-to docx``, in a temporary folder, with a time
  limit), then read as DOCX;
- text named ``.md``/``.markdown``, or text that clearly uses Markdown syntax (noted in the
  report), is Markdown (converter/reading/markdown_source.py);
- any other text takes the plain-text chain: clean → normalise → tables → reflow.

The kind shows in the report (``Report.input``).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from converter.i18n import _
from converter.reading.clean import clean
from converter.reading.decode import decode
from converter.reading.errors import ReadError
from converter.reading.lines import Line
from converter.reading.normalise import normalise
from converter.reading.reflow import Block, reflow
from converter.reading.report import Report
from converter.reading.structured import blocks as structured_blocks
from converter.reading.tables import merge, take_tables

TEXT_SUFFIXES = (".txt", ".text")
MARKDOWN_SUFFIXES = (".md", ".markdown")
OFFICE_SUFFIXES = (".doc", ".wps", ".rtf", ".odt", ".wpt", ".dot", ".htm", ".html")
SUFFIXES = (*TEXT_SUFFIXES, *MARKDOWN_SUFFIXES, ".docx", ".docm", ".dotx", *OFFICE_SUFFIXES)  # a folder search's
CONVERT_SECONDS = 120
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODT = b"application/vnd.oasis.opendocument.text"
_HTML = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)", re.IGNORECASE | re.DOTALL)
_FILTERS = {"html": "docx:MS Word 2007 XML"}  # LibreOffice opens a web page in Writer/Web: name the export
# the import filter each kind must load with: unnamed, LibreOffice reads a file it cannot parse as plain text
_IMPORTS = {"doc": ("MS Word 97",), "dot": ("MS Word 97",), "wps": ("MS Word 97", "MS_Works"),
            "wpt": ("MS Word 97",), "rtf": ("Rich Text Format",), "odt": ("writer8",),
            "html": ("HTML (StarWriter)",)}  # fmt: skip


def kind_of(data: bytes, name: str = "") -> str:
    """``docx``, ``doc``, ``wps``, ``rtf``, ``odt``, ``html`` or ``text`` (Markdown is told apart once decoded)."""
    if data.startswith(b"PK\x03\x04"):
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
        except (zipfile.BadZipFile, OSError, RuntimeError):
            raise ReadError(_("a damaged ZIP archive, not a document")) from None
        if "word/document.xml" in names:
            return "docx"
        if mimetype.startswith(_ODT):
            return "odt"
        raise ReadError(_("a ZIP archive, not a document (DOCX, ODT) this can read"))
    if data.startswith(_OLE):
        suffix = Path(name).suffix.lower()
        return suffix.lstrip(".") if suffix in (".wps", ".dot", ".wpt") else "doc"
    if data.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    if _HTML.match(data[:4096].lstrip(b"\xef\xbb\xbf")):
        return "html"
    return "text"


Blocks = tuple[list[Block], list[Line]]  # the blocks, and the source lines a text's blocks were joined from


def read_blocks(data: bytes, name: str, report: Report, encoding: str | None = None) -> Blocks:
    """Every input kind to the blocks the outline pass reads; ``encoding`` is for text (skips detection)."""
    kind = kind_of(data, name)
    if kind == "docx":
        return docx_blocks(data, report)
    if kind != "text":
        converted = convert_with_libreoffice(data, kind)
        blocks = docx_blocks(converted, report)
        report.input_kind = f"{kind} via docx"
        report.change("input", 1, 1, kind, "docx (LibreOffice)")
        return blocks
    text = decode(data, report, encoding)
    suffix = Path(name).suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return markdown_blocks(text, report)
    if suffix not in (".json",):
        from converter.reading.markdown_source import looks_like_markdown

        signs = looks_like_markdown(text)
        if signs:
            report.change("input", 1, 1, "text", f"markdown (it uses {', '.join(signs)})")
            message = _("read as Markdown: the text uses Markdown syntax ({signs})").format(signs=", ".join(signs))
            report.warn("markdown", 1, message)
            return markdown_blocks(text, report)
    return text_blocks(text, report)


def text_blocks(text: str, report: Report) -> Blocks:
    """The plain-text chain: clean → normalise → tables → reflow."""
    if not text.strip():
        raise ReadError(_("the file holds only whitespace"))
    report.input_kind = "text"
    lines = normalise(clean(text, report), report)
    tables = take_tables(lines, report)
    return merge(reflow(lines, report), tables), lines


def markdown_blocks(text: str, report: Report) -> Blocks:
    from converter.reading.markdown_source import read_markdown

    report.input_kind = "markdown"
    return structured_blocks(read_markdown(text, report), report), []


def docx_blocks(data: bytes, report: Report) -> Blocks:
    from converter.reading.docx_source import read_docx

    report.input_kind = "docx"
    report.encoding = report.encoding or "utf-8"
    return structured_blocks(read_docx(data, report), report), []


def convert_with_libreoffice(data: bytes, kind: str) -> bytes:
    """The file as DOCX, converted by LibreOffice in a temporary folder; ReadError naming the package if absent."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ReadError(
            _(
                "reading .{kind} files needs LibreOffice to convert them to DOCX: install the libreoffice-writer "
                "package (apt-get install libreoffice-writer), or save the file as .docx in Word or WPS"
            ).format(kind=kind)
        )
    with tempfile.TemporaryDirectory(prefix="converter-") as folder:
        source = Path(folder) / f"input.{kind}"
        source.write_bytes(data)
        target = source.with_suffix(".docx")
        for import_filter in _IMPORTS[kind]:  # .wps is Kingsoft WPS (a Word file) or, rarely, Microsoft Works
            _soffice(soffice, folder, source, import_filter, _FILTERS.get(kind, "docx"))
            if target.exists():
                return target.read_bytes()
        raise ReadError(
            _(
                "LibreOffice could not convert this .{kind} file to DOCX (is it damaged?); "
                "open it in WPS or Word and save it as .docx"
            ).format(kind=kind)
        )


def _soffice(soffice: str, folder: str, source: Path, import_filter: str, export: str) -> None:
    profile = Path(folder) / "profile"  # its own profile: a running LibreOffice cannot block it
    command = [
        soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
        f"--infilter={import_filter}", "--convert-to", export, "--outdir", folder, str(source),
    ]  # fmt: skip
    try:
        subprocess.run(
            command, capture_output=True, timeout=CONVERT_SECONDS, check=False, env={**os.environ, "HOME": folder}
        )
    except subprocess.TimeoutExpired:
        raise ReadError(
            _("LibreOffice took more than {seconds} s to convert this .{kind} file").format(
                seconds=CONVERT_SECONDS, kind=source.suffix[1:]
            )
        ) from None
