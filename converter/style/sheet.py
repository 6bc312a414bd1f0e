"""Style sheets: TOML files read into one typed :class:`Style`, checked before any writer runs.

A sheet may name a ``base`` and list only what it changes; ``--set key=value`` overrides
reach every key a sheet can hold. Every value is checked against its table's range and
choices (``converter.style.tables``), so no style can crash a writer (docs/styles.md).
"""

from __future__ import annotations

import copy
import math
import stat
import tomllib
from dataclasses import dataclass, fields, is_dataclass, replace
from pathlib import Path
from typing import Any

from converter.resources import data_dir
from converter.style.schema import (
    SEE_ALL,
    Spec,
    StyleError,
    check_value,
    coerce_text,
    field_types,
    read_table,
    spec_of,
    suggest,
    unknown_key,
)
from converter.style.tables import (
    ELEMENTS,
    MM_PER_PT,
    ROLES,
    AttachmentSettings,
    ClosingSettings,
    Cover,
    DocxSettings,
    Element,
    EpubSettings,
    HeaderSettings,
    ImprintSettings,
    Latin,
    Page,
    PageNumber,
    PdfSettings,
    Role,
)

STYLES_DIR = data_dir("styles")
MAX_SHEET_BYTES = 1 << 20  # a style sheet is a few kilobytes
MAX_BASE_DEPTH = 16

# the parts of a 公文 (docs/gbt9704.md §8–§13): optional, every key has the standard's value
PARTS: dict[str, type] = {
    "header": HeaderSettings,
    "closing": ClosingSettings,
    "attachment": AttachmentSettings,
    "imprint": ImprintSettings,
}
TABLES: dict[str, type] = {
    "page": Page,
    "page_number": PageNumber,
    "latin": Latin,
    "epub": EpubSettings,
    "docx": DocxSettings,
    "pdf": PdfSettings,
    **PARTS,
}
KEYED: dict[str, tuple[type, tuple[str, ...]]] = {"elements": (Element, ELEMENTS), "roles": (Role, ROLES)}
TEXTS = {
    "name": Spec("the sheet's name", max_len=100),
    "description": Spec("one line shown by converter styles", max_len=500),
}
TOP_KEYS = (*TEXTS, *TABLES, *KEYED)


@dataclass(frozen=True)
class Style:
    name: str
    description: str
    page: Page
    page_number: PageNumber
    latin_family: str
    elements: dict[str, Element]
    roles: dict[str, Role]
    epub: EpubSettings
    docx: DocxSettings
    pdf: PdfSettings
    header: HeaderSettings
    closing: ClosingSettings
    attachment: AttachmentSettings
    imprint: ImprintSettings
    raw: dict[str, Any]  # the whole sheet as plain data, every key: what ``converter styles NAME`` prints

    def element(self, name: str) -> Element:
        return self.elements[name]

    def heading(self, level: int) -> Element:
        """Style for a section of nesting ``level``; levels past 4 reuse level 4."""
        return self.elements[f"heading{min(max(level, 1), 4)}"]


def available() -> dict[str, Path]:
    """Built-in style sheets by name."""
    return {p.stem: p for p in sorted(STYLES_DIR.glob("*.toml"))}


def load(name_or_path: str | Path = "gongwen", overrides: list[str] | None = None) -> Style:
    """Read a built-in style by name or a ``.toml`` file, then apply ``key=value`` overrides."""
    path = _locate(name_or_path)
    data = _inherit(_read_toml(path), path, ())
    for item in overrides or []:
        data = apply_override(data, item)
    return from_dict(data)


def _locate(name_or_path: str | Path, near: Path | None = None) -> Path:
    text = str(name_or_path)
    if text.endswith(".toml") or "/" in text or "\\" in text:
        path = Path(text)
        if near is not None and not path.is_absolute() and (near / path).is_file():
            path = near / path  # a base named relative to the sheet that names it
        if not path.is_file():
            raise StyleError(f"style sheet file not found: {path}")
        return path
    known = available()
    if text not in known:
        raise StyleError(f"unknown style {text!r}{suggest(text, known)}; known styles: {', '.join(known)}")
    return known[text]


