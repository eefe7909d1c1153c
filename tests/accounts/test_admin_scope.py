"""Agency admins in the Django admin: they see and change the processes, officials and calendar
overrides of their agencies and nothing of other agencies; superuser and permission fields are
the city admin's. Process and procedure saves and deletes write exactly their audit event."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from motcua.accounts.models import RoleAssignment, User
from motcua.accounts.services import role_grant, user_create_official
from motcua.catalog.models import Field, Procedure, ProcedureVersion
from motcua.catalog.services import ProcedureData, procedure_draft_save, procedure_publish
from motcua.core.models import AuditEvent, CalendarOverride
from motcua.core.services import calendar_override_set
from motcua.dossiers.models import ProcessDefinition
from motcua.dossiers.services.process import process_create, process_publish
from motcua.testing.auth import sign_in
from tests.accounts.test_admin import _procedure

pytestmark = pytest.mark.django_db

STEP = {
    "key": "a",
    "name": "Thẩm định",
    "order": 1,
    "agency_rule": "receiving",
    "role": "specialist",
    "allotted_hours": 8,
}


def url(model: Any, view: str, *args: Any) -> str:
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


def last_gseq() -> int:
    return AuditEvent.objects.order_by("-gseq").values_list("gseq", flat=True).first() or 0


def events_since(gseq: int) -> list[str]:
    return list(
        AuditEvent.objects.filter(gseq__gt=gseq).order_by("gseq").values_list("kind", flat=True)
    )


def make_procedure(code: str = "1.000001") -> Procedure:
    return procedure_publish(version=_procedure(code)).procedure


@pytest.fixture
def world(tree) -> dict[str, Any]:
    """Agency admin A at the ward (and below), agency admin B at the other ward, each with a
    process, an official and a calendar override."""
    procedure = make_procedure()
    out: dict[str, Any] = {"procedure": procedure, "tree": tree}
    for side, agency in (("a", tree.ward), ("b", tree.other_ward)):
        admin_user = user_create_official(
            username=f"quantri.{side}", full_name=f"Quản trị {side}", home_agency=agency,
            password_hash="x", is_staff=True,
        )  # fmt: skip
        role_grant(user=admin_user, agency=agency, role="agency_admin", include_descendants=True)
        client = Client()
        sign_in(client, admin_user)
        out[side] = {
            "admin": admin_user,
            "client": client,
            "process": process_create(
                procedure=procedure, agency=agency, name=f"Quy trình {side}", steps=[STEP],
                edges=[{"source": None, "target": "a"}, {"source": "a", "target": None}],
            ),
            "official": user_create_official(
                username=f"canbo.{side}", full_name=f"Cán bộ {side}", home_agency=agency
            ),
            "override": calendar_override_set(
                date=date(2026, 12, 12), kind="working_day", agency=agency, note=side
            ),
        }  # fmt: skip
    return out


def test_agency_admin_sees_their_agency_only(world):
    client = world["a"]["client"]
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    for model, mine, theirs in (
        (ProcessDefinition, "Quy trình a", "Quy trình b"),
        (User, "canbo.a", "canbo.b"),
        (CalendarOverride, "tree.ward", None),
    ):
        page = client.get(url(model, "changelist"))
        assert page.status_code == 200, model
        shown = {str(o.pk) for o in page.context["cl"].result_list}
        if theirs:
            assert mine in page.content.decode()
            assert theirs not in page.content.decode()
        assert shown
    overrides = client.get(url(CalendarOverride, "changelist")).context["cl"].result_list
    assert [o.pk for o in overrides] == [world["a"]["override"].pk]
    users = client.get(url(User, "changelist")).context["cl"].result_list
    assert {u.username for u in users} == {"quantri.a", "canbo.a"}


@pytest.mark.parametrize("key", ["process", "official", "override"])
def test_another_agencys_rows_are_404(world, key):
    client = world["a"]["client"]
    obj = world["b"][key]
    assert client.get(url(type(obj), "change", obj.pk)).status_code == 404
    assert client.post(url(type(obj), "change", obj.pk), {}).status_code == 404
    deleted = client.post(url(type(obj), "delete", obj.pk), {"post": "yes"})
    assert deleted.status_code in (403, 404)  # users are never deleted: 403 for everyone
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_agency_admin_cannot_reach_city_master_data(world):
    client = world["a"]["client"]
    for model in (Procedure, ProcedureVersion, Field):
        assert client.get(url(model, "changelist")).status_code == 403, model
    from motcua.accounts.models import Agency

    assert client.get(url(Agency, "changelist")).status_code == 403


def test_agency_admin_changes_their_official_but_not_superuser_or_permissions(world):
    client = world["a"]["client"]
    official = world["a"]["official"]
    page = client.get(url(User, "change", official.pk))
    assert page.status_code == 200
    fields = page.context["adminform"].form.fields
    assert not {"is_superuser", "is_staff", "groups", "user_permissions"} & set(fields)
    since = last_gseq()
    data = {
        "username": official.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "is_superuser": "on",
        "is_staff": "on",
        "kind": "official",
        "full_name": "Cán bộ A mới",
        "cccd": "",
        "tax_code": "",
        "organisation_name": "",
        "phone": "",
        "home_agency": official.home_agency_id,
        "role_assignments-TOTAL_FORMS": "1",
        "role_assignments-INITIAL_FORMS": "0",
        "role_assignments-0-role": "city_admin",
        "role_assignments-0-agency": world["tree"].ward.pk,
    }
    response = client.post(url(User, "change", official.pk), data)
    assert response.status_code == 200  # city_admin is not a choice for them
    assert not RoleAssignment.objects.filter(user=official).exists()
    data["role_assignments-0-role"] = "reception"
    response = client.post(url(User, "change", official.pk), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    official.refresh_from_db()
    assert official.full_name == "Cán bộ A mới"
    assert (official.is_superuser, official.is_staff) == (False, False)
    assert events_since(since) == ["user.changed", "user.role_granted"]
    data["role_assignments-0-agency"] = world["tree"].other_ward.pk  # not theirs
    data["role_assignments-0-role"] = "signer"
    assert client.post(url(User, "change", official.pk), data).status_code == 200
    assert not RoleAssignment.objects.filter(user=official, role="signer").exists()


def test_agency_admin_adds_overrides_for_their_agencies_only(world):
    client = world["a"]["client"]
    tree = world["tree"]
    data = {"date": "2026-12-19", "kind": "working_day", "note": "Làm bù", "source": "TB"}
    assert client.post(url(CalendarOverride, "add"), {**data, "agency": ""}).status_code == 200
    other = {**data, "agency": tree.other_ward.pk}
    assert client.post(url(CalendarOverride, "add"), other).status_code == 200
    assert not CalendarOverride.objects.filter(date="2026-12-19").exists()
    mine = {**data, "agency": tree.centre.pk}  # below the ward: in scope
    assert client.post(url(CalendarOverride, "add"), mine).status_code == 302
    assert CalendarOverride.objects.get(date="2026-12-19").agency == tree.centre


def _process_form(name: str, procedure: Procedure, agency_pk: int) -> dict[str, Any]:
    return {
        "procedure": procedure.pk,
        "agency": agency_pk,
        "name": name,
        "allotment_note": "",
        "steps-TOTAL_FORMS": "1",
        "steps-INITIAL_FORMS": "0",
        "steps-0-order": "1",
        "steps-0-key": "a",
        "steps-0-name": "Thẩm định",
        "steps-0-agency_rule": "receiving",
        "steps-0-agency": "",
        "steps-0-role": "specialist",
        "steps-0-allotted_hours": "8",
        "steps-0-outcomes": '["approve"]',
        "transitions-TOTAL_FORMS": "0",
        "transitions-INITIAL_FORMS": "0",
    }


def test_agency_admin_adds_edits_and_deletes_their_process_through_the_services(world):
    client = world["a"]["client"]
    tree = world["tree"]
    since = last_gseq()
    form = _process_form("Quy trình mới", world["procedure"], tree.ward.pk)
    response = client.post(url(ProcessDefinition, "add"), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    process = ProcessDefinition.objects.get(name="Quy trình mới")
    assert (process.agency, process.version, process.steps.count()) == (tree.ward, 2, 1)
    assert events_since(since) == ["process.draft_created"]
    # another agency's process cannot be created
    theirs = _process_form("Của người khác", world["procedure"], tree.other_ward.pk)
    assert client.post(url(ProcessDefinition, "add"), theirs).status_code == 200
    assert not ProcessDefinition.objects.filter(name="Của người khác").exists()
    since = last_gseq()
    step = process.steps.get()
    form = {**_process_form("Đổi tên", world["procedure"], tree.ward.pk)}
    form |= {"steps-INITIAL_FORMS": "1", "steps-0-id": step.pk, "steps-0-process": process.pk}
    form["steps-0-allotted_hours"] = "4"
    response = client.post(url(ProcessDefinition, "change", process.pk), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    process.refresh_from_db()
    assert (process.name, process.steps.get().allotted_hours) == ("Đổi tên", 4)
    assert events_since(since) == ["process.draft_updated"]
    since = last_gseq()
    delete = client.post(url(ProcessDefinition, "delete", process.pk), {"post": "yes"})
    assert delete.status_code == 302
    assert not ProcessDefinition.objects.filter(pk=process.pk).exists()
    assert events_since(since) == ["process.draft_deleted"]


def test_bulk_delete_of_processes_goes_through_the_service(world, admin_client):
    drafts = [world["a"]["process"], world["b"]["process"]]
    published = process_create(
        procedure=world["procedure"], name="Đã công bố", steps=[STEP],
        edges=[{"source": None, "target": "a"}, {"source": "a", "target": None}],
        allotment_note="thử",
    )  # fmt: skip
    process_publish(process=published)
    changelist = url(ProcessDefinition, "changelist")
    with_published = [p.pk for p in (*drafts, published)]
    action = {"action": "delete_selected", "post": "yes"}
    assert (
        admin_client.post(changelist, {**action, "_selected_action": with_published}).status_code
        == 403
    )
    assert ProcessDefinition.objects.count() == 3
    since = last_gseq()
    selected = [p.pk for p in drafts]
    response = admin_client.post(changelist, {**action, "_selected_action": selected})
    assert response.status_code == 302
    assert list(ProcessDefinition.objects.values_list("pk", flat=True)) == [published.pk]
    assert events_since(since) == ["process.draft_deleted", "process.draft_deleted"]


def test_procedure_add_and_delete_and_draft_delete_write_their_events(tree, admin_client):
    since = last_gseq()
    add = {"code": "9.000009", "versions-TOTAL_FORMS": "0", "versions-INITIAL_FORMS": "0"}
    assert admin_client.post(url(Procedure, "add"), add).status_code == 302
    procedure = Procedure.objects.get(code="9.000009")
    assert events_since(since) == ["procedure.created"]
    Field.objects.get_or_create(code="ho-tich", defaults={"name": "Hộ tịch"})
    data = ProcedureData(
        code="9.000009", name="Thử", field_code="ho-tich", level="commune",
        time_limit_value=Decimal(1), time_limit_unit="working_days", applicants="Công dân",
        result_type="Giấy",
    )  # fmt: skip
    draft = procedure_draft_save(data=data)
    since = last_gseq()
    response = admin_client.post(url(ProcedureVersion, "delete", draft.pk), {"post": "yes"})
    assert response.status_code == 302
    assert events_since(since) == ["procedure.draft_deleted"]
    procedure_draft_save(data=data)
    since = last_gseq()
    response = admin_client.post(url(Procedure, "delete", procedure.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Procedure.objects.filter(code="9.000009").exists()
    assert events_since(since) == ["procedure.deleted"]


def test_an_official_with_a_role_elsewhere_is_not_theirs(world):
    # resetting this password would let agency admin A act at B
    official = world["a"]["official"]
    role_grant(user=official, agency=world["tree"].other_ward, role="signer")
    client = world["a"]["client"]
    assert client.get(url(User, "change", official.pk)).status_code == 404
    password = reverse("admin:auth_user_password_change", args=[official.pk])
    assert (
        client.post(
            password, {"password1": "x-2026-dai-lam", "password2": "x-2026-dai-lam"}
        ).status_code
        == 404
    )
    users = client.get(url(User, "changelist")).context["cl"].result_list
    assert {u.username for u in users} == {"quantri.a"}
