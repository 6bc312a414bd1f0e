"""The command line as a user meets it: exit statuses, one-line messages, which files appear.

Fast cases go through Typer's runner in-process; what depends on a real process (standard
streams kept apart, worker processes, entry points of a freshly installed plug-in) runs
``python -m converter.app.cli`` as a subprocess.
"""

from __future__ import annotations

import html
import json
import os
import pickle
import random
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import docx
import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner, Result

from converter import __version__, styles
from converter.app.cli import app
from converter.model import Document
from converter.reading import parse_file

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "seeds" / "speech-theory-study-2025.txt"
PLUGIN = Path(__file__).resolve().parent / "example_plugin"

CLEAN = (
    "关于做好2025年防汛工作的通知\n\n各单位：\n\n一、总体要求\n\n"
    "做好今年防汛工作，意义重大。各单位要高度重视，切实落实责任。\n\n"
    "二、工作措施\n\n要加强监测预警，及时发布信息。\n"
)
SLASH_TITLE = "关于../../etc/passwd和A/B的通知"

runner = CliRunner()


def cli(*args: str | Path, wide: bool = True) -> subprocess.CompletedProcess[str]:
    """The real program in its own process, standard output and error kept apart.

    ``wide`` sets COLUMNS so table rows stay on one line; without it the output is what
    a redirect to a file gets (Rich assumes 80 columns when not writing to a terminal).
    """
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "CLICOLOR_FORCE", "COLUMNS")}
    if wide:
        env["COLUMNS"] = "250"
    return subprocess.run(
        [sys.executable, "-m", "converter.app.cli", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        env=env,
    )


def invoke(*args: str | Path) -> Result:
    """The command in-process through Typer's runner (stdout and stderr kept apart)."""
    return runner.invoke(app, [str(a) for a in args])


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()} if folder.exists() else set()


def assert_one_line_error(stderr: str, *words: str) -> None:
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    for word in words:
        assert word in lines[0], (word, stderr)


def docx_texts(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def undecodable_bytes() -> bytes:
    """High bytes that neither UTF-8 nor GB18030 accept (checked, not assumed)."""
    rng = random.Random(1)
    data = bytes(rng.randrange(0x80, 0x100) for _ in range(2000))
    for encoding in ("utf-8", "gb18030"):
        with pytest.raises(UnicodeDecodeError):
            data.decode(encoding)
    return data


BAD_INPUTS = {
    "empty": (b"", "empty"),
    "whitespace": (b"  \n\t\r\n \xe3\x80\x80\n", "whitespace"),
    "binary": (bytes(range(256)) * 20, "binary"),
    "undecodable": (None, "encoding"),
}


def make_bad(folder: Path, kind: str) -> Path:
    data, _ = BAD_INPUTS[kind]
    path = folder / f"{kind}.txt"
    path.write_bytes(undecodable_bytes() if data is None else data)
    return path


# --- the informational commands ---------------------------------------------------------------


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"converter {__version__}"


def writer_rows(listing: str) -> dict[str, str]:
    """`converter writers` as {name: suffix}."""
    rows = [line.split() for line in listing.splitlines()]
    return {row[0]: row[1] for row in rows if len(row) > 1 and row[1].startswith(".")}


def test_writers_lists_the_built_in_formats() -> None:
    result = cli("writers")
    assert result.returncode == 0
    assert writer_rows(result.stdout) == {"docx": ".docx", "pdf": ".pdf", "epub": ".epub", "json": ".json"}


def test_fonts_names_a_real_file_for_every_role() -> None:
    result = cli("fonts")
    assert result.returncode == 0
    rows = {line.split()[0]: line for line in result.stdout.splitlines() if line.strip()}
    assert set(rows) == set(styles.ROLES)
    for line in rows.values():
        [path] = [word for word in line.split() if word.startswith("/")]
        assert Path(path).is_file(), line


def test_styles_lists_every_sheet() -> None:
    listing = cli("styles")
    assert listing.returncode == 0
    names = {line.split()[0] for line in listing.stdout.splitlines()}
    assert "gongwen" in names
    assert names == set(styles.available())


def test_styles_shows_gongwen() -> None:
    shown = cli("styles", "gongwen")
    assert shown.returncode == 0
    assert tomllib.loads(shown.stdout) == styles.load("gongwen").raw


def test_styles_shown_sheet_can_be_saved_and_reused(tmp_path: Path) -> None:
    """`converter styles gongwen > mine.toml` gives every key with its type and unit, usable with --style."""
    shown = cli("styles", "gongwen", wide=False)
    assert shown.returncode == 0
    assert "lines = 22" in shown.stdout and "# a whole number from 1 to 100 lines" in shown.stdout
    mine = tmp_path / "mine.toml"
    mine.write_text(shown.stdout, encoding="utf-8")
    assert styles.load(str(mine)).raw == styles.load("gongwen").raw


def test_unknown_style_in_styles_command() -> None:
    result = invoke("styles", "nosuchstyle")
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, "nosuchstyle", "gongwen")


