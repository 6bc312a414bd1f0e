"""The command line: `converter build`, `outline`, `check`, `styles`, `fonts`, `writers`, `serve`.

Built on the Python API (converter/app/api.py). Exit status: 0 all good, 1 some inputs failed (or
`check` found warnings), 2 usage errors or unreadable input, 130 Ctrl-C, 143 SIGTERM. Messages
are one line, never a traceback; with ``--json`` everything on standard output is JSON, usage
errors included. Messages, help and table headings are in Chinese or English (converter/i18n.py).
Nothing read from a file is ever parsed as Rich markup: text reaches the terminal as Text.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.text import Text

from converter import __version__
from converter.app.summary import Progress, err, out
from converter.app.summary import say as _say
from converter.i18n import LANGUAGE, _, strip_lang  # first: help texts below are built in its language

if TYPE_CHECKING:
    from converter.app import pipeline
    from converter.app.api import Run

app = typer.Typer(
    help=_(
        "Turn plain Chinese text (speeches, reports, notices; hard-wrapped PDF extracts welcome) into a "
        "GB/T 9704 DOCX, a print-ready PDF and an EPUB 3.\n\n"
        "Example: converter build speech.txt          (DOCX, PDF and EPUB in output/)"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
DEFAULT_FORMATS = "docx,pdf,epub"
JSON_HELP = _('Print one JSON object instead (README, "JSON output").')
ENCODING_HELP = _("Read text inputs in this encoding (e.g. gb18030, big5) instead of detecting it.")


def _fail(message: str, code: int = 2, as_json: bool = False, command: str = "build") -> typer.Exit:
    if as_json:
        from converter.app.api import usage_error_dict

        print(json.dumps(usage_error_dict(command, message, "usage" if code == 2 else "error"), ensure_ascii=False))
    else:
        _say(err, _("error:"), "bold red", message)
    return typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        out.print(f"converter {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help=_("Print the version and exit."))
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help=_("Interface language: zh or en (default: CONVERTER_LANG, then the system locale)."),
        ),
    ] = None,
) -> None:
    """Plain Chinese text to DOCX, PDF and EPUB."""


# `converter build`'s argument and options, named so that its signature reads one line each.
BuildInputs = Annotated[
    list[str], typer.Argument(help=_("Text files, outline .json files, globs or folders; - reads standard input."))
]
FormatsOption = Annotated[str, typer.Option("--to", "-t", help=_("Formats, comma-separated: docx, pdf, epub, json."))]
StyleOption = Annotated[
    str, typer.Option("--style", "-s", help=_("Style name (see `converter styles`) or a .toml file."))
]
SetOption = Annotated[
    list[str] | None,
    typer.Option("--set", help=_("Override one style key, e.g. --set page.lines=22 (repeatable).")),
]
OutputOption = Annotated[Path, typer.Option("--output-dir", "-o", help=_("Folder for the outputs."))]
JobsOption = Annotated[
    int,
    typer.Option(
        "--jobs",
        "-j",
        min=0,
        help=_("Worker processes, each writing one format of one input at a time; 0 = one per CPU core."),
    ),
]
ClusterOption = Annotated[
    str | None,
    typer.Option(
        "--cluster",
        help=_(
            "Run on Dask: local, local:N (N worker processes) or a scheduler's tcp://HOST:PORT; inputs and -o "
            "may then be fsspec URLs (s3://…). Needs pip install 'converter[cluster]'."
        ),
    ),
]
EmbedOption = Annotated[
    bool,
    typer.Option(
        "--embed-fonts",
        help=_("Embed subsets of the fonts used in the DOCX and the EPUB, so they look the same on any computer."),
    ),
]
ReportOption = Annotated[bool, typer.Option("--report", help=_("Also write NAME.report.json: every change made."))]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help=_("Print errors only."))]
JsonOption = Annotated[bool, typer.Option("--json", help=JSON_HELP)]
NameOption = Annotated[str, typer.Option("--name", help=_("File name for standard input (-): names the outputs."))]
EncodingOption = Annotated[str | None, typer.Option("--encoding", help=ENCODING_HELP)]


@app.command(
    help=_(
        "Build DOCX, PDF and EPUB (or any registered format) from each input.\n\n"
        "Examples:\n\n"
        "  converter build speech.txt\n\n"
        "  converter build drafts/ -t docx,pdf -o print/ -j 4\n\n"
        "  converter build notice.txt --style handout --set page.header_meeting=全市经济工作会议\n\n"
        "  type notice.txt | converter build - --name notice\n\n"
        "  converter outline notice.txt --json > tree.json   (edit it, then)   converter build tree.json"
    )
)
def build(
    inputs: BuildInputs,
    to: FormatsOption = DEFAULT_FORMATS,
    style: StyleOption = "gongwen",
    set_: SetOption = None,
    output_dir: OutputOption = Path("output"),
    jobs: JobsOption = 0,
    cluster: ClusterOption = None,
    embed_fonts: EmbedOption = False,
    report: ReportOption = False,
    quiet: QuietOption = False,
    json_summary: JsonOption = False,
    name: NameOption = "stdin",
    encoding: EncodingOption = None,
) -> None:
    from converter.app import api, pipeline
    from converter.app.summary import show_build
    from converter.reading import ReadError

    try:
        formats = api.check_formats(to.split(","))
        chosen = api.load_style(style, set_ or [])
        sources = _gather_inputs(inputs, name, output_dir, cluster)
        run = _convert(
            sources,
            formats,
            output_dir,
            show_progress=not (quiet or json_summary),
            style=chosen,
            jobs=jobs or os.cpu_count() or 1,
            report=report,
            embed_fonts=embed_fonts,
            encoding=encoding,
            cluster=cluster,
        )
    except (pipeline.UsageError, ReadError) as exc:
        raise _fail(str(exc), as_json=json_summary) from None
    except pipeline.Stopped as stop:
        err.print(_("interrupted: outputs finished before it are kept; none is left half-written"))
        raise typer.Exit(128 + stop.signum) from None
    show_build(run, quiet, json_summary)
    if run.exit_code:
        raise typer.Exit(run.exit_code)


def _gather_inputs(inputs: list[str], name: str, output_dir: Path, cluster: str | None) -> list[pipeline.Input]:
    """Standard input (``-``, named by ``--name``) first, then the files, globs and folders found."""
    from converter.app import api, pipeline

    sources: list[pipeline.Input] = []
    if "-" in inputs:
        if sys.stdin.isatty():
            err.print(_("reading standard input; end it with Ctrl-D (Ctrl-Z then Enter on Windows)"))
        data = pipeline.read_stream(sys.stdin.buffer, name)
        sources.append(pipeline.Input(Path(Path(name).name or "stdin"), data=data))
    sources += api.find_inputs([i for i in inputs if i != "-"], output_dir, cluster)
    if not sources:
        raise pipeline.UsageError(_("no input files found"))
    return sources


def _convert(
    sources: list[pipeline.Input], formats: list[str], output_dir: Path, *, show_progress: bool, **options: Any
) -> Run:
    """The build itself, with a progress bar when a person watches the terminal."""
    from converter.app import api

    progress = Progress(len(sources), len(formats)) if show_progress and sys.stderr.isatty() else None
    with progress or contextlib.nullcontext():
        return api.convert([], formats, output_dir, progress=progress, sources=sources, **options)


@app.command(
    help=_(
        "Show the outline tree the reading chain finds.\n\n"
        "Examples:\n\n"
        "  converter outline speech.txt\n\n"
        "  converter outline speech.txt --json > tree.json"
    )
)
def outline(
    input: Annotated[Path, typer.Argument(help=_("A text file."))],
    as_json: Annotated[bool, typer.Option("--json", help=_("Print the tree as JSON (and nothing else)."))] = False,
    encoding: EncodingOption = None,
) -> None:
    from converter.app.pipeline import Input, read_source
    from converter.reading import ReadError

    try:
        reading = read_source(Input(input, encoding=encoding))
    except ReadError as exc:
        raise _fail(str(exc), as_json=as_json, command="outline") from None
    if as_json:
        from converter.writers.json_writer import dumps

        sys.stdout.write(dumps(reading.document))
        return
    from converter.app.treeview import print_tree

    print_tree(reading.document, out)


@app.command(
    help=_(
        "Report every change the reading chain would make, and what an editor should look at. Writes nothing.\n\n"
        "Exit status: 0 no warnings, 1 warnings (or some files unreadable), 2 every file unreadable.\n\n"
        "Example: converter check speech.txt --json"
    )
)
def check(
    inputs: Annotated[list[Path], typer.Argument(help=_("Text files to check."))],
    as_json: JsonOption = False,
    encoding: EncodingOption = None,
) -> None:
    from converter.app.checking import check_dict, exit_code, read_reports
    from converter.app.summary import print_report

    reports = read_reports(inputs, encoding)
    code = exit_code(reports)
    if as_json:
        print(json.dumps(check_dict(reports, code), ensure_ascii=False, indent=2))
    else:
        for path, rep in reports.items():
            if isinstance(rep, str):
                _say(err, _("error:"), "bold red", rep)
            else:
                print_report(path, rep)
    if code:
        raise typer.Exit(code)


@app.command(
    "styles",
    help=_(
        "List the built-in style sheets, or show every key of one with its type, unit and range."
        "\n\nExample: converter styles gongwen"
    ),
)
def list_styles(name: Annotated[str | None, typer.Argument(help=_("Show this style sheet in full."))] = None) -> None:
    from converter import styles

    known = styles.available()
    if name is None:
        for key, path in known.items():
            try:
                description = styles.load(key).description
            except styles.StyleError as exc:
                description = _("(broken: {reason})").format(reason=exc)
            out.print(Text.assemble((f"{key:10}", "bold"), " ", description, "  ", (str(path), "dim")))
        return
    try:  # every key with its type, unit and range; plain TOML, so it can be redirected to a .toml
        sys.stdout.write(styles.explain(styles.load(name)))
    except (styles.StyleError, OSError) as exc:
        raise _fail(str(exc)) from None


@app.command(
    help=_(
        "Show which font file serves each role (song, fangsong, hei, kai, xiaobiaosong).\n\n"
        "Your own fonts are found in the usual font folders (simfang.ttf, simhei.ttf, simkai.ttf, "
        "方正小标宋) and win over the bundled ones. To choose a file for a role, set "
        "CONVERTER_FONT_<ROLE>, e.g. CONVERTER_FONT_FANGSONG=D:/fonts/simfang.ttf (path#N picks "
        "face N of a .ttc). CONVERTER_FONT_DIRS replaces the folders searched; "
        "CONVERTER_NO_SYSTEM_FONTS=1 uses the bundled fonts only. What is read from font files "
        "is cached between runs (CONVERTER_CACHE_DIR moves the cache, CONVERTER_NO_CACHE=1 skips it)."
    )
)
def fonts() -> None:
    from converter import fonts as font_lookup

    for role, family, path, note in font_lookup.describe():
        out.print(Text.assemble((f"{role:13}", "bold"), f" {family}  ", (path, "dim"), f"  {note}"))
    for notice in font_lookup.notices():
        _say(err, _("note:"), "yellow", notice)


@app.command(help=_("List the output formats (writers), including ones other packages register."))
def writers() -> None:
    from converter.writers.base import load_writer, writer_names

    for name in writer_names():
        try:
            writer = load_writer(name)
            out.print(Text.assemble((f"{name:6}", "bold"), f" {writer.suffix:6} {writer.description}"))
        except Exception as exc:  # a broken plug-in is shown, not fatal
            out.print(
                Text.assemble((f"{name:6}", "bold"), " ", (_("(cannot load: {reason})").format(reason=exc), "red"))
            )


@app.command(
    help=_(
        "Start the web page: paste or upload texts, see the reader's changes, edit and download.\n\n"
        "Example: converter serve --open"
    )
)
def serve(
    host: Annotated[str, typer.Option("--host", help=_("Address to listen on (another than 127.0.0.1 warns)."))] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option("--port", help=_("Port to listen on."))] = 8000,
    open_browser: Annotated[bool, typer.Option("--open", help=_("Open the page in the browser."))] = False,
) -> None:
    try:
        from converter.web.server import serve as run_server
    except ImportError as exc:
        raise _fail(
            _("the web page needs the web extra ({missing}): pip install 'converter[web]'").format(missing=exc.name)
        ) from None
    if host not in ("127.0.0.1", "localhost", "::1"):
        _say(err, _("warning:"), "yellow", _("{host} lets other computers use this page").format(host=host))
    run_server(host, port, open_browser)


def _usage_error(exc: Exception, as_json: bool) -> int:
    """Typer's own usage errors (unknown option, missing argument) in the interface language, or as JSON."""
    message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    ctx = getattr(exc, "ctx", None)
    command = ctx.command.name if ctx is not None and ctx.command is not None else "converter"
    if as_json:
        from converter.app.api import usage_error_dict

        print(json.dumps(usage_error_dict(command or "converter", message), ensure_ascii=False))
    else:
        if ctx is not None:
            err.print(Text(ctx.get_usage()))
        where = f"converter {command}" if command and command != "converter" else "converter"
        _say(err, _("error:"), "bold red", message + "  " + _("(see {command} --help)").format(command=where))
    return getattr(exc, "exit_code", 2)


