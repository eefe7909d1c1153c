"""The font of the visible seal: Liberation Serif (the metric twin of Times New Roman, Decree
30/2020/NĐ-CP Annex I §II.8; Debian package fonts-liberation2, which `make deb-runtime` installs
and which covers the Vietnamese range), rescaled to 1,000 units per em.

Why rescaled: pyHanko's glyph accumulator writes the font's glyph widths (`/W`) and its `TJ`
adjustments in the font's own units, while a PDF reads both in thousandths of an em. Liberation
Serif has 2,048 units per em, so a viewer drew every glyph twice as wide as it is and cut the
seal's lines short. At 1,000 units per em the two scales agree. The rescaled font is built once
per process (about 0.3 s) and kept in memory."""

from __future__ import annotations

from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Any

from fontTools.ttLib import TTFont
from fontTools.ttLib.scaleUpem import scale_upem
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory

FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
UNITS_PER_EM = 1000


@lru_cache(maxsize=1)
def font_bytes(path: Path = FONT) -> bytes:
    """`path` at 1,000 units per em, as TrueType bytes."""
    font = TTFont(str(path))
    if font["head"].unitsPerEm != UNITS_PER_EM:
        scale_upem(font, UNITS_PER_EM)
    out = BytesIO()
    font.save(out)
    return out.getvalue()


class SealFontFactory(GlyphAccumulatorFactory):
    """A GlyphAccumulatorFactory reading the rescaled font from memory instead of a file."""

    def __init__(self, font_size: int = 10) -> None:
        super().__init__(font_file=str(FONT), font_size=font_size)

    def create_font_engine(self, writer: Any, obj_stream: Any = None) -> GlyphAccumulator:
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return GlyphAccumulator(
            writer=writer,
            font_handle=BytesIO(font_bytes()),
            font_size=self.font_size,
            obj_stream=obj_stream,
        )
