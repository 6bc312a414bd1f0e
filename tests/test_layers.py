"""The reading layer depends on the tree only: it imports nothing from styles, fonts or writers.

Walks the import statements of every module under converter/reading (issue 13's layering),
so a new ``from converter.fonts import …`` in a pass fails here, not in a review.
"""

from __future__ import annotations

import ast
from pathlib import Path

import converter.reading

READING = Path(converter.reading.__file__).parent
FORBIDDEN = ("converter.styles", "converter.fonts", "converter.writers", "converter.layout", "converter.pipeline",
             "converter.cli")  # fmt: skip


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
