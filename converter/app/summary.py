"""What the command line prints after its work: the table of outputs, warnings, totals, reports.

The two consoles live here so every printer shares them; converter/app/cli.py only parses options
and calls these. Nothing read from a file is parsed as Rich markup: text reaches the terminal as Text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.text import Text

from converter.i18n import _

if TYPE_CHECKING:
    from converter.app.api import Run
    from converter.app.pipeline import FileResult, Notice

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def say(console: Console, label: str, style: str, message: str) -> None:
    """``label message`` with the label styled and the message printed as it is (no markup)."""
    space = "" if label.endswith("：") else " "  # a full-width colon carries its own space
    console.print(Text.assemble((label, style), space, message), soft_wrap=True)


class Progress:
    """A bar counting files (`12/30 files`): a file is done when it is read and every format written."""

    def __init__(self, files: int, formats: int) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as Bar

        self.stages = formats + 1
        self.seen: dict[str, int] = {}
        self.bar = Bar(
            TextColumn("{task.description}", markup=False),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn(_("files")),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        )
        self.task = self.bar.add_task(_("reading"), total=files)

    def __enter__(self) -> Progress:
        self.bar.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.bar.stop()

    def __call__(self, name: str, stage: str) -> None:
        self.seen[name] = self.seen.get(name, 0) + 1
        done = self.seen[name] >= self.stages
        self.bar.update(self.task, description=name, advance=1 if done else 0)
        if done:
            self.seen.pop(name)


def show_build(run: Run, quiet: bool, as_json: bool) -> None:
    """A build's outcome: JSON, or the table, each failure, the warnings and (for a batch) the totals."""
    if as_json:
        print(json.dumps(run.to_dict(), ensure_ascii=False, indent=2))
    elif not quiet:
        print_table(run)
    for r in run.results:
        for e in r.errors:
            say(err, _("failed:"), "bold red", e.message)
    if not quiet and not as_json:
        print_warnings(run.results)
        if len(run.results) > 1:
            print_totals(run)  # a batch's summary ends with its totals


def print_table(run: Run) -> None:
    from rich.table import Table

    table = Table(title=_("written"), title_justify="left")
    for column, right in (
        (_("file"), False),
        (_("format"), False),
        (_("pages"), True),
        (_("size"), True),
        (_("time"), True),
    ):
        table.add_column(column, justify="right" if right else "left", overflow="fold")
    for r in run.results:
        for o in r.outputs:
            cells = (
                str(o.path),
                o.format,
                "" if o.pages is None else str(o.pages),
                size(o.size),
                f"{o.seconds:.2f} s",
            )
            table.add_row(*(Text(c) for c in cells))
    if table.row_count:
        out.print(table)


def print_totals(run: Run) -> None:
    outputs = sum(len(r.outputs) for r in run.results)
    line = _("{files} file(s), {outputs} output(s), {failed} failed, {seconds:.1f} s").format(
        files=len(run.results), outputs=outputs, failed=len(run.failed), seconds=run.seconds
    )
    err.print(Text(line, style="bold"))  # with the warnings: standard output holds only the table


def _font_fix(notice: Notice) -> str:
    role = notice.message.split(":", 1)[0]
    return _(
        "install that font, or set CONVERTER_FONT_{ROLE} to a font file; `converter fonts` shows what serves each role"
    ).format(ROLE=role.upper())


def print_warnings(results: list[FileResult]) -> None:
    """Each input's warnings under the summary; a writer warning many files share, once."""
    shared: dict[tuple[str | None, str, str], int] = {}
    for r in results:
        for n in {(n.format, n.code, n.message) for n in r.notices if n.format is not None}:
            shared[n] = shared.get(n, 0) + 1
    repeated = {key for key, count in shared.items() if count > 1}
    block = _own_warnings(results, repeated) + _shared_warnings(shared, repeated)
    if block:
        err.print(Text(_("warnings:"), style="bold yellow"))
        for line in block:
            err.print(line, soft_wrap=True)


def _own_warnings(results: list[FileResult], repeated: set[tuple[str | None, str, str]]) -> list[Text]:
    """Per input: its name and the warnings no other input shares."""
    block: list[Text] = []
    for r in results:
        own = [n for n in r.notices if (n.format, n.code, n.message) not in repeated]
        if not own:
            continue
        block.append(
            Text.assemble(
                (str(r.source), "bold"), "  ", (_("(all changes: converter check {path})").format(path=r.source), "dim")
            )
        )
        for n in own:
            where = _("line {line}").format(line=n.line) if n.line else (n.format or "")
            message = n.message + ("  → " + _font_fix(n) if n.code == "font-substitution" else "")
            block.append(Text.assemble("  ", (f"{where:>9}", "yellow"), "  ", (n.code, "cyan"), "  ", message))
    return block


def _shared_warnings(
    shared: dict[tuple[str | None, str, str], int], repeated: set[tuple[str | None, str, str]]
) -> list[Text]:
    """A writer warning several inputs share, once, with how many files it concerns."""
    block: list[Text] = []
    for fmt, code, message in sorted(repeated, key=lambda k: (k[1], k[2])):
        count = shared[(fmt, code, message)]
        fix = "  → " + _font_fix(_notice(code, message)) if code == "font-substitution" else ""
        label = _("{n} files").format(n=count)
        block.append(Text.assemble((label, "bold"), "  ", (code, "cyan"), "  ", f"{fmt}: {message}{fix}"))
    return block


def _notice(code: str, message: str) -> Notice:
    from converter.app.pipeline import Notice

    return Notice(code, message)


def size(n: float) -> str:
    for unit in ("B", "KB", "MB"):
        if n < 1024 or unit == "MB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


def print_report(path: Path, rep: Any) -> None:
    """One input's reading report (`converter check`): a summary line, the changes, the warnings."""
    from rich.table import Table

    counts = rep.counts()
    summary = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())) or _("no changes")
    kind = rep.input_kind if rep.input_kind != "text" else ""  # docx, markdown, … (plain text goes unsaid)
    how = ", ".join(p for p in (kind, rep.encoding, rep.encoding_confidence) if p)
    out.print(Text.assemble((str(path), "bold"), f" ({how}): {summary}"))
    shown = [c for c in rep.changes if c.kind not in ("join",)]
    if shown:
        table = Table(_("line"), _("col"), _("kind"), _("before"), _("after"))
        for c in shown:
            table.add_row(
                *(Text(x) for x in (str(c.line), str(c.column), c.kind, repr(c.before)[1:-1], repr(c.after)[1:-1]))
            )
        out.print(table)
    if rep.warnings:
        table = Table(_("line"), _("warning"), _("message"), title=_("look at these"), title_justify="left")
        for w in rep.warnings:
            table.add_row(Text(str(w.line)), Text(w.kind), Text(w.message))
        out.print(table)
    else:
        out.print(_("no warnings"))
