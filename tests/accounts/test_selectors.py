"""Scope rules: a role at an agency, or at an ancestor with include_descendants."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from motcua.accounts.models import Agency
from motcua.accounts.selectors import (
    agencies_in_scope,
    agency_ancestor_ids,
    agency_ancestors,
    agency_descendants,
    user_has_any_role,
    user_has_role,
    user_roles,
    users_with_role,
)
from motcua.accounts.services import agency_create, role_grant, user_create_official

pytestmark = pytest.mark.django_db


def _codes(qs) -> set[str]:
    return {a.code for a in qs}


def test_descendants_and_ancestors(tree):
    assert _codes(agency_descendants(tree.city)) == {
        "000.02.90.H29",
        "001.02.90.H29",
        "002.02.90.H29",
        "000.00.01.H29",
        "000.01.90.H29",
    }
    assert _codes(agency_descendants(tree.ward)) == {"001.02.90.H29", "002.02.90.H29"}
    assert _codes(agency_descendants(tree.ward, include_self=True)) == {
        "000.02.90.H29",
        "001.02.90.H29",
        "002.02.90.H29",
    }
    assert not agency_descendants(tree.centre).exists()
    assert agency_ancestor_ids(tree.centre) == [tree.city.pk, tree.ward.pk, tree.centre.pk]
    assert list(agency_ancestors(tree.centre)) == [tree.city, tree.ward]
    with pytest.raises(ValueError, match="path"):
        agency_descendants(Agency(code="x"))


def test_descendants_do_not_match_siblings_sharing_digits(tree):
    """Paths end with "/": the descendants of /1/2/ never include /1/23/."""
    siblings = [
        agency_create(
            code=f"000.{i:02d}.91.H29",
            name=f"Xã {i}",
            short_name=f"X{i}",
            kind="commune",
            parent=tree.city,
        )
        for i in range(1, 26)
    ]
    for sibling in siblings:
        assert not agency_descendants(sibling).exists(), sibling.path


def test_user_has_role_directly_and_through_ancestors(tree, official, django_assert_num_queries):
    role_grant(user=official, agency=tree.ward, role="reception")
    role_grant(user=official, agency=tree.city, role="inspector", include_descendants=True)
    role_grant(user=official, agency=tree.city, role="signer")  # city only

    assert user_has_role(official, "reception", tree.ward)
    assert not user_has_role(official, "reception", tree.centre)  # no include_descendants
    assert not user_has_role(official, "reception", tree.city)  # not upwards
    assert not user_has_role(official, "reception", tree.other_ward)
    for agency in (tree.city, tree.ward, tree.centre, tree.division, tree.dept):
        assert user_has_role(official, "inspector", agency)
    assert user_has_role(official, "signer", tree.city)
    assert not user_has_role(official, "signer", tree.ward)
    assert not user_has_role(official, "specialist", tree.ward)
    assert user_has_any_role(official, ["specialist", "reception"], tree.ward)
    assert not user_has_any_role(official, ["specialist", "clerk"], tree.ward)
    with django_assert_num_queries(1):
        user_has_role(official, "inspector", tree.centre)


def test_inactive_and_anonymous_users_hold_nothing(tree, official):
    role_grant(user=official, agency=tree.ward, role="reception")
    assert not user_has_role(AnonymousUser(), "reception", tree.ward)
    assert not user_has_role(None, "reception", tree.ward)
    assert user_roles(AnonymousUser()) == []
    official.is_active = False
    official.save(update_fields=["is_active"])
    assert not user_has_role(official, "reception", tree.ward)
    assert not agencies_in_scope(official, ["reception"]).exists()


def test_agencies_in_scope(tree, official, django_assert_num_queries):
    role_grant(user=official, agency=tree.ward, role="specialist", include_descendants=True)
    role_grant(user=official, agency=tree.dept, role="reception")
    role_grant(user=official, agency=tree.other_ward, role="clerk")

    with django_assert_num_queries(1):
        specialist = _codes(agencies_in_scope(official, ["specialist"]))
    assert specialist == {"000.02.90.H29", "001.02.90.H29", "002.02.90.H29"}
    assert _codes(agencies_in_scope(official, ["reception"])) == {"000.00.01.H29"}
    assert _codes(agencies_in_scope(official, ["reception", "clerk"])) == {
        "000.00.01.H29",
        "000.01.90.H29",
    }
    assert not agencies_in_scope(official, ["inspector"]).exists()
    # Usable as a subquery: still one query.
    with django_assert_num_queries(1):
        n = Agency.objects.filter(pk__in=agencies_in_scope(official, ["specialist"])).count()
    assert n == 3


def test_scope_at_city_level_covers_everything(tree):
    inspector = user_create_official(username="thanhtra", full_name="Thanh tra")
    role_grant(user=inspector, agency=tree.city, role="inspector", include_descendants=True)
    assert agencies_in_scope(inspector, ["inspector"]).count() == Agency.objects.count()


def test_user_roles_and_users_with_role(tree, official, django_assert_num_queries):
    role_grant(user=official, agency=tree.ward, role="unit_head", include_descendants=True)
    role_grant(user=official, agency=tree.ward, role="clerk")
    with django_assert_num_queries(1):
        roles = user_roles(official)
        assert [(r.agency.code, r.role) for r in roles] == [
            ("000.02.90.H29", "clerk"),
            ("000.02.90.H29", "unit_head"),
        ]
    assert list(users_with_role("unit_head", tree.centre)) == [official]
    assert not users_with_role("clerk", tree.centre).exists()
