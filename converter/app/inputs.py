"""Finding inputs (files, globs, folders, standard input), naming their outputs from the file name,
never from the text, and reading their bytes within the size cap."""

from __future__ import annotations

import glob
import json
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from converter.app.results import Input, UsageError
from converter.fonts.glyphs import bundled_uncovered
from converter.i18n import _
from converter.model import Document
from converter.reading import SUFFIXES, ReadError, Reading, Report, parse_bytes

INPUT_SUFFIXES = (*SUFFIXES, ".json")  # text, Markdown, DOCX and what LibreOffice converts
REPORT_SUFFIX = ".report.json"
DEFAULT_MAX_INPUT_MB = 200  # a text file past this is almost surely not a document; CONVERTER_MAX_INPUT_MB moves it
NAME_MAX = 255  # bytes in one file name on every common file system
LONGEST_SUFFIX = len(REPORT_SUFFIX)  # the longest thing added to a stem (.report.json; .docx/.epub are shorter)


# --- finding inputs -----------------------------------------------------------------------------


def expand_inputs(patterns: Iterable[str], out_dir: Path | None = None) -> list[Input]:
    """Files as given, globs expanded, folders searched for .txt/.json; order kept, duplicates dropped.

    An argument that names an existing file is that file, even when it looks like a glob
    (``report [final].txt``). Searching a folder or a glob skips the output folder and the
    files a build writes (outlines, ``*.report.json``), so a re-run never reads its own outputs.
    A folder that cannot be read becomes an Input with an ``error``, never a silent gap.
    """
    skip = _OwnOutputs(out_dir)
    found: list[Input] = []
    for pattern in patterns:
        path = Path(pattern)
        if path.is_dir():
            found += _walk(path, skip)
        elif not path.exists() and glob.has_magic(pattern):
            base = _glob_base(pattern)
            matches = sorted(Path(p) for p in glob.glob(pattern, recursive=True))
            if not matches:
                raise UsageError(_("no file matches {pattern}").format(pattern=repr(pattern)))
            found += [Input(p, _relative_folder(p, base)) for p in matches if p.is_file() and not skip(p, base)]
        else:
            found.append(Input(path))
    unique: dict[Path, Input] = {}
    for item in found:
        unique.setdefault(item.path, item)
    return list(unique.values())


class _OwnOutputs:
    """Whether a file found by searching ``root`` is something a build wrote."""

    def __init__(self, out_dir: Path | None) -> None:
        self.out_dir = resolved(out_dir) if out_dir is not None else None

    def _inside(self, folder: Path) -> bool:
        here = resolved(folder)
        return self.out_dir is not None and (here == self.out_dir or self.out_dir in here.parents)

    def folder(self, folder: Path, root: Path) -> bool:
        """The output folder, unless the search started inside it (then only its files are judged)."""
        return self._inside(folder) and not self._inside(root)

    def __call__(self, path: Path, root: Path) -> bool:
        name = path.name.lower()
        if name.endswith(REPORT_SUFFIX):
            return True
        if not self._inside(path.parent):
            return False
        if not self._inside(root):
            return True
        # searching the output folder on purpose: an outline beside its .txt is ours
        return name.endswith(".json") and path.with_suffix(".txt").exists()


def resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


def _walk(root: Path, skip: _OwnOutputs) -> list[Input]:
    """os.walk, not Path.rglob: rglob drops folders it cannot read without a word."""
    problems: list[Input] = []

    def unreadable(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else root
        reason = exc.strerror or str(exc)
        message = _("{path}: cannot read this folder ({reason})").format(path=where, reason=reason)
        problems.append(Input(where, _relative_folder(where, root), error=message))

    found: list[Input] = []
    for folder, dirs, files in os.walk(root, onerror=unreadable):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not skip.folder(here / d, root))
        for name in sorted(files):
            path = here / name
            if path.suffix.lower() in INPUT_SUFFIXES and not skip(path, root):
                found.append(Input(path, here.relative_to(root)))
    return found + problems


def _glob_base(pattern: str) -> Path:
    """The folder a glob searches from: its leading parts without wildcards."""
    parts = Path(pattern).parts
    base: list[str] = []
    for part in parts[:-1]:
        if glob.has_magic(part):
            break
        base.append(part)
    return Path(*base) if base else Path()


def _relative_folder(path: Path, base: Path) -> Path:
    try:
        return path.parent.relative_to(base)
    except ValueError:
        return Path()


# --- naming outputs -----------------------------------------------------------------------------


