"""Reads for the workspace pages: the role home (counts per queue) and one page of a queue, each
row with its due state for display (`dossiers.selectors.due`: colour AND text on the page)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.utils import timezone

from motcua.accounts.models import Agency
from motcua.accounts.selectors import user_roles
from motcua.core.errors import NotFound
from motcua.dossiers.models import Attachment, Dossier, StepInstance, StepStatus
from motcua.dossiers.selectors.actions import DossierActions, dossier_actions
from motcua.dossiers.selectors.dossiers import (
    dossier_get_for_user,
    dossier_history,
    dossier_in_official_scope,
)
from motcua.dossiers.selectors.due import dossier_due_label, soon_threshold, step_due_label
from motcua.dossiers.selectors.tracking import normalise_code
from motcua.dossiers.slips import SLIP_KINDS, control_rows, slip_applies
from motcua.workspace.queues import (
    PAGE_SIZE,
    QUEUE_ROLES,
    QUEUES,
    QueueList,
    queue_counts,
    queue_list,
    queue_rows,
)


@dataclass
class RoleHome:
    role: str
    label: str
    agencies: list[Agency] = field(default_factory=list)
    lists: list[tuple[QueueList, dict[str, int]]] = field(default_factory=list)


def user_queue_roles(user: Any) -> dict[str, list[Agency]]:
    """The queue roles `user` holds, each with its agencies (one query)."""
    held: dict[str, list[Agency]] = {}
    for assignment in user_roles(user):
        held.setdefault(assignment.role, []).append(assignment.agency)
    return held


def workspace_home(user: Any) -> list[RoleHome]:
    """For each queue role the user holds (in `QUEUE_ROLES` order): its agencies and, per list,
    the total and the counts overdue / due today / due soon. One query per list."""
    held = user_queue_roles(user)
    homes = []
    for role in QUEUE_ROLES:
        if role not in held:
            continue
        home = RoleHome(role=role, label=str(role.label), agencies=held[role])
        for ql in QUEUES[role]:
            home.lists.append((ql, queue_counts(user, ql)))
        homes.append(home)
    return homes


@dataclass(frozen=True)
class QueueRow:
    code: str
    procedure: str
    applicant: str
    agency: str
    step: str
    assignee: str
    due_at: datetime | None
    due: str  # "overdue", "due_today", "due_soon", "on_track"


def _dossier_row(dossier: Dossier, at: datetime) -> QueueRow:
    return QueueRow(
        code=dossier.code,
        procedure=dossier.procedure_version.name,
        applicant=dossier.applicant_name,
        agency=dossier.receiving_agency.name,
        step="",
        assignee="",
        due_at=dossier.effective_due_at,
        due=dossier_due_label(dossier, at=at),
    )


def _step_row(step: StepInstance, at: datetime, threshold: datetime) -> QueueRow:
    assignee = step.assignee
    return QueueRow(
        code=step.dossier.code,
        procedure=step.dossier.procedure_version.name,
        applicant=step.dossier.applicant_name,
        agency=step.agency.name,
        step=step.step.name,
        assignee=(assignee.full_name or assignee.username) if assignee else "",
        due_at=step.due_at,
        due=step_due_label(step, at=at, threshold=threshold),
    )


@dataclass
class QueuePage:
    role: str
    ql: QueueList
    page: Page[Any]
    rows: list[QueueRow]


def queue_page(*, user: Any, role: str, key: str | None, due: str | None, number: Any) -> QueuePage:
    """One page (PAGE_SIZE rows) of the list ``key`` of ``role``; NotFound when the user does
    not hold ``role`` or the list does not exist. Two queries: the count and the page."""
    ql = queue_list(role, key)
    if ql is None or role not in user_queue_roles(user):
        raise NotFound("Không có danh sách công việc này.")
    page = Paginator(queue_rows(user, ql, due=due), PAGE_SIZE).get_page(number)
    at = timezone.now()
    if ql.kind == "step":
        threshold = soon_threshold(at)
        rows = [_step_row(s, at, threshold) for s in page.object_list]
    else:
        rows = [_dossier_row(d, at) for d in page.object_list]
    return QueuePage(role=role, ql=ql, page=page, rows=rows)


# -- the dossier page ---------------------------------------------------------------------------


def dossier_for_official(*, user: Any, code: str) -> Dossier:
    """The dossier `code` when `user` sees it through an official role (its applicant or a
    stranger: NotFound, never telling which)."""
    normalised = normalise_code(code)
    if normalised is None:
        raise NotFound("Không tìm thấy hồ sơ.")
    dossier = dossier_get_for_user(user=user, code=normalised)
    if not dossier_in_official_scope(user=user, dossier=dossier):
        raise NotFound("Không tìm thấy hồ sơ.")
    return dossier


@dataclass(frozen=True)
class FormValue:
    label: str
    value: Any


def form_values(dossier: Dossier) -> list[FormValue]:
    """The applicant's form data labelled by the procedure version's form schema, in its
    order; keys the schema does not name (an older form) last, under their own names."""
    schema = dossier.procedure_version.form_schema or []
    data = dict(dossier.form_data or {})
    values = [
        FormValue(str(spec.get("label") or spec["name"]), data.pop(spec["name"]))
        for spec in schema
        if spec.get("name") in data
    ]
    return values + [FormValue(key, value) for key, value in data.items()]


@dataclass
class DossierPage:
    dossier: Dossier
    due: str
    form: list[FormValue]
    attachments: list[Attachment]
    slips: list[str]
    steps: list[StepInstance]
    control: list[dict[str, str]]
    actions: DossierActions


def dossier_page(*, user: Any, code: str) -> DossierPage:
    """Everything the workspace dossier page shows, for an official in scope."""
    dossier = dossier_for_official(user=user, code=code)
    steps = dossier_history(dossier)
    open_steps = [s for s in steps if s.status == StepStatus.ACTIVE]
    return DossierPage(
        dossier=dossier,
        due=dossier_due_label(dossier, at=timezone.now()),
        form=form_values(dossier),
        attachments=list(dossier.attachments.order_by("uploaded_at", "id")),
        slips=[kind for kind in SLIP_KINDS if slip_applies(dossier, kind)],
        steps=steps,
        control=control_rows(dossier),
        actions=dossier_actions(user=user, dossier=dossier, open_steps=open_steps),
    )
