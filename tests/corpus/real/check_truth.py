"""Prove each truth tree loses nothing: its strings, in reading order, give back the source text.

The invariant of outline v2: concatenating every string of the tree (header, title block, notes,
salutation, markers, headings, paragraphs, 落款, attachments with labels and titles, 版记) gives the
source minus whitespace, modulo punctuation width (NFKC), with the 附件：/抄送：/签发人： labels the
tree drops allowed back in. Parts of the title block and of the 落款 may stand in any order in the
source (an occasion line before or after the speaker), so each such group is matched as a set.

    python check_truth.py            # every *.json here
    python check_truth.py a.json …   # just these
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
LABELS = ("附件：", "抄送：", "签发人：")


def fold(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def body_pieces(nodes: list) -> list[str]:
    out: list[str] = []
    for node in nodes:
        if node["type"] == "section":
            out += [node["marker"], node["heading"]]
            out += body_pieces(node["children"])
        else:
            out += [node.get("marker", ""), node["text"]]
    return [p for p in out if p]


def groups(doc: dict) -> list[tuple[bool, list[str]]]:
    """(any_order, pieces) groups in reading order."""
    front: list[str] = []
    header = doc.get("header") or {}
    front += [header.get(k) for k in ("copy_number", "classification", "urgency", "issuer", "doc_number")]
    front += list(header.get("signers") or [])
    front += [doc.get("title"), doc.get("subtitle"), doc.get("date"), doc.get("author")]
    front += [*(doc.get("notes") or []), doc.get("salutation")]
    out = [(True, [p for p in front if p])]
    out.append((False, body_pieces(doc["children"])))
    closing = doc.get("closing") or {}
    tail = list(closing.get("attachment_notes") or []) + list(closing.get("signature") or [])
    tail += [closing.get("sign_date"), closing.get("note")]
    out.append((True, [p for p in tail if p]))
    for a in doc.get("attachments") or []:
        out.append((False, [p for p in (a["label"], a["title"]) if p] + body_pieces(a["children"])))
    imprint = doc.get("imprint") or {}
    out.append((True, [p for p in (imprint.get("cc"), imprint.get("issued_by"), imprint.get("issued_date")) if p]))
    return out


def check(doc: dict, source: str) -> str | None:
    """None when the tree gives back the source, else where it first differs."""
    want = fold(source)
    pos = 0
    labels = [fold(lb) for lb in LABELS]

    def take_label() -> None:
        nonlocal pos
        for lb in labels:
            if want.startswith(lb, pos):
                pos += len(lb)

    for any_order, pieces in groups(doc):
        todo = [fold(p) for p in pieces]
        while todo:
            take_label()
            if any_order:
                hit = next((p for p in sorted(todo, key=len, reverse=True) if want.startswith(p, pos)), None)
            else:
                hit = todo[0] if want.startswith(todo[0], pos) else None
            if hit is None:
                expect = todo[0] if not any_order else " | ".join(todo)
                return f"at {pos}: source …{want[max(0, pos - 15) : pos]}[{want[pos : pos + 30]}]… tree expects [{expect[:60]}]"
            pos += len(hit)
            todo.remove(hit)
    take_label()
    if pos != len(want):
        return f"source has more at {pos}: [{want[pos : pos + 40]}]"
    return None


def main(paths: list[str]) -> int:
    files = [Path(p) for p in paths] or sorted(HERE.glob("*.json"))
    files = [f for f in files if f.name not in ("manifest.json", "sources.json")]
    bad = 0
    for f in files:
        doc = json.loads(f.read_text(encoding="utf-8"))
        problems = [] if doc.get("schema") == 2 else ["schema is not 2"]
        err = check(doc, f.with_suffix(".txt").read_text(encoding="utf-8"))
        if err:
            problems.append(err)
        if problems:
            bad += 1
            print(f"FAIL {f.name}: {'; '.join(problems)}")
    print(f"{len(files) - bad}/{len(files)} truth trees give back their source text")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
