"""Django admin for master data: every page opens; frozen things stay frozen; writes go through
the services (audit events, materialised paths, folded search text)."""

from __future__ import annotations

import base64
from decimal import Decimal

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.contrib import admin
from django.db import transaction
from django.urls import reverse

from motcua.accounts.models import Agency, ApiToken, RoleAssignment, User
from motcua.accounts.services import role_grant
from motcua.api.auth import token_create
from motcua.catalog.demo import seed
from motcua.catalog.models import Field, Procedure, ProcedureVersion, VersionStatus
from motcua.catalog.services import ProcedureData, procedure_draft_save, procedure_publish
from motcua.core import audit
from motcua.core.audit_signing import checkpoint_create
from motcua.core.models import AuditEvent, CalendarOverride, JobRun, OutboxMessage
from motcua.testing.auth import sign_in

pytestmark = pytest.mark.django_db

MY_APPS = {"accounts", "catalog", "core"}


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def admin_client(admin_user, client):
    """pytest-django's, with the second factor: after the seed, `admin` is an official."""
    return sign_in(client, admin_user)


@pytest.fixture
def seeded(db, settings):
    seed.seed_demo()
    key = base64.b64encode(Ed25519PrivateKey.generate().private_bytes_raw()).decode()
    settings.MOTCUA = {**settings.MOTCUA, "AUDIT_KEY": key}
    checkpoint_create()
    admin_user = User.objects.get(username="admin")
    token_create(user=admin_user, name="test")
    OutboxMessage.objects.create(kind="dossier.received", recipient="+84901234567")
    JobRun.objects.create(name="deadline_sweep", last_ok=True)
    CalendarOverride.objects.create(date="2026-04-25", kind="working_day", note="Làm bù")


def test_every_changelist_and_change_page_opens(seeded, admin_client):
    models = [m for m in admin.site._registry if m._meta.app_label in MY_APPS]
    assert {
        Agency,
        User,
        ApiToken,
        Field,
        Procedure,
        ProcedureVersion,
        CalendarOverride,
        AuditEvent,
        OutboxMessage,
        JobRun,
    } <= set(models)
    for model in models:
        response = admin_client.get(_url(model, "changelist"))
        assert response.status_code == 200, model
        response = admin_client.get(_url(model, "changelist"), {"q": "Bến Thành"})
        assert response.status_code == 200, model
        obj = model._default_manager.order_by("pk").first()
        assert obj is not None, model
        response = admin_client.get(_url(model, "change", obj.pk))
        assert response.status_code == 200, model
    for model in (Agency, User, Field, Procedure, ProcedureVersion, CalendarOverride):
        assert admin_client.get(_url(model, "add")).status_code == 200, model


def test_agency_changelist_shows_the_tree_and_filters(seeded, admin_client):
    response = admin_client.get(_url(Agency, "changelist"), {"kind__exact": "special_zone"})
    assert response.status_code == 200
    assert "Côn Đảo" in response.content.decode()
    assert "Sở Tư pháp" not in response.content.decode()
    page = admin_client.get(_url(Agency, "changelist"), {"q": "001.02.90"}).content.decode()
    assert 'class="tree-depth-2"' in page  # indented by CSS class (no inline style: CSP)
    assert "css/admin.css" in page
    assert "Bến Thành" in page


def test_search_versions_without_diacritics(seeded, admin_client):
    page = admin_client.get(_url(ProcedureVersion, "changelist"), {"q": "dang ky khai sinh"})
    assert "Đăng ký khai sinh" in page.content.decode()


# --- frozen and read-only pages --------------------------------------------------------------


def _procedure(code: str = "9.000001") -> ProcedureVersion:
    Field.objects.get_or_create(code="ho-tich", defaults={"name": "Hộ tịch"})
    data = ProcedureData(
        code=code,
        name="Thủ tục thử",
        field_code="ho-tich",
        level="commune",
        time_limit_value=Decimal(3),
        time_limit_unit="working_days",
        applicants="Công dân",
        result_type="Giấy xác nhận",
    )
    return procedure_draft_save(data=data)


