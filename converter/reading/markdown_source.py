"""Markdown (CommonMark with tables, as chat assistants write it) to paragraphs.

markdown-it-py parses; this maps its tokens: a ``#`` heading is a paragraph with a heading
hint of its level, ``**bold**`` spans are kept as bold (a bold lead-in prints bold), an
ordered item keeps its number as typed (``1.``) for the reading chain to judge, a bullet
prints no text, a table is a table, a link keeps its address in brackets after its text,
an image its description. Rules (``---``) are dropped and logged; code is kept line by line.
The syntax characters themselves are not text and do not reach the tree.

A chat assistant wraps the document it drafted in talk addressed to the user (``好的，以下是
为您起草的通知：`` … ``希望对您有帮助！如需调整，请告诉我。``). One or two such paragraphs
before the document's ``#`` title, or after its last rule (``---``) or ending it, are not the
document: they are left out, logged and quoted in a warning.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from converter.i18n import _
from converter.reading.report import Report
from converter.reading.structured import SourcePara
from converter.reading.vocabulary import vocabulary

if TYPE_CHECKING:
    from markdown_it.token import Token

_CHAT_OPENING = vocabulary().chat_re("opening")  # vocabulary.toml [chat]
_CHAT_CLOSING = re.compile("|".join(vocabulary().chat["closing"]))  # searched anywhere in a paragraph
_CHAT_PARAGRAPHS = 2
_LATIN_END = re.compile(r"[A-Za-z0-9]$")
_BREAK = re.compile(r"<br\s*/?>$", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>$")
_LATIN_START = re.compile(r"^[A-Za-z0-9]")
_SIGNS = {
    "heading": re.compile(r"^#{1,6}[ \t]+\S", re.MULTILINE),
    "bold": re.compile(r"\*\*[^*\n]+\*\*"),
    "bullet": re.compile(r"^[ \t]*[-*+][ \t]+\S", re.MULTILINE),
    "table": re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)+\|?[ \t]*$", re.MULTILINE),
    "fence": re.compile(r"^```", re.MULTILINE),
    "link": re.compile(r"\[[^\]\n]+\]\([^)\s]+\)"),
}


def looks_like_markdown(text: str) -> list[str]:
    """The kinds of Markdown syntax a text clearly uses ([] when it is plain text).

    Clearly: ``#`` headings with one other kind of syntax, or three kinds, or a table rule.
    One bullet list or one ``**`` in a plain text is not enough.
    """
    if not any(sign in text for sign in ("#", "**", "|", "```", "](")):
        return []  # bullets alone never make a text Markdown: skip the scans (plain text is the usual case)
    found = [name for name, pattern in _SIGNS.items() if pattern.search(text)]
    heading = len(_SIGNS["heading"].findall(text))
    if ("heading" in found and (len(found) >= 2 or heading >= 3)) or len(found) >= 3 or "table" in found:
        return found
    return []


def read_markdown(text: str, report: Report) -> list[SourcePara]:
    from markdown_it import MarkdownIt  # imported only for Markdown: it costs a quarter second

    md = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    mapper = _Mapper(report)
    return _unwrap_chat(mapper.tokens(md.parse(text)), mapper.rules, report)


def _unwrap_chat(paras: list[SourcePara], rules: list[int], report: Report) -> list[SourcePara]:
    """The document without the assistant's words to the user around it (each removal reported)."""
    title = next((i for i, p in enumerate(paras) if p.hint == 1), None)
    start = 0
    if title and title <= _CHAT_PARAGRAPHS and _CHAT_OPENING.match(paras[0].text.strip()):
        start = title
    tail = len(paras)
    rule = max((r for r in rules if r > start), default=None)
    if rule is not None and len(paras) - rule <= _CHAT_PARAGRAPHS and any(_talks_to_user(p) for p in paras[rule:]):
        tail = rule  # after the last rule: the assistant signing off
    elif paras and _talks_to_user(paras[-1]):
        tail = len(paras) - 1
    for para in paras[:start] + paras[tail:]:
        report.change("chat-wrapper", para.line, 1, para.text, "")
        message = _("left out the chat assistant's words to you: 「{text}」").format(text=para.text[:60])
        report.warn("chat-wrapper", para.line, message)
    return paras[start:tail]


def _talks_to_user(para: SourcePara) -> bool:
    """The assistant's sign-off: it offers more help, and says 您 (a document's last words rarely do)."""
    return para.rows is None and "您" in para.text and _CHAT_CLOSING.search(para.text) is not None


