"""The JSON writer: the outline tree as ``converter outline --json`` prints it."""

from __future__ import annotations

import json
from pathlib import Path

from converter.model import Document
from converter.styles import Style
from converter.writers.base import WriteOptions, WriteResult


def dumps(doc: Document) -> str:
    return json.dumps(doc.to_dict(), ensure_ascii=False, indent=2) + "\n"


class JsonWriter:
    name = "json"
    suffix = ".json"
    description = "the outline tree as JSON (edit it, then build from it)"

    def write(self, doc: Document, style: Style, path: Path, options: WriteOptions) -> WriteResult:
        path.write_text(dumps(doc), encoding="utf-8", newline="\n")
        return WriteResult()
