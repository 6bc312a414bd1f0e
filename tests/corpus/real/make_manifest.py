"""Write manifest.json and the table in README.md from the truth trees and sources.json.

Per document: kind (the file-name prefix), source, size in characters (whitespace aside),
the outline-v2 parts its truth has, and the split (fixed per file in sources.json, so adding a
document never moves another between "dev" and "holdout"): the reader is tuned on "dev" only.

    python make_manifest.py
"""

from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
KINDS = {
    "gongwen": "公文",
    "law": "law / regulation",
    "plan": "plan / emergency plan",
    "speech": "speech",
    "lecture": "lecture",
    "book": "book",
}
FAMILIES = [
    ("第X编", r"^第.+编$"),
    ("第X章", r"^第.+章$"),
    ("第X节", r"^第.+节$"),
    ("第X条", r"^第.+条$"),
    ("第X回", r"^第.+回$"),
    ("第X，", r"^第.+，$"),
    ("一、", r"^[一二三四五六七八九十]+、$"),
    ("（一）", r"^（[一二三四五六七八九十]+）$"),
    ("1.", r"^\d+[.．]$"),
    ("（1）", r"^（\d+）$"),
    ("1.1", r"^\d+(\.\d+)+$"),
    ("1", r"^\d+$"),
    ("bare 一", r"^[一二三四五六七八九十]+$"),
    ("notes ⑴/①/〔１〕", r"^[⑴-⒇①-⑳㈠-㈩〔]"),
    ("unnumbered", r"^$"),
]


def family(marker: str) -> str:
    return next((name for name, rx in FAMILIES if re.match(rx, marker)), marker)


def walk(nodes: list, out: dict, depth: int = 1) -> None:
    for n in nodes:
        if n["type"] == "section":
            key = "articles" if n["marker"].endswith("条") and n["heading"] == "" else "sections"
            out[key] += 1
            out["families"].add(family(n["marker"]))
            out["depth"] = max(out["depth"], depth)
            out["runin"] += n["runin"] and key == "sections"
            walk(n["children"], out, depth + 1)
        else:
            out["paragraphs"] += 1
            if n.get("marker"):
                out["items"] += 1
                out["item_families"].add(family(n["marker"]))


def parts(doc: dict) -> dict:
    body = {
        "sections": 0,
        "articles": 0,
        "items": 0,
        "paragraphs": 0,
        "runin": 0,
        "depth": 0,
        "families": set(),
        "item_families": set(),
    }
    walk(doc["children"], body)
    for a in doc["attachments"]:
        walk(a["children"], body)
    closing, header, imprint = doc.get("closing") or {}, doc.get("header") or {}, doc.get("imprint") or {}
    top = [n for n in doc["children"]]
    last_section = max((i for i, n in enumerate(top) if n["type"] == "section"), default=None)
    present = {
        "issuer": bool(header.get("issuer")),
        "doc_number": bool(header.get("doc_number")),
        "subtitle": bool(doc.get("subtitle")),
        "date": bool(doc.get("date")),
        "author": bool(doc.get("author")),
        "notes": len(doc.get("notes") or []),
        "salutation": bool(doc.get("salutation")),
        "attachment_notes": len(closing.get("attachment_notes") or []),
        "signature": len(closing.get("signature") or []),
        "sign_date": bool(closing.get("sign_date")),
        "closing_note": bool(closing.get("note")),
        "attachments": len(doc["attachments"]),
        "cc": bool(imprint.get("cc")),
        "issued": bool(imprint.get("issued_by")),
        "paragraphs_after_last_section": 0 if last_section is None else len(top) - 1 - last_section,
    }
    order = [name for name, _ in FAMILIES]
    rank = lambda f: order.index(f) if f in order else len(order)  # noqa: E731
    body["families"] = sorted(body["families"], key=rank)
    body["item_families"] = sorted(body["item_families"], key=rank)
    return {**{k: v for k, v in present.items() if v}, **{k: v for k, v in body.items() if v}}


def label(p: dict) -> str:
    """The parts as one short cell for the README table."""
    names = [
        k
        for k in (
            "issuer",
            "doc_number",
            "subtitle",
            "date",
            "author",
            "salutation",
            "sign_date",
            "closing_note",
            "cc",
            "issued",
        )
        if p.get(k)
    ]
    for k in (
        "notes",
        "attachment_notes",
        "signature",
        "attachments",
        "paragraphs_after_last_section",
        "articles",
        "items",
    ):
        if p.get(k):
            names.append(f"{k}×{p[k]}")
    fam = ", ".join(p.get("families", []))
    if p.get("sections"):
        names.append(
            f"sections×{p['sections']} ({fam}; depth {p['depth']}{'; run-in ' + str(p['runin']) if p.get('runin') else ''})"
        )
    if p.get("item_families"):
        names.append("item markers " + ", ".join(p["item_families"]))
    return "; ".join(names)


def main() -> None:
    sources = json.loads((HERE / "sources.json").read_text(encoding="utf-8"))
    docs = sorted(p.stem for p in HERE.glob("*.json") if p.stem not in ("manifest", "sources"))
    by_kind: dict[str, list[str]] = {}
    for stem in docs:
        by_kind.setdefault(stem.split("-", 1)[0], []).append(stem)
    manifest = []
    for kind, stems in by_kind.items():
        for stem in stems:
            doc = json.loads((HERE / f"{stem}.json").read_text(encoding="utf-8"))
            text = (HERE / f"{stem}.txt").read_text(encoding="utf-8")
            manifest.append(
                {
                    "file": stem,
                    "kind": kind,
                    "split": sources[stem]["split"],
                    "title": doc["title"],
                    "chars": len(re.sub(r"\s+", "", text)),
                    "source": sources[stem]["source"],
                    "notes": sources[stem]["notes"],
                    "parts": parts(doc),
                }
            )
    manifest.sort(key=lambda m: (list(KINDS).index(m["kind"]), m["file"]))
    (HERE / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    rows = ["| file | kind | split | chars | v2 parts | source |", "|---|---|---|---|---|---|"]
    for m in manifest:
        rows.append(
            f"| {m['file']} | {KINDS[m['kind']]} | {m['split']} | {m['chars']} | {label(m['parts'])} | {m['source']} |"
        )
    readme = HERE / "README.md"
    text = readme.read_text(encoding="utf-8")
    start, end = "<!-- table -->", "<!-- /table -->"
    head, rest = text.split(start, 1)
    tail = rest.split(end, 1)[1]
    readme.write_text(head + start + "\n" + "\n".join(rows) + "\n" + end + tail, encoding="utf-8")
    counts = {k: sum(m["kind"] == k for m in manifest) for k in KINDS}
    print(len(manifest), "documents:", counts)


if __name__ == "__main__":
    main()
