"""Pass 1, decode: bytes to text, detecting the encoding rather than assuming it.

In order (docs/encodings.md): a byte-order mark is certain; UTF-16/32 without one only when
the NUL bytes sit where that encoding puts them and the result reads as text; then UTF-8, also
with a few invalid bytes; then the legacy encoding whose reading is the most plausible text
for a Chinese-document tool (``charsets``: GB18030 first, Big5 for traditional text).
``--encoding NAME`` skips detection. Bytes that fit nowhere become U+FFFD, each reported
with its line and column; the report says which encoding was chosen and how sure, and a
guess is a warning. Binary data is refused with the reason, as is text no encoding explains.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from converter.i18n import _
from converter.reading.charsets import rank
from converter.reading.errors import ReadError
from converter.reading.lenient import ESCAPED, Bad, Lenient, decode_lenient
from converter.reading.report import Report

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz", "cp936", "euc_cn"}
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")  # tab, LF, VT, FF, CR are text
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
# A joiner between two pictographs (👨\u200d👩\u200d👧, a variation selector or skin tone before it) makes one emoji:
# it is part of the text, not an invisible artefact.
_PICTOGRAPH = "\u2600-\u27bf\U0001f000-\U0001faff"
_EMOJI_JOINER = re.compile(f"(?<=[{_PICTOGRAPH}\ufe0f])[\u200c\u200d](?=[{_PICTOGRAPH}])")
# a combining mark of the two-byte UTF-8 range after a non-letter: what other encodings' bytes look like as UTF-8
_STRAY_MARK = re.compile(
    "(?:^|(?<=[\\W\\d_]))[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
    "\u06d6-\u06ed\u0711\u0730-\u074a\u07a6-\u07b0\u07eb-\u07f3]"
)
SAMPLE_BYTES = 16 * 1024  # enough text to judge an encoding by
SURE_EVIDENCE = 20  # non-ASCII characters below which a legacy encoding is only a guess
SURE_MARGIN = 0.25  # how far the best reading must lead the next one
READABLE = 0.5  # a reading scoring less is not text in that encoding
MAX_BAD_WARNINGS = 10


@dataclass(frozen=True)
class Decision:
    decoded: Lenient
    encoding: str
    confidence: str  # "certain", "given" (--encoding), "high" or "guess"
    why: str = ""


def decode(data: bytes, report: Report, encoding: str | None = None) -> str:
    """Return the text with LF line ends; raise ReadError when it is not text."""
    if not data.strip():
        raise ReadError(_("the file is empty") if not data else _("the file holds only whitespace"))
    decision = _given(data, encoding) if encoding else _detect(data)
    text = decision.decoded.text
    report.encoding = decision.encoding
    report.encoding_confidence = decision.confidence
    if decision.confidence == "guess":
        report.warn(
            "encoding",
            1,
            _(
                "the encoding was guessed as {encoding} ({why}); "
                "if the text looks wrong, give the right one with --encoding NAME"
            ).format(encoding=decision.encoding, why=decision.why),
        )
    _report_bad(text, decision.decoded.bad, decision.encoding, report)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 200):
        raise ReadError(_("this looks like binary data, not text ({count} control characters)").format(count=controls))
    if not text.replace("\ufeff", "").strip():  # a byte-order mark alone is no text either
        raise ReadError(_("the file holds only whitespace"))
    return _drop_invisible(text, report)


def _given(data: bytes, name: str) -> Decision:
    """``--encoding NAME``: decode as told, bad bytes replaced and reported."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        info = None
    if info is None or not getattr(info, "_is_text_encoding", True):  # rot13, hex, zlib: not text encodings
        raise ReadError(
            _("unknown encoding {name} (for example: gb18030, big5, utf-8, utf-16, shift_jis)").format(name=repr(name))
        )
    codec = info.name
    if codec.replace("-", "_") in _GB_FAMILY:
        codec = "gb18030"  # its superset: no character is lost
    if codec == "utf-8" and data.startswith(codecs.BOM_UTF8):
        codec = "utf-8-sig"
    try:
        decoded = decode_lenient(data, codec)
    except UnicodeError:  # UTF-16/32 cannot mark a bad byte below 0x80: replace, place unknown
        text = data.decode(codec, errors="replace")
        decoded = Lenient(text, [Bad(i, b"") for i, ch in enumerate(text) if ch == "\ufffd"])
    return Decision(decoded, codec.replace("-sig", ""), "given")


def _detect(data: bytes) -> Decision:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decision(Lenient(data.decode(encoding), []), encoding.replace("-sig", ""), "certain")
            except UnicodeDecodeError as exc:
                mostly = _mostly_utf8(data[len(bom) :]) if encoding == "utf-8-sig" else None
                if mostly is not None:
                    return mostly
                reason = _("the file starts with a {encoding} mark but is not valid {encoding}: {reason}").format(
                    encoding=encoding, reason=exc.reason
                )
                raise ReadError(reason) from None
    if b"\x00" in data:
        wide = _wide_without_bom(data)
        if wide is None:
            raise ReadError(
                _("this looks like binary data, not text (it contains NUL bytes and is not UTF-16 or UTF-32)")
            )
        return wide
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _mostly_utf8(data) or _legacy(data)
    if not _STRAY_MARK.search(text):
        return Decision(Lenient(text, []), "utf-8", "certain")
    try:  # a few GB18030 characters can happen to be valid UTF-8 (通知 is U+0368 U+05AA): marks on nothing
        return _legacy(data)
    except ReadError:
        return Decision(Lenient(text, []), "utf-8", "guess", "valid UTF-8, but with accents on no letter")


