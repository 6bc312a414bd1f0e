"""Where GB/T 9704 puts the parts of a 公文, as numbers every writer shares.

The 版头, 落款, 附件 and 版记 settings are read once from the style sheet's ``[header]``,
``[closing]``, ``[attachment]`` and ``[imprint]`` tables (defaults below, the standard's
values), and the §9 formulas for 署名 and 成文日期 are computed here, so the DOCX, the PDF
and the EPUB place the signature at the same right indents (docs/gbt9704.md §8–§13).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, fields, replace
from typing import Any

from converter.model import ATTACHMENT_LABEL, CC_LABEL, Document, Header, Node, Paragraph


@dataclass(frozen=True)
class HeaderSettings:
    """版头 (docs/gbt9704.md §12): text a plain document rarely carries, and its geometry."""

    issuer: str = ""  # 发文机关标志 when the tree has none; empty: no 版头, nothing red
    doc_number: str = ""  # 发文字号 when the tree has none
    issuer_role: str = "xiaobiaosong"
    issuer_size_pt: float = 36.0  # the standard names no size; shrunk to fit the line
    issuer_top_mm: float = 35.0  # text block top to the mark's top edge
    number_gap_lines: float = 2.0  # blank lines between the mark and the 发文字号
    rule_gap_mm: float = 4.0  # 发文字号 bottom to the red rule
    rule_pt: float = 1.0
    title_gap_lines: float = 2.0  # blank lines between the red rule and the title
    signer_indent_chars: float = 1.0  # 签发人 block and 上行文 发文字号, in from the edges
    colour: str = "FF0000"


@dataclass(frozen=True)
class ClosingSettings:
    """附件说明, 署名, 成文日期, 附注 (docs/gbt9704.md §8–§10)."""

    sealed: bool = False  # a seal will be pressed on: date 4 from the right, signature centred over it
    notes_gap_lines: float = 1.0  # blank lines above the 附件说明
    gap_lines: float = 1.0  # unsealed: blank lines above the signature
    sealed_gap_lines: float = 3.0  # sealed: room for the seal's upper half
    signature_indent_chars: float = 2.0  # unsealed signature, from the right
    date_offset_chars: float = 2.0  # unsealed: date starts this far right of the signature
    sealed_date_indent_chars: float = 4.0
    keep_body_lines: int = 2  # body lines kept on the signature's page


@dataclass(frozen=True)
class AttachmentSettings:
    """Attachment pages (docs/gbt9704.md §10): label line 1, title on ``title_line``."""

    label_role: str = "hei"
    label_size_pt: float = 16.0
    title_role: str = "xiaobiaosong"
    title_size_pt: float = 22.0
    title_line: int = 3


@dataclass(frozen=True)
class ImprintSettings:
    """版记 (docs/gbt9704.md §13): 4号 仿宋 between full-width rules at the foot of an even page."""

    role: str = "fangsong"
    size_pt: float = 14.0
    indent_chars: float = 1.0
    thick_mm: float = 0.35
    thin_mm: float = 0.25
    even_page: bool = True  # two-sided print: the 版记 is on the back of the last sheet


@dataclass(frozen=True)
class PartSettings:
    header: HeaderSettings
    closing: ClosingSettings
    attachment: AttachmentSettings
    imprint: ImprintSettings


def _table(cls: type, data: Any, name: str) -> Any:
    """A typed table from the sheet's plain data; a wrong key or type is named, not ignored."""
    if not isinstance(data, dict):
        return cls()
    known = {f.name: f for f in fields(cls)}
    values = {}
    for key, value in data.items():
        if key not in known:
            raise ValueError(f"unknown style key {name}.{key}; known: {', '.join(known)}")
        default = known[key].default
        if isinstance(default, bool) and not isinstance(value, bool):
            raise ValueError(f"style key {name}.{key} must be true or false")
        if isinstance(default, (int, float)) and not isinstance(default, bool):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ValueError(f"style key {name}.{key} must be a number")
            value = type(default)(value)
        if isinstance(default, str) and not isinstance(value, str):
            raise ValueError(f"style key {name}.{key} must be text")
        values[key] = value
    return cls(**values)


