"""The read receipt on the platform: a receiving clerk opens a document awaiting receipt and
the sender sees when (Decree 30/2020/NĐ-CP Annex VI Part I §III)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from motcua.core.models import AuditEvent
from motcua.documents.models import DocumentRecipient
from motcua.documents.services_outgoing import document_issue
from motcua.testing.auth import sign_in
from tests.documents.conftest import City, approved

pytestmark = [pytest.mark.django_db]


def _pdf_url(doc: Any) -> str:
    return reverse("documents:pending_pdf", args=[doc.pk])


def test_the_first_opening_is_the_read_receipt(signing_pki: City) -> None:
    c = signing_pki
    doc = document_issue(actor=c.u("clerk"), document=approved(c))
    dept_clerk = sign_in(Client(), c.u("dept_clerk"))
    pending = dept_clerk.get(reverse("documents:incoming_pending")).content.decode()
    assert _pdf_url(doc) in pending

    first = dept_clerk.get(_pdf_url(doc))
    assert first.status_code == 200
    assert b"".join(first.streaming_content) == doc.pdf.read()
    assert dept_clerk.get(_pdf_url(doc)).status_code == 200  # a second opening

    row = DocumentRecipient.objects.get(document=doc, agency=c.dept)
    assert row.read_at is not None
    assert AuditEvent.objects.filter(kind="document.read").count() == 1
    page = sign_in(Client(), c.u("clerk")).get(reverse("documents:outgoing_detail", args=[doc.pk]))
    assert "đã xem lúc 09:00 05/02/2026" in page.content.decode()


def test_only_a_clerk_of_a_recipient_reads_it(signing_pki: City) -> None:
    c = signing_pki
    doc = document_issue(actor=c.u("clerk"), document=approved(c))
    # the ward's own clerk is not a recipient; the department's head is not its clerk
    assert sign_in(Client(), c.u("clerk")).get(_pdf_url(doc)).status_code == 404
    assert sign_in(Client(), c.u("dept_head")).get(_pdf_url(doc)).status_code == 403
    assert Client().get(_pdf_url(doc)).status_code == 302
    assert DocumentRecipient.objects.get(document=doc, agency=c.dept).read_at is None
    assert not AuditEvent.objects.filter(kind="document.read").exists()
