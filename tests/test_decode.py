"""decode: encodings are detected, line ends unified, binary and undecodable input refused."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import pytest
from conftest import SAMPLE
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from converter.reading import ReadError, Report, parse_bytes
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


# ------------------------------------------------------------------ what the encoding was, and how sure

NOTICE = "关于做好2025年元旦春节期间有关工作的通知\n各区县人民政府，市政府各部门：\n现将有关事项通知如下。\n"
JAPANESE = "日本語のテキストです。東京都に住んでいます。\n"
KOREAN = "한국어 텍스트입니다. 서울에 살고 있습니다. 대한민국의 수도는 서울입니다.\n"
RUSSIAN = "Привет, мир! Это русский текст о погоде.\n"


def decoded(data: bytes, encoding: str | None = None) -> tuple[str, Report]:
    report = Report()
    return decode(data, report, encoding), report


@pytest.mark.parametrize(
    ("data", "text", "encoding", "sure"),
    [
        ("中華民國\n公告".encode("big5"), "中華民國\n公告", "big5", "guess"),  # was UTF-16-BE Hangul
        (
            "中華民國政府公告：為加強防汛工作，特通知如下。請各單位遵照辦理。\n".encode("big5"),
            "中華民國政府公告：為加強防汛工作，特通知如下。請各單位遵照辦理。\n",
            "big5",
            "high",
        ),
        (JAPANESE.encode("shift_jis"), JAPANESE, "cp932", "high"),  # was GB18030 mojibake
        (JAPANESE.encode("euc_jp"), JAPANESE, "euc_jp", "high"),
        (KOREAN.encode("euc_kr"), KOREAN, "cp949", "high"),
        (RUSSIAN.encode("koi8_r"), RUSSIAN, "koi8_r", "high"),  # was Shift-JIS
        (RUSSIAN.encode("cp1251"), RUSSIAN, "cp1251", "high"),
        ("naïve".encode("latin-1"), "naïve", "latin-1", "guess"),  # was cp1257
        ("naïve".encode(), "naïve", "utf-8", "certain"),
        (NOTICE.encode("gb18030"), NOTICE, "gb18030", "high"),
        ("通知".encode("gb18030"), "通知", "gb18030", "guess"),  # also valid UTF-8: U+0368 U+05AA
        (NOTICE.encode("utf-16-le"), NOTICE, "utf-16", "high"),  # no byte-order mark: was refused as binary
        (NOTICE.encode("utf-16-be"), NOTICE, "utf-16", "high"),
        (NOTICE.encode("utf-32-le"), NOTICE, "utf-32", "high"),
        (TEXT.encode("utf-8"), TEXT, "utf-8", "certain"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), TEXT, "utf-16", "certain"),
    ],
)
def test_the_plausible_encoding_is_chosen_and_its_certainty_said(
    data: bytes, text: str, encoding: str, sure: str
) -> None:
    got, report = decoded(data)
    assert got == text
    assert (report.encoding, report.encoding_confidence) == (encoding, sure)
    guessed = [w for w in report.warnings if w.kind == "encoding"]
    assert bool(guessed) == (sure == "guess")
    if guessed:
        assert encoding in guessed[0].message and "--encoding" in guessed[0].message


def test_bytes_without_the_nul_pattern_are_never_utf16() -> None:
    """Even length, decodable as UTF-16: still Big5, because no NUL byte proves UTF-16."""
    data = "中華民國\n公告\n".encode("big5")
    assert len(data) % 2 == 0 and data.decode("utf-16-be")
    assert decoded(data)[1].encoding == "big5"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + bytes(200),
        bytes(range(256)) * 4,
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" * 16,  # a Windows program
        bytes(100),
    ],
)
def test_nul_bytes_that_are_not_utf16_are_binary(data: bytes) -> None:
    with pytest.raises(ReadError, match="binary"):
        decode(data, Report())


def test_bytes_no_encoding_reads_as_text_are_refused() -> None:
    rng = random.Random(1)
    soup = bytes(rng.randrange(0x80, 0x100) for _ in range(2000))
    with pytest.raises(ReadError, match="--encoding"):
        decode(soup, Report())


# ------------------------------------------------------------------ bad bytes: replaced, located, nothing else lost


def _insert(data: bytes, at: int, stray: bytes) -> bytes:
    return data[:at] + stray + data[at:]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_one_bad_byte_is_replaced_and_reported_with_line_and_column(encoding: str) -> None:
    lines = NOTICE.split("\n")
    before = "\n".join(lines[:1]) + "\n" + lines[1][:4]  # the bad byte goes after 各区县人 on line 2
    data = _insert(NOTICE.encode(encoding), len(before.encode(encoding)), b"\xff")
    encoding = encoding.replace("-sig", "")
    text, report = decoded(data)
    assert report.encoding == encoding
    assert text == before + "\ufffd" + NOTICE[len(before) :]  # every other character is kept
    assert [(c.kind, c.line, c.column, c.before) for c in report.changes] == [("undecodable", 2, 5, "0xFF")]
    (warning,) = [w for w in report.warnings if w.kind == "undecodable"]
    assert warning.line == 2 and "column 5" in warning.message and "U+FFFD" in warning.message


def test_smart_quote_bytes_in_gb18030_are_stray_not_a_new_encoding() -> None:
    """Windows-1252 quotes (0x93, 0x94) pasted into GB18030 text: only they are lost, and named."""
    text = "他说：“你好”。\n我们明天在会议室见面，讨论工作安排。\n"
    data = text.encode("gb18030").replace("“".encode("gb18030"), b"\x93").replace("”".encode("gb18030"), b"\x94")
    got, report = decoded(data)
    assert report.encoding == "gb18030"
    assert got == text.replace("“", "\ufffd").replace("”", "\ufffd")
    assert [(c.line, c.column, c.before) for c in report.changes] == [(1, 4, "0x93"), (1, 7, "0x94")]
    assert any("Windows-1252: “" in w.message for w in report.warnings)


def test_stray_quotes_throughout_a_real_document_cost_only_themselves() -> None:
    """The sample in GB18030 with every 的 turned into 0x93 and every 。 into 0x94: nothing else changes."""
    text = SAMPLE.read_text(encoding="utf-8").replace("\r\n", "\n")
    pieces = [[part.encode("gb18030") for part in line.split("的")] for line in text.split("。")]
    data = b"\x94".join(b"\x93".join(parts) for parts in pieces)
    got, report = decoded(data)
    assert report.encoding == "gb18030"
    assert got == text.replace("的", "\ufffd").replace("。", "\ufffd")
    assert len(report.changes) == text.count("的") + text.count("。") > 100


def test_many_bad_bytes_are_all_recorded_but_warned_about_once() -> None:
    data = ("他说：“你好”。" * 40).encode("gb18030").replace("“".encode("gb18030"), b"\x93")
    got, report = decoded(data)
    assert got.count("\ufffd") == 40 and got.count("你好") == 40
    assert len([c for c in report.changes if c.kind == "undecodable"]) == 40
    assert len([w for w in report.warnings if w.kind == "undecodable"]) == 11  # ten, then "30 more"


RARE = "䶮𠀀堃喆镕龘靐齉爩𪚥"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(sorted(set(NOTICE + RARE + "，。；：“”（）abc123 \n"))), min_size=60))
def test_gb18030_text_with_rare_characters_decodes_exactly(text: str) -> None:
    """The resynchronisation never 'repairs' real text: rare characters and odd neighbours survive."""
    assume(sum(1 for ch in text if ch in NOTICE and "\u4e00" <= ch <= "\u9fff") >= 30)  # some Chinese to detect
    got, report = decoded(text.encode("gb18030"))
    assert report.encoding == "gb18030" and not report.changes
    assert got == text.replace("\r", "\n")


# ------------------------------------------------------------------ --encoding


def test_a_given_encoding_is_used_and_said() -> None:
    data = "中華民國\n公告".encode("big5")
    text, report = decoded(data, "big5")
    assert text == "中華民國\n公告" and (report.encoding, report.encoding_confidence) == ("big5", "given")
    assert not report.warnings
    assert decoded(NOTICE.encode("gbk"), "GBK")[1].encoding == "gb18030"  # its superset
    assert decoded(codecs.BOM_UTF8 + b"abc", "utf-8")[0] == "abc"
    text, report = decoded(NOTICE.encode("gb18030"), "utf-8")  # told wrong: nothing refused, every spot reported
    assert "\ufffd" in text and report.changes and report.encoding == "utf-8"


@pytest.mark.parametrize("name", ["klingon", "hex", "rot13", "zlib"])
def test_an_unknown_or_non_text_encoding_name_is_refused(name: str) -> None:
    with pytest.raises(ReadError, match=f"unknown encoding '{name}'"):
        decode(b"abc", Report(), name)


@pytest.mark.parametrize("name", ["utf-16", "utf-16-be", "utf-32"])
def test_a_wrong_wide_encoding_given_replaces_instead_of_failing(name: str) -> None:
    text, report = decoded("关于通知，abc\n".encode("utf-16-le") + b"\x00", name)  # odd length: one byte left over
    assert "\ufffd" in text and report.encoding_confidence == "given"
    assert [c.kind for c in report.changes].count("undecodable") == text.count("\ufffd")


def test_the_reading_api_and_the_cli_take_an_encoding(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from converter.app.cli import app
    from converter.reading import parse_bytes, parse_file

    source = tmp_path / "notice.txt"
    source.write_bytes("中華民國政府公告\n為加強防汛工作，特通知如下。\n".encode("big5"))
    assert parse_bytes(source.read_bytes(), encoding="big5").report.encoding == "big5"
    assert parse_file(source, encoding="cp950").document.title.startswith("中華民國")
    runner = CliRunner()
    checked = runner.invoke(app, ["check", str(source), "--encoding", "big5"])
    assert "(big5, given)" in " ".join(checked.output.split()).replace(", ", ",").replace(",", ", ")
    outline = runner.invoke(app, ["outline", str(source), "--json", "--encoding", "big5"])
    assert outline.exit_code == 0 and "中華民國" in outline.output
    built = runner.invoke(app, ["build", str(source), "-t", "json", "-o", str(tmp_path / "out"), "--encoding", "big5"])
    assert built.exit_code == 0 and "中華民國" in (tmp_path / "out" / "notice.json").read_text(encoding="utf-8")
    wrong = runner.invoke(app, ["check", str(source), "--encoding", "nosuch"])
    assert wrong.exit_code == 2 and "unknown encoding" in wrong.output


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(st.binary(max_size=600), st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass"))),
    st.sampled_from([None, "utf-8", "gb18030", "gbk", "big5", "utf-16", "utf-16-be", "utf-32", "cp1252", "shift_jis"]),
)
def test_any_bytes_give_text_or_a_reason_never_a_crash(data: bytes, encoding: str | None) -> None:
    report = Report()
    try:
        text = decode(data, report, encoding)
    except ReadError as exc:
        assert str(exc)
        return
    assert isinstance(text, str) and text.strip() and "\r" not in text
    assert report.encoding and report.encoding_confidence in ("certain", "given", "high", "guess")


def test_a_rare_gbk_character_whose_lead_byte_is_a_windows_quote_is_kept() -> None:
    """旻 is 95 46 in GBK: its lead byte is Windows-1252's bullet and its trail an ASCII F. Between Chinese
    characters it is a name, not a pasted bullet before a Latin letter (found by the real corpus: 三国演义)."""
    text = "中平元年，刺史臧旻上表奏其功，除坚为盐渎丞。后封弟董旻为左将军、鄠侯。\n" * 3
    reading = parse_bytes(text.encode("gb18030"))
    assert reading.report.encoding == "gb18030"
    assert "\ufffd" not in "".join(reading.document.text_pieces())
    assert "".join(reading.document.text_pieces()).count("旻") == 6


@pytest.mark.parametrize(("data", "encoding"), [(b"\xfe\xff", "utf-16-be"), (b"\xef\xbb\xbf", "utf-8")])
def test_a_byte_order_mark_alone_is_no_text(data: bytes, encoding: str) -> None:
    """Found by hypothesis: a BOM decoded as told left an empty text that reached the outline."""
    with pytest.raises(ReadError, match=r"whitespace|empty"):
        parse_bytes(data, encoding=encoding)


def test_joiners_inside_an_emoji_sequence_are_text_not_invisible_artefacts() -> None:
    """Issue 19.3: 👨‍👩‍👧 is one emoji joined by U+200D; only joiners and zero-width spaces between other
    characters are dropped (and logged)."""
    text = "家庭👨\u200d👩\u200d👧合影，👍🏻\u200d好，零宽\u200b空格。\n"
    reading = parse_bytes(text.encode("utf-8"))
    kept = "".join(reading.document.text_pieces())
    assert "👨\u200d👩\u200d👧" in kept
    assert "👍🏻好" in kept and "零宽空格" in kept
    assert [c.before for c in reading.report.changes if c.kind == "invisible"] == ["\u200d", "\u200b"]


@pytest.mark.parametrize(
    ("data", "zh", "en"),
    [
        (b"", "文件是空的", "the file is empty"),
        (b" \n\t", "文件里只有空白字符", "only whitespace"),
        (bytes(range(1, 32)) * 20, "二进制数据", "binary data"),
        (b"PK\x03\x04" + bytes(40), "ZIP 压缩包", "ZIP archive"),
    ],
)
def test_a_refusal_speaks_the_interface_language(data: bytes, zh: str, en: str) -> None:
    from converter import i18n

    before = i18n.LANGUAGE
    try:
        i18n.use("zh")
        with pytest.raises(ReadError, match=zh):
            parse_bytes(data)
        i18n.use("en")
        with pytest.raises(ReadError, match=en):
            parse_bytes(data)
    finally:
        i18n.use(before)
