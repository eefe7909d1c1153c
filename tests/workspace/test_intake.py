"""Counter intake pages: the procedure list, the form (prefill by CCCD, errors by field), one
flow that records the dossier with its scans or nothing, and the receipt page with its slip."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from motcua.catalog.models import ProcedureVersion
from motcua.core.models import AuditEvent
from motcua.dossiers.models import Attachment, Dossier, DossierStatus, Slip
from motcua.testing.auth import sign_in
from tests.conftest import stored_names
from tests.dossiers.conftest import CITIZEN_CCCD, World
from tests.dossiers.test_attachments import pdf_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.backends]

START = "/can-bo/tiep-nhan/"


def form_url(code: str) -> str:
    return reverse("workspace:intake_form", args=[code])


def documents(world: World, code: str | None = None) -> list[int]:
    version = ProcedureVersion.objects.get(
        procedure__code=code or world.simple, procedure__current__isnull=False
    )
    return list(version.documents.order_by("order").values_list("pk", flat=True))


def post_data(world: World, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "channel": "counter",
        "agency": world.ward.code,
        "kind": "person",
        "name": "Nguyễn Văn An",
        "id_number": CITIZEN_CCCD,
        "phone": "0901234567",
        "address": "12 Lê Lợi",
        "tk-purpose": "Đi học",
    }
    for pk in documents(world):
        data[f"doc-{pk}"] = SimpleUploadedFile(f"scan-{pk}.pdf", pdf_bytes())
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [root / name for name in stored_names()]  # through the storage: disk or S3


@pytest.fixture
def reception(client: Client, world: World) -> Client:
    return sign_in(client, world.u("reception"))


def test_the_list_shows_the_procedures_the_officers_agency_receives(
    reception: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(8):
        response = reception.get(START)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Đăng ký khai sinh thử nghiệm" in body
    assert "Đăng ký hộ kinh doanh liên thông thử nghiệm" in body
    assert form_url(world.simple) in body


def test_the_search_box_filters_with_or_without_diacritics(reception: Client, world: World) -> None:
    body = reception.get(START, {"q": "ho kinh doanh"}).content.decode()
    assert "liên thông thử nghiệm" in body
    assert "khai sinh thử nghiệm" not in body
    assert "Không có thủ tục nào" in reception.get(START, {"q": "zzz"}).content.decode()


def test_another_agencys_reception_sees_only_what_it_receives(client: Client, world: World) -> None:
    sign_in(client, world.u("other_reception"))
    body = client.get(START).content.decode()
    assert "khai sinh thử nghiệm" in body
    assert "liên thông thử nghiệm" not in body  # received by the first ward only
    assert client.get(form_url(world.liaison)).status_code == 404


def test_an_official_without_the_reception_role_is_told_so(client: Client, world: World) -> None:
    sign_in(client, world.u("specialist"))
    response = client.get(START)
    assert "chưa được phân vai trò cán bộ tiếp nhận" in response.content.decode()
    assert client.get(form_url(world.simple)).status_code == 404


def test_the_form_lists_the_declaration_and_one_upload_per_document(
    reception: Client, world: World
) -> None:
    body = reception.get(form_url(world.simple)).content.decode()
    assert 'name="tk-purpose"' in body
    assert "Mục đích" in body
    for pk in documents(world):
        assert f'name="doc-{pk}"' in body
    assert 'enctype="multipart/form-data"' in body


def test_a_cccd_prefills_the_applicant_from_the_citizen_account(
    reception: Client, world: World
) -> None:
    citizen = world.u("citizen")
    citizen.full_name, citizen.phone = "Trần Thị Bình", "0909000111"
    citizen.save()
    body = reception.get(form_url(world.simple), {"cccd": CITIZEN_CCCD}).content.decode()
    assert 'value="Trần Thị Bình"' in body
    assert 'value="0909000111"' in body
    assert "Đã điền thông tin từ tài khoản công dân" in body
    unknown = reception.get(form_url(world.simple), {"cccd": "079190009999"}).content.decode()
    assert "Chưa có tài khoản công dân với số CCCD này" in unknown
    bad = reception.get(form_url(world.simple), {"cccd": "123"}).content.decode()
    assert 'aria-invalid="true"' in bad


def test_an_intake_records_the_dossier_received_with_its_scans(
    reception: Client,
    world: World,
    run_tasks: Callable[[], AbstractContextManager[list]],
) -> None:
    # given a complete counter intake
    with run_tasks() as ran:
        response = reception.post(form_url(world.simple), post_data(world))
    # then the dossier is received with its appointment, linked to the citizen's account
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert response["Location"] == reverse("workspace:intake_receipt", args=[dossier.code])
    assert dossier.status == DossierStatus.RECEIVED
    assert dossier.due_at is not None
    assert dossier.channel == "counter"
    assert dossier.applicant_user == world.u("citizen")
    assert dossier.form_data == {"purpose": "Đi học"}
    assert Attachment.objects.filter(dossier=dossier).count() == len(documents(world))
    kinds = list(AuditEvent.objects.filter(stream_id=dossier.code).values_list("kind", flat=True))
    assert kinds.count("dossier.attachment_added") == len(documents(world))
    assert "dossier.received" in kinds
    assert any(r.task_path.endswith("render_slip") for r in ran)
    # and the receipt page offers the stored slip to print
    page = reception.get(response["Location"]).content.decode()
    assert "In phiếu tiếp nhận" in page
    assert reverse("portal:slip_download", args=[dossier.code, "receipt"]) in page
    assert Slip.objects.filter(dossier=dossier, kind="receipt").exists()


def test_the_receipt_page_says_the_slip_is_being_made_until_it_exists(
    reception: Client, world: World
) -> None:
    reception.post(form_url(world.simple), post_data(world, channel="postal"))
    dossier = Dossier.objects.get()
    assert dossier.channel == "postal"
    page = reception.get(reverse("workspace:intake_receipt", args=[dossier.code]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Đang tạo phiếu tiếp nhận" in body
    assert "In phiếu tiếp nhận" not in body
    assert f'href="{reverse("workspace:intake_receipt", args=[dossier.code])}"' in body


def test_bad_applicant_and_declaration_are_shown_by_field_and_nothing_is_made(
    reception: Client, world: World
) -> None:
    data = post_data(world, id_number="123", **{"tk-purpose": ""})
    response = reception.post(form_url(world.simple), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="form-errors"' in body
    assert "Chưa có gì được lưu." in body
    assert 'aria-invalid="true"' in body
    assert "Bắt buộc nhập &#x27;Mục đích&#x27;." in body or "Bắt buộc nhập 'Mục đích'." in body
    assert not Dossier.objects.exists()
    assert not Attachment.objects.exists()
    assert stored_files() == []


def test_a_refused_upload_leaves_no_dossier_and_no_file(reception: Client, world: World) -> None:
    _first, second = documents(world)
    data = post_data(
        world, **{f"doc-{second}": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00not a pdf at all")}
    )
    response = reception.post(form_url(world.simple), data)
    assert response.status_code == 400
    assert "Định dạng tệp không được chấp nhận" in response.content.decode()
    assert not Dossier.objects.exists()
    assert not Attachment.objects.exists()
    assert stored_files() == []  # the first scan, stored before the refusal, is gone too
    assert not AuditEvent.objects.filter(kind__startswith="dossier.").exists()


def test_a_missing_scan_of_a_required_document_is_refused(reception: Client, world: World) -> None:
    first, _ = documents(world)
    response = reception.post(form_url(world.simple), post_data(world, **{f"doc-{first}": None}))
    assert response.status_code == 400
    assert "Chưa có bản quét của «Tờ khai»." in response.content.decode()
    assert not Dossier.objects.exists()


def test_an_agency_outside_the_officers_scope_is_refused(reception: Client, world: World) -> None:
    response = reception.post(
        form_url(world.simple), post_data(world, agency=world.other_ward.code)
    )
    assert response.status_code == 400
    assert not Dossier.objects.exists()


def test_someone_elses_receipt_page_is_not_found(
    client: Client, reception: Client, world: World
) -> None:
    reception.post(form_url(world.simple), post_data(world))
    code = Dossier.objects.get().code
    other = Client()
    sign_in(other, world.u("other_reception"))
    assert other.get(reverse("workspace:intake_receipt", args=[code])).status_code == 404


def test_a_procedure_not_in_force_is_not_found(reception: Client) -> None:
    assert reception.get(form_url("0.000000")).status_code == 404


def test_a_service_rule_is_shown_at_the_top(reception: Client, world: World, settings: Any) -> None:
    # given the ward's dossier numbers for today are used up (a city that refuses the 10,000th)
    from django.utils import timezone

    from motcua.dossiers.models import DossierCounter

    settings.MOTCUA = {**settings.MOTCUA, "DOSSIER_SEQUENCE_OVERFLOW": "refuse"}
    DossierCounter.objects.create(agency=world.ward, day=timezone.localdate(), last=9999)
    response = reception.post(form_url(world.simple), post_data(world))
    assert response.status_code == 400
    assert "Đã hết số thứ tự hồ sơ trong ngày (9999)." in response.content.decode()
    assert not Dossier.objects.exists()


def test_an_organisation_for_a_person_only_procedure_is_refused_by_field(
    reception: Client, world: World
) -> None:
    version = ProcedureVersion.objects.get(procedure__code=world.simple)
    version.applicant_types = ["individual"]
    version.save(update_fields=["applicant_types"])
    data = post_data(world, kind="organisation", id_number="0312345673")
    response = reception.post(form_url(world.simple), data)
    assert response.status_code == 400
    assert "chỉ dành cho cá nhân" in response.content.decode()


def test_a_stored_scan_that_cannot_be_deleted_is_logged(
    reception: Client, world: World, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    storage = Attachment._meta.get_field("file").storage

    def refuse(name: str) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(storage, "delete", refuse)
    _, second = documents(world)
    bad = {f"doc-{second}": SimpleUploadedFile("x.pdf", b"not a pdf")}
    assert reception.post(form_url(world.simple), post_data(world, **bad)).status_code == 400
    assert "could not delete" in caplog.text
    assert not Dossier.objects.exists()
