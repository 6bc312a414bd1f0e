"""What the lines of a title block look like: ——subtitle, （date or occasion）, speaker, notes, salutation.

Shared by reflow (which must not run them into paragraphs) and the front-matter pass
(which names them). The words (offices, surnames, author roles) are in vocabulary.toml.
"""

from __future__ import annotations

import re

from converter.reading.markers import match_marker
from converter.reading.vocabulary import vocabulary

_FRONT = vocabulary().front
DATE_LINE = re.compile(_FRONT["date_line"])
SUBTITLE = re.compile(r"^[—―]{2}[ \u3000]*[\u4e00-\u9fff“《0-9]")  # 破折号 is two em dashes; one is a range
SALUTATION = re.compile(rf"^[^。；！？]{{1,{_FRONT['salutation_max']}}}[：:]$")  # 同志们： or an addressee line
_DOTS = "·•・"
_NAME_PADDING = re.compile(r"\S[ \u3000]+\S")
_SURNAME = "(?:" + "|".join([*_FRONT["compound_surnames"], f"[{''.join(_FRONT['surnames'].split())}]"]) + ")"
_NAME = rf"{_SURNAME}[\u4e00-\u9fff]{{1,2}}"
# an office, then a name, maybe padded (山东省济南市政协主席　雷　杰): up to three letters, four with a
# compound surname (not 政协委员责任担当, a heading)
_OFFICES = "|".join(sorted(_FRONT["offices"], key=len, reverse=True))
_COMPOUND = "|".join(_FRONT["compound_surnames"])
_OFFICE = re.compile(rf"({_OFFICES})[ \u3000]*(?:\S(?:[ \u3000]*\S){{0,2}}|(?:{_COMPOUND})[ \u3000]*\S[ \u3000]*\S)$")
_BARE_NAME = re.compile(rf"^(?:{_NAME}|{_SURNAME}[ \u3000]+[\u4e00-\u9fff](?:[ \u3000]*[\u4e00-\u9fff])?)$")
_ROLES = "|".join(sorted(_FRONT["author_roles"], key=len, reverse=True))
# a name, then its role: 鲁迅著, not 发言摘编 or 资料汇编 (a kind of book, not a name and a role)
_AUTHOR_ROLE = re.compile(
    rf"^[^，。；：！？]{{1,24}}[ \u3000]+(?:{_ROLES})$|^[^，。；：！？\s]{{2,4}}(?<![摘选汇续新改类合])(?:{_ROLES})$"
)
_NOTE = re.compile(_FRONT["note"])
_NOTE_DATE = re.compile(_FRONT["note_date"])
_DOC_NUMBER = re.compile(_FRONT["doc_number"])
_KIND_END = re.compile(_FRONT["kind_words"])
_BRACKET = re.compile(r"[〔［\[【（(]")


def is_speaker(text: str) -> bool:
    """A padded name (张  三, a surname first) or an office followed by a name (市委书记 李四, 国务院总理　李强)."""
    if len(text) > 24 or text.endswith(("。", "！", "？", "；", "，", "：")) or text[:1].isdigit():
        return False
    if match_marker(text) is not None:
        return False  # 第一章　序 is a chapter, not a padded name
    squeezed = text.replace(" ", "").replace("\u3000", "")
    padded = _NAME_PADDING.search(text) and len(squeezed) <= 4 and _BARE_NAME.match(squeezed)
    return bool(padded or _OFFICE.search(text))


def is_bare_name(text: str) -> bool:
    """A person's name alone (习近平, 张　三, ·鲁迅·): only meaningful in a title block."""
    decorated = len(text) <= 8 and text[:1] in _DOTS and text[-1:] in _DOTS and len(text.strip(_DOTS)) >= 2
    return decorated or _BARE_NAME.match(text) is not None


def is_author_line(text: str) -> bool:
    """``毛姆 著``, ``张三 主编``, ``鲁迅著``: a name, then the part it played (not ``…发言摘编``)."""
    return len(text) <= 32 and _AUTHOR_ROLE.match(text) is not None and not text.startswith(("第", "（", "("))


def is_note(text: str) -> bool:
    """A 题注: how the text was adopted or published (``2012年8月29日 国务院第215次常务会议通过``)."""
    return len(text) <= 200 and bool(_NOTE_DATE.search(text)) and bool(_NOTE.search(text)) and not is_doc_number(text)


def is_doc_number(text: str) -> bool:
    """A 发文字号 alone on its line (国办发〔2022〕35号)."""
    return _DOC_NUMBER.fullmatch(text.strip()) is not None


def split_doc_number(text: str) -> tuple[str, str] | None:
    """A 发文字号 glued to the end of a title line: (title, number), cut after the 文种 word.

    The cut is the last 文种 word that leaves an issuer's code before the bracket, so the
    ``函`` of ``国函〔2018〕159号`` is not taken for the title's ``复函``.
    """
    m = _DOC_NUMBER.search(text)
    if m is None or m.end() != len(text.rstrip()):
        return None
    bracket = _BRACKET.search(text, m.start())
    if bracket is None:
        return None
    cuts = [kind.end() for kind in _KIND_END.finditer(text, 0, bracket.start()) if kind.end() < bracket.start()]
    if not cuts:
        return None
    return text[: cuts[-1]], text[cuts[-1] :].strip()


def is_meta(text: str) -> bool:
    """A line of the title block that is not the title itself."""
    return bool(
        DATE_LINE.match(text)
        or SUBTITLE.match(text)
        or SALUTATION.match(text)
        or is_note(text)
        or is_doc_number(text)
        or is_author_line(text)
    )