def test_build_help_shows_examples() -> None:
    result = invoke("build", "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout
    assert "converter build speech.txt" in result.stdout


# --- bad input: one line, exit 2, nothing written ---------------------------------------------


@pytest.mark.parametrize("kind", list(BAD_INPUTS))
def test_bad_input_is_refused_in_one_line(tmp_path: Path, kind: str) -> None:
    source = make_bad(tmp_path, kind)
    out = tmp_path / "out"
    for command in (("build", source, "-o", out, "-t", "json,docx"), ("outline", source), ("check", source)):
        result = invoke(*command)
        assert result.exit_code == 2, (command, result.stdout, result.stderr)
        assert_one_line_error(result.stderr, source.name, BAD_INPUTS[kind][1])
        assert result.exception is None or isinstance(result.exception, SystemExit)
    assert files_under(out) == set()


def test_missing_file_and_folder(tmp_path: Path) -> None:
    missing = tmp_path / "nothere.txt"
    out = tmp_path / "out"
    for command in (("build", missing, "-o", out, "-t", "json"), ("outline", missing), ("check", missing)):
        result = invoke(*command)
        assert result.exit_code == 2
        assert_one_line_error(result.stderr, "nothere.txt", "no such file")
    folder = tmp_path / "folder"
    folder.mkdir()
    for command in (("outline", folder), ("check", folder)):
        result = invoke(*command)
        assert result.exit_code == 2
        assert_one_line_error(result.stderr, "folder")
    result = invoke("build", folder, "-o", out, "-t", "json")
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, "no input files")
    assert files_under(out) == set()


def test_bad_inputs_as_a_real_process(tmp_path: Path) -> None:
    """The same refusals from the installed program: stderr only, no traceback, no output."""
    sources = [make_bad(tmp_path, kind) for kind in BAD_INPUTS] + [tmp_path / "missing.txt"]
    out = tmp_path / "out"
    result = cli("build", *sources, "-o", out, "-t", "json,docx")
    assert result.returncode == 2  # every input unreadable
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    *lines, total = result.stderr.strip().splitlines()
    assert total == f"{len(sources)} file(s), 0 output(s), {len(sources)} failed, " + total.split(", ")[-1]
    assert len(lines) == len(sources)
    for source, line in zip(sources, lines, strict=True):
        assert source.name in line
    assert not out.exists()  # nothing built, so no (empty) output folder either


# --- a folder of good and bad files ------------------------------------------------------------


def test_mixed_folder(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "plain.txt").write_text(CLEAN, encoding="utf-8")
    (inbox / "gbk-notice.txt").write_bytes(CLEAN.encode("gb18030"))
    (inbox / "utf16-notice.txt").write_bytes(CLEAN.encode("utf-16"))
    (inbox / "slash-title.txt").write_text(CLEAN.replace(CLEAN.split("\n")[0], SLASH_TITLE), encoding="utf-8")
    sentence = "做好今年防汛工作，意义重大，各单位要高度重视。"
    big = sentence * (5 * 1024 * 1024 // len(sentence.encode()) + 1)
    (inbox / "one-line.txt").write_text(big, encoding="utf-8")
    bad = {make_bad(inbox, kind).name: BAD_INPUTS[kind][1] for kind in ("empty", "binary")}
    out = tmp_path / "out"
    before = files_under(tmp_path)

    result = cli("build", inbox, "-o", out, "-t", "json", "--json")

    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    failed = [line for line in result.stderr.splitlines() if line.startswith("failed:")]
    assert len(failed) == len(bad)
    for name, reason in bad.items():
        assert any(name in line and reason in line for line in failed), (name, failed)

    summary = json.loads(result.stdout)
    assert summary["ok"] is False
    by_input = {Path(f["input"]).name: f for f in summary["files"]}
    assert set(by_input) == {p.name for p in inbox.iterdir()}
    good = {"plain", "gbk-notice", "utf16-notice", "slash-title", "one-line"}
    for name, entry in by_input.items():
        stem = name.removesuffix(".txt")
        if stem in good:
            assert entry["ok"] and entry["errors"] == []
            [output] = entry["outputs"]
            assert Path(output["path"]) == out / f"{stem}.json"
            assert output["bytes"] == (out / f"{stem}.json").stat().st_size
        else:
            assert not entry["ok"] and entry["errors"] and entry["outputs"] == []
            assert entry["errors"][0]["code"] == "unreadable"

    assert files_under(out) == {out / f"{stem}.json" for stem in good}  # no .part, nothing for bad files
    assert files_under(tmp_path) - before == files_under(out)  # nothing outside the output folder
    trees = {stem: json.loads((out / f"{stem}.json").read_text(encoding="utf-8")) for stem in good}
    title = CLEAN.split("\n")[0]
    assert trees["plain"]["title"] == trees["gbk-notice"]["title"] == trees["utf16-notice"]["title"] == title
    assert trees["plain"] == trees["gbk-notice"] == trees["utf16-notice"]
    assert trees["slash-title"]["title"] == SLASH_TITLE
    kept = "".join(Document.from_dict(trees["one-line"]).text_pieces())
    assert len(kept) == len(big)


def test_output_names_come_from_file_names(tmp_path: Path) -> None:
    """Same stems in two folders get distinct names; a dot-only stem still lands inside -o."""
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "notice.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "..txt").write_text(CLEAN, encoding="utf-8")
    out = tmp_path / "out"
    result = invoke(
        "build",
        tmp_path / "a/notice.txt",
        tmp_path / "b/notice.txt",
        tmp_path / "..txt",
        "-o",
        out,
        "-t",
        "json",
        "-j",
        "1",
    )
    assert result.exit_code == 0, result.stderr
    written = files_under(out)
    assert len(written) == 3
    assert {out / "notice.json", out / "notice-2.json"} <= written
    assert all(p.parent == out and not p.name.startswith(".") for p in written)


def test_every_output_gets_its_own_name(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "x.report.txt").write_text(CLEAN.replace("总体要求", "另一份"), encoding="utf-8")
    out = tmp_path / "out"
    result = invoke(
        "build", tmp_path / "x.txt", tmp_path / "x.report.txt", "-o", out, "-t", "json", "--report", "--json"
    )
    assert result.exit_code == 0
    written = [o["path"] for f in json.loads(result.stdout)["files"] for o in f["outputs"]]
    assert len(written) == 4
    assert len(set(written)) == 4, written
    assert len(files_under(out)) == 4


def test_glob_that_matches_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke("build", str(tmp_path / "nomatch*.txt"), "-o", out, "-t", "json")
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, "nomatch*.txt")
    assert not out.exists()


