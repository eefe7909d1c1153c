"""The issuing body's seal on an issued document: the signature widget sits on the signer's page
over the left third of the spot the template reserved, its appearance is the red seal image,
and the signature still verifies (Decree 30/2020 Annex I §II.8)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from pypdf import PdfReader

from motcua.core.pdf import Anchor
from motcua.documents.rendering import SIGN_SPOT, render_document
from motcua.documents.services_outgoing import document_issue
from motcua.signing.seal_image import RED, SIZE, seal_image
from motcua.signing.services.signer import SEAL_DIAMETER, seal_box_over
from motcua.signing.verify import verify_pdf
from tests.documents.conftest import City, approved

pytestmark = [pytest.mark.django_db]


def _widget(pdf: bytes) -> tuple[int, list[float], Any]:
    """(page index, /Rect, the normal appearance stream) of the only signature widget."""
    reader = PdfReader(io.BytesIO(pdf))
    found = []
    for index, page in enumerate(reader.pages):
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/FT") == "/Sig" or annot.get("/Parent", {}).get("/FT") == "/Sig":
                found.append((index, [float(v) for v in annot["/Rect"]], annot["/AP"]["/N"]))
    assert len(found) == 1, found
    return found[0]


def _images(stream: Any) -> list[Any]:
    """The image XObjects an appearance stream draws, through its form XObjects."""
    images = []
    resources = stream.get_object().get("/Resources") or {}
    for ref in (resources.get("/XObject") or {}).values():
        xobject = ref.get_object()
        if xobject["/Subtype"] == "/Image":
            images.append(xobject)
        else:
            images.extend(_images(xobject))
    return images


def test_the_seal_overlaps_the_left_third_of_the_signers_spot(signing_pki: City) -> None:
    c = signing_pki
    doc = document_issue(actor=c.u("clerk"), document=approved(c, signer_name="Nguyễn Văn An"))
    pdf = doc.pdf.read()
    unsigned, spot = render_document(doc, day=doc.document_date)
    assert spot.name == "ỦY BAN NHÂN DÂN PHƯỜNG BẾN THÀNH"

    page, rect, appearance = _widget(pdf)
    height = float(PdfReader(io.BytesIO(unsigned)).pages[spot.at.page].mediabox.height)
    assert page == spot.at.page
    x0, y0, x1, y1 = rect
    assert x1 - x0 == pytest.approx(SEAL_DIAMETER, abs=1)
    assert y1 - y0 == pytest.approx(SEAL_DIAMETER, abs=1)
    # the seal's right edge is a third of the way into the spot, its middle level with the spot's
    spot_left, spot_bottom = spot.at.left, height - spot.at.top - spot.at.height
    assert x1 == pytest.approx(spot_left + spot.at.width / 3, abs=1)
    assert (y0 + y1) / 2 == pytest.approx(spot_bottom + spot.at.height / 2, abs=1)
    assert x0 < spot_left < x1  # it overlaps the spot's left edge, as a seal over a signature

    images = _images(appearance)
    assert images
    assert int(images[0]["/Width"]) == SIZE
    report = verify_pdf(pdf)
    assert report.valid, report.reason_code


def test_the_spot_is_where_the_signer_block_is(town: City, clock: Any) -> None:
    doc = approved(town, signer_name="Nguyễn Văn An")
    _pdf, spot = render_document(doc, day=date(2026, 2, 5))
    at = spot.at
    assert at.page == 0
    # 40 × 24 mm, in the right-hand half of an A4 page, below the middle
    assert at.width == pytest.approx(40 * 72 / 25.4, abs=0.5)
    assert at.height == pytest.approx(24 * 72 / 25.4, abs=0.5)
    assert at.left > 595 / 2
    assert at.top > 842 / 3
    assert SIGN_SPOT == "cho-ky"


def test_seal_box_over_is_computed_from_the_spot() -> None:
    spot = Anchor(page=1, left=300, top=500, width=120, height=60)
    x0, y0, x1, y1 = seal_box_over(spot, page_height=842)
    assert x1 == 340
    assert x1 - x0 == pytest.approx(SEAL_DIAMETER)
    assert (y0 + y1) / 2 == 842 - 530


def test_the_seal_image_is_red_ink_on_a_transparent_ground() -> None:
    image = seal_image("ỦY BAN NHÂN DÂN PHƯỜNG BẾN THÀNH")
    assert image.size == (SIZE, SIZE)
    assert image.mode == "RGBA"
    assert image.getpixel((2, 2))[3] == 0  # a corner, outside the ring
    assert image.getpixel((SIZE // 2, SIZE // 2)) == RED  # the star's centre
    assert image.getpixel((SIZE // 2, 12)) == RED  # on the outer ring
    raw = image.tobytes()
    solid = [raw[i : i + 4] for i in range(0, len(raw), 4) if raw[i + 3] == 255]
    assert len(solid) > SIZE * SIZE // 20  # real ink, not a faint mark
    assert all(p[0] > 150 and p[1] < 100 and p[2] < 100 for p in solid)
    # the name is drawn: another name gives other pixels
    assert image.tobytes() != seal_image("SỞ TƯ PHÁP").tobytes()