def _inherit(data: dict[str, Any], path: Path, chain: tuple[Path, ...]) -> dict[str, Any]:
    """A sheet may say ``base = "gongwen"`` and list only what it changes; a loop is refused."""
    base = data.pop("base", None)
    if base is None:
        return data
    if not isinstance(base, str):
        raise StyleError(f"'base' in {path} must be a style name or a .toml file, not {base!r}")
    chain = (*chain, path.resolve())
    base_path = _locate(base, path.parent)
    if base_path.resolve() in chain:
        names = " → ".join(p.name for p in (*chain, base_path.resolve()))
        raise StyleError(f"the base chain of style sheet {chain[0]} loops: {names}")
    if len(chain) > MAX_BASE_DEPTH:
        raise StyleError(f"the base chain of style sheet {chain[0]} is longer than {MAX_BASE_DEPTH} sheets")
    merged = copy.deepcopy(_inherit(_read_toml(base_path), base_path, chain))
    _deep_merge(merged, data)
    return merged


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_SHEET_BYTES:
            raise StyleError(f"style sheet {path} is not a regular file of at most {MAX_SHEET_BYTES} bytes")
        with path.open("rb") as handle:
            text = handle.read(MAX_SHEET_BYTES + 1).decode("utf-8")
        return tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise StyleError(f"cannot read style sheet {path}: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise StyleError(f"style sheet {path} is not valid TOML: {exc}") from exc


def _deep_merge(into: dict[str, Any], new: dict[str, Any]) -> None:
    for key, value in new.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _deep_merge(into[key], value)
        else:
            into[key] = value


def apply_override(data: dict[str, Any], item: str) -> dict[str, Any]:
    """Apply one ``dotted.key=value`` override to any key a sheet can hold."""
    if "=" not in item:
        raise StyleError(f"override {item!r} must look like key=value, e.g. page.lines=22")
    key, _, raw_value = item.partition("=")
    parts = key.strip().split(".")
    kind, rule = field_at(parts)
    data = copy.deepcopy(data)
    node = data
    for part in parts[:-1]:
        if not isinstance(node.get(part), dict):
            node[part] = {}
        node = node[part]
    node[parts[-1]] = coerce_text(raw_value.strip(), kind, rule, ".".join(parts))
    return data


def field_at(parts: list[str]) -> tuple[Any, Spec]:
    """The type and spec of the key ``parts`` (``["page", "lines"]``), or a StyleError with a suggestion."""
    head, rest = parts[0], parts[1:]
    if head in TEXTS and not rest:
        return str, TEXTS[head]
    if head in TABLES:
        table, where = TABLES[head], head
    elif head in KEYED and rest:
        table, names = KEYED[head]
        if rest[0] not in names:
            raise unknown_key(head, rest[0], names)
        where, rest = f"{head}.{rest[0]}", rest[1:]
    else:
        raise unknown_key("", head, TOP_KEYS)
    while rest:
        found = {f.name: f for f in fields(table)}
        if rest[0] not in found:
            raise unknown_key(where, rest[0], found)
        kind = field_types(table)[rest[0]]
        where, rest = f"{where}.{rest[0]}", rest[1:]
        if not rest:
            return kind, spec_of(found[where.rsplit(".", 1)[1]])
        if not is_dataclass(kind):
            raise unknown_key(where, rest[0], ())
        table = kind
    raise StyleError(f"style key {where!r} is a table; set one of its keys ({SEE_ALL})")


def from_dict(data: dict[str, Any]) -> Style:
    """The typed style of a whole sheet (inheritance done); every key and value is checked."""
    for key in data:
        if key not in TOP_KEYS:
            raise unknown_key("", key, TOP_KEYS)
    texts = {key: check_value(data.get(key, ""), str, rule, key) for key, rule in TEXTS.items()}
    tables = {key: read_table(cls, _table(data, key), key) for key, cls in TABLES.items()}
    keyed = {key: _keyed(cls, names, _table(data, key), key) for key, (cls, names) in KEYED.items()}
    raw = {**{k: v for k, v in texts.items() if k in data}, **{k: plain(v) for k, v in (tables | keyed).items()}}
    tables["page"], tables["epub"] = _derived(tables["page"], tables["epub"], keyed["elements"]["body"])
    _check_together(tables, keyed["elements"])
    return Style(
        name=texts["name"] or "custom",
        description=texts["description"],
        page=tables["page"],
        page_number=tables["page_number"],
        latin_family=tables["latin"].family,
        elements=keyed["elements"],
        roles=keyed["roles"],
        epub=tables["epub"],
        docx=tables["docx"],
        pdf=tables["pdf"],
        header=tables["header"],
        closing=tables["closing"],
        attachment=tables["attachment"],
        imprint=tables["imprint"],
        raw=raw,
    )


def _table(data: dict[str, Any], key: str) -> Any:
    if key not in data and key in PARTS:
        return {}
    if key not in data:
        raise StyleError(f'style sheet is missing the {key!r} table (add it, or say base = "gongwen")')
    return data[key]


def _keyed(cls: type, names: tuple[str, ...], table: Any, where: str) -> dict[str, Any]:
    """``[elements.body]``, ``[roles.song]``…: one typed table per known name, all of them present."""
    if not isinstance(table, dict):
        raise StyleError(f"style key {where!r} must be a table of tables ({SEE_ALL})")
    for name in table:
        if name not in names:
            raise unknown_key(where, name, names)
    return {name: read_table(cls, table.get(name), f"{where}.{name}") for name in names}


def _check_together(tables: dict[str, Any], elements: dict[str, Element]) -> None:
    """Values that are each in range but impossible together."""
    page: Page = tables["page"]
    if page.text_width_mm < 20 or page.text_height_mm < 20:
        raise StyleError(
            f"page margins leave a {page.text_width_mm:g} × {page.text_height_mm:g} mm text block; "
            f"it needs at least 20 mm each way (page.width_mm, page.left_mm, page.right_mm…; {SEE_ALL})"
        )
    number: PageNumber = tables["page_number"]
    _on_the_sheet(
        "the running header line",
        "page.header_gap_mm",
        page.header_gap_mm,
        "page.header_size_pt",
        page.header_size_pt,
        "page.top_mm",
        page.top_mm,
    )
    _on_the_sheet(
        "the page-number line",
        "page_number.gap_mm",
        number.gap_mm,
        "page_number.size_pt",
        number.size_pt,
        "page.bottom_mm",
        page.bottom_mm,
    )
    for name, element in elements.items():
        if element.indent_chars >= page.chars:
            raise StyleError(
                f"elements.{name}.indent_chars ({element.indent_chars:g}) leaves no room on a "
                f"line of page.chars = {page.chars} characters"
            )
    cover: Cover = tables["epub"].cover
    if cover.width_px - 2 * cover.margin_px < 100:
        raise StyleError(
            f"epub.cover.margin_px ({cover.margin_px}) leaves less than 100 px of the "
            f"{cover.width_px} px cover for the title"
        )


def _on_the_sheet(
    what: str, gap_key: str, gap_mm: float, size_key: str, size_pt: float, margin_key: str, margin_mm: float
) -> None:
    """A line centred ``gap_mm`` outside the text block, ``size_pt`` tall, must fit in the margin."""
    reach = gap_mm + size_pt * MM_PER_PT / 2
    if reach > margin_mm:
        raise StyleError(
            f"{what} ({gap_key} = {gap_mm:g} from the text block, plus half of {size_key}) would "
            f"fall off the sheet: {margin_key} = {margin_mm:g} needs at least {reach:.1f} mm"
        )


def fitting_chars(page: Page, body: Element) -> int:
    """As many whole body characters as the text block's width holds (as Word and LibreOffice fill a line)."""
    return min(max(math.floor(page.text_width_mm / MM_PER_PT / body.size_pt), 1), 100)


def grid_line_height(page: Page, body: Element) -> float:
    """The page's line pitch in body sizes, to 0.05 and within the EPUB's range: the e-book keeps the grid."""
    return min(max(round(page.line_pitch_pt / body.size_pt * 20) / 20, 1.0), 3.0)


def _derived(page: Page, epub: EpubSettings, body: Element) -> tuple[Page, EpubSettings]:
    """Values a sheet may leave to the others: ``page.chars = "fit"``, ``epub.line_height = "grid"``."""
    if page.chars == "fit":
        page = replace(page, chars=fitting_chars(page, body))
    if epub.line_height == "grid":
        epub = replace(epub, line_height=grid_line_height(page, body))
    return page, epub


def plain(value: Any) -> Any:
    """A typed table as TOML data: tables as dicts, tuples as lists, absent (None) fields left out."""
    if is_dataclass(value):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value) if getattr(value, f.name) is not None}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return list(value)
    return value
