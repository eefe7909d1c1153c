"""Reminders of task deadlines through the outbox (docs/directives.md).

Contract of `send_reminders(now)`:
- "before": an open task whose deadline is at most `remind_before_days()` working days away
  (on the assignee agency's calendar), deadline day included, gets one reminder.
- "after": an open task still open on the first working day after its deadline gets one
  overdue reminder (a run that missed that day sends it on the next run, once).
- Once means once per task, kind and deadline (`TaskReminder`, unique): running again sends
  nothing new; an extension gives a new deadline, whose reminders go out in their turn.
- A reminder is written to the outbox in the same transaction as its `TaskReminder` row and
  the task's audit event `task.reminded`: the portal inbox (channel "portal") and, when the
  account has an address, the e-mail (channel "email") of the assigned official, or, when no
  official is named or theirs is no longer active, of the assignee agency's leaders and unit
  heads; the overdue reminder also goes to the leader who assigned the task. Task rows are
  locked with SKIP LOCKED: a task a service holds is looked at again on the next run.
- Each row's payload (`payload_for`) holds what its texts show (notifications/templates
  `task.due_soon` / `task.overdue`, the inbox sentence in portal/history.py): the task's id,
  title and basis, the lead and assigning agencies, the assigning leader, the deadline, the
  local date of the reminder and the working days left (`days_left`, 0 on the deadline day)
  or late (`days_late`, ≥ 1) on that date, on the lead agency's calendar.

MOTCUA_TASK_REMIND_BEFORE_DAYS (default 2, our own choice: no rule fixes it) is read from the
Django setting of that name, else the environment variable.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Exists, OuterRef

from motcua.accounts.models import Role, User
from motcua.accounts.selectors import users_with_role
from motcua.core import audit, calendar
from motcua.core.models import OutboxMessage
from motcua.directives.models import OPEN_STATUSES, ReminderKind, Task, TaskReminder
from motcua.directives.services._common import STREAM, local_date
from motcua.notifications.fanout import languages_of

DEFAULT_REMIND_BEFORE_DAYS = 2
KINDS: dict[str, str] = {ReminderKind.BEFORE: "task.due_soon", ReminderKind.AFTER: "task.overdue"}
# roles told when no official is named on the task
HEAD_ROLES = (Role.SIGNER, Role.UNIT_HEAD)


def remind_before_days() -> int:
    raw: Any = getattr(settings, "MOTCUA_TASK_REMIND_BEFORE_DAYS", None)
    if raw is None:
        raw = os.environ.get("MOTCUA_TASK_REMIND_BEFORE_DAYS", DEFAULT_REMIND_BEFORE_DAYS)
    try:
        days = int(raw)
    except (TypeError, ValueError) as exc:
        raise ImproperlyConfigured("MOTCUA_TASK_REMIND_BEFORE_DAYS phải là số nguyên.") from exc
    if days < 0:
        raise ImproperlyConfigured("MOTCUA_TASK_REMIND_BEFORE_DAYS không được âm.")
    return days


def _due(task: Task, kind: str, today: date, before: int) -> bool:
    """Whether `kind` is due for `task` today (module contract)."""
    agency = task.assignee_agency
    if kind == ReminderKind.BEFORE:
        start = calendar.add_working_days(task.deadline, -before, agency=agency)
        return start <= today <= task.deadline
    return today >= calendar.add_working_days(task.deadline, 1, agency=agency)


def _candidates(kind: str, today: date, before: int) -> Any:
    """Open tasks not yet reminded of `kind` for their deadline, narrowed by date in SQL (a
    calendar week holds at least one working day, long breaks included: a wide margin)."""
    sent = TaskReminder.objects.filter(
        task=OuterRef("pk"), kind=kind, deadline=OuterRef("deadline")
    )
    qs = Task.objects.filter(status__in=OPEN_STATUSES).exclude(Exists(sent))
    if kind == ReminderKind.BEFORE:
        qs = qs.filter(deadline__gte=today, deadline__lte=today + timedelta(days=7 * before + 14))
    else:
        qs = qs.filter(deadline__lt=today)
    return qs.select_for_update(skip_locked=True, of=("self",)).select_related(
        "assignee_agency", "assigning_agency", "assigned_by"
    )


def recipients(task: Task, kind: str) -> list[User]:
    """Who is reminded (module contract), each once, in id order."""
    people: dict[int, User] = {}
    if task.assignee_official_id is not None:
        official = User.objects.filter(pk=task.assignee_official_id, is_active=True).first()
        if official is not None:
            people[official.pk] = official
    if not people:  # no named official, or theirs is no longer active: the agency's heads
        for role in HEAD_ROLES:
            people.update({u.pk: u for u in users_with_role(role, task.assignee_agency)})
    if kind == ReminderKind.AFTER:
        leader = User.objects.filter(pk=task.assigned_by_id, is_active=True).first()
        if leader is not None:
            people.setdefault(leader.pk, leader)
    return [people[pk] for pk in sorted(people)]


def payload_for(task: Task, kind: str, today: date) -> dict[str, Any]:
    """What the reminder's texts show (module contract), as of `today`: copied into each row,
    so a later change of the task does not change a queued message."""
    agency = task.assignee_agency
    payload: dict[str, Any] = {
        "task": task.pk,
        "title": task.title,
        "source_reference": task.source_reference,
        "deadline": task.deadline.isoformat(),
        "agency": agency.name,
        "assigning_agency": task.assigning_agency.name,
        "assigned_by": str(task.assigned_by),
        "reminded_on": today.isoformat(),
    }
    if kind == ReminderKind.BEFORE:
        payload["days_left"] = calendar.working_days_between(today, task.deadline, agency=agency)
    else:
        payload["days_late"] = calendar.working_days_between(task.deadline, today, agency=agency)
    return payload


def _rows(task: Task, kind: str, people: list[User], today: date) -> list[OutboxMessage]:
    """One inbox row per person, and one e-mail row for each who has an address (in the
    language they chose, `notifications.fanout.languages_of`)."""
    payload = payload_for(task, kind, today)
    languages = languages_of(user.pk for user in people)
    rows = []
    for user in people:
        key = f"{KINDS[kind]}:{task.pk}:{task.deadline:%Y%m%d}:{user.pk}"
        common = {"kind": KINDS[kind], "subject_type": "task", "subject_id": str(task.pk)}
        rows.append(
            OutboxMessage(
                **common,
                channel="portal",
                recipient=user.get_username(),
                user=user,
                payload=payload,
                dedupe_key=key,
            )
        )
        if user.email:
            language = languages.get(user.pk, payload.get("language", "vi"))
            rows.append(
                OutboxMessage(
                    **common,
                    channel="email",
                    recipient=user.email,
                    payload={**payload, "language": language},
                    dedupe_key=f"{key}:email",
                )
            )
    return rows


def _remind(task: Task, kind: str, at: datetime) -> int:
    people = recipients(task, kind)
    TaskReminder.objects.create(task=task, kind=kind, deadline=task.deadline, sent_at=at)
    rows = _rows(task, kind, people, local_date(at))
    OutboxMessage.objects.bulk_create(rows, ignore_conflicts=True)
    audit.append(
        stream_type=STREAM,
        stream_id=str(task.pk),
        kind="task.reminded",
        payload={
            "reminder": kind,
            "deadline": task.deadline.isoformat(),
            "to": [u.pk for u in people],
        },
    )
    return 1


def send_reminders(now: datetime) -> dict[str, int]:
    """Send the reminders due at `now` (module contract); returns how many tasks were reminded
    of each kind. Safe to run twice, or twice at once."""
    today, before = local_date(now), remind_before_days()
    sent = {}
    for kind in (ReminderKind.AFTER, ReminderKind.BEFORE):
        with transaction.atomic():
            due = [t for t in _candidates(kind, today, before) if _due(t, kind, today, before)]
            sent[str(kind)] = sum(_remind(t, kind, now) for t in due)
    return sent