class _Mapper:
    def __init__(self, report: Report) -> None:
        self.report = report
        self.out: list[SourcePara] = []
        self.lists: list[list[int | str]] = []  # per open list: [next number or "", delimiter]
        self.table: list[list[list[str]]] | None = None
        self.rules: list[int] = []  # where ``---`` rules stood, as indexes into ``out``
        self.header_rows = 0
        self.in_head = False

    def tokens(self, tokens: list[Token]) -> list[SourcePara]:
        pending_marker = ""
        heading = 0
        for token in tokens:
            line = token.map[0] + 1 if token.map else (self.out[-1].line if self.out else 1)
            kind = token.type
            if kind == "heading_open":
                heading = int(token.tag[1])
            elif kind == "heading_close":
                heading = 0
            elif kind == "bullet_list_open":
                self.lists.append(["", ""])
            elif kind == "ordered_list_open":
                self.lists.append([int(token.attrGet("start") or 1), token.markup or "."])
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.lists.pop()
            elif kind == "list_item_open" and self.lists:
                number, delimiter = self.lists[-1]
                if number != "":
                    pending_marker = f"{number}{delimiter}"
                    self.lists[-1][0] = int(number) + 1
            elif kind == "table_open":
                self.table, self.header_rows = [], 0
            elif kind == "thead_open":
                self.in_head = True
            elif kind == "thead_close":
                self.in_head = False
            elif kind == "tr_open" and self.table is not None:
                self.table.append([])
                self.header_rows += self.in_head
            elif kind == "table_close" and self.table is not None:
                self.out.append(SourcePara("", line, rows=self.table, header_rows=self.header_rows))
                self.table = None
            elif kind == "inline":
                text, bold = self.inline(token, line)
                if self.table is not None:
                    self.table[-1].append([t for t in text.split("\n") if t.strip()])
                    continue
                if pending_marker:
                    shift = len(pending_marker)
                    text, bold = pending_marker + text, [(a + shift, b + shift) for a, b in bold]
                    pending_marker = ""
                start = 0
                for n, piece in enumerate(text.split("\n")):
                    end = start + len(piece)
                    spans = [(a - start, b - start) for a, b in bold if start <= a and b <= end]
                    self.out.append(SourcePara(piece, line + n, heading if n == 0 else 0, spans))
                    start = end + 1
            elif kind in ("fence", "code_block"):
                self.report.warn("code", line, _("a code block kept as plain paragraphs, line by line"))
                self.out += [SourcePara(t, line + n + 1) for n, t in enumerate(token.content.split("\n")) if t.strip()]
            elif kind == "html_block":
                self.report.warn("html", line, _("HTML in the Markdown kept as text"))
                self.out += [SourcePara(t, line + n) for n, t in enumerate(token.content.split("\n")) if t.strip()]
            elif kind == "hr":
                self.report.change("rule", line, 1, token.markup, "")
                self.rules.append(len(self.out))
        return self.out

    def inline(self, token: Token, line: int) -> tuple[str, list[tuple[int, int]]]:
        """Inline text with its bold spans; a hard break is a new line (a new paragraph)."""
        text = ""
        bold: list[tuple[int, int]] = []
        bold_from: int | None = None
        links: list[str] = []
        for child in token.children or []:
            kind = child.type
            if kind in ("text", "code_inline"):
                text += child.content
            elif kind == "html_inline":
                if _BREAK.match(child.content):
                    text += "\n"
                elif _TAG.match(child.content):
                    self.report.change("html-tag", line, 1, child.content, "")
                else:
                    text += child.content
            elif kind == "softbreak":
                text += " " if _LATIN_END.search(text) and _LATIN_START.search(_next_text(token, child)) else ""
            elif kind == "hardbreak":
                text += "\n"
            elif kind == "strong_open":
                bold_from = len(text)
            elif kind == "strong_close" and bold_from is not None:
                if len(text) > bold_from:
                    bold.append((bold_from, len(text)))
                bold_from = None
            elif kind == "link_open":
                links.append(str(child.attrGet("href") or ""))
            elif kind == "link_close" and links:
                href = links.pop()
                if href and href not in text:
                    text += f"（{href}）"
            elif kind == "image":
                alt = child.content or ""
                message = _("an image left out; its description is kept: {text}").format(text=alt or _("(none)"))
                self.report.warn("image", line, message)
                text += alt
        bold = [(a, b) for a, b in bold if "\n" not in text[a:b]]
        return text, bold


def _next_text(token: Token, child: Token) -> str:
    children = token.children or []
    index = children.index(child)
    return next((c.content for c in children[index + 1 :] if c.content), "")
