"""The reader's knowledge of documents, loaded once from vocabulary.toml.

Marker families, document kinds and the words of front and back matter are data, so a
new family or a new closing formula is one line in the table, not a new regex in a pass.
docs/reading.md describes each table.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Family:
    name: str
    pattern: str
    role: str  # "heading", "article" or "item"
    needs: str | None  # another family the document must also use
    kinds: tuple[str, ...]  # the kinds of document it counts in; () for all
    runin: bool = True  # False: a member with text after its first sentence is an item, never a run-in heading


@dataclass(frozen=True)
class Kind:
    name: str
    title: re.Pattern[str] | None


@dataclass(frozen=True)
class Vocabulary:
    families: tuple[Family, ...]
    kinds: tuple[Kind, ...]
    bare_numeral: re.Pattern[str]
    named_headings: tuple[str, ...]
    contents: tuple[str, ...]
    front: dict[str, Any]
    back: dict[str, Any]
    closing_starts: tuple[str, ...]
    carries: re.Pattern[str]
    toc_line: re.Pattern[str]
    reflow: dict[str, list[str]]
    chat: dict[str, list[str]]
    clean: dict[str, list[str]]

    def family(self, name: str) -> Family:
        return next(f for f in self.families if f.name == name)

    def front_re(self, key: str) -> re.Pattern[str]:
        return _compile(self.front[key])

    def back_re(self, key: str) -> re.Pattern[str]:
        return _compile(self.back[key])

    def reflow_re(self, key: str) -> re.Pattern[str]:
        """One of the [reflow] lists as one pattern: any of its alternatives, from a line's start."""
        return _any(self.reflow[key])

    def chat_re(self, key: str) -> re.Pattern[str]:
        return _any(self.chat[key])

    def clean_re(self, key: str) -> re.Pattern[str]:
        return _any(self.clean[key])


def _any(alternatives: list[str]) -> re.Pattern[str]:
    return _compile("^(?:" + "|".join(alternatives) + ")")


@cache
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@cache
def vocabulary() -> Vocabulary:
    data = tomllib.loads(resources.files("converter.reading").joinpath("vocabulary.toml").read_text("utf-8"))
    numerals = data["numerals"]

    def expand(pattern: str) -> str:
        return pattern.replace("{N}", numerals["N"]).replace("{CN}", numerals["CN"])

    families = tuple(
        Family(
            f["name"],
            expand(f["pattern"]),
            f.get("role", "heading"),
            f.get("needs"),
            tuple(f.get("kinds", ())),
            f.get("runin", True),
        )
        for f in data["family"]
    )
    kinds = tuple(Kind(k["name"], re.compile(k["title"]) if k["title"] else None) for k in data["kind"])
    return Vocabulary(
        families=families,
        kinds=kinds,
        bare_numeral=re.compile(data["books"]["bare_numeral"]),
        named_headings=tuple(data["headings"]["named"]),
        contents=tuple(data["headings"]["contents"]),
        front=data["front"],
        back=data["back"],
        closing_starts=tuple(data["closing"]["starts"]),
        carries=re.compile(data["closing"]["carries"]),
        toc_line=re.compile(data["toc"]["line"]),
        reflow=data["reflow"],
        chat=data["chat"],
        clean=data["clean"],
    )
