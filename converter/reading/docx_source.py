"""A DOCX file to paragraphs, with what Word knew about each: the evidence, not the verdict.

Body paragraphs and tables in order (content controls opened). For each paragraph: its
text with tracked changes accepted (insertions kept, deletions dropped, a deleted paragraph
mark joins it to the next), Word list numbering rendered to the marker text it prints
(``一、`` ``（1）`` ``1.``; bullets print no text), its outline level (direct, or from its
style), bold runs, and manual line breaks (a break after a clause ends the paragraph, one
mid-sentence joins). Footnotes and endnotes are numbered ①… at their reference and follow
the paragraph citing them; text boxes follow the paragraph they are anchored in. Headers,
footers and comments are not part of the text: they are left out with a warning quoting
them, so nothing goes silently. The reading chain then decides the structure. In the change
log, the "line" of a DOCX is its paragraph number (tables count as one).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from itertools import pairwise

from lxml import etree

from converter.i18n import _, ngettext
from converter.reading.errors import ReadError
from converter.reading.report import Report
from converter.reading.structured import SourcePara
from converter.reading.wordnumbering import Numbering, format_number

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_STRICT = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


_P, _R, _T, _TBL, _TR, _TC, _SDT = (_w(t) for t in ("p", "r", "t", "tbl", "tr", "tc", "sdt"))
_INS, _DEL, _MOVE_TO, _MOVE_FROM = (_w(t) for t in ("ins", "del", "moveTo", "moveFrom"))
_TXBX = _w("txbxContent")
_FALLBACK = f"{{{_MC}}}Fallback"
_SKIP_IN_RUN = {_w(t) for t in ("rPr", "instrText", "delText", "delInstrText", "fldChar", "lastRenderedPageBreak")}
_CLAUSE_END = "。！？；：!?;:"
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
_CAPTION_STYLE = re.compile(r"^(?:caption|题注)$", re.IGNORECASE)
_QUOTE_CHARS = 24


def read_docx(data: bytes, report: Report) -> list[SourcePara]:
    """The paragraphs of a DOCX file; ReadError when it is not one."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = {name: archive.read(name) for name in archive.namelist() if name.endswith((".xml", ".rels"))}
    except (zipfile.BadZipFile, OSError, RuntimeError) as exc:
        raise ReadError(_("not a readable DOCX file ({reason})").format(reason=exc)) from None
    main = _main_part(parts)
    if _STRICT in parts.get(main, b""):  # ISO 29500 Strict: the same vocabulary in another namespace
        parts = {name: data.replace(_STRICT, W.encode()) for name, data in parts.items()}
    try:
        root = etree.fromstring(parts[main], etree.XMLParser(resolve_entities=False, huge_tree=True))
    except (KeyError, etree.XMLSyntaxError) as exc:
        raise ReadError(_("not a readable DOCX file ({reason})").format(reason=exc)) from None
    folder = main.rsplit("/", 1)[0]
    reader = _Reader(_Styles(_xml(parts, f"{folder}/styles.xml")), Numbering(_xml(parts, f"{folder}/numbering.xml")))
    reader.notes = _notes(parts, folder)
    body = root.find(_w("body"))
    if body is None:
        raise ReadError(_("not a readable DOCX file (no document body)"))
    reader.container(body)
    reader.flush_join()
    _report_extras(reader, parts, folder, report)
    return reader.out


def _main_part(parts: dict[str, bytes]) -> str:
    """word/document.xml, or wherever the package relationships say the main document is."""
    rels = parts.get("_rels/.rels")
    if rels is not None:
        for rel in etree.fromstring(rels).iter(f"{{{_REL}}}Relationship"):
            if rel.get("Type", "").endswith("/officeDocument"):
                return rel.get("Target", "").lstrip("/")
    return "word/document.xml"


def _xml(parts: dict[str, bytes], name: str) -> etree._Element | None:
    data = parts.get(name)
    if data is None:
        return None
    try:
        return etree.fromstring(data, etree.XMLParser(resolve_entities=False, huge_tree=True))
    except etree.XMLSyntaxError:
        return None


