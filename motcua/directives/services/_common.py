"""What every write of assigned tasks shares (docs/directives.md): the roles, the row lock, the
state and version guards, the text checks and the save-and-audit step.

Contract of every service of this package:
- It runs in one transaction, locks the task row (`lock`), checks the actor's role at the
  agency the action belongs to (the assigning agency for a leader's decision, the assignee
  agency for a report), changes the row with `update_fields`, and appends one audit event on
  stream ("task", <id>) with a kind `task.*`.
- Dates are local dates (Asia/Ho_Chi_Minh); deadlines are working days on the assignee
  agency's calendar (`motcua.core.calendar`, Civil Code 2015 Art. 147(2): the day of
  assignment does not count), stored as dates so a later calendar change never moves them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils import timezone

from motcua.accounts.models import Agency, Role
from motcua.accounts.selectors import user_has_any_role
from motcua.core import audit
from motcua.core.calendar import LOCAL_TZ
from motcua.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from motcua.core.text import CONTROL_CHAR_CODE, has_control_chars
from motcua.directives.models import OPEN_STATUSES, Task

STREAM = "task"
# who assigns, extends and cancels: the agency's leader (the role that signs for it)
LEADER_ROLES = (Role.SIGNER,)
# who reports progress and completes: any official working at the assignee agency (the
# inspector and the city administrator only look on)
MEMBER_ROLES = (
    Role.RECEPTION,
    Role.SPECIALIST,
    Role.UNIT_HEAD,
    Role.SIGNER,
    Role.CLERK,
    Role.AGENCY_ADMIN,
)
TITLE_MAX = 300
TEXT_MAX = 10_000


def local_date(dt: datetime) -> date:
    return dt.astimezone(LOCAL_TZ).date()


def today() -> date:
    return local_date(timezone.now())


def lock(task_id: int, *, expected_version: int | None = None) -> Task:
    """The task row, locked (`of=self`: the agencies it names are not locked); "not found"
    for a missing id; 409 `stale` when the page posted an older version."""
    task = (
        Task.objects.select_for_update(of=("self",))
        .select_related("assigning_agency", "assignee_agency")
        .filter(pk=task_id)
        .first()
    )
    if task is None:
        raise NotFound("Không tìm thấy nhiệm vụ.")
    if expected_version is not None and task.version != expected_version:
        raise Conflict(
            "Nhiệm vụ vừa được người khác cập nhật; vui lòng tải lại trang.", code="stale"
        )
    return task


def require_leader(actor: Any, agency: Agency) -> None:
    if not user_has_any_role(actor, LEADER_ROLES, agency):
        raise PermissionDenied(
            f"Chỉ lãnh đạo {agency.name} mới giao, gia hạn hoặc hủy nhiệm vụ của cơ quan."
        )


def is_member(actor: Any, agency: Agency) -> bool:
    return user_has_any_role(actor, MEMBER_ROLES, agency)


def require_member(actor: Any, agency: Agency) -> None:
    if not is_member(actor, agency):
        raise PermissionDenied(f"Chỉ cán bộ của {agency.name} mới báo cáo nhiệm vụ này.")


def require_open(task: Task) -> None:
    if task.status not in OPEN_STATUSES:
        raise DomainError(
            f"Nhiệm vụ đang ở trạng thái “{task.get_status_display()}”, không thực hiện được.",
            code="invalid_state",
        )


def clean_text(
    value: str, *, label: str, limit: int = TEXT_MAX, multiline: bool = True, required: bool = True
) -> str:
    """`value` stripped; `<field>_required` when empty and required, `control_character`,
    `text_too_long`."""
    value = (value or "").strip()
    if required and not value:
        raise DomainError(f"Cần ghi {label}.", code="text_required", details={"field": label})
    if has_control_chars(value, multiline=multiline):
        raise DomainError(
            f"{label.capitalize()} có ký tự điều khiển không hợp lệ; vui lòng nhập lại.",
            code=CONTROL_CHAR_CODE,
        )
    if len(value) > limit:
        raise DomainError(
            f"{label.capitalize()} dài quá {limit:,} ký tự.".replace(",", "."),
            code="text_too_long",
        )
    return value


def save(task: Task, actor: Any, kind: str, fields: list[str], payload: dict[str, Any]) -> Task:
    task.version += 1
    task.save(update_fields=[*fields, "version"])
    audit.append(
        stream_type=STREAM, stream_id=str(task.pk), kind=kind, actor=actor, payload=payload
    )
    return task
