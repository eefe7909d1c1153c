"""What every feedback write shares (docs/rules.md §24): the roles, the deadlines, the row lock,
the state guard, the save-and-audit step, the text checks and the lateness rule.

Contract of every service of this package:
- It runs in one transaction, locks the feedback row (`lock`), checks the actor's role at the
  feedback's current agency (another agency's official gets `forbidden`), changes the row with
  `update_fields`, and appends one audit event on stream ("feedback", code).
- Deadlines are working days on the agency's calendar (`motcua.core.calendar`), counted from
  local dates (Asia/Ho_Chi_Minh). A step done after its limit is still allowed and recorded late
  (§24.3): `late: true` in the event's payload and a stored flag the rates count.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.utils import timezone

from motcua.accounts.models import Agency, Role
from motcua.core import audit
from motcua.core.calendar import LOCAL_TZ, add_working_days
from motcua.core.errors import DomainError, NotFound
from motcua.core.text import CONTROL_CHAR_CODE, has_control_chars
from motcua.feedback.models import OPEN_STATUSES, Feedback, Status
from motcua.feedback.rules import DEFAULT_DEADLINES

STREAM = "feedback"
# who studies, classifies, forwards and refuses: the one-stop desk and the unit head (§24.4)
INTAKE_ROLES = (Role.RECEPTION, Role.UNIT_HEAD)
# who assigns a handler and publishes an answer: the unit head
HEAD_ROLES = (Role.UNIT_HEAD,)
# who writes the answer: the specialist assigned, or the unit head
ANSWER_ROLES = (Role.SPECIALIST, Role.UNIT_HEAD)
TITLE_MAX = 200
CONTENT_MAX = 10_000  # characters; Open311 clients send at most 4,000 (GeoReport v2)


def deadlines() -> dict[str, int]:
    """The working-day limits: MOTCUA["FEEDBACK_DEADLINES"] over the defaults (§24.3). The
    handling period given again on reopening, `reopen`, is the handling limit unless set."""
    limits = {**DEFAULT_DEADLINES, **settings.MOTCUA.get("FEEDBACK_DEADLINES", {})}
    limits.setdefault("reopen", limits["handle"])
    return limits


def local_date(dt: datetime) -> date:
    return dt.astimezone(LOCAL_TZ).date()


def limit_date(start: datetime, kind: str, agency: Agency) -> date:
    """The last local date for step `kind`, `deadlines()[kind]` working days after `start`."""
    return add_working_days(local_date(start), deadlines()[kind], agency=agency)


def agency_get(code: str, default: Agency) -> Agency:
    if not code:
        return default
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise DomainError("Không tìm thấy cơ quan.", code="unknown_agency")
    return agency


def lock(code: str) -> Feedback:
    """The row of `code`, locked; "not found" for a code with a NUL (from a URL: PostgreSQL
    refuses it in a query)."""
    fb = None if "\x00" in code else Feedback.objects.select_for_update().filter(code=code).first()
    if fb is None:
        raise NotFound("Không tìm thấy phản ánh, kiến nghị.")
    return fb


def require_status(fb: Feedback, *statuses: str) -> None:
    if fb.status not in statuses:
        raise DomainError(
            f"Phản ánh đang ở trạng thái “{fb.get_status_display()}”, không thực hiện được.",
            code="invalid_state",
        )


def save(fb: Feedback, actor: Any, kind: str, fields: list[str], payload: dict) -> Feedback:
    fb.version += 1
    fb.save(update_fields=[*fields, "version"])
    audit.append(stream_type=STREAM, stream_id=fb.code, kind=kind, actor=actor, payload=payload)
    return fb


def reason_text(reason: str) -> str:
    """A refusal, out-of-scope or reopening reason: required, and checked as an answer is
    (`control_character`, `text_too_long`): a refusal reason is public (Open311, §25)."""
    reason = reason.strip()
    if not reason:
        raise DomainError("Cần ghi lý do.", code="reason_required")
    refuse_control_chars({"reason": reason}, {})
    refuse_too_long(reason, label="Lý do")
    return reason


def refuse_control_chars(lines: dict[str, str], single: dict[str, str]) -> None:
    """Control characters would break the public pages' XML twins (Open311) and logs: refused,
    as everywhere else on the platform (core.text). `lines` may hold line breaks."""
    bad = [k for k, v in lines.items() if has_control_chars(v, multiline=True)]
    bad += [k for k, v in single.items() if has_control_chars(v)]
    if bad:
        raise DomainError(
            "Nội dung có ký tự điều khiển không hợp lệ; vui lòng nhập lại.",
            code=CONTROL_CHAR_CODE,
            details={"fields": bad},
        )


def refuse_too_long(text: str, limit: int = CONTENT_MAX, label: str = "Nội dung phản ánh") -> None:
    if len(text) > limit:
        raise DomainError(
            f"{label} dài quá {limit:,} ký tự.".replace(",", "."), code="text_too_long"
        )


def is_late(fb: Feedback, today: date | None = None) -> bool:
    """§24.3. An open item is late when today is past its due date. A closed or answered item
    is late when its answer came after the due date (`answered_late`) or it was refused or
    published after that step's limit (`closed_late`); a refusal made in time is never late.
    `selectors.late_q` is the same rule in SQL."""
    if fb.status in OPEN_STATUSES:
        return (today or local_date(timezone.now())) > fb.due_date
    if fb.status == Status.REFUSED:
        return fb.closed_late
    return fb.answered_late or fb.closed_late
