"""Every DOCX number derived from the style sheet, in Word's units (twips, half-points).

Kept apart from the XML so the arithmetic can be read and checked on its own
(docs/gbt9704.md §2, §3; docs/docx.md §2): a writer has no layout numbers of its own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from converter.styles import Style

TWIPS_PER_MM = 1440 / 25.4
TWIPS_PER_PT = 20


def mm(value: float) -> int:
    return round(value * TWIPS_PER_MM)


@dataclass(frozen=True)
class Geometry:
    page_width: int
    page_height: int
    top: int
    bottom: int
    left: int
    right: int
    line_pitch: int  # twips per grid line; also the exact body line height
    char_pitch_pt: float  # advance of one body character that puts ``chars`` on a line
    char_space: int  # w:docGrid/@w:charSpace (ECMA-376 §17.6.5)
    run_spacing: int  # twips added to every body-size character (LibreOffice ignores charSpace)
    footer: int  # w:pgMar/@w:footer
    header: int  # w:pgMar/@w:header
    body_size_pt: float

    @property
    def text_width(self) -> int:
        return self.page_width - self.left - self.right

    def chars(self, count: float) -> int:
        """A width of ``count`` body characters in twips (fallback for *Chars indents)."""
        return round(count * self.char_pitch_pt * TWIPS_PER_PT)

    def lines(self, count: float) -> int:
        return round(count * self.line_pitch)


def geometry(style: Style) -> Geometry:
    page = style.page
    width, height = mm(page.width_mm), mm(page.height_mm)
    top, bottom, left, right = mm(page.top_mm), mm(page.bottom_mm), mm(page.left_mm), mm(page.right_mm)
    # floor, not round: 22 × 580 tw overflows the 12756 tw block, 22 × 579 fits (docs/gbt9704.md §3).
    line_pitch = (height - top - bottom) // page.lines
    char_pitch = (width - left - right) / page.chars / TWIPS_PER_PT
    body = style.element("body").size_pt
    # floor again so ``chars`` whole characters fit rather than overflow by a rounding error
    char_space = math.floor((char_pitch - body) * 4096)
    run_spacing = min(0, math.floor((char_pitch - body) * TWIPS_PER_PT))
    number = style.page_number
    # the page-number line's centre sits gap_mm below the text block; its line is size_pt tall
    footer = bottom - mm(number.gap_mm) - round(number.size_pt * TWIPS_PER_PT / 2)
    # the running header's line (one header size tall) is centred header_gap_mm above the text block
    header = top - mm(page.header_gap_mm) - round(page.header_size_pt * TWIPS_PER_PT / 2)
    return Geometry(
        page_width=width,
        page_height=height,
        top=top,
        bottom=bottom,
        left=left,
        right=right,
        line_pitch=line_pitch,
        char_pitch_pt=char_pitch,
        char_space=char_space,
        run_spacing=run_spacing,
        footer=footer,
        header=header,
        body_size_pt=body,
    )
