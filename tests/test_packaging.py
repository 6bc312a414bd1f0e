"""An installed wheel is complete: every package, the style sheets, the bundled fonts and their licences."""

from __future__ import annotations

import ast
import importlib.metadata
import os
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_code_package_is_listed() -> None:
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    found = {".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "converter").rglob("__init__.py")}
    assert found == {p for p in listed if not p.startswith("converter.data.")}


def test_data_packages_map_to_the_top_level_folders() -> None:
    assert PYPROJECT["tool"]["setuptools"]["package-dir"] == {
        "converter.data.styles": "styles",
        "converter.data.fonts": "fonts",
    }


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project built as a wheel and installed into a private folder (not editable)."""
    work = tmp_path_factory.mktemp("wheel")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    subprocess.run(
        [*pip, "wheel", "--quiet", "--no-deps", "-w", str(work / "dist"), str(ROOT)], check=True, timeout=600
    )
    (wheel,) = (work / "dist").glob("converter-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in (
        "converter/data/styles/gongwen.toml",
        "converter/data/styles/handout.toml",
        "converter/data/styles/ebook.toml",
        "converter/data/fonts/roles.toml",
        "converter/data/fonts/ConverterSerifSC-Regular.ttf",
        "converter/data/fonts/LICENSE-Noto-CJK.txt",
        "converter/data/fonts/LICENSE-LXGW-WenKai.txt",
        "converter/locale/zh_CN/LC_MESSAGES/converter.mo",
    ):
        assert expected in names, expected
    target = work / "site"
    subprocess.run(
        [*pip, "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)], check=True, timeout=600
    )
    return target


@pytest.mark.slow
def test_installed_wheel_builds_the_same_files(installed: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(installed), "CONVERTER_NO_SYSTEM_FONTS": "1"}
    where = subprocess.run(
        [
            sys.executable,
            "-c",
            "import converter.fonts as f, converter.styles as s; print(f.FONTS_DIR); print(s.STYLES_DIR)",
        ],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    ).stdout.split()
    assert where == [str(installed / "converter" / "data" / "fonts"), str(installed / "converter" / "data" / "styles")]
    for label, extra in (("wheel", env), ("checkout", {**os.environ, "CONVERTER_NO_SYSTEM_FONTS": "1"})):
        subprocess.run(
            [sys.executable, "-m", "converter.app.cli", "build", str(SAMPLE), "-q", "-o", str(tmp_path / label)],
            check=True,
            env=extra,
            cwd=tmp_path,
        )
    for suffix in (".docx", ".pdf", ".epub"):
        name = SAMPLE.stem + suffix
        assert (tmp_path / "wheel" / name).read_bytes() == (tmp_path / "checkout" / name).read_bytes(), suffix


def _requirement_name(requirement: str) -> str:
    """`python-docx>=1.1` → `python-docx`, normalised as pip compares names."""
    name = re.split(r"[\s<>=!~;\[(]", requirement, maxsplit=1)[0]
    return re.sub(r"[-_.]+", "-", name).lower()


def _imported_top_level(folder: Path) -> dict[str, Path]:
    """Every absolute import's top-level module under ``folder``, with one file that imports it."""
    found: dict[str, Path] = {}
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], path)
    return found


def _local_modules() -> set[str]:
    """Modules of this checkout: the package, test helpers (the corpus's own tools too), benchmarks, the example plug-in."""
    local = {"converter"}
    for folder in (ROOT / "tests", ROOT / "bench"):
        local |= {p.stem for p in folder.rglob("*.py")} | {p.parent.name for p in folder.rglob("__init__.py")}
    return local


def test_every_imported_module_is_declared() -> None:
    """A fresh venv gets only what pyproject.toml declares: a module installed by hand on the
    developer's machine (click, once) must not be what makes the tests pass."""
    project = PYPROJECT["project"]
    declared = {_requirement_name(r) for r in project["dependencies"]}
    for extra in project.get("optional-dependencies", {}).values():
        declared |= {_requirement_name(r) for r in extra}
    providers = importlib.metadata.packages_distributions()
    local = _local_modules()
    missing = []
    for folder in ("converter", "tests", "bench"):
        for module, where in _imported_top_level(ROOT / folder).items():
            if module in sys.stdlib_module_names or module in local or module.startswith("_"):
                continue
            dists = {_requirement_name(d) for d in providers.get(module, [])}
            if not dists & declared:
                missing.append(
                    f"{module} (imported in {where.relative_to(ROOT)}; provided by {sorted(dists) or 'nothing installed'})"
                )
    assert not missing, "imported but not declared in pyproject.toml: " + "; ".join(missing)
