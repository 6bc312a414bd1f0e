"""The DOCX font table: exactly the fonts the document names, and (``--embed-fonts``) their subsets.

python-docx's template lists Japanese fonts (ＭＳ 明朝, ＭＳ ゴシック) and none of ours, so Word
and LibreOffice had no charset, PANOSE class or alternate name to pick a substitute with
(docs/docx.md §3). The entries' facts are data (``fonts/roles.toml`` [docx_fonts]).

Embedded fonts follow ECMA-376 Part 1 §17.8.1: each face is a subset of the bundled face that
prints the role (the same one the PDF and EPUB embed), named inside as the font-table entry so
Word and LibreOffice match it, stored as ``word/fonts/fontN.odttf`` with its first 32 bytes
XOR-ed with the GUID in ``w:fontKey`` ("obfuscated"), linked by ``w:embedRegular``.
``w:embedTrueTypeFonts`` and ``w:saveSubsetFonts`` in settings tell Word to keep them on save.

What Word does, by the specification: on opening it reverses the XOR with ``w:fontKey`` and
uses the embedded face for text in that font name when no installed font has the name (an
installed 仿宋_GB2312 still wins); it honours the face's OS/2 ``fsType``, and our faces allow
editing (0, installable; FandolFang 8, editable), so the document opens editable, not read-only.
LibreOffice reads the same parts (checked: its PDF export names the embedded faces).
"""

from __future__ import annotations

import hashlib
import io
import re
import uuid
from dataclasses import dataclass
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from lxml import etree

from converter import fonts
from converter.i18n import _
from converter.styles import Style
from converter.tree.nodes import Document
from converter.writers.docx.ooxml import sub
from converter.writers.roletext import role_text

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
_FONT_ATTRS = tuple(qn(f"w:{a}") for a in ("ascii", "hAnsi", "eastAsia", "cs"))
_HAN = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
# CT_Settings elements that come before w:embedTrueTypeFonts (ECMA-376 Part 1 §17.15.1)
_SETTINGS_BEFORE = {
    qn(f"w:{t}")
    for t in (
        "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
        "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
        "printFractionalCharacterWidth", "printFormsData",
    )
}  # fmt: skip


@dataclass(frozen=True)
class Embedded:
    """One embedded face: the font-table name it serves, its GUID key and its obfuscated bytes."""

    name: str
    key: str  # "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}"
    data: bytes


def names_used(styles_root: etree._Element, text_parts: list[etree._Element]) -> list[str]:
    """Every font name the text and the styles it uses mention, sorted (the font table lists these).

    Styles only the template defines (its Courier "Macro Text" and the like) do not count.
    """
    styles = {node.get(qn("w:styleId")): node for node in styles_root.iter(qn("w:style"))}
    wanted = {"Normal", "DefaultParagraphFont"}
    for root in text_parts:
        for tag in ("w:pStyle", "w:rStyle"):
            wanted.update(node.get(qn("w:val")) for node in root.iter(qn(tag)))
    roots: list[etree._Element] = [*text_parts, *styles_root.iter(qn("w:docDefaults"))]
    seen: set[str] = set()
    while wanted:
        style_id = wanted.pop()
        if style_id in seen or style_id not in styles:
            continue
        seen.add(style_id)
        roots.append(styles[style_id])
        based = styles[style_id].find(qn("w:basedOn"))
        if based is not None:
            wanted.add(based.get(qn("w:val")))
    found: set[str] = set()
    for root in roots:
        for node in root.iter(qn("w:rFonts")):
            found.update(v for a in _FONT_ATTRS if (v := node.get(a)))
    return sorted(found)


def _entry(name: str, embedded: Embedded | None, rel_id: str | None) -> etree._Element:
    facts = fonts.docx_font_facts(name)
    node = etree.Element(qn("w:font"))
    node.set(qn("w:name"), name)
    if facts.get("alt"):
        sub(node, "w:altName", val=facts["alt"])
    if facts.get("panose"):
        sub(node, "w:panose1", val=facts["panose"])
    sub(node, "w:charset", val=facts.get("charset") or ("86" if _HAN.search(name) else "00"))
    sub(node, "w:family", val=facts.get("family", "auto"))
    sub(node, "w:pitch", val=facts.get("pitch", "variable"))
    if embedded is not None and rel_id is not None:
        embed = sub(node, "w:embedRegular", fontKey=embedded.key)
        embed.set(f"{{{R_NS}}}id", rel_id)
    return node


