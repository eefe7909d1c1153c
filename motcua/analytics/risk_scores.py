"""Score every open dossier's lateness risk, and send each agency head the riskiest ones
(docs/analytics.md "Lateness risk"; docs/rules.md §31).

`scores_refresh(now)` gathers, in a handful of grouped queries, what `risk.score` weighs: the
working hours left before the deadline and those the procedure allots, the step the dossier is
at and how often dossiers went late after that step in the last twelve weeks, the receiving
agency's open dossiers against what it resolved per week in the last four, and the open steps
of the official holding it against the agency's median. The scores replace the previous ones
in one transaction.

`digest_send(as_of)` writes, through the outbox, one e-mail per agency head (a unit head or an
agency administrator at the agency, with an e-mail address): the agency's `DIGEST_SIZE` riskiest
dossiers with their reasons, in the head's language; a second call on the same day writes
nothing (dedupe key). The same list is on the workspace's risk page.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from motcua.accounts.models import Agency, Role, RoleAssignment
from motcua.analytics import risk
from motcua.analytics.forecasting import RESOLVED
from motcua.analytics.models import RiskScore, RollupAgencyDay
from motcua.core import calendar
from motcua.core.models import OutboxMessage
from motcua.dossiers.models import CLOCK_STATUSES, Dossier, DossierStatus, StepInstance
from motcua.dossiers.models.records import StepStatus, Timing
from motcua.notifications.fanout import languages_of
from motcua.notifications.models import Language

DIGEST_KIND = "analytics.risk_digest"
HEAD_ROLES = (Role.UNIT_HEAD, Role.AGENCY_ADMIN)
# Received and not yet decided: a dossier with its result recorded can no longer turn late.
SCORED_STATUSES = (*CLOCK_STATUSES, DossierStatus.NEEDS_SUPPLEMENT)


def _hours(a: datetime, b: datetime, agency: Agency | None) -> float:
    """Working hours from a to b; negative when b is before a."""
    if b >= a:
        return calendar.working_seconds_between(a, b, agency=agency) / 3600
    return -calendar.working_seconds_between(b, a, agency=agency) / 3600


def _step_late_rates(since: datetime) -> dict[int, float]:
    rows = (
        StepInstance.objects.filter(status=StepStatus.DONE, completed_at__gte=since)
        .values("step_id")
        .annotate(n=Count("id"), late=Count("id", filter=Q(timing=Timing.LATE)))
        .values_list("step_id", "n", "late")
    )
    return {step_id: late / n for step_id, n, late in rows if n}


def _weekly_capacity(today: date) -> dict[int, float]:
    start = today - timedelta(weeks=4)
    rows = (
        RollupAgencyDay.objects.filter(day__gte=start, day__lt=today)
        .values("agency_id")
        .annotate(n=Sum(RESOLVED))
        .values_list("agency_id", "n")
    )
    return {agency_id: (n or 0) / 4 for agency_id, n in rows}


def _inputs(now: datetime) -> list[tuple[Dossier, risk.RiskInputs]]:
    dossiers = list(
        Dossier.objects.filter(status__in=SCORED_STATUSES, received_at__isnull=False)
        .select_related("receiving_agency")
        .only(
            "id", "code", "status", "receiving_agency", "received_at", "deemed_received_at",
            "due_at", "extended_due_at", "paused_at",
        )
    )  # fmt: skip
    current: dict[int, StepInstance] = {}
    for active in (
        StepInstance.objects.filter(dossier__status__in=SCORED_STATUSES, status=StepStatus.ACTIVE)
        .select_related("step")
        .order_by("activated_at", "id")
    ):
        current[active.dossier_id] = active  # the newest active step
    held = Counter(
        StepInstance.objects.filter(status=StepStatus.ACTIVE, assignee__isnull=False)
        .values_list("assignee_id", flat=True)
        .iterator()
    )
    per_agency_holders: dict[int, list[int]] = defaultdict(list)
    for active in current.values():
        if active.assignee_id:
            per_agency_holders[active.agency_id].append(held[active.assignee_id])
    medians = {a: statistics.median(v) for a, v in per_agency_holders.items()}
    backlog = Counter(d.receiving_agency_id for d in dossiers)
    capacity = _weekly_capacity(timezone.localdate(now))
    late_rates = _step_late_rates(now - timedelta(weeks=12))
    out = []
    for dossier in dossiers:
        due = dossier.effective_due_at
        if due is None:
            continue
        agency = dossier.receiving_agency
        start = dossier.deemed_received_at or dossier.received_at
        assert start is not None
        step = current.get(dossier.pk)
        inputs = risk.RiskInputs(
            hours_left=_hours(now, due, agency),
            hours_allotted=max(_hours(start, due, agency), 1.0),
            step_key=str(step.step_id) if step else "",
            step_name=step.step.name if step else "",
            step_late_rate=late_rates.get(step.step_id) if step else None,
            agency_backlog=backlog[agency.pk],
            agency_weekly_capacity=capacity.get(agency.pk, 0.0),
            assignee_open=held[step.assignee_id] if step and step.assignee_id else None,
            agency_median_open=medians.get(agency.pk),
            paused=dossier.status == DossierStatus.NEEDS_SUPPLEMENT or bool(dossier.paused_at),
        )
        out.append((dossier, inputs))
    return out


def scores_refresh(now: datetime | None = None) -> int:
    """Recompute the risk of every open dossier; returns how many were scored."""
    now = now or timezone.now()
    rows = []
    for dossier, inputs in _inputs(now):
        value, reasons = risk.score(inputs)
        rows.append(
            RiskScore(
                dossier_id=dossier.pk,
                agency_id=dossier.receiving_agency_id,
                score=value,
                reasons=[
                    {"code": r.code, "weight": round(r.weight, 2), "detail": r.detail}
                    for r in reasons
                ],
                computed_at=now,
            )
        )
    with transaction.atomic():
        RiskScore.objects.all().delete()
        RiskScore.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


# ---- what a reason says --------------------------------------------------------------------


def reason_text(reason: dict[str, Any]) -> str:
    """One sentence for a stored reason, in the active language."""
    code, detail = reason.get("code"), reason.get("detail") or {}
    if code == "overdue":
        return _("Đã quá hạn giải quyết.")
    if code == "time_left":
        hours = round(float(detail.get("hours_left", 0)))
        return ngettext(
            "Còn %(hours)s giờ làm việc đến hạn.", "Còn %(hours)s giờ làm việc đến hạn.", hours
        ) % {"hours": hours}
    if code == "step":
        rate = round(100 * float(detail.get("late_rate", 0)))
        return _("Bước “%(step)s”: %(rate)s%% hồ sơ qua bước này bị trễ.") % {
            "step": detail.get("step_name", ""),
            "rate": rate,
        }
    if code == "backlog":
        return _("Cơ quan tồn %(open)s hồ sơ, giải quyết khoảng %(week)s hồ sơ mỗi tuần.") % {
            "open": detail.get("backlog", 0),
            "week": round(float(detail.get("capacity", 0))),
        }
    if code == "assignee_load":
        return _("Cán bộ thụ lý đang giữ %(open)s hồ sơ (trung vị của cơ quan: %(median)s).") % {
            "open": detail.get("assignee_open", 0),
            "median": detail.get("median_open", 0),
        }
    if code == "paused":
        return _("Đang chờ người dân bổ sung: thời hạn tạm dừng.")
    return str(code)


# ---- the weekly digest ---------------------------------------------------------------------


def _heads() -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = defaultdict(list)
    for grant in RoleAssignment.objects.filter(
        role__in=HEAD_ROLES, user__is_active=True
    ).select_related("user"):
        if grant.user not in out[grant.agency_id]:
            out[grant.agency_id].append(grant.user)
    return out


def _items(agency_id: int, size: int) -> list[dict[str, Any]]:
    rows = (
        RiskScore.objects.filter(agency_id=agency_id)
        .select_related("dossier")
        .order_by("-score", "dossier__due_at", "dossier_id")[:size]
    )
    return [
        {
            "code": r.dossier.code,
            "score": r.score,
            "due_at": (r.dossier.effective_due_at or r.dossier.due_at).isoformat()
            if r.dossier.due_at
            else "",
            "reasons": r.reasons,
        }
        for r in rows
    ]


def digest_send(as_of: date) -> int:
    """One digest per agency head with open risky dossiers; returns the messages written."""
    size = int(settings.MOTCUA.get("ANALYTICS", {}).get("DIGEST_SIZE", 10))
    heads = _heads()
    languages = languages_of(u.pk for users in heads.values() for u in users)
    agencies = Agency.objects.in_bulk(list(heads))
    rows = []
    for agency_id, users in heads.items():
        items = _items(agency_id, size)
        if not items:
            continue
        for user in users:
            if not user.email:  # the digest goes by e-mail; a head without one gets none
                continue
            language = languages.get(user.pk, Language.VI)
            with translation.override(language):
                listed = [{**i, "reasons": [reason_text(r) for r in i["reasons"]]} for i in items]
            payload = {
                "agency": agencies[agency_id].name,
                "week": as_of.isoformat(),
                "dossiers": listed,
                "language": language,
            }
            rows.append(
                OutboxMessage(
                    kind=DIGEST_KIND,
                    channel="email",
                    recipient=user.email,
                    subject_type="agency",
                    subject_id=str(agency_id),
                    payload=payload,
                    dedupe_key=f"risk-digest:{agency_id}:{user.pk}:{as_of}",
                )
            )
    keys = {r.dedupe_key for r in rows}
    sent = set(
        OutboxMessage.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True)
    )
    OutboxMessage.objects.bulk_create([r for r in rows if r.dedupe_key not in sent])
    return len(keys - sent)
