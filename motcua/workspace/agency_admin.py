"""The agency admin's pages: what they see and the checked writes behind them.

Scope (ARCHITECTURE.md, roles): the city admin (superuser or `city_admin`) administers every
agency; an agency admin the agencies of their `agency_admin` scope, nothing else. Every write
here checks that scope, then calls the service that owns the data — `process_*`
(dossiers.services.process), `user_create_official` / `role_grant` / `role_revoke` /
`user_update` (accounts.services), `calendar_override_set` / `calendar_override_delete`
(core.services) — which writes its audit event. Reads of another agency's rows are "not found".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import CommandError
from django.db.models import Prefetch, Q, QuerySet

from motcua.accounts.models import Agency, Role, RoleAssignment, User, UserKind
from motcua.accounts.selectors import agencies_in_scope
from motcua.accounts.services import is_city_admin, user_create_official, user_update
from motcua.catalog.models import Procedure
from motcua.core.errors import DomainError, NotFound, PermissionDenied
from motcua.core.models import CalendarOverride
from motcua.core.services import calendar_override_delete, calendar_override_set
from motcua.dossiers.management.commands.process_import import (
    check_graph,
    check_shape,
    create_from_data,
)
from motcua.dossiers.models import ProcessDefinition
from motcua.dossiers.services.process import process_new_version, process_publish

# -- scope -------------------------------------------------------------------------------------


def admin_agencies(user: Any) -> QuerySet[Agency]:
    """The agencies `user` administers (every active one for the city admin), in tree order."""
    if is_city_admin(user):
        return Agency.objects.filter(is_active=True).order_by("path")
    return agencies_in_scope(user, [Role.AGENCY_ADMIN]).order_by("path")


def is_agency_admin(user: Any) -> bool:
    return admin_agencies(user).exists()


def _require_admin_of(actor: Any, agency: Agency | None) -> None:
    """An agency of the actor's scope; `None` (city-wide or shared rows) is the city admin's."""
    if is_city_admin(actor):
        return
    if agency is not None and admin_agencies(actor).filter(pk=agency.pk).exists():
        return
    raise PermissionDenied("Bạn không quản trị cơ quan này.", code="not_agency_admin")


def admin_agency_get(*, user: Any, code: str) -> Agency:
    agency = admin_agencies(user).filter(code=code).first()
    if agency is None:
        raise NotFound("Không tìm thấy cơ quan trong phạm vi quản trị của bạn.")
    return agency


# -- processes ---------------------------------------------------------------------------------


def admin_processes(*, user: Any) -> list[ProcessDefinition]:
    """The processes of the admin's agencies and the shared ones of the procedures those
    agencies receive, by procedure, agency and newest version first."""
    scope = admin_agencies(user)
    received = Procedure.objects.filter(current__agencies__in=scope).values("pk")
    qs = ProcessDefinition.objects.filter(
        Q(agency__in=scope) | Q(agency__isnull=True, procedure__in=received)
    )
    qs = qs.select_related("procedure__current", "agency").distinct()
    return list(qs.order_by("procedure__code", "agency__path", "-version"))


def admin_process_get(*, user: Any, pk: int) -> ProcessDefinition:
    process = next((p for p in admin_processes(user=user) if p.pk == pk), None)
    if process is None:
        raise NotFound("Không tìm thấy quy trình trong phạm vi quản trị của bạn.")
    return process


def may_edit_process(user: Any, process: ProcessDefinition) -> bool:
    try:
        _require_admin_of(user, process.agency)
    except PermissionDenied:
        return False
    return True


def admin_process_new_version(*, actor: Any, process: ProcessDefinition) -> ProcessDefinition:
    """A new draft copying `process`, for an admin of its agency."""
    _require_admin_of(actor, process.agency)
    return process_new_version(process=process, actor=actor)


def admin_process_publish(*, actor: Any, process: ProcessDefinition) -> ProcessDefinition:
    """Publish a draft (validation and allotment checks of `process_publish`)."""
    _require_admin_of(actor, process.agency)
    return process_publish(process=process, actor=actor)


def admin_process_import(*, actor: Any, data: Any, publish: bool = False) -> ProcessDefinition:
    """A new draft (published at once with `publish`) from the JSON `process_export` writes and
    `motcua process_import` reads. The agency named must be in the actor's scope (no agency:
    a shared process, the city admin's). Everything is checked before anything is written;
    a refused publish leaves no draft."""
    try:
        check_shape(data)
        check_graph(data)
    except CommandError as exc:
        raise DomainError(str(exc), code="process_bad_data") from exc
    procedure = Procedure.objects.filter(code=data["procedure"]).first()
    if procedure is None:
        raise DomainError(
            f"Không tìm thấy thủ tục '{data['procedure']}'.", code="unknown_procedure"
        )
    agency = Agency.objects.filter(code=data["agency"]).first() if data.get("agency") else None
    if data.get("agency") and agency is None:
        raise DomainError(f"Không tìm thấy cơ quan '{data['agency']}'.", code="unknown_agency")
    _require_admin_of(actor, agency)
    return create_from_data(data, procedure=procedure, agency=agency, publish=publish, actor=actor)


# -- officials ---------------------------------------------------------------------------------


def admin_officials(*, user: Any) -> list[User]:
    """Officials whose home agency the user administers, with their roles; two queries."""
    roles = RoleAssignment.objects.select_related("agency").order_by("agency__path", "role")
    qs = User.objects.filter(kind=UserKind.OFFICIAL, home_agency__in=admin_agencies(user))
    qs = qs.select_related("home_agency").prefetch_related(Prefetch("role_assignments", roles))
    return list(qs.order_by("home_agency__path", "username"))


def admin_official_get(*, user: Any, pk: int) -> User:
    found = [u for u in admin_officials(user=user) if u.pk == pk]
    if not found:
        raise NotFound("Không tìm thấy cán bộ trong phạm vi quản trị của bạn.")
    return found[0]


def admin_official_create(
    *, actor: Any, username: str, full_name: str, home_agency: Agency, email: str = "",
    phone: str = "", password: str | None = None,
) -> User:  # fmt: skip
    """A new official of an agency the actor administers (no roles yet: grant them next)."""
    _require_admin_of(actor, home_agency)
    if not full_name.strip():
        raise DomainError("Họ tên không được để trống.", code="invalid")
    return user_create_official(
        username=username, full_name=full_name, home_agency=home_agency, email=email,
        phone=phone, password=password or None, actor=actor,
    )  # fmt: skip


def admin_official_deactivate(*, actor: Any, user: User) -> User:
    """Deactivate an official of the actor's agencies (their API tokens are revoked by
    `user_update`); nobody deactivates themselves here."""
    if user.pk == getattr(actor, "pk", None):
        raise PermissionDenied("Không thể tự khóa tài khoản của mình.", code="self_deactivate")
    _require_admin_of(actor, user.home_agency)
    return user_update(user=user, actor=actor, is_active=False)


# -- calendar overrides ------------------------------------------------------------------------


def admin_overrides(*, user: Any) -> list[CalendarOverride]:
    """The overrides of the user's agencies (the city admin: city-wide ones too), by date."""
    scope = admin_agencies(user)
    q = Q(agency__in=scope) | (Q(agency__isnull=True) if is_city_admin(user) else Q(pk__in=[]))
    return list(CalendarOverride.objects.filter(q).select_related("agency").order_by("date"))


def admin_override_set(
    *, actor: Any, agency: Agency, date: dt.date, kind: str, note: str = "", source: str = ""
) -> CalendarOverride:
    _require_admin_of(actor, agency)
    return calendar_override_set(
        date=date, kind=kind, agency=agency, note=note, source=source, actor=actor
    )


def admin_override_delete(*, actor: Any, pk: int) -> bool:
    row = next((o for o in admin_overrides(user=actor) if o.pk == pk), None)
    if row is None:
        raise NotFound("Không tìm thấy ngày điều chỉnh trong phạm vi quản trị của bạn.")
    _require_admin_of(actor, row.agency)
    return calendar_override_delete(date=row.date, agency=row.agency, actor=actor)
