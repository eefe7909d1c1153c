"""A rendered PDF signed PAdES B-LT with an agency's credential: pyHanko's own validator and
the platform's verification both accept it, and refuse it once changed."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from cryptography.hazmat.primitives.serialization import Encoding
from django.utils import timezone
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from motcua.core.pdf import html_to_pdf, sign_pdf
from motcua.signing import pki as x509pki
from motcua.signing.models import CertificateAuthority, SigningCredential
from motcua.signing.selectors import current_crls, trust_roots
from motcua.signing.services.credentials import issue_credential
from motcua.signing.verify import verify_pdf

pytestmark = [pytest.mark.django_db]
DER = Encoding.DER


def rendered() -> bytes:
    return html_to_pdf("<h1>Giấy chứng nhận</h1><p>Kết quả giải quyết thủ tục.</p>", paper="A4")


def signed(world: Any) -> bytes:
    return sign_pdf(rendered(), agency=world.ward, verify_url="http://testserver/xac-thuc/KQ1/")


def test_pyhanko_validates_the_signature_timestamp_and_embedded_validation_data(pki: Any) -> None:
    pdf = signed(pki)
    sig = PdfFileReader(BytesIO(pdf)).embedded_signatures[0]
    context = ValidationContext(
        trust_roots=trust_roots(), crls=current_crls(), allow_fetching=False
    )
    status = validate_pdf_signature(sig, context, ts_validation_context=context)
    assert status.bottom_line, status.pretty_print_details()
    assert status.timestamp_validity is not None
    assert status.timestamp_validity.trusted
    assert "/DSS" in PdfFileReader(BytesIO(pdf)).root  # B-LT: validation data embedded


def test_the_platform_reports_valid_with_signer_and_timestamp(pki: Any) -> None:
    report = verify_pdf(signed(pki))
    assert (report.valid, report.reason_code, report.certificate_status) == (True, "ok", "good")
    assert report.signer == pki.ward.name
    assert report.tsa == "Một Cửa Demo TSA"
    assert report.timestamp_at is not None


def _pyhanko_ok(pdf: bytes) -> bool:
    context = ValidationContext(
        trust_roots=trust_roots(), crls=current_crls(), allow_fetching=False
    )
    sig = PdfFileReader(BytesIO(pdf), strict=False).embedded_signatures[-1]
    status = validate_pdf_signature(sig, context, ts_validation_context=context)
    return (
        status.bottom_line
        and status.modification_level is not None
        and (status.modification_level.value <= 1)
    )


def test_a_byte_changed_after_signing_fails(pki: Any) -> None:
    pdf = signed(pki)
    at = pdf.index(b"stream") + 40  # inside the first page stream, which the signature covers
    tampered = pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1 :]
    report = verify_pdf(tampered)
    assert (report.valid, report.reason_code) == (False, "modified")
    assert not _pyhanko_ok(tampered)
    assert _pyhanko_ok(pdf)


def test_an_incremental_update_that_changes_content_fails(pki: Any) -> None:
    from pyhanko.pdf_utils.content import RawContent
    from pyhanko.pdf_utils.layout import BoxConstraints

    pdf = signed(pki)
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    stream = RawContent(b"0 0 1 rg 10 10 100 30 re f", box=BoxConstraints(200, 50))
    writer.add_stream_to_page(0, writer.add_object(stream.as_form_xobject()))
    out = BytesIO()
    writer.write(out)
    changed = out.getvalue()
    report = verify_pdf(changed)
    assert (report.valid, report.reason_code) == (False, "modified")
    assert not _pyhanko_ok(changed)


def test_a_pdf_signed_by_an_unknown_ca_fails(pki: Any) -> None:
    # a CA registered for signing but not chained to a trusted root, then forgotten entirely
    key = x509pki.new_key()
    now = timezone.now()
    root = x509pki.ca_certificate(
        subject=x509pki.name("Stranger Root"), key=key, issuer=None, now=now, days=30
    )
    stranger = x509pki.Issuer(cert=root, key=key)
    ca = CertificateAuthority.objects.create(
        slug="stranger", name="Stranger", trusted=False, cert_der=root.public_bytes(DER)
    )
    credential = issue_credential(
        kind="agency",
        agency=None,
        ca=ca,
        issuer=stranger,
        crl_url="http://x.invalid/c.crl",
        common_name="Mạo danh",
        organisation="Mạo danh",
    )
    # pyHanko refuses to embed validation data for a chain it cannot check: plain PAdES B-B
    from pyhanko.sign import signers as pyhanko_signers

    from motcua.signing.services.signer import _signer

    meta = pyhanko_signers.PdfSignatureMetadata(field_name="Stranger")
    pdf = pyhanko_signers.sign_pdf(
        IncrementalPdfFileWriter(BytesIO(rendered())), meta, signer=_signer(credential)
    ).getvalue()
    SigningCredential.objects.filter(pk=credential.pk).delete()
    ca.delete()
    report = verify_pdf(pdf)
    assert (report.valid, report.reason_code, report.certificate_status) == (
        False,
        "unknown_ca",
        "unknown",
    )
    assert not _pyhanko_ok(pdf)


def test_a_revoked_certificate_fails_after_revocation(pki: Any, clock: Any) -> None:
    from datetime import timedelta

    from motcua.signing.models import CredentialKind
    from motcua.signing.selectors import active_credential
    from motcua.signing.services.credentials import credential_revoke
    from tests.dossiers.conftest import _user

    pdf = signed(pki)
    assert verify_pdf(pdf).valid
    admin = _user("ward-admin", pki.ward, ["agency_admin"])
    credential = active_credential(kind=CredentialKind.AGENCY, agency_id=pki.ward.pk)
    assert credential is not None
    clock.shift(timedelta(hours=1))
    credential_revoke(actor=admin, credential_id=credential.pk, reason="key_compromise")
    report = verify_pdf(pdf)
    assert (report.valid, report.reason_code, report.certificate_status) == (
        False,
        "revoked",
        "revoked",
    )
    assert not _pyhanko_ok(pdf)
    # and the agency signs nothing more with it
    assert sign_pdf(rendered(), agency=pki.ward, verify_url="http://t/") == rendered()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"MZ\x90\x00 not a pdf", "not_pdf"),
        (b"%PDF-1.7\n\x00\x01 garbage", "malformed"),
    ],
)
def test_bad_files_are_reported_not_raised(pki: Any, data: bytes, reason: str) -> None:
    assert verify_pdf(data).reason_code == reason


def test_an_unsigned_pdf_has_no_signature(pki: Any) -> None:
    assert verify_pdf(rendered()).reason_code == "no_signature"
