"""The one PDF renderer: a Django template in, PDF bytes out (WeasyPrint).

Contract:
- Output is plain bytes. Signing is a separate step (`sign_pdf`): the organisation's digital
  signature (Decree 30/2020 Annex I §II.7–8) of the issuing agency, applied by the configured
  signer (`MOTCUA["PDF_SIGNER"]`, motcua.signing: PAdES B-LT, docs/signing.md) without touching
  the templates: `sign_pdf(render_pdf(...), agency=..., verify_url=...)`.
- No network: the base URL is the package directory and the fetcher only serves `data:` URIs
  and files inside the package. Anything else fails the render loudly instead of printing a slip
  with a missing picture.
- Font: Liberation Serif, the metric twin of Times New Roman that Decree 30/2020 prescribes
  (Debian package fonts-liberation2, installed by `make deb-runtime`). It covers the full
  Vietnamese range, so diacritics render without missing glyphs.
- The same input gives the same bytes (no timestamps in the PDF), so a stored slip can be
  compared with a re-render.
- `render_pdf_anchored` also says where each element with an `id` is (`Anchor`: page, border
  box in points from the page's left and top edges), so a signer can place a signature image on a
  spot the template reserved (the organisation's seal on an official document).
- The font configuration and the page stylesheets are built once per process and reused;
  renders are serialised by a lock because Pango/fontconfig state is shared.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.module_loading import import_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, path2url

FONT_FAMILY = '"Liberation Serif", "Times New Roman", "DejaVu Serif", serif'

# Paper name -> (CSS page size, body font size, page margins top right bottom left).
# A4 margins follow Decree 30/2020 Annex I (20/15/20/30 mm); A5 slips scale them down.
PAPERS: dict[str, tuple[str, str, str]] = {
    "A5": ("A5 portrait", "11pt", "10mm 10mm 10mm 13mm"),
    "A5-landscape": ("A5 landscape", "10.5pt", "10mm 10mm 10mm 15mm"),
    "A4": ("A4 portrait", "13pt", "20mm 15mm 20mm 30mm"),
    "A4-landscape": ("A4 landscape", "11pt", "15mm 15mm 15mm 20mm"),
}

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # motcua/

PdfSigner = Callable[..., bytes]

_render_lock = threading.Lock()
_PT_PER_PX = 0.75  # WeasyPrint positions are CSS pixels, 96 per inch; PDF points are 72


@dataclass(frozen=True)
class Anchor:
    """Where an element with an `id` is: page (0 first), its border box in points from the
    page's left and top edges."""

    page: int
    left: float
    top: float
    width: float
    height: float


class LocalOnlyFetcher(URLFetcher):
    """Serves `data:` URIs and files under the package directory; refuses everything else."""

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith("file:"):
            root = path2url(str(PACKAGE_DIR))
            if url.startswith(root) and ".." not in url:
                return super().fetch(url, headers)
        raise FatalURLFetchingError(f"PDF render may not fetch {url!r} (no network, no files).")


@lru_cache(maxsize=1)
def _font_config() -> FontConfiguration:
    return FontConfiguration()


@lru_cache(maxsize=len(PAPERS))
def _page_stylesheet(paper: str) -> CSS:
    size, font_size, margin = PAPERS[paper]
    return CSS(
        string=(
            f"@page {{ size: {size}; margin: {margin}; }}\n"
            f"html {{ font-family: {FONT_FAMILY}; font-size: {font_size}; line-height: 1.3; }}\n"
        ),
        font_config=_font_config(),
    )


def html_to_pdf_anchored(html: str, *, paper: str = "A4") -> tuple[bytes, dict[str, Anchor]]:
    """Render an HTML string to PDF bytes on the given paper (a key of `PAPERS`), with the
    position of every element that has an `id`."""
    if paper not in PAPERS:
        raise ValueError(f"Unknown paper {paper!r}; expected one of {sorted(PAPERS)}.")
    document = HTML(
        string=html,
        base_url=path2url(str(PACKAGE_DIR)),
        url_fetcher=LocalOnlyFetcher(),
    )
    with _render_lock:
        rendered = document.render(
            stylesheets=[_page_stylesheet(paper)], font_config=_font_config()
        )
        pdf = rendered.write_pdf(uncompressed_pdf=False)
    assert pdf is not None
    anchors = {
        name: Anchor(index, *(v * _PT_PER_PX for v in (x1, y1, x2 - x1, y2 - y1)))
        for index, page in enumerate(rendered.pages)
        for name, (x1, y1, x2, y2) in page.anchors.items()
    }
    return pdf, anchors


def html_to_pdf(html: str, *, paper: str = "A4") -> bytes:
    """Render an HTML string to PDF bytes on the given paper (a key of `PAPERS`)."""
    return html_to_pdf_anchored(html, paper=paper)[0]


def render_pdf(template_name: str, context: dict[str, Any], *, paper: str = "A4") -> bytes:
    """Render `template_name` with `context` (plus `paper`) to PDF bytes. Unsigned."""
    html = render_to_string(template_name, {**context, "paper": paper})
    return html_to_pdf(html, paper=paper)


def render_pdf_anchored(
    template_name: str, context: dict[str, Any], *, paper: str = "A4"
) -> tuple[bytes, dict[str, Anchor]]:
    """`render_pdf`, with the positions of the template's elements that have an `id`."""
    html = render_to_string(template_name, {**context, "paper": paper})
    return html_to_pdf_anchored(html, paper=paper)


def get_signer() -> PdfSigner | None:
    """The configured signer: `settings.MOTCUA["PDF_SIGNER"]`, a dotted path to a callable
    taking PDF bytes (and the keywords `agency`, `verify_url`) and returning PDF bytes. None
    means documents are issued unsigned."""
    path = getattr(settings, "MOTCUA", {}).get("PDF_SIGNER")
    return import_string(path) if path else None


def sign_pdf(
    pdf: bytes, *, signer: PdfSigner | None = None, agency: Any = None, verify_url: str = ""
) -> bytes:
    """Apply the digital signature of `agency` (the issuing agency), if a signer is configured.
    `verify_url` is where the seal's QR code leads. Without an agency the signer gets the bytes
    alone (and motcua.signing returns them unsigned)."""
    signer = signer or get_signer()
    if signer is None:
        return pdf
    if agency is None and not verify_url:
        return signer(pdf)
    return signer(pdf, agency=agency, verify_url=verify_url)
