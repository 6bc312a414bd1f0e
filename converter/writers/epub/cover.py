"""A plain cover image: off-white paper, two thin red rules around the title, author and date below.

Drawn with Pillow in the project's own Chinese fonts; PNG without time chunks, so the
bytes are the same on every build.
"""

from __future__ import annotations

import io
from typing import Any

from converter.layout.chars import plain_spaces
from converter.writers.epub.fontfiles import face_for
from converter.writers.epub.settings import Cover

PALETTE_STEPS = 32  # grey levels between ink and paper: smooth edges, small file


def _font(role: str, size: int) -> Any:
    from PIL import ImageFont

    face = face_for(role)
    return ImageFont.truetype(str(face.path), size, index=face.index)


def _fit(role: str, size: int, lines: list[str], width: int) -> Any:
    """The role's font at ``size``, shrunk when the longest line would not fit ``width``."""
    font = _font(role, size)
    widest = max((font.getlength(line) for line in lines), default=0.0)
    if widest > width:
        font = _font(role, max(1, int(size * width / widest)))
    return font


def draw_cover(title_lines: list[str], subtitle: str | None, foot: list[str], cover: Cover) -> bytes:
    """PNG bytes of the cover; ``foot`` holds the author and date lines."""
    from PIL import Image, ImageDraw

    w, h, margin = cover.width_px, cover.height_px, cover.margin_px
    image = Image.new("RGB", (w, h), cover.background)
    draw = ImageDraw.Draw(image)
    text_width = w - 2 * margin

    def rule(y: int) -> None:
        draw.rectangle((margin, y, w - margin, y + cover.rule_px - 1), fill=cover.accent)

    def lines_at(y: int, lines: list[str], font: Any, pitch: int) -> int:
        for line in lines:
            draw.text((w / 2, y), plain_spaces(line), font=font, fill=cover.ink, anchor="mt")
            y += pitch
        return y

    y = int(h * cover.rule_top)
    rule(y)
    title_font = _fit(cover.title_role, cover.title_px, title_lines, text_width)
    title_pitch = int(title_font.size * cover.title_leading)
    y = lines_at(y + title_font.size, title_lines, title_font, title_pitch)
    y += title_font.size - (title_pitch - title_font.size)
    rule(y)
    meta_pitch = int(cover.meta_px * cover.meta_leading)
    if subtitle:
        sub_font = _fit(cover.meta_role, cover.meta_px, [subtitle], text_width)
        lines_at(y + cover.meta_px, [subtitle], sub_font, meta_pitch)
    if foot:
        foot_font = _fit(cover.meta_role, cover.meta_px, foot, text_width)
        lines_at(h - margin - meta_pitch * len(foot), foot, foot_font, meta_pitch)
    out = io.BytesIO()
    image.quantize(palette=_palette(cover), dither=Image.Dither.NONE).save(out, format="PNG")
    return out.getvalue()


def _palette(cover: Cover) -> Any:
    """Ink-to-paper steps (anti-aliased text) plus the accent: a third of the RGB file's size, and faster."""
    from PIL import Image, ImageColor

    paper, ink, accent = (ImageColor.getrgb(c)[:3] for c in (cover.background, cover.ink, cover.accent))
    colours = [
        tuple(round(p + (i - p) * k / (PALETTE_STEPS - 1)) for p, i in zip(paper, ink, strict=True))
        for k in range(PALETTE_STEPS)
    ]
    flat = [v for colour in (*colours, accent) for v in colour]
    palette = Image.new("P", (1, 1))
    palette.putpalette(flat + [0] * (768 - len(flat)))
    return palette
