"""The interface's language: Simplified Chinese or English, from gettext catalogs.

Chosen once, before any help text is built, in this order: ``--lang zh|en`` on the command
line, ``CONVERTER_LANG``, the POSIX locale variables (``LC_ALL``, ``LC_MESSAGES``, ``LANG``:
anything starting with ``zh``), and on Windows the user's interface language. English is the
source language; ``converter/locale/zh_CN/LC_MESSAGES/converter.po`` holds the Chinese, and the
compiled ``.mo`` beside it ships in the package (Babel extracts and compiles them: README,
"Languages"; tests/test_i18n.py checks both are complete and in step).
"""

from __future__ import annotations

import gettext
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DOMAIN = "converter"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("zh", "en")


def _from_argv(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def _windows_ui_language() -> str | None:  # pragma: no cover - Windows only
    try:
        import ctypes

        lang_id = ctypes.windll.kernel32.GetUserDefaultUILanguage()  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return None
    return "zh" if lang_id & 0x3FF == 0x04 else "en"  # LANG_CHINESE is primary language 0x04


def choose(argv: list[str] | None = None, environ: dict[str, str] | os._Environ[str] | None = None) -> str:
    """ "zh" or "en", by the rules above."""
    environ = os.environ if environ is None else environ
    picked = _from_argv(sys.argv[1:] if argv is None else argv) or environ.get("CONVERTER_LANG", "")
    if not picked:
        for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
            if environ.get(name):
                picked = environ[name]
                break
    if not picked and sys.platform == "win32":
        picked = _windows_ui_language() or ""
    return "zh" if picked.strip().lower().startswith("zh") else "en"


def strip_lang(argv: list[str]) -> list[str]:
    """The arguments without ``--lang X`` (accepted anywhere on the line, read by :func:`choose`)."""
    kept: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--lang":
            skip = True
        elif not arg.startswith("--lang="):
            kept.append(arg)
    return kept


def _load(language: str) -> gettext.NullTranslations:
    if language == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=["zh_CN"], fallback=True)


LANGUAGE = choose()
_catalog = _load(LANGUAGE)


def use(language: str) -> None:
    """Switch the language (tests, and the API for programs that embed converter)."""
    global LANGUAGE, _catalog
    LANGUAGE = language if language in LANGUAGES else "en"
    _catalog = _load(LANGUAGE)


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """``use(language)`` for a block, then the language before it (tests; a program reading for
    several users in turn). Messages are translated when made, so read inside the block."""
    before = LANGUAGE
    use(language)
    try:
        yield
    finally:
        use(before)


def _(message: str) -> str:
    """``message`` in the interface language."""
    return _catalog.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalog.ngettext(singular, plural, n)
