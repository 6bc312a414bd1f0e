"""Pass 1, decode: bytes to text, detecting the encoding rather than assuming it.

UTF-8 (with or without BOM) and UTF-16/32 with a BOM are certain; anything else is
handed to charset-normalizer, which in practice finds GB18030/GBK for Chinese files.
GB 2312 and GBK are decoded as GB18030, their superset, so no character is lost.
Binary data is refused with the reason, as is text no encoding explains.
"""

from __future__ import annotations

import codecs
import re

from converter.reading.errors import ReadError
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


def decode(data: bytes, report: Report) -> str:
    """Return the text with LF line ends; raise ReadError when it is not text."""
    if not data.strip():
        raise ReadError("the file is empty" if not data else "the file holds only whitespace")
    text, encoding = _decode(data)
    report.encoding = encoding
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 200):
        raise ReadError(f"this looks like binary data, not text ({controls} control characters)")
    if not text.strip():
        raise ReadError("the file holds only whitespace")
    return _drop_invisible(text, report)


def _decode(data: bytes) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.replace("-sig", "")
            except UnicodeDecodeError as exc:
                reason = f"the file starts with a {encoding} mark but is not valid {encoding}: {exc.reason}"
                raise ReadError(reason) from None
    if b"\x00" in data:
        raise ReadError("this looks like binary data, not text (it contains NUL bytes and no UTF-16 mark)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:  # Chinese files that are not UTF-8 are almost always GB18030 or a subset of it
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _looks_chinese(text):
        return text, "gb18030"
    return _detect(data)


def _detect(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ReadError("cannot tell the encoding of this file (not UTF-8, UTF-16 or GB18030)")
    encoding = best.encoding.lower()
    if encoding in _GB_FAMILY:
        encoding = "gb18030"
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError) as exc:
        raise ReadError(f"cannot decode this file as {encoding}: {exc}") from None


def _looks_chinese(text: str) -> bool:
    """GB18030 decodes many byte soups; accept it only when most letters are common Han."""
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    letters = sum(1 for ch in text if not ch.isspace() and not ch.isascii())
    return letters > 0 and han / letters > 0.6


def _drop_invisible(text: str, report: Report) -> str:
    if not _INVISIBLE.search(text):
        return text
    for number, line in enumerate(text.split("\n"), 1):
        for match in _INVISIBLE.finditer(line):
            report.change("invisible", number, match.start() + 1, match.group(), "")
    return _INVISIBLE.sub("", text)
