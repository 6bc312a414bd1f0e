"""Back matter: 附件说明, 署名, 成文日期, 附注, attachment bodies and 版记, taken from the end.

The 成文日期 anchors the 落款 (GB/T 9704 §7.3.4–7.3.6): the signing bodies stand on the short
lines just above it, a 附件说明 (``附件：1．…`` with its items, wrapped names joined) above
them, a bracketed 附注 just below. What follows is attachments, each opened by a label
(``附件2``) and a title line, or the document a 印发/转发 notice carries (a title line with no
label). The 版记 (``抄送：``, ``…印发``) closes the text. Words are in vocabulary.toml.
"""

from __future__ import annotations

import re
from collections.abc import Sequence, Set
from dataclasses import dataclass, field

from converter.model import Closing, Imprint
from converter.reading.chars import ends_clause
from converter.reading.headlines import SALUTATION, is_bare_name, is_note, is_speaker
from converter.reading.lines import Line
from converter.reading.markers import match_marker
from converter.reading.reflow import Block
from converter.reading.report import Report
from converter.reading.sourcelines import SourceLines
from converter.reading.vocabulary import vocabulary

_SIGNATURE_LINES = 4  # joint documents list several bodies, one a line
_NOTES_REACH = 12  # a 附件说明 lists at most this many lines above the signature
_ITEM = re.compile(r"^(\d{1,2}|[一二三四五六七八九十]{1,3})[.．、]|^[（(]\d{1,2}[）)]")
_TITLE_MAX = 60
_TITLE_GOES_ON = 20  # a title's second or third line is short; a longer one is the text's first
_NAMED = re.compile(r"《([^《》]{2,60})》")


@dataclass
class Part:
    """An attachment body still to be outlined."""

    label: str
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Back:
    closing: Closing | None = None
    attachments: list[Part] = field(default_factory=list)
    imprint: Imprint | None = None


def back(blocks: list[Block], report: Report, lines: Sequence[Line] = ()) -> tuple[list[Block], Back]:
    """The body's blocks and the back matter found after them.

    Reflow runs the short lines of a 落款 together (``附件：…`` with ``国务院办公厅``) and an
    attachment's title into its first paragraph; those joins are undone here by source line.
    """
    blocks = _unjoin_back(_unglue_imprint(blocks), SourceLines(lines))
    out = Back()
    end = _imprint(blocks, out, report)
    date = _sign_date(blocks, end)
    if date is None:
        body_end, after = _attachments_start(blocks, end)
        notes_at = _attachment_notes_start(blocks, body_end)
        if notes_at is not None and all(_item_line(b.text) for b in blocks[notes_at + 1 : body_end]):
            out.closing = Closing(tuple(_attachment_notes(blocks[notes_at:body_end])))  # 附件说明 with no 落款
            body_end = notes_at
        out.attachments = _attachments(blocks[after:end], report) if after < end else []
        return blocks[:body_end], out
    sign_date = blocks[date].text.strip()
    first_signature = _signature_start(blocks, date)
    signature = [b.text.strip() for b in blocks[first_signature:date]]
    notes_at = _attachment_notes_start(blocks, first_signature)
    notes = _attachment_notes(blocks[notes_at:first_signature]) if notes_at is not None else []
    after = date + 1
    note = None
    if after < end and vocabulary().back_re("note").match(blocks[after].text.strip()):
        note = blocks[after].text.strip()
        after += 1
    out.closing = Closing(tuple(notes), tuple(signature), sign_date, note)
    start = notes_at if notes_at is not None else first_signature
    for k in range(start, after):
        part = "attachment_note" if k < first_signature else "signature" if k < date else "sign_date"
        report.change("closing", blocks[k].line, 1, blocks[k].text, part if k <= date else "note")
    named = _named_documents(blocks[:first_signature])
    out.attachments = _attachments(blocks[after:end], report, named)
    return blocks[: notes_at if notes_at is not None else first_signature], out


def _unjoin_back(blocks: list[Block], source: SourceLines) -> list[Block]:
    """Split, by source line, short joined blocks (落款 lines) and the block after a label or a date."""
    date_re, label_re = vocabulary().back_re("sign_date"), vocabulary().back_re("attachment_label")
    out: list[Block] = []
    for k, block in enumerate(blocks):
        text = block.text.strip()
        following = blocks[k + 1].text.strip() if k + 1 < len(blocks) else ""
        previous = out[-1].text.strip() if out else ""
        glued = vocabulary().back_re("glued_notes").search(text)
        label = vocabulary().back_re("glued_label").search(text)
        if label and label.start() > 0:
            cut = label.start() + 1  # an attachment's label run onto the paragraph before it
            out += [Block(text[:cut], block.line), Block(text[cut:], block.end_line)]
        elif glued and any(date_re.match(b.text.strip()) for b in blocks[k + 1 : k + 6]):
            cut = glued.start() + 1  # a 附件说明 run into the last paragraph of the body
            out += [Block(text[:cut], block.line), Block(text[cut:], block.end_line)]
        elif not ends_clause(text) and len(text) <= 2 * _TITLE_MAX and date_re.match(following):
            out += source.parts(block)  # the lines above a 成文日期: 附件说明 and 署名
        elif date_re.match(following) and (tail := _signature_tail(text)):
            cut = len(text) - len(tail)  # a 署名 run onto the last paragraph of the body
            out += [Block(text[:cut], block.line), Block(tail, block.end_line)]
        elif label_re.match(previous) or date_re.match(previous):
            parts = source.parts(block)  # a title line run into the first paragraph after it
            out += parts[:1] + ([_rejoin(parts[1:])] if len(parts) > 1 else [])
        else:
            out.append(block)
    return out


