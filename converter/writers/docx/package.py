"""Core properties and a byte-for-byte reproducible ZIP.

python-docx stamps zip entries with the current time and fills core.xml with its own
name and dates; we set everything from the document and ``epoch(options)`` instead,
then rewrite the archive with fixed entry dates (same input, same bytes).
"""

from __future__ import annotations

import io
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from converter.prepare import Prepared
from converter.styles import Style
from converter.xmltext import xml_safe

# python-docx refuses core properties longer than this (and Word's own limit is the same).
PROPERTY_MAX = 255


def _safe(text: str | None) -> str:
    """Text a core property can hold: XML-safe, cut to 255 characters with an ellipsis."""
    clean = xml_safe(text or "")[0]
    return clean if len(clean) <= PROPERTY_MAX else clean[: PROPERTY_MAX - 1] + "…"


def core_properties(document: Any, prepared: Prepared, style: Style, stamp: int) -> None:
    doc = prepared.source
    when = datetime.fromtimestamp(stamp, UTC).replace(tzinfo=None)
    props = document.core_properties
    props.title = _safe(doc.title)
    props.subject = _safe(doc.subtitle)
    props.author = _safe(doc.author)
    props.last_modified_by = _safe(doc.author)
    props.comments = ""
    props.language = "zh-CN"
    props.revision = 1
    props.created = when
    props.modified = when
    props.keywords = _safe(", ".join(prepared.keywords(style.docx.keywords)))


def save_reproducibly(document: Any, path: Path, stamp: int) -> None:
    """Save, then copy every entry into a new ZIP with a fixed date and fixed attributes."""
    raw = io.BytesIO()
    document.save(raw)
    # zip dates start in 1980 and carry local wall-clock fields: use the UTC fields of the epoch
    date_time = max(time.gmtime(stamp)[:6], (1980, 1, 1, 0, 0, 0))
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            data = src.read(info.filename)
            if info.filename == "docProps/app.xml":
                data = _app_properties(data)
            dst.writestr(entry, data)


def _app_properties(data: bytes) -> bytes:
    """python-docx's template says it was made by "Microsoft Macintosh Word"; say who made it."""
    from lxml import etree

    root = etree.fromstring(data)
    node = root.find("{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}Application")
    if node is not None:  # AppVersion stays: Word expects its own NN.NNNN form there
        node.text = "converter"
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
