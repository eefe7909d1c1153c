"""Reads of the national portal sync: the index 1.4 report of an agency for a period.

Visibility: `sync_report_for_user` answers only an official who holds a reporting role at the
agency (directly or from an ancestor with its descendants); anyone else gets "not found", as
for a dossier they may not see.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Q, QuerySet

from motcua.accounts.models import Agency, Role
from motcua.accounts.selectors import agency_get_by_code, user_has_any_role
from motcua.core.errors import NotFound
from motcua.dossiers.models import Dossier
from motcua.national_portal.rules import Period, SyncIndex, index_1_4

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
# who may read the report: inspectors, leaders, heads, administrators
REPORT_ROLES = (
    Role.INSPECTOR,
    Role.SIGNER,
    Role.UNIT_HEAD,
    Role.AGENCY_ADMIN,
    Role.CITY_ADMIN,
)
SYNCED = Q(
    portal_sync__queued_version__gt=0,
    portal_sync__accepted_version__gte=F("portal_sync__queued_version"),
)
REJECTED = Q(
    portal_sync__queued_version__gt=0,
    portal_sync__rejected_version__gte=F("portal_sync__queued_version"),
    portal_sync__accepted_version__lt=F("portal_sync__queued_version"),
)


@dataclass(frozen=True)
class SyncReport:
    agency: Agency
    period: Period
    received: int  # dossiers received in the period (our count for the national system)
    synced: int  # ... whose latest state the portal accepted
    rejected: int  # ... whose latest state the portal refused
    never_queued: int  # ... with no state queued (received before the sync was switched on)
    index: SyncIndex


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=VIETNAM)


def received_between(agency: Agency, start: date, end: date) -> QuerySet[Dossier]:
    """Dossiers received at `agency` or below it with a receipt date (Vietnam time) in
    [start, end)."""
    return Dossier.objects.filter(
        receiving_agency__path__startswith=agency.path,
        received_at__gte=_local_midnight(start),
        received_at__lt=_local_midnight(end),
    )


def sync_report(*, agency: Agency, period: Period, portal_count: int | None = None) -> SyncReport:
    """Counts in one query (plus one for last year's total, only when the period has none).
    `portal_count` is DVCQG's own count for the period when an official has it; without it the
    denominator is our count of received dossiers."""
    counts: dict[str, Any] = received_between(agency, period.start, period.end).aggregate(
        received=Count("pk"),
        synced=Count("pk", filter=SYNCED),
        rejected=Count("pk", filter=REJECTED),
        never=Count("pk", filter=Q(portal_sync__isnull=True)),
    )
    last_year = 0
    if max(counts["received"], portal_count or 0) == 0:
        last_year = received_between(agency, *period.last_year).count()
    index = index_1_4(
        synced=counts["synced"],
        national_count=counts["received"],
        portal_count=portal_count or 0,
        last_year_total=last_year,
        kind=period.kind,
    )
    return SyncReport(
        agency=agency,
        period=period,
        received=counts["received"],
        synced=counts["synced"],
        rejected=counts["rejected"],
        never_queued=counts["never"],
        index=index,
    )


def sync_report_for_user(
    *, user: Any, agency_code: str, period: Period, portal_count: int | None = None
) -> SyncReport:
    agency = agency_get_by_code(agency_code)
    if agency is None or not user_has_any_role(user, REPORT_ROLES, agency):
        raise NotFound("Không tìm thấy cơ quan.")
    return sync_report(agency=agency, period=period, portal_count=portal_count)
