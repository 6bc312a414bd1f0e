"""The public Python API; the command line is built on it (README, "Python API").

    import converter
    report = converter.Report()
    doc = converter.read(text_or_bytes, report=report)   # the outline tree; report gets the change log
    pdf = converter.render(doc, "pdf", style="gongwen")   # bytes of one format
    run = converter.convert(["a.txt", "drafts/"], ["docx", "pdf"], "output")
    run.to_dict()   # the same object `converter build --json` prints (schema SCHEMA)

Errors: :class:`ReadError` for input that cannot be read, :class:`UsageError` for a call
that cannot be carried out (unknown format or style, output folder not writable or busy).
"""

from __future__ import annotations

import contextlib
import difflib
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from converter.app.pipeline import (
    FileResult,
    Input,
    Progress,
    UsageError,
    build_many,
    check_output_dir,
    expand_inputs,
    locked_output_dir,
)
from converter.i18n import _
from converter.model import Document
from converter.reading import ReadError, Report, parse_bytes, parse_text
from converter.styles import Style, StyleError
from converter.writers.base import WriteOptions, load_writer, writer_names

SCHEMA = 1  # version of the --json object; raised when a key changes meaning or goes away
DEFAULT_FORMATS = ("docx", "pdf", "epub")

__all__ = [
    "DEFAULT_FORMATS",
    "SCHEMA",
    "ReadError",
    "Report",
    "Run",
    "UsageError",
    "check_formats",
    "convert",
    "read",
    "render",
]


def read(source: str | bytes, report: Report | None = None) -> Document:
    """The outline tree of a text (``str``) or of a file's bytes (encoding detected).

    Pass a :class:`Report` to receive the change log (every change made, and the warnings an
    editor should look at, with line numbers): ``converter check`` prints the same log.
    """
    report = Report() if report is None else report
    reading = parse_text(source, report) if isinstance(source, str) else parse_bytes(bytes(source), report)
    return reading.document


def load_style(style: str | Path | Style, overrides: Sequence[str] = ()) -> Style:
    """A Style from a name, a .toml path or a Style; ``overrides`` are ``key=value`` like ``--set``."""
    if isinstance(style, Style):
        return style
    from converter import styles

    try:
        return styles.load(str(style), list(overrides))
    except StyleError as exc:
        raise UsageError(str(exc)) from None


def check_formats(formats: Iterable[str]) -> list[str]:
    """Format names, lower-cased and checked; an unknown one names the closest known ones."""
    chosen = [f.strip().lower() for f in formats if f.strip()]
    if not chosen:
        raise UsageError(_("no output format given (known formats: {known})").format(known=", ".join(writer_names())))
    known = writer_names()
    for name in chosen:
        if name not in known:
            close = difflib.get_close_matches(name, known, n=2, cutoff=0.5)
            hint = _("did you mean {names}? ").format(names=" / ".join(close)) if close else ""
            raise UsageError(
                _("unknown format {name!r}; {hint}known formats: {known} (see `converter writers`)").format(
                    name=name, hint=hint, known=", ".join(known)
                )
            )
    return chosen


def render(
    doc: Document,
    fmt: str,
    style: str | Path | Style = "gongwen",
    *,
    overrides: Sequence[str] = (),
    embed_fonts: bool = False,
    source_name: str = "document.txt",
) -> bytes:
    """One format of ``doc`` as bytes (written through a temporary file the writer needs)."""
    [name] = check_formats([fmt])
    chosen = load_style(style, overrides)
    writer = load_writer(name)
    with tempfile.TemporaryDirectory(prefix="converter-") as folder:
        path = Path(folder) / f"out{writer.suffix}"
        writer.write(doc, chosen, path, WriteOptions(embed_fonts=embed_fonts, source_name=source_name))
        return path.read_bytes()


