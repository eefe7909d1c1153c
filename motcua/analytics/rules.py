"""What one dossier contributes to the rollups (pure: no Django import).

A dossier's facts (`Facts`) are derived from its row and its records; `contributions(facts)`
turns them into counts on days: (day, measure, n). The rollups are the sums of every dossier's
contributions, so the incremental path (retract a dossier's old contributions, add its new
ones) and the rebuild (sum them from scratch) give identical numbers by construction.

The on-time rule is that of the national index, Decision 766/QĐ-TTg indicator 2.1 as the
national portal computes it (docs/rules.md §29):
- the end of processing is the result recorded, else the refusal or the stop;
- the time the applicant spent supplementing after receipt (request to completion, as a
  duration) is subtracted from the end;
- the adjusted end is compared with the appointment given at receipt (`appointment_at`, never
  moved by the supplement, so the time is not credited twice; an apology does not make a late
  dossier on time);
- more than one supplement request makes the dossier late;
- before time: the adjusted end falls on an earlier (Vietnam) day than the appointment; on
  time: the same day, not after it; late: after it.
A dossier still open at the end of a period is in progress within time until its deadline
(appointment + supplement time so far) has passed; while it waits for the applicant its deadline
is suspended, unless the request came after the deadline.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

RULES_VERSION = "766-2.1/2026-12"
VIETNAM = timezone(timedelta(hours=7))  # Asia/Ho_Chi_Minh has no daylight saving time

EARLY, ON_TIME, LATE = "early", "on_time", "late"
RESOLVED, REFUSED, WITHDRAWN = "resolved", "refused", "withdrawn"
CHANNEL_MEASURES = {"counter": "received_counter", "online": "received_online"}

# Every measure of a rollup row, in the order of the columns.
MEASURES: tuple[str, ...] = (
    "received_counter",
    "received_online",
    "received_postal",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "refused",
    "refused_late",
    "withdrawn",
    "rejected_at_reception",
    "supplement_requests",
    "deadline_passed",
    "closed_after_deadline",
    "handling_seconds",
    "fee_bearing",
    "paid_online",
    "reused",
    "personal_store",
    "vneid",
    "e_result",
    "digitised",
    "rated",
    "satisfied",
    "rating_points",
    "late_with_apology",
)


@dataclass(frozen=True)
class Supplement:
    requested_at: datetime
    completed_at: datetime | None


@dataclass(frozen=True)
class Inputs:
    """What a dossier's row and records say; gathered by `analytics.facts`."""

    status: str
    channel: str
    received_at: datetime | None
    appointment_at: datetime | None
    finished_at: datetime | None
    supplements: tuple[Supplement, ...]  # every request, both stages, oldest first
    apology: bool
    fee_bearing: bool
    paid_online: bool
    reused: bool
    personal_store: bool
    vneid: bool
    e_result: bool
    digitised: bool
    rating_day: date | None  # the day of the first rating
    satisfied: bool | None  # of the counted rating (docs/rules.md §23)
    rating_points: int  # of the counted rating, 0..18


@dataclass(frozen=True)
class Facts:
    """One dossier's derived facts, stored in `DossierFact` (so a drill-down reads them)."""

    received_day: date | None
    channel: str
    outcome: str  # "" open, resolved, refused, withdrawn, rejected (at reception), cancelled
    closed_day: date | None
    timing: str  # early / on_time / late for a closed dossier, "" otherwise
    deadline_day: date | None  # the day its deadline passes (None: suspended or closed in time)
    closed_after_deadline: bool
    handling_seconds: int
    supplement_days: tuple[date, ...]
    fee_bearing: bool
    paid_online: bool
    reused: bool
    personal_store: bool
    vneid: bool
    e_result: bool
    digitised: bool
    apology: bool
    rating_day: date | None
    satisfied: bool | None
    rating_points: int


def local_day(at: datetime) -> date:
    return at.astimezone(VIETNAM).date()


def supplement_seconds(inputs: Inputs, *, until: datetime) -> int:
    """The time spent supplementing after receipt, up to `until` (an open request runs to it)."""
    if inputs.received_at is None:
        return 0
    total = 0
    for s in inputs.supplements:
        if s.requested_at < inputs.received_at:
            continue  # a reception-stage request: the clock had not started
        end = min(s.completed_at or until, until)
        if end > s.requested_at:
            total += int((end - s.requested_at).total_seconds())
    return total


def _processing_requests(inputs: Inputs) -> list[Supplement]:
    return [
        s for s in inputs.supplements if s.requested_at >= (inputs.received_at or s.requested_at)
    ]


def _deadline(inputs: Inputs, end: datetime | None) -> datetime | None:
    """The moment the dossier turns late: the appointment plus the supplement time (up to `end`
    for a closed dossier); the second supplement request when there is one (late by rule);
    None while an open request suspends it."""
    assert inputs.received_at is not None
    assert inputs.appointment_at is not None
    if len(inputs.supplements) > 1:
        return inputs.supplements[1].requested_at
    done = [s for s in _processing_requests(inputs) if s.completed_at is not None]
    credit = sum(
        int((s.completed_at - s.requested_at).total_seconds()) for s in done if s.completed_at
    )
    deadline = inputs.appointment_at + timedelta(seconds=credit)
    waiting = [s for s in _processing_requests(inputs) if s.completed_at is None]
    if end is None and waiting and waiting[0].requested_at <= deadline:
        return None
    return deadline


