"""decode: encodings are detected, line ends unified, binary and undecodable input refused."""

from __future__ import annotations

import codecs

import pytest

from converter.reading import ReadError, Report
from converter.reading.decode import decode

TEXT = "关于做好2025年元旦春节期间有关工作的通知\n各区县人民政府，市政府各部门：\n现将有关事项通知如下。\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
    ],
)
def test_encodings_are_detected(data: bytes, encoding: str) -> None:
    report = Report()
    assert decode(data, report) == TEXT
    assert report.encoding == encoding


def test_gb18030_rare_characters_survive() -> None:
    text = "姓名：䶮𠀀堃喆，住址：XX路。" * 3
    assert decode(text.encode("gb18030"), Report()) == text


@pytest.mark.parametrize("ending", ["\r\n", "\r"])
def test_line_ends_become_lf(ending: str) -> None:
    assert decode(TEXT.replace("\n", ending).encode("utf-8"), Report()) == TEXT


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\t \r\n", "whitespace"),
        (bytes(range(256)) * 4, "binary"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "binary"),
        (codecs.BOM_UTF8 + b"\xff\xfe\xfa bad", "not valid"),
    ],
)
def test_unreadable_input_is_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(ReadError, match=reason):
        decode(data, Report())


def test_invisible_characters_are_dropped_and_recorded() -> None:
    report = Report()
    assert decode("第一\u200b行\u00ad".encode(), report) == "第一行"
    assert [(c.kind, c.line, c.column) for c in report.changes] == [("invisible", 1, 3), ("invisible", 1, 5)]
