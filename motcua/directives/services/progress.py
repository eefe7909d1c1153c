"""The assignee's side of a task: progress reports with files, and completion.

Files of a report pass the checks of dossier attachments (`motcua.dossiers.services.
attachments`: size under ATTACHMENT_MAX_BYTES, not empty, type decided by content, Office
files with macros refused), at most `MAX_FILES` per report and DOSSIER_MAX_BYTES together
(`report_too_large`).
They are stored under a name the server chooses (`directives/<task>/<random hex><ext>`) and
leave the system only through the checked download view; a rejected or failed report leaves
neither a row nor a stored file (saved inside the transaction, deleted again on failure).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from motcua.core import filetypes
from motcua.core.errors import DomainError, PermissionDenied
from motcua.core.filetypes import FileType
from motcua.directives.models import ProgressReport, ReportFile, Status, Task
from motcua.directives.services._common import (
    clean_text,
    is_member,
    local_date,
    lock,
    require_leader,
    require_member,
    require_open,
    save,
)
from motcua.dossiers.services.attachments import delete_quietly, mb, measure, sniff

MAX_FILES = 5


@dataclass(frozen=True)
class _Checked:
    upload: File
    ftype: FileType
    size: int
    sha256: str
    name: str


def _check_files(files: Sequence[File]) -> list[_Checked]:
    if len(files) > MAX_FILES:
        raise DomainError(f"Đính kèm tối đa {MAX_FILES} tệp mỗi báo cáo.", code="too_many_files")
    checked = []
    for upload in files:
        size, sha256 = measure(upload)
        ftype = sniff(upload)
        name = filetypes.display_name(upload.name or "", ftype)
        checked.append(_Checked(upload, ftype, size, sha256, name))
    limit = settings.MOTCUA["DOSSIER_MAX_BYTES"]  # what one dossier may hold, all its files
    if sum(c.size for c in checked) > limit:
        raise DomainError(
            f"Tổng dung lượng tệp của báo cáo vượt quá {mb(limit)} MB.", code="report_too_large"
        )
    return checked


def _store(report: ProgressReport, checked: list[_Checked], stored: list[str]) -> None:
    storage = ReportFile._meta.get_field("file").storage
    max_length = ReportFile._meta.get_field("file").max_length
    for c in checked:
        c.upload.seek(0)
        name = f"directives/{report.task_id}/{uuid.uuid4().hex}{c.ftype.extension}"
        stored.append(storage.save(name, c.upload, max_length=max_length))
        ReportFile.objects.create(
            report=report,
            file=stored[-1],
            original_name=c.name,
            content_type=c.ftype.mime,
            size=c.size,
            sha256=c.sha256,
        )


def _percent(percent: int) -> int:
    if not 0 <= percent <= 100:
        raise DomainError("Tiến độ phải từ 0 đến 100%.", code="invalid_percent")
    return percent


def task_report_progress(
    *,
    actor: Any,
    task_id: int,
    text: str,
    percent: int,
    files: Sequence[File] = (),
    expected_version: int | None = None,
) -> ProgressReport:
    """An official of the assignee agency reports where an open task stands (`percent`, text,
    files); the task becomes in progress and shows the reported percent. Errors: forbidden,
    not_found, stale (409), invalid_state, invalid_percent, text_required, control_character,
    text_too_long, too_many_files, file_empty, file_too_large, report_too_large,
    file_type_not_allowed."""
    text = clean_text(text, label="nội dung báo cáo")
    percent = _percent(percent)
    checked = _check_files(files)
    storage = ReportFile._meta.get_field("file").storage
    stored: list[str] = []
    try:
        with transaction.atomic():
            task = lock(task_id, expected_version=expected_version)
            require_member(actor, task.assignee_agency)
            require_open(task)
            report = ProgressReport.objects.create(
                task=task, author=actor, text=text, percent=percent, created_at=timezone.now()
            )
            _store(report, checked, stored)
            task.status, task.percent = Status.IN_PROGRESS, percent
            payload = {
                "report": report.pk,
                "percent": percent,
                "files": [{"name": c.name, "sha256": c.sha256, "size": c.size} for c in checked],
            }
            save(task, actor, "task.progress_reported", ["status", "percent"], payload)
            return report
    except BaseException:
        for name in stored:
            delete_quietly(storage, name)
        raise


def _require_may_complete(actor: Any, task: Task) -> None:
    """An official of the assignee agency, or a leader of the assigning agency."""
    if is_member(actor, task.assignee_agency):
        return
    try:
        require_leader(actor, task.assigning_agency)
    except PermissionDenied as exc:
        raise PermissionDenied(
            "Chỉ cán bộ cơ quan chủ trì hoặc lãnh đạo cơ quan giao mới xác nhận hoàn thành."
        ) from exc


def task_complete(
    *, actor: Any, task_id: int, note: str = "", expected_version: int | None = None
) -> Task:
    """Mark an open task done. On time when completed on or before its deadline day (the one
    in force, after any extension), local date; the flag is stored and never recomputed.
    Errors: forbidden, not_found, stale (409), invalid_state, control_character,
    text_too_long."""
    note = clean_text(note, label="kết quả thực hiện", required=False)
    with transaction.atomic():
        task = lock(task_id, expected_version=expected_version)
        _require_may_complete(actor, task)
        require_open(task)
        now = timezone.now()
        task.status, task.percent = Status.DONE, 100
        task.completed_at, task.completed_by = now, actor
        task.completed_on_time = local_date(now) <= task.deadline
        task.completion_note = note
        fields = ["status", "percent", "completed_at", "completed_by", "completed_on_time"]
        payload = {"on_time": task.completed_on_time, "deadline": task.deadline.isoformat()}
        return save(task, actor, "task.completed", [*fields, "completion_note"], payload)