def timing_of(inputs: Inputs, end: datetime) -> str:
    if len(inputs.supplements) > 1:
        return LATE
    assert inputs.appointment_at is not None
    adjusted = end - timedelta(seconds=supplement_seconds(inputs, until=end))
    if adjusted > inputs.appointment_at:
        return LATE
    return EARLY if local_day(adjusted) < local_day(inputs.appointment_at) else ON_TIME


def _outcome(status: str, received: bool) -> str:
    if status in ("result_ready", "returned"):
        return RESOLVED
    if status == "rejected":
        return REFUSED if received else "rejected"
    if status == "withdrawn":
        return WITHDRAWN if received else "cancelled"
    if status == "cancelled":
        return "cancelled"
    return ""


def facts_of(inputs: Inputs) -> Facts:
    received = inputs.received_at is not None and inputs.appointment_at is not None
    outcome = _outcome(inputs.status, received)
    end = inputs.finished_at if outcome else None
    timing, deadline_day, after, handling = "", None, False, 0
    if received and outcome in (RESOLVED, REFUSED, WITHDRAWN) and end is not None:
        timing = timing_of(inputs, end)
        assert inputs.received_at is not None
        deadline = _deadline(inputs, end)
        after = deadline is not None and end > deadline
        deadline_day = local_day(deadline) if after and deadline is not None else None
        spent = (end - inputs.received_at).total_seconds()
        handling = max(0, int(spent) - supplement_seconds(inputs, until=end))
    elif received and not outcome:
        deadline = _deadline(inputs, None)
        deadline_day = local_day(deadline) if deadline is not None else None
    return Facts(
        received_day=local_day(inputs.received_at) if received and inputs.received_at else None,
        channel=inputs.channel,
        outcome=outcome,
        closed_day=local_day(end) if end is not None else None,
        timing=timing,
        deadline_day=deadline_day,
        closed_after_deadline=after,
        handling_seconds=handling,
        supplement_days=tuple(local_day(s.requested_at) for s in inputs.supplements),
        fee_bearing=inputs.fee_bearing,
        paid_online=inputs.paid_online,
        reused=inputs.reused,
        personal_store=inputs.personal_store,
        vneid=inputs.vneid,
        e_result=inputs.e_result and outcome == RESOLVED,
        digitised=inputs.digitised and outcome == RESOLVED,
        apology=inputs.apology,
        rating_day=inputs.rating_day,
        satisfied=inputs.satisfied,
        rating_points=inputs.rating_points,
    )


def contributions(f: Facts) -> Iterator[tuple[date, str, int]]:
    """The counts this dossier adds to the day rollups. Receipt-day measures describe the
    dossiers received that day (channel, fees, reuse); close-day measures the dossiers closed
    that day (timing, e-results, handling time); the stock of open and overdue dossiers at the
    end of any period is a running sum (`selectors`): open = received − closed, overdue =
    deadline_passed − closed_after_deadline, each summed over the days before the period ends."""
    for day in f.supplement_days:
        yield day, "supplement_requests", 1
    if f.outcome == "rejected" and f.closed_day is not None:
        yield f.closed_day, "rejected_at_reception", 1
    if f.received_day is not None:
        yield f.received_day, CHANNEL_MEASURES.get(f.channel, "received_postal"), 1
        for flag in ("fee_bearing", "paid_online", "reused", "personal_store", "vneid"):
            if getattr(f, flag):
                yield f.received_day, flag, 1
    if f.deadline_day is not None:
        # the day after the deadline's day is the first period end at which it counts overdue
        yield f.deadline_day, "deadline_passed", 1
    if f.closed_day is not None and f.outcome in (RESOLVED, REFUSED, WITHDRAWN):
        if f.outcome == RESOLVED:
            yield f.closed_day, f"resolved_{f.timing}", 1
            yield f.closed_day, "handling_seconds", f.handling_seconds
            if f.e_result:
                yield f.closed_day, "e_result", 1
            if f.digitised:
                yield f.closed_day, "digitised", 1
        elif f.outcome == REFUSED:
            yield f.closed_day, "refused", 1
            if f.timing == LATE:
                yield f.closed_day, "refused_late", 1
        else:
            yield f.closed_day, "withdrawn", 1
        if f.closed_after_deadline:
            yield f.closed_day, "closed_after_deadline", 1
        if f.timing == LATE and f.apology:
            yield f.closed_day, "late_with_apology", 1
    if f.rating_day is not None:
        yield f.rating_day, "rated", 1
        if f.satisfied:
            yield f.rating_day, "satisfied", 1
        yield f.rating_day, "rating_points", f.rating_points