def test_jobs_builds_every_file_in_worker_processes(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    headings = ["总体要求", "工作措施", "保障措施"]
    for i, heading in enumerate(headings):
        (inbox / f"n{i}.txt").write_text(CLEAN.replace("总体要求", heading), encoding="utf-8")
    make_bad(inbox, "empty")
    out = tmp_path / "out"
    result = cli("build", inbox, "-o", out, "-t", "docx", "-j", "2", "--json")
    assert result.returncode == 1  # one failing input does not stop the others
    assert_one_line_error(result.stderr, "empty.txt", "empty")
    assert [f["ok"] for f in json.loads(result.stdout)["files"]] == [False, True, True, True]
    assert files_under(out) == {out / f"n{i}.docx" for i in range(3)}
    for i, heading in enumerate(headings):
        assert f"一、{heading}" in docx_texts(out / f"n{i}.docx")


def test_quiet_prints_nothing_on_success(tmp_path: Path) -> None:
    source = tmp_path / "notice.txt"
    source.write_text(CLEAN, encoding="utf-8")
    result = cli("build", source, "-o", tmp_path / "out", "-t", "docx,json", "-q")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert files_under(tmp_path / "out") == {tmp_path / "out/notice.docx", tmp_path / "out/notice.json"}


def test_table_names_each_output(tmp_path: Path) -> None:
    source = tmp_path / "notice.txt"
    source.write_text(CLEAN, encoding="utf-8")
    result = cli("build", source, "-o", tmp_path / "out", "-t", "json,docx")
    assert result.returncode == 0
    rows = [line.split("│") for line in result.stdout.splitlines() if "notice." in line]
    written = {(Path(row[1].strip()).name, row[2].strip()) for row in rows}
    assert written == {("notice.json", "json"), ("notice.docx", "docx")}


def test_default_output_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "notice.txt").write_text(CLEAN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = invoke("build", "notice.txt", "-t", "json")
    assert result.exit_code == 0
    assert files_under(tmp_path) == {tmp_path / "notice.txt", tmp_path / "output/notice.json"}


# --- usage errors: exit 2, the reason named, nothing built ------------------------------------


def _unwritable(tmp_path: Path, how: str) -> Path:
    if how == "under-a-file":
        blocker = tmp_path / "blocker"
        blocker.write_text("a file, not a folder")
        return blocker / "out"
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    if os.access(locked, os.W_OK):  # root ignores the mode
        locked.chmod(0o700)
        pytest.skip("running as root: a read-only folder is still writable")
    return locked


@pytest.mark.parametrize("how", ["under-a-file", "read-only"])
def test_output_folder_not_writable(tmp_path: Path, how: str) -> None:
    source = tmp_path / "notice.txt"
    source.write_text(CLEAN, encoding="utf-8")
    out = _unwritable(tmp_path, how)
    try:
        result = cli("build", source, "-o", out, "-t", "json")
        assert result.returncode == 2
        assert_one_line_error(result.stderr, "cannot write to the output folder", str(out))
        assert files_under(tmp_path) <= {source, tmp_path / "blocker"}
    finally:
        if how == "read-only":
            out.chmod(0o700)


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (["--set", "page.linez=3"], ["page.linez"]),
        (["--set", "nosuchtable.lines=3"], ["nosuchtable"]),
        (["--set", "page.lines"], ["key=value"]),
        (["--set", "page.lines=many"], ["page.lines", "many"]),
        (["--style", "nosuchstyle"], ["nosuchstyle", "gongwen"]),
        (["--style", "missing-sheet.toml"], ["missing-sheet.toml"]),
        (["-t", "docx,foo"], ["foo", "docx, epub, json, pdf"]),
        (["-t", ","], ["format"]),
    ],
)
def test_usage_errors(tmp_path: Path, options: list[str], words: list[str]) -> None:
    source = tmp_path / "notice.txt"
    source.write_text(CLEAN, encoding="utf-8")
    out = tmp_path / "out"
    result = invoke("build", source, "-o", out, *options)
    assert result.exit_code == 2, result.stdout
    assert_one_line_error(result.stderr, *words)
    assert not out.exists()


