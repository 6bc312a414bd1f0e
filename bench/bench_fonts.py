"""Where a first build's font time goes: each font step with nothing cached, and a whole build first and again.

Run: python bench/bench_fonts.py [--runs N]     (prints figures; no pass/fail)

CPU seconds (the process and its children), not wall time: a shared machine's load moves wall
time a lot more than CPU time. Each step runs in a fresh process with converter.cache off, as on
a machine's first build; "first build" is the CLI with an empty font cache, "again" the same with
the cache that build filled (bench/bench_build.py times both as wall time).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "seeds" / "speech-theory-study-2025.txt"
FONTS = ROOT / "fonts"

CLOCK = """import resource
def cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
start = cpu()
"""
GLYPH_TABLES = "from converter.writers.pdf.faces import _read_glyph_tables\n"
STEPS = {
    "import converter.fonts": "import converter.fonts",
    "import fontTools.ttLib": "import fontTools.ttLib",
    "fc-list, one call": "from converter.fonts.system import fontconfig_faces\nfontconfig_faces()",
    "resolve every role (reads system font names)": "from converter import fonts\nfonts.resolve_all()",
    "the above, then reportlab glyph tables of every role's face": "from converter import fonts\n"
    + GLYPH_TABLES
    + "for face in fonts.resolve_all().values():\n    _read_glyph_tables(face.path, face.index)",
    "unpack Extension B (only when a character needs it)": "import lzma\n"
    f"lzma.decompress(open({str(FONTS / 'ConverterExtB-Regular.ttf.xz')!r}, 'rb').read())",
}


def step_cpu(code: str, runs: int) -> float:
    """Least CPU seconds of ``code`` over ``runs`` fresh processes, interpreter start-up excluded."""
    env = {**os.environ, "CONVERTER_NO_CACHE": "1"}
    program = CLOCK + code + "\nprint(cpu() - start)"
    command = [sys.executable, "-c", program]
    found = [subprocess.run(command, capture_output=True, text=True, env=env, check=True).stdout for _ in range(runs)]
    return min(map(float, found))


def build(cache: Path, out: Path) -> tuple[float, float]:
    """(CPU s, wall s) of one CLI build of the sample into DOCX, PDF and EPUB with font cache ``cache``."""
    before = os.times()
    t0 = time.perf_counter()
    command = [sys.executable, "-m", "converter.app.cli", "build", str(SAMPLE), "-q", "-o", str(out)]
    subprocess.run(command, check=True, capture_output=True, env={**os.environ, "CONVERTER_CACHE_DIR": str(cache)})
    after = os.times()
    cpu = after.children_user - before.children_user + after.children_system - before.children_system
    return cpu, time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="repetitions of each figure")
    runs = parser.parse_args().runs
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; least CPU s of {runs} runs")
    for label, code in STEPS.items():
        print(f"{step_cpu(code, runs):7.3f}  {label}")
    first, again = [], []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        build(work / "warm-up", work / "out")  # byte-compiles converter when nothing has yet
        for i in range(runs):
            cache = work / f"cache{i}"
            first.append(build(cache, work / "out"))
            again.append(build(cache, work / "out"))
            shutil.rmtree(cache)
    for label, times in (("first build (empty font cache)", first), ("again (font cache filled)", again)):
        cpu, wall = (statistics.median(t[k] for t in times) for k in (0, 1))
        print(f"{cpu:7.3f}  CLI {label}, sample -> docx,pdf,epub; median wall {wall:.2f} s")


if __name__ == "__main__":
    main()