def _wide_without_bom(data: bytes) -> Decision | None:
    """UTF-16/32 without a mark, proved by the NUL bytes: each is the zero half of an ASCII character
    (or of a character such as 一, U+4E00), and the whole decodes to ordinary text."""
    nuls = data.count(0)
    for codec, width in (("utf-32-le", 4), ("utf-32-be", 4), ("utf-16-le", 2), ("utf-16-be", 2)):
        if len(data) % width:
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if width == 4:  # every code point is below 0x110000: each unit's top byte is zero
            proved = (data[3::4] if codec.endswith("le") else data[0::4]).count(0) * 4 == len(data)
        else:  # ASCII characters are the zero-topped units: they account for most NUL bytes
            proved = len(_ASCII.findall(text)) * 2 >= nuls
        if proved and _ordinary(text):
            name = codec[:6]
            sure = "high" if len(text) >= SURE_EVIDENCE and ("\n" in text or " " in text) else "guess"
            return Decision(Lenient(text, []), name, sure, f"{codec} without a byte-order mark")
    return None


def _ordinary(text: str) -> bool:
    """Text a person wrote: no NUL or other controls, no private-use or unassigned code points."""
    return not any(ch not in "\t\n\r\f\v" and unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs") for ch in set(text))


_ASCII = re.compile("[\x00-\x7f]")


def _mostly_utf8(data: bytes) -> Decision | None:
    """UTF-8 with a few bad bytes (a truncated copy, one byte flipped): keep the rest."""
    raw = data.decode("utf-8", errors="surrogateescape")
    spots = len(ESCAPED.findall(raw))
    if len(_WIDE.findall(raw)) < 4 * spots:  # other encodings' bytes: mostly invalid as UTF-8
        return None
    return Decision(decode_lenient(data, "utf-8"), "utf-8", "high")


_WIDE = re.compile("[\u0080-\udc7f\udd00-\U0010ffff]")  # decoded multi-byte characters, not escaped bytes


def _legacy(data: bytes) -> Decision:
    whole = len(data) <= SAMPLE_BYTES
    ranked = rank(data[:SAMPLE_BYTES], final=whole)
    best = ranked[0]
    if best.score < READABLE:
        raise ReadError(
            _(
                "cannot tell the encoding of this file: it is not UTF-8 or UTF-16, and no Chinese, Japanese, "
                "Korean, Russian or Western encoding reads it as text; give it with --encoding NAME"
            )
        )
    rival = next((r for r in ranked[1:] if r.candidate.profile != best.candidate.profile), None)
    margin = best.score - (rival.score if rival else 0.0)
    sure = best.evidence >= SURE_EVIDENCE and margin >= SURE_MARGIN
    decoded = best.decoded if whole else decode_lenient(data, best.candidate.codec)
    name = best.candidate.codec
    if name == "cp1252" and not any(0x80 <= b <= 0x9F for b in data):
        name = "latin-1"  # the same characters: say the name people know
    why = _("{language}, from {count} non-ASCII characters").format(
        language=best.candidate.language, count=best.evidence
    )
    return Decision(decoded, name, "high" if sure else "guess", why)


def _report_bad(text: str, bad: list[Bad], encoding: str, report: Report) -> None:
    """Each U+FFFD that replaced bytes: a change at its line and column, and a warning (the first few)."""
    if not bad:
        return
    line, line_start, scanned = 1, 0, 0
    for number, spot in enumerate(bad):
        for i in range(scanned, spot.index):  # line ends as the later passes see them: CRLF, CR, LF
            ch = text[i]
            if ch == "\n" or (ch == "\r" and text[i + 1 : i + 2] != "\n"):
                line, line_start = line + 1, i + 1
        scanned = spot.index
        column = spot.index - line_start + 1
        shown = " ".join(f"0x{b:02X}" for b in spot.data) or _("a byte sequence")
        report.change("undecodable", line, column, shown, "\ufffd")
        if number < MAX_BAD_WARNINGS:
            report.warn(
                "undecodable",
                line,
                _("column {column}: {bytes} is not {encoding}{guess}; replaced by U+FFFD").format(
                    column=column, bytes=shown, encoding=encoding, guess=_as_cp1252(spot.data)
                ),
            )
    if len(bad) > MAX_BAD_WARNINGS:
        report.warn(
            "undecodable",
            1,
            _(
                "{count} more places with bytes that are not {encoding} were replaced by U+FFFD "
                "(converter check lists them all)"
            ).format(count=len(bad) - MAX_BAD_WARNINGS, encoding=encoding),
        )


def _as_cp1252(data: bytes) -> str:
    """A Windows-1252 smart quote or dash pasted into Chinese text is the usual stray byte: name it."""
    try:
        shown = data.decode("cp1252")
    except UnicodeDecodeError:
        return ""
    return (
        _(" (in Windows-1252: {text})").format(text=shown)
        if all(unicodedata.category(ch)[0] in "PS" for ch in shown)
        else ""
    )


def _drop_invisible(text: str, report: Report) -> str:
    if not _INVISIBLE.search(text):
        return text
    lines = text.split("\n")
    for number, line in enumerate(lines, 1):
        kept = {m.start() for m in _EMOJI_JOINER.finditer(line)}
        for match in _INVISIBLE.finditer(line):
            if match.start() not in kept:
                report.change("invisible", number, match.start() + 1, match.group(), "")
        lines[number - 1] = "".join(ch for i, ch in enumerate(line) if i in kept or not _INVISIBLE.fullmatch(ch))
    return "\n".join(lines)