def test_usage_error_as_a_real_process(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = cli("build", SAMPLE, "-o", out, "--set", "page.linez=3")
    assert result.returncode == 2
    assert result.stdout == ""
    assert_one_line_error(result.stderr, "unknown style key", "page.linez")
    assert not out.exists()


# --- outline --json, and building from an edited outline --------------------------------------


def test_outline_json_round_trip(tmp_path: Path) -> None:
    result = cli("outline", SAMPLE, "--json")
    assert result.returncode == 0
    assert result.stderr == ""
    tree = json.loads(result.stdout)  # nothing but JSON on standard output
    assert tree == parse_file(SAMPLE).document.to_dict()

    plain = tmp_path / "plain"
    assert invoke("build", SAMPLE, "-o", plain, "-t", "docx").exit_code == 0
    unedited = tmp_path / "tree.json"
    unedited.write_text(result.stdout, encoding="utf-8")
    assert invoke("build", unedited, "-o", plain, "-t", "docx").exit_code == 0
    assert docx_texts(plain / "tree.docx") == docx_texts(plain / f"{SAMPLE.stem}.docx")

    first = next(node for node in tree["children"] if node["type"] == "section")
    old, new = first["heading"], "深刻领会（人工校订后的标题）"
    first["heading"] = new
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(tree, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    built = invoke("build", edited, "-o", out, "-t", "docx")
    assert built.exit_code == 0, built.stderr
    texts = docx_texts(out / "edited.docx")
    assert first["marker"] + new in texts
    assert not any(old in t for t in texts)


def test_outline_tree_view() -> None:
    result = invoke("outline", SAMPLE)
    assert result.exit_code == 0
    doc = parse_file(SAMPLE).document
    assert doc.title[:20] in result.stdout
    for section in doc.sections():
        assert section.marker + section.heading[:10] in result.stdout


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "not an outline tree"),
        ('{"children": [{"type": "table"}]}', "not an outline tree"),
    ],
)
def test_bad_outline_json(tmp_path: Path, content: str, reason: str) -> None:
    source = tmp_path / "tree.json"
    source.write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    result = invoke("build", source, "-o", out, "-t", "docx")
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, "tree.json", reason)
    assert files_under(out) == set()


def test_a_check_report_is_not_an_outline(tmp_path: Path) -> None:
    """`build out/` after `build --report -o out/` must not publish NAME.report.json as an empty document."""
    source = tmp_path / "x.report.json"
    source.write_text(invoke("check", SAMPLE, "--json").stdout, encoding="utf-8")
    out = tmp_path / "out"
    result = invoke("build", source, "-o", out, "-t", "json")
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, "x.report.json", "not an outline tree")
    assert files_under(out) == set()


