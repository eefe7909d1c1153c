"""The leader's side of a task: assign, extend the deadline, cancel (docs/directives.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from motcua.accounts.models import Agency
from motcua.core import audit, calendar
from motcua.core.calendar_rules import CalendarRangeError
from motcua.core.errors import DomainError
from motcua.directives.models import SourceKind, Status, Task, TaskExtension
from motcua.directives.services._common import (
    STREAM,
    TITLE_MAX,
    clean_text,
    is_member,
    local_date,
    lock,
    require_leader,
    require_open,
    save,
    today,
)
from motcua.documents.models import OutgoingDocument, OutgoingStatus

MAX_WORKING_DAYS = 366  # a longer task is a programme, not an assigned task


@dataclass(frozen=True)
class AssignData:
    """What a leader fills in to assign a task."""

    assigning_agency: Agency
    source_kind: str
    source_reference: str
    title: str
    working_days: int
    assignee_agency: Agency
    description: str = ""
    assignee_official: Any = None
    coordinating_agencies: tuple[Agency, ...] = field(default=())
    source_document_id: int | None = None


def deadline_for(start: date, working_days: int, agency: Agency) -> date:
    """The `working_days`-th working day after `start` on `agency`'s calendar (`start` itself
    never counts, Civil Code 2015 Art. 147(2)); `invalid_working_days` outside 1–366 or the
    calendar's years."""
    if not 1 <= working_days <= MAX_WORKING_DAYS:
        raise DomainError(
            f"Thời hạn phải từ 1 đến {MAX_WORKING_DAYS} ngày làm việc.",
            code="invalid_working_days",
        )
    try:
        return calendar.add_working_days(start, working_days, agency=agency)
    except CalendarRangeError as exc:
        raise DomainError(
            "Thời hạn vượt quá lịch làm việc đã có.", code="invalid_working_days"
        ) from exc


def _check_source(data: AssignData) -> None:
    """A task from a document names one issued by the assigning agency or received by it."""
    if data.source_document_id is None:
        return
    known = OutgoingDocument.objects.filter(
        Q(agency=data.assigning_agency) | Q(receipts__agency=data.assigning_agency),
        pk=data.source_document_id,
        status=OutgoingStatus.ISSUED,
    )
    if not known.exists():
        raise DomainError(
            "Không tìm thấy văn bản nguồn đã ban hành hoặc đã tiếp nhận tại cơ quan giao việc.",
            code="unknown_source_document",
        )


def _check_parties(data: AssignData) -> list[Agency]:
    """The assignee agency is the assigning agency or one below it; the official, when named,
    works there; the coordinating agencies are others (each once). Returns them."""
    if not data.assignee_agency.is_within(data.assigning_agency):
        raise DomainError(
            "Chỉ giao nhiệm vụ cho cơ quan mình hoặc cơ quan, đơn vị cấp dưới.",
            code="assignee_out_of_scope",
        )
    official = data.assignee_official
    if official is not None and not is_member(official, data.assignee_agency):
        raise DomainError(
            "Cán bộ được giao không thuộc cơ quan chủ trì.", code="not_an_assignee_official"
        )
    seen: dict[int, Agency] = {}
    for agency in data.coordinating_agencies:
        if agency.pk != data.assignee_agency.pk:
            seen.setdefault(agency.pk, agency)
    return list(seen.values())


def _clean(data: AssignData) -> tuple[str, str, str]:
    if data.source_kind not in SourceKind.values:
        raise DomainError("Nguồn giao không hợp lệ.", code="invalid_source_kind")
    reference = clean_text(data.source_reference, label="căn cứ giao", limit=300, multiline=False)
    title = clean_text(data.title, label="nội dung nhiệm vụ", limit=TITLE_MAX, multiline=False)
    description = clean_text(data.description, label="mô tả, yêu cầu", required=False)
    return reference, title, description


