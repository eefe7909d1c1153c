"""A rendered PDF signed PAdES B-LT with an agency's credential: pyHanko's own validator and
the platform's verification both accept it, and refuse it once changed."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from motcua.core.pdf import html_to_pdf, sign_pdf
from motcua.signing.selectors import current_crls, trust_roots
from motcua.signing.verify import verify_pdf

pytestmark = [pytest.mark.django_db]


def rendered() -> bytes:
    return html_to_pdf("<h1>Giấy chứng nhận</h1><p>Kết quả giải quyết thủ tục.</p>", paper="A4")


def signed(world: Any) -> bytes:
    return sign_pdf(rendered(), agency=world.ward, verify_url="http://testserver/xac-thuc/KQ1/")


def test_pyhanko_validates_the_signature_timestamp_and_embedded_validation_data(pki: Any) -> None:
    pdf = signed(pki)
    sig = PdfFileReader(BytesIO(pdf)).embedded_signatures[0]
    context = ValidationContext(trust_roots=trust_roots(), crls=current_crls(), allow_fetching=False)
    status = validate_pdf_signature(sig, context, ts_validation_context=context)
    assert status.bottom_line, status.pretty_print_details()
    assert status.timestamp_validity is not None and status.timestamp_validity.trusted
    assert "/DSS" in PdfFileReader(BytesIO(pdf)).root  # B-LT: validation data embedded


def test_the_platform_reports_valid_with_signer_and_timestamp(pki: Any) -> None:
    report = verify_pdf(signed(pki))
    assert (report.valid, report.reason_code, report.certificate_status) == (True, "ok", "good")
    assert report.signer == pki.ward.name
    assert report.tsa == "Một Cửa Demo TSA"
    assert report.timestamp_at is not None
