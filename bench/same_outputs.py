"""Are the outputs byte-identical before and after a change? Builds the same inputs twice and compares.

Run: python bench/same_outputs.py [REF] [--keep]       (REF defaults to HEAD; prints per-file results)

The inputs: the sample (seeds/), the all-parts notice (tests/parts/), the real corpus
(tests/corpus/real/*.txt), the synthetic outline trees (tests/corpus/*.json) and the hand-made
inputs (tests/inputs/*.json), in every style (gongwen, handout, ebook) and every format (docx,
pdf, epub, json), plus the sample and the notice with --embed-fonts. Each side is built by its
own code with ``SOURCE_DATE_EPOCH`` fixed: REF checked out in a temporary ``git worktree``, then
this working tree. ``--keep`` reuses REF's outputs from an earlier run (they are keyed by commit).
Exit status 1 when any file differs or is missing on one side.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STYLES = ("gongwen", "handout", "ebook")
FORMATS = "docx,pdf,epub,json"
EPOCH = "1700000000"
GROUPS = {  # output folder → inputs (one folder per group, so equal stems never collide)
    "sample": ["seeds/*.txt"],
    "parts": ["tests/parts/*.txt"],
    "real": ["tests/corpus/real/*.txt"],
    "trees": ["tests/corpus/*.json"],
    "inputs": ["tests/inputs/*.json"],
}
EMBEDDED = ("sample", "parts")  # also built with --embed-fonts (the font subsets follow the text)


def inputs(tree: Path, patterns: list[str]) -> list[str]:
    found: list[str] = []
    for pattern in patterns:
        found += sorted(str(p) for p in tree.glob(pattern))
    return found


def build(tree: Path, out: Path) -> None:
    """Every group in every style, built by the converter in ``tree`` (not the installed one)."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, PYTHONPATH=str(tree), PYTHONHASHSEED="0")
    check = [sys.executable, "-c", "import converter; print(converter.__file__)"]
    where = subprocess.run(check, env=env, cwd=tree, capture_output=True, text=True, check=True).stdout.strip()
    if not where.startswith(str(tree)):
        sys.exit(f"the converter imported for {tree} is {where}: PYTHONPATH did not win")
    runs = [(group, style, False) for group in GROUPS for style in STYLES]
    runs += [(group, "gongwen", True) for group in EMBEDDED]
    for group, style, embed in runs:
        files = inputs(tree, GROUPS[group])
        if not files:
            continue
        target = out / style / (group + ("-embedded" if embed else ""))
        cmd = [sys.executable, "-m", "converter", "build", *files, "-t", FORMATS, "-s", style, "-o", str(target)]
        cmd += ["-j", "2", "-q"] + (["--embed-fonts"] if embed else [])
        done = subprocess.run(cmd, env=env, cwd=tree, capture_output=True, text=True)
        if done.returncode not in (0, 1):
            print(done.stdout[-2000:], done.stderr[-2000:], sep="\n")
            sys.exit(f"build failed ({done.returncode}) in {tree}: {' '.join(cmd[3:8])}")
        for line in (done.stdout + done.stderr).splitlines():  # 1: some inputs failed; the others were written
            if "failed:" in line:
                print("   ", line.strip()[:300])
        print(f"  built {target.relative_to(out)} ({len(files)} inputs)", flush=True)


def compare(before: Path, after: Path) -> int:
    """Print identical/different per file and a total; the number of files not identical."""
    names = sorted({p.relative_to(before) for p in before.rglob("*") if p.is_file()})
    names += sorted({p.relative_to(after) for p in after.rglob("*") if p.is_file()} - set(names))
    bad = 0
    for name in names:
        a, b = before / name, after / name
        if not a.exists() or not b.exists():
            verdict = "only in " + ("after" if not a.exists() else "before")
        else:
            verdict = "identical" if a.read_bytes() == b.read_bytes() else "different"
        bad += verdict != "identical"
        print(f"{verdict:>10}  {name}")
    print(f"\n{len(names) - bad} of {len(names)} files identical, {bad} not")
    return bad


def resolve(ref: str) -> str:
    return subprocess.run(
        ["git", "rev-parse", ref], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ref", nargs="?", default="HEAD", help="git ref to compare with (default HEAD)")
    parser.add_argument("--keep", action="store_true", help="reuse the ref's outputs of an earlier run")
    args = parser.parse_args()
    commit = resolve(args.ref)
    base = Path(tempfile.gettempdir()) / "same_outputs"
    before, after = base / commit[:12], base / "working-tree"
    if not (args.keep and before.exists()):
        subprocess.run(["rm", "-rf", str(before)], check=True)
        with tempfile.TemporaryDirectory(prefix="same-outputs-") as tmp:
            tree = Path(tmp) / "tree"
            subprocess.run(["git", "worktree", "add", "--detach", "-q", str(tree), commit], cwd=ROOT, check=True)
            try:
                print(f"building {args.ref} ({commit[:12]}):", flush=True)
                build(tree, before)
            finally:
                subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=True)
    subprocess.run(["rm", "-rf", str(after)], check=True)
    print("building the working tree:", flush=True)
    build(ROOT, after)
    sys.exit(1 if compare(before, after) else 0)


if __name__ == "__main__":
    main()
