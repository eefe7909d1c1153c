"""Incoming documents received from the platform: the incoming number, the acknowledgement,
the signature checked; a tampered, unsigned or secret document refused; assignment and return."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from typing import Any

import pytest
import time_machine

from motcua.core.errors import DomainError, PermissionDenied
from motcua.documents.models import IncomingDocument, NumberCounter, OutgoingDocument
from motcua.documents.rendering import render_document
from motcua.documents.services_incoming import (
    incoming_assign,
    incoming_receive,
    incoming_return,
    incoming_set_status,
)
from motcua.documents.services_outgoing import document_issue
from motcua.signing.verify import verify_pdf
from tests.documents.conftest import HCM, City, approved

pytestmark = [pytest.mark.django_db]


def issued(c: City, **overrides: Any) -> OutgoingDocument:
    return document_issue(actor=c.u("clerk"), document=approved(c, **overrides))


def test_receive_numbers_acknowledges_and_verifies(signing_pki: City) -> None:
    c = signing_pki
    source = issued(c)
    assert verify_pdf(source.pdf.read()).valid  # really signed by the ward's credential
    with time_machine.travel(datetime(2026, 2, 5, 14, 30, tzinfo=HCM), tick=False):
        first = incoming_receive(actor=c.u("dept_clerk"), agency=c.dept, source=source)
        second = incoming_receive(
            actor=c.u("dept_clerk"), agency=c.dept, source=issued(c, subject="Về việc khác")
        )
    at = datetime(2026, 2, 5, 14, 30, tzinfo=HCM)
    assert (first.incoming_number, first.year, first.status) == (1, 2026, "received")
    assert second.incoming_number == 2
    assert first.received_at == at
    assert first.acknowledged_at == at
    assert (first.number_symbol, first.document_date) == ("01/QĐ-UBND", date(2026, 2, 5))
    assert first.sender_agency == c.ward
    assert first.pdf_sha256 == source.pdf_sha256
    with pytest.raises(DomainError) as err:
        incoming_receive(actor=c.u("dept_clerk"), agency=c.dept, source=source)
    assert err.value.code == "already_received"
    assert NumberCounter.objects.get(agency=c.dept, year=2026, series="incoming").last == 2


def _overwrite(doc: OutgoingDocument, data: bytes) -> None:
    with open(doc.pdf.path, "wb") as handle:
        handle.write(data)


def test_a_tampered_pdf_is_refused(signing_pki: City) -> None:
    c = signing_pki
    source = issued(c)
    pdf = source.pdf.read()
    at = pdf.index(b"stream") + 40  # inside the first page's content, covered by the signature
    tampered = pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1 :]
    _overwrite(source, tampered)
    # even with the recorded hash rewritten to match, the signature check refuses it
    OutgoingDocument.objects.filter(pk=source.pk).update(
        pdf_sha256=hashlib.sha256(tampered).hexdigest()
    )
    source.refresh_from_db()
    with pytest.raises(DomainError) as err:
        incoming_receive(actor=c.u("dept_clerk"), agency=c.dept, source=source)
    assert err.value.code == "integrity_failed"
    assert "sửa đổi sau khi ký" in err.value.message
    assert not IncomingDocument.objects.exists()
    assert not NumberCounter.objects.filter(agency=c.dept, series="incoming").exists()


def test_an_unsigned_pdf_is_refused(signing_pki: City) -> None:
    c = signing_pki
    source = issued(c)
    # the stored file replaced by the same document rendered but never signed, hash to match
    unsigned = render_document(source, day=source.document_date)[0]
    _overwrite(source, unsigned)
    OutgoingDocument.objects.filter(pk=source.pk).update(
        pdf_sha256=hashlib.sha256(unsigned).hexdigest()
    )
    source.refresh_from_db()
    with pytest.raises(DomainError) as err:
        incoming_receive(actor=c.u("dept_clerk"), agency=c.dept, source=source)
    assert err.value.code == "integrity_failed"
    assert "không có chữ ký số" in err.value.message
    assert not IncomingDocument.objects.exists()


@pytest.mark.usefixtures("signing_pki")  # issuing signs
def test_a_secret_document_is_never_received_electronically(town: City, clock: Any) -> None:
    source = issued(town, secrecy="mat")
    with pytest.raises(DomainError) as err:
        incoming_receive(actor=town.u("dept_clerk"), agency=town.dept, source=source)
    assert err.value.code == "secret_not_electronic"
    assert not IncomingDocument.objects.exists()


@pytest.mark.usefixtures("signing_pki")  # issuing signs
def test_only_a_recipient_s_clerk_receives(town: City, clock: Any) -> None:
    source = issued(town)
    with pytest.raises(PermissionDenied):
        incoming_receive(actor=town.u("dept_head"), agency=town.dept, source=source)
    with pytest.raises(DomainError) as err:
        incoming_receive(actor=town.u("clerk"), agency=town.ward, source=source)
    assert err.value.code == "not_a_recipient"


@pytest.fixture
def received(signing_pki: City) -> IncomingDocument:
    return incoming_receive(
        actor=signing_pki.u("dept_clerk"), agency=signing_pki.dept, source=issued(signing_pki)
    )


def test_assign_then_progress_then_done(signing_pki: City, received: IncomingDocument) -> None:
    c = signing_pki
    deadline = date(2026, 2, 12)
    doc = incoming_assign(
        actor=c.u("dept_head"),
        document=received,
        lead_unit=c.division,
        coordinating_units=[c.dept],
        deadline=deadline,
    )
    assert (doc.status, doc.lead_unit, doc.deadline) == ("assigned", c.division, deadline)
    assert [a.unit for a in doc.assignments.all()] == [c.dept]
    with pytest.raises(DomainError) as err:
        incoming_assign(actor=c.u("dept_head"), document=doc, lead_unit=c.ward)
    assert err.value.code == "unit_outside_agency"
    with pytest.raises(DomainError) as err:
        incoming_assign(
            actor=c.u("dept_head"),
            document=doc,
            lead_unit=c.division,
            deadline=date(2026, 2, 5) - timedelta(days=1),
        )
    assert err.value.code == "invalid_deadline"
    doc = incoming_set_status(actor=c.u("div_specialist"), document=doc, status="in_progress")
    doc = incoming_set_status(actor=c.u("div_specialist"), document=doc, status="done")
    assert doc.status == "done"
    with pytest.raises(DomainError):
        incoming_return(actor=c.u("dept_clerk"), document=doc, reason="Gửi nhầm")


def test_return_needs_a_reason_and_keeps_the_number(
    signing_pki: City, received: IncomingDocument
) -> None:
    c = signing_pki
    with pytest.raises(DomainError) as err:
        incoming_return(actor=c.u("dept_clerk"), document=received, reason="  ")
    assert err.value.code == "reason_required"
    doc = incoming_return(
        actor=c.u("dept_clerk"), document=received, reason="Gửi nhầm cơ quan nhận"
    )
    assert (doc.status, doc.return_reason, doc.incoming_number) == (
        "returned",
        "Gửi nhầm cơ quan nhận",
        1,
    )


def test_pending_and_registers(signing_pki: City) -> None:
    from motcua.documents import selectors

    c = signing_pki
    a, b = issued(c), issued(c, subject="Về việc thứ hai")
    issued(c, secrecy="mat")  # never listed
    assert list(selectors.incoming_pending(agency=c.dept)) == [a, b]
    got = incoming_receive(actor=c.u("dept_clerk"), agency=c.dept, source=a)
    assert list(selectors.incoming_pending(agency=c.dept)) == [b]
    assert list(selectors.incoming_register(agency=c.dept, year=2026)) == [got]
    assert [d.number for d in selectors.outgoing_register(agency=c.ward, year=2026)] == [1, 2]
    assert [(r.agency, r.status) for r in selectors.receipts_of(document=a)] == [
        (c.dept, "received")
    ]
