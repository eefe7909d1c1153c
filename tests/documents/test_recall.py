"""A recalled document is frozen at its receivers (Decree 30/2020/NĐ-CP Annex VI Part I §III)
and they see why."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from motcua.core.errors import DomainError
from motcua.documents.models import IncomingStatus
from motcua.documents.services_incoming import incoming_assign, incoming_receive, incoming_return
from motcua.documents.services_outgoing import document_issue, document_recall
from motcua.testing.auth import sign_in
from tests.documents.conftest import City, approved

pytestmark = [pytest.mark.django_db]


def test_a_recalled_document_is_frozen_where_it_was_received(signing_pki: City) -> None:
    c = signing_pki
    doc = document_issue(actor=c.u("clerk"), document=approved(c))
    incoming = incoming_receive(actor=c.u("dept_clerk"), agency=c.dept, source=doc)
    document_recall(actor=c.u("leader"), document=doc, reason="Sai thẩm quyền ban hành.")

    with pytest.raises(DomainError) as assigned:
        incoming_assign(actor=c.u("dept_head"), document=incoming, lead_unit=c.division)
    with pytest.raises(DomainError) as returned:
        incoming_return(actor=c.u("dept_clerk"), document=incoming, reason="Không rõ.")

    assert assigned.value.code == returned.value.code == "recalled"
    assert "Sai thẩm quyền ban hành." in assigned.value.message
    incoming.refresh_from_db()
    assert (incoming.status, incoming.lead_unit_id) == (IncomingStatus.RECEIVED, None)
    page = sign_in(Client(), c.u("dept_clerk")).get(
        reverse("documents:incoming_detail", args=[incoming.pk])
    )
    text = page.content.decode()
    assert "Văn bản đã bị nơi gửi thu hồi" in text
    assert "Sai thẩm quyền ban hành." in text
