"""The reading chain: bytes → decode → clean → normalise → reflow → outline → Document.

Each pass is a module with one job and writes what it did to the shared :class:`Report`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from converter.model import Document
from converter.reading.clean import clean
from converter.reading.decode import decode
from converter.reading.errors import ReadError
from converter.reading.flags import Uncovered, flag
from converter.reading.normalise import normalise
from converter.reading.outline import outline
from converter.reading.reflow import reflow
from converter.reading.report import Report

__all__ = ["ReadError", "Reading", "Report", "Uncovered", "parse_bytes", "parse_file", "parse_text"]


@dataclass
class Reading:
    document: Document
    report: Report


def parse_text(text: str, report: Report | None = None, uncovered: Uncovered | None = None) -> Reading:
    """``uncovered`` finds characters no font can print (the reader knows no fonts); None skips that check."""
    return _parse(text, Report() if report is None else report, uncovered)


def parse_bytes(
    data: bytes, report: Report | None = None, encoding: str | None = None, uncovered: Uncovered | None = None
) -> Reading:
    """Decode (``encoding`` skips detection), then read; ReadError for what is not text."""
    report = Report() if report is None else report
    return _parse(decode(data, report, encoding), report, uncovered)


def parse_file(path: str | Path, encoding: str | None = None, uncovered: Uncovered | None = None) -> Reading:
    """Read a file; ReadError carries a one-line reason for anything unreadable."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReadError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ReadError(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        raise ReadError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        return parse_bytes(data, encoding=encoding, uncovered=uncovered)
    except ReadError as exc:
        raise ReadError(f"{path}: {exc}") from None


def _parse(text: str, report: Report, uncovered: Uncovered | None) -> Reading:
    if not text.strip():
        raise ReadError("the file holds only whitespace")
    lines = normalise(clean(text, report), report)
    blocks = reflow(lines, report)
    if not blocks:
        raise ReadError("nothing is left once page numbers and running headers are removed")
    document = outline(blocks, report, lines)
    flag(blocks, document, report, uncovered)
    return Reading(document, report)
