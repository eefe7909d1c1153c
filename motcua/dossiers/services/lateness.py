"""Lateness: the periodic deadline sweep and the apology with a new appointment (form 04)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import CharField, F, IntegerField, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from motcua.core import audit, calendar
from motcua.core.errors import Conflict, DomainError
from motcua.core.models import OutboxMessage
from motcua.dossiers.models import (
    CLOCK_STATUSES,
    Apology,
    Dossier,
    DueState,
    StepInstance,
    StepStatus,
)
from motcua.dossiers.permissions import HEAD_ROLES, has_any_role, require_role
from motcua.dossiers.profiles import form_for, get_profile
from motcua.dossiers.selectors.due import due_before, soon_threshold
from motcua.dossiers.services._common import (
    enqueue_slip,
    lock_dossier,
    notify,
    now,
    record,
    require_status,
)
from motcua.notifications.fanout import Addressee, languages_of, rows_for
from motcua.notifications.models import Language

CHUNK = 5000


@dataclass(frozen=True)
class SweepResult:
    overdue: int
    due_soon: int
    steps_overdue: int
    steps_due_soon: int


@dataclass(frozen=True)
class _Mark:
    """One kind of mark the sweep sets: which rows, the state, the notification kind."""

    qs: Any
    state: str
    kind: str
    subject: str  # "dossier" or "step": which table `qs` reads
    day: str  # the sweep's local date: the audit stream of its events


def _write_chunk(mark: _Mark, rows: list[tuple[int, str, datetime, int | None, str, str]]) -> None:
    """Set the state on ``rows`` (pk, dossier code, due, applicant account, e-mail, phone) and
    queue one notice each, with the dossier code as subject like every other outbox row: for a
    dossier to the applicant on every channel they receive (`notifications.fanout`: the inbox,
    e-mail, SMS for the kinds configured), for a step to no account on the portal channel only
    (an internal deadline); deduplicated by row and due time (a rerun never notifies twice; a
    new appointment that passes too is notified again)."""
    mark.qs.model.objects.filter(pk__in=[pk for pk, *_ in rows]).update(due_state=mark.state)
    languages = languages_of(
        user for _pk, _code, _due, user, email, phone in rows if email or phone
    )
    OutboxMessage.objects.bulk_create(
        [
            message
            for pk, code, due_at, user_id, email, phone in rows
            for message in rows_for(
                Addressee(code=code, user_id=user_id, email=email, phone=phone),
                kind=mark.kind,
                payload={"due_at": due_at.isoformat()}
                | ({"step_instance": pk} if mark.subject == "step" else {}),
                language=languages.get(user_id or 0, Language.VI),
                dedupe=f"{mark.kind}:{mark.subject}:{pk}:{due_at:%Y%m%d%H%M}",
            )
        ],
        ignore_conflicts=True,
    )
    audit.append(
        stream_type="sweep",
        stream_id=mark.day,
        kind="deadline.marked",
        payload={"state": mark.state, "subject": mark.subject, "rows": len(rows)},
    )


def _mark(mark: _Mark) -> int:
    """Mark the rows of ``mark.qs`` chunk by chunk, each chunk in its own transaction, so at
    most CHUNK rows are locked at a time and a crash keeps the chunks already committed (the
    next run picks up the rest: marked rows no longer match). Rows are locked with SKIP LOCKED:
    a row a transition holds (an apology committing meanwhile) is never overwritten; the next
    sweep looks again."""
    due = Coalesce("extended_due_at", "due_at") if mark.subject == "dossier" else F("due_at")
    code = "code" if mark.subject == "dossier" else "dossier__code"
    user: Any = F("applicant_user_id") if mark.subject == "dossier" else Value(None, IntegerField())
    email: Any = F("applicant_email") if mark.subject == "dossier" else Value("", CharField())
    phone: Any = F("applicant_phone") if mark.subject == "dossier" else Value("", CharField())
    total = 0
    while True:
        with transaction.atomic():
            locked = mark.qs.select_for_update(skip_locked=True, of=("self",))
            locked = locked.annotate(_due=due, _user=user, _email=email, _phone=phone)
            columns = ("pk", code, "_due", "_user", "_email", "_phone")
            rows = list(locked.order_by("pk").values_list(*columns)[:CHUNK])
            if not rows:
                return total
            _write_chunk(mark, rows)
        total += len(rows)


def deadline_sweep(*, at: datetime | None = None) -> SweepResult:
    """Mark open dossiers and steps due soon (within MOTCUA["DUE_SOON_WORKING_DAYS"] working
    days, on the city calendar) or overdue. Paused dossiers are skipped: their clock stopped.
    Idempotent and restartable: each chunk commits with its outbox rows and its audit event;
    readers do not wait for the sweep (`selectors.due.dossier_due_state` computes the state)."""
    at = at or now()
    soon = soon_threshold(at)
    running = Dossier.objects.filter(status__in=CLOCK_STATUSES, pause_reason="")
    steps = StepInstance.objects.filter(status=StepStatus.ACTIVE, dossier__pause_reason="")
    day = timezone.localdate(at).isoformat()
    marks = (
        _Mark(
            running.filter(due_before(at)).exclude(due_state=DueState.OVERDUE),
            DueState.OVERDUE,
            "dossier.overdue",
            "dossier",
            day,
        ),
        _Mark(
            running.filter(due_before(soon), due_state=DueState.ON_TRACK),
            DueState.DUE_SOON,
            "dossier.due_soon",
            "dossier",
            day,
        ),
        _Mark(
            steps.filter(due_at__lt=at).exclude(due_state=DueState.OVERDUE),
            DueState.OVERDUE,
            "step.overdue",
            "step",
            day,
        ),
        _Mark(
            steps.filter(due_at__lt=soon, due_state=DueState.ON_TRACK),
            DueState.DUE_SOON,
            "step.due_soon",
            "step",
            day,
        ),
    )
    result = SweepResult(*(_mark(mark) for mark in marks))
    with transaction.atomic():
        audit.append(
            stream_type="sweep",
            stream_id=day,
            kind="deadline.swept",
            payload=vars(result),
        )
    return result


def _end_of_office_day(day: date, dossier: Dossier) -> datetime:
    """The close of ``day`` at the receiving agency: that day's last session (11:30 on a
    Saturday-morning session, 17:00 on a weekday or a make-up Saturday)."""
    return calendar.office_day_end(day, agency=dossier.receiving_agency)


def _appointment(dossier: Dossier) -> datetime:
    """The appointment in force. A dossier whose clock runs was received and so has one; a
    dossier without one cannot be late or rescheduled."""
    due = dossier.effective_due_at
    if due is None:
        raise Conflict("Hồ sơ chưa có ngày hẹn trả kết quả.", code="no_appointment")
    return due


def _check_new_due(dossier: Dossier, new_due: date) -> datetime:
    if not calendar.is_working_day(new_due, agency=dossier.receiving_agency):
        raise DomainError(
            f"Ngày hẹn mới {new_due:%d/%m/%Y} không phải ngày làm việc.", code="not_working_day"
        )
    new_due_at = _end_of_office_day(new_due, dossier)
    current = dossier.effective_due_at  # set at receipt: the clock statuses always have one
    if new_due_at <= now() or (current is not None and new_due_at <= current):
        raise DomainError(
            "Ngày hẹn mới phải sau ngày hẹn hiện tại và ở tương lai.", code="new_due_not_later"
        )
    return new_due_at


def _in_time(dossier: Dossier, days_before: int) -> bool:
    """The profile's deadline for the apology: at least `days_before` working days before the
    appointment (ND118), or no later than the appointment itself (ND61-era HCMC rule)."""
    due = dossier.effective_due_at
    if due is None or now() > due:
        return False
    today, due_day = timezone.localdate(now()), timezone.localdate(due)
    return calendar.working_days_between(today, due_day, agency=dossier.receiving_agency) >= (
        days_before
    )


@transaction.atomic
def apology_issue(
    *, actor: Any, code: str, reason: str, new_due: date, expected_version: int | None = None
) -> Apology:
    """The responsible head apologises and sets a new appointment, once per dossier."""
    dossier = lock_dossier(code, expected_version=expected_version)
    require_status(dossier, *CLOCK_STATUSES)
    step_agencies = [s.agency for s in dossier.steps.filter(status=StepStatus.ACTIVE)]
    if not any(has_any_role(actor, HEAD_ROLES, a) for a in step_agencies):
        require_role(actor, HEAD_ROLES, dossier.receiving_agency)
    if dossier.pause_reason:
        raise Conflict(
            "Hồ sơ đang tạm dừng chờ bổ sung; thời hạn chưa chạy nên chưa cần hẹn lại.",
            code="dossier_paused",
        )
    profile = get_profile(dossier.profile_code)
    if dossier.apology_count >= profile.max_reappointments:
        raise DomainError(
            "Hồ sơ đã được hẹn lại một lần; không được hẹn lại lần nữa.", code="reappointment_limit"
        )
    if not reason.strip():
        raise DomainError("Văn bản xin lỗi phải nêu lý do chậm.", code="reason_required")
    new_due_at = _check_new_due(dossier, new_due)
    apology = Apology.objects.create(
        dossier=dossier,
        issued_by=actor,
        issued_at=now(),
        reason=reason.strip(),
        old_due_at=_appointment(dossier),
        new_due_at=new_due_at,
        form_number=form_for(profile, "apology", timezone.localdate(dossier.received_at)).number,
        issued_in_time=_in_time(dossier, profile.apology_days_before_due),
    )
    dossier.extended_due_at = new_due_at
    dossier.apology_count += 1
    if now() <= apology.old_due_at:  # a dossier already past its appointment stays late
        dossier.due_state = DueState.ON_TRACK
    record(
        dossier,
        kind="dossier.apology_issued",
        actor=actor,
        payload={
            "reason": apology.reason,
            "old_due_at": apology.old_due_at.isoformat(),
            "new_due_at": new_due_at.isoformat(),
            "in_time": apology.issued_in_time,
        },
    )
    notify(
        dossier,
        kind="dossier.apology",
        payload={"new_due_at": new_due_at.isoformat(), "reason": apology.reason},
    )
    enqueue_slip(dossier, "apology")
    return apology