def _signature_tail(text: str) -> str:
    """The signing body's name run onto the end of a paragraph (after its last sentence), if any."""
    end = max(text.rfind(ch) for ch in "。！？")
    tail = text[end + 1 :] if end >= 0 else ""
    return tail if tail and _signature_like(tail) else ""


def _rejoin(parts: list[Block]) -> Block:
    return Block("".join(p.text for p in parts), parts[0].line, end_line=parts[-1].line)


def _unglue_imprint(blocks: list[Block]) -> list[Block]:
    """The 版记 lines reflow ran onto the paragraph before them (``…（表略）。抄送：…。国务院办公厅 …印发``)."""
    if not blocks:
        return blocks
    issued_re, cc_re = vocabulary().back_re("glued_issued"), vocabulary().back_re("glued_cc")
    blocks = [*blocks[:-1], *_cut(blocks[-1], issued_re.search(blocks[-1].text.strip()))]
    k = len(blocks) - 2 if len(blocks) > 1 and issued_re.match(blocks[-1].text.strip()) else len(blocks) - 1
    labels = list(cc_re.finditer(blocks[k].text.strip()))
    return [*blocks[:k], *_cut(blocks[k], labels[-1] if labels else None), *blocks[k + 1 :]]


def _cut(block: Block, at: re.Match[str] | None) -> list[Block]:
    """The block cut where ``at`` starts (unchanged when it starts at the beginning or is None)."""
    text = block.text.strip()
    if at is None or at.start() == 0:
        return [block]
    return [Block(text[: at.start()], block.line), Block(text[at.start() :], block.end_line)]


def _imprint(blocks: list[Block], out: Back, report: Report) -> int:
    """Index where the 版记 starts (len(blocks) when there is none)."""
    vocab = vocabulary()
    cc_re, issued_re = vocab.back_re("cc"), vocab.back_re("issued")
    cc = issued_by = issued_date = None
    end = len(blocks)
    while end > 0:
        text = blocks[end - 1].text.strip()
        start = _cc_start(blocks, end) if cc is None else None  # 抄送 over lines a page break kept apart
        if start is not None and (m := cc_re.match("".join(b.text.strip() for b in blocks[start:end]))):
            cc, part = m.group("rest"), "cc"
        elif cc is None and (m := cc_re.match(text)):
            cc, start, part = m.group("rest"), end - 1, "cc"
        elif issued_date is None and (m := issued_re.match(text)):
            issued_by, issued_date = m.group("by") or None, m.group("date")
            start, part = end - 1, "issued"
        else:
            break
        for b in blocks[start:end]:
            report.change("imprint", b.line, 1, b.text, part)
        end = start
    if cc or issued_date:
        out.imprint = Imprint(cc, issued_by, issued_date)
    return end


def _cc_start(blocks: list[Block], end: int) -> int | None:
    """Where a 抄送 that ends at ``end`` starts, when it spans up to three blocks ending in 。."""
    cc_re = vocabulary().back_re("cc")
    if not blocks[end - 1].text.rstrip().endswith("。"):
        return None
    for start in range(end - 2, max(-1, end - 4), -1):
        text = blocks[start].text.strip()
        if cc_re.match(text):
            return start
        if ends_clause(text) or len(text) > 2 * _TITLE_MAX:
            return None
    return None


def _sign_date(blocks: list[Block], end: int) -> int | None:
    """The first date line alone that closes a document: signed above, or followed by what follows a 落款."""
    date_re, label_re, note_re = (vocabulary().back_re(k) for k in ("sign_date", "attachment_label", "note"))
    for i in range(1, end):
        if not date_re.match(blocks[i].text.strip()):
            continue
        after = blocks[i + 1].text.strip() if i + 1 < end else ""
        if _signature_like(blocks[i - 1].text) or not after or label_re.match(after) or note_re.match(after):
            return i
    return None


def _signature_like(text: str) -> bool:
    text = text.strip()
    vocab = vocabulary()
    if not text or len(text) > vocab.back["signature_max"] or ends_clause(text) or match_marker(text):
        return False
    if text.startswith(("附件", "（", "(")) or any(ch in text for ch in "，。；：:"):
        return False
    names = text.replace("\u3000", " ").split()
    return all(n.endswith(tuple(vocab.back["signature_ends"])) or is_bare_name(n) for n in names) or is_speaker(text)


