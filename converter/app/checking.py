"""`converter check`: read every input, keep its report or why it could not be read, and the exit status.

Exit status: 0 no warnings, 1 warnings (or some files unreadable), 2 every file unreadable.
The JSON shape is the README's "JSON output" (the schema of converter/app/api.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from converter.reading import Report


def read_reports(inputs: list[Path], encoding: str | None) -> dict[Path, Report | str]:
    """Each input's report, or the message saying why it cannot be read: every file is reported."""
    from converter.app.pipeline import Input, read_source
    from converter.reading import ReadError

    reports: dict[Path, Report | str] = {}
    for path in inputs:
        try:
            reports[path] = read_source(Input(path, encoding=encoding)).report
        except ReadError as exc:
            reports[path] = str(exc)
    return reports


def exit_code(reports: dict[Path, Report | str]) -> int:
    unreadable = [p for p, r in reports.items() if isinstance(r, str)]
    warned = any(not isinstance(r, str) and r.warnings for r in reports.values())
    return 2 if len(unreadable) == len(reports) else 1 if unreadable or warned else 0


def check_dict(reports: dict[Path, Report | str], code: int) -> dict[str, Any]:
    """The whole check as one JSON object."""
    from converter.app.api import SCHEMA

    return {
        "schema": SCHEMA,
        "command": "check",
        "ok": code == 0,
        "exit_code": code,
        "error": None,
        "files": [_file_dict(path, rep) for path, rep in reports.items()],
    }


def _file_dict(path: Path, rep: Report | str) -> dict[str, Any]:
    if isinstance(rep, str):
        return {
            "input": str(path),
            "ok": False,
            "errors": [{"code": "unreadable", "message": rep}],
            "input_kind": None,
            "encoding": None,
            "changes": [],
            "warnings": [],
        }
    data = rep.to_dict()
    return {
        "input": str(path),
        "ok": not rep.warnings,
        "errors": [],
        "input_kind": data["input_kind"],
        "encoding": data["encoding"],
        "changes": data["changes"],
        "warnings": [{"code": w.kind, "line": w.line, "message": w.message} for w in rep.warnings],
    }
