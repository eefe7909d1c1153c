"""The Django admin for an agency admin is no longer empty: besides their agencies' users,
processes and overrides, they see (read-only) the shared processes of the procedures their
agencies receive — the demo catalogue's processes are all shared."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from motcua.accounts.models import Role, User
from motcua.accounts.services import role_grant, user_create_official
from motcua.catalog.models import Procedure
from motcua.core.services import calendar_override_set
from motcua.dossiers.models import ProcessDefinition, ProcessStatus
from motcua.dossiers.services.process import process_new_version
from motcua.testing.auth import sign_in
from tests.dossiers.conftest import World

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/dossiers/processdefinition/"


@pytest.fixture
def staff(world: World) -> User:
    user = user_create_official(
        username="quantri", full_name="Quản trị phường", home_agency=world.ward,
        password_hash="x", is_staff=True,
    )  # fmt: skip
    role_grant(user=user, agency=world.ward, role=Role.AGENCY_ADMIN, include_descendants=True)
    return user


@pytest.fixture
def admin_client(staff: User) -> Client:
    client = Client()
    sign_in(client, staff)
    return client


def shared(world: World, code: str) -> ProcessDefinition:
    return ProcessDefinition.objects.get(procedure__code=code, agency__isnull=True)


def test_the_index_and_lists_show_the_agencys_data(admin_client: Client, world: World) -> None:
    calendar_override_set(date=date(2026, 4, 25), kind="working_day", agency=world.ward, note="Bù")
    index = admin_client.get("/admin/").content.decode()
    for path in ("/admin/accounts/user/", CHANGELIST, "/admin/core/calendaroverride/"):
        assert f'href="{path}"' in index
    users = admin_client.get("/admin/accounts/user/").content.decode()
    assert ">reception<" in users
    assert ">other_reception<" not in users
    assert "Bù" in admin_client.get("/admin/core/calendaroverride/").content.decode()


def test_shared_processes_of_received_procedures_are_listed(
    admin_client: Client, world: World
) -> None:
    body = admin_client.get(CHANGELIST).content.decode()
    assert "Quy trình 3 ngày" in body
    assert "Liên thông 2 ngày" in body


def test_a_shared_process_is_read_only_for_the_agency_admin(
    admin_client: Client, world: World
) -> None:
    draft = process_new_version(process=shared(world, world.simple))  # a shared draft
    change = reverse("admin:dossiers_processdefinition_change", args=[draft.pk])
    page = admin_client.get(change)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert admin_client.post(change, {"name": "Đổi tên"}).status_code == 403
    delete = reverse("admin:dossiers_processdefinition_delete", args=[draft.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    # and the actions skip it
    for action in ("publish_selected", "new_version_selected", "delete_selected"):
        admin_client.post(
            CHANGELIST, {"action": action, "_selected_action": [draft.pk], "post": "yes"}
        )
    draft.refresh_from_db()
    assert draft.status == ProcessStatus.DRAFT
    assert draft.name != "Đổi tên"
    procedure = Procedure.objects.get(code=world.simple)
    assert ProcessDefinition.objects.filter(procedure=procedure).count() == 2


def test_a_procedure_the_agency_does_not_receive_is_not_shown(world: World, client: Client) -> None:
    other = user_create_official(
        username="quantri2", full_name="Quản trị Sài Gòn", home_agency=world.other_ward,
        password_hash="x", is_staff=True,
    )  # fmt: skip
    role_grant(user=other, agency=world.other_ward, role=Role.AGENCY_ADMIN)
    sign_in(client, other)
    body = client.get(CHANGELIST).content.decode()
    assert "Quy trình 3 ngày" in body
    assert "Liên thông 2 ngày" not in body  # only the first ward receives it
    liaison = shared(world, world.liaison)
    change = reverse("admin:dossiers_processdefinition_change", args=[liaison.pk])
    assert client.get(change).status_code == 404


def test_the_city_admin_still_changes_shared_drafts(world: World, client: Client) -> None:
    root: Any = User.objects.create_superuser(username="root", password="x", kind="official")
    sign_in(client, root)
    draft = process_new_version(process=shared(world, world.simple))
    client.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": [draft.pk], "post": "yes"}
    )
    assert not ProcessDefinition.objects.filter(pk=draft.pk).exists()
