"""The workspace pages of official documents (/can-bo/van-ban/): the outgoing document page and
its PDF, the pending list and receipt, the incoming document page and its assignment; each
for the right role only (another agency's document is a 404, a citizen a 403)."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from motcua.accounts.models import User
from motcua.documents.models import IncomingDocument, NumberCounter, OutgoingDocument
from motcua.documents.services_incoming import incoming_receive
from motcua.documents.services_outgoing import document_issue
from motcua.testing.auth import sign_in
from tests.documents.conftest import City, approved

pytestmark = [pytest.mark.django_db]


def client_for(user: Any) -> Client:
    return sign_in(Client(), user)


def issued(c: City, **overrides: Any) -> OutgoingDocument:
    return document_issue(actor=c.u("clerk"), document=approved(c, **overrides))


def citizen() -> User:
    return User.objects.create_user(username="dan", password="x-test-pass", kind="citizen")


@pytest.mark.usefixtures("signing_pki")  # issuing signs
def test_the_outgoing_page_and_its_pdf_for_its_agency_only(town: City, clock: Any) -> None:
    doc = issued(town)
    url = reverse("documents:outgoing_detail", args=[doc.pk])
    page = client_for(town.u("leader")).get(url)
    assert page.status_code == 200
    assert "01/QĐ-UBND" in page.content.decode()
    assert "Đã ban hành" in page.content.decode()
    pdf = client_for(town.u("clerk")).get(reverse("documents:outgoing_pdf", args=[doc.pk]))
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    assert pdf["Cache-Control"] == "private, no-store"
    # the department's clerk is a recipient, not the issuer: the page and the file are 404
    other = client_for(town.u("dept_clerk"))
    assert other.get(url).status_code == 404
    assert other.get(reverse("documents:outgoing_pdf", args=[doc.pk])).status_code == 404
    assert client_for(citizen()).get(url).status_code == 403


@pytest.mark.usefixtures("signing_pki")  # issuing signs
def test_a_file_gone_from_the_storage_is_a_404_with_a_message(town: City, clock: Any) -> None:
    doc = issued(town)
    doc.pdf.storage.delete(doc.pdf.name)  # lost from the disk (a restore that missed it)
    clerk = client_for(town.u("clerk"))
    response = clerk.get(reverse("documents:outgoing_pdf", args=[doc.pk]))
    assert response.status_code == 404
    assert "Tệp không còn trên hệ thống" in response.content.decode()
    # the receiver's reading neither fails nor records a read receipt; receipt is refused
    dept = client_for(town.u("dept_clerk"))
    read = dept.get(reverse("documents:pending_pdf", args=[doc.pk]))
    assert read.status_code == 404
    assert not doc.recipients.filter(read_at__isnull=False).exists()
    refused = dept.post(reverse("documents:incoming_pending"), {"source": doc.pk})
    assert refused.status_code == 400
    assert "Tệp văn bản không còn trên hệ thống" in refused.content.decode()
    assert not IncomingDocument.objects.exists()


def test_pending_needs_a_clerk(town: City, clock: Any) -> None:
    url = reverse("documents:incoming_pending")
    assert client_for(town.u("dept_head")).get(url).status_code == 403
    assert client_for(citizen()).get(url).status_code == 403
    # a clerk asking for another agency's list
    ward = f"{url}?agency={town.ward.pk}"
    assert client_for(town.u("dept_clerk")).get(ward).status_code == 404


def test_receive_through_the_page_then_the_sender_sees_it(signing_pki: City) -> None:
    c = signing_pki
    source = issued(c)
    clerk = client_for(c.u("dept_clerk"))
    url = reverse("documents:incoming_pending")
    listing = clerk.get(url)
    assert listing.status_code == 200
    assert "Tiếp nhận 01/QĐ-UBND" in listing.content.decode()
    response = clerk.post(url, {"source": source.pk})
    received = IncomingDocument.objects.get(agency=c.dept, source=source)
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:incoming_detail", args=[received.pk])
    assert received.incoming_number == 1
    after = clerk.get(url).content.decode()
    assert "Tiếp nhận 01/QĐ-UBND" not in after  # no longer pending
    assert "Không có văn bản nào chờ tiếp nhận." in after
    sender = client_for(c.u("clerk")).get(reverse("documents:outgoing_detail", args=[source.pk]))
    text = sender.content.decode()
    assert "Sở Tư pháp" in text
    assert "1/2026" in text  # its incoming number at the department
    assert "Đã tiếp nhận" in text
    assert "Chưa có nơi nhận nào tiếp nhận." not in text


@pytest.mark.usefixtures("signing_pki")  # issuing signs
def test_a_refused_receipt_shows_the_error_and_creates_nothing(town: City, clock: Any) -> None:
    source = issued(town)
    pdf = source.pdf.read()
    at = pdf.index(b"stream") + 40  # a byte of page 1, covered by the signature
    tampered = pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1 :]
    with open(source.pdf.path, "wb") as handle:
        handle.write(tampered)
    OutgoingDocument.objects.filter(pk=source.pk).update(
        pdf_sha256=hashlib.sha256(tampered).hexdigest()
    )
    response = client_for(town.u("dept_clerk")).post(
        reverse("documents:incoming_pending"), {"source": source.pk}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "không bảo đảm tính xác thực, toàn vẹn" in text
    assert "Tiếp nhận 01/QĐ-UBND" in text  # still pending
    assert not IncomingDocument.objects.exists()
    assert not NumberCounter.objects.filter(agency=town.dept, series="incoming").exists()


@pytest.mark.usefixtures("signing_pki")  # issuing signs
def test_a_document_not_pending_for_my_agency_is_404(town: City, clock: Any) -> None:
    source = issued(town)
    response = client_for(town.u("clerk")).post(
        reverse("documents:incoming_pending"), {"source": source.pk}
    )
    assert response.status_code == 404  # the ward's own document is not addressed to the ward
    assert not IncomingDocument.objects.exists()


@pytest.fixture
def received(signing_pki: City) -> IncomingDocument:
    c = signing_pki
    return incoming_receive(actor=c.u("dept_clerk"), agency=c.dept, source=issued(c))


def test_the_incoming_page_and_assignment(signing_pki: City, received: IncomingDocument) -> None:
    c = signing_pki
    url = reverse("documents:incoming_detail", args=[received.pk])
    # the clerk sees the page but not the form; the head assigns
    clerk_page = client_for(c.u("dept_clerk")).get(url)
    assert clerk_page.status_code == 200
    assert "Phân công giải quyết" not in clerk_page.content.decode()
    head = client_for(c.u("dept_head"))
    assert "Phân công giải quyết" in head.get(url).content.decode()
    # a deadline in the past is refused by the service: shown, nothing changed
    bad = head.post(url, {"lead_unit": c.division.pk, "deadline": "2026-02-01"})
    assert bad.status_code == 400
    assert "Hạn giải quyết không được trước hôm nay." in bad.content.decode()
    received.refresh_from_db()
    assert received.lead_unit is None
    ok = head.post(
        url,
        {"lead_unit": c.division.pk, "coordinating_units": [c.dept.pk], "deadline": "2026-02-20"},
    )
    assert ok.status_code == 302
    received.refresh_from_db()
    assert (received.lead_unit, received.deadline, received.status) == (
        c.division,
        date(2026, 2, 20),
        "assigned",
    )
    assert [a.unit for a in received.assignments.all()] == [c.dept]
    # the division's specialist now opens it (lead unit) but may not post an assignment
    specialist = client_for(c.u("div_specialist"))
    assert specialist.get(url).status_code == 200
    assert specialist.post(url, {"lead_unit": c.dept.pk}).status_code == 403
    pdf = specialist.get(reverse("documents:incoming_pdf", args=[received.pk]))
    assert pdf.status_code == 200
    # the ward (the sender) has no incoming page for it; a citizen none at all
    assert client_for(c.u("clerk")).get(url).status_code == 404
    assert client_for(citizen()).get(url).status_code == 403
