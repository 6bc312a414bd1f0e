"""What a posted form becomes: the form itself under the size limit, names made safe, the chosen style,
the tree with the form's fields applied.

Nothing from a request is used as a path: names are only shown and used to name outputs.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request

from converter.styles import Style, StyleError
from converter.web import work


class TooLarge(Exception):
    """The request body passed the upload limit."""


class SheetError(Exception):
    """An uploaded style sheet the CLI's loader refuses; ``reason`` is the loader's message."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name, self.reason = name, reason


async def read_form(request: Request) -> Any:
    """The request's form, refused past the limit (by its declared length and by what arrives)."""
    limit = request.app.state.limit
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge
    return await request.form(max_files=200, max_fields=2000, max_part_size=limit)


async def style_of(data: Any, lang: str) -> Style | str:
    """The uploaded style sheet when one came with the form, else the chosen built-in style."""
    sheet = data.get("sheet")
    if isinstance(sheet, UploadFile) and sheet.filename:
        name = safe_name(sheet.filename)
        try:
            return work.load_sheet(name, await sheet.read(), lang)
        except StyleError as exc:
            raise SheetError(name, str(exc)) from None
    return choice(str(data.get("style", "gongwen")), work.STYLES)


def edited(tree: str, data: Any) -> str:
    """The tree with the form's title, 版头 and 落款 fields applied (blank fields leave a part as it was)."""
    from converter.model import Closing, Header
    from converter.outline_json import document_from_json
    from converter.writers.json_writer import dumps

    doc = document_from_json(tree)
    fields = {
        key: str(data.get(key, "")).strip() for key in ("title", "issuer", "doc_number", "signature", "sign_date")
    }
    if fields["title"]:
        doc = replace(doc, title=fields["title"])
    if fields["issuer"] or fields["doc_number"]:
        header = doc.header or Header()
        doc = replace(
            doc, header=replace(header, issuer=fields["issuer"] or None, doc_number=fields["doc_number"] or None)
        )
    if fields["signature"] or fields["sign_date"]:
        closing = doc.closing or Closing()
        signature = tuple(line.strip() for line in fields["signature"].splitlines() if line.strip())
        doc = replace(doc, closing=replace(closing, signature=signature, sign_date=fields["sign_date"] or None))
    return dumps(doc)


def choice(value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ValueError(f"{value!r} is not one of {', '.join(allowed)}")
    return value


def safe_name(filename: str) -> str:
    """An upload's name for display and output names only: the last path piece, never opened."""
    return re.split(r"[\\/]", filename)[-1][:200] or "upload.txt"


def stem(name: str) -> str:
    bare = re.sub(r"\.(txt|json|md)$", "", safe_name(name), flags=re.IGNORECASE)
    return re.sub(r'[\x00-\x1f<>:"|?*]', "_", bare).strip(". ") or "document"


def unique(stems: list[str]) -> list[str]:
    seen: Counter[str] = Counter()
    out = []
    for one in stems:
        seen[one] += 1
        out.append(one if seen[one] == 1 else f"{one}-{seen[one]}")
    return out
