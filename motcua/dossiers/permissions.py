"""Who may act on a dossier. Every check names the agency it is made against."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from motcua.accounts.models import Agency, Role
from motcua.accounts.selectors import user_has_any_role
from motcua.catalog.models import Channel
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
# who records a dossier's result (and attaches the electronic result) at the receiving agency
RESULT_ROLES = (Role.SPECIALIST, Role.SIGNER, Role.CLERK)
# who declares that a bundle dossier needs verification (Decree 63/2024 Art. 7; docs/rules.md §15)
VERIFY_ROLES = (Role.SPECIALIST, *HEAD_ROLES)


def has_any_role(user: Any, roles: Iterable[str], agency: Agency) -> bool:
    return user_has_any_role(user, roles, agency)


def require_role(user: Any, roles: Iterable[str], agency: Agency) -> None:
    roles = tuple(roles)
    if not has_any_role(user, roles, agency):
        names = ", ".join(str(Role(r).label) for r in roles)
        raise PermissionDenied(f"Cần vai trò {names} tại {agency.name} để thực hiện thao tác này.")


def applicant_q(user: Any) -> Q:
    """Dossiers `user` applied for: linked as the applicant, or submitted by them online. At the
    counter or by post `submitted_by` is the reception official who entered the dossier, whose
    access comes from their role only and ends with it."""
    return Q(applicant_user=user) | Q(submitted_by=user, channel=Channel.ONLINE)


def is_applicant(user: Any, dossier: Dossier) -> bool:
    """`applicant_q` for one dossier in memory."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.pk == dossier.applicant_user_id:
        return True
    return user.pk == dossier.submitted_by_id and dossier.channel == Channel.ONLINE


def require_applicant_or_reception(user: Any, dossier: Dossier) -> None:
    if is_applicant(user, dossier):
        return
    require_role(user, (Role.RECEPTION,), dossier.receiving_agency)
