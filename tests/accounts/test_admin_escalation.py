"""An agency admin cannot raise their own rights: not by turning an official into a citizen
holding someone's CCCD (the counter would link that citizen's dossiers to it), not by widening
their own `agency_admin` scope. Password changes through Django's own admin page and command
go through `user_set_password` (old API tokens end, one audit event)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.management.commands import changepassword as django_changepassword
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from motcua.accounts.models import Role, RoleAssignment, User
from motcua.accounts.services import role_grant, user_create_official, user_update
from motcua.api.auth import token_create, user_for_key
from motcua.core import audit
from motcua.core.errors import PermissionDenied
from motcua.testing.auth import sign_in
from tests.accounts.conftest import Tree
from tests.accounts.test_admin import _user_post

pytestmark = pytest.mark.django_db

STRONG = "Mật-khẩu-rất-mạnh-2026"


def _change_url(user: User) -> str:
    return reverse("admin:accounts_user_change", args=[user.pk])


@pytest.fixture
def ward_admin(tree: Tree) -> User:
    """An agency admin at the ward only (no descendants), staff, signed in below."""
    admin = user_create_official(
        username="quantri", full_name="Quản Trị", home_agency=tree.ward, is_staff=True
    )
    role_grant(user=admin, agency=tree.ward, role=Role.AGENCY_ADMIN)
    return admin


@pytest.fixture
def ward_client(ward_admin: User) -> Client:
    client = Client()
    sign_in(client, ward_admin)
    return client


@pytest.fixture
def city_admin(tree: Tree) -> User:
    admin = user_create_official(username="thanhpho", full_name="TP", home_agency=tree.city)
    role_grant(user=admin, agency=tree.city, role=Role.CITY_ADMIN, include_descendants=True)
    return admin


# A. identity fields


def test_agency_admin_cannot_turn_an_official_into_a_citizen(tree, official, ward_client):
    # given
    page = ward_client.get(_change_url(official))
    assert page.status_code == 200
    fields = set(page.context["adminform"].form.fields)
    assert not {"kind", "cccd", "tax_code", "organisation_name"} & fields
    data = _user_post(official, [])
    data.update(kind="citizen", cccd="079090009999", home_agency=tree.ward.pk)
    # when
    response = ward_client.post(_change_url(official), data)
    # then
    assert response.status_code == 302
    official.refresh_from_db()
    assert (official.kind, official.cccd) == ("official", "")


@pytest.mark.parametrize(
    "changes",
    [
        {"kind": "citizen"},
        {"cccd": "079090009999"},
        {"tax_code": "0301234567"},
        {"organisation_name": "Công ty X"},
    ],
)
def test_only_the_city_admin_changes_identity_fields(
    tree, official, ward_admin, changes: dict[str, Any]
):
    events = len(audit.stream_events("user", official.pk))
    with pytest.raises(PermissionDenied) as exc:
        user_update(user=official, actor=ward_admin, **changes)
    assert exc.value.code == "identity_field"
    official.refresh_from_db()
    assert (official.kind, official.cccd, official.tax_code) == ("official", "", "")
    assert len(audit.stream_events("user", official.pk)) == events


def test_city_admin_changing_kind_away_from_official_revokes_roles(tree, official, city_admin):
    role_grant(user=official, agency=tree.ward, role=Role.RECEPTION)
    role_grant(user=official, agency=tree.centre, role=Role.SPECIALIST)
    user_update(user=official, actor=city_admin, kind="citizen", cccd="079090009999")
    official.refresh_from_db()
    assert (official.kind, official.cccd) == ("citizen", "079090009999")
    assert not RoleAssignment.objects.filter(user=official).exists()
    kinds = [e.kind for e in audit.stream_events("user", official.pk)]
    assert kinds.count("user.role_revoked") == 2
    assert kinds[-1] == "user.changed"


# B. role scope


def test_agency_admin_cannot_widen_their_own_scope(tree, ward_admin):
    with pytest.raises(PermissionDenied) as exc:
        role_grant(
            user=ward_admin,
            agency=tree.ward,
            role=Role.AGENCY_ADMIN,
            include_descendants=True,
            actor=ward_admin,
        )
    assert exc.value.code == "role_not_allowed"
    assert not RoleAssignment.objects.get(user=ward_admin).include_descendants


def test_agency_admin_cannot_widen_scope_through_their_own_user_page(tree, ward_admin, ward_client):
    row = RoleAssignment.objects.get(user=ward_admin)
    data = _user_post(ward_admin, [], initial=1)
    data.update(
        home_agency=tree.ward.pk,
        **{
            "role_assignments-TOTAL_FORMS": "1",
            "role_assignments-0-id": row.pk,
            "role_assignments-0-user": ward_admin.pk,
            "role_assignments-0-role": Role.AGENCY_ADMIN,
            "role_assignments-0-agency": tree.ward.pk,
            "role_assignments-0-include_descendants": "on",
        },
    )
    ward_client.post(_change_url(ward_admin), data)
    row.refresh_from_db()
    assert not row.include_descendants


def test_include_descendants_needs_the_whole_subtree_in_scope(tree, official, ward_admin):
    with pytest.raises(PermissionDenied):
        role_grant(
            user=official,
            agency=tree.ward,
            role=Role.RECEPTION,
            include_descendants=True,
            actor=ward_admin,
        )
    assert not RoleAssignment.objects.filter(user=official).exists()
    # the plain grant at their own agency still works
    assert role_grant(user=official, agency=tree.ward, role=Role.RECEPTION, actor=ward_admin).pk


def test_agency_admin_cannot_grant_themselves_any_role(tree, ward_admin):
    with pytest.raises(PermissionDenied):
        role_grant(user=ward_admin, agency=tree.ward, role=Role.SIGNER, actor=ward_admin)
    own = RoleAssignment.objects.get(user=ward_admin)
    from motcua.accounts.services import role_revoke

    with pytest.raises(PermissionDenied):
        role_revoke(assignment=own, actor=ward_admin)
    assert list(RoleAssignment.objects.filter(user=ward_admin).values_list("role", flat=True)) == [
        Role.AGENCY_ADMIN
    ]


def test_target_home_agency_must_be_in_scope(tree, ward_admin):
    elsewhere = user_create_official(username="khac", full_name="Khác", home_agency=tree.dept)
    with pytest.raises(PermissionDenied):
        role_grant(user=elsewhere, agency=tree.ward, role=Role.RECEPTION, actor=ward_admin)
    assert not RoleAssignment.objects.filter(user=elsewhere).exists()


def test_city_admin_may_grant_themselves_roles(tree, city_admin):
    row = role_grant(user=city_admin, agency=tree.ward, role=Role.SIGNER, actor=city_admin)
    assert row.pk is not None


# C. passwords


def test_own_password_change_in_the_admin_revokes_tokens_and_audits(tree, ward_admin, ward_client):
    key = token_create(user=ward_admin, name="cli")
    page = ward_client.get(reverse("admin:password_change"))
    assert page.status_code == 200
    response = ward_client.post(
        reverse("admin:password_change"),
        {"old_password": "", "new_password1": STRONG, "new_password2": STRONG},
    )
    assert response.status_code == 200  # wrong old password: nothing changes
    assert user_for_key(key) is not None
    ward_admin.set_password("cu-mat-khau-2026")
    ward_admin.save()
    sign_in(ward_client, ward_admin)
    response = ward_client.post(
        reverse("admin:password_change"),
        {"old_password": "cu-mat-khau-2026", "new_password1": STRONG, "new_password2": STRONG},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:password_change_done")
    ward_admin.refresh_from_db()
    assert ward_admin.check_password(STRONG)
    assert user_for_key(key) is None
    event = audit.stream_events("user", ward_admin.pk)[-1]
    assert event.kind == "user.password_changed"
    assert event.payload["tokens_revoked"] == 1
    assert ward_client.get(reverse("admin:index")).status_code == 200  # still signed in


def test_changepassword_command_goes_through_the_service(official, monkeypatch):
    key = token_create(user=official, name="cli")
    answers = iter(["ngan", "ngan", STRONG, STRONG])
    monkeypatch.setattr(django_changepassword.getpass, "getpass", lambda prompt="": next(answers))
    call_command("changepassword", official.username)
    official.refresh_from_db()
    assert official.check_password(STRONG)
    assert user_for_key(key) is None
    event = audit.stream_events("user", official.pk)[-1]
    assert (event.kind, event.payload["tokens_revoked"]) == ("user.password_changed", 1)
