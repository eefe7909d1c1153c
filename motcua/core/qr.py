"""QR codes for printed slips, as SVG data URIs (no file, no network, sharp at any zoom)."""

from __future__ import annotations

from functools import lru_cache

import segno


@lru_cache(maxsize=256)
def qr_svg_data_uri(text: str, *, scale: int = 4, border: int = 2) -> str:
    """An SVG `data:` URI of a QR code for `text` (error correction level M, UTF-8).

    The result is deterministic, so a slip re-rendered from the same data hashes the same."""
    qr = segno.make(text, error="m", boost_error=False)
    return qr.svg_data_uri(scale=scale, border=border, dark="#000", light="#fff")