def _translate_help_panels() -> None:
    """Typer's own panel titles, in the interface language."""
    if LANGUAGE == "en":
        return
    import typer.rich_utils as panels

    panels.ARGUMENTS_PANEL_TITLE = _("Arguments")
    panels.OPTIONS_PANEL_TITLE = _("Options")
    panels.COMMANDS_PANEL_TITLE = _("Commands")
    panels.DEFAULT_STRING = _("[default: {}]")
    panels.REQUIRED_LONG_STRING = _("[required]")
    import typer._click.decorators as decorators

    made_by_typer = decorators.help_option

    def help_option(param_decls: list[str]) -> Any:
        attach = made_by_typer(param_decls)

        def translated(command: Any) -> Any:
            attach(command)
            command.params[-1].help = _("Show this message and exit.")
            return command

        return translated

    decorators.help_option = help_option


def _terminated(signum: int, _frame: object) -> None:
    """SIGTERM before or after a build (the build has its own handling): exit 143, no traceback."""
    raise SystemExit(128 + signum)


def main() -> None:
    from typer._click.exceptions import NoArgsIsHelpError, UsageError

    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, _terminated)
    args = strip_lang(sys.argv[1:])
    as_json = "--json" in args
    if not args or "--help" in args:
        _translate_help_panels()
    code: int | None
    try:
        code = app(args=args, prog_name="converter", standalone_mode=False)
    except NoArgsIsHelpError:  # `converter` alone: Typer has printed the help, as --help does
        code = 2
    except UsageError as exc:
        code = _usage_error(exc, as_json)
    except typer.Abort:
        code = 1
    except KeyboardInterrupt:  # before or after a build's own handling (start-up, printing)
        err.print(_("interrupted"))
        code = 130
    finally:
        # The interpreter's last garbage collection walks every object a build made (fonts'
        # glyph tables, the tree, parsed XML): 0.1-0.25 s of a one-second build, to free
        # memory the process is about to hand back anyway. Frozen objects are skipped by
        # it; files, atexit hooks and reference-counted clean-up still run as usual.
        gc.freeze()
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
