"""Turn a hand-tagged annotation (ann/KIND-name.ann) into its source text and its outline-v2 truth tree.

One source line per annotation line: ``TAG<TAB>text``. The text is the line exactly as published;
the tag says what the line is. Tags:

  T        title line (several T lines are joined)          SUB / DATE / AUTH   subtitle, date/occasion, speaker
  NOTE     题注 under the title (promulgation line …)       SAL      主送机关 / 称谓 (several lines are joined)
  H.<field> 版头 field: copy_number classification urgency issuer doc_number signer
  S<n>     stand-alone heading at level n (marker split off automatically, or at ``¦``)
  R<n>     run-in heading at level n: marker, heading up to the first 。 (or ``¦``), rest a child paragraph
  A<n>     article (第X条) at level n: marker, empty heading, runin, the rest a child paragraph
  P        paragraph                                          M        numbered item: paragraph with a marker
  +        continuation: a line that is not a paragraph of its own (joined to the paragraph before)
  DP       paragraph that closes the document: back at document (or attachment) level
  M<n>     numbered item back at depth n (an item that follows a sibling heading of its family)
  P<n>     paragraph back at depth n (P1: in the open level-1 section, after its subsections)
  AN       附件说明 item (a leading 附件： is the removed label)  SIG / SD / CN   signature line, 成文日期, 附注
  ATL      attachment label (附件1); ATT attachment title line (starts a new attachment when no ATL before)
  CC       抄送 (leading 抄送： removed)    IB / ID   印发机关 / 印发日期    IBD   both on one line

``¦`` marks a split point inside a line and is not part of the text. Usage:
    python annotate.py ann/KIND-name.ann ...   (writes KIND-name.txt and KIND-name.json next to this file)
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPLIT = "¦"
CN = "〇零一二三四五六七八九十百千"
MARKERS = [
    rf"第[{CN}\d]+[编章节条回篇卷部]",
    rf"[{CN}]+、",
    rf"（[{CN}]+）",
    rf"\([{CN}]+\)",
    r"\d+(?:\.\d+)+",
    r"\d+[.．、]",
    r"（\d+）",
    r"\(\d+\)",
    r"\d+）",
    r"[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]",
    r"[⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇]",
    r"〔[\d０-９]+〕",
    r"[㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩]",
    r"[一二三四五六七八九十]+是",
    r"第[一二三四五六七八九十]+，",
    r"\d+",
    rf"[{CN}]+",
]
MARKER = re.compile(r"^(?:" + "|".join(MARKERS) + ")")


def split_marker(text: str) -> tuple[str, str]:
    if SPLIT in text and text.index(SPLIT) < 12 and not MARKER.match(text):
        head, rest = text.split(SPLIT, 1)
        return head, rest
    m = MARKER.match(text)
    if not m:
        raise ValueError(f"no marker in {text!r}")
    rest = text[m.end() :]
    if rest.startswith(SPLIT):
        rest = rest[1:]
    return m.group(0), rest.lstrip(" \u3000")


LAST: list = [None]  # the last paragraph made, for ``+`` continuation lines


def para(text: str, marker: str = "") -> dict:
    node: dict = {"type": "paragraph", "text": text.strip(" \u3000")}
    if marker:
        node = {"type": "paragraph", "marker": marker, "text": node["text"]}
    LAST[0] = node
    return node


def section(level: int, marker: str, heading: str, runin: bool) -> dict:
    return {"type": "section", "level": level, "marker": marker, "heading": heading, "runin": runin, "children": []}


class Body:
    """The open sections of one body (the main document or one attachment)."""

    def __init__(self, children: list) -> None:
        self.root = children
        self.stack: list[dict] = []

    def top(self) -> list:
        return self.stack[-1]["children"] if self.stack else self.root

    def open(self, node: dict) -> None:
        while self.stack and self.stack[-1]["level"] >= node["level"]:
            self.stack.pop()
        if len(self.stack) + 1 != node["level"]:
            raise ValueError(f"level {node['level']} under depth {len(self.stack)}: {node['marker']}{node['heading']}")
        self.top().append(node)
        self.stack.append(node)


def build(lines: list[tuple[str, str]]) -> dict:
    doc: dict = {
        "schema": 2,
        "header": None,
        "title": "",
        "subtitle": None,
        "date": None,
        "author": None,
        "notes": [],
        "salutation": None,
        "children": [],
        "closing": None,
        "attachments": [],
        "imprint": None,
    }
    header: dict = {}
    closing = {"attachment_notes": [], "signature": [], "sign_date": None, "note": None}
    imprint = {"cc": None, "issued_by": None, "issued_date": None}
    body = Body(doc["children"])
    attachment: dict | None = None
    for tag, raw in lines:
        clean = raw.replace(SPLIT, "").strip(" \u3000")
        if tag == "+":
            LAST[0]["text"] += clean
        elif tag == "T":
            doc["title"] += clean
        elif tag == "ATT":
            if attachment is None or attachment["children"] or (attachment["title"] and not attachment.get("_open")):
                attachment = {"label": "", "title": "", "children": []}
                doc["attachments"].append(attachment)
                body = Body(attachment["children"])
            attachment["title"] += clean
            attachment["_open"] = True
        elif tag == "ATL":
            attachment = {"label": clean, "title": "", "children": [], "_open": True}
            doc["attachments"].append(attachment)
            body = Body(attachment["children"])
        elif tag in ("SUB", "DATE", "AUTH"):
            key = {"SUB": "subtitle", "DATE": "date", "AUTH": "author"}[tag]
            doc[key] = clean if doc[key] is None else doc[key] + clean
        elif tag == "NOTE":
            doc["notes"].append(clean)
        elif tag == "SAL":
            doc["salutation"] = clean if doc["salutation"] is None else doc["salutation"] + clean
        elif tag.startswith("H."):
            field = tag[2:]
            if field == "signer":
                header.setdefault("signers", []).append(clean)
            else:
                header[field] = clean
        elif tag == "P":
            body.top().append(para(clean))
        elif tag == "DP" or (tag[0] == "P" and tag[1:].isdigit()):
            depth = 0 if tag == "DP" else int(tag[1:])
            if depth > len(body.stack):
                raise ValueError(f"{tag} deeper than the open sections: {clean[:20]}")
            del body.stack[depth:]
            body.top().append(para(clean))
        elif tag == "M" or (tag[0] == "M" and tag[1:].isdigit()):
            if tag != "M":
                del body.stack[int(tag[1:]) :]
            marker, rest = split_marker(raw.strip(" \u3000"))
            body.top().append(para(rest.replace(SPLIT, ""), marker))
        elif tag[0] in "SRA" and tag[1:].isdigit():
            level = int(tag[1:])
            marker, rest = split_marker(raw.strip(" \u3000"))
            if tag[0] == "S":
                body.open(section(level, marker, rest.replace(SPLIT, "").strip(" \u3000"), False))
            elif tag[0] == "A":
                node = section(level, marker, "", True)
                body.open(node)
                if rest.strip(" \u3000"):
                    node["children"].append(para(rest.replace(SPLIT, "")))
            else:
                if SPLIT in rest:
                    head, tail = rest.split(SPLIT, 1)
                else:
                    cut = rest.index("。") + 1
                    head, tail = rest[:cut], rest[cut:]
                node = section(level, marker, head.strip(" \u3000"), True)
                body.open(node)
                if tail.strip(" \u3000"):
                    node["children"].append(para(tail))
        elif tag == "AN":
            closing["attachment_notes"].append(re.sub(r"^附件[：:]", "", clean).strip(" \u3000"))
        elif tag == "SIG":
            closing["signature"].append(clean)
        elif tag == "SD":
            closing["sign_date"] = clean
        elif tag == "CN":
            closing["note"] = clean
        elif tag == "CC":
            imprint["cc"] = re.sub(r"^抄送[：:]", "", clean).strip(" \u3000")
        elif tag == "IB":
            imprint["issued_by"] = clean
        elif tag == "ID":
            imprint["issued_date"] = clean
        elif tag == "IBD":
            by, date = re.split(r"[ \u3000]+(?=\S+$)", clean)
            imprint["issued_by"], imprint["issued_date"] = by, date
        else:
            raise ValueError(f"unknown tag {tag!r}")
    for a in doc["attachments"]:
        a.pop("_open", None)
    if header:
        doc["header"] = {
            "copy_number": header.get("copy_number"),
            "classification": header.get("classification"),
            "urgency": header.get("urgency"),
            "issuer": header.get("issuer"),
            "doc_number": header.get("doc_number"),
            "signers": header.get("signers", []),
        }
    if closing["attachment_notes"] or closing["signature"] or closing["sign_date"] or closing["note"]:
        doc["closing"] = closing
    if any(imprint.values()):
        doc["imprint"] = imprint
    return doc


def read_ann(path: Path) -> list[tuple[str, str]]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if "\t" not in line:
            raise ValueError(f"{path.name}:{n}: no tab")
        tag, text = line.split("\t", 1)
        out.append((tag.strip(), text))
    return out


def main(paths: list[str]) -> None:
    for p in paths:
        path = Path(p)
        lines = read_ann(path)
        try:
            doc = build(lines)
        except ValueError as err:
            raise SystemExit(f"{path.name}: {err}") from err
        stem = path.stem
        (HERE / f"{stem}.txt").write_text("".join(t.replace(SPLIT, "") + "\n" for _, t in lines), encoding="utf-8")
        (HERE / f"{stem}.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
