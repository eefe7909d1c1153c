"""Make and store the weekly forecasts (docs/analytics.md "Forecasts"; docs/rules.md §31).

- Volume: for every agency that received dossiers in the last year, the daily received counts
  from the agency × day rollup; for each of its busiest procedures (`TOP_PROCEDURES` by volume
  over the last twelve weeks), the same from the agency × procedure × day rollup. Each series
  is forecast for the next eight weeks by `forecast.forecast_weekly`, with its backtest against
  the seasonal-naive baseline stored beside it.
- Staffing: the officials the agency needs per forecast week (`staffing.officials_needed`) at
  its measured productivity: its officials' dossier hours over the last twelve weeks
  (officials holding a handling role × `OFFICIAL_HOURS_PER_WEEK` × 12) shared among the dossiers
  it handled in proportion to the working time each procedure's dossiers were in officials'
  hands (their process steps, activation to completion). A procedure with fewer than five
  measured dossiers takes the agency's average.
Everything reads the rollups and the step records; nothing here scans the dossier table.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone

from motcua.accounts.models import Agency, Role, RoleAssignment
from motcua.analytics import forecast, staffing
from motcua.analytics.models import RollupAgencyDay, RollupDay, StaffingForecast, VolumeForecast
from motcua.core import calendar
from motcua.dossiers.models import StepInstance
from motcua.dossiers.models.records import StepStatus

HISTORY_DAYS = 364  # 52 weeks of history for each series
WINDOW_WEEKS = 12  # the recent window that ranks procedures and measures productivity
TOP_PROCEDURES = 5
HANDLING_ROLES = (Role.RECEPTION, Role.SPECIALIST, Role.UNIT_HEAD, Role.SIGNER)
MIN_SAMPLES = 5
RECEIVED = F("received_counter") + F("received_online") + F("received_postal")
RESOLVED = F("resolved_early") + F("resolved_on_time") + F("resolved_late") + F("refused")


def _config() -> dict[str, Any]:
    return dict(settings.MOTCUA.get("ANALYTICS", {}))


def _holidays(start: date, end: date) -> frozenset[date]:
    """Weekdays that are not working days (public holidays, Tết) between start and end."""
    days = (start + timedelta(n) for n in range((end - start).days + 1))
    return frozenset(d for d in days if d.weekday() < 5 and not calendar.is_working_day(d))


def _series(rows: list[tuple[date, int]], start: date, end: date) -> list[tuple[date, int]]:
    """Every day from start to end with its count (a day without a rollup row received none)."""
    by_day = dict(rows)
    days = (start + timedelta(n) for n in range((end - start).days + 1))
    return [(d, by_day.get(d, 0)) for d in days]


def _stored(result: forecast.Forecast) -> dict[str, Any]:
    backtest = result.backtest
    return {
        "method": result.method,
        "points": [
            {"week": p.week_start.isoformat(), "value": p.value, "lower": p.lower, "upper": p.upper}
            for p in result.points
        ],
        "backtest": {
            "windows": backtest.windows,
            "mae": backtest.mae,
            "wape": backtest.wape,
            "baseline_mae": backtest.baseline_mae,
            "baseline_wape": backtest.baseline_wape,
        }
        if backtest
        else {},
        "beats_baseline": result.beats_baseline,
    }


def _agency_series(start: date, end: date) -> dict[int, list[tuple[date, int]]]:
    out: dict[int, list[tuple[date, int]]] = defaultdict(list)
    rows = (
        RollupAgencyDay.objects.filter(day__gte=start, day__lte=end)
        .annotate(n=RECEIVED)
        .values_list("agency_id", "day", "n")
    )
    for agency_id, day, n in rows:
        out[agency_id].append((day, n))
    return out


def _top_procedures(agency_ids: list[int], since: date, end: date) -> dict[int, list[int]]:
    totals = (
        RollupDay.objects.filter(agency_id__in=agency_ids, day__gte=since, day__lte=end)
        .values("agency_id", "procedure_id")
        .annotate(n=Sum(RECEIVED))
        .order_by("agency_id", "-n", "procedure_id")
        .values_list("agency_id", "procedure_id", "n")
    )
    out: dict[int, list[int]] = defaultdict(list)
    for agency_id, procedure_id, n in totals:
        if n and len(out[agency_id]) < TOP_PROCEDURES:
            out[agency_id].append(procedure_id)
    return out


def _procedure_series(
    agency_id: int, procedure_ids: list[int], start: date, end: date
) -> dict[int, list[tuple[date, int]]]:
    out: dict[int, list[tuple[date, int]]] = defaultdict(list)
    rows = (
        RollupDay.objects.filter(
            agency_id=agency_id, procedure_id__in=procedure_ids, day__gte=start, day__lte=end
        )
        .annotate(n=RECEIVED)
        .values_list("procedure_id", "day", "n")
    )
    for procedure_id, day, n in rows:
        out[procedure_id].append((day, n))
    return out


# ---- staffing ------------------------------------------------------------------------------


def officials_now(agency_id: int) -> int:
    """The officials holding a handling role at the agency itself."""
    return (
        RoleAssignment.objects.filter(
            agency_id=agency_id, role__in=HANDLING_ROLES, user__is_active=True
        )
        .values("user_id")
        .distinct()
        .count()
    )


def _held_hours(agency: Agency, since: date) -> dict[int, list[float]]:
    """Per procedure: the working hours each dossier completed at the agency in the window was
    held at its process steps (summed over the steps, activation to completion)."""
    per_dossier: dict[tuple[int, int], float] = defaultdict(float)
    rows = StepInstance.objects.filter(
        agency=agency, status=StepStatus.DONE, completed_at__date__gte=since
    ).values_list(
        "dossier__procedure_version__procedure_id", "dossier_id", "activated_at", "completed_at"
    )
    for procedure_id, dossier_id, activated, completed in rows.iterator(chunk_size=5000):
        if completed is None:  # a done step always has its time; the type does not say so
            continue
        seconds = calendar.working_seconds_between(activated, completed, agency=agency)
        per_dossier[(procedure_id, dossier_id)] += seconds / 3600
    out: dict[int, list[float]] = defaultdict(list)
    for (procedure_id, _), hours in per_dossier.items():
        out[procedure_id].append(hours)
    return out


def handling_hours(
    agency: Agency, since: date, end: date, officials: int, hours_per_week: float
) -> tuple[dict[str, float], float]:
    """The measured dossier hours per procedure (key: procedure id as text) and the agency's
    average, as described in the module docstring."""
    resolved = (
        RollupAgencyDay.objects.filter(agency=agency, day__gte=since, day__lte=end).aggregate(
            n=Sum(RESOLVED)
        )["n"]
        or 0
    )
    capacity = officials * hours_per_week * WINDOW_WEEKS
    if not resolved or not capacity:
        return {}, 0.0
    average = capacity / resolved
    held = {p: v for p, v in _held_hours(agency, since).items() if len(v) >= MIN_SAMPLES}
    if not held:
        return {}, average
    medians = {p: statistics.median(v) for p, v in held.items()}
    mean_held = statistics.fmean(medians.values()) or 1.0
    return {str(p): average * m / mean_held for p, m in medians.items()}, average


def _staffing_weeks(
    agency_total: forecast.Forecast,
    per_procedure: dict[int, forecast.Forecast],
    hours: dict[str, float],
    average: float,
    hours_per_week: float,
) -> list[dict[str, Any]]:
    weeks = []
    for i, point in enumerate(agency_total.points):
        volume = {str(p): f.points[i].value for p, f in per_procedure.items() if i < len(f.points)}
        rest = max(point.value - sum(volume.values()), 0.0)
        volume["*"] = rest  # the other procedures, at the agency's average
        week = staffing.officials_needed(
            volume,
            hours,
            default_hours=average,
            hours_per_official_week=hours_per_week,
            utilisation=1.0,  # the capacity is measured, not assumed
        )
        weeks.append(
            {"week": point.week_start.isoformat(), "officials": week.officials, "hours": week.hours}
        )
    return weeks


# ---- the weekly run ------------------------------------------------------------------------


def forecasts_refresh(as_of: date, *, progress: Any = None) -> int:
    """Forecast every agency (and its busiest procedures) from the rollups up to the day before
    `as_of`; replaces the forecasts made on `as_of`. Returns the number of series forecast."""
    end = as_of - timedelta(days=1)
    start = end - timedelta(days=HISTORY_DAYS - 1)
    since = end - timedelta(weeks=WINDOW_WEEKS) + timedelta(days=1)
    holidays = _holidays(start, end + timedelta(weeks=9))
    hours_per_week = float(_config().get("OFFICIAL_HOURS_PER_WEEK", 30))
    series = _agency_series(start, end)
    top = _top_procedures(list(series), since, end)
    agencies = Agency.objects.in_bulk(list(series))
    now = timezone.now()
    made = 0
    for n, (agency_id, rows) in enumerate(sorted(series.items()), start=1):
        agency = agencies[agency_id]
        total = forecast.forecast_weekly(_series(rows, start, end), as_of=as_of, holidays=holidays)
        by_procedure = {
            pid: forecast.forecast_weekly(_series(r, start, end), as_of=as_of, holidays=holidays)
            for pid, r in _procedure_series(agency_id, top[agency_id], start, end).items()
        }
        officials = officials_now(agency_id)
        hours, average = handling_hours(agency, since, end, officials, hours_per_week)
        with transaction.atomic():
            VolumeForecast.objects.filter(agency=agency, as_of=as_of).delete()
            VolumeForecast.objects.bulk_create(
                VolumeForecast(
                    agency=agency, procedure_id=pid, as_of=as_of, created_at=now, **_stored(f)
                )
                for pid, f in [(None, total), *by_procedure.items()]
            )
            StaffingForecast.objects.update_or_create(
                agency=agency,
                as_of=as_of,
                defaults={
                    "weeks": _staffing_weeks(total, by_procedure, hours, average, hours_per_week)
                    if average
                    else [],
                    "officials_now": officials,
                    "hours_per_dossier": average,
                    "created_at": now,
                },
            )
        made += 1 + len(by_procedure)
        if progress:
            progress(n, len(series))
    return made
