"""A style as a complete TOML sheet: every key, each with its type, unit, range and meaning.

What ``converter styles NAME`` prints: saved to a file it loads as the same style, so it is
both the reference of every key ``--set`` can reach and a starting point for one's own sheet.
"""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any

from converter.style.schema import describe, field_types, spec_of
from converter.style.sheet import KEYED, TABLES, TEXTS, Style

COMMENT_COLUMN = 34


def explain(style: Style) -> str:
    """The style's sheet (``style.raw``) as TOML, one commented line per key."""
    raw = style.raw
    lines = [
        f"# Style sheet {style.name!r}: every key, with its type, unit and range.",
        "# Change one key with --set KEY=VALUE (e.g. --set page.lines=20), or save this as a .toml",
        '# file, keep what you change and add base = "gongwen" (or another built-in sheet).',
    ]
    for key, rule in TEXTS.items():
        if key in raw:
            lines.append(_line(key, raw[key], describe(str, rule), rule.help))
    for key, table in TABLES.items():
        lines += _table(key, table, raw[key])
        if key == "latin":  # keep the sheet's own order: page, numbers, Latin face, elements, roles, writers
            for keyed, (cls, names) in KEYED.items():
                for name in names:
                    lines += _table(f"{keyed}.{name}", cls, raw[keyed][name])
    return "\n".join(lines) + "\n"


def _table(where: str, cls: type, values: dict[str, Any]) -> list[str]:
    out = ["", f"[{where}]"]
    nested = []
    kinds = field_types(cls)
    for f in fields(cls):
        rule, kind = spec_of(f), kinds[f.name]
        if isinstance(kind, type) and hasattr(kind, "__dataclass_fields__"):
            nested.append((f"{where}.{f.name}", kind, values[f.name]))
        elif f.name in values:
            out.append(_line(f.name, values[f.name], describe(kind, rule), rule.help))
        else:
            out.append(_line(f"# {f.name}", None, describe(kind, rule), rule.help))
    for args in nested:
        out += _table(*args)
    return out


def _line(key: str, value: Any, kind: str, help: str) -> str:
    assign = f"{key} = {toml_value(value)}" if value is not None else f"{key} = (not set)"
    return f"{assign:<{COMMENT_COLUMN}} # {kind}: {help}" if help else f"{assign:<{COMMENT_COLUMN}} # {kind}"


def toml_value(value: Any) -> str:
    """A TOML literal: strings escaped (control characters and DEL as \\uXXXX), floats kept as floats."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
