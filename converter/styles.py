"""Style sheets are data: TOML files under ``styles/`` read into one typed object.

Every writer reads the same :class:`Style`, so DOCX, PDF and EPUB agree on geometry,
fonts and sizes. ``--set key=value`` overrides are validated against the base sheet,
so a typo names the bad key instead of being ignored.
"""

from __future__ import annotations

import copy
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from converter.resources import data_dir

STYLES_DIR = data_dir("styles")
ROLES = ("song", "fangsong", "hei", "kai", "xiaobiaosong")
ELEMENTS = (
    "title", "subtitle", "date", "author", "salutation", "body", "point",
    "heading1", "heading2", "heading3", "heading4",
)
MM_PER_PT = 25.4 / 72


class StyleError(ValueError):
    """A style sheet or override that cannot be used; the message names the key."""


@dataclass(frozen=True)
class Page:
    width_mm: float
    height_mm: float
    top_mm: float
    bottom_mm: float
    left_mm: float
    right_mm: float
    lines: int
    chars: int
    footer_mm: float
    header_label: str  # running header, left end; empty (with meeting and date) for no header
    header_meeting: str  # meeting name, right end of the header line
    header_date: str  # meeting date, after the name
    header_role: str
    header_size_pt: float
    header_gap_mm: float  # from the header line's centre to the text block's top edge
    header_rule_pt: float  # thickness of the rule under the header line; 0 for none
    header_rule_gap_pt: float  # from the bottom of the header line (one header size tall) to the rule

    @property
    def header_parts(self) -> tuple[str, str]:
        """(left, right) text of the running header; both empty when there is none."""
        right = "\u3000".join(part for part in (self.header_meeting, self.header_date) if part)
        return self.header_label, right

    @property
    def text_width_mm(self) -> float:
        return self.width_mm - self.left_mm - self.right_mm

    @property
    def text_height_mm(self) -> float:
        return self.height_mm - self.top_mm - self.bottom_mm

    @property
    def line_pitch_pt(self) -> float:
        """Baseline-to-baseline distance that puts ``lines`` lines in the text block."""
        return self.text_height_mm / MM_PER_PT / self.lines

    @property
    def char_pitch_pt(self) -> float:
        """Advance of one body character that puts ``chars`` characters on a line."""
        return self.text_width_mm / MM_PER_PT / self.chars


@dataclass(frozen=True)
class PageNumber:
    format: str
    role: str
    size_pt: float
    placement: str
    inset_chars: float
    gap_mm: float

    def text(self, n: int) -> str:
        return self.format.format(n=n)


@dataclass(frozen=True)
class Element:
    role: str
    size_pt: float
    bold: bool = False
    align: str = "justify"
    indent_chars: float = 0.0
    line_height_pt: float | None = None
    max_line_chars: int | None = None
    space_before_lines: float = 0.0
    space_after_lines: float = 0.0


@dataclass(frozen=True)
class Role:
    docx: str
    css: tuple[str, ...]


@dataclass(frozen=True)
class Style:
    name: str
    description: str
    page: Page
    page_number: PageNumber
    latin_family: str
    elements: dict[str, Element]
    roles: dict[str, Role]
    raw: dict[str, Any]

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
    data = _inherit(_read_toml(path), path)
    for item in overrides or []:
        data = apply_override(data, item)
    return from_dict(data)


def _locate(name_or_path: str | Path) -> Path:
    text = str(name_or_path)
    if text.endswith(".toml") or "/" in text or "\\" in text:
        path = Path(text)
        if not path.is_file():
            raise StyleError(f"style sheet file not found: {path}")
        return path
    known = available()
    if text not in known:
        raise StyleError(f"unknown style {text!r}; known styles: {', '.join(known)}")
    return known[text]


