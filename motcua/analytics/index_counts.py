"""The counts behind every Decision 766 indicator, for one agency (and below) and one period.

Dossier counts come from the rollups (`selectors.totals`, `selectors.procedures_with`);
the publication indicators (group 1) and the procedure shares (3.1, 3.5, 4.5a) from the
catalogue as it stands (a few thousand procedures); 1.4 from the sync table; 5.2–5.3 from the
feedback items (`feedback.rules.rates`). docs/rules.md §30 lists each source.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet

from motcua.accounts.models import Agency
from motcua.analytics import selectors
from motcua.catalog.models import OnlineType, Procedure
from motcua.core import calendar
from motcua.national_portal.rules import Period, index_1_4


def _midnight(day: date) -> datetime:
    from zoneinfo import ZoneInfo

    return datetime.combine(day, time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def competence(agency: Agency) -> QuerySet[Procedure]:
    """Procedures whose version in force names an agency of the subtree."""
    return Procedure.objects.filter(
        current__agencies__in=selectors.subtree(agency), current__status="published"
    ).distinct()


def _lead_days() -> int:
    return int(settings.MOTCUA["INDEX766"]["PUBLISH_LEAD_WORKING_DAYS"])


def _update_days() -> int:
    return int(settings.MOTCUA["INDEX766"]["PUBLIC_UPDATE_WORKING_DAYS"])


def _full_content(version: Any) -> bool:
    """The seven mandatory parts (Decree 63/2010 Art. 8(2)): name, sequence, channels,
    components, time limit, target subjects, implementing agency."""
    return bool(
        version.name.strip()
        and version.steps_text.strip()
        and version.channels
        and version.n_documents
        and version.time_limit_value
        and version.applicants.strip()
        and (version.n_agencies or version.agency_text.strip())
    )


def _catalogue(agency: Agency, period: Period) -> dict[str, int]:
    procs = list(
        competence(agency)
        .select_related("current")
        .annotate(
            n_documents=Count("current__documents", distinct=True),
            n_agencies=Count("current__agencies", distinct=True),
            n_fees=Count("current__fees", filter=Q(current__fees__amount__gt=0), distinct=True),
            n_online_fees=Count(
                "current__fees",
                filter=Q(current__fees__amount__gt=0, current__fees__online_amount__isnull=False),
                distinct=True,
            ),
        )
    )
    out = dict.fromkeys(
        (
            "announced", "published_on_time", "to_update", "updated_on_time", "published",
            "content_full", "procedures", "online_procedures", "fee_procedures",
            "fees_integrated", "individual_procedures",
        ),
        0,
    )  # fmt: skip
    for p in procs:
        v: Any = p.current
        v.n_documents, v.n_agencies = p.n_documents, p.n_agencies
        out["procedures"] += 1
        out["published"] += 1
        out["content_full"] += _full_content(v)
        out["online_procedures"] += v.online_type != OnlineType.NONE
        out["fee_procedures"] += p.n_fees > 0
        out["fees_integrated"] += p.n_fees > 0 and p.n_online_fees == p.n_fees
        out["individual_procedures"] += "individual" in (v.applicant_types or [])
        decided = v.publication_decision_date
        if decided is None or not period.start <= decided < period.end:
            continue
        if v.effective_from is not None:
            out["announced"] += 1
            lead = calendar.working_days_between(decided, v.effective_from)
            out["published_on_time"] += lead >= _lead_days()
        out["to_update"] += 1
        if v.published_at is not None:
            published = v.published_at.astimezone(_midnight(decided).tzinfo).date()
            out["updated_on_time"] += published <= calendar.add_working_days(
                decided, _update_days()
            )
    return out


def _online_ids(agency: Agency) -> set[int]:
    return set(
        competence(agency)
        .exclude(current__online_type=OnlineType.NONE)
        .values_list("id", flat=True)
    )


def _individual_ids(agency: Agency) -> set[int]:
    return {
        pk
        for pk, kinds in competence(agency).values_list("id", "current__applicant_types")
        if "individual" in (kinds or [])
    }


def _sync(agency: Agency, period: Period, received: int) -> tuple[int, Fraction, Fraction]:
    """Index 1.4's numerator and denominator and the online-share coefficient (its ratio, 1
    when the sync is off or there is nothing to compare)."""
    from motcua.national_portal.models import PortalSync

    synced = PortalSync.objects.filter(
        dossier__receiving_agency__in=selectors.subtree(agency),
        dossier__received_at__gte=_midnight(period.start),
        dossier__received_at__lt=_midnight(period.end),
        queued_version__gt=0,
        accepted_version__gte=F("queued_version"),
    ).count()
    last_year = 0
    if received == 0:
        last_year = selectors.totals(agency, *period.last_year).received
    index = index_1_4(
        synced=synced, national_count=received, portal_count=0, last_year_total=last_year,
        kind=period.kind,
    )  # fmt: skip
    on = bool(settings.MOTCUA["NATIONAL_PORTAL"]["URL"])
    coefficient = index.ratio if on and index.ratio is not None else Fraction(1)
    return synced, index.denominator or Fraction(0), coefficient


def _feedback(agency: Agency, period: Period, today: date) -> dict[str, int]:
    from motcua.feedback.models import Feedback, Status
    from motcua.feedback.rules import rates
    from motcua.feedback.selectors import late_q

    counts = (
        Feedback.objects.filter(
            agency__in=selectors.subtree(agency),
            received_at__gte=_midnight(period.start),
            received_at__lt=_midnight(period.end),
        )
        .exclude(status=Status.REFUSED, closed_late=False)
        .aggregate(
            received=Count("pk"),
            late=Count("pk", filter=late_q(min(today, period.end - timedelta(days=1)))),
            disliked=Count("pk", filter=Q(satisfied=False)),
            reopened=Count("pk", filter=Q(reopened_at__isnull=False)),
        )
    )
    r = rates(**counts)
    return {
        "feedback": r.received,
        "feedback_on_time": r.on_time,
        "feedback_satisfied": r.satisfied_basis,
    }


def _documents(agency: Agency, period: Period) -> dict[str, int]:
    """Documents issued in the period and how many electronically (the PAR self-assessment;
    read from the documents table, as feedback is: no dossier rollup holds them)."""
    from motcua.documents.selectors import electronic_share

    share = electronic_share(
        agencies=selectors.subtree(agency),
        start=_midnight(period.start),
        end=_midnight(period.end),
    )
    return {"documents_electronic": share.electronic, "documents_issued": share.total}


def counts(agency: Agency, period: Period, *, today: date) -> dict[str, Any]:
    """Every count the indicators of `index766` name, for `agency` and below over `period`."""
    t = selectors.totals(agency, period.start, period.end)
    out: dict[str, Any] = _catalogue(agency, period)
    refused_in_time = t["refused"] - t["refused_late"]
    handled = t.resolved + t["refused"] + t.open_at_end
    late = t["resolved_late"] + t["refused_late"] + t.overdue_at_end
    disliked = t["rated"] - t["satisfied"]
    synced, sync_base, coefficient = _sync(agency, period, t.received)
    used = selectors.procedures_with(agency, period.start, period.end, "received_online")
    vneid_used = selectors.procedures_with(agency, period.start, period.end, "vneid")
    out.update(
        synced=synced,
        sync_base=sync_base,
        in_time=t.resolved_in_time + refused_in_time + t.within_time_at_end,
        handled=handled,
        handling_days=Fraction(t["handling_seconds"], 86400),
        resolved=t.resolved,
        received=t.received,
        services_used=len(used & _online_ids(agency)),
        online_synced=t["received_online"] * coefficient,
        e_result=t["e_result"],
        digitised=t["digitised"],
        reused=t["reused"],
        personal_store=t["personal_store"],
        vneid=t["vneid"],
        vneid_procedures=len(vneid_used & _individual_ids(agency)),
        certified_copies=0,
        certified_base=0,
        paid_online=t["paid_online"],
        fee_bearing=t["fee_bearing"],
        satisfaction=max(0, handled - late - disliked),
        satisfaction_base=handled,
        late=late,
        disliked=disliked,
        totals=t,
    )
    out.update(_feedback(agency, period, today))
    out.update(_documents(agency, period))
    return out
