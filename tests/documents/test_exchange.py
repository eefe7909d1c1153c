"""edXML exchange between platforms: export → import of every mapped field, the refusals
(tampered, secret, untrusted seal, another agency's seal) with nothing written, and the
endpoint over HTTP (pytest-django's live server). Two separate instances: test_two_instances.py."""

from __future__ import annotations

import dataclasses
import hashlib
import urllib.error
import urllib.request
from datetime import date, timedelta
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from motcua.accounts.models import Role
from motcua.core.errors import DomainError, PermissionDenied
from motcua.core.models import AuditEvent
from motcua.documents import edxml
from motcua.documents.exchange import (
    credential_of,
    envelope_of,
    export_envelope,
    import_envelope,
)
from motcua.documents.exchange_map import envelope_fields
from motcua.documents.exchange_status import status_message_of
from motcua.documents.models import EdxmlReceipt, IncomingDocument, NumberCounter
from motcua.documents.selectors import incoming_pending
from motcua.documents.services_incoming import incoming_receive
from motcua.documents.services_outgoing import document_issue, document_recall
from motcua.signing.models import CredentialKind
from motcua.signing.selectors import active_credential, load_cert
from motcua.signing.services.credentials import credential_revoke
from tests.documents.conftest import T0, City, _official, approved

pytestmark = [pytest.mark.django_db]

SUBJECT = "Về việc thành lập Tổ công tác chuyển đổi số"


def _issued(c: City, **overrides: Any) -> Any:
    fields = {
        "urgency": "thuong_khan",
        "signer_name": "Nguyễn Văn An",
        **overrides,
    }
    return document_issue(actor=c.u("clerk"), document=approved(c, **fields))


def _anyone(_certificate: x509.Certificate) -> bool:
    return True


def _nothing_written(c: City) -> None:
    assert not IncomingDocument.objects.exists()
    assert not EdxmlReceipt.objects.exists()
    assert not NumberCounter.objects.filter(agency=c.dept, series="incoming").exists()


def test_export_then_import_carries_every_field(signing_pki: City) -> None:
    c = signing_pki
    source = _issued(c)
    pdf = source.pdf.read()

    package = export_envelope(actor=c.u("clerk"), document=source)

    envelope = edxml.parse(package, trusted=_anyone)
    assert envelope.from_organ == edxml.Organ(c.ward.code, c.city.name, c.ward.name)
    assert [o.organ_id for o in envelope.to_organs] == [c.dept.code]
    assert (envelope.code_number, envelope.code_notation) == ("01", "QĐ-UBND")
    assert envelope.promulgation_date == date(2026, 2, 5)
    assert (envelope.doc_type, envelope.type_name) == (2, "Quyết định")
    assert envelope.subject == SUBJECT
    assert envelope.place == "Thành phố Hồ Chí Minh"
    assert envelope.signer_competence == "KT. Chủ tịch"
    assert (envelope.signer_position, envelope.signer_full_name) == (
        "Phó Chủ tịch",
        "Nguyễn Văn An",
    )
    assert envelope.priority == 2
    assert envelope.to_places == [c.dept.name, "Văn phòng UBND Thành phố"]
    assert [a.data for a in envelope.attachments] == [pdf]
    assert envelope.document_id == envelope_of(source).document_id  # stable per document
    exported = AuditEvent.objects.get(kind="document.exported")
    assert exported.payload["sha256"] == hashlib.sha256(package).hexdigest()

    incoming = import_envelope(data=package, receiving_agency=c.dept)

    incoming.refresh_from_db()
    assert (incoming.agency, incoming.incoming_number, incoming.year) == (c.dept, 1, 2026)
    assert incoming.number_symbol == source.symbol == "01/QĐ-UBND"
    assert incoming.document_date == source.document_date
    assert (incoming.doc_type, incoming.subject) == ("quyet_dinh", SUBJECT)
    assert incoming.urgency == "thuong_khan"
    assert (incoming.sender_agency, incoming.sender_name) == (c.ward, c.ward.name)
    assert incoming.source == source  # sealed here: linked to the issued document
    assert incoming.pdf.read() == pdf
    assert incoming.pdf_sha256 == source.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    assert incoming.received_at == incoming.acknowledged_at == T0
    assert incoming.status == "received"
    assert str(incoming.edxml.document_id) == envelope.document_id
    imported = AuditEvent.objects.get(kind="document.imported")
    assert imported.payload["incoming_number"] == 1
    assert imported.stream_id == str(incoming.pk)

    with pytest.raises(DomainError) as err:  # the same package again
        import_envelope(data=package, receiving_agency=c.dept)
    assert err.value.code == "already_received"
    assert IncomingDocument.objects.count() == 1
    assert NumberCounter.objects.get(agency=c.dept, series="incoming").last == 1

    status = edxml.parse_status(status_message_of(incoming), trusted=_anyone)
    assert (status.status_code, status.document_id) == ("02", envelope.document_id)
    assert (status.from_organ.organ_id, status.to_organ.organ_id) == (c.dept.code, c.ward.code)
    assert status.description == "Đã tiếp nhận, số đến 1/2026."
    assert status.time == T0


