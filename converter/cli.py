"""The command line: `converter build`, `outline`, `check`, `styles`, `fonts`, `writers`.

Exit status: 0 all good, 1 some inputs failed (or `check` found warnings), 2 usage errors
or unreadable input. Messages are one line, never a traceback.
"""

from __future__ import annotations

import gc
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from converter import __version__

if TYPE_CHECKING:
    from converter.pipeline import FileResult
    from converter.styles import Style
    from converter.writers.base import WriteOptions

app = typer.Typer(
    help=(
        "Turn plain Chinese text (speeches, reports, notices; hard-wrapped PDF extracts welcome) into a "
        "GB/T 9704 DOCX, a print-ready PDF and an EPUB 3.\n\n"
        "Example: converter build speech.txt          (DOCX, PDF and EPUB in output/)"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)
DEFAULT_FORMATS = "docx,pdf,epub"


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", soft_wrap=True)
    return typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        out.print(f"converter {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Plain Chinese text to DOCX, PDF and EPUB."""


@app.command()
def build(
    inputs: Annotated[list[str], typer.Argument(help="Text files, outline .json files, globs or folders.")],
    to: Annotated[str, typer.Option("--to", "-t", help="Formats, comma-separated: docx, pdf, epub, json.")] = (
        DEFAULT_FORMATS
    ),
    style: Annotated[
        str, typer.Option("--style", "-s", help="Style name (see `converter styles`) or a .toml file.")
    ] = "gongwen",
    set_: Annotated[
        list[str] | None, typer.Option("--set", help="Override one style key, e.g. --set page.lines=22 (repeatable).")
    ] = None,
    output_dir: Annotated[Path, typer.Option("--output-dir", "-o", help="Folder for the outputs.")] = Path("output"),
    jobs: Annotated[
        int,
        typer.Option("--jobs", "-j", min=0, help="Worker processes, each writing one format of one input at a time; "
                     "0 = one per CPU core."),
    ] = 0,
    cluster: Annotated[
        str | None,
        typer.Option(
            "--cluster",
            help="Run on Dask: local, local:N (N worker processes) or a scheduler's tcp://HOST:PORT; inputs and "
            "-o may then be fsspec URLs (s3://…). Needs pip install 'converter[cluster]'.",
        ),
    ] = None,
    embed_fonts: Annotated[bool, typer.Option("--embed-fonts", help="Embed a font subset in the EPUB.")] = False,
    report: Annotated[bool, typer.Option("--report", help="Also write NAME.report.json: every change made.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print errors only.")] = False,
    json_summary: Annotated[bool, typer.Option("--json", help="Print a JSON summary instead of a table.")] = False,
) -> None:
    """Build DOCX, PDF and EPUB (or any registered format) from each input.

    Examples:

      converter build speech.txt

      converter build drafts/ -t docx,pdf -o print/ -j 4

      converter build notice.txt --style handout --set page.header_meeting=全市经济工作会议

      converter outline notice.txt --json > tree.json   (edit it, then)   converter build tree.json
    """
    from converter import pipeline, styles
    from converter.writers.base import UnknownWriter, WriteOptions, writer_names

    formats = [f.strip().lower() for f in to.split(",") if f.strip()]
    if not formats:
        raise _fail("--to names no format")
    for name in formats:
        if name not in writer_names():
            raise _fail(str(UnknownWriter(name, writer_names())))
    try:
        chosen = styles.load(style, set_ or [])
        if cluster:  # fsspec URLs (s3://…) among the inputs too
            from converter.cluster import expand_inputs as expand
        else:
            expand = pipeline.expand_inputs
        sources = expand(inputs)
        if not sources:
            raise pipeline.UsageError("no input files found")
        pipeline.check_output_dir(output_dir)
    except (styles.StyleError, pipeline.UsageError) as exc:
        raise _fail(str(exc)) from None
    options = WriteOptions(embed_fonts=embed_fonts)
    workers = jobs or os.cpu_count() or 1
    try:
        results = _run_with_progress(sources, formats, chosen, output_dir, options, cluster or workers, report, quiet)
    except pipeline.UsageError as exc:  # --cluster: unreachable, or workers that differ from this machine
        raise _fail(str(exc)) from None
    except KeyboardInterrupt:
        err.print("interrupted: outputs finished before it are kept; none is left half-written")
        raise typer.Exit(130) from None
    failed = [r for r in results if r.error]
    if json_summary:
        print(json.dumps(_summary(results), ensure_ascii=False, indent=2))
    elif not quiet:
        _print_table(results)
    for r in results:
        if r.error:
            err.print(f"[bold red]failed:[/] {r.error}", soft_wrap=True)
        if not quiet:
            for warning in r.warnings:
                err.print(f"[yellow]warning:[/] {r.source.name}: {warning}", soft_wrap=True)
    if failed:
        raise typer.Exit(2 if all(r.unreadable for r in results) else 1)


def _run_with_progress(
    sources: list[Path], formats: list[str], style: Style, out_dir: Path,
    options: WriteOptions, jobs: int | str, report: bool, quiet: bool,
) -> list[FileResult]:
    from converter import pipeline

    if isinstance(jobs, str):  # a --cluster address in place of a number of local workers
        from converter.cluster import build_on_cluster as build_many
    else:
        build_many = pipeline.build_many
    if quiet or not sys.stderr.isatty():
        return build_many(sources, formats, style, out_dir, options, jobs, report)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, transient=True,
    ) as bar:
        task = bar.add_task("reading", total=len(sources) * (len(formats) + 1))

        def step(name: str, stage: str) -> None:
            bar.update(task, description=f"{name} · {stage} done", advance=1)

        return build_many(sources, formats, style, out_dir, options, jobs, report, step)


def _summary(results) -> dict:
    return {
        "ok": not any(r.error for r in results),
        "files": [
            {
                "input": str(r.source),
                "error": r.error,
                "outputs": [
                    {"format": o.format, "path": str(o.path), "pages": o.pages, "bytes": o.size,
                     "seconds": round(o.seconds, 3)}
                    for o in r.outputs
                ],
                "warnings": r.warnings,
            }
            for r in results
        ],
    }


def _print_table(results) -> None:
    from rich.table import Table

    table = Table(title="written", title_justify="left")
    for column in ("file", "format", "pages", "size", "time"):
        table.add_column(column, justify="right" if column in ("pages", "size", "time") else "left")
    for r in results:
        for o in r.outputs:
            table.add_row(str(o.path), o.format, "" if o.pages is None else str(o.pages), _size(o.size),
                          f"{o.seconds:.2f} s")
    if table.row_count:
        out.print(table)


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB"):
        if n < 1024 or unit == "MB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


@app.command()
def outline(
    input: Annotated[Path, typer.Argument(help="A text file.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the tree as JSON (and nothing else).")] = False,
) -> None:
    """Show the outline tree the reading chain finds.

    Examples:

      converter outline speech.txt

      converter outline speech.txt --json > tree.json
    """
    from converter.pipeline import read_source
    from converter.reading import ReadError

    try:
        reading = read_source(input)
    except ReadError as exc:
        raise _fail(str(exc)) from None
    if as_json:
        from converter.writers.json_writer import dumps

        sys.stdout.write(dumps(reading.document))
        return
    _print_tree(reading.document)


def _print_tree(doc) -> None:
    from rich.tree import Tree

    from converter.model import Section

    root = Tree(f"[bold]{doc.title or '(no title)'}[/]")
    for label, value in (("subtitle", doc.subtitle), ("date", doc.date), ("author", doc.author),
                         ("salutation", doc.salutation)):
        if value:
            root.add(f"[dim]{label}:[/] {value}")

    def add(parent: Tree, nodes) -> None:
        for node in nodes:
            if isinstance(node, Section):
                kind = "run-in " if node.runin else ""
                branch = parent.add(f"[cyan]{kind}level {node.level}[/] {node.marker}{node.heading}")
                add(branch, node.children)
            else:
                text = node.text if len(node.text) <= 40 else node.text[:39] + "…"
                points = f" [magenta]({len(node.points)} points)[/]" if node.points else ""
                parent.add(f"[dim]¶[/] {text}{points}")

    add(root, doc.children)
    out.print(root)


@app.command()
def check(
    inputs: Annotated[list[Path], typer.Argument(help="Text files to check.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Report every change the reading chain would make, and what an editor should look at. Writes nothing.

    Exit status: 0 no warnings, 1 warnings, 2 unreadable input.

    Example: converter check speech.txt --json
    """
    from converter.reading import ReadError, parse_file

    reports = {}
    for path in inputs:
        try:
            reports[path] = parse_file(path).report
        except ReadError as exc:
            raise _fail(str(exc)) from None
    if as_json:
        data = {str(p): r.to_dict() for p, r in reports.items()}
        print(json.dumps(next(iter(data.values())) if len(data) == 1 else data, ensure_ascii=False, indent=2))
    else:
        for path, rep in reports.items():
            _print_report(path, rep)
    if any(r.warnings for r in reports.values()):
        raise typer.Exit(1)


def _print_report(path: Path, rep) -> None:
    from rich.table import Table

    counts = rep.counts()
    summary = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())) or "no changes"
    out.print(f"[bold]{path}[/] ({rep.encoding}): {summary}")
    shown = [c for c in rep.changes if c.kind not in ("join",)]
    if shown:
        table = Table("line", "col", "kind", "before", "after")
        for c in shown:
            table.add_row(str(c.line), str(c.column), c.kind, repr(c.before)[1:-1], repr(c.after)[1:-1])
        out.print(table)
    if rep.warnings:
        table = Table("line", "warning", "message", title="look at these", title_justify="left")
        for w in rep.warnings:
            table.add_row(str(w.line), w.kind, w.message)
        out.print(table)
    else:
        out.print("no warnings")


@app.command("styles")
def list_styles(name: Annotated[str | None, typer.Argument(help="Show this style sheet in full.")] = None) -> None:
    """List the built-in style sheets, or show one.

    Example: converter styles gongwen
    """
    from converter import styles

    known = styles.available()
    if name is None:
        for key, path in known.items():
            try:
                description = styles.load(key).description
            except styles.StyleError as exc:
                description = f"(broken: {exc})"
            out.print(f"[bold]{key:10}[/] {description}  [dim]{path}[/]")
        return
    try:
        path = known[name] if name in known else Path(name)
        styles.load(name)
        sys.stdout.write(path.read_text(encoding="utf-8"))  # raw, so it can be redirected to a .toml
    except (styles.StyleError, OSError) as exc:
        raise _fail(str(exc)) from None


@app.command()
def fonts() -> None:
    """Show which font file serves each role (song, fangsong, hei, kai, xiaobiaosong).

    Your own fonts are found in the usual font folders (simfang.ttf, simhei.ttf, simkai.ttf,
    方正小标宋) and win over the bundled ones. To choose a file for a role, set
    CONVERTER_FONT_<ROLE>, e.g. CONVERTER_FONT_FANGSONG=D:/fonts/simfang.ttf (path#N picks
    face N of a .ttc). CONVERTER_FONT_DIRS replaces the folders searched;
    CONVERTER_NO_SYSTEM_FONTS=1 uses the bundled fonts only. What is read from font files
    is cached between runs (CONVERTER_CACHE_DIR moves the cache, CONVERTER_NO_CACHE=1 skips it).
    """
    from converter import fonts as font_lookup

    for role, family, path, note in font_lookup.describe():
        out.print(f"[bold]{role:13}[/] {family}  [dim]{path}[/]  {note}")
    for notice in font_lookup.notices():
        err.print(f"[yellow]note:[/] {notice}", soft_wrap=True)


@app.command()
def writers() -> None:
    """List the output formats (writers), including ones other packages register."""
    from converter.writers.base import load_writer, writer_names

    for name in writer_names():
        try:
            writer = load_writer(name)
            out.print(f"[bold]{name:6}[/] {writer.suffix:6} {writer.description}")
        except Exception as exc:  # a broken plug-in is shown, not fatal
            out.print(f"[bold]{name:6}[/] [red](cannot load: {exc})[/]")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:  # before or after a build's own handling (start-up, printing)
        err.print("interrupted")
        sys.exit(130)
    finally:
        # The interpreter's last garbage collection walks every object a build made (fonts'
        # glyph tables, the tree, parsed XML): 0.1-0.25 s of a one-second build, to free
        # memory the process is about to hand back anyway. Frozen objects are skipped by
        # it; files, atexit hooks and reference-counted clean-up still run as usual.
        gc.freeze()


if __name__ == "__main__":
    main()
