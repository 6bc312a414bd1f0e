"""The page's words, in English (the source language) with the Chinese from the gettext catalog.

The page serves both languages at once, so it cannot use the process-wide ``converter.i18n._``:
``_`` here only marks a message for extraction (README, "Languages") and :func:`texts` looks
each one up in the request's language.
"""

from __future__ import annotations

import gettext
from functools import cache

from converter.i18n import DOMAIN, LOCALE_DIR


def _(message: str) -> str:
    """Marks ``message`` for pybabel; translated per request by :func:`texts`."""
    return message


MESSAGES = {
    "app": _("Converter: Chinese text to DOCX, PDF and EPUB"),
    "lead": _("Paste a text or choose files; see what the reader changed, then download."),
    "paste": _("Paste text"),
    "files": _(
        "Or choose files (.txt in any encoding, Markdown .md, Word .docx, .doc/.odt/.rtf/.wps with LibreOffice, "
        "outline .json; several make a batch)"
    ),
    "read": _("Read"),
    "limit": _("Uploads up to {size} MB."),
    "tree": _("Outline"),
    "proof": _("Text with the reader's changes"),
    "warnings": _("Warnings"),
    "no_warnings": _("No warnings."),
    "line": _("line {n}"),
    "changes": _("{n} changes: {kinds}"),
    "legend": _("Marked: widened punctuation, joined lines, removed page numbers and headers."),
    "edit": _("Title, 版头 and 落款"),
    "title": _("Title"),
    "issuer": _("Issuer (发文机关)"),
    "doc_number": _("Document number (发文字号)"),
    "signature": _("Signature (落款)"),
    "sign_date": _("Date (成文日期)"),
    "style": _("Style"),
    "download": _("Download"),
    "all_zip": _("All as zip"),
    "batch_zip": _("The whole batch as one zip"),
    "error": _("Cannot read {name}: {reason}"),
    "too_big": _("The upload is larger than {size} MB. 上传内容超过 {size} MB。"),
    "bad_request": _("This request cannot be carried out: {reason}"),
    "nothing": _("Paste a text or choose a file first."),
    "no_title": _("(no title)"),
    "level": _("level {n}"),
    "header": _("header (版头)"),
    "closing": _("closing (落款)"),
    "attachment": _("attachment"),
    "imprint": _("imprint (版记)"),
    "salutation": _("salutation"),
    "switch": _("English"),
    "back": _("Start again"),
    "preview": _("Preview the PDF"),
    "encoding": _("Encoding: {name}"),
    "page_of": _("Page {n} of {total}"),
    "previous": _("Previous page"),
    "next": _("Next page"),
    "page_text": _("Text on this page"),
    "drop": _("Drop files anywhere on this page, or choose them below."),
    "correct": _(
        "Correct the outline with the buttons on each line: a heading up or down a level, "
        "a heading read in error back to a paragraph, a paragraph made a heading."
    ),
    "promote": _("Up a level"),
    "demote": _("Down a level"),
    "to_paragraph": _("Make it a paragraph"),
    "to_heading": _("Make it a heading"),
    "edit_action": _("Unknown edit {action}."),
    "edit_path": _("{path} names no node of this outline."),
    "edit_top": _("A top-level heading cannot go up a level."),
    "edit_no_previous": _("Only a heading that follows another heading can go down a level."),
    "edit_not_heading": _("Only a heading can change its level or become a paragraph."),
    "edit_not_paragraph": _("Only a paragraph can become a heading."),
    "own_style": _("Or your own style sheet (.toml, used instead of the choice above)"),
    "bad_style": _("The style sheet {name} cannot be used: {reason}"),
    "style_base": _("'base' in an uploaded style sheet must be a built-in style ({known}), not {base}"),
}

KIND_NAMES = {
    "widen": _("widened punctuation"),
    "join": _("joined line"),
    "artefact": _("removed page number or running header"),
    "marker": _("heading marker"),
    "front": _("title block"),
}


@cache
def _catalog(language: str) -> gettext.NullTranslations:
    if language == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=["zh_CN"], fallback=True)


def texts(language: str) -> dict[str, str]:
    """Every message of the page in ``language`` ("zh" or "en")."""
    catalog = _catalog(language)
    return {key: catalog.gettext(message) for key, message in MESSAGES.items()}


def kind_name(kind: str, language: str) -> str:
    """A change kind as a reader says it; unknown kinds stay as the code names them."""
    return _catalog(language).gettext(KIND_NAMES[kind]) if kind in KIND_NAMES else kind


def choose_language(query: str | None, cookie: str | None, accept: str) -> str:
    """The page's language: the switch (query, then cookie), else the browser's first choice; Chinese by default."""
    for picked in (query, cookie):
        if picked in ("zh", "en"):
            return picked
    for part in accept.split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("zh"):
            return "zh"
        if tag.startswith("en"):
            return "en"
    return "zh"
