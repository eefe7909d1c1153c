"""The submitter's side of a published answer (docs/rules.md §24.5): rate it once, reopen it
once. Only the signed-in submitter acts; anyone else gets "not found"."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from motcua.core.errors import DomainError, NotFound
from motcua.feedback.models import Feedback, Status
from motcua.feedback.services._common import (
    limit_date,
    lock,
    reason_text,
    require_status,
    save,
)


def _require_submitter(actor: Any, fb: Feedback) -> None:
    if actor is None or fb.submitter_id is None or actor.pk != fb.submitter_id:
        raise NotFound("Không tìm thấy phản ánh, kiến nghị.")


def feedback_rate(*, actor: Any, code: str, satisfied: bool) -> Feedback:
    """The signed-in submitter rates the published answer, once per answer (item 5.3)."""
    with transaction.atomic():
        fb = lock(code)
        _require_submitter(actor, fb)
        require_status(fb, Status.PUBLISHED)
        if fb.rated_at is not None:
            raise DomainError("Bạn đã đánh giá câu trả lời này.", code="already_rated")
        fb.satisfied = satisfied
        fb.rated_at = timezone.now()
        fields = ["satisfied", "rated_at"]
        return save(fb, actor, "feedback.rated", fields, {"satisfied": satisfied})


def feedback_reopen(*, actor: Any, code: str, reason: str) -> Feedback:
    """The submitter reopens a published answer once; it goes back to its handler (§24.5) with
    a new due date, `deadlines()["reopen"]` working days (default: the handling limit) from
    the reopening. The rating of the old answer is cleared so the new answer is rated afresh;
    the event keeps it (`previous_satisfied`, `previous_rated_at`)."""
    with transaction.atomic():
        fb = lock(code)
        _require_submitter(actor, fb)
        require_status(fb, Status.PUBLISHED)
        if fb.reopened_at is not None:
            raise DomainError("Phản ánh chỉ được mở lại một lần.", code="already_reopened")
        payload = {
            "reason": reason_text(reason),
            "previous_satisfied": fb.satisfied,
            "previous_rated_at": fb.rated_at.isoformat() if fb.rated_at else None,
            "previous_due_date": fb.due_date.isoformat(),
        }
        fb.reopened_at = timezone.now()
        fb.status = Status.ASSIGNED if fb.handler_id else Status.CLASSIFIED
        fb.closed_at = None
        fb.satisfied, fb.rated_at = None, None
        fb.due_date = limit_date(fb.reopened_at, "reopen", fb.agency)
        payload["due_date"] = fb.due_date.isoformat()
        fields = ["reopened_at", "status", "closed_at", "satisfied", "rated_at", "due_date"]
        return save(fb, actor, "feedback.reopened", fields, payload)
