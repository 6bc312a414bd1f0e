"""Front matter: 版头, title block and salutation, taken from the leading paragraphs.

Order on the page (GB/T 9704 §7.2–7.3, speeches by practice): 份号 / 密级 / 紧急程度 /
发文机关标志 / 发文字号 (often under the title in texts copied from the web), then the title
on one to four lines, then any of ——subtitle, （date or occasion）, speaker, 题注 lines
(how a law was adopted), then the salutation or 主送机关 (one or two lines). A 发文字号 glued
to the last title line is cut off it. The words and patterns are in vocabulary.toml.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from converter.model import Header
from converter.reading.chars import ends_clause
from converter.reading.headlines import (
    DATE_LINE,
    SALUTATION,
    SUBTITLE,
    is_author_line,
    is_bare_name,
    is_doc_number,
    is_meta,
    is_note,
    is_speaker,
    split_doc_number,
)
from converter.reading.kinds import document_kind
from converter.reading.lines import Line
from converter.reading.markers import match_marker
from converter.reading.reflow import Block
from converter.reading.report import Report
from converter.reading.sourcelines import SourceLines
from converter.reading.speakers import speech_headings
from converter.reading.vocabulary import vocabulary

_MAX_TITLE = 60
_MAX_TITLE_LINES = 4
_HEAD_BLOCKS = 4  # the title block is among the first blocks…
_HEAD_CHARS = 200  # …and no longer than this
_NAME_DECORATION = "·•・ \u3000"
_NOTE_START = re.compile(r"^[（(]?(\d{4}|[〇零一二三四五六七八九]{4})年")
_FULL_DATE = re.compile(
    r"^[（(]?(\d{4}|[〇零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,2}月[\d一二三四五六七八九十]{1,3}日"
)
_HEADER_FIELDS = ("copy_number", "classification", "urgency", "issuer")


@dataclass
class Front:
    title: str = ""
    subtitle: str | None = None
    date: str | None = None
    author: str | None = None
    notes: list[str] = field(default_factory=list)
    salutation: str | None = None
    header: dict[str, str | None] = field(default_factory=dict)
    signers: list[str] = field(default_factory=list)

    def header_node(self) -> Header | None:
        if not any(self.header.values()) and not self.signers:
            return None
        return Header(**{k: self.header.get(k) for k in (*_HEADER_FIELDS, "doc_number")}, signers=tuple(self.signers))


def front(blocks: list[Block], report: Report, lines: Sequence[Line] = ()) -> tuple[Front, list[Block]]:
    """The front matter and the blocks after it.

    Reflow runs the short lines of a title block together; they are taken apart again here,
    one block a source line, so a speaker, a 发文字号 or a book's author line is not read as
    more title.
    """
    blocks = _unjoin_head(blocks, lines)
    out = Front()
    i = _header(blocks, 0, out, report)
    if not vocabulary().front_re("order_issuer").match(out.header.get("issuer") or ""):
        i = _title(blocks, i, out, report)  # a 命令 has no title: its number, then its text
    if out.title:
        i = _title_block(blocks, i, out, report)
        i = _header(blocks, i, out, report)  # 发文字号 under the title, as web copies print it
    return out, blocks[_salutation(blocks, i, out, report) :]


def _unjoin_head(blocks: list[Block], lines: Sequence[Line]) -> list[Block]:
    source = SourceLines(lines)
    out: list[Block] = []
    for k, block in enumerate(blocks):
        head_like = k < _HEAD_BLOCKS and not ends_clause(block.text) and len(block.text) <= _HEAD_CHARS
        one_item = block.text.startswith(("——", "（", "("))  # a subtitle or date line that wrapped
        out += _balanced(source.parts(block)) if head_like and not one_item else [block]
        if not head_like:
            return out + blocks[k + 1 :]
    return out


def _balanced(parts: list[Block]) -> list[Block]:
    """Lines put back together where a bracket opened on one closes on a later one."""
    out: list[Block] = []
    for part in parts:
        if out and _open_brackets(out[-1].text) > 0:
            out[-1] = Block(out[-1].text + part.text, out[-1].line, end_line=part.line)
        else:
            out.append(part)
    return out


def _open_brackets(text: str) -> int:
    return text.count("（") + text.count("(") - text.count("）") - text.count(")")


def _header(blocks: list[Block], i: int, out: Front, report: Report) -> int:
    vocab = vocabulary()
    while i < len(blocks):
        text = blocks[i].text.strip()
        key = next((k for k in _HEADER_FIELDS if not out.header.get(k) and vocab.front_re(k).match(text)), None)
        signers = vocab.front_re("signers").match(text)
        if key is None and not out.header.get("issuer") and _order(blocks, i):
            key = "issuer"  # a 令 line, its number next
        number = is_doc_number(text) or (out.header.get("issuer") and vocab.front_re("order_number").match(text))
        if key is None and not out.header.get("doc_number") and number:
            key = "doc_number"
        if key is not None:
            out.header[key] = text
        elif signers and not out.signers:
            out.signers = signers.group("names").replace("\u3000", " ").split()
        else:
            return i
        report.change("front", blocks[i].line, 1, text, key or "signers")
        i += 1
    return i


def _order(blocks: list[Block], i: int) -> bool:
    vocab = vocabulary()
    following = blocks[i + 1].text.strip() if i + 1 < len(blocks) else ""
    return bool(
        vocab.front_re("order_issuer").match(blocks[i].text.strip()) and vocab.front_re("order_number").match(following)
    )


def _title(blocks: list[Block], i: int, out: Front, report: Report) -> int:
    lines: list[str] = []
    speeches = speech_headings([b.text for b in blocks])
    while i < len(blocks) and len(lines) < _MAX_TITLE_LINES and _title_like(blocks[i].text):
        text = blocks[i].text
        restyled = blocks[i].hint != blocks[i - 1].hint  # a Markdown # title ends where its heading ends
        if lines and (is_speaker(text) or _name_here(blocks, i, "".join(lines)) or _FULL_DATE.match(text) or restyled):
            break  # a speaker, an author, a 题注 broken over lines, or where the source's styling changes
        if lines and i in speeches:
            break  # the first speech of a collection, under the collection's title
        glued = split_doc_number(text)
        if glued:
            lines.append(glued[0])
            out.header["doc_number"] = glued[1]
            report.change("front", blocks[i].line, len(glued[0]) + 1, glued[1], "doc_number")
            i += 1
            break
        lines.append(text)
        i += 1
    if not lines and i + 1 < len(blocks) and _title_with_stop(blocks[i].text, blocks[i + 1].text):
        lines.append(blocks[i].text)  # a title that ends in 。 is still the title when the title block follows
        i += 1
    out.title = "".join(lines)
    return i


def _title_block(blocks: list[Block], i: int, out: Front, report: Report) -> int:
    """Subtitle, date or occasion, speaker and 题注 lines, in any order."""
    key = ""
    while i < len(blocks):
        text = blocks[i].text
        if out.subtitle is None and SUBTITLE.match(text) and len(text) <= _MAX_TITLE:
            key, out.subtitle = "subtitle", text
        elif _note_here(blocks, i) and not (out.date is None and DATE_LINE.match(text) and not _adopted(text)):
            key = "note"
            taken = _note_lines(blocks, i)
            out.notes += _split_notes("".join(b.text.strip() for b in blocks[i : i + taken]))
            for b in blocks[i + 1 : i + taken]:
                report.change("join", b.line, 1, "\n", "")
            i += taken - 1
        elif out.date is None and DATE_LINE.match(text):
            key, out.date = "date", text
        elif out.author is None and (is_speaker(text) or is_author_line(text) or _name_here(blocks, i, out.title)):
            key, out.author = "author", text
        elif out.subtitle is not None and key == "subtitle" and _subtitle_goes_on(blocks, i):
            out.subtitle += text  # a subtitle broken over two lines
        else:
            return i
        report.change("front", blocks[i].line, 1, text, key)
        i += 1
    return i


def _subtitle_goes_on(blocks: list[Block], i: int) -> bool:
    """A short unpunctuated line after the subtitle, before the body, carries the subtitle on."""
    text = blocks[i].text.strip()
    following = blocks[i + 1].text if i + 1 < len(blocks) else ""
    return len(text) <= 30 and not ends_clause(text) and match_marker(text) is None and not _title_like_stop(following)


def _title_like_stop(text: str) -> bool:
    return len(text) <= 30 and not ends_clause(text)


def _note_here(blocks: list[Block], i: int) -> bool:
    """A 题注 starts here: a note line, or a date that a wrapped note's next lines complete."""
    text = blocks[i].text.strip()
    if is_note(text):
        return True
    return _FULL_DATE.match(text) is not None and is_note(_joined(blocks, i, _note_lines(blocks, i)))


