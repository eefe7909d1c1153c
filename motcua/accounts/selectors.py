"""Reads over the agency tree and the roles people hold in it.

Scope rule (used by every permission check): a user holds `role` at agency A when there is an
assignment of `role` at A itself, or at an ancestor of A with `include_descendants` set. The
ancestors of A are read from its materialised path ("/1/7/12/" → 1, 7, 12), so each check is
one query, and the set of agencies in scope is one lazy query usable as a subquery.

Roles are only what the assignments say: being a superuser or `is_staff` grants no dossier role.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.lookups import StartsWith

from motcua.accounts.models import Agency, RoleAssignment, User


def _check_path(agency: Agency) -> None:
    if not agency.path:
        # An empty path would make every prefix query match the whole tree.
        raise ValueError(f"Agency {agency.pk} has no materialised path")


def agency_ancestor_ids(agency: Agency) -> list[int]:
    """Ids from the root down to `agency` itself, read from the path (no query)."""
    _check_path(agency)
    return [int(part) for part in agency.path.strip("/").split("/")]


def agency_descendants(agency: Agency, *, include_self: bool = False) -> QuerySet[Agency]:
    """Every agency below `agency` (any depth), in tree order; one query."""
    _check_path(agency)
    qs = Agency.objects.filter(path__startswith=agency.path)
    return qs if include_self else qs.exclude(pk=agency.pk)


def agency_ancestors(agency: Agency) -> QuerySet[Agency]:
    """The agencies above `agency`, root first."""
    return Agency.objects.filter(pk__in=agency_ancestor_ids(agency)[:-1]).order_by("path")


def agency_get_by_code(code: str) -> Agency | None:
    return Agency.objects.filter(code=code).first()


def user_roles(user: Any) -> list[RoleAssignment]:
    """The user's assignments with their agencies, ordered by agency tree then role; one query."""
    if not _is_active_user(user):
        return []
    return list(
        RoleAssignment.objects.filter(user=user)
        .select_related("agency")
        .order_by("agency__path", "role")
    )


def _is_active_user(user: Any) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def _covering(agency: Agency) -> Q:
    """Assignments that cover `agency`: at it, or at an ancestor with descendants."""
    ancestors = agency_ancestor_ids(agency)[:-1]
    return Q(agency_id=agency.pk) | Q(agency_id__in=ancestors, include_descendants=True)


def user_has_role(user: Any, role: str, agency: Agency) -> bool:
    """True when `user` (active) holds `role` at `agency` directly, or at one of its ancestors
    with `include_descendants`. One query."""
    if not _is_active_user(user):
        return False
    return RoleAssignment.objects.filter(_covering(agency), user=user, role=role).exists()


def user_has_any_role(user: Any, roles: Iterable[str], agency: Agency) -> bool:
    """`user_has_role` for any of `roles`, in one query."""
    if not _is_active_user(user):
        return False
    covering = RoleAssignment.objects.filter(_covering(agency), user=user, role__in=list(roles))
    return covering.exists()


def agencies_in_scope(user: Any, roles: Iterable[str]) -> QuerySet[Agency]:
    """The agencies where `user` holds any of `roles`: each assigned agency, plus everything
    below it when the assignment has `include_descendants`.

    Lazy, one query when evaluated; use it as a subquery, e.g.
    `Dossier.objects.filter(receiving_agency__in=agencies_in_scope(user, [Role.INSPECTOR]))`."""
    if not _is_active_user(user):
        return Agency.objects.none()
    assignments = RoleAssignment.objects.filter(user=user, role__in=list(roles))
    covering = assignments.filter(
        Q(agency_id=OuterRef("pk"))
        | Q(StartsWith(OuterRef("path"), F("agency__path")), include_descendants=True)
    )
    return Agency.objects.filter(Exists(covering))


def users_with_role(role: str, agency: Agency) -> QuerySet[User]:
    """Active users who hold `role` at `agency` (directly or through an ancestor)."""
    covering = RoleAssignment.objects.filter(_covering(agency), role=role)
    return User.objects.filter(is_active=True, pk__in=covering.values("user_id"))
