"""The interface in Chinese and English: catalogs complete and compiled, the language chosen as documented."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from converter import i18n

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "converter" / "locale"
PO = LOCALE / "zh_CN" / "LC_MESSAGES" / "converter.po"
SOURCES = [
    "converter/cli.py",
    "converter/api.py",
    "converter/pipeline.py",
    "converter/i18n.py",
    "converter/cluster.py",
    "converter/web/messages.py",
    "converter/reading/__init__.py",
    "converter/reading/decode.py",
    "converter/reading/docx_source.py",
    "converter/reading/sources.py",
]
CLEAN = "关于做好防汛工作的通知\n\n各单位：\n\n一、总体要求\n\n做好今年防汛工作，意义重大。\n"


def _catalog():
    with PO.open("rb") as f:
        return read_po(f, locale="zh_CN", domain="converter")


def test_every_message_in_the_code_has_a_translation() -> None:
    catalog = _catalog()
    keywords = {"_": None, "ngettext": (1, 2)}
    missing, broken = [], []
    for source in SOURCES:
        for _line, message, _comments, _context in extract_from_file("python", ROOT / source, keywords=keywords):
            msgid = message if isinstance(message, str) else message[0]
            entry = catalog.get(msgid)
            if entry is None or not entry.string:
                missing.append(f"{source}: {msgid!r}")
            elif set(re.findall(r"\{[^}]*\}", msgid)) != set(re.findall(r"\{[^}]*\}", entry.string)):
                broken.append(msgid)
    assert not missing, "run pybabel extract/update and translate (README, Languages): " + "; ".join(missing)
    assert not broken, f"translations that lose a placeholder: {broken}"


def test_shipped_mo_is_the_compiled_po() -> None:
    compiled = io.BytesIO()
    write_mo(compiled, _catalog())
    shipped = PO.with_suffix(".mo").read_bytes()
    assert shipped == compiled.getvalue(), "run: pybabel compile -d converter/locale -D converter"


@pytest.mark.parametrize(
    ("argv", "env", "expected"),
    [
        ([], {"LANG": "zh_CN.UTF-8"}, "zh"),
        ([], {"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ([], {"LC_MESSAGES": "zh_CN", "LANG": "C"}, "zh"),
        ([], {"LANG": "en_US.UTF-8"}, "en"),
        ([], {}, "en"),
        ([], {"CONVERTER_LANG": "zh", "LANG": "C"}, "zh"),
        (["build", "--lang", "en"], {"CONVERTER_LANG": "zh", "LANG": "zh_CN.UTF-8"}, "en"),
        (["--lang=zh", "build"], {"LANG": "C"}, "zh"),
    ],
)
def test_language_is_chosen_as_documented(argv: list[str], env: dict[str, str], expected: str) -> None:
    assert i18n.choose(argv, env) == expected


def test_lang_option_is_accepted_anywhere() -> None:
    assert i18n.strip_lang(["build", "a.txt", "--lang", "zh", "-q", "--lang=en"]) == ["build", "a.txt", "-q"]


def _run(language: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "LC_MESSAGES", "CONVERTER_LANG")}
    env.update({"LANG": "zh_CN.UTF-8" if language == "zh" else "en_US.UTF-8", "COLUMNS": "200"})
    return subprocess.run(
        [sys.executable, "-m", "converter", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


def test_help_in_both_languages() -> None:
    zh, en = _run("zh", "build", "--help"), _run("en", "build", "--help")
    assert zh.returncode == en.returncode == 0
    assert "把每个输入生成 DOCX、PDF 和 EPUB" in zh.stdout and "选项" in zh.stdout and "输出文件夹" in zh.stdout
    assert "显示本帮助并退出" in zh.stdout and "Show this message" not in zh.stdout
    assert "Build DOCX, PDF and EPUB" in en.stdout and "Options" in en.stdout and "Folder for the outputs" in en.stdout
    assert "把每个输入" not in en.stdout
    overridden = _run("zh", "--lang", "en", "build", "--help")
    assert "Build DOCX, PDF and EPUB" in overridden.stdout


def test_an_error_in_both_languages(tmp_path: Path) -> None:
    zh = _run("zh", "build", tmp_path / "none.txt", "-o", tmp_path / "out", "-t", "dox")
    en = _run("en", "build", tmp_path / "none.txt", "-o", tmp_path / "out", "-t", "dox")
    assert zh.returncode == en.returncode == 2
    assert zh.stderr.startswith("错误：未知格式 'dox'；您是否要用 docx？") and "Traceback" not in zh.stderr
    assert en.stderr.startswith("error: unknown format 'dox'; did you mean docx?")
    missing = _run("zh", "build", tmp_path / "none.txt", "-o", tmp_path / "out", "-t", "json")
    assert "失败：" in missing.stderr and "文件不存在" in missing.stderr


def test_the_summary_in_both_languages(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text(CLEAN, encoding="utf-8")
    inputs = [tmp_path / "a.txt", tmp_path / "b.txt"]
    zh = _run("zh", "build", *inputs, "-o", tmp_path / "zh", "-t", "json")
    en = _run("en", "build", *inputs, "-o", tmp_path / "en", "-t", "json")
    assert zh.returncode == en.returncode == 0
    assert all(word in zh.stdout for word in ("已写出", "文件", "格式", "页数", "大小", "用时"))
    assert all(word in en.stdout for word in ("written", "file", "format", "pages", "size", "time"))
    assert re.search(r"共 2 个文件，2 个输出，0 个失败，用时 [\d.]+ 秒", zh.stderr), zh.stderr
    assert re.search(r"2 file\(s\), 2 output\(s\), 0 failed, [\d.]+ s", en.stderr), en.stderr