def test_overlapping_points_in_edited_outline(tmp_path: Path) -> None:
    """A hand-edited outline with overlapping points is refused, or printed without repeating text."""
    source = tmp_path / "tree.json"
    tree = {
        "title": "标题",
        "children": [{"type": "paragraph", "text": "一是甲。二是乙。", "points": [[0, 4], [0, 8]]}],
    }
    source.write_text(json.dumps(tree, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    result = invoke("build", source, "-o", out, "-t", "docx")
    if result.exit_code == 2:
        assert_one_line_error(result.stderr, "points")
    else:
        assert result.exit_code == 0
        assert "一是甲。二是乙。" in docx_texts(out / "tree.docx")
        assert "一是甲。一是甲。二是乙。" not in docx_texts(out / "tree.docx")


# --- check and --report --------------------------------------------------------------------------


def test_check_json_on_the_sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("check", SAMPLE, "--json")
    assert result.exit_code == 1  # the sample stops mid-sentence
    run = json.loads(result.stdout)
    assert (run["schema"], run["command"], run["ok"], run["exit_code"]) == (1, "check", False, 1)
    [report] = run["files"]
    assert report["input"] == str(SAMPLE)
    assert report["encoding"] == "utf-8"
    assert report["changes"] and report["warnings"]
    assert all(set(c) == {"kind", "line", "column", "before", "after"} for c in report["changes"])
    assert all(set(w) == {"code", "line", "message"} for w in report["warnings"])
    assert "unfinished" in {w["code"] for w in report["warnings"]}
    expected = parse_file(SAMPLE).report.to_dict()
    assert report["changes"] == expected["changes"]
    assert [(w["code"], w["line"], w["message"]) for w in report["warnings"]] == [
        (w["kind"], w["line"], w["message"]) for w in expected["warnings"]
    ]
    assert files_under(tmp_path) == set()


def test_check_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("check", SAMPLE)
    assert result.exit_code == 1
    assert "unfinished" in result.stdout and "widen" in result.stdout
    clean = tmp_path / "clean.txt"
    clean.write_text(CLEAN, encoding="utf-8")
    result = invoke("check", clean)
    assert result.exit_code == 0
    assert "no warnings" in result.stdout
    as_json = json.loads(invoke("check", clean, "--json").stdout)
    assert as_json["files"][0]["warnings"] == [] and as_json["ok"]
    assert files_under(tmp_path) == {clean}


def test_check_several_files_and_one_unreadable(tmp_path: Path) -> None:
    clean = tmp_path / "clean.txt"
    clean.write_text(CLEAN, encoding="utf-8")
    both = json.loads(invoke("check", clean, SAMPLE, "--json").stdout)
    assert [f["input"] for f in both["files"]] == [str(clean), str(SAMPLE)]
    # every file is reported, the unreadable ones too, whatever their place (issue 19, item 11)
    empty, binary = make_bad(tmp_path, "empty"), make_bad(tmp_path, "binary")
    result = invoke("check", empty, clean, binary)
    assert result.exit_code == 1  # some readable
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2 and "empty.txt" in errors[0] and "binary.txt" in errors[1]
    assert str(clean) in result.stdout and "no warnings" in result.stdout
    as_json = json.loads(invoke("check", empty, clean, binary, "--json").stdout)
    assert [f["ok"] for f in as_json["files"]] == [False, True, False]
    assert invoke("check", empty, binary).exit_code == 2  # none readable


def test_build_report_beside_outputs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke("build", SAMPLE, "-o", out, "-t", "json", "--report")
    assert result.exit_code == 0
    stem = SAMPLE.stem
    assert files_under(out) == {out / f"{stem}.json", out / f"{stem}.report.json"}
    written = json.loads((out / f"{stem}.report.json").read_text(encoding="utf-8"))
    assert written == parse_file(SAMPLE).report.to_dict()


# --- atomic writes ----------------------------------------------------------------------------------


def test_failed_rebuild_keeps_the_earlier_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from converter.writers.pdf import PdfWriter

    source = tmp_path / "notice.txt"
    source.write_text(CLEAN, encoding="utf-8")
    out = tmp_path / "out"
    first = invoke("build", source, "-o", out, "-t", "pdf,json", "-j", "1")
    assert first.exit_code == 0, first.stderr
    good_pdf = (out / "notice.pdf").read_bytes()
    assert good_pdf.startswith(b"%PDF")

    def half_written(self, doc, style, path: Path, options):
        path.write_bytes(b"%PDF-1.4 half a file")
        raise OSError("disk full")

    monkeypatch.setattr(PdfWriter, "write", half_written)
    source.write_text(CLEAN.replace("总体要求", "改过的要求"), encoding="utf-8")
    second = invoke("build", source, "-o", out, "-t", "pdf,json", "-j", "1", "--json")
    assert second.exit_code == 1
    assert_one_line_error(second.stderr, "notice.txt", "pdf", "disk full")
    assert "Traceback" not in second.stdout
    assert (out / "notice.pdf").read_bytes() == good_pdf
    assert "改过的要求" in (out / "notice.json").read_text(encoding="utf-8")  # the other writer still ran
    assert files_under(out) == {out / "notice.pdf", out / "notice.json"}  # no .part left
    summary = json.loads(second.stdout)
    assert summary["ok"] is False
    assert [o["format"] for o in summary["files"][0]["outputs"]] == ["json"]


# --- the example plug-in -------------------------------------------------------------------------


def _install_plugin(tmp_path: Path) -> Path:
    """pip-install tests/example_plugin into a private folder, offline, without touching site-packages."""
    try:
        import wheel  # noqa: F401  (setuptools < 70.1 needs it to build any wheel)
    except ImportError:
        import setuptools

        if tuple(int(x) for x in setuptools.__version__.split(".")[:2]) < (70, 1):
            message = "building the example plug-in needs `wheel` or setuptools >= 70.1"
            if os.environ.get("CI", "").lower() == "true":
                pytest.fail(message)
            pytest.skip(message)
    source = tmp_path / "src"
    shutil.copytree(PLUGIN, source, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--disable-pip-version-check",
            "--target",
            str(target),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return target


@pytest.mark.slow
def test_example_plugin_is_listed_and_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "md" not in invoke("writers").stdout.split()  # not installed in the test environment
    site = _install_plugin(tmp_path)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]))

    listed = cli("writers")
    assert listed.returncode == 0
    assert writer_rows(listed.stdout) == {"docx": ".docx", "pdf": ".pdf", "epub": ".epub", "json": ".json", "md": ".md"}

    out = tmp_path / "out"
    built = cli("build", SAMPLE, "-o", out, "-t", "md,json", "-q")
    assert built.returncode == 0, built.stderr
    assert files_under(out) == {out / f"{SAMPLE.stem}.md", out / f"{SAMPLE.stem}.json"}

    doc = parse_file(SAMPLE).document
    markdown = (out / f"{SAMPLE.stem}.md").read_text(encoding="utf-8")
    rendered = MarkdownIt("commonmark").render(markdown)
    headings = [html.unescape(h) for h in re.findall(r"<h\d>(.*?)</h\d>", rendered)]
    assert headings[0] == doc.title
    assert [s.marker + s.heading for s in doc.sections() if not s.runin] == headings[1:]
    bold = [html.unescape(b) for b in re.findall(r"<strong>(.*?)</strong>", rendered)]
    for section in doc.sections():
        if section.runin:
            assert section.marker + section.heading in bold
    # every character a reader sees once the Markdown is rendered, in order
    shown = html.unescape(re.sub(r"<[^>]+>|\s", "", rendered))
    position = 0
    for piece in doc.text_pieces():
        piece = re.sub(r"\s", "", piece)
        found = shown.find(piece, position)
        assert found >= 0, piece[:30]
        position = found + len(piece)


