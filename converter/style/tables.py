"""Every table a style sheet can hold, typed, with its range, choices and unit.

The ranges keep values inside what every writer can render (Word's largest page is
558.8 mm; a border rule at most 6 pt, 31 pt from its text), and what a reader of the
result could want; see docs/styles.md. The sheets under ``styles/`` are data in this shape.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field

from converter.style.schema import COLOUR, Spec, spec

ROLES = ("song", "fangsong", "hei", "kai", "xiaobiaosong")
ELEMENTS = (
    "title",
    "subtitle",
    "date",
    "author",
    "salutation",
    "body",
    "point",
    "heading1",
    "heading2",
    "heading3",
    "heading4",
)
ALIGNS = ("justify", "left", "center", "right")
PLACEMENTS = ("outside", "center")
DOCX_GRIDS = ("lines", "linesAndChars")
MM_PER_PT = 25.4 / 72


def _one_page_number(text: str) -> str | None:
    """Why a page-number format is refused: it must hold ``{n}`` once, with no width or other field."""
    try:
        fields = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(text) if name is not None]
    except ValueError as exc:
        return f"not a format ({exc}); write {{{{ and }}}} for a literal brace"
    if fields != [("n", "", None)]:
        return 'it must hold {n} exactly once, with no width or other field, e.g. "— {n} —"'
    return None


def _not_blank(text: str) -> str | None:
    return "it must not be empty" if not text.strip() else None


@dataclass(frozen=True)
class Page:
    width_mm: float = spec("sheet width", unit="mm", low=50, high=558.8)
    height_mm: float = spec("sheet height", unit="mm", low=50, high=558.8)
    top_mm: float = spec("top margin (天头)", unit="mm", low=0, high=300)
    bottom_mm: float = spec("bottom margin", unit="mm", low=0, high=300)
    left_mm: float = spec("left margin (订口)", unit="mm", low=0, high=300)
    right_mm: float = spec("right margin", unit="mm", low=0, high=300)
    lines: int = spec("lines per page in the text block", unit="lines", low=1, high=100)
    chars: int = spec(
        "body characters per line (fit: as many as the text block holds)",
        unit="characters",
        low=1,
        high=100,
        words=("fit",),
    )
    header_label: str = spec("running header, left end (e.g. 会议材料); empty for none")
    header_meeting: str = spec("meeting name, right end of the header line; empty for none")
    header_date: str = spec("meeting date, after the name; empty for none")
    header_role: str = spec("font role of the running header", choices=ROLES)
    header_size_pt: float = spec("running header size", unit="pt", low=4, high=72)
    header_gap_mm: float = spec("from the header line's centre to the text block's top", unit="mm", low=0, high=100)
    header_rule_pt: float = spec("rule under the header line; 0 for none", unit="pt", low=0, high=6)
    header_rule_gap_pt: float = spec("from the header line's bottom to the rule", unit="pt", low=0, high=31)

    @property
    def header_parts(self) -> tuple[str, str]:
        """(left, right) text of the running header; both empty when there is none."""
        right = "\u3000".join(part for part in (self.header_meeting, self.header_date) if part)
        return self.header_label, right

    @property
    def text_width_mm(self) -> float:
        return self.width_mm - self.left_mm - self.right_mm

    @property
    def text_height_mm(self) -> float:
        return self.height_mm - self.top_mm - self.bottom_mm

    @property
    def line_pitch_pt(self) -> float:
        """Baseline-to-baseline distance that puts ``lines`` lines in the text block."""
        return self.text_height_mm / MM_PER_PT / self.lines

    @property
    def char_pitch_pt(self) -> float:
        """Advance of one body character that puts ``chars`` characters on a line."""
        return self.text_width_mm / MM_PER_PT / self.chars


@dataclass(frozen=True)
class PageNumber:
    format: str = spec('text around the number, holding {n} once, e.g. "— {n} —"', max_len=40, check=_one_page_number)
    role: str = spec("font role of the page number", choices=ROLES)
    size_pt: float = spec("page-number size", unit="pt", low=4, high=72)
    placement: str = spec("outside: odd pages right, even left (GB/T 9704 §7.5); center", choices=PLACEMENTS)
    inset_chars: float = spec("in from the text block's edge (outside placement)", unit="characters", low=0, high=10)
    gap_mm: float = spec("from the text block's bottom edge to the page-number line", unit="mm", low=0, high=100)

    def text(self, n: int) -> str:
        return self.format.format(n=n)


@dataclass(frozen=True)
class Latin:
    family: str = spec("face for digits and Latin letters (DOCX)", max_len=100, check=_not_blank)


@dataclass(frozen=True)
class Element:
    role: str = spec("font role", choices=ROLES)
    size_pt: float = spec("text size", unit="pt", low=4, high=100)
    bold: bool = spec("bold (fake bold in PDF: no bundled face has a bold weight)", default=False)
    align: str = spec("alignment", choices=ALIGNS, default="justify")
    indent_chars: float = spec("first-line indent", unit="characters", low=0, high=20, default=0.0)
    line_height_pt: float | None = spec(
        "own line pitch; absent: the page grid", unit="pt", low=4, high=300, default=None
    )
    max_line_chars: int | None = spec(
        "longest line of a title broken into balanced lines", unit="characters", low=1, high=100, default=None
    )
    space_before_lines: float = spec("space above", unit="lines", low=0, high=20, default=0.0)
    space_after_lines: float = spec("space below", unit="lines", low=0, high=20, default=0.0)


@dataclass(frozen=True)
class Role:
    docx: str = spec("font family name Word and WPS look up", max_len=100, check=_not_blank)
    css: tuple[str, ...] = spec("CSS font stack for e-books, generic family last", max_len=20)


@dataclass(frozen=True)
class Cover:
    width_px: int = spec("cover image width", unit="px", low=200, high=4000)
    height_px: int = spec("cover image height", unit="px", low=200, high=4000)
    background: str = spec("paper colour", pattern=COLOUR)
    ink: str = spec("text colour", pattern=COLOUR)
    accent: str = spec("colour of the two rules", pattern=COLOUR)
    rule_px: int = spec("rule thickness", unit="px", low=1, high=100)
    margin_px: int = spec("left and right margin of the text block", unit="px", low=0, high=1000)
    rule_top: float = spec("upper rule, as a fraction of the height", unit="× height", low=0, high=0.9)
    title_role: str = spec("font role of the title", choices=ROLES)
    title_px: int = spec("title size", unit="px", low=8, high=500)
    title_line_chars: int = spec("title line length for balanced breaks", unit="characters", low=1, high=100)
    title_leading: float = spec("title line pitch", unit="title sizes", low=0.5, high=5)
    meta_role: str = spec("font role of the author and date lines", choices=ROLES)
    meta_px: int = spec("author and date size", unit="px", low=8, high=500)
    meta_leading: float = spec("author and date line pitch", unit="meta sizes", low=0.5, high=5)


@dataclass(frozen=True)
class EpubSettings:
    font_scale: float = spec("body text size, in the reader's default size", unit="em", low=0.5, high=3)
    line_height: float = spec(
        "body line height (grid: the page's line pitch ÷ the body size, to 0.05)",
        unit="body sizes",
        low=1,
        high=3,
        words=("grid",),
    )
    margin_em: float = spec("side margin added to the reader's own", unit="body sizes", low=0, high=5)
    heading_space_lines: float = spec("space above a stand-alone heading", unit="body lines", low=0, high=10)
    titlepage_top_lines: float = spec("space above the title on the title page", unit="body lines", low=0, high=20)
    title_line_chars: int = spec("title-page line length for balanced breaks", unit="characters", low=1, high=100)
    embed_fonts: bool = spec("embed subsets of the bundled fonts (--embed-fonts also turns it on)")
    subjects: int = spec("keywords written as dc:subject", unit="words", low=0, high=50)
    description_chars: int = spec(
        "length of the dc:description taken from the body", unit="characters", low=0, high=2000
    )
    cover: Cover = field(metadata={"spec": Spec("the generated cover image (PNG)")})


@dataclass(frozen=True)
class DocxSettings:
    grid: str = spec(
        'w:docGrid type; "linesAndChars" is Word\'s 字符网格 (LibreOffice then sets 12-27 a line)', choices=DOCX_GRIDS
    )
    keywords: int = spec("core-property keywords (Word keeps 255 characters of them)", unit="words", low=0, high=20)


@dataclass(frozen=True)
class PdfSettings:
    fake_bold_stroke_em: float = spec("outline stroke that draws bold", unit="em", low=0, high=0.2)
    keywords: int = spec("document-information keywords", unit="words", low=0, high=20)


# --- the parts of a 公文 beyond the body (docs/gbt9704.md §8–§13); optional tables, the standard's values


@dataclass(frozen=True)
class HeaderSettings:
    """版头: text a plain document rarely carries, and where it goes."""

    issuer: str = spec("发文机关标志 when the text has none; empty: no 版头, nothing red", default="")
    doc_number: str = spec("发文字号 when the text has none", default="")
    issuer_role: str = spec("font role of the issuer mark", choices=ROLES, default="xiaobiaosong")
    issuer_size_pt: float = spec("issuer mark size (shrunk to fit the line)", unit="pt", low=8, high=100, default=36.0)
    issuer_top_mm: float = spec("text block's top to the mark's top edge", unit="mm", low=0, high=200, default=35.0)
    number_gap_lines: float = spec("blank lines between mark and 发文字号", unit="lines", low=0, high=10, default=2.0)
    rule_gap_mm: float = spec("发文字号 to the red rule", unit="mm", low=0, high=20, default=4.0)
    rule_pt: float = spec("red rule thickness", unit="pt", low=0.25, high=6, default=1.0)
    title_gap_lines: float = spec("blank lines between red rule and title", unit="lines", low=0, high=10, default=2.0)
    signer_indent_chars: float = spec(
        "上行文: 发文字号 from the left, 签发人 from the right", unit="characters", low=0, high=10, default=1.0
    )
    colour: str = spec("red of the mark and the rule", pattern=COLOUR, default="#FF0000")


@dataclass(frozen=True)
class ClosingSettings:
    """附件说明, 署名, 成文日期, 附注."""

    sealed: bool = spec("a seal will be pressed on: date 4 from the right, signature centred over it", default=False)
    notes_gap_lines: float = spec("blank lines above the 附件说明", unit="lines", low=0, high=10, default=1.0)
    gap_lines: float = spec("unsealed: blank lines above the signature", unit="lines", low=0, high=10, default=1.0)
    sealed_gap_lines: float = spec("sealed: blank lines above the signature", unit="lines", low=0, high=10, default=3.0)
    signature_indent_chars: float = spec(
        "unsealed: signature's right indent", unit="characters", low=0, high=20, default=2.0
    )
    date_offset_chars: float = spec(
        "unsealed: the date starts this far right of the signature", unit="characters", low=0, high=20, default=2.0
    )
    sealed_date_indent_chars: float = spec(
        "sealed: date's right indent", unit="characters", low=0, high=20, default=4.0
    )
    keep_body_lines: int = spec("body lines kept on the signature's page", unit="lines", low=0, high=10, default=2)


@dataclass(frozen=True)
class AttachmentSettings:
    """Attachment pages: label at the top left, title centred on ``title_line``."""

    label_role: str = spec("font role of 附件N", choices=ROLES, default="hei")
    label_size_pt: float = spec("附件N size", unit="pt", low=4, high=100, default=16.0)
    title_role: str = spec("font role of the attachment's title", choices=ROLES, default="xiaobiaosong")
    title_size_pt: float = spec("attachment title size", unit="pt", low=4, high=100, default=22.0)
    title_line: int = spec("line of the text block the title is on", unit="lines", low=1, high=20, default=3)


@dataclass(frozen=True)
class ImprintSettings:
    """版记: 抄送 and 印发 between full-width rules at the foot of the last page."""

    role: str = spec("font role", choices=ROLES, default="fangsong")
    size_pt: float = spec("text size", unit="pt", low=4, high=100, default=14.0)
    indent_chars: float = spec("in from both edges", unit="characters", low=0, high=10, default=1.0)
    thick_mm: float = spec("first and last rule", unit="mm", low=0.05, high=2, default=0.35)
    thin_mm: float = spec("rule between 抄送 and 印发", unit="mm", low=0.05, high=2, default=0.25)
    even_page: bool = spec("on an even page (a blank page is added when needed)", default=True)
