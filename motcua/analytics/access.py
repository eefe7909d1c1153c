"""Who sees which agency's figures on the analytics pages.

A viewer holds a dashboard role (`DASHBOARD_ROLES`) at an agency; the figures of an agency
include everything below it, so an agency is shown only when the viewer's scope covers its whole
subtree (a ward head sees the ward, a city inspector with descendants the city). Anything else is
"not found", like every other page."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from motcua.accounts.models import Agency, Role
from motcua.accounts.selectors import agencies_in_scope
from motcua.analytics.selectors import subtree
from motcua.core.errors import NotFound, PermissionDenied

# The scorecards' audience (ratings/scorecards.py): the heads, the administrators, the inspectors.
DASHBOARD_ROLES = (Role.UNIT_HEAD, Role.AGENCY_ADMIN, Role.CITY_ADMIN, Role.INSPECTOR)


def scope_of(user: Any) -> QuerySet[Agency]:
    scope = agencies_in_scope(user, DASHBOARD_ROLES)
    if not scope.exists():
        raise PermissionDenied(
            "Trang thống kê dành cho trưởng đơn vị, quản trị cơ quan, quản trị thành phố và thanh "
            "tra, giám sát."
        )
    return scope


def covers(scope: QuerySet[Agency], agency: Agency) -> bool:
    return not subtree(agency).exclude(pk__in=scope.values("pk")).exists()


def agency_for(user: Any, code: str | None) -> Agency:
    """The agency named by `code` (default: the highest the viewer covers)."""
    scope = scope_of(user)
    if code:
        agency = None if "\x00" in code else Agency.objects.filter(code=code).first()
        if agency is None or not covers(scope, agency):
            raise NotFound("Không tìm thấy cơ quan.")
        return agency
    for agency in scope.order_by("path"):
        if covers(scope, agency):
            return agency
    raise NotFound("Không tìm thấy cơ quan.")


def visible_parent(user: Any, agency: Agency) -> Agency | None:
    """The agency above, when the viewer may see it too (for the "up" link)."""
    if agency.parent_id is None:
        return None
    parent = Agency.objects.get(pk=agency.parent_id)
    return parent if covers(scope_of(user), parent) else None
