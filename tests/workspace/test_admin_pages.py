"""Agency admin pages: processes (list, steps, new version, publish, JSON import), officials
(list, create, grant/revoke, deactivate) and calendar overrides — each within the admin's
agencies only, each write with its audit event, and a refused write changing nothing."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from motcua.accounts.models import Role, RoleAssignment, User
from motcua.accounts.services import role_grant
from motcua.catalog.models import Procedure
from motcua.core.models import AuditEvent, CalendarOverride
from motcua.core.services import calendar_override_set
from motcua.dossiers.models import ProcessDefinition, ProcessStatus
from motcua.dossiers.selectors.process import process_export_data
from motcua.testing.auth import sign_in
from tests.dossiers.conftest import World, _user

pytestmark = pytest.mark.django_db


def url(name: str, *args: Any) -> str:
    return reverse(f"workspace:{name}", args=args)


def kinds_since(gseq: int) -> list[str]:
    return list(
        AuditEvent.objects.filter(gseq__gt=gseq).order_by("gseq").values_list("kind", flat=True)
    )


def head() -> int:
    return AuditEvent.objects.order_by("-gseq").values_list("gseq", flat=True).first() or 0


@pytest.fixture
def admins(world: World) -> dict[str, User]:
    ward = _user("quantri_ward", world.ward, [])
    role_grant(user=ward, agency=world.ward, role=Role.AGENCY_ADMIN, include_descendants=True)
    other = _user("quantri_other", world.other_ward, [Role.AGENCY_ADMIN])
    city = _user("quantri_city", world.city, [])
    role_grant(user=city, agency=world.city, role=Role.CITY_ADMIN, include_descendants=True)
    return {"ward": ward, "other": other, "city": city}


@pytest.fixture
def ward_admin(client: Client, admins: dict[str, User]) -> Client:
    return sign_in(client, admins["ward"])


def shared_process(world: World) -> ProcessDefinition:
    return ProcessDefinition.objects.get(procedure__code=world.simple, agency__isnull=True)


def export_for(world: World, agency: Any) -> dict[str, Any]:
    data = process_export_data(shared_process(world))
    data["agency"] = agency.code if agency else None
    data["name"] = "Quy trình riêng của phường"
    return data


def test_the_pages_need_an_agency_admin(client: Client, world: World) -> None:
    sign_in(client, world.u("reception"))
    for name in ("admin_home", "admin_processes", "admin_officials", "admin_calendar"):
        assert client.get(url(name)).status_code == 403


def test_the_home_lists_the_admins_agencies(ward_admin: Client, world: World) -> None:
    body = ward_admin.get(url("admin_home")).content.decode()
    assert world.ward.name in body
    assert world.other_ward.name not in body


# -- processes ---------------------------------------------------------------------------------


def test_the_process_list_shows_the_shared_processes_of_procedures_received(
    ward_admin: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(10):
        response = ward_admin.get(url("admin_processes"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Quy trình 3 ngày" in body
    assert "Liên thông 2 ngày" in body
    assert "Dùng chung" in body
    assert "Đang áp dụng" in body


def test_a_shared_process_is_read_only_for_an_agency_admin(
    ward_admin: Client, world: World
) -> None:
    process = shared_process(world)
    page = ward_admin.get(url("admin_process", process.pk)).content.decode()
    assert "Review" in page
    assert "Sign" in page
    assert "chỉ xem được" in page
    before = ProcessDefinition.objects.count()
    response = ward_admin.post(url("admin_process", process.pk), {"action": "new_version"})
    assert response.status_code == 400
    assert "Bạn không quản trị cơ quan này." in response.content.decode()
    assert ProcessDefinition.objects.count() == before


def test_import_a_draft_for_the_admins_agency_then_publish_and_revise(
    ward_admin: Client, world: World
) -> None:
    # given the export of the shared process, made the ward's own
    gseq = head()
    text = json.dumps(export_for(world, world.ward), ensure_ascii=False)
    response = ward_admin.post(url("admin_process_import"), {"text": text})
    draft = ProcessDefinition.objects.get(agency=world.ward)
    assert response.status_code == 302
    assert draft.status == ProcessStatus.DRAFT
    assert kinds_since(gseq) == ["process.draft_created"]
    # when it is published
    response = ward_admin.post(url("admin_process", draft.pk), {"action": "publish"})
    draft.refresh_from_db()
    assert response.status_code == 302
    assert draft.status == ProcessStatus.PUBLISHED
    # then a new draft copies it
    response = ward_admin.post(url("admin_process", draft.pk), {"action": "new_version"})
    assert response.status_code == 302
    newest = ProcessDefinition.objects.get(agency=world.ward, version=2)
    assert newest.status == ProcessStatus.DRAFT
    assert kinds_since(gseq) == [
        "process.draft_created",
        "process.published",
        "process.draft_created",
    ]


def test_import_from_a_file_with_publish(ward_admin: Client, world: World) -> None:
    raw = json.dumps(export_for(world, world.ward)).encode()
    upload = SimpleUploadedFile("quy-trinh.json", raw, content_type="application/json")
    response = ward_admin.post(url("admin_process_import"), {"file": upload, "publish": "on"})
    assert response.status_code == 302
    assert ProcessDefinition.objects.get(agency=world.ward).status == ProcessStatus.PUBLISHED


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "Không phải JSON hợp lệ"),
        ("[]", "đối tượng JSON"),
        ("", "Hãy dán nội dung JSON hoặc chọn tệp."),
    ],
)
def test_bad_json_is_refused_in_words(ward_admin: Client, text: str, message: str) -> None:
    before = ProcessDefinition.objects.count()
    response = ward_admin.post(url("admin_process_import"), {"text": text})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert ProcessDefinition.objects.count() == before


def test_import_for_another_agency_or_shared_is_refused(ward_admin: Client, world: World) -> None:
    before = ProcessDefinition.objects.count()
    for agency in (world.other_ward, None):
        text = json.dumps(export_for(world, agency))
        response = ward_admin.post(url("admin_process_import"), {"text": text})
        assert response.status_code == 400
        assert "Bạn không quản trị cơ quan này." in response.content.decode()
    assert ProcessDefinition.objects.count() == before


def test_import_refuses_an_unknown_procedure_or_agency_and_a_bad_graph(
    ward_admin: Client, world: World
) -> None:
    before = ProcessDefinition.objects.count()
    for change, message in (
        ({"procedure": "0.000000"}, "Không tìm thấy thủ tục"),
        ({"agency": "000.99.99.H29"}, "Không tìm thấy cơ quan"),
        ({"edges": []}, "Quy trình không hợp lệ"),
    ):
        text = json.dumps({**export_for(world, world.ward), **change})
        response = ward_admin.post(url("admin_process_import"), {"text": text})
        assert response.status_code == 400
        assert message in response.content.decode()
    assert ProcessDefinition.objects.count() == before


def test_a_refused_publish_leaves_the_draft_and_says_why(ward_admin: Client, world: World) -> None:
    data = export_for(world, world.ward)
    data["steps"][0]["allotted_hours"] = 1  # no longer the procedure's 3 working days
    ward_admin.post(url("admin_process_import"), {"text": json.dumps(data)})
    draft = ProcessDefinition.objects.get(agency=world.ward)
    response = ward_admin.post(url("admin_process", draft.pk), {"action": "publish"})
    assert response.status_code == 400
    assert "Chưa có gì được lưu." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == ProcessStatus.DRAFT
    assert ward_admin.post(url("admin_process", draft.pk), {"action": "x"}).status_code == 400


def test_another_agencys_process_is_not_found(client: Client, world: World, admins: Any) -> None:
    sign_in(client, admins["city"])
    client.post(url("admin_process_import"), {"text": json.dumps(export_for(world, world.ward))})
    own = ProcessDefinition.objects.get(agency=world.ward)
    other = Client()
    sign_in(other, admins["other"])
    assert other.get(url("admin_process", own.pk)).status_code == 404
    # a shared process of a procedure the other ward does not receive is not listed either
    liaison = ProcessDefinition.objects.get(procedure__code=world.liaison)
    assert other.get(url("admin_process", liaison.pk)).status_code == 404


def test_the_city_admin_imports_a_shared_process(client: Client, world: World, admins: Any) -> None:
    sign_in(client, admins["city"])
    response = client.post(
        url("admin_process_import"), {"text": json.dumps(export_for(world, None))}
    )
    assert response.status_code == 302
    procedure = Procedure.objects.get(code=world.simple)
    assert ProcessDefinition.objects.filter(procedure=procedure, agency__isnull=True).count() == 2


# -- officials ---------------------------------------------------------------------------------


def test_the_officials_list_shows_the_admins_agencies_only(
    ward_admin: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(10):
        body = ward_admin.get(url("admin_officials")).content.decode()
    assert "reception" in body
    assert "Cán bộ tiếp nhận" in body
    assert "other_reception" not in body
    assert "dept_specialist" not in body


def test_create_an_official_of_the_admins_agency(ward_admin: Client, world: World) -> None:
    gseq = head()
    data = {"username": "canbo.moi", "full_name": "Cán Bộ Mới", "home_agency": world.ward.code}
    response = ward_admin.post(url("admin_official_create"), data)
    user = User.objects.get(username="canbo.moi")
    assert response.status_code == 302
    assert user.kind == "official"
    assert user.home_agency == world.ward
    assert kinds_since(gseq) == ["user.created"]


def test_creating_an_official_elsewhere_or_twice_is_refused(
    ward_admin: Client, world: World
) -> None:
    data = {"username": "canbo.x", "full_name": "X", "home_agency": world.other_ward.code}
    assert ward_admin.post(url("admin_official_create"), data).status_code == 400
    taken = {"username": "reception", "full_name": "X", "home_agency": world.ward.code}
    response = ward_admin.post(url("admin_official_create"), taken)
    assert response.status_code == 400
    assert "đã được dùng" in response.content.decode()
    assert not User.objects.filter(username="canbo.x").exists()


def test_grant_and_revoke_a_role_with_their_events(ward_admin: Client, world: World) -> None:
    official = world.u("specialist")
    gseq = head()
    page = url("admin_official", official.pk)
    form = {"action": "grant", "role": Role.UNIT_HEAD, "agency": world.ward.code}
    assert ward_admin.post(page, form).status_code == 302
    row = RoleAssignment.objects.get(user=official, role=Role.UNIT_HEAD)
    assert ward_admin.post(page, {"action": "revoke", "assignment": row.pk}).status_code == 302
    assert not RoleAssignment.objects.filter(pk=row.pk).exists()
    assert kinds_since(gseq) == ["user.role_granted", "user.role_revoked"]


def test_the_role_service_refusals_are_shown(ward_admin: Client, world: World, admins: Any) -> None:
    official = world.u("specialist")
    page = url("admin_official", official.pk)
    # city_admin is not offered to an agency admin, and a forged choice is refused
    body = ward_admin.get(page).content.decode()
    assert 'value="city_admin"' not in body
    response = ward_admin.post(
        page, {"action": "grant", "role": "city_admin", "agency": world.ward.code}
    )
    assert response.status_code == 400
    response = ward_admin.post(page, {"action": "revoke", "assignment": 0})
    assert "Không tìm thấy vai trò này." in response.content.decode()
    assert ward_admin.post(page, {"action": "nothing"}).status_code == 400
    # nobody changes their own roles
    own = url("admin_official", admins["ward"].pk)
    response = ward_admin.post(
        own, {"action": "grant", "role": Role.SIGNER, "agency": world.ward.code}
    )
    assert response.status_code == 400
    assert "không có quyền" in response.content.decode()


def test_deactivate_an_official(ward_admin: Client, world: World, admins: Any) -> None:
    official = world.u("specialist2")
    gseq = head()
    response = ward_admin.post(url("admin_official", official.pk), {"action": "deactivate"})
    official.refresh_from_db()
    assert response.status_code == 302
    assert not official.is_active
    assert kinds_since(gseq) == ["user.changed"]
    own = ward_admin.post(url("admin_official", admins["ward"].pk), {"action": "deactivate"})
    assert own.status_code == 400
    assert "Không thể tự khóa" in own.content.decode()


def test_another_agencys_official_is_not_found(ward_admin: Client, world: World) -> None:
    other = world.u("other_reception")
    assert ward_admin.get(url("admin_official", other.pk)).status_code == 404
    assert (
        ward_admin.post(url("admin_official", other.pk), {"action": "deactivate"}).status_code
        == 404
    )
    other.refresh_from_db()
    assert other.is_active


# -- calendar overrides ------------------------------------------------------------------------


def test_add_and_delete_an_override_with_their_events(ward_admin: Client, world: World) -> None:
    gseq = head()
    data = {
        "action": "set",
        "date": "2026-04-25",
        "kind": "working_day",
        "agency": world.ward.code,
        "source": "Thông báo 12/TB-UBND",
    }
    assert ward_admin.post(url("admin_calendar"), data).status_code == 302
    row = CalendarOverride.objects.get(agency=world.ward)
    assert row.date == date(2026, 4, 25)
    assert "Thông báo 12/TB-UBND" in ward_admin.get(url("admin_calendar")).content.decode()
    form = {"action": "delete", "override": row.pk}
    assert ward_admin.post(url("admin_calendar"), form).status_code == 302
    assert not CalendarOverride.objects.filter(pk=row.pk).exists()
    assert kinds_since(gseq) == ["calendar.override_set", "calendar.override_deleted"]


def test_another_agencys_override_is_neither_shown_nor_deleted(
    ward_admin: Client, world: World
) -> None:
    theirs = calendar_override_set(
        date=date(2026, 5, 2), kind="day_off", agency=world.other_ward, note="Riêng phường Sài Gòn"
    )
    city = calendar_override_set(date=date(2026, 5, 3), kind="day_off", note="Toàn thành phố nghỉ")
    body = ward_admin.get(url("admin_calendar")).content.decode()
    assert "Riêng phường Sài Gòn" not in body
    assert "Toàn thành phố nghỉ" not in body
    for pk in (theirs.pk, city.pk):
        response = ward_admin.post(url("admin_calendar"), {"action": "delete", "override": pk})
        assert response.status_code == 400
        assert "Không tìm thấy ngày điều chỉnh" in response.content.decode()
    assert CalendarOverride.objects.count() == 2


def test_a_bad_override_is_refused_in_words(ward_admin: Client, world: World) -> None:
    data = {"action": "set", "date": "2099-01-01", "kind": "day_off", "agency": world.ward.code}
    response = ward_admin.post(url("admin_calendar"), data)
    assert response.status_code == 400
    assert "nằm ngoài phạm vi lịch làm việc" in response.content.decode()
    elsewhere = {**data, "date": "2026-05-02", "agency": world.other_ward.code}
    assert ward_admin.post(url("admin_calendar"), elsewhere).status_code == 400
    assert not CalendarOverride.objects.exists()


def test_the_city_admin_sees_city_wide_overrides(client: Client, admins: Any) -> None:
    calendar_override_set(date=date(2026, 5, 3), kind="day_off", note="Toàn thành phố nghỉ")
    sign_in(client, admins["city"])
    assert "Toàn thành phố nghỉ" in client.get(url("admin_calendar")).content.decode()


def test_a_json_file_too_large_or_not_utf8_is_refused(ward_admin: Client) -> None:
    big = SimpleUploadedFile("big.json", b" " * (512 * 1024 + 1))
    response = ward_admin.post(url("admin_process_import"), {"file": big})
    assert "Tệp JSON quá lớn" in response.content.decode()
    latin = SimpleUploadedFile("latin.json", "{'tên': 1}".encode("latin-1"))
    response = ward_admin.post(url("admin_process_import"), {"file": latin})
    assert response.status_code == 400
    assert "Tệp phải là văn bản UTF-8." in response.content.decode()


def test_publishing_an_invalid_draft_lists_the_problems(ward_admin: Client, world: World) -> None:
    from motcua.dossiers.services.process import process_update_draft

    ward_admin.post(
        url("admin_process_import"), {"text": json.dumps(export_for(world, world.ward))}
    )
    draft = ProcessDefinition.objects.get(agency=world.ward)
    data = export_for(world, world.ward)
    process_update_draft(process=draft, steps=data["steps"], edges=data["edges"][:1])
    response = ward_admin.post(url("admin_process", draft.pk), {"action": "publish"})
    assert response.status_code == 400
    assert "Quy trình chưa hợp lệ:" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == ProcessStatus.DRAFT


def test_the_scope_checks_hold_in_the_services_too(world: World, admins: dict[str, User]) -> None:
    from motcua.core.errors import DomainError, NotFound
    from motcua.workspace import agency_admin as aa

    with pytest.raises(NotFound):
        aa.admin_agency_get(user=admins["ward"], code=world.other_ward.code)
    with pytest.raises(DomainError, match="Họ tên không được để trống"):
        aa.admin_official_create(
            actor=admins["ward"], username="x", full_name="  ", home_agency=world.ward
        )
    with pytest.raises(DomainError, match="Bạn không quản trị cơ quan này"):
        aa.admin_override_set(
            actor=admins["ward"], agency=world.other_ward, date=date(2026, 5, 2), kind="day_off"
        )
    assert not aa.is_agency_admin(world.u("reception"))
