"""The JSON writer: the outline tree as ``converter outline --json`` prints it.

JSON is the tree itself, so this writer renders nothing: it walks the tree once (an unknown
node type is refused, as by every writer) and prints the nodes' own ``to_dict`` forms.
"""

from __future__ import annotations

import json
from pathlib import Path

from converter.styles import Style
from converter.tree import Document, check
from converter.writers.base import WriteOptions, WriteResult


def dumps(doc: Document) -> str:
    return json.dumps(check(doc).to_dict(), ensure_ascii=False, indent=2) + "\n"


class JsonWriter:
    name = "json"
    suffix = ".json"
    description = "the outline tree as JSON (edit it, then build from it)"

    def write(self, doc: Document, style: Style, path: Path, options: WriteOptions) -> WriteResult:
        path.write_text(dumps(doc), encoding="utf-8", newline="\n")
        return WriteResult()