def output_names(sources: list[Input]) -> dict[Input, tuple[str, bool]]:
    """A safe, unique output stem per input (``folder/stem``), from its file name only, and
    whether the name had to be shortened to fit the file system's limit."""
    names: dict[Input, tuple[str, bool]] = {}
    used: set[str] = set()
    for source in sources:
        name = source.path.name
        stem = name.rsplit(".", 1)[0] if "." in name else name
        stem = stem.strip().lstrip(".").replace("/", "_").replace("\\", "_") or "document"
        stem, shortened = _fit(stem, NAME_MAX - LONGEST_SUFFIX)
        folder = "/".join(_safe_part(p) for p in source.folder.parts)
        prefix = f"{folder}/" if folder else ""
        candidate, n = stem, 2
        # a stem must clash neither with another stem nor with another's NAME.report
        while {f"{prefix}{candidate}".lower(), f"{prefix}{candidate}.report".lower()} & used:
            suffix = f"-{n}"
            fitted, cut = _fit(stem, NAME_MAX - LONGEST_SUFFIX - len(suffix))
            candidate, n, shortened = fitted + suffix, n + 1, shortened or cut
        used |= {f"{prefix}{candidate}".lower(), f"{prefix}{candidate}.report".lower()}
        names[source] = (prefix + candidate, shortened)
    return names


def _safe_part(part: str) -> str:
    return part.strip().lstrip(".").replace("\\", "_") or "_"


def _fit(stem: str, limit: int) -> tuple[str, bool]:
    """``stem`` cut to ``limit`` UTF-8 bytes on a character boundary."""
    data = stem.encode("utf-8", "surrogateescape")
    if len(data) <= limit:
        return stem, False
    return data[:limit].decode("utf-8", "ignore").rstrip() or "document", True


# --- reading ------------------------------------------------------------------------------------


def max_input_bytes() -> int:
    """The input size cap: CONVERTER_MAX_INPUT_MB (a number of megabytes), else the default."""
    value = os.environ.get("CONVERTER_MAX_INPUT_MB", "").strip()
    try:
        megabytes = float(value) if value else DEFAULT_MAX_INPUT_MB
    except ValueError:
        megabytes = DEFAULT_MAX_INPUT_MB
    return max(1, int(megabytes * 1024 * 1024))


def _too_big(label: object, limit: int) -> ReadError:
    return ReadError(
        _("{path}: larger than {mb} MB; set CONVERTER_MAX_INPUT_MB to a larger number to read it anyway").format(
            path=label, mb=limit // (1024 * 1024)
        )
    )


def read_input_bytes(path: Path) -> bytes:
    """The file's bytes, refusing anything that is not an ordinary file (a FIFO would block,
    /dev/zero never ends) and anything past the size cap."""
    limit = max_input_bytes()
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ReadError(_("{path}: no such file").format(path=path)) from None
    except OSError as exc:
        raise ReadError(_("{path}: cannot read ({reason})").format(path=path, reason=exc.strerror or exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise ReadError(_("{path}: is a folder, not a file").format(path=path))
    if not stat.S_ISREG(info.st_mode):
        raise ReadError(
            _(
                "{path}: not an ordinary file (a pipe, device or socket); save the text to a file, or pipe it to "
                "`converter build -`"
            ).format(path=path)
        )
    if info.st_size > limit:
        raise _too_big(path, limit)
    try:
        with open(path, "rb") as f:
            data = f.read(limit + 1)
    except OSError as exc:
        raise ReadError(_("{path}: cannot read ({reason})").format(path=path, reason=exc.strerror or exc)) from None
    if len(data) > limit:
        raise _too_big(path, limit)
    return data


def read_stream(stream: Any, name: str) -> bytes:
    """Standard input, bounded by the same cap as files."""
    limit = max_input_bytes()
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise _too_big(name, limit)
    return data


def read_source(source: Path | Input) -> Reading:
    """A text file through the reading chain, or an outline JSON as `converter outline --json` prints it."""
    item = source if isinstance(source, Input) else Input(Path(source))
    path = item.path
    data = item.data if item.data is not None else read_input_bytes(path)
    if path.suffix.lower() != ".json":
        try:
            # the reader knows no fonts: hand it the coverage check
            return parse_bytes(data, encoding=item.encoding, uncovered=bundled_uncovered, name=path.name)
        except ReadError as exc:
            raise ReadError(f"{path}: {exc}") from None
    try:
        return Reading(Document.from_json(data), Report(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise ReadError(_("{path}: cannot read ({reason})").format(path=path, reason=exc)) from None
    except json.JSONDecodeError as exc:
        raise ReadError(
            _("{path}: not valid JSON ({reason}, line {line})").format(path=path, reason=exc.msg, line=exc.lineno)
        ) from None
    except (ValueError, TypeError, RecursionError) as exc:
        raise ReadError(_("{path}: not an outline tree ({reason})").format(path=path, reason=exc)) from None
