"""The submission wizard's pages with the Django client: the whole journey of a 9.000001-style
procedure (agency choice, declaration, documents, review, done), errors, ownership, drafts list."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from motcua.accounts.models import User
from motcua.dossiers.models import Dossier, DraftStep, SubmissionDraft
from motcua.dossiers.selectors.drafts import draft_documents
from motcua.dossiers.services import drafts as services
from motcua.testing.auth import sign_in
from tests.dossiers.conftest import CITIZEN_CCCD, World
from tests.dossiers.test_attachments import pdf_bytes
from tests.dossiers.test_drafts import publish_other

pytestmark = pytest.mark.django_db


def step(draft_id: int, name: str) -> str:
    return reverse("portal:draft_step", args=[draft_id, name])


def pdf(name: str = "giay-to.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), "application/pdf")


@pytest.fixture
def citizen(world: World) -> Client:
    user = world.u("citizen")
    user.full_name, user.phone = "Nguyễn Văn An", "0901234567"
    user.save()
    return sign_in(Client(), user)


def declaration(**extra: str) -> dict[str, str]:
    return {
        "applicant-kind": "person",
        "applicant-name": "Nguyễn Văn An",
        "applicant-id_number": CITIZEN_CCCD,
        "applicant-phone": "0901234567",
        "f-purpose": "Đi học",
        "action": "next",
        **extra,
    }


def test_the_procedure_page_offers_online_submission_and_asks_to_sign_in(world: World) -> None:
    client = Client()
    page = client.get(reverse("portal:procedure_detail", args=[world.simple]))
    html = page.content.decode()
    start = reverse("portal:draft_start", args=[world.simple])
    assert f'action="{start}"' in html
    assert "Nộp hồ sơ trực tuyến" in html
    response = client.post(start)
    assert response.status_code == 302
    assert response["Location"] == f"/dang-nhap/?next={start}"
    assert not SubmissionDraft.objects.exists()


def test_a_procedure_not_online_says_where_to_submit(world: World) -> None:
    world.ward.address = "92 Nam Kỳ Khởi Nghĩa"
    world.ward.office_hours = [["07:30", "11:30"], ["13:00", "17:00"]]
    world.ward.save()
    publish_other("9.000009", world, channels=["counter"], online_type="none")
    html = Client().get(reverse("portal:procedure_detail", args=["9.000009"])).content.decode()
    assert "Thủ tục này chưa nộp trực tuyến: nộp tại" in html
    assert "92 Nam Kỳ Khởi Nghĩa" in html
    assert "07:30–11:30, 13:00–17:00" in html
    assert reverse("portal:draft_start", args=["9.000009"]) not in html


def test_the_whole_journey(world: World, citizen: Client) -> None:
    # given a signed-in citizen on a procedure two wards receive
    start = reverse("portal:draft_start", args=[world.simple])
    assert citizen.get(start)["Location"].endswith("#nop-truc-tuyen")
    response = citizen.post(start)
    draft = SubmissionDraft.objects.get()
    assert response["Location"] == step(draft.pk, "co-quan")

    # step 0: the agency
    page = citizen.get(step(draft.pk, "co-quan"))
    assert page.status_code == 200
    assert '<label for="agency">' in page.content.decode()
    assert "Địa chỉ và giờ làm việc" in page.content.decode()
    assert "UBND Phường Sài Gòn" in page.content.decode()
    assert citizen.post(step(draft.pk, "co-quan"), {"agency": "nope"}).status_code == 400
    response = citizen.post(step(draft.pk, "co-quan"), {"agency": world.ward.code})
    assert response["Location"] == step(draft.pk, "to-khai")

    # step 1: the declaration, prefilled from the account
    html = citizen.get(step(draft.pk, "to-khai")).content.decode()
    assert f'value="{CITIZEN_CCCD}"' in html
    assert 'value="Nguyễn Văn An"' in html
    assert re.search(r'<input type="tel" name="applicant-phone"[^>]*autocomplete="tel"', html)
    assert html.count('type="tel"') == 1
    assert re.search(r'name="applicant-id_number"[^>]*inputmode="numeric"', html)
    assert re.search(r'<label for="id_f-purpose">Mục đích', html)
    assert re.search(r'name="f-purpose"[^>]*required', html)
    page = citizen.post(step(draft.pk, "to-khai"), declaration(**{"f-purpose": ""}))
    assert page.status_code == 400
    html = page.content.decode()
    assert "Bắt buộc nhập &#x27;Mục đích&#x27;" in html
    assert 'aria-invalid="true"' in html
    assert 'href="#id_f-purpose"' in html
    response = citizen.post(step(draft.pk, "to-khai"), declaration(action="save"))
    assert response["Location"] == step(draft.pk, "to-khai")
    assert "Đã lưu nháp" in citizen.get(response["Location"]).content.decode()
    response = citizen.post(step(draft.pk, "to-khai"), declaration())
    assert response["Location"] == step(draft.pk, "giay-to")

    # step 2: the documents
    html = citizen.get(step(draft.pk, "giay-to")).content.decode()
    assert "mỗi tệp tối đa 20 MB" in html
    docs = [doc.pk for doc, _ in draft_documents(draft)]
    for doc in docs:
        assert f'<input type="file" name="file" id="file-{doc}" accept="' in html
    url = step(draft.pk, "giay-to")
    page = citizen.post(url, {"action": "upload", "document": docs[0]})
    assert page.status_code == 400
    assert "Hãy chọn một tệp" in page.content.decode()
    bad = SimpleUploadedFile("a.pdf", b"MZ not a pdf", "application/pdf")
    page = citizen.post(url, {"action": "upload", "document": docs[0], "file": bad})
    assert page.status_code == 400
    assert "Định dạng tệp không được chấp nhận" in page.content.decode()
    for doc in docs:
        response = citizen.post(url, {"action": "upload", "document": doc, "file": pdf()})
        assert response["Location"] == url

    # step 3: review, then submit
    html = citizen.get(step(draft.pk, "xem-lai")).content.decode()
    assert "Đi học" in html
    assert "UBND Phường Bến Thành" in html
    assert re.search(r"<li>Tờ khai:\s*giay-to.pdf", html)
    assert re.search(r"<li>Bản sao CCCD:\s*giay-to.pdf", html)
    assert f'href="{step(draft.pk, "to-khai")}"' in html
    response = citizen.post(step(draft.pk, "xem-lai"))
    assert response["Location"] == step(draft.pk, "hoan-tat")

    # done: the code, the time limit, the applicant's page
    dossier = Dossier.objects.get()
    html = citizen.get(step(draft.pk, "hoan-tat")).content.decode()
    assert dossier.code in html
    assert "3 ngày làm việc" in html
    assert "15:00" in html
    assert f'href="/ho-so-cua-toi/{dossier.code}/"' in html
    assert "wizard-steps" not in html
    assert dossier.attachments.count() == 2
    # a submitted draft only shows its done page; submitting again changes nothing
    assert citizen.get(step(draft.pk, "to-khai"))["Location"] == step(draft.pk, "hoan-tat")
    assert citizen.post(step(draft.pk, "xem-lai"))["Location"] == step(draft.pk, "hoan-tat")
    assert Dossier.objects.count() == 1


def test_uploads_from_javascript_get_json(world: World, citizen: Client) -> None:
    citizen.post(reverse("portal:draft_start", args=[world.liaison]))
    draft = SubmissionDraft.objects.get()
    url = step(draft.pk, "giay-to")
    doc = draft_documents(draft)[0][0].pk
    xhr = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
    ok = citizen.post(url, {"action": "upload", "document": doc, "file": pdf()}, **xhr)
    assert ok.json() == {"ok": True, "redirect": url}
    empty = SimpleUploadedFile("a.pdf", b"", "application/pdf")
    bad = citizen.post(url, {"action": "upload", "document": doc, "file": empty}, **xhr)
    assert bad.status_code == 400
    assert bad.json() == {"ok": False, "error": "Tệp đính kèm không có nội dung."}
    page = citizen.get(url).content.decode()
    assert "Đã tải lên tệp giay-to.pdf" in page
    f = draft.files.get()
    response = citizen.post(url, {"action": "remove", "file": f.pk})
    assert response["Location"] == url
    assert not draft.files.exists()
    page = citizen.post(url, {"action": "reuse", "document": "x"})
    assert page.status_code == 400


def test_review_lists_what_is_missing_and_refuses_to_submit(world: World, citizen: Client) -> None:
    citizen.post(reverse("portal:draft_start", args=[world.liaison]))
    draft = SubmissionDraft.objects.get()
    page = citizen.get(step(draft.pk, "xem-lai"))
    assert page.status_code == 200
    assert "Chưa có tệp cho giấy tờ bắt buộc" in page.content.decode()
    page = citizen.post(step(draft.pk, "xem-lai"))
    assert page.status_code == 400
    assert "Hồ sơ chưa nộp được" in page.content.decode()
    assert not Dossier.objects.exists()


def test_review_shows_a_refusal_of_the_submission(world: World, citizen: Client) -> None:
    draft = SubmissionDraft.objects.get(
        pk=services.draft_start(actor=world.u("citizen"), procedure_code=world.liaison).pk
    )
    citizen.post(step(draft.pk, "to-khai"), declaration(**{"applicant-id_number": "079090009999"}))
    for doc, _ in draft_documents(draft):
        citizen.post(
            step(draft.pk, "giay-to"), {"action": "upload", "document": doc.pk, "file": pdf()}
        )
    page = citizen.post(step(draft.pk, "xem-lai"))
    assert page.status_code == 400
    assert "Chỉ được nộp hồ sơ trực tuyến đứng tên chính mình" in page.content.decode()


def test_pages_guard_the_draft(world: World, citizen: Client) -> None:
    citizen.post(reverse("portal:draft_start", args=[world.simple]))
    draft = SubmissionDraft.objects.get()
    # the agency comes first; done is only for a submitted draft; unknown steps do not exist
    assert citizen.get(step(draft.pk, "to-khai"))["Location"] == step(draft.pk, "co-quan")
    assert citizen.get(step(draft.pk, "hoan-tat"))["Location"] == step(draft.pk, "xem-lai")
    assert citizen.get(step(draft.pk, "khac")).status_code == 404
    assert citizen.post(reverse("portal:draft_start", args=["9.999999"])).status_code == 404
    other = User.objects.create_user(username="binh", password="x", cccd="079090005678")
    stranger = sign_in(Client(), other)
    assert stranger.get(step(draft.pk, "co-quan")).status_code == 404
    assert stranger.post(reverse("portal:draft_discard", args=[draft.pk])).status_code == 404
    anonymous = Client().get(step(draft.pk, "co-quan"))
    assert anonymous["Location"].startswith("/dang-nhap/?next=")
    assert SubmissionDraft.objects.filter(pk=draft.pk).exists()


def test_an_official_cannot_start_a_draft(world: World) -> None:
    client = sign_in(Client(), world.u("reception"))
    response = client.post(reverse("portal:draft_start", args=[world.simple]), follow=True)
    assert "Cán bộ không nộp hồ sơ trực tuyến" in response.content.decode()
    assert not SubmissionDraft.objects.exists()


def test_the_drafts_list_and_discard(
    world: World, citizen: Client, django_assert_max_num_queries: Any
) -> None:
    for code in (world.simple, world.liaison, world.liaison):
        citizen.post(reverse("portal:draft_start", args=[code]))
    drafts = list(SubmissionDraft.objects.order_by("pk"))
    with django_assert_max_num_queries(6):
        page = citizen.get(reverse("portal:drafts"))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("Tiếp tục") == 3
    assert "Đăng ký hộ kinh doanh liên thông thử nghiệm" in html
    assert f'href="{step(drafts[0].pk, "co-quan")}"' in html
    assert f'href="{step(drafts[1].pk, DraftStep.FORM)}"' in html
    response = citizen.post(reverse("portal:draft_discard", args=[drafts[0].pk]), follow=True)
    assert "Đã huỷ hồ sơ nháp" in response.content.decode()
    assert SubmissionDraft.objects.count() == 2
    empty = sign_in(
        Client(), User.objects.create_user(username="c", password="x", cccd="079090005678")
    )
    assert "Bạn chưa có hồ sơ nháp nào" in empty.get(reverse("portal:drafts")).content.decode()


def test_the_declaration_form_gives_each_type_its_input() -> None:
    from motcua.dossiers.declaration_form import declaration_form

    schema = [
        {"name": "ho_ten", "label": "Họ tên", "type": "text", "required": True},
        {"name": "ngay", "label": "Ngày sinh", "type": "date"},
        {"name": "so", "label": "Số tháng", "type": "number", "integer": True},
        {"name": "tien", "label": "Số tiền", "type": "number"},
        {"name": "cccd", "label": "CCCD", "type": "cccd"},
        {"name": "dt", "label": "Điện thoại", "type": "phone"},
        {"name": "qh", "label": "Quan hệ", "type": "choice", "choices": ["Con", "Khác"]},
    ]
    html = str(declaration_form(schema, prefix="f"))
    assert re.search(r'type="text" name="f-ho_ten"[^>]*required', html)
    assert 'type="date" name="f-ngay"' in html
    assert re.search(r'name="f-so"[^>]*inputmode="numeric"', html)
    assert re.search(r'name="f-tien"[^>]*inputmode="decimal"', html)
    assert re.search(r'name="f-cccd"[^>]*maxlength="12"', html)
    assert re.search(r'type="tel" name="f-dt"', html)
    assert '<option value="Con">Con</option>' in html
    assert '<label for="id_f-qh">Quan hệ:</label>' in html


def test_reuse_from_the_page_and_a_submitted_draft_cannot_be_discarded(
    world: World, citizen: Client
) -> None:
    from tests.dossiers.test_drafts import ready

    first = ready(world)
    dossier, _ = services.draft_submit(actor=world.u("citizen"), draft_id=first.pk)
    response = citizen.post(reverse("portal:draft_discard", args=[first.pk]), follow=True)
    assert "Hồ sơ nháp này đã được nộp" in response.content.decode()
    from motcua.catalog.services import DocumentData

    publish_other(
        "9.000010",
        world,
        channels=["online"],
        online_type="end_to_end",
        documents=[DocumentData(name="Bản sao CCCD", reusable=True)],
    )
    citizen.post(reverse("portal:draft_start", args=["9.000010"]))
    draft = SubmissionDraft.objects.get(dossier__isnull=True)
    url = step(draft.pk, "giay-to")
    html = citizen.get(url).content.decode()
    assert "Dùng giấy tờ đã có" in html
    assert dossier.code in html
    held = dossier.attachments.first()
    doc = draft_documents(draft)[0][0].pk
    response = citizen.post(url, {"action": "reuse", "document": doc, "attachment": held.pk})
    assert response["Location"] == url
    assert draft.files.get().reused_from == held
