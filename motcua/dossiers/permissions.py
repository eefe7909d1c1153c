"""Who may act on a dossier. Every check names the agency it is made against."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from motcua.accounts.models import Agency, Role
from motcua.accounts.selectors import user_has_any_role
from motcua.core.errors import PermissionDenied
from motcua.dossiers.models import Dossier

OFFICIAL_ROLES = (
    Role.RECEPTION,
    Role.SPECIALIST,
    Role.UNIT_HEAD,
    Role.SIGNER,
    Role.CLERK,
    Role.AGENCY_ADMIN,
    Role.CITY_ADMIN,
    Role.INSPECTOR,
)
HEAD_ROLES = (Role.UNIT_HEAD, Role.SIGNER, Role.AGENCY_ADMIN)


def has_any_role(user: Any, roles: Iterable[str], agency: Agency) -> bool:
    return user_has_any_role(user, roles, agency)


def require_role(user: Any, roles: Iterable[str], agency: Agency) -> None:
    roles = tuple(roles)
    if not has_any_role(user, roles, agency):
        names = ", ".join(str(Role(r).label) for r in roles)
        raise PermissionDenied(f"Cần vai trò {names} tại {agency.name} để thực hiện thao tác này.")


def is_applicant(user: Any, dossier: Dossier) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return user.pk in (dossier.applicant_user_id, dossier.submitted_by_id)


def require_applicant_or_reception(user: Any, dossier: Dossier) -> None:
    if is_applicant(user, dossier):
        return
    require_role(user, (Role.RECEPTION,), dossier.receiving_agency)
