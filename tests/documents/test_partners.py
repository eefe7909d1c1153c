"""Partners on other platforms (documents/partners.py), their status messages
(exchange_status) and the outbox transport that sends to them (exchange_send), against a
local HTTP server that plays the partner with a PKI of its own. The real second instance:
test_two_instances.py."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.management import CommandError, call_command
from django.utils import timezone

from motcua.core.errors import DomainError, PermissionDenied
from motcua.core.models import AuditEvent, OutboxMessage, OutboxStatus
from motcua.core.outbox import deliver_pending
from motcua.documents import edxml
from motcua.documents.exchange_status import status_receive
from motcua.documents.models import DocumentRecipient, ExchangePartner
from motcua.documents.services_outgoing import RecipientData, document_issue
from motcua.signing import pki
from tests.documents.conftest import City, approved

pytestmark = [pytest.mark.django_db]

CODE, NAME = "000.00.05.H26", "Sở Tư pháp thành phố Hà Nội"


@dataclass
class Foreign:
    """Another platform's PKI: a root, and the partner's seal certificate and key."""

    key: rsa.RSAPrivateKey
    cert: x509.Certificate
    root: x509.Certificate
    root_key: rsa.RSAPrivateKey = field(repr=False)

    def bundle(self, *certs: x509.Certificate) -> bytes:
        chosen = certs or (self.cert, self.root)
        return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in chosen)


def foreign_pki(*, days: int = 365, title: str = "Foreign Root CA") -> Foreign:
    now = timezone.now()
    root_key, key = pki.new_key(), pki.new_key()
    root = pki.ca_certificate(
        subject=pki.name(title), key=root_key, issuer=None, now=now, days=3650
    )
    cert = pki.end_entity_certificate(
        subject=pki.name(NAME[:64]),
        key=key,
        issuer=pki.Issuer(cert=root, key=root_key),
        now=now,
        days=days,
        crl_url="http://127.0.0.1:9/crl",
    )
    return Foreign(key=key, cert=cert, root=root, root_key=root_key)


def register(foreign: Foreign, endpoint: str = "http://127.0.0.1:9/lien-thong/edxml/") -> Any:
    from motcua.documents.partners import partner_register

    return partner_register(
        actor=None, organ_id=CODE, name=NAME, endpoint=endpoint, bundle_pem=foreign.bundle()
    )


# --- registration ---------------------------------------------------------------------------


def test_registration_keeps_the_pinned_certificate_with_its_event(signing_pki: City) -> None:
    foreign = foreign_pki()
    partner = register(foreign)
    assert (partner.organ_id, partner.name, partner.is_active) == (CODE, NAME, True)
    assert bytes(partner.cert_der) == foreign.cert.public_bytes(serialization.Encoding.DER)
    assert x509.load_pem_x509_certificates(partner.ca_pem.encode()) == [foreign.root]
    again = register(foreign_pki(title="Renewed Root"))
    assert again.pk == partner.pk
    events = AuditEvent.objects.filter(kind="exchange.partner_registered").order_by("gseq")
    assert [e.payload["replaced"] for e in events] == [False, True]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"organ_id": "000.02.90.H29"}, "local_agency"),  # the ward of this platform
        ({"organ_id": "SO-TU-PHAP"}, "invalid_agency_code"),
        ({"endpoint": "http://127.0.0.1:9/lien-thong/edxml"}, "invalid_endpoint"),
        ({"endpoint": "ftp://127.0.0.1/lien-thong/edxml/"}, "invalid_endpoint"),
        ({"name": "   "}, "name_required"),
    ],
)
def test_registration_refuses_bad_fields(
    signing_pki: City, change: dict[str, str], code: str
) -> None:
    from motcua.documents.partners import partner_register

    fields = {"organ_id": CODE, "name": NAME, "endpoint": "https://vb.example.vn/lien-thong/"}
    with pytest.raises(DomainError) as caught:
        partner_register(actor=None, bundle_pem=foreign_pki().bundle(), **{**fields, **change})
    assert caught.value.code == code
    assert not ExchangePartner.objects.exists()
    assert not AuditEvent.objects.filter(kind="exchange.partner_registered").exists()


def test_registration_refuses_bad_bundles(signing_pki: City, clock: Any) -> None:
    from motcua.documents.partners import partner_register

    foreign, stranger = foreign_pki(), foreign_pki(title="Another Root")
    cases = [
        (b"not a certificate", "invalid_bundle"),
        (foreign.bundle(foreign.cert), "invalid_bundle"),  # no CA
        (foreign.bundle(foreign.root, foreign.cert), "invalid_bundle"),  # CA first
        (foreign.bundle(foreign.cert, stranger.root), "certificate_chain"),
    ]
    short = foreign_pki(days=1)
    clock.shift(timedelta(days=3))
    cases.append((short.bundle(), "certificate_not_valid"))
    for bundle, code in cases:
        with pytest.raises(DomainError) as caught:
            partner_register(
                actor=None,
                organ_id=CODE,
                name=NAME,
                endpoint="https://vb.example.vn/lien-thong/",
                bundle_pem=bundle,
            )
        assert caught.value.code == code, bundle[:40]
    assert not ExchangePartner.objects.exists()


def test_only_the_platform_administrator_registers(signing_pki: City) -> None:
    from motcua.documents.partners import partner_register

    with pytest.raises(PermissionDenied):
        partner_register(
            actor=signing_pki.u("clerk"),
            organ_id=CODE,
            name=NAME,
            endpoint="https://vb.example.vn/lien-thong/",
            bundle_pem=foreign_pki().bundle(),
        )
    assert not ExchangePartner.objects.exists()


def test_the_commands_print_and_register_bundles(signing_pki: City, tmp_path: Path) -> None:
    ours = tmp_path / "ours.pem"
    call_command("exchange_certificate", signing_pki.ward.code, "--out", str(ours))
    certs = x509.load_pem_x509_certificates(ours.read_bytes())
    assert len(certs) == 3  # the ward's seal, the issuing CA, the root
    assert certs[-1].subject == certs[-1].issuer
    theirs = tmp_path / "theirs.pem"
    theirs.write_bytes(foreign_pki().bundle())
    args = ["--ma", CODE, "--ten", NAME, "--dia-chi", "https://vb.example.vn/lien-thong/"]
    call_command("exchange_partner_add", *args, "--chung-thu", str(theirs))
    assert ExchangePartner.objects.get().organ_id == CODE
    with pytest.raises(CommandError, match="kết thúc bằng"):
        call_command(
            "exchange_partner_add",
            *args[:-1],
            "https://vb.example.vn/x",
            "--chung-thu",
            str(theirs),
        )


# --- sending through the outbox, to a partner played by a local server -----------------------


class PartnerServer:
    """Answers each POST with the next scripted (status, body) or, by default, the status
    message "02" for the package it got, sealed with the partner's key."""

    def __init__(self, foreign: Foreign) -> None:
        self.foreign = foreign
        self.script: list[tuple[int, bytes]] = []
        self.bodies: list[tuple[str, bytes]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.bodies.append((self.path, body))
                status, answer = outer.script.pop(0) if outer.script else outer.received(body)
                self.send_response(status)
                self.send_header("Content-Type", "application/xml")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.endpoint = f"http://127.0.0.1:{self.server.server_address[1]}/lien-thong/edxml/"

    def received(self, body: bytes) -> tuple[int, bytes]:
        envelope = edxml.parse(body, trusted=lambda _c: True)
        return 201, self.status(envelope.document_id, envelope.from_organ, "02")

    def status(self, document_id: str, to: edxml.Organ, code: str, sender: str = CODE) -> bytes:
        message = edxml.StatusMessage(
            document_id=document_id,
            from_organ=edxml.Organ(sender, "", NAME),
            to_organ=to,
            status_code=code,
            description="Đã tiếp nhận, số đến 7/2026.",
            time=timezone.now().replace(microsecond=0),
        )
        return edxml.build_status(message, key=self.foreign.key, certificate=self.foreign.cert)


@pytest.fixture
def partner(signing_pki: City) -> Iterator[PartnerServer]:
    server = PartnerServer(foreign_pki())
    register(server.foreign, endpoint=server.endpoint)
    yield server
    server.server.shutdown()
    server.server.server_close()


def _issue_to_partner(c: City, **overrides: Any) -> DocumentRecipient:
    recipients = [RecipientData(agency_code=CODE, purpose="to")]
    doc = document_issue(
        actor=c.u("clerk"), document=approved(c, recipients=recipients, **overrides)
    )
    return DocumentRecipient.objects.get(document=doc)


def _row() -> OutboxMessage:
    return OutboxMessage.objects.get(channel="lienthong")


def test_a_document_reaches_the_partner_and_its_answer_is_kept(
    signing_pki: City, partner: PartnerServer
) -> None:
    recipient = _issue_to_partner(signing_pki)
    assert _row().status == OutboxStatus.PENDING

    deliver_pending()

    path, body = partner.bodies[0]
    assert path == f"/lien-thong/edxml/?co_quan={CODE}"
    envelope = edxml.parse(body, trusted=lambda _c: True)
    assert [o.organ_id for o in envelope.to_organs] == [CODE]
    assert str(recipient.package_id) == envelope.document_id
    recipient.refresh_from_db()
    assert (recipient.status_code, recipient.status_text) == ("02", "Đã tiếp nhận, số đến 7/2026.")
    assert _row().status == OutboxStatus.SENT
    kinds = set(AuditEvent.objects.values_list("kind", flat=True))
    assert {"document.sent", "document.recipient_status"} <= kinds


def test_an_unavailable_partner_is_tried_again(signing_pki: City, partner: PartnerServer) -> None:
    recipient = _issue_to_partner(signing_pki)
    partner.script = [(503, b"")]

    deliver_pending()

    row = _row()
    assert (row.status, row.attempts) == (OutboxStatus.PENDING, 1)
    assert "503" in row.last_error
    recipient.refresh_from_db()
    assert (recipient.status_code, recipient.delivered_at) == ("", None)


def test_a_refusal_is_shown_to_the_sender_and_not_retried(
    signing_pki: City, partner: PartnerServer
) -> None:
    recipient = _issue_to_partner(signing_pki)
    refusal = b'{"error": {"code": "not_a_recipient", "message": "Kh\\u00f4ng ph\\u1ea3i n\\u01a1i nh\\u1eadn.", "details": null}}'  # noqa: E501
    partner.script = [(400, refusal)]

    deliver_pending()

    assert _row().status == OutboxStatus.FAILED
    recipient.refresh_from_db()
    assert recipient.status_code == ""
    assert "not_a_recipient: Không phải nơi nhận." in recipient.status_text


def test_an_answer_sealed_by_someone_else_is_not_kept(
    signing_pki: City, partner: PartnerServer
) -> None:
    recipient = _issue_to_partner(signing_pki)
    impostor = PartnerServer(foreign_pki(title="Impostor Root"))
    forged = impostor.status(str(recipient.package_id), edxml.Organ("x", "", "x"), "05")
    partner.script = [(201, forged)]

    deliver_pending()

    assert _row().status == OutboxStatus.PENDING  # not a definitive answer: tried again
    recipient.refresh_from_db()
    assert recipient.status_code == ""
    impostor.server.server_close()


def test_an_answer_about_another_package_is_not_kept(
    signing_pki: City, partner: PartnerServer
) -> None:
    recipient = _issue_to_partner(signing_pki)
    ward = edxml.Organ(signing_pki.ward.code, "", signing_pki.ward.name)
    other = partner.status("00000000-0000-4000-8000-000000000000", ward, "02")  # sealed right
    partner.script = [(201, other)]

    deliver_pending()

    row = _row()
    assert row.status == OutboxStatus.PENDING  # tried again
    assert "không phải gói đã gửi" in row.last_error
    recipient.refresh_from_db()
    assert (recipient.status_code, recipient.delivered_at) == ("", None)


def test_a_secret_document_is_never_queued(signing_pki: City, partner: PartnerServer) -> None:
    _issue_to_partner(signing_pki, secrecy="mat")
    assert not OutboxMessage.objects.filter(channel="lienthong").exists()


# --- status messages from the partner ---------------------------------------------------------


def test_status_messages_update_the_recipient_in_time_order(
    signing_pki: City, partner: PartnerServer, clock: Any
) -> None:
    c = signing_pki
    recipient = _issue_to_partner(c)
    deliver_pending()
    ward = edxml.Organ(c.ward.code, c.city.name, c.ward.name)
    clock.shift(timedelta(hours=2))
    done = partner.status(str(recipient.package_id), ward, "05")
    clock.shift(timedelta(hours=-1))
    late_assigned = partner.status(str(recipient.package_id), ward, "03")

    status_receive(data=done)
    status_receive(data=late_assigned)  # older than what we have: recorded, not kept

    recipient.refresh_from_db()
    assert recipient.status_code == "05"
    kept = AuditEvent.objects.filter(kind="document.recipient_status").order_by("gseq")
    assert [e.payload["kept"] for e in kept] == [True, True, False]


def test_status_messages_that_do_not_fit_are_refused(
    signing_pki: City, partner: PartnerServer
) -> None:
    c = signing_pki
    recipient = _issue_to_partner(c)
    deliver_pending()
    ward = edxml.Organ(c.ward.code, c.city.name, c.ward.name)
    package = str(recipient.package_id)
    impostor = PartnerServer(foreign_pki(title="Impostor Root"))
    cases = [
        (impostor.status(package, ward, "05"), "edxml"),  # unknown seal
        (partner.status(package, ward, "05", sender="000.00.07.H26"), "sender_mismatch"),
        (
            partner.status("6f1d3c1e-1f0a-5b7e-9a55-0c2d6a8e4b10", ward, "05"),
            "unknown_document",
        ),
    ]
    for data, code in cases:
        with pytest.raises(DomainError) as caught:
            status_receive(data=data)
        assert caught.value.code.startswith(code), caught.value.code
    recipient.refresh_from_db()
    assert recipient.status_code == "02"
    impostor.server.server_close()


def test_the_drafting_form_offers_partners_as_recipients(signing_pki: City) -> None:
    from django.test import Client
    from django.urls import reverse

    from motcua.documents.models import OutgoingDocument
    from motcua.testing.auth import sign_in
    from tests.documents.test_outgoing_pages import form_data

    c = signing_pki
    register(foreign_pki())
    drafter = sign_in(Client(), c.u("drafter"))
    new = reverse("documents:outgoing_new")
    assert f"{NAME} (hệ thống khác, gửi liên thông)" in drafter.get(new).content.decode()

    created = drafter.post(new, form_data(c, recipients=[c.dept.code, CODE], outside=""))

    assert created.status_code == 302
    rows = OutgoingDocument.objects.get().recipients.order_by("position")
    assert [(r.agency_id, r.partner.organ_id if r.partner else None) for r in rows] == [
        (c.dept.pk, None),
        (None, CODE),
    ]