def _on(element: etree._Element | None) -> bool:
    """A toggle property (``<w:b/>``, ``<w:b w:val="0"/>``) is on."""
    return element is not None and element.get(_w("val"), "true") not in ("0", "false", "off", "none")


class _Styles:
    """Paragraph styles: outline level, heading or caption name, numbering, bold, through basedOn."""

    def __init__(self, root: etree._Element | None) -> None:
        self.styles: dict[str, etree._Element] = {}
        self.default = ""
        if root is None:
            return
        for style in root.iter(_w("style")):
            sid = style.get(_w("styleId"), "")
            self.styles[sid] = style
            if style.get(_w("type")) == "paragraph" and _on_default(style):
                self.default = sid

    def chain(self, sid: str) -> list[etree._Element]:
        out, seen = [], set()
        while sid and sid in self.styles and sid not in seen:
            seen.add(sid)
            out.append(self.styles[sid])
            based = self.styles[sid].find(_w("basedOn"))
            sid = based.get(_w("val"), "") if based is not None else ""
        return out

    def name(self, sid: str) -> str:
        style = self.styles.get(sid)
        name = style.find(_w("name")) if style is not None else None
        return name.get(_w("val"), "") if name is not None else sid

    def find(self, sid: str, path: str) -> etree._Element | None:
        for style in self.chain(sid):
            found = style.find(path)
            if found is not None:
                return found
        return None


def _on_default(style: etree._Element) -> bool:
    return style.get(_w("default")) in ("1", "true", "on")


@dataclass
class _Para:
    texts: list[str] = field(default_factory=list)
    bold: list[tuple[int, int]] = field(default_factory=list)
    length: int = 0
    notes: list[str] = field(default_factory=list)  # footnote paragraphs to follow it
    boxes: list[etree._Element] = field(default_factory=list)  # text-box paragraphs to follow it
    breaks: list[int] = field(default_factory=list)  # offsets of manual line breaks
    pages: list[int] = field(default_factory=list)  # offsets of page breaks: always a paragraph end

    def add(self, text: str, bold: bool) -> None:
        if not text:
            return
        if bold:
            if self.bold and self.bold[-1][1] == self.length:
                self.bold[-1] = (self.bold[-1][0], self.length + len(text))
            else:
                self.bold.append((self.length, self.length + len(text)))
        self.texts.append(text)
        self.length += len(text)

    @property
    def text(self) -> str:
        return "".join(self.texts)