def _note_lines(blocks: list[Block], i: int) -> int:
    """How many blocks one 题注 spans: a wrapped note goes on until it ends with its verb."""
    end_re = vocabulary().front_re("note_end")
    taken = 1
    while i + taken < len(blocks) and not end_re.search(_joined(blocks, i, taken)):
        following = blocks[i + taken].text.strip()
        if len(following) > _MAX_TITLE or ends_clause(following) or is_meta(following) or _NOTE_START.match(following):
            break
        if match_marker(following) is not None:
            break
        taken += 1
    return taken if end_re.search(_joined(blocks, i, taken)) else 1


def _joined(blocks: list[Block], i: int, n: int) -> str:
    return "".join(b.text.strip() for b in blocks[i : i + n])


def _split_notes(text: str) -> list[str]:
    """Notes that reflow ran together: a new one starts with a date right after a note's verb."""
    if text.startswith(("（", "(")):
        return [text]
    end_verbs = vocabulary().front["note_end"].split(")")[0].lstrip("(")
    return [part for part in re.split(rf"(?<=(?:{end_verbs}))[ \u3000]*(?=\d{{4}}年)", text) if part]


def _adopted(text: str) -> bool:
    return any(word in text for word in vocabulary().front["adopted"])


def _salutation(blocks: list[Block], i: int, out: Front, report: Report) -> int:
    if i >= len(blocks) or match_marker(blocks[i].text) is not None:
        return i
    text = blocks[i].text
    limit = vocabulary().front["salutation_max"]
    if not SALUTATION.match(text) and i + 1 < len(blocks) and text.endswith(("，", "、", ",")):
        joined = text + blocks[i + 1].text
        if SALUTATION.match(joined) and len(joined) <= limit:  # an addressee list over two lines
            report.change("join", blocks[i].line, len(text) + 1, "\n", "")
            out.salutation = joined
            return i + 2
    if SALUTATION.match(text):
        out.salutation = text
        report.change("front", blocks[i].line, 1, text, "salutation")
        return i + 1
    return i


