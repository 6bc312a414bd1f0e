"""The outline tree's old home, kept importable for a release: it is the plug-in API.

The node classes live in :mod:`converter.tree.nodes`; the walk over them in
:mod:`converter.tree.visit` (docs/architecture.md). New code imports ``converter.tree``.
"""

from converter.tree.nodes import *  # noqa: F403 (the same names, re-exported)
from converter.tree.nodes import __all__ as __all__
