"""Shared fixtures: the sample, hand-made trees, and outside validators.

A test that needs an outside program (epubcheck, LibreOffice, poppler) asks for it
with ``require_tool``: skipped with the reason when it is missing, except under
``CI=true``, where a missing validator fails the run.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "seeds" / "speech-theory-study-2025.txt"
sys.path.insert(0, str(Path(__file__).resolve().parent))

# The run's own font cache (converter.cache), empty at the start: tests never read or fill the
# user's, and the first build of each font goes through the uncached path.
os.environ["CONVERTER_CACHE_DIR"] = _CACHE = tempfile.mkdtemp(prefix="converter-test-cache-")
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)

_TOOLS = {
    "epubcheck": ("/usr/share/java/epubcheck.jar", "apt-get install epubcheck"),
    "soffice": ("soffice", "apt-get install libreoffice-writer"),
    "pdftotext": ("pdftotext", "apt-get install poppler-utils"),
    "pdffonts": ("pdffonts", "apt-get install poppler-utils"),
    "java": ("java", "apt-get install default-jre-headless"),
}


def find_tool(name: str) -> str | None:
    target, _ = _TOOLS[name]
    if target.startswith("/"):
        return target if Path(target).is_file() else None
    return shutil.which(target)


def require_tool(name: str) -> str:
    """Path of an outside tool; skip (or fail under CI=true) when it is not installed."""
    found = find_tool(name)
    if found:
        return found
    hint = _TOOLS[name][1]
    message = f"{name} is not installed ({hint})"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message}; CI must install it", pytrace=False)
    pytest.skip(message)


def libreoffice_convert(paths: list[Path], outdir: Path, to: str, profile: Path, timeout: int = 300) -> None:
    """LibreOffice converts ``paths`` to ``to`` (``pdf``, ``fodt``, or a filter spec) in ``outdir``, with its own
    user profile so parallel runs do not share one; skips (fails under CI) without LibreOffice."""
    soffice = require_tool("soffice")
    run = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", to, "--outdir"]
    subprocess.run([*run, str(outdir), *map(str, paths)], check=True, capture_output=True, timeout=timeout)


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return SAMPLE