def _title_like(text: str) -> bool:
    return (
        len(text) <= _MAX_TITLE
        and not ends_clause(text)
        and match_marker(text) is None
        and not SALUTATION.match(text)
        and not DATE_LINE.match(text)
        and not SUBTITLE.match(text)
        and not is_note(text)
        and not is_doc_number(text)
        and not is_author_line(text)
        and not _standalone(text)
    )


def _standalone(text: str) -> bool:
    """A line that is a heading of its own: a bare numeral (a book's chapter), 序言, 目录."""
    vocab = vocabulary()
    squeezed = "".join(text.split())
    return bool(vocab.bare_numeral.match(squeezed)) or squeezed in vocab.named_headings + vocab.contents


def _title_with_stop(text: str, following: str) -> bool:
    """A short first line ending in 。 followed by a title-block line is a title."""
    short = len(text) <= 40 and text.rstrip().endswith("。") and text.count("。") == 1
    return short and match_marker(text) is None and (is_meta(following) or is_speaker(following))


def _name_here(blocks: list[Block], i: int, title: str) -> bool:
    """A bare personal name under a title: the speaker or writer, when the title block goes on,
    or in a speech or a book (whose title is followed by its author's name)."""
    text = blocks[i].text.strip()
    if not (is_bare_name(text) or is_bare_name(text.strip(_NAME_DECORATION))):
        return False
    following = blocks[i + 1].text if i + 1 < len(blocks) else ""
    return is_meta(following) or document_kind(title) in ("speech", "book")