def _inherit(data: dict[str, Any], path: Path) -> dict[str, Any]:
    """A sheet may say ``base = "gongwen"`` and list only what it changes."""
    base = data.pop("base", None)
    if base is None:
        return data
    if base == path.stem:
        raise StyleError(f"style sheet {path} names itself as its base")
    merged = copy.deepcopy(_inherit(_read_toml(_locate(base)), _locate(base)))
    _deep_merge(merged, data)
    return merged


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
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
    """Apply one ``dotted.key=value`` override to a key the sheet has or the schema knows."""
    if "=" not in item:
        raise StyleError(f"override {item!r} must look like key=value, e.g. page.lines=22")
    key, _, raw_value = item.partition("=")
    key = key.strip()
    parts = key.split(".")
    data = copy.deepcopy(data)
    node: Any = data
    for i, part in enumerate(parts[:-1]):
        if not isinstance(node, dict) or part not in node:
            raise StyleError(f"unknown style key {'.'.join(parts[: i + 1])!r} in override {item!r}")
        node = node[part]
    leaf = parts[-1]
    if isinstance(node, dict) and leaf not in node and (kind := _schema_type(parts)) is not None:
        node[leaf] = kind()  # a field the sheet leaves at its default, e.g. elements.heading2.bold
    if not isinstance(node, dict) or leaf not in node:
        raise StyleError(f"unknown style key {key!r} in override {item!r}")
    node[leaf] = _coerce(raw_value.strip(), node[leaf], key)
    return data


_TYPES = {"bool": bool, "int": int, "float": float, "str": str}


def _schema_type(parts: list[str]) -> type | None:
    """The type of ``page.x``, ``page_number.x`` or ``elements.<element>.x`` if the dataclass has it."""
    if len(parts) == 2 and parts[0] in ("page", "page_number"):
        schema: Any = Page if parts[0] == "page" else PageNumber
    elif len(parts) == 3 and parts[0] == "elements" and parts[1] in ELEMENTS:
        schema = Element
    else:
        return None
    field = schema.__dataclass_fields__.get(parts[-1])
    return None if field is None else _TYPES.get(str(field.type).split(" |")[0])


def _coerce(raw: str, old: Any, key: str) -> Any:
    try:
        if isinstance(old, bool):
            if raw.lower() in ("true", "yes", "1", "on"):
                return True
            if raw.lower() in ("false", "no", "0", "off"):
                return False
            raise ValueError
        if isinstance(old, int):
            return int(raw)
        if isinstance(old, float):
            return float(raw)
        if isinstance(old, list):
            return [s.strip() for s in raw.split(",") if s.strip()]
    except ValueError:
        raise StyleError(f"style key {key!r} needs a {type(old).__name__}, not {raw!r}") from None
    return raw


def from_dict(data: dict[str, Any]) -> Style:
    try:
        page = Page(**data["page"])
        number = PageNumber(**data["page_number"])
        elements = {name: Element(**data["elements"][name]) for name in ELEMENTS}
        roles = {
            name: Role(docx=data["roles"][name]["docx"], css=tuple(data["roles"][name]["css"]))
            for name in ROLES
        }
    except KeyError as exc:
        raise StyleError(f"style sheet is missing {exc.args[0]!r}") from None
    except TypeError as exc:
        raise StyleError(f"style sheet has an unknown or misspelt key: {exc}") from None
    roles_used = {f"elements.{n}.role": e.role for n, e in elements.items()}
    roles_used |= {"page_number.role": number.role, "page.header_role": page.header_role}
    for key, role in roles_used.items():
        if role not in ROLES:
            raise StyleError(f"{key} is {role!r}; roles are {', '.join(ROLES)}")
    if page.lines < 1 or page.chars < 1:
        raise StyleError("page.lines and page.chars must be positive")
    if page.text_width_mm <= 0 or page.text_height_mm <= 0:
        raise StyleError("page margins leave no room for text")
    return Style(
        name=str(data.get("name", "custom")),
        description=str(data.get("description", "")),
        page=page,
        page_number=number,
        latin_family=str(data.get("latin", {}).get("family", "Times New Roman")),
        elements=elements,
        roles=roles,
        raw=data,
    )

