"""Style sheets are data: TOML files under ``styles/`` read into one typed object.

Every writer reads the same :class:`Style`, so DOCX, PDF and EPUB agree on geometry,
fonts and sizes. The code lives in ``converter.style``; this module keeps the names
plug-ins import (docs/styles.md).
"""

from converter.style.explain import explain
from converter.style.schema import StyleError
from converter.style.sheet import STYLES_DIR, Style, apply_override, available, field_at, from_dict, load
from converter.style.tables import (
    ELEMENTS,
    MM_PER_PT,
    ROLES,
    Cover,
    DocxSettings,
    Element,
    EpubSettings,
    Latin,
    Page,
    PageNumber,
    PdfSettings,
    Role,
)

__all__ = [
    "ELEMENTS",
    "MM_PER_PT",
    "ROLES",
    "STYLES_DIR",
    "Cover",
    "DocxSettings",
    "Element",
    "EpubSettings",
    "Latin",
    "Page",
    "PageNumber",
    "PdfSettings",
    "Role",
    "Style",
    "StyleError",
    "apply_override",
    "available",
    "explain",
    "field_at",
    "from_dict",
    "load",
]