@pytest.mark.slow
def test_workers_started_by_spawn_write_the_same_files(tmp_path: Path) -> None:
    """Windows and macOS start workers with spawn (a fresh interpreter, nothing inherited), Linux
    with fork: the tasks must carry all they need, and the files must come out the same."""
    spawn = (
        "import multiprocessing, sys; multiprocessing.set_start_method('spawn', force=True); "
        "from converter.app.cli import main; sys.argv[0] = 'converter'; main()"
    )
    args = ["build", str(SAMPLE), "-q", "-j", "2"]
    forked = subprocess.run(
        [sys.executable, "-m", "converter.app.cli", *args, "-o", str(tmp_path / "fork")], check=False
    )
    spawned = subprocess.run([sys.executable, "-c", spawn, *args, "-o", str(tmp_path / "spawn")], check=False)
    assert (forked.returncode, spawned.returncode) == (0, 0)
    for suffix in (".docx", ".pdf", ".epub"):
        name = SAMPLE.stem + suffix
        assert (tmp_path / "spawn" / name).read_bytes() == (tmp_path / "fork" / name).read_bytes(), suffix


HEAVY = ("rjieba", "jieba", "reportlab", "docx", "ebooklib", "PIL", "fontTools", "lxml")


@pytest.mark.parametrize(
    ("formats", "allowed"),
    [
        ("json", set()),  # start-up and reading only: no writer library, no word segmenter
        ("pdf", {"rjieba", "reportlab", "PIL"}),  # reportlab imports PIL for images; not docx, ebooklib, lxml
    ],
)
def test_a_build_imports_only_what_its_writers_need(tmp_path: Path, formats: str, allowed: set[str]) -> None:
    """Measured on the second run: the first fills the font cache, which reads font files with fontTools."""
    source = tmp_path / "notice.txt"
    source.write_text(CLEAN + "\n各单位要抓好落实——这是头等大事。\n", encoding="utf-8")
    code = (
        "import sys\nfrom converter.app.cli import main\n"
        f"sys.argv = ['converter', 'build', {str(source)!r}, '-q', '-j', '1', '-t', {formats!r}, '-o', {str(tmp_path)!r}]\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
        f"print(' '.join(k for k in {HEAVY!r} if k in sys.modules))"
    )
    for _ in range(2):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert set(out.stdout.split()) <= allowed, out.stdout


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="sends SIGINT to a process group, as a POSIX terminal does")
def test_ctrl_c_keeps_finished_outputs_and_leaves_nothing_half_written(tmp_path: Path) -> None:
    import signal
    import time
    import zipfile

    source = tmp_path / "long.txt"
    source.write_text("\n".join([SAMPLE.read_text(encoding="utf-8")] * 60), encoding="utf-8")
    out = tmp_path / "out"
    build = subprocess.Popen(
        [sys.executable, "-m", "converter.app.cli", "build", str(source), "-o", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not (out / "long.docx").exists() and time.monotonic() < deadline:  # DOCX is done first,
        time.sleep(0.01)  # the PDF of ~300 pages still runs: Ctrl-C reaches every process of the group
    os.killpg(build.pid, signal.SIGINT)
    _, stderr = build.communicate(timeout=120)
    assert build.returncode == 130
    assert "interrupted" in stderr and "Traceback" not in stderr
    assert zipfile.ZipFile(out / "long.docx").testzip() is None
    assert not (out / "long.pdf").exists()
    assert not [p for p in out.iterdir() if p.name.endswith(".part")]


# --- first contact (issue 11) ----------------------------------------------------------------------


def test_python_dash_m_converter_is_the_same_program() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "converter", "--version"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"converter {__version__}"


def test_a_rerun_never_reads_its_own_outputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`converter build .` twice: the output folder and the files it wrote are not inputs."""
    (tmp_path / "notice.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "memo.txt").write_text(CLEAN.replace("总体要求", "备忘"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for _ in range(2):
        result = invoke("build", ".", "-t", "json,docx", "--report", "--json")
        assert result.exit_code == 0, result.output
        summary = json.loads(result.stdout)
        assert sorted(f["input"] for f in summary["files"]) == ["notice.txt", str(Path("sub/memo.txt"))]
    out = tmp_path / "output"
    assert files_under(out) == {
        out / "notice.json",
        out / "notice.docx",
        out / "notice.report.json",
        out / "sub" / "memo.json",
        out / "sub" / "memo.docx",
        out / "sub" / "memo.report.json",
    }
    # an outline JSON and report beside the texts in a searched folder: the report is never an input
    shutil.copy(out / "notice.report.json", tmp_path / "old.report.json")
    result = invoke("build", ".", "-t", "json", "--json")
    assert "old.report.json" not in result.stdout


def test_sub_folders_keep_their_place_under_the_output_folder(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    for folder in ("a", "b", "b/deep"):
        (inbox / folder).mkdir(parents=True)
        (inbox / folder / "c.txt").write_text(CLEAN, encoding="utf-8")
    out = tmp_path / "out"
    assert invoke("build", inbox, "-o", out, "-t", "json").exit_code == 0
    assert files_under(out) == {out / "a" / "c.json", out / "b" / "c.json", out / "b" / "deep" / "c.json"}
    out2 = tmp_path / "out2"
    assert invoke("build", str(inbox / "**" / "*.txt"), "-o", out2, "-t", "json").exit_code == 0
    assert files_under(out2) == {out2 / "a" / "c.json", out2 / "b" / "c.json", out2 / "b" / "deep" / "c.json"}


def test_build_lists_reader_warnings_under_the_summary(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = cli("build", SAMPLE, "-o", out, "-t", "json")
    assert result.returncode == 0
    warnings = result.stderr[result.stderr.index("warnings:") :]
    expected = [w for w in parse_file(SAMPLE).report.warnings if w.kind == "unfinished"]
    assert expected
    for w in expected:
        assert re.search(rf"line {w.line}\s+unfinished\s+{re.escape(w.message)}", warnings), warnings
    assert f"converter check {SAMPLE}" in warnings


@pytest.mark.parametrize(
    ("language", "heading", "where", "message"),
    [
        ("zh", "警告：", "第 2 行", "本段 “ 有 1 个，” 有 0 个，不成对"),
        ("en", "warnings:", "line 2", "1 “ but 0 ” in this paragraph"),
    ],
)
def test_reader_warnings_speak_the_interface_language(
    tmp_path: Path, language: str, heading: str, where: str, message: str
) -> None:
    """The reader's messages are in the language of the rest of the screen; the kind stays a stable code."""
    source = tmp_path / "quote.txt"
    source.write_text("关于做好防汛工作的通知\n他说：“要抓落实。\n", encoding="utf-8")
    result = cli("--lang", language, "build", source, "-o", tmp_path / "out", "-t", "json")
    assert result.returncode == 0, result.stderr
    warnings = result.stderr[result.stderr.index(heading) :]
    assert re.search(rf"{where}\s+unpaired\s+{re.escape(message)}", warnings), warnings


def test_one_writer_warning_for_many_files_is_printed_once(tmp_path: Path) -> None:
    """A writer warning 30 files share is one line with the count, not 30 (an emoji no bundled face has)."""
    for i in range(3):
        (tmp_path / f"n{i}.txt").write_text(CLEAN.replace("意义重大", "意义重大😀"), encoding="utf-8")
    env = {**os.environ, "CONVERTER_NO_SYSTEM_FONTS": "1", "COLUMNS": "250"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "converter",
            "build",
            *(str(tmp_path / f"n{i}.txt") for i in range(3)),
            "-o",
            str(tmp_path / "out"),
            "-t",
            "pdf",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if "pdf: no font has a glyph" in line]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("3 files") and "U+1F600" in lines[0]
    assert result.stderr.strip().splitlines()[-1].startswith("3 file(s), 3 output(s), 0 failed, ")


def test_a_writer_warning_speaks_the_interface_language(tmp_path: Path) -> None:
    """Writers' warnings are translated too; the format and the code stay as they are."""
    source = tmp_path / "emoji.txt"
    source.write_text(CLEAN.replace("意义重大", "意义重大😀"), encoding="utf-8")
    env = {**os.environ, "CONVERTER_NO_SYSTEM_FONTS": "1", "COLUMNS": "250"}
    command = [sys.executable, "-m", "converter", "--lang", "zh", "build", str(source), "-o", str(tmp_path / "out")]
    result = subprocess.run([*command, "-t", "pdf"], capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert re.search(r"pdf\s+writer\s+1 个字符在所有字体中都没有字形", result.stderr), result.stderr
    assert "U+1F600" in result.stderr and "no font has a glyph" not in result.stderr


def test_a_font_substitution_many_files_share_is_printed_once_with_the_fix() -> None:
    """With every role bundled no build substitutes today, but a user's partial font set can: the shared
    warning then says what to install or set."""
    from converter.app import summary
    from converter.app.pipeline import FileResult, writer_notice
    from converter.fonts.resolver import substitution_note

    notice = writer_notice(
        "pdf", pickle.loads(pickle.dumps(substitution_note("fangsong", "Noto Serif CJK SC", "song")))
    )
    assert notice.code == "font-substitution" and notice.message.startswith("fangsong: ")
    results = [FileResult(Path(f"n{i}.txt"), notices=[notice]) for i in range(3)]
    with summary.err.capture() as captured:
        summary.print_warnings(results)
    lines = [line for line in captured.get().splitlines() if "font-substitution" in line]
    assert len(lines) == 1 and lines[0].startswith("3 files")
    assert "CONVERTER_FONT_FANGSONG" in lines[0] and "converter fonts" in lines[0]


def test_progress_counts_files() -> None:
    from converter.app.summary import Progress

    progress = Progress(files=2, formats=2)
    for stage in ("read", "docx"):
        progress("a.txt", stage)
    assert progress.bar.tasks[0].completed == 0  # a.txt still has its PDF to write
    progress("b.txt", "read")
    progress("a.txt", "pdf")
    assert progress.bar.tasks[0].completed == 1
    assert (progress.bar.tasks[0].total, progress.bar.tasks[0].description) == (2, "a.txt")


def test_standard_input_is_an_input(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke_with_input(CLEAN.encode("gb18030"), "build", "-", "-o", out, "-t", "json", "--json")
    assert result.exit_code == 0, result.output
    assert files_under(out) == {out / "stdin.json"}
    named = invoke_with_input(CLEAN.encode(), "build", "-", "--name", "防汛通知.txt", "-o", out, "-t", "json")
    assert named.exit_code == 0
    assert (out / "防汛通知.json").is_file()
    tree = json.loads((out / "防汛通知.json").read_text(encoding="utf-8"))
    assert tree["title"] == CLEAN.split("\n")[0]


def invoke_with_input(data: bytes, *args: str | Path) -> Result:
    return runner.invoke(app, [str(a) for a in args], input=data)


def test_json_is_the_same_shape_for_one_file_and_many(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("a", "b"):
        (inbox / f"{name}.txt").write_text(CLEAN, encoding="utf-8")
    one = json.loads(invoke("build", inbox / "a.txt", "-o", tmp_path / "o1", "-t", "json", "--json").stdout)
    two = json.loads(invoke("build", inbox, "-o", tmp_path / "o2", "-t", "json", "--json").stdout)
    assert set(one) == set(two) == {"schema", "command", "ok", "exit_code", "error", "totals", "files"}
    assert one["schema"] == 1 and one["command"] == "build" and one["error"] is None
    assert one["totals"]["files"] == 1 and two["totals"]["files"] == 2 and two["totals"]["outputs"] == 2
    assert set(one["files"][0]) == set(two["files"][1]) == {"input", "ok", "errors", "outputs", "warnings", "seconds"}


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["build", "x.txt", "--bogus"], ["--bogus"]),
        (["build", "x.txt", "-t", "dox"], ["dox", "did you mean docx"]),
        (["build"], ["inputs"]),
        (["check", "/nonexistent/x.txt"], ["no such file"]),
    ],
)
def test_usage_errors_in_json_mode_are_json(tmp_path: Path, args: list[str], words: list[str]) -> None:
    result = cli(*args, "--json")
    assert result.returncode == 2
    data = json.loads(result.stdout)
    assert data["schema"] == 1 and data["ok"] is False and data["exit_code"] == 2
    message = data["error"]["message"] if data["error"] else json.dumps(data["files"], ensure_ascii=False)
    for word in words:
        assert word in message, (word, data)
    assert "Traceback" not in result.stderr


def test_unknown_format_names_the_closest() -> None:
    result = invoke("build", "x.txt", "-t", "docx,epbu")
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, "epbu", "did you mean epub", "converter writers")


def test_outline_shows_every_part_of_a_gongwen(tmp_path: Path) -> None:
    """The tree view names the 版头, 落款 and attachments, not only the body (outline v2)."""
    source = tmp_path / "notice.txt"
    source.write_text(
        "国务院办公厅关于做好防汛工作的通知\n国办发〔2025〕12号\n各省、自治区、直辖市人民政府：\n"
        "一、总体要求\n做好今年防汛工作，意义重大。\n特此通知。\n附件：防汛责任人名单\n国务院办公厅\n"
        "2025年5月6日\n（此件公开发布）\n附件\n防汛责任人名单\n张三，李四。\n",
        encoding="utf-8",
    )
    shown = runner.invoke(app, ["outline", str(source)])
    assert shown.exit_code == 0, shown.output
    lines = shown.output.splitlines()
    at = {part: next(i for i, line in enumerate(lines) if part in line) for part in
          ("header (版头)", "国办发〔2025〕12号", "level 1 一、总体要求", "closing (落款)", "2025年5月6日",
           "attachment 附件 防汛责任人名单", "张三，李四。")}  # fmt: skip
    assert list(at.values()) == sorted(at.values()), at