def test_published_version_is_read_only(admin_client):
    version = procedure_publish(version=_procedure())
    url = _url(ProcedureVersion, "change", version.pk)

    response = admin_client.get(url)
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert 'name="_save"' not in response.content.decode()

    response = admin_client.post(url, {"name": "Sửa trộm"})
    assert response.status_code == 403
    version.refresh_from_db()
    assert version.name == "Thủ tục thử"
    assert version.status == VersionStatus.PUBLISHED
    assert admin_client.post(_url(ProcedureVersion, "delete", version.pk)).status_code == 403


def _version_post(version: ProcedureVersion, **changes) -> dict:
    data = {
        "name": version.name,
        "field": version.field_id,
        "level": version.level,
        "agency_text": "",
        "steps_text": "",
        "channels": '["counter"]',
        "time_limit_value": "3",
        "time_limit_unit": "working_days",
        "time_limit_text": "",
        "receipt_cutoff": "",
        "applicants": "Công dân",
        "applicant_types": '["individual"]',
        "result_type": "Giấy xác nhận",
        "legal_basis": "",
        "requirements": "",
        "publication_decision_number": "",
        "publication_decision_date": "",
        "online_type": "none",
        "form_schema": "[]",
        "documents-TOTAL_FORMS": "1",
        "documents-INITIAL_FORMS": "0",
        "documents-0-order": "1",
        "documents-0-name": "Đơn đề nghị xác nhận",
        "documents-0-copy_type": "original",
        "documents-0-quantity": "1",
        "documents-0-is_required": "on",
        "documents-0-template_name": "",
        "fees-TOTAL_FORMS": "0",
        "fees-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_draft_edit_recomputes_folded_text_and_audits(admin_client):
    draft = _procedure()
    url = _url(ProcedureVersion, "change", draft.pk)
    response = admin_client.post(url, _version_post(draft, name="Cấp Giấy xác nhận đặc biệt"))
    assert response.status_code == 302, response.content.decode()[:2000]
    draft.refresh_from_db()
    assert draft.name_folded == "cap giay xac nhan dac biet"
    assert "don de nghi xac nhan" in draft.search_folded
    assert draft.status == VersionStatus.DRAFT
    events = audit.stream_events("procedure", "9.000001")
    assert events[-1].kind == "procedure.draft_saved"
    assert events[-1].payload["via"] == "admin"

    response = admin_client.post(
        _url(ProcedureVersion, "changelist"),
        {
            "action": "publish_selected",
            "_selected_action": [draft.pk],
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED
    assert Procedure.objects.get(code="9.000001").current_id == draft.pk

    admin_client.post(
        _url(ProcedureVersion, "changelist"),
        {
            "action": "new_draft_from_selected",
            "_selected_action": [draft.pk],
        },
    )
    new = ProcedureVersion.objects.get(procedure__code="9.000001", number=2)
    assert new.status == VersionStatus.DRAFT
    assert new.name == "Cấp Giấy xác nhận đặc biệt"
    assert list(new.documents.values_list("name", flat=True)) == ["Đơn đề nghị xác nhận"]


def test_second_draft_cannot_be_added(admin_client):
    draft = _procedure()
    data = _version_post(draft, procedure=draft.procedure_id)
    response = admin_client.post(_url(ProcedureVersion, "add"), data)
    assert response.status_code == 200
    assert "đang có một dự thảo" in response.content.decode()
    assert ProcedureVersion.objects.count() == 1


def test_audit_and_outbox_are_read_only(admin_client, admin_user):
    with transaction.atomic():
        event = audit.append(stream_type="test", stream_id="1", kind="x", actor=admin_user)
    message = OutboxMessage.objects.create(kind="k")
    for model, obj in ((AuditEvent, event), (OutboxMessage, message)):
        assert admin_client.get(_url(model, "add")).status_code == 403
        assert admin_client.post(_url(model, "change", obj.pk), {"kind": "y"}).status_code == 403
        assert admin_client.post(_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    event.refresh_from_db()
    assert event.kind == "x"


# --- agencies, users, roles, tokens ----------------------------------------------------------


def _agency_post(**changes) -> dict:
    data = {
        "code": "000.00.00.H29",
        "name": "UBND Thành phố",
        "short_name": "UBND TP",
        "kind": "city_committee",
        "parent": "",
        "address": "",
        "phone": "",
        "email": "",
        "office_hours": '[["07:30", "11:30"], ["13:00", "17:00"]]',
        "saturday_hours": "[]",
        "is_active": "on",
    }
    data.update(changes)
    return data


def test_agency_add_goes_through_the_service(admin_client):
    response = admin_client.post(_url(Agency, "add"), _agency_post(code="H29"))
    assert response.status_code == 200
    assert "QCVN 102:2016" in response.content.decode()

    response = admin_client.post(_url(Agency, "add"), _agency_post())
    assert response.status_code == 302
    city = Agency.objects.get(code="000.00.00.H29")
    assert city.path == f"/{city.pk}/"
    response = admin_client.post(
        _url(Agency, "add"),
        _agency_post(
            code="000.00.01.H29",
            name="Sở Tư pháp",
            short_name="STP",
            kind="department",
            parent=city.pk,
            saturday_hours='[["07:30", "11:30"]]',
        ),
    )
    assert response.status_code == 302
    dept = Agency.objects.get(code="000.00.01.H29")
    assert dept.path == f"/{city.pk}/{dept.pk}/"
    assert dept.saturday_hours == [["07:30", "11:30"]]
    assert [e.kind for e in audit.stream_events("agency", dept.code)] == ["agency.created"]

    response = admin_client.post(
        _url(Agency, "change", dept.pk),
        _agency_post(
            name="Sở Tư pháp TP.HCM",
            short_name="STP",
            kind="department",
            office_hours='[["13:00", "11:00"]]',
        ),
    )
    assert response.status_code == 200  # invalid hours: form error, nothing saved
    response = admin_client.post(
        _url(Agency, "change", dept.pk),
        _agency_post(name="Sở Tư pháp TP.HCM", short_name="STP", kind="department"),
    )
    assert response.status_code == 302
    dept.refresh_from_db()
    assert dept.name == "Sở Tư pháp TP.HCM"
    assert dept.code == "000.00.01.H29"
    assert dept.parent_id == city.pk  # parent is read-only once created
    assert audit.stream_events("agency", dept.code)[-1].kind == "agency.updated"
    assert admin_client.post(_url(Agency, "delete", dept.pk), {"post": "yes"}).status_code == 403


def _user_post(user: User, roles: list[dict], initial: int = 0) -> dict:
    data = {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2025-07-01",
        "date_joined_1": "08:00:00",
        "kind": user.kind,
        "full_name": user.full_name,
        "cccd": "",
        "tax_code": "",
        "organisation_name": "",
        "phone": "",
        "home_agency": "",
        "role_assignments-TOTAL_FORMS": str(len(roles)),
        "role_assignments-INITIAL_FORMS": str(initial),
    }
    for i, row in enumerate(roles):
        for key, value in row.items():
            data[f"role_assignments-{i}-{key}"] = value
    return data


def test_role_inline_goes_through_role_grant_and_revoke(tree, official, admin_client):
    url = _url(User, "change", official.pk)
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url,
        _user_post(
            official,
            [
                {"role": "reception", "agency": tree.ward.pk, "include_descendants": "on"},
            ],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    row = RoleAssignment.objects.get(user=official)
    assert row.role == "reception"
    assert row.include_descendants
    kinds = [e.kind for e in audit.stream_events("user", official.pk)]
    assert "user.role_granted" in kinds
    assert "user.changed" in kinds

    response = admin_client.post(
        url,
        _user_post(
            official,
            [
                {"id": row.pk, "user": official.pk, "role": "specialist", "agency": tree.ward.pk},
            ],
            initial=1,
        ),
    )
    assert response.status_code == 302
    assert list(RoleAssignment.objects.filter(user=official).values_list("role", flat=True)) == [
        "specialist"
    ]
    new = RoleAssignment.objects.get(user=official)
    response = admin_client.post(
        url,
        _user_post(
            official,
            [
                {
                    "id": new.pk,
                    "user": official.pk,
                    "role": "specialist",
                    "agency": tree.ward.pk,
                    "DELETE": "on",
                },
            ],
            initial=1,
        ),
    )
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(user=official).exists()
    assert audit.stream_events("user", official.pk)[-1].kind == "user.role_revoked"


def test_citizens_cannot_be_given_roles_and_ids_are_checked(tree, admin_client):
    citizen = User.objects.create_user("cd", full_name="Công dân", kind="citizen")
    url = _url(User, "change", citizen.pk)
    response = admin_client.post(
        url,
        _user_post(
            citizen,
            [
                {"role": "reception", "agency": tree.ward.pk},
            ],
        ),
    )
    assert response.status_code == 200
    assert "Chỉ cán bộ, công chức" in response.content.decode()
    data = _user_post(citizen, [])
    data["cccd"] = "079085012346x"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "CCCD" in response.content.decode()
    assert not RoleAssignment.objects.exists()


def test_api_token_is_read_only_and_revoked_through_the_service(admin_client, admin_user):
    token_create(user=admin_user, name="tích hợp")
    token = ApiToken.objects.get()
    assert admin_client.get(_url(ApiToken, "add")).status_code == 403
    response = admin_client.post(
        _url(ApiToken, "change", token.pk),
        {"name": "đổi tên", "key_hash": "0" * 64, "revoked_at_0": "", "revoked_at_1": ""},
    )
    assert response.status_code == 403  # nothing to change here
    assert admin_client.post(_url(ApiToken, "delete", token.pk), {"post": "yes"}).status_code == 403
    token.refresh_from_db()
    assert (token.name, token.revoked_at) == ("tích hợp", None)
    assert token.key_hash != "0" * 64
    response = admin_client.post(
        _url(ApiToken, "changelist"),
        {"action": "revoke_selected", "_selected_action": [token.pk]},
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    [event] = audit.stream_events("user", admin_user.pk)
    assert (event.kind, event.payload) == (
        "user.token_revoked",
        {"token": token.prefix, "name": "tích hợp"},
    )


def test_calendar_override_admin_uses_the_service(tree, admin_client):
    data = {
        "date": "2026-04-25",
        "kind": "working_day",
        "agency": tree.ward.pk,
        "note": "Làm bù",
        "source": "Thông báo",
    }
    assert admin_client.post(_url(CalendarOverride, "add"), data).status_code == 302
    row = CalendarOverride.objects.get()
    assert [e.kind for e in audit.stream_events("calendar", tree.ward.code)] == [
        "calendar.override_set"
    ]
    data["date"] = "2026-05-09"
    assert admin_client.post(_url(CalendarOverride, "change", row.pk), data).status_code == 302
    assert next(iter(CalendarOverride.objects.values_list("date", flat=True))).isoformat() == (
        "2026-05-09"
    )
    row = CalendarOverride.objects.get()
    assert (
        admin_client.post(_url(CalendarOverride, "delete", row.pk), {"post": "yes"}).status_code
        == 302
    )
    assert not CalendarOverride.objects.exists()
    kinds = [e.kind for e in audit.stream_events("calendar", tree.ward.code)]
    assert kinds.count("calendar.override_deleted") == 2
    data["date"] = "1990-01-01"
    response = admin_client.post(_url(CalendarOverride, "add"), data)
    assert response.status_code == 200
    assert "phạm vi" in response.content.decode()


def test_roles_granted_in_the_seed_show_on_the_user_page(tree, official, admin_client):
    role_grant(user=official, agency=tree.ward, role="signer")
    page = admin_client.get(_url(User, "change", official.pk)).content.decode()
    assert "role_assignments-0-role" in page
