"""The reading chain: bytes → decode → clean → normalise → reflow → outline → Document.

Each pass is a module with one job and writes what it did to the shared :class:`Report`.
DOCX, Markdown and the office formats LibreOffice converts reach the same outline pass by
their own first passes (converter/reading/sources.py tells them apart).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from converter.i18n import _
from converter.model import Document
from converter.reading.errors import ReadError
from converter.reading.flags import Uncovered, flag
from converter.reading.lines import Line
from converter.reading.outline import outline
from converter.reading.reflow import Block
from converter.reading.report import Report
from converter.reading.sources import SUFFIXES, read_blocks, text_blocks

__all__ = ["SUFFIXES", "ReadError", "Reading", "Report", "Uncovered", "parse_bytes", "parse_file", "parse_text"]


@dataclass
class Reading:
    document: Document
    report: Report


def parse_text(text: str, report: Report | None = None, uncovered: Uncovered | None = None) -> Reading:
    """``uncovered`` finds characters no font can print (the reader knows no fonts); None skips that check."""
    report = Report() if report is None else report
    return _parse(*text_blocks(text, report), report, uncovered)


def parse_bytes(
    data: bytes,
    report: Report | None = None,
    encoding: str | None = None,
    uncovered: Uncovered | None = None,
    name: str = "",
) -> Reading:
    """Any input kind, told apart by content (``name``'s suffix tells Markdown); ``encoding`` skips detection."""
    report = Report() if report is None else report
    return _parse(*read_blocks(data, name, report, encoding), report, uncovered)


def parse_file(path: str | Path, encoding: str | None = None, uncovered: Uncovered | None = None) -> Reading:
    """Read a file; ReadError carries a one-line reason for anything unreadable."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReadError(_("{path}: no such file").format(path=path)) from None
    except IsADirectoryError:
        raise ReadError(_("{path}: is a folder, not a file").format(path=path)) from None
    except OSError as exc:
        raise ReadError(_("{path}: cannot read ({reason})").format(path=path, reason=exc.strerror)) from None
    try:
        return parse_bytes(data, encoding=encoding, uncovered=uncovered, name=path.name)
    except ReadError as exc:
        raise ReadError(f"{path}: {exc}") from None


def _parse(blocks: list[Block], lines: Sequence[Line], report: Report, uncovered: Uncovered | None) -> Reading:
    """``lines`` are the text's source lines (none for DOCX and Markdown), for passes that undo a join."""
    if not blocks:
        if report.input_kind != "text":
            raise ReadError(_("the {kind} file holds no text").format(kind=report.input_kind))
        raise ReadError(_("nothing is left once page numbers and running headers are removed"))
    document = outline(blocks, report, list(lines))
    flag(blocks, document, report, uncovered)
    return Reading(document, report)
