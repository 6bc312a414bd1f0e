"""Where GB/T 9704 puts the parts of a 公文, as numbers every writer shares.

The 版头, 落款, 附件 and 版记 settings are the style sheet's ``[header]``, ``[closing]``,
``[attachment]`` and ``[imprint]`` tables (converter.style.tables, the standard's values by
default), and the §9 formulas for 署名 and 成文日期 are computed here, so the DOCX, the PDF
and the EPUB place the signature at the same right indents (docs/gbt9704.md §8–§13).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace

from converter.style.sheet import Style
from converter.style.tables import AttachmentSettings, ClosingSettings, HeaderSettings, ImprintSettings
from converter.tree.nodes import ATTACHMENT_LABEL, CC_LABEL, Document, Header


@dataclass(frozen=True)
class PartSettings:
    header: HeaderSettings
    closing: ClosingSettings
    attachment: AttachmentSettings
    imprint: ImprintSettings


def part_settings(style: Style) -> PartSettings:
    """The style's four part tables (a sheet without them has the standard's values)."""
    return PartSettings(style.header, style.closing, style.attachment, style.imprint)


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