def install(document: Any, names: list[str], embedded: list[Embedded]) -> None:
    """Replace the template's font table with ``names``; add the embedded faces as font parts."""
    main = document.part
    table_part = next(rel.target_part for rel in main.rels.values() if rel.reltype == RT.FONT_TABLE)
    by_name = {e.name: e for e in embedded}
    root = etree.Element(qn("w:fonts"), nsmap={"w": W_NS, "r": R_NS})
    for name in names:
        face = by_name.get(name)
        rel_id = None
        if face is not None:
            partname = PackURI(f"/word/fonts/font{len(table_part.rels) + 1}.odttf")
            font_part = Part(partname, OBFUSCATED_FONT, face.data, main.package)
            rel_id = table_part.relate_to(font_part, RT.FONT)
        root.append(_entry(name, face, rel_id))
    table_part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if embedded:
        settings = document.settings.element
        if settings.find(qn("w:embedTrueTypeFonts")) is None:
            at = next((i for i, child in enumerate(settings) if child.tag not in _SETTINGS_BEFORE), len(settings))
            settings.insert(at, etree.Element(qn("w:saveSubsetFonts")))
            settings.insert(at, etree.Element(qn("w:embedTrueTypeFonts")))


def embed(doc: Document, style: Style) -> tuple[list[Embedded], list[str]]:
    """Subsets of the bundled faces for every Chinese font name the document uses, and warnings."""
    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont

    out: list[Embedded] = []
    lacking: set[str] = set()
    by_name: dict[str, tuple[str, set[str]]] = {}
    for role, text in role_text(doc, style, paged=True).items():
        name = style.roles[role].docx
        chars = {c for c in text if not c.isspace()} | {" "}
        by_name.setdefault(name, (role, set()))[1].update(chars)
    for name, (role, chars) in sorted(by_name.items()):
        face = fonts.bundled_for(role)
        font = TTFont(str(face.path), fontNumber=face.index, recalcTimestamp=False, lazy=True)
        cmap = font.getBestCmap() or {}
        lacking |= {c for c in chars if ord(c) not in cmap and fonts.needs_glyph(c)}
        options = ft_subset.Options()
        options.layout_features = []
        options.hinting = False
        options.notdef_outline = True
        options.recalc_timestamp = False
        options.name_IDs = ["*"]
        subsetter = ft_subset.Subsetter(options)
        subsetter.populate(unicodes={ord(c) for c in chars} & set(cmap))
        subsetter.subset(font)
        _name_as(font, name)
        buffer = io.BytesIO()
        font.save(buffer)
        data = buffer.getvalue()
        key = "{" + str(uuid.UUID(bytes=hashlib.sha1(name.encode() + data).digest()[:16])).upper() + "}"
        out.append(Embedded(name, key, obfuscate(data, key)))
    warnings = []
    if lacking:
        shown = "".join(sorted(lacking)[:20])
        message = _("{count} character(s) are not in the embedded fonts and use the reader's fonts: {chars}")
        warnings.append("docx: " + message.format(count=len(lacking), chars=shown))
    return out, warnings


def _name_as(font: Any, name: str) -> None:
    """Name the subset's family after the font-table entry, which is what Word and LibreOffice match."""
    table = font["name"]
    table.names = [r for r in table.names if r.nameID not in (1, 2, 4, 16, 17, 18, 21, 22)]
    for name_id, text in ((1, name), (2, "Regular"), (4, name)):
        table.setName(text, name_id, 3, 1, 0x804)  # Chinese (PRC)
        table.setName(text, name_id, 3, 1, 0x409)


def obfuscate(data: bytes, key: str) -> bytes:
    """XOR the first 32 bytes with the GUID's 16 bytes taken from its last hex pair to its first (§17.8.1)."""
    guid = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]
    head = bytes(b ^ guid[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]
