"""Corrections on the outline tree: change a node's kind or level, addressed by its path.

The page sends the outline JSON (docs/outline.md) and a path such as ``children[3].children[0]``
(the same form the loader names in its errors); the edit moves nodes in the tree, never
re-reads text, and keeps reading order, so every character stays where a reader meets it.
Levels follow nesting (a section's ``level`` is its depth): a node that moves up or down a
level takes its whole subtree along, and the headings after a promoted one move under it.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from converter.model import Document
from converter.outline_json import document_from_dict, document_from_json
from converter.web.messages import MESSAGES

ACTIONS = ("promote", "demote", "paragraph", "heading")
_PATH = re.compile(r"(?:attachments\[\d+\]\.)?children\[\d+\](?:\.children\[\d+\])*")
_STEP = re.compile(r"(attachments|children)\[(\d+)\]")


class EditError(ValueError):
    """An edit the tree cannot take; ``key`` names its message in converter/web/messages.py."""

    def __init__(self, key: str, **values: str) -> None:
        super().__init__(MESSAGES[key].format(**values))
        self.key, self.values = key, values


def edit_json(tree: str, path: str, action: str) -> str:
    """The outline JSON ``tree`` with ``action`` applied to the node at ``path``."""
    return edit(document_from_json(tree), path, action).to_json()


def edit(doc: Document, path: str, action: str) -> Document:
    """``doc`` with one node changed: ``promote`` / ``demote`` a heading one level, or make a heading
    a ``paragraph`` or a paragraph a ``heading``. Raises EditError when the tree cannot take it."""
    if action not in ACTIONS:
        raise EditError("edit_action", action=action)
    data = copy.deepcopy(doc.to_dict())
    chain = _resolve(data, path)
    {"promote": _promote, "demote": _demote, "paragraph": _to_paragraph, "heading": _to_heading}[action](chain)
    return document_from_dict(data)


def node_paths(doc: Document) -> list[str]:
    """Every addressable body node's path, in reading order (attachments after the body)."""
    out: list[str] = []

    def visit(nodes: tuple[Any, ...], prefix: str) -> None:
        for i, node in enumerate(nodes):
            here = f"{prefix}children[{i}]"
            out.append(here)
            if hasattr(node, "level"):
                visit(node.children, here + ".")

    visit(doc.children, "")
    for k, attachment in enumerate(doc.attachments):
        visit(attachment.children, f"attachments[{k}].")
    return out


# A chain is the path walked: (owner, index) pairs from the top; owner["children"][index] is the node.
Chain = list[tuple[dict[str, Any], int]]


def _resolve(data: dict[str, Any], path: str) -> Chain:
    if not _PATH.fullmatch(path):
        raise EditError("edit_path", path=path)
    owner: dict[str, Any] = data
    chain: Chain = []
    for key, number in _STEP.findall(path):
        index = int(number)
        items = owner.get(key, [])
        if index >= len(items):
            raise EditError("edit_path", path=path)
        if key == "attachments":
            owner = items[index]
            continue
        if chain and owner.get("type") != "section":
            raise EditError("edit_path", path=path)
        chain.append((owner, index))
        owner = items[index]
    return chain


def _node(chain: Chain) -> dict[str, Any]:
    owner, index = chain[-1]
    return owner["children"][index]


def _level_here(chain: Chain) -> int:
    """The level a heading at this place has: one below its section, 1 at the top."""
    owner = chain[-1][0]
    return owner["level"] + 1 if owner.get("type") == "section" else 1


def _shift(nodes: list[dict[str, Any]], delta: int) -> None:
    for node in nodes:
        if node["type"] == "section":
            node["level"] += delta
            _shift(node["children"], delta)


def _promote(chain: Chain) -> None:
    """One level up: the heading leaves its section to follow it, taking the nodes after it along."""
    node = _require_section(chain)
    if len(chain) < 2:
        raise EditError("edit_top")
    parent, index = chain[-1]
    grand, parent_index = chain[-2]
    after = parent["children"][index + 1 :]
    del parent["children"][index:]
    _shift(node["children"], -1)
    node["level"] -= 1
    node["children"] += after
    siblings = grand["children"]
    if not parent["children"] and not (parent["marker"] + parent["heading"]).strip():
        siblings[parent_index] = node  # the emptied section held no text of its own
    else:
        siblings.insert(parent_index + 1, node)


def _demote(chain: Chain) -> None:
    """One level down: the heading (and any paragraphs between) joins the end of the heading before it."""
    node = _require_section(chain)
    owner, index = chain[-1]
    siblings = owner["children"]
    before = [i for i in range(index) if siblings[i]["type"] == "section"]
    if not before:
        raise EditError("edit_no_previous")
    host = siblings[before[-1]]
    moved = siblings[before[-1] + 1 : index + 1]
    _shift([node], 1)
    host["children"] += moved
    del siblings[before[-1] + 1 : index + 1]


def _to_paragraph(chain: Chain) -> None:
    """A heading read in error becomes body text; what it held moves up a level in its place."""
    node = _require_section(chain)
    owner, index = chain[-1]
    children = node["children"]
    _shift(children, -1)
    lead: list[dict[str, Any]] = []
    first = children[0] if children else None
    if node["runin"] and first and first["type"] == "paragraph" and not first.get("marker"):
        # a run-in heading and the rest of its paragraph become that one paragraph again
        shift = len(node["heading"])
        points = [[a + shift, b + shift] for a, b in first.get("points", [])]
        lead.append({"type": "paragraph", "marker": node["marker"], "text": node["heading"] + first["text"]})
        if points:
            lead[0]["points"] = points
        children = children[1:]
    elif node["heading"].strip():
        lead.append({"type": "paragraph", "marker": node["marker"], "text": node["heading"]})
    elif node["marker"].strip():
        lead.append({"type": "paragraph", "text": node["marker"] + node["heading"]})
    owner["children"][index : index + 1] = lead + children


def _to_heading(chain: Chain) -> None:
    """A paragraph becomes a heading at its place; the paragraphs after it, up to the next heading, go under it."""
    node = _node(chain)
    if node["type"] != "paragraph":
        raise EditError("edit_not_paragraph")
    owner, index = chain[-1]
    siblings = owner["children"]
    end = next((i for i in range(index + 1, len(siblings)) if siblings[i]["type"] == "section"), len(siblings))
    section = {
        "type": "section",
        "level": _level_here(chain),
        "marker": node.get("marker", ""),
        "heading": node["text"],
        "runin": False,
        "children": siblings[index + 1 : end],
    }
    siblings[index:end] = [section]


def _require_section(chain: Chain) -> dict[str, Any]:
    node = _node(chain)
    if node["type"] != "section":
        raise EditError("edit_not_heading")
    return node
