"""The e-result: `result_record` signs a PDF result with the receiving agency's credential,
stores the signed bytes with a result code, and the public page and API verify it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from motcua.core.models import AuditEvent
from motcua.core.pdf import html_to_pdf
from motcua.dossiers.models import AttachmentPurpose, Dossier
from motcua.dossiers.services import results
from motcua.signing.models import PageCount, ResultCode
from tests.dossiers.test_lifecycle_edges import counter, do

pytestmark = [pytest.mark.django_db]


def record_result(world: Any) -> tuple[Dossier, ResultCode, bytes]:
    code = counter(world)
    do(world, code, "review")
    do(world, code, "sign")
    pdf = html_to_pdf("<h1>Giấy phép</h1><p>Số 7/GP</p>", paper="A4")
    upload = SimpleUploadedFile("ket-qua.pdf", pdf, content_type="application/pdf")
    results.result_record(
        actor=world.u("signer"), code=code, summary="Giấy phép số 7", document=upload
    )
    dossier = Dossier.objects.get(code=code)
    attachment = dossier.attachments.get(purpose=AttachmentPurpose.RESULT)
    with attachment.file.open("rb") as handle:
        stored = handle.read()
    return dossier, ResultCode.objects.get(attachment=attachment), stored


def test_the_stored_result_is_the_signed_one_with_its_code_and_hash(pki: Any) -> None:
    dossier, row, stored = record_result(pki)
    assert row.signed
    assert row.dossier == dossier
    assert row.agency == dossier.receiving_agency
    assert row.sha256 == row.attachment.sha256 == __import__("hashlib").sha256(stored).hexdigest()
    assert b"/ByteRange" in stored
    assert row.code.startswith("KQ")
    assert len(row.code) == 12
    event = AuditEvent.objects.filter(stream_id=dossier.code, kind="dossier.result_recorded").get()
    assert (event.payload["result_code"], event.payload["sha256"]) == (row.code, row.sha256)


def test_the_qr_page_verifies_the_stored_copy_and_matches_an_upload(pki: Any) -> None:
    _dossier, row, stored = record_result(pki)
    client = Client()
    page = client.get(f"/xac-thuc/{row.code}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="stored-verdict"' in html
    assert 'data-valid="true"' in html
    upload = SimpleUploadedFile("ban-sao.pdf", stored, content_type="application/pdf")
    matched = client.post(f"/xac-thuc/{row.code}/", {"file": upload}).content.decode()
    assert "Trùng khớp với bản lưu" in matched
    other = html_to_pdf("<p>khác</p>")
    upload = SimpleUploadedFile("khac.pdf", other, content_type="application/pdf")
    mismatch = client.post(f"/xac-thuc/{row.code}/", {"file": upload}).content.decode()
    assert "Không trùng khớp" in mismatch
    assert "Tệp không có chữ ký số nào." in mismatch
    assert client.get("/xac-thuc/KQNOPE/").status_code == 404


def test_the_api_reports_valid_then_modified(pki: Any) -> None:
    _dossier, row, stored = record_result(pki)
    client = Client()
    ok = client.post("/api/v1/verify", {"file": SimpleUploadedFile("a.pdf", stored)}).json()
    assert (ok["valid"], ok["certificate_status"], ok["result_code"], ok["record_match"]) == (
        True,
        "good",
        row.code,
        True,
    )
    at = stored.index(b"stream") + 40
    tampered = stored[:at] + bytes([stored[at] ^ 1]) + stored[at + 1 :]
    bad = client.post("/api/v1/verify", {"file": SimpleUploadedFile("b.pdf", tampered)}).json()
    assert (bad["valid"], bad["reason_code"], bad["record_match"]) == (False, "modified", None)
    assert "sửa đổi sau khi ký" in bad["reason"]


def test_the_api_refuses_a_file_over_the_limit_and_stores_nothing(pki: Any, settings: Any) -> None:
    settings.MOTCUA = {
        **settings.MOTCUA,
        "SIGNING": {**settings.MOTCUA["SIGNING"], "VERIFY_MAX_BYTES": 100},
    }
    response = Client().post(
        "/api/v1/verify", {"file": SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 200)}
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "file_too_large"


def test_scanned_components_get_their_page_count(pki: Any) -> None:
    from motcua.dossiers.services.attachments import attachment_add
    from motcua.signing.services.results import page_counts_record

    dossier = Dossier.objects.get(code=counter(pki))
    three = html_to_pdf(
        "<p>1</p><p style='page-break-before: always'>2</p>"
        "<p style='page-break-before: always'>3</p>"
    )
    attachment = attachment_add(
        actor=pki.u("reception"),
        dossier=dossier,
        upload=SimpleUploadedFile("scan.pdf", three),
    )
    assert page_counts_record(dossier=dossier) == 3
    assert PageCount.objects.get(attachment=attachment).pages == 3
    assert page_counts_record(dossier=dossier) == 3  # idempotent


def test_the_qr_page_reuses_its_report_until_a_revocation(pki: Any, clock: Any) -> None:
    from datetime import timedelta
    from unittest import mock

    from motcua.signing import verify
    from motcua.signing.models import CredentialKind
    from motcua.signing.selectors import active_credential
    from motcua.signing.services.credentials import credential_revoke
    from tests.dossiers.conftest import _user

    _dossier, row, _stored = record_result(pki)
    client = Client()
    with mock.patch.object(verify, "verify_pdf", wraps=verify.verify_pdf) as spy:
        for _ in range(3):
            assert 'data-valid="true"' in client.get(f"/xac-thuc/{row.code}/").content.decode()
        assert spy.call_count == 1  # one validation for three visits
        credential = active_credential(kind=CredentialKind.AGENCY, agency_id=pki.ward.pk)
        assert credential is not None
        clock.shift(timedelta(hours=1))
        admin = _user("ward-admin", pki.ward, ["agency_admin"])
        credential_revoke(actor=admin, credential_id=credential.pk, reason="key_compromise")
        page = client.get(f"/xac-thuc/{row.code}/").content.decode()
        assert spy.call_count == 2  # the revocation is seen at once
    assert 'data-valid="false"' in page