def test_a_tampered_package_is_refused(signing_pki: City) -> None:
    c = signing_pki
    package = export_envelope(actor=c.u("clerk"), document=_issued(c))
    at = package.index("Tổ công tác".encode())
    tampered = package[:at] + b"X" + package[at + 1 :]  # one byte of the subject
    assert len(tampered) == len(package)
    assert tampered != package
    with pytest.raises(DomainError) as err:
        import_envelope(data=tampered, receiving_agency=c.dept)
    assert err.value.code == "edxml.signature"
    _nothing_written(c)


def test_a_secret_document_is_never_exported(signing_pki: City) -> None:
    c = signing_pki
    source = _issued(c, secrecy="mat")
    with pytest.raises(DomainError) as err:
        export_envelope(actor=c.u("clerk"), document=source)
    assert err.value.code == "secret_not_electronic"
    assert not AuditEvent.objects.filter(kind="document.exported").exists()


def test_only_the_issuing_clerk_exports(signing_pki: City) -> None:
    c = signing_pki
    with pytest.raises(PermissionDenied):
        export_envelope(actor=c.u("dept_clerk"), document=_issued(c))


def _self_signed(common_name: str) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(T0 - timedelta(days=1))
        .not_valid_after(T0 + timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    return key, certificate


def test_a_package_sealed_by_an_untrusted_key_is_refused(signing_pki: City) -> None:
    c = signing_pki
    envelope = envelope_of(_issued(c))
    key, certificate = _self_signed(c.ward.name)  # the right name, not from a trusted CA
    package = edxml.build(envelope, key=key, certificate=certificate)
    with pytest.raises(DomainError) as err:
        import_envelope(data=package, receiving_agency=c.dept)
    assert err.value.code == "edxml.untrusted"
    _nothing_written(c)


def test_a_package_sealed_by_another_agency_is_refused(signing_pki: City) -> None:
    c = signing_pki
    envelope = envelope_of(_issued(c))
    credential = active_credential(kind=CredentialKind.AGENCY, agency_id=c.dept.pk)
    assert credential is not None
    from motcua.signing import keystore

    key = keystore.unseal(credential.key_encrypted)
    assert isinstance(key, rsa.RSAPrivateKey)
    package = edxml.build(envelope, key=key, certificate=load_cert(credential.cert_der))
    with pytest.raises(DomainError) as err:
        import_envelope(data=package, receiving_agency=c.dept)
    assert err.value.code == "sender_mismatch"
    _nothing_written(c)


def test_a_receiver_not_addressed_is_refused(signing_pki: City) -> None:
    c = signing_pki
    package = export_envelope(actor=c.u("clerk"), document=_issued(c))
    with pytest.raises(DomainError) as err:
        import_envelope(data=package, receiving_agency=c.division)
    assert err.value.code == "not_a_recipient"
    _nothing_written(c)


def _post(url: str, body: bytes | None, method: str = "POST") -> tuple[int, bytes, str]:
    request = urllib.request.Request(
        url, data=body, method=method, headers={"Content-Type": "application/xml"}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read(), response.headers["Content-Type"]
    except urllib.error.HTTPError as e:
        return e.code, e.read(), e.headers["Content-Type"]


@pytest.mark.django_db(transaction=True)
def test_package_over_http_and_a_resend_answered_once(signing_pki: City, live_server: Any) -> None:
    c = signing_pki
    package = export_envelope(actor=c.u("clerk"), document=_issued(c))
    url = f"{live_server.url}/lien-thong/edxml/?co_quan={c.dept.code}"

    status, body, content_type = _post(url, package)

    assert (status, content_type) == (201, "application/xml")
    message = edxml.parse_status(body, trusted=_anyone)
    incoming = IncomingDocument.objects.get(agency=c.dept)
    assert message.status_code == "02"
    assert message.document_id == str(incoming.edxml.document_id)
    assert message.from_organ.organ_id == c.dept.code
    assert (incoming.incoming_number, incoming.number_symbol) == (1, "01/QĐ-UBND")

    # a sender that lost the answer sends again: the same status, nothing registered twice
    again, second, again_type = _post(url, package)
    assert (again, again_type) == (200, "application/xml")
    repeated = edxml.parse_status(second, trusted=_anyone)
    assert (repeated.status_code, repeated.document_id) == ("02", message.document_id)

    refused, _body, _type = _post(url, None, method="GET")
    assert refused == 405
    assert IncomingDocument.objects.count() == 1


def test_http_refuses_a_broken_package(signing_pki: City, client: Any) -> None:
    response = client.post(
        f"/lien-thong/edxml/?co_quan={signing_pki.dept.code}",
        data=b"<not-edxml/>",
        content_type="application/xml",
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "edxml.malformed"
    assert not IncomingDocument.objects.exists()


def test_a_receiver_without_a_credential_answers_503_and_keeps_nothing(
    signing_pki: City, client: Any
) -> None:
    c = signing_pki
    package = export_envelope(actor=c.u("clerk"), document=_issued(c))
    credential = active_credential(kind=CredentialKind.AGENCY, agency_id=c.dept.pk)
    assert credential is not None
    admin = _official("dept_admin", c.dept, [Role.AGENCY_ADMIN])
    credential_revoke(actor=admin, credential_id=credential.pk, reason="key_compromise")

    response = client.post(
        f"/lien-thong/edxml/?co_quan={c.dept.code}", data=package, content_type="application/xml"
    )

    assert response.status_code == 503  # the sender's outbox tries again later
    assert response["Retry-After"] == "3600"
    assert response.json()["error"]["code"] == "no_credential"
    _nothing_written(c)


def test_a_package_of_a_recalled_document_is_refused(signing_pki: City) -> None:
    c = signing_pki
    source = _issued(c)
    package = export_envelope(actor=c.u("clerk"), document=source)
    document_recall(actor=c.u("leader"), document=source, reason="Ban hành nhầm")
    with pytest.raises(DomainError) as err:
        import_envelope(data=package, receiving_agency=c.dept)
    assert err.value.code == "recalled"
    assert "Ban hành nhầm" in err.value.message
    _nothing_written(c)


def test_a_document_is_received_once_directly_or_as_a_package(signing_pki: City) -> None:
    c = signing_pki
    source = _issued(c)
    package = export_envelope(actor=c.u("clerk"), document=source)
    incoming_receive(actor=c.u("dept_clerk"), agency=c.dept, source=source)
    with pytest.raises(DomainError) as err:
        import_envelope(data=package, receiving_agency=c.dept)
    assert err.value.code == "already_received"
    assert IncomingDocument.objects.count() == 1


def test_an_imported_package_leaves_the_pending_list(signing_pki: City) -> None:
    c = signing_pki
    source = _issued(c)
    assert list(incoming_pending(agency=c.dept)) == [source]
    import_envelope(
        data=export_envelope(actor=c.u("clerk"), document=source), receiving_agency=c.dept
    )
    assert list(incoming_pending(agency=c.dept)) == []
    with pytest.raises(DomainError) as err:  # nor can it be received a second time directly
        incoming_receive(actor=c.u("dept_clerk"), agency=c.dept, source=source)
    assert err.value.code == "already_received"
    assert IncomingDocument.objects.count() == 1


def test_a_package_not_issued_here_by_its_sealer_is_refused(signing_pki: City) -> None:
    c = signing_pki
    envelope = envelope_of(_issued(c))
    forged = dataclasses.replace(envelope, code_number="07")  # sealed right, no such document
    key, certificate = credential_of(c.ward)
    package = edxml.build(forged, key=key, certificate=certificate)
    with pytest.raises(DomainError) as err:
        import_envelope(data=package, receiving_agency=c.dept)
    assert err.value.code == "unknown_document"
    _nothing_written(c)


def test_a_package_forged_for_a_secret_document_is_refused(signing_pki: City) -> None:
    c = signing_pki
    source = _issued(c, secrecy="mat")  # export refuses it; the sealer builds one by hand
    key, certificate = credential_of(c.ward)
    fields = envelope_fields(source, source.pdf.read())
    envelope = edxml.Envelope(**fields, trace=[edxml.Trace(organ_id=c.ward.code, time=T0)])
    package = edxml.build(envelope, key=key, certificate=certificate)
    with pytest.raises(DomainError) as err:
        import_envelope(data=package, receiving_agency=c.dept)
    assert err.value.code == "secret_not_electronic"
    _nothing_written(c)
