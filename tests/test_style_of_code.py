"""The code style the team keeps (pyproject.toml's [tool.ruff]) holds on every commit: CI runs
this file, so a change that ruff would reject cannot land."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUFF = shutil.which("ruff")


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["lint", "format"])
def test_ruff_passes(command: list[str]) -> None:
    if RUFF is None:
        pytest.fail("ruff is in the [test] extra; install it with pip install -e '.[test]'")
    result = subprocess.run([RUFF, *command, "."], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
