"""The real-document corpus stays trustworthy: every truth tree keeps the v2 contract, gives back its
text, and is exactly what its hand annotation says (no hand-edited JSON drifting from the .ann)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from annotate import build, read_ann
from check_truth import check

HERE = Path(__file__).resolve().parent
DOCS = sorted(p.stem for p in HERE.glob("*.json") if p.stem not in ("manifest", "sources"))
TOP = {
    "schema",
    "header",
    "title",
    "subtitle",
    "date",
    "author",
    "notes",
    "salutation",
    "children",
    "closing",
    "attachments",
    "imprint",
}
SECTION = {"type", "level", "marker", "heading", "runin", "children"}


def load(stem: str) -> dict:
    return json.loads((HERE / f"{stem}.json").read_text(encoding="utf-8"))


def nodes(tree: list, level: int = 1):
    for node in tree:
        yield node, level
        if node["type"] == "section":
            yield from nodes(node["children"], level + 1)


@pytest.mark.parametrize("stem", DOCS)
def test_truth_gives_back_its_text(stem: str) -> None:
    assert check(load(stem), (HERE / f"{stem}.txt").read_text(encoding="utf-8")) is None


@pytest.mark.parametrize("stem", DOCS)
def test_truth_is_what_its_annotation_says(stem: str) -> None:
    lines = read_ann(HERE / "ann" / f"{stem}.ann")
    assert build(lines) == load(stem)
    assert "".join(t.replace("¦", "") + "\n" for _, t in lines) == (HERE / f"{stem}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("stem", DOCS)
def test_truth_keeps_the_v2_contract(stem: str) -> None:
    doc = load(stem)
    assert set(doc) == TOP and doc["schema"] == 2 and doc["title"] is not None
    bodies = [doc["children"]] + [a["children"] for a in doc["attachments"]]
    for a in doc["attachments"]:
        assert set(a) == {"label", "title", "children"}
    for body in bodies:
        for node, level in nodes(body):
            if node["type"] == "section":
                assert set(node) == SECTION and node["level"] == level
                if node["marker"].endswith("条") and not node["heading"]:
                    assert node["runin"], f"article {node['marker']} must be run-in"
            else:
                assert set(node) in ({"type", "text"}, {"type", "marker", "text"}) and node["text"]


def test_checker_catches_a_lost_paragraph() -> None:
    """The invariant check is not vacuous: drop one paragraph and it fails."""
    doc = copy.deepcopy(load("gongwen-holiday-2019"))
    doc["children"].pop()
    assert check(doc, (HERE / "gongwen-holiday-2019.txt").read_text(encoding="utf-8")) is not None


def test_manifest_covers_every_document_and_kind() -> None:
    manifest = json.loads((HERE / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(m["file"] for m in manifest) == DOCS
    assert len(DOCS) >= 40
    kinds = {m["kind"] for m in manifest}
    assert len(kinds) >= 6
    for kind in kinds:
        splits = {m["split"] for m in manifest if m["kind"] == kind}
        assert splits == {"dev", "holdout"}, kind
