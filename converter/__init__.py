"""converter: plain Chinese text to DOCX, PDF and EPUB through one outline tree.

The Python API (README, "Python API"; implemented in converter/app/api.py)::

    import converter
    doc = converter.read("关于……的通知\n各单位：\n……")          # str or bytes -> Document
    pdf = converter.render(doc, "pdf", style="gongwen")         # -> bytes
    run = converter.convert(["notice.txt"], ["docx", "pdf"], "output")   # -> Run (run.to_dict() is --json)

Imported on first use, so `converter --version` and the CLI's start stay quick.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Document", "ReadError", "Report", "Run", "UsageError", "convert", "read", "render"]

if TYPE_CHECKING:
    from converter.app.api import ReadError, Report, Run, UsageError, convert, read, render
    from converter.model import Document


def __getattr__(name: str) -> Any:
    if name == "Document":
        from converter.model import Document

        return Document
    if name in __all__:
        from converter.app import api

        return getattr(api, name)
    raise AttributeError(f"module 'converter' has no attribute {name!r}")