def _signature_start(blocks: list[Block], date: int) -> int:
    start = date
    while start > 0 and date - start < _SIGNATURE_LINES and _signature_like(blocks[start - 1].text):
        start -= 1
    return start


def _attachment_notes_start(blocks: list[Block], end: int) -> int | None:
    note_re = vocabulary().back_re("attachment_note")
    for i in range(end - 1, max(-1, end - 1 - _NOTES_REACH), -1):
        text = blocks[i].text.strip()
        if note_re.match(text):
            return i
        if ends_clause(text) and not text.endswith(("）", ")")):
            return None
    return None


def _item_line(text: str) -> bool:
    """A line of a 附件说明: a short name without end punctuation."""
    text = text.strip()
    return len(text) <= _TITLE_MAX and not ends_clause(text)


def _attachment_notes(blocks: list[Block]) -> list[str]:
    """附件说明 items without the 附件： label; a line that opens no item carries on the one before."""
    m = vocabulary().back_re("attachment_note").match(blocks[0].text.strip())
    items = [m.group("rest").strip()] if m else []
    for block in blocks[1:]:
        text = block.text.strip()
        if _ITEM.match(text) or not items:
            items.append(text)
        else:
            items[-1] += text
    return [piece for item in items for piece in _split_numbered(item)]


def _split_numbered(item: str) -> list[str]:
    """Items run together (``1．甲报告2．乙意见``): cut before each next number in turn."""
    m = _ITEM.match(item)
    if m is None or not m.group(1) or not m.group(1).isdigit():
        return [item]
    pieces, number, start = [], int(m.group(1)) + 1, 0
    for found in re.finditer(r"(?<![\d.．])(\d{1,2})[.．、](?=\D)", item):
        if found.start() > start and int(found.group(1)) == number:
            pieces.append(item[start : found.start()])
            start, number = found.start(), number + 1
    return [*pieces, item[start:]]


def _attachments_start(blocks: list[Block], end: int) -> tuple[int, int]:
    """With no 落款: the first attachment label alone on its line, if any, ends the body."""
    label_re = vocabulary().back_re("attachment_label")
    for i in range(1, end - 1):
        if label_re.match(blocks[i].text.strip()) and _title_line(blocks[i + 1].text):
            return i, i
    return end, end


def _named_documents(blocks: list[Block]) -> Set[str]:
    """Titles the notice names in 《》: the documents it issues or forwards."""
    return {"".join(m.group(1).split()) for b in blocks for m in _NAMED.finditer(b.text)}


def _attachments(blocks: list[Block], report: Report, named: Set[str] = frozenset()) -> list[Part]:
    label_re = vocabulary().back_re("attachment_label")
    blocks = [piece for block in blocks for piece in _title_at_end(block, named)]
    parts: list[Part] = []
    i = 0
    while i < len(blocks):
        text = blocks[i].text.strip()
        fresh = not parts or (parts[-1].title == "" and not parts[-1].blocks)
        if label_re.match(text) and i + 1 < len(blocks):
            parts.append(Part(text, ""))
            report.change("attachment", blocks[i].line, 1, text, "label")
        elif _title_line(text) and (fresh or "".join(_title_lines(blocks, i).split()) in named):
            if not fresh or not parts:
                parts.append(Part("", ""))
            parts[-1].title = _title_lines(blocks, i)
            report.change("attachment", blocks[i].line, 1, text, "title")
            i += _title_count(blocks, i)
            continue
        else:
            if not parts:
                parts.append(Part("", ""))
            parts[-1].blocks.append(blocks[i])
        i += 1
    return parts


def _title_at_end(block: Block, named: Set[str]) -> list[Block]:
    """A named document's title run onto the end of the paragraph before it: cut it off."""
    text = block.text.rstrip()
    for title in named:
        if len(text) > len(title) and text.endswith(title) and text[-len(title) - 1] in "。！？":
            cut = len(text) - len(title)
            return [Block(text[:cut], block.line), Block(text[cut:], block.end_line)]
    return [block]


def _title_line(text: str) -> bool:
    text = text.strip()
    return 0 < len(text) <= _TITLE_MAX and not ends_clause(text) and match_marker(text) is None


def _title_count(blocks: list[Block], i: int) -> int:
    """A title broken over short lines: lines that end no clause, up to three."""
    n = 1
    while n < 3 and i + n < len(blocks) and _title_line(blocks[i + n].text) and _continues_title(blocks[i + n].text):
        n += 1
    return n


def _continues_title(text: str) -> bool:
    text = text.strip()
    squeezed = "".join(text.split())
    vocab = vocabulary()
    if squeezed in vocab.contents or squeezed in vocab.named_headings:
        return False
    return len(text) <= _TITLE_GOES_ON and not (text.startswith(("（", "(")) or SALUTATION.match(text) or is_note(text))


def _title_lines(blocks: list[Block], i: int) -> str:
    return "".join(b.text.strip() for b in blocks[i : i + _title_count(blocks, i)])
