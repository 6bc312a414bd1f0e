"""Outline JSON to tree: parse and validate once, naming the path of anything wrong.

Users edit this JSON and build from it, so every check a writer would otherwise trip over
happens here, with the place in the file (``children[2].children[0].text``): wrong types
(``"level": true``, ``"title": 0``), a lone surrogate no file format can hold, nesting no
reader could follow (refused before Python's recursion limit is near), a tree with no text.
Version 1 files (no ``schema``) load as before. The shape is described in docs/outline.md.
"""

from __future__ import annotations

import json
import re
from itertools import pairwise
from typing import Any

from converter.tree.nodes import (
    MAX_DEPTH,
    SCHEMA,
    Attachment,
    Closing,
    Document,
    Header,
    Imprint,
    Node,
    Paragraph,
    Section,
    Table,
)

_SURROGATE = re.compile("[\ud800-\udfff]")
_TOP_KEYS = {
    "schema", "header", "title", "subtitle", "date", "author", "notes", "salutation",
    "children", "closing", "attachments", "imprint",
}  # fmt: skip
_HEADER_KEYS = ("copy_number", "classification", "urgency", "issuer", "doc_number")
_CLOSING_KEYS = ("sign_date", "note")
_IMPRINT_KEYS = ("cc", "issued_by", "issued_date")


def document_from_json(data: bytes | str) -> Document:
    """Parse JSON bytes (UTF-8, UTF-16 or UTF-32, with or without a BOM) or text, then validate."""
    if isinstance(data, bytes):
        data = _decode(data)
    try:
        parsed = json.loads(data.lstrip("\ufeff"))
    except RecursionError:
        raise ValueError(f"nested more than {MAX_DEPTH} levels deep") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.msg}, line {exc.lineno})") from None
    except ValueError:  # Python refuses to convert integers of more than 4,300 digits
        raise ValueError("not valid JSON (a number too long to read)") from None
    return document_from_dict(parsed)


def _decode(data: bytes) -> str:
    boms = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
            (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))  # fmt: skip
    encoding = next((name for bom, name in boms if data.startswith(bom)), None) or json.detect_encoding(data)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ValueError(f"not {encoding} text (byte {exc.start})") from None


def document_from_dict(data: Any) -> Document:
    if not isinstance(data, dict):
        raise ValueError("outline JSON must be an object")
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise ValueError(f"unknown keys {', '.join(sorted(unknown))} (is this a report, not an outline?)")
    schema = data.get("schema", 1)
    if type(schema) is not int or schema not in (1, SCHEMA):
        raise ValueError(f"'schema' must be 1 or {SCHEMA}, not {schema!r}")
    if "children" not in data:
        raise ValueError("outline JSON needs 'children'")
    doc = Document(
        title=_text(data.get("title"), "title", blank=True) or "",
        subtitle=_text(data.get("subtitle"), "subtitle"),
        date=_text(data.get("date"), "date"),
        author=_text(data.get("author"), "author"),
        salutation=_text(data.get("salutation"), "salutation"),
        children=_nodes(data["children"], "children", 1),
        header=_header(data.get("header")),
        notes=_strings(data.get("notes", []), "notes"),
        closing=_closing(data.get("closing")),
        attachments=_attachments(data.get("attachments", [])),
        imprint=_imprint(data.get("imprint")),
    )
    if not "".join(doc.text_pieces()).strip():
        raise ValueError("the outline holds no text (no title, no paragraph)")
    return doc


def _text(value: Any, where: str, optional: bool = True, blank: bool = False) -> str | None:
    """A string field: null allowed when ``optional``, whitespace-only only when ``blank``."""
    if value is None and optional:
        return None
    if not isinstance(value, str):
        kind = "a string or null" if optional else "a string"
        raise ValueError(f"{where} must be {kind}, not {json.dumps(value)[:20]}")
    m = _SURROGATE.search(value)
    if m:
        raise ValueError(f"{where} holds a lone surrogate U+{ord(m.group()):04X} at character {m.start() + 1}")
    if not blank and not value.strip():
        raise ValueError(f"{where} is empty or only whitespace (use null, or leave the item out)")
    return value


def _strings(items: Any, where: str) -> tuple[str, ...]:
    if not isinstance(items, list):
        raise ValueError(f"{where} must be a list of strings")
    return tuple(_text(item, f"{where}[{i}]", optional=False) or "" for i, item in enumerate(items))


def _object(value: Any, where: str, keys: tuple[str, ...]) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError(f"{where} must be an object or null")
    unknown = set(value) - set(keys)
    if unknown:
        raise ValueError(f"{where} has unknown keys {', '.join(sorted(unknown))}; known: {', '.join(keys)}")
    return value


def _header(value: Any) -> Header | None:
    data = _object(value, "header", (*_HEADER_KEYS, "signers"))
    if data is None:
        return None
    fields = {key: _text(data.get(key), f"header.{key}") for key in _HEADER_KEYS}
    return Header(**fields, signers=_strings(data.get("signers", []), "header.signers"))


def _closing(value: Any) -> Closing | None:
    data = _object(value, "closing", ("attachment_notes", "signature", *_CLOSING_KEYS))
    if data is None:
        return None
    return Closing(
        attachment_notes=_strings(data.get("attachment_notes", []), "closing.attachment_notes"),
        signature=_strings(data.get("signature", []), "closing.signature"),
        **{key: _text(data.get(key), f"closing.{key}") for key in _CLOSING_KEYS},
    )


def _imprint(value: Any) -> Imprint | None:
    data = _object(value, "imprint", _IMPRINT_KEYS)
    if data is None:
        return None
    return Imprint(**{key: _text(data.get(key), f"imprint.{key}") for key in _IMPRINT_KEYS})


