"""`role_grant` / `role_revoke` hold the rule of who may hand out roles, for every caller (the
admin offers no more, but a command or a future page must not be able to either)."""

from __future__ import annotations

import pytest

from motcua.accounts.models import Role, RoleAssignment, User
from motcua.accounts.services import role_grant, role_revoke, user_create_official
from motcua.core.errors import PermissionDenied
from motcua.core.models import AuditEvent
from tests.accounts.conftest import Tree


@pytest.fixture
def ward_admin(tree: Tree) -> User:
    admin = user_create_official(username="quantri", full_name="Quản Trị", home_agency=tree.ward)
    role_grant(user=admin, agency=tree.ward, role=Role.AGENCY_ADMIN, include_descendants=True)
    return admin


def test_an_agency_admin_grants_roles_within_their_scope(tree, official, ward_admin) -> None:
    row = role_grant(user=official, agency=tree.centre, role=Role.RECEPTION, actor=ward_admin)
    assert row.pk is not None
    role_revoke(assignment=row, actor=ward_admin)
    assert not RoleAssignment.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize(
    ("where", "role"),
    [("other_ward", Role.RECEPTION), ("city", Role.SPECIALIST), ("ward", Role.CITY_ADMIN)],
)
def test_an_agency_admin_cannot_grant_outside_their_scope_or_city_admin(
    tree, official, ward_admin, where: str, role: str
) -> None:
    # given
    events = AuditEvent.objects.count()
    # when / then
    with pytest.raises(PermissionDenied) as exc:
        role_grant(user=official, agency=getattr(tree, where), role=role, actor=ward_admin)
    assert exc.value.code == "role_not_allowed"
    assert not RoleAssignment.objects.filter(user=official).exists()
    assert AuditEvent.objects.count() == events


def test_an_agency_admin_cannot_revoke_a_role_elsewhere(tree, official, ward_admin) -> None:
    elsewhere = role_grant(user=official, agency=tree.other_ward, role=Role.RECEPTION)
    with pytest.raises(PermissionDenied):
        role_revoke(assignment=elsewhere, actor=ward_admin)
    assert RoleAssignment.objects.filter(pk=elsewhere.pk).exists()


def test_an_official_without_admin_rights_grants_nothing(tree, official) -> None:
    with pytest.raises(PermissionDenied):
        role_grant(user=official, agency=tree.ward, role=Role.SIGNER, actor=official)
