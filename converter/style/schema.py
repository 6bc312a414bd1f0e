"""Typed tables: read a TOML table into a frozen dataclass, checking every key and value.

A field's type comes from its annotation (bool, int, float, str, a tuple of str, or a nested
table); its range, choices, unit and meaning from :func:`spec`. Unknown keys are refused with
the closest valid name, so a typo is named instead of being ignored, and a value outside its
range is refused before any writer sees it (docs/styles.md).
"""

from __future__ import annotations

import difflib
import functools
import math
import re
import types
import typing
from collections.abc import Callable, Iterable
from dataclasses import MISSING, Field, dataclass, field, fields, is_dataclass
from typing import Any

SEE_ALL = "every key, with its type and unit: converter styles gongwen"
NUMBER_NOUN = {bool: "true or false", int: "a whole number", float: "a number", str: "text", tuple: "a list of text"}


class StyleError(ValueError):
    """A style sheet or override that cannot be used; the message names the key."""


@dataclass(frozen=True)
class Spec:
    """What a field accepts, beyond its Python type."""

    help: str = ""
    unit: str = ""
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    words: tuple[str, ...] = ()  # strings a number field also accepts, e.g. "grid" for a derived value
    max_len: int = 200  # characters of a text, items of a list
    pattern: str | None = None
    check: Callable[[Any], str | None] | None = None  # returns why the value is refused, or None


def spec(help: str = "", *, default: Any = MISSING, **limits: Any) -> Any:
    """A dataclass field that carries its :class:`Spec` in the metadata."""
    if default is MISSING:
        return field(metadata={"spec": Spec(help, **limits)})
    return field(default=default, metadata={"spec": Spec(help, **limits)})


def spec_of(f: Field[Any]) -> Spec:
    return f.metadata.get("spec", Spec())


@functools.cache
def field_types(cls: type) -> dict[str, Any]:
    """Resolved annotations; ``X | None`` becomes ``X`` (TOML has no null: absent means None)."""
    hints = typing.get_type_hints(cls)
    resolved = {}
    for name, hint in hints.items():
        if isinstance(hint, types.UnionType):
            hint = next(arg for arg in typing.get_args(hint) if arg is not type(None))
        resolved[name] = typing.get_origin(hint) or hint
    return resolved


def suggest(word: str, options: Iterable[str]) -> str:
    """``; did you mean 'x'?`` for the closest option, or nothing."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def unknown_key(where: str, key: str, options: Iterable[str]) -> StyleError:
    """An unknown key, named in full with the closest valid name and where to see them all."""
    close = difflib.get_close_matches(key, list(options), n=1, cutoff=0.6)
    dotted = f"{where}.{key}" if where else key
    hint = f"; did you mean {(f'{where}.{close[0]}' if where else close[0])!r}?" if close else ""
    return StyleError(f"unknown style key {dotted!r}{hint} ({SEE_ALL})")


def read_table(cls: type, table: Any, where: str) -> Any:
    """An instance of the dataclass ``cls`` from a TOML table, every key and value checked."""
    if not isinstance(table, dict):
        raise StyleError(f"style key {where!r} must be a table, not {_shown(table)} ({SEE_ALL})")
    names = [f.name for f in fields(cls)]
    for key in table:
        if key not in names:
            raise unknown_key(where, key, names)
    kinds = field_types(cls)
    values = {}
    for f in fields(cls):
        key = f"{where}.{f.name}"
        if f.name in table:
            values[f.name] = check_value(table[f.name], kinds[f.name], spec_of(f), key)
        elif f.default is MISSING and f.default_factory is MISSING:
            raise StyleError(f'style sheet is missing {key} (add it, or say base = "gongwen")')
    return cls(**values)


def check_value(value: Any, kind: Any, rule: Spec, key: str) -> Any:
    """``value`` as ``kind`` if it is one and within ``rule``; otherwise a StyleError naming ``key``."""
    if is_dataclass(kind):
        return read_table(kind, value, key)
    if isinstance(value, str) and value in rule.words:
        return value
    if kind is bool:
        ok = isinstance(value, bool)
    elif kind is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif kind is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
        value = float(value) if ok else value
    elif kind is tuple:
        ok = isinstance(value, list) and all(isinstance(item, str) for item in value)
        value = tuple(value) if ok else value
    else:
        ok = isinstance(value, str)
    if not ok:
        raise _refused(key, value, kind, rule)
    if kind in (int, float) and not _within(value, rule):
        raise _refused(key, value, kind, rule)
    if kind in (str, tuple) and len(value) > rule.max_len:
        raise _refused(key, value, kind, rule, f"longer than {rule.max_len}")
    if rule.choices and value not in rule.choices:
        raise StyleError(
            f"style key {key!r} is {_shown(value)}{suggest(str(value), rule.choices)} "
            f"(choices: {', '.join(rule.choices)}; {SEE_ALL})"
        )
    if rule.pattern and not re.fullmatch(rule.pattern, value):
        raise _refused(key, value, kind, rule)
    if rule.check and (why := rule.check(value)):
        raise StyleError(f"style key {key!r} is {_shown(value)}: {why} ({SEE_ALL})")
    return value


def _within(value: float, rule: Spec) -> bool:
    return (rule.low is None or value >= rule.low) and (rule.high is None or value <= rule.high)


def describe(kind: Any, rule: Spec) -> str:
    """What a field accepts, in words: ``a number from 1 to 100 mm`` or ``one of: lines, linesAndChars``."""
    if rule.choices:
        return "one of: " + ", ".join(rule.choices)
    text = NUMBER_NOUN.get(kind, "a table")
    if kind in (int, float) and rule.low is not None and rule.high is not None:
        text += f" from {rule.low:g} to {rule.high:g}"
    if rule.unit:
        text += f" {rule.unit}"
    if rule.words:
        text += ", or " + " or ".join(f'"{w}"' for w in rule.words)
    if rule.pattern == COLOUR:
        text = 'a colour "#RRGGBB"'
    return text


def _refused(key: str, value: Any, kind: Any, rule: Spec, why: str = "") -> StyleError:
    detail = f" ({why})" if why else ""
    return StyleError(f"style key {key!r} is {_shown(value)}{detail}; it needs {describe(kind, rule)} ({SEE_ALL})")


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def coerce_text(raw: str, kind: Any, rule: Spec, key: str) -> Any:
    """A ``--set key=value`` string as the field's type (the range is checked with the whole sheet)."""
    if raw in rule.words:
        return raw
    try:
        if kind is bool:
            if raw.lower() in ("true", "yes", "1", "on"):
                return True
            if raw.lower() in ("false", "no", "0", "off"):
                return False
            raise ValueError
        if kind is int:
            return int(raw)
        if kind is float:
            return float(raw)
    except ValueError:
        raise StyleError(f"style key {key!r} needs {describe(kind, rule)} ({kind.__name__}), not {raw!r}") from None
    if kind is tuple:
        return [item.strip() for item in raw.split(",") if item.strip()]
    if is_dataclass(kind):
        raise StyleError(f"style key {key!r} is a table; set one of its keys, e.g. {key}.{fields(kind)[0].name}=…")
    return raw


COLOUR = r"#[0-9A-Fa-f]{6}"