def _attachments(items: Any) -> tuple[Attachment, ...]:
    if not isinstance(items, list):
        raise ValueError("attachments must be a list")
    out = []
    for i, item in enumerate(items):
        here = f"attachments[{i}]"
        data = _object(item, here, ("label", "title", "children"))
        if data is None:
            raise ValueError(f"{here} must be an object")
        out.append(
            Attachment(
                label=_text(data.get("label", ""), f"{here}.label", optional=False, blank=True) or "",
                title=_text(data.get("title", ""), f"{here}.title", optional=False, blank=True) or "",
                children=_nodes(data.get("children", []), f"{here}.children", 1),
            )
        )
    return tuple(out)


def _nodes(items: Any, where: str, depth: int) -> tuple[Node, ...]:
    if not isinstance(items, list):
        raise ValueError(f"{where} must be a list")
    if depth > MAX_DEPTH:
        raise ValueError(f"{where}: sections nested more than {MAX_DEPTH} levels deep")
    nodes: list[Node] = []
    for i, item in enumerate(items):
        here = f"{where}[{i}]"
        if not isinstance(item, dict):
            raise ValueError(f"{here} must be an object")
        kind = item.get("type")
        if kind == "paragraph":
            nodes.append(_paragraph(item, here))
        elif kind == "section":
            nodes.append(_section(item, here, depth))
        elif kind == "table":
            nodes.append(_table(item, here))
        else:
            raise ValueError(f"{here}.type must be 'paragraph', 'section' or 'table', not {json.dumps(kind)[:20]}")
    return tuple(nodes)


def _paragraph(item: dict[str, Any], here: str) -> Paragraph:
    unknown = set(item) - {"type", "text", "marker", "points"}
    if unknown:
        raise ValueError(f"{here} has unknown keys {', '.join(sorted(unknown))}")
    text = _text(item.get("text"), f"{here}.text", optional=False) or ""
    marker = _text(item.get("marker", ""), f"{here}.marker", optional=False, blank=True) or ""
    points = []
    raw = item.get("points") or []
    if not isinstance(raw, list):
        raise ValueError(f"{here}.points must be a list of [start, end] pairs")
    for p in raw:
        if not (isinstance(p, list) and len(p) == 2 and all(type(v) is int for v in p)):
            raise ValueError(f"{here}.points must hold [start, end] pairs of integers")
        if not 0 <= p[0] < p[1] <= len(text):
            raise ValueError(f"{here}.points {p} lies outside the text")
        points.append((p[0], p[1]))
    points.sort()
    if any(later[0] < earlier[1] for earlier, later in pairwise(points)):
        raise ValueError(f"{here}.points overlap")
    return Paragraph(text=text, points=tuple(points), marker=marker)


def _section(item: dict[str, Any], here: str, depth: int) -> Section:
    unknown = set(item) - {"type", "level", "marker", "heading", "runin", "children"}
    if unknown:
        raise ValueError(f"{here} has unknown keys {', '.join(sorted(unknown))}")
    level = item.get("level")
    if type(level) is not int or not 1 <= level <= MAX_DEPTH:
        raise ValueError(f"{here}.level must be a whole number from 1 to {MAX_DEPTH}, not {json.dumps(level)[:20]}")
    marker = _text(item.get("marker", ""), f"{here}.marker", optional=False, blank=True) or ""
    heading = _text(item.get("heading", ""), f"{here}.heading", optional=False, blank=True) or ""
    runin = item.get("runin", False)
    if not isinstance(runin, bool):
        raise ValueError(f"{here}.runin must be true or false")
    children = _nodes(item.get("children", []), f"{here}.children", depth + 1)
    if not (marker + heading).strip() and not children:
        raise ValueError(f"{here} has no marker, no heading and no children")
    return Section(level=level, marker=marker, heading=heading, runin=runin, children=children)


def _table(item: dict[str, Any], here: str) -> Table:
    """A table: rows of cells; a cell is a list of paragraphs, or a string as shorthand for one."""
    unknown = set(item) - {"type", "rows", "header_rows", "caption"}
    if unknown:
        raise ValueError(f"{here} has unknown keys {', '.join(sorted(unknown))}")
    rows = item.get("rows")
    if not isinstance(rows, list) or not rows or not all(isinstance(r, list) and r for r in rows):
        raise ValueError(f"{here}.rows must be a list of rows, each a non-empty list of cells")
    out = []
    for r, row in enumerate(rows):
        cells = []
        for c, cell in enumerate(row):
            where = f"{here}.rows[{r}][{c}]"
            if isinstance(cell, str):
                cell = [{"type": "paragraph", "text": cell}] if cell.strip() else []
            if not isinstance(cell, list):
                raise ValueError(f"{where} must be a list of paragraphs or a string")
            paragraphs = []
            for k, p in enumerate(cell):
                if not isinstance(p, dict) or p.get("type", "paragraph") != "paragraph":
                    raise ValueError(f"{where}[{k}] must be a paragraph object")
                paragraphs.append(_paragraph({"type": "paragraph", **p}, f"{where}[{k}]"))
            cells.append(tuple(paragraphs))
        out.append(tuple(cells))
    header_rows = item.get("header_rows", 1)
    if type(header_rows) is not int or not 0 <= header_rows <= len(out):
        raise ValueError(f"{here}.header_rows must be a whole number from 0 to {len(out)}")
    caption = _text(item.get("caption"), f"{here}.caption")
    return Table(rows=tuple(out), header_rows=header_rows, caption=caption)