def task_assign(*, actor: Any, data: AssignData) -> Task:
    """A leader of `data.assigning_agency` gives a task to an agency at or below it (and
    optionally one of its officials). The deadline is `working_days` working days after the
    local date of assignment on the assignee agency's calendar, stored as both the original
    and the current deadline. Errors: forbidden, assignee_out_of_scope,
    not_an_assignee_official, invalid_source_kind, invalid_working_days, text_required,
    control_character, text_too_long."""
    reference, title, description = _clean(data)
    with transaction.atomic():
        require_leader(actor, data.assigning_agency)
        coordinating = _check_parties(data)
        _check_source(data)
        now = timezone.now()
        deadline = deadline_for(local_date(now), data.working_days, data.assignee_agency)
        task = Task.objects.create(
            assigning_agency=data.assigning_agency,
            assigned_by=actor,
            assigned_at=now,
            source_kind=data.source_kind,
            source_reference=reference,
            source_document_id=data.source_document_id,
            title=title,
            description=description,
            assignee_agency=data.assignee_agency,
            assignee_official=data.assignee_official,
            working_days=data.working_days,
            original_deadline=deadline,
            deadline=deadline,
        )
        task.coordinating_agencies.set(coordinating)
        audit.append(
            stream_type=STREAM,
            stream_id=str(task.pk),
            kind="task.assigned",
            actor=actor,
            new_stream=True,
            payload={
                "assigning_agency": data.assigning_agency.code,
                "assignee_agency": data.assignee_agency.code,
                "assignee_official": getattr(data.assignee_official, "pk", None),
                "coordinating": sorted(a.code for a in coordinating),
                "source_kind": data.source_kind,
                "source_reference": reference,
                "source_document_id": data.source_document_id,
                "working_days": data.working_days,
                "deadline": deadline.isoformat(),
                "calendar": calendar.calendar_version(data.assignee_agency),
            },
        )
        return task


def task_extend(
    *,
    actor: Any,
    task_id: int,
    new_deadline: date,
    reason: str,
    expected_version: int | None = None,
) -> TaskExtension:
    """The assigning leader moves an open task's deadline later, with a reason. The new date
    is a working day of the assignee agency, after the current deadline and not in the past;
    `original_deadline` never changes, every extension is kept as a row. Errors: forbidden,
    not_found, stale (409), invalid_state, text_required, not_working_day,
    new_deadline_not_later."""
    reason = clean_text(reason, label="lý do gia hạn")
    with transaction.atomic():
        task = lock(task_id, expected_version=expected_version)
        require_leader(actor, task.assigning_agency)
        require_open(task)
        if new_deadline <= task.deadline or new_deadline < today():
            raise DomainError(
                "Hạn mới phải sau hạn hiện tại và không ở quá khứ.", code="new_deadline_not_later"
            )
        if not calendar.is_working_day(new_deadline, agency=task.assignee_agency):
            raise DomainError(
                f"Ngày {new_deadline:%d/%m/%Y} không phải ngày làm việc.", code="not_working_day"
            )
        extension = TaskExtension.objects.create(
            task=task,
            old_deadline=task.deadline,
            new_deadline=new_deadline,
            reason=reason,
            extended_by=actor,
            extended_at=timezone.now(),
        )
        payload = {
            "old_deadline": task.deadline.isoformat(),
            "new_deadline": new_deadline.isoformat(),
            "original_deadline": task.original_deadline.isoformat(),
            "reason": reason,
        }
        task.deadline = new_deadline
        save(task, actor, "task.extended", ["deadline"], payload)
        return extension


def task_cancel(
    *, actor: Any, task_id: int, reason: str, expected_version: int | None = None
) -> Task:
    """The assigning leader withdraws an open task, with a reason; it leaves the completion
    figures (docs/directives.md). Errors: forbidden, not_found, stale (409), invalid_state,
    text_required."""
    reason = clean_text(reason, label="lý do hủy")
    with transaction.atomic():
        task = lock(task_id, expected_version=expected_version)
        require_leader(actor, task.assigning_agency)
        require_open(task)
        task.status = Status.CANCELLED
        task.cancelled_at = timezone.now()
        task.cancel_reason = reason
        fields = ["status", "cancelled_at", "cancel_reason"]
        return save(task, actor, "task.cancelled", fields, {"reason": reason})
