"""Reads of feedback (docs/rules.md §24). Public reads return published answers only; an
official sees the feedback of the agencies where they hold a feedback role (§24.4)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet

from motcua.accounts.models import Agency, User
from motcua.accounts.selectors import agencies_in_scope, users_with_role
from motcua.core.errors import NotFound
from motcua.core.text import fold
from motcua.feedback.models import Category, Feedback, Status
from motcua.feedback.rules import Rates, rates
from motcua.feedback.services import ANSWER_ROLES, HEAD_ROLES, INTAKE_ROLES, is_late, local_date

WORKSPACE_ROLES = tuple(dict.fromkeys((*INTAKE_ROLES, *HEAD_ROLES, *ANSWER_ROLES)))


def categories() -> QuerySet[Category]:
    return Category.objects.filter(active=True).select_related("agency")


def published(*, q: str = "", category: str = "") -> QuerySet[Feedback]:
    """Published answers, newest first, searched in title, content, answer and code."""
    qs = Feedback.objects.filter(status=Status.PUBLISHED).select_related("category", "agency")
    if q:
        for word in fold(q).split():  # every word, accents and case ignored
            qs = qs.filter(search_text__contains=word)
    if category:
        qs = qs.filter(category__code=category)
    return qs.order_by("-published_at")


def published_get(*, code: str) -> Feedback:
    fb = published().filter(code=code).first()
    if fb is None:
        raise NotFound("Không tìm thấy câu trả lời đã công khai.")
    return fb


def for_official(*, user: Any, status: str = "") -> QuerySet[Feedback]:
    qs = Feedback.objects.filter(agency__in=agencies_in_scope(user, WORKSPACE_ROLES))
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("category", "agency", "handler").order_by("due_date", "received_at")


def agencies_for_official(*, user: Any) -> QuerySet[Agency]:
    return agencies_in_scope(user, WORKSPACE_ROLES).order_by("name")


def get_for_official(*, user: Any, code: str) -> Feedback:
    fb = for_official(user=user).filter(code=code).prefetch_related("photos").first()
    if fb is None:
        raise NotFound("Không tìm thấy phản ánh, kiến nghị.")
    return fb


def for_submitter(*, user: Any, code: str) -> Feedback:
    if user is None or not user.is_authenticated:
        raise NotFound("Không tìm thấy phản ánh, kiến nghị.")
    fb = Feedback.objects.filter(code=code, submitter=user).first()
    if fb is None:
        raise NotFound("Không tìm thấy phản ánh, kiến nghị.")
    return fb


def handlers(agency: Agency) -> QuerySet[User]:
    ids: set[int] = set()
    for role in ANSWER_ROLES:
        ids |= set(users_with_role(role, agency).values_list("pk", flat=True))
    return User.objects.filter(pk__in=ids).order_by("full_name", "username")


def agency_rates(*, agency: Agency, start: date, end: date, today: date | None = None) -> Rates:
    """Decision 766 items 5.2 and 5.3 for the feedback first received by `agency` (its current
    handler) between `start` and `end` (local dates, inclusive). Refused items are left out:
    they are not handled."""
    rows = [
        fb
        for fb in Feedback.objects.filter(agency=agency).exclude(status=Status.REFUSED)
        if start <= local_date(fb.received_at) <= end
    ]
    return rates(
        received=len(rows),
        late=sum(1 for fb in rows if is_late(fb, today)),
        disliked=sum(1 for fb in rows if fb.satisfied is False),
        reopened=sum(1 for fb in rows if fb.reopened_at is not None),
    )
