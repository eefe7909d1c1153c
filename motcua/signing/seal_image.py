"""The image of an organisation's signature on a document the platform lays out: a round red
seal (Decree 30/2020/NĐ-CP Annex I §II.8: the organisation's signature image is its red seal, in
its real size, a PNG with a transparent background).

Contract:
- `seal_image(name)` draws the seal of the body called `name`: two red rings, the name in
  capitals along them (from the bottom left, clockwise over the top), a five-pointed star in the
  middle; transparent outside the ink. Pillow (pyHanko's image-support extra) with Liberation
  Sans Bold (Debian fonts-liberation2, installed by `make deb-runtime`).
- The same name gives the same pixels, so the image is cached per name.

Assumption [U]: the platform holds no picture of a body's real seal (nobody has supplied one),
so it draws this one from the name. A real seal carries the national emblem in the middle; the
star stands for it.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf")
RED = (218, 30, 40, 255)
SIZE = 600  # pixels across; printed at 32 mm this is about 475 dpi
_ARC = 0.82  # share of the ring the name may cover, the rest a gap at the bottom


def _ring(draw: ImageDraw.ImageDraw, radius: float, width: int) -> None:
    c = SIZE / 2
    draw.ellipse((c - radius, c - radius, c + radius, c + radius), outline=RED, width=width)


def _star(draw: ImageDraw.ImageDraw, radius: float) -> None:
    c = SIZE / 2
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.382
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((c + r * math.cos(angle), c + r * math.sin(angle)))
    draw.polygon(points, fill=RED)


def _font_fitting(text: str, radius: float) -> ImageFont.FreeTypeFont:
    """The largest size (at most 11% of the seal) at which `text` covers `_ARC` of the circle."""
    size = int(SIZE * 0.11)
    while True:
        font = ImageFont.truetype(str(FONT), size)
        if size <= 8 or font.getlength(text) <= 2 * math.pi * radius * _ARC:
            return font
        size -= 1


def _text_on_circle(image: Image.Image, text: str, radius: float) -> None:
    """`text` upright along the circle of `radius`, centred on its top, each glyph rotated."""
    font = _font_fitting(text, radius)
    spacing = font.size * 0.08
    widths = [font.getlength(ch) + spacing for ch in text]
    total = sum(widths)
    angle = -math.pi / 2 - total / radius / 2  # the first glyph's start, left of the top
    cell = int(font.size * 2)
    c = SIZE / 2
    for ch, width in zip(text, widths, strict=True):
        middle = angle + width / radius / 2
        glyph = Image.new("RGBA", (cell, cell), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((cell / 2, cell / 2), ch, font=font, fill=RED, anchor="mm")
        turn = -math.degrees(middle + math.pi / 2)
        turned = glyph.rotate(turn, resample=Image.Resampling.BICUBIC)
        x, y = c + radius * math.cos(middle), c + radius * math.sin(middle)
        image.alpha_composite(turned, (round(x - cell / 2), round(y - cell / 2)))
        angle += width / radius


@lru_cache(maxsize=64)
def seal_image(name: str) -> Image.Image:
    """The seal of the body called `name` (see the module contract)."""
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    outer = SIZE / 2 - 6
    _ring(draw, outer, width=14)
    _ring(draw, outer * 0.66, width=5)
    _text_on_circle(image, " ".join(name.upper().split()), outer * 0.83)
    _star(draw, outer * 0.36)
    return image
