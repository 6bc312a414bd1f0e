"""The code style the team keeps (pyproject.toml's [tool.ruff]) holds on every commit: CI runs
this file, so a change that ruff would reject cannot land."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HAS_RUFF = importlib.util.find_spec("ruff") is not None  # run as `python -m ruff`: the venv need not be on PATH


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["lint", "format"])
def test_ruff_passes(command: list[str]) -> None:
    if not HAS_RUFF:
        pytest.fail("ruff is in the [test] extra; install it with pip install -e '.[test]'")
    command = [sys.executable, "-m", "ruff", *command, "."]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
