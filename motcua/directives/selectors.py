"""Reads of assigned tasks (docs/directives.md). An official sees the tasks their agencies
assigned, lead or coordinate: an agency is theirs when they hold any role there (directly, or
over it through an ancestor with descendants, `accounts.selectors.agencies_in_scope`). Any
other task is "not found".

The completion figures (`completion_by_agency`) put each task that is not cancelled in exactly
one bucket, on the deadline in force: done on time, done late, open within time (deadline
today or later), overdue (open, deadline passed). The on-time rate is done on time over every
task whose outcome is known or already late (done + overdue); open tasks within time wait."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from motcua.accounts.models import Agency, Role, User
from motcua.accounts.selectors import agencies_in_scope
from motcua.core.calendar import LOCAL_TZ
from motcua.core.errors import NotFound
from motcua.directives.models import (
    OPEN_STATUSES,
    ProgressReport,
    ReportFile,
    Status,
    Task,
)
from motcua.directives.services import LEADER_ROLES, MEMBER_ROLES, today

VIEW_ROLES = tuple(Role.values)  # everyone who works at an agency, inspectors included
BUCKETS = ("done_on_time", "done_late", "open_in_time", "overdue")


def _visible_q(user: Any) -> Q:
    mine = agencies_in_scope(user, VIEW_ROLES)
    return (
        Q(assigning_agency__in=mine)
        | Q(assignee_agency__in=mine)
        | Q(coordinating_agencies__in=mine)
    )


def visible(user: Any) -> QuerySet[Task]:
    """Every task `user` may see (module docstring), each once."""
    ids = Task.objects.filter(_visible_q(user)).values("pk")
    return Task.objects.filter(pk__in=ids)


def bucket_q(bucket: str, day: date) -> Q:
    """The tasks of one completion bucket on local date `day` (module docstring)."""
    match bucket:
        case "done_on_time":
            return Q(status=Status.DONE, completed_on_time=True)
        case "done_late":
            return Q(status=Status.DONE, completed_on_time=False)
        case "open_in_time":
            return Q(status__in=OPEN_STATUSES, deadline__gte=day)
        case "overdue":
            return Q(status__in=OPEN_STATUSES, deadline__lt=day)
        case "assigned":
            return ~Q(status=Status.CANCELLED)
    return Q()


@dataclass(frozen=True)
class Filters:
    """The list's filters; every one optional. `direction`: "to" (my agencies lead it), "by"
    (my agencies assigned it). `start`/`end`: local dates of assignment, inclusive."""

    status: str = ""
    overdue: bool = False
    bucket: str = ""
    agency_id: int | None = None
    direction: str = ""
    start: date | None = None
    end: date | None = None


def _assigned_between(start: date | None, end: date | None) -> Q:
    q = Q()
    if start is not None:
        q &= Q(assigned_at__gte=datetime.combine(start, time.min, tzinfo=LOCAL_TZ))
    if end is not None:
        until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=LOCAL_TZ)
        q &= Q(assigned_at__lt=until)
    return q


def task_list(*, user: Any, filters: Filters, day: date | None = None) -> QuerySet[Task]:
    """The tasks `user` sees, filtered, nearest deadline first."""
    day = day or today()
    qs = visible(user).filter(_assigned_between(filters.start, filters.end))
    if filters.status in Status.values:
        qs = qs.filter(status=filters.status)
    if filters.overdue:
        qs = qs.filter(bucket_q("overdue", day))
    if filters.bucket in (*BUCKETS, "assigned"):
        qs = qs.filter(bucket_q(filters.bucket, day))
    if filters.agency_id is not None:
        qs = qs.filter(assignee_agency_id=filters.agency_id)
    mine = agencies_in_scope(user, VIEW_ROLES)
    if filters.direction == "to":
        qs = qs.filter(assignee_agency__in=mine)
    elif filters.direction == "by":
        qs = qs.filter(assigning_agency__in=mine)
    related = ("assigning_agency", "assignee_agency", "assignee_official")
    return qs.select_related(*related).order_by("deadline", "pk")


def task_get(*, user: Any, task_id: int) -> Task:
    """One task with its reports (and their files, authors) and extensions; "not found" for
    a task `user` may not see."""
    reports = ProgressReport.objects.select_related("author").prefetch_related(
        Prefetch("files", queryset=ReportFile.objects.order_by("pk"))
    )
    task = (
        visible(user)
        .filter(pk=task_id)
        .select_related("assigning_agency", "assignee_agency", "assignee_official", "assigned_by")
        .prefetch_related(
            Prefetch("reports", queryset=reports),
            "extensions__extended_by",
            "coordinating_agencies",
        )
        .first()
    )
    if task is None:
        raise NotFound("Không tìm thấy nhiệm vụ.")
    return task


def report_file_get(*, user: Any, task_id: int, file_id: int) -> ReportFile:
    """A file of a report of a task `user` sees; "not found" otherwise."""
    found = (
        ReportFile.objects.filter(report__task__in=visible(user), report__task_id=task_id)
        .filter(pk=file_id)
        .first()
    )
    if found is None:
        raise NotFound("Không tìm thấy tệp.")
    return found


@dataclass(frozen=True)
class Actions:
    """What the page offers `user` on a task (the services stay the authority)."""

    report: bool
    complete: bool
    decide: bool  # extend and cancel


def actions_for(user: Any, task: Task) -> Actions:
    from motcua.accounts.selectors import user_has_any_role

    if task.status not in OPEN_STATUSES:
        return Actions(False, False, False)
    member = user_has_any_role(user, MEMBER_ROLES, task.assignee_agency)
    leader = user_has_any_role(user, LEADER_ROLES, task.assigning_agency)
    return Actions(report=member, complete=member or leader, decide=leader)


def assigning_agencies(user: Any) -> QuerySet[Agency]:
    """The agencies where `user` may assign tasks (a leader role)."""
    return agencies_in_scope(user, LEADER_ROLES).order_by("path")


def assignee_choices(user: Any) -> QuerySet[Agency]:
    """Agencies `user` may give a task to: at or below an agency where they lead."""
    leads = list(assigning_agencies(user).values_list("path", flat=True))
    q = Q(pk__in=[])
    for path in leads:
        q |= Q(path__startswith=path)
    return Agency.objects.filter(q, is_active=True).order_by("path")


def officials_of(agencies: QuerySet[Agency]) -> QuerySet[User]:
    """Active officials holding a working role at one of `agencies` directly."""
    return (
        User.objects.filter(
            is_active=True,
            role_assignments__agency__in=agencies,
            role_assignments__role__in=MEMBER_ROLES,
        )
        .distinct()
        .order_by("full_name", "username")
    )


@dataclass(frozen=True)
class Completion:
    """One agency's figures (module docstring)."""

    agency: Agency
    assigned: int
    done_on_time: int
    done_late: int
    open_in_time: int
    overdue: int

    @property
    def on_time_rate(self) -> Decimal | None:
        """Percent with one decimal, half up; None when nothing is done or overdue."""
        judged = self.done_on_time + self.done_late + self.overdue
        if judged == 0:
            return None
        rate = Decimal(100 * self.done_on_time) / Decimal(judged)
        return rate.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def completion_by_agency(
    *, user: Any, start: date | None = None, end: date | None = None, day: date | None = None
) -> list[Completion]:
    """The figures per assignee agency over the tasks `user` sees assigned between `start`
    and `end` (local dates, inclusive; open-ended when None), on local date `day`; one
    aggregate query and one for the agencies. Agencies in tree order."""
    day = day or today()
    qs = visible(user).filter(_assigned_between(start, end)).exclude(status=Status.CANCELLED)
    counts = {b: Count("pk", filter=bucket_q(b, day)) for b in BUCKETS}
    grouped: Any = qs.values("assignee_agency_id").annotate(assigned=Count("pk"), **counts)
    rows: list[dict[str, Any]] = list(grouped)
    agencies = Agency.objects.in_bulk([r["assignee_agency_id"] for r in rows])
    result = [
        Completion(
            agency=agencies[r["assignee_agency_id"]],
            assigned=r["assigned"],
            **{b: r[b] for b in BUCKETS},
        )
        for r in rows
    ]
    return sorted(result, key=lambda c: c.agency.path)