def part_settings(style: Any) -> PartSettings:
    """The four tables of ``style`` (missing tables and keys take the standard's values)."""
    raw = getattr(style, "raw", {}) or {}
    return PartSettings(
        header=_table(HeaderSettings, raw.get("header"), "header"),
        closing=_table(ClosingSettings, raw.get("closing"), "closing"),
        attachment=_table(AttachmentSettings, raw.get("attachment"), "attachment"),
        imprint=_table(ImprintSettings, raw.get("imprint"), "imprint"),
    )


def effective_header(doc: Document, settings: HeaderSettings) -> Header | None:
    """The 版头 to print: the tree's, with the issuer and 发文字号 from the style when it has none.

    Without an issuer mark there is no 版头 at all (and nothing red); the tree's other
    版头 fields are then printed as ordinary lines above the title (never lost).
    """
    header = doc.header or Header()
    if not header.issuer and settings.issuer:
        header = replace(header, issuer=settings.issuer)
    if not header.doc_number and settings.doc_number:
        header = replace(header, doc_number=settings.doc_number)
    return header if header.pieces() else None


def em_width(text: str) -> float:
    """n(x) of docs/gbt9704.md §9: width in 一字, half-width characters counting one half."""
    return sum(0.5 if unicodedata.east_asian_width(ch) in "NaH" else 1.0 for ch in text)


@dataclass(frozen=True)
class SignatureIndents:
    """Right indents, in body characters, of each signature line and of the date."""

    signature: tuple[float, ...]
    date: float | None


def signature_indents(signature: tuple[str, ...], date: str | None, settings: ClosingSettings) -> SignatureIndents:
    """The §9 formulas (docs/gbt9704.md): sealed and unsealed, one issuer or several.

    Unsealed: the signature at right indent 2, the date's first character 2 right of the
    signature's (right indent n(name) − n(date)); when that would bring the date nearer the
    edge than 2, the date goes to 2 and the signature moves left. Sealed: the date at 4 and
    each signature line centred over it. Several issuers share the longest line's start.
    """
    names = [em_width(s) for s in signature]
    widest = max(names, default=0.0)
    if settings.sealed:
        right = settings.sealed_date_indent_chars
        span = em_width(date) if date else widest
        return SignatureIndents(tuple(right + (span - n) / 2 for n in names), right if date else None)
    base = settings.signature_indent_chars
    if not date:
        return SignatureIndents(tuple(base + widest - n for n in names), None)
    date_right = base + widest - settings.date_offset_chars - em_width(date)
    shift = max(0.0, base - date_right)
    return SignatureIndents(tuple(base + shift + widest - n for n in names), date_right + shift)


def attachment_note_lines(notes: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """(lead, number, name) per 附件说明 line: ``附件：`` before the first, the number as ``1．``.

    A hanging indent puts wrapped lines under the name's first character (docs/gbt9704.md §10);
    ``1.`` and ``1、`` are printed ``1．``, the form the standard's examples use.
    """
    out = []
    for i, item in enumerate(notes):
        n = 0
        while n < len(item) and item[n].isdigit():
            n += 1
        number, name = "", item
        if n and n < len(item) and item[n] in "．.、":
            number, name = item[:n] + "．", item[n + 1 :]
        out.append((ATTACHMENT_LABEL if i == 0 else "", number, name))
    return out


def cc_text(cc: str) -> str:
    return CC_LABEL + cc


def inline_markers(nodes: tuple[Node, ...]) -> tuple[Node, ...]:
    """Item markers (``（一）甲事项；``) printed as the start of their paragraph's text."""
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, Paragraph):
            out.append(node.with_marker_inline())
        else:
            out.append(replace(node, children=inline_markers(node.children)))
    return tuple(out)