class _Reader:
    def __init__(self, styles: _Styles, numbering: Numbering) -> None:
        self.styles = styles
        self.numbering = numbering
        self.notes: dict[tuple[str, str], str] = {}
        self.numbers: list[tuple[int, str]] = []  # (paragraph, marker) Word's numbering printed
        self.note_count = 0
        self.out: list[SourcePara] = []
        self.index = 0  # paragraph number, the "line" of the change log
        self.inserted = self.deleted = self.boxes = self.page_breaks = self.images = self.symbols = 0
        self.objects = self.chunks = 0  # embedded objects (an Excel sheet), embedded documents (w:altChunk)
        self.pending: SourcePara | None = None  # a paragraph whose mark was deleted: joins the next
        self.caption: str | None = None

    def container(self, parent: etree._Element) -> None:
        for child in parent:
            if child.tag == _P:
                self.paragraph(child)
            elif child.tag == _TBL:
                self.table(child)
            elif child.tag == _SDT:
                content = child.find(_w("sdtContent"))
                if content is not None:
                    self.container(content)
            elif child.tag in (_INS, _MOVE_TO, _w("customXml")):
                self.container(child)
            elif child.tag == _w("altChunk"):
                self.chunks += 1
            elif child.tag in (_DEL, _MOVE_FROM):
                self.deleted += 1

    def paragraph(self, p: etree._Element, into: list[SourcePara] | None = None) -> None:
        self.index += 1
        para = _Para()
        ppr = p.find(_w("pPr"))
        sid = self._style(ppr)
        marker = self._marker(ppr, sid)
        if marker:
            para.add(marker, False)
            self.numbers.append((self.index, marker))
        self.inline(p, para)
        hint = self._hint(ppr, sid)
        pieces = self._split(para)
        mark_deleted = ppr is not None and ppr.find(f"{_w('rPr')}/{_w('del')}") is not None
        target = self.out if into is None else into
        if into is None and _CAPTION_STYLE.match(self.styles.name(sid)) and para.text.strip():
            self.caption = para.text.strip()
        for n, (text, bold) in enumerate(pieces):
            out = SourcePara(text, self.index, hint if n == 0 else 0, bold)
            if self.pending is not None:
                shift = len(self.pending.text)
                self.pending.text += text
                self.pending.bold += [(a + shift, b + shift) for a, b in bold]
                out, self.pending = self.pending, None
            if n == len(pieces) - 1 and mark_deleted and into is None:
                self.pending = out
                self.deleted += 1
                continue
            target.append(out)
        for text in para.notes:
            target.append(SourcePara(text, self.index))
        for box in para.boxes:
            self.boxes += 1
            self.container_into(box, target)

    def container_into(self, parent: etree._Element, target: list[SourcePara]) -> None:
        for child in parent:
            if child.tag == _P:
                self.paragraph(child, target)
            elif child.tag == _TBL:
                for cell_text in self._table_texts(child):
                    target.append(SourcePara(cell_text, self.index))

    def flush_join(self) -> None:
        if self.pending is not None:
            self.out.append(self.pending)
            self.pending = None

    def _style(self, ppr: etree._Element | None) -> str:
        node = ppr.find(_w("pStyle")) if ppr is not None else None
        return node.get(_w("val"), "") if node is not None else self.styles.default

    def _marker(self, ppr: etree._Element | None, sid: str) -> str:
        numpr = ppr.find(_w("numPr")) if ppr is not None else None
        if numpr is None:
            numpr = self.styles.find(sid, f"{_w('pPr')}/{_w('numPr')}")
        if numpr is None:
            return ""
        num, ilvl = numpr.find(_w("numId")), numpr.find(_w("ilvl"))
        num_id = num.get(_w("val"), "") if num is not None else ""
        level = int(ilvl.get(_w("val"), "0")) if ilvl is not None else 0
        return self.numbering.marker(num_id, level)

    def _hint(self, ppr: etree._Element | None, sid: str) -> int:
        level = ppr.find(_w("outlineLvl")) if ppr is not None else None
        if level is None:
            level = self.styles.find(sid, f"{_w('pPr')}/{_w('outlineLvl')}")
        if level is not None:
            value = int(level.get(_w("val"), "9"))
            return value + 1 if value < 9 else 0
        m = _HEADING_STYLE.match(self.styles.name(sid))
        return int(m.group(1)) if m else 0

    def inline(self, parent: etree._Element, para: _Para) -> None:
        for child in parent:
            tag = child.tag
            if tag == _R:
                self.run(child, para)
            elif tag in (_DEL, _MOVE_FROM):
                self.deleted += 1
            elif tag in (_INS, _MOVE_TO):
                self.inserted += 1
                self.inline(child, para)
            elif tag in (_w("pPr"), _FALLBACK):
                continue
            elif tag == _TXBX:
                para.boxes.append(child)
            else:  # hyperlinks, fields, smart tags, content controls
                self.inline(child, para)

    def run(self, r: etree._Element, para: _Para) -> None:
        rpr = r.find(_w("rPr"))
        bold = rpr is not None and _on(rpr.find(_w("b")))
        for child in r:
            tag = child.tag
            if tag == _T:
                para.add(child.text or "", bold)
            elif tag in (_w("tab"), _w("ptab")):
                para.add("\t", False)
            elif tag == _w("noBreakHyphen"):
                para.add("-", bold)
            elif tag == _w("br") or tag == _w("cr"):
                if child.get(_w("type")) == "page":
                    self.page_breaks += 1
                    para.pages.append(para.length)
                else:
                    para.breaks.append(para.length)
            elif tag in (_w("footnoteReference"), _w("endnoteReference")):
                kind = "footnote" if tag == _w("footnoteReference") else "endnote"
                text = self.notes.get((kind, child.get(_w("id"), "")))
                if text is not None:
                    self.note_count += 1
                    mark = format_number(self.note_count, "decimalEnclosedCircle")
                    para.add(mark, False)
                    para.notes.append(mark + text)
            elif tag == _w("sym"):
                self.symbols += 1  # a Wingdings-style glyph: no Unicode character to keep
            elif tag in _SKIP_IN_RUN:
                continue
            else:  # drawings and VML shapes may hold text boxes
                if tag in (_w("drawing"), _w("pict")) and next(child.iter(_TXBX), None) is None:
                    self.images += 1
                elif tag == _w("object"):
                    self.objects += 1
                self.inline(child, para)

    def _split(self, para: _Para) -> list[tuple[str, list[tuple[int, int]]]]:
        """Cut at page breaks and at line breaks that end a clause; other line breaks join (wrapped by hand)."""
        text = para.text
        cuts = {0, len(text)} | {at for at in para.pages if 0 < at < len(text)}
        cuts |= {at for at in para.breaks if 0 < at < len(text) and text[:at].rstrip()[-1:] in _CLAUSE_END}
        cuts = sorted(cuts) if text else [0, 0]  # an empty paragraph is still one (and logged as such)
        pieces = []
        for a, b in pairwise(cuts):
            spans = [(max(s, a) - a, min(e, b) - a) for s, e in para.bold if s < b and e > a]
            pieces.append((text[a:b], spans))
        return pieces

    def table(self, tbl: etree._Element) -> None:
        self.index += 1
        line = self.index
        rows: list[list[list[str]]] = []
        header = 0
        for tr in tbl.iter(_TR):
            if tr.getparent() is not tbl and tr.getparent().tag != _SDT:
                continue  # a nested table's rows belong to its cell
            trpr = tr.find(_w("trPr"))
            if trpr is not None and _on(trpr.find(_w("tblHeader"))) and header == len(rows):
                header += 1
            row: list[list[str]] = []
            for tc in tr.findall(_TC):
                cell = [t for t in self._cell_texts(tc)]
                row.append(cell)
                span = tc.find(f"{_w('tcPr')}/{_w('gridSpan')}")
                if span is not None:
                    row += [[] for _ in range(int(span.get(_w("val"), "1")) - 1)]
            rows.append(row)
        if not rows:
            return
        caption, self.caption = self.caption, None
        if caption and self.out and self.out[-1].text.strip() == caption:
            self.out.pop()  # the caption paragraph right above: it heads the table
        header = header or (1 if len(rows) > 1 else 0)  # no row marked: the first heads it, as in most tables
        self.out.append(SourcePara("", line, rows=rows, header_rows=header, caption=caption))

    def _cell_texts(self, tc: etree._Element) -> list[str]:
        texts: list[str] = []
        sub = _Reader(self.styles, self.numbering)
        sub.notes, sub.note_count = self.notes, self.note_count
        for child in tc:
            if child.tag == _P:
                sub.paragraph(child)
            elif child.tag == _TBL:
                texts += [t for t in self._table_texts(child)]
        self.note_count = sub.note_count
        self.inserted += sub.inserted
        self.deleted += sub.deleted
        self.images += sub.images
        self.objects += sub.objects
        self.symbols += sub.symbols
        self.boxes += sub.boxes
        sub.flush_join()
        return [p.text for p in sub.out] + texts

    def _table_texts(self, tbl: etree._Element) -> list[str]:
        """A nested table's cells, row by row, as paragraphs (the tree has no table in a table)."""
        out: list[str] = []
        for tr in tbl.findall(_TR):
            cells = ["\u3000".join(self._cell_texts(tc)) for tc in tr.findall(_TC)]
            out.append("\u3000".join(c for c in cells if c))
        return out


