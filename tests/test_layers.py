"""The reading layer depends on the tree only: it imports nothing from styles, fonts or writers.
The fonts package sits below the writers and keeps no module-wide state that callers must reset.

Walks the import statements of every module under converter/reading (issue 13's layering),
so a new ``from converter.fonts import …`` in a pass fails here, not in a review.
"""

from __future__ import annotations

import ast
from pathlib import Path

import converter.fonts
import converter.reading

READING = Path(converter.reading.__file__).parent
FONTS = Path(converter.fonts.__file__).parent
FORBIDDEN = ("converter.styles", "converter.fonts", "converter.writers", "converter.layout", "converter.app.pipeline",
             "converter.app.cli")  # fmt: skip


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def test_reading_imports_no_rendering_layer() -> None:
    modules = sorted(READING.glob("*.py"))
    assert len(modules) > 10
    bad = {f"{path.name}: {name}" for path in modules for name in imports(path) if name.startswith(FORBIDDEN)}
    assert not bad, sorted(bad)


def test_the_walk_sees_a_forbidden_import(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text("from converter import fonts\nimport converter.styles\n", encoding="utf-8")
    assert {"converter.fonts", "converter.styles"} <= imports(probe)


def test_fonts_import_no_writer_and_no_reader() -> None:
    modules = sorted(FONTS.glob("*.py"))
    assert {"roles.py", "files.py", "system.py", "resolver.py"} <= {path.name for path in modules}
    above = (
        "converter.writers",
        "converter.layout",
        "converter.app.pipeline",
        "converter.app.cli",
        "converter.reading",
    )
    bad = {f"{path.name}: {name}" for path in modules for name in imports(path) if name.startswith(above)}
    assert not bad, sorted(bad)


def module_state(path: Path) -> set[str]:
    """Names a module binds at its top level to a mutable container, and names it rebinds with ``global``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    mutable = (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)
    found = {f"global {name}" for node in ast.walk(tree) if isinstance(node, ast.Global) for name in node.names}
    for node in tree.body:
        value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        calls = isinstance(value, ast.Call) and getattr(value.func, "id", "") in ("dict", "list", "set", "defaultdict")
        if isinstance(value, mutable) or calls:
            found |= {target.id for target in targets if isinstance(target, ast.Name)}
    return found - {"__all__"}


def test_fonts_keep_no_module_state() -> None:
    """Issue 13: font resolution lived in module dictionaries that tests had to reset()."""
    state = {f"{path.name}: {name}" for path in sorted(FONTS.glob("*.py")) for name in module_state(path)}
    assert not state, sorted(state)


def test_the_state_walk_sees_a_module_dictionary(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text("_overrides: dict[str, int] = {}\nSEEN = set()\nNAMES = ('a',)\n", encoding="utf-8")
    assert module_state(probe) == {"_overrides", "SEEN"}