@dataclass
class Run:
    """What one :func:`convert` did: a result per input, in input order."""

    results: list[FileResult]
    formats: list[str]
    seconds: float = 0.0
    command: str = "build"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.errors]

    @property
    def exit_code(self) -> int:
        """0 all written; 2 every input unreadable; 1 anything else failed."""
        if not self.failed:
            return 0
        return 2 if all(r.unreadable for r in self.results) else 1

    def to_dict(self) -> dict[str, Any]:
        """The ``--json`` object (README, "JSON output"): one per run, whatever the number of files."""
        return {
            "schema": SCHEMA,
            "command": self.command,
            "ok": not self.failed,
            "exit_code": self.exit_code,
            "error": None,
            "totals": {
                "files": len(self.results),
                "outputs": sum(len(r.outputs) for r in self.results),
                "failed": len(self.failed),
                "seconds": round(self.seconds, 3),
            },
            "files": [
                {
                    "input": str(r.source),
                    "ok": not r.errors,
                    "errors": [e.to_dict() for e in r.errors],
                    "outputs": [
                        {
                            "format": o.format,
                            "path": str(o.path),
                            "pages": o.pages,
                            "bytes": o.size,
                            "seconds": round(o.seconds, 3),
                        }
                        for o in r.outputs
                    ],
                    "warnings": [n.to_dict() for n in r.notices],
                    "seconds": round(r.seconds, 3),
                }
                for r in self.results
            ],
        }


def usage_error_dict(command: str, message: str, code: str = "usage") -> dict[str, Any]:
    """The ``--json`` object for a run that could not start (exit status 2)."""
    return {
        "schema": SCHEMA,
        "command": command,
        "ok": False,
        "exit_code": 2,
        "error": {"code": code, "message": message},
        "totals": {"files": 0, "outputs": 0, "failed": 0, "seconds": 0.0},
        "files": [],
    }


def convert(
    inputs: str | Path | Sequence[str | Path | Input],
    formats: Iterable[str] = DEFAULT_FORMATS,
    out_dir: str | Path = "output",
    *,
    style: str | Path | Style = "gongwen",
    overrides: Sequence[str] = (),
    jobs: int = 1,
    report: bool = False,
    embed_fonts: bool = False,
    progress: Progress | None = None,
    sources: list[Input] | None = None,
    encoding: str | None = None,
    cluster: str | None = None,
) -> Run:
    """Build every input (files, globs, folders) into ``out_dir``; failures are in the Run, not raised.

    Raises :class:`UsageError` when nothing can be built: unknown format or style, no input
    found, an output folder that cannot be written or that another build is writing into.
    ``sources`` replaces ``inputs`` with inputs already found (the CLI's standard input).
    ``encoding`` reads every text input in that encoding instead of detecting it.
    ``cluster`` runs the build on Dask instead of ``jobs`` local processes (``local``, ``local:N`` or a
    scheduler's address; converter/app/cluster.py): inputs and ``out_dir`` may then be fsspec URLs.
    A Ctrl-C or SIGTERM raises :class:`converter.app.pipeline.Stopped`.
    """
    chosen_formats = check_formats(formats)
    chosen_style = load_style(style, overrides)
    out = Path(out_dir)
    if sources is None:
        patterns = [inputs] if isinstance(inputs, str | Path) else list(inputs)
        sources = [p for p in patterns if isinstance(p, Input)]
        sources += find_inputs([str(p) for p in patterns if not isinstance(p, Input)], out, cluster)
    if not sources:
        raise UsageError(_("no input files found"))
    if encoding:
        sources = [replace(s, encoding=encoding) for s in sources]
    remote = cluster is not None and _is_url(out)  # an fsspec folder: no local folder to check or lock
    if not remote:
        check_output_dir(out)
    started = time.perf_counter()
    with contextlib.nullcontext() if remote else locked_output_dir(out):
        options = WriteOptions(embed_fonts=embed_fonts)
        if cluster is None:
            results = build_many(sources, chosen_formats, chosen_style, out, options, jobs, report, progress)
        else:
            from converter.app.cluster import build_on_cluster

            results = build_on_cluster(sources, chosen_formats, chosen_style, out, options, cluster, report, progress)
    return Run(results, chosen_formats, time.perf_counter() - started)


def find_inputs(patterns: list[str], out_dir: Path, cluster: str | None = None) -> list[Input]:
    """Files, globs and folders as inputs; with a ``cluster``, fsspec URLs (``s3://…``) too."""
    if cluster is None:
        return expand_inputs(patterns, out_dir)
    from converter.app.cluster import expand_inputs as expand_with_urls

    return expand_with_urls(patterns, out_dir)


def _is_url(path: Path) -> bool:
    from converter.app.cluster import as_url

    return as_url(path) is not None
