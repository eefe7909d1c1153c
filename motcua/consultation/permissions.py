"""Who may run a consultation: the agency admin or a unit head of the issuing agency (or of an
agency above it with `include_descendants`). docs/rules.md §26."""

from __future__ import annotations

from typing import Any

from motcua.accounts.models import Agency, Role
from motcua.accounts.selectors import agencies_in_scope, user_has_any_role
from motcua.core.errors import PermissionDenied

# the drafting agency's leadership of the file: its master-data admin and its heads of unit
MANAGE_ROLES = (Role.AGENCY_ADMIN, Role.UNIT_HEAD)


def may_manage(user: Any, agency: Agency) -> bool:
    return user_has_any_role(user, MANAGE_ROLES, agency)


def require_manage(user: Any, agency: Agency) -> None:
    if not may_manage(user, agency):
        raise PermissionDenied(
            f"Cần vai trò Quản trị cơ quan hoặc Trưởng phòng, đơn vị tại {agency.name} để thực "
            "hiện thao tác này."
        )


def managed_agencies(user: Any) -> Any:
    return agencies_in_scope(user, MANAGE_ROLES)