def _notes(parts: dict[str, bytes], folder: str) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    for kind in ("footnote", "endnote"):
        root = _xml(parts, f"{folder}/{kind}s.xml")
        if root is None:
            continue
        for note in root.iter(_w(kind)):
            if note.get(_w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            text = "".join(_plain(p) for p in note.iter(_P)).strip()
            if text:
                out[kind, note.get(_w("id"), "")] = text
    return out


def _plain(p: etree._Element) -> str:
    """A paragraph's visible text, deletions left out (for notes, headers, comments)."""
    out = []
    for node in p.iter(_T, _w("tab")):
        if any(a.tag in (_DEL, _MOVE_FROM) for a in node.iterancestors()):
            continue
        out.append(node.text or "" if node.tag == _T else "\t")
    return "".join(out)


def _counted(reader: _Reader) -> list[tuple[str, str]]:
    """What a DOCX holds beside its paragraphs, as (warning kind, message) in the interface language."""
    found = [
        (
            "text-box",
            reader.boxes,
            ngettext(
                "{n} text box: its text follows the paragraph it is anchored in",
                "{n} text boxes: their text follows the paragraph they are anchored in",
                reader.boxes,
            ),
        ),
        (
            "embedded-document",
            reader.chunks,
            ngettext(
                "{n} embedded document (w:altChunk, as web systems export) left out: "
                "open the file in Word or WPS and save it again, which makes it ordinary text",
                "{n} embedded documents (w:altChunk, as web systems export) left out: "
                "open the file in Word or WPS and save it again, which makes them ordinary text",
                reader.chunks,
            ),
        ),
        (
            "object",
            reader.objects,
            ngettext(
                "{n} embedded object (a spreadsheet, an equation…) left out",
                "{n} embedded objects (a spreadsheet, an equation…) left out",
                reader.objects,
            ),
        ),
        (
            "image",
            reader.images,
            ngettext(
                "{n} picture left out (only text is read)", "{n} pictures left out (only text is read)", reader.images
            ),
        ),
        (
            "symbol",
            reader.symbols,
            ngettext(
                "{n} symbol-font character (w:sym) left out: check the text by it",
                "{n} symbol-font characters (w:sym) left out: check the text by them",
                reader.symbols,
            ),
        ),
    ]
    return [(kind, message.format(n=count)) for kind, count, message in found if count]


def _report_extras(reader: _Reader, parts: dict[str, bytes], folder: str, report: Report) -> None:
    if reader.inserted or reader.deleted:
        report.warn(
            "tracked-changes",
            1,
            _(
                "tracked changes accepted ({inserted} insertions kept, {deleted} deletions dropped): "
                "check the text is the final version"
            ).format(inserted=reader.inserted, deleted=reader.deleted),
        )
    for kind, message in _counted(reader):
        report.warn(kind, 1, message)
    for index, marker in reader.numbers:
        report.change("numbering", index, 1, "", marker)  # Word's list number, now text the reader judges
    if reader.note_count:
        report.change("footnotes", 1, 1, "", f"{reader.note_count} notes numbered ① after the paragraph citing them")
    if reader.page_breaks:
        report.change("page-break", 1, 1, "", f"{reader.page_breaks} page breaks (the style decides pages)")
    for kind in ("header", "footer"):
        seen: list[str] = []
        for name in sorted(parts):
            if name.startswith(f"{folder}/{kind}") and name.endswith(".xml"):
                root = _xml(parts, name)
                text = "".join(_plain(p) for p in root.iter(_P)).strip() if root is not None else ""
                page_number_only = not text.strip("-—第页共 /0123456789\u3000")
                if text and not page_number_only and text not in seen:
                    seen.append(text)
        for text in seen:
            left_out = {
                "header": _("header text left out (the style sets its own): {text}"),
                "footer": _("footer text left out (the style sets its own): {text}"),
            }[kind]
            report.warn(kind, 1, left_out.format(text=_quote(text)))
    comments = _xml(parts, f"{folder}/comments.xml")
    if comments is not None:
        texts = ["".join(_plain(p) for p in c.iter(_P)).strip() for c in comments.iter(_w("comment"))]
        for text in filter(None, texts):
            report.warn("comment", 1, _("comment left out: {text}").format(text=_quote(text)))


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return f"「{text}」" if len(text) <= _QUOTE_CHARS * 4 else f"「{text[: _QUOTE_CHARS * 4]}…」"
