"""The pages that write outgoing documents: the drafting form, then trình duyệt, duyệt and
ban hành through their confirmation pages; each for its role only (Decree 30/2020/NĐ-CP
Arts. 13–15; docs/documents.md)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from motcua.documents.models import OutgoingDocument, OutgoingStatus
from tests.documents.conftest import City
from tests.documents.test_pages import citizen, client_for

pytestmark = [pytest.mark.django_db]

NEW = reverse("documents:outgoing_new")


def form_data(c: City, **overrides: Any) -> dict[str, Any]:
    data = {
        "agency": str(c.ward.pk),
        "doc_type": "quyet_dinh",
        "issuer_abbreviation": "UBND",
        "drafting_unit": "",
        "subject": "Về việc thành lập Tổ công tác chuyển đổi số",
        "content": "Điều 1. Thành lập Tổ công tác.",
        "place": "Thành phố Hồ Chí Minh",
        "urgency": "khan",
        "secrecy": "",
        "recipients": [c.dept.code],
        "outside": "Văn phòng UBND Thành phố\n\n  Lưu: VT  \n",
        "signer_authority": "KT",
        "signer_authority_of": "Chủ tịch",
        "signer_position": "Phó Chủ tịch",
    }
    return {**data, **overrides}


def step_url(name: str, doc: OutgoingDocument) -> str:
    return reverse(f"documents:outgoing_{name}", args=[doc.pk])


def test_the_form_for_drafters_only(town: City) -> None:
    assert client_for(town.u("drafter")).get(NEW).status_code == 200
    for name in ("leader", "clerk", "dept_clerk"):
        assert client_for(town.u(name)).get(NEW).status_code == 403
    assert client_for(citizen()).get(NEW).status_code == 403


@pytest.mark.usefixtures("signing_pki")  # issuing signs
def test_draft_then_submit_approve_issue_through_the_pages(town: City, clock: Any) -> None:
    drafter = client_for(town.u("drafter"))
    created = drafter.post(NEW, form_data(town))
    doc = OutgoingDocument.objects.get(agency=town.ward)
    assert created.status_code == 302
    assert created["Location"] == reverse("documents:outgoing_detail", args=[doc.pk])
    assert (doc.status, doc.urgency, doc.created_by) == ("draft", "khan", town.u("drafter"))
    signer = (doc.signer_authority, doc.signer_authority_of, doc.signer_position)
    assert signer == ("KT", "Chủ tịch", "Phó Chủ tịch")
    recipients = [(r.agency_id, r.name) for r in doc.recipients.order_by("position")]
    assert recipients == [
        (town.dept.pk, ""),
        (None, "Văn phòng UBND Thành phố"),
        (None, "Lưu: VT"),
    ]
    # the actions page lists only what the caller may do now
    actions = reverse("documents:outgoing_actions", args=[doc.pk])
    assert "Trình duyệt" in drafter.get(actions).content.decode()
    leader_page = client_for(town.u("leader")).get(actions).content.decode()
    assert step_url("approve", doc) not in leader_page  # not yet submitted

    assert drafter.get(step_url("submit", doc)).status_code == 200
    assert drafter.post(step_url("submit", doc)).status_code == 302
    leader = client_for(town.u("leader"))
    assert step_url("approve", doc) in leader.get(actions).content.decode()
    assert leader.post(step_url("approve", doc)).status_code == 302
    clerk = client_for(town.u("clerk"))
    assert step_url("issue", doc) in clerk.get(actions).content.decode()
    issued = clerk.post(step_url("issue", doc), follow=True)
    doc.refresh_from_db()
    assert (doc.status, doc.symbol, doc.signer) == ("issued", "01/QĐ-UBND", town.u("leader"))
    assert "01/QĐ-UBND" in issued.content.decode()
    assert "Đã cấp số, ký số và ban hành văn bản." in issued.content.decode()


def test_a_specialist_cannot_approve_nor_issue(town: City, clock: Any) -> None:
    drafter = client_for(town.u("drafter"))
    drafter.post(NEW, form_data(town))
    doc = OutgoingDocument.objects.get(agency=town.ward)
    drafter.post(step_url("submit", doc))
    assert drafter.get(step_url("approve", doc)).status_code == 403
    assert drafter.post(step_url("approve", doc)).status_code == 403
    assert drafter.post(step_url("issue", doc)).status_code == 403
    assert client_for(town.u("clerk")).post(step_url("approve", doc)).status_code == 403
    assert client_for(town.u("leader")).post(step_url("submit", doc)).status_code == 403
    doc.refresh_from_db()
    assert doc.status == OutgoingStatus.IN_REVIEW
    # another agency's official does not see the document at all
    assert client_for(town.u("dept_clerk")).post(step_url("issue", doc)).status_code == 404


def test_a_step_out_of_order_shows_the_error_and_changes_nothing(town: City, clock: Any) -> None:
    client_for(town.u("drafter")).post(NEW, form_data(town))
    doc = OutgoingDocument.objects.get(agency=town.ward)
    response = client_for(town.u("clerk")).post(step_url("issue", doc))
    assert response.status_code >= 400
    assert "Chưa thực hiện được" in response.content.decode()
    doc.refresh_from_db()
    assert (doc.status, doc.number) == ("draft", None)


def test_a_cong_van_needs_the_drafting_unit(town: City) -> None:
    drafter = client_for(town.u("drafter"))
    response = drafter.post(NEW, form_data(town, doc_type="cong_van"))
    assert response.status_code == 400
    assert "Công văn cần chữ viết tắt của đơn vị soạn thảo." in response.content.decode()
    assert not OutgoingDocument.objects.exists()
    ok = drafter.post(NEW, form_data(town, doc_type="cong_van", drafting_unit="VX"))
    assert ok.status_code == 302
    assert OutgoingDocument.objects.get().drafting_unit == "VX"


def test_an_unknown_type_is_a_form_error(town: City) -> None:
    response = client_for(town.u("drafter")).post(NEW, form_data(town, doc_type="luat"))
    assert response.status_code == 400
    assert not OutgoingDocument.objects.exists()


def test_an_authority_prefix_needs_whom_it_signs_for(town: City) -> None:
    drafter = client_for(town.u("drafter"))
    response = drafter.post(NEW, form_data(town, signer_authority_of=""))
    assert response.status_code == 400
    assert "Ghi rõ ký thay, thay mặt hoặc thừa lệnh cho ai" in response.content.decode()
    assert not OutgoingDocument.objects.exists()
    forged = drafter.post(NEW, form_data(town, signer_authority="KYTHAY"))
    assert forged.status_code == 400
    assert not OutgoingDocument.objects.exists()
