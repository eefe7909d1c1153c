"""Reads of feedback (docs/rules.md §24). Public reads return published answers only; an
official sees the feedback of the agencies where they hold a feedback role (§24.4)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from motcua.accounts.models import Agency, User
from motcua.accounts.selectors import agencies_in_scope, users_with_role
from motcua.core.calendar import LOCAL_TZ
from motcua.core.errors import NotFound
from motcua.core.text import fold
from motcua.feedback.models import OPEN_STATUSES, Category, Feedback, Photo, Status
from motcua.feedback.rules import Rates, rates
from motcua.feedback.services import ANSWER_ROLES, HEAD_ROLES, INTAKE_ROLES, local_date

WORKSPACE_ROLES = tuple(dict.fromkeys((*INTAKE_ROLES, *HEAD_ROLES, *ANSWER_ROLES)))


def _nul(*texts: str) -> bool:
    """A NUL in what a URL brought: no row can match it, and PostgreSQL refuses it in a query
    (a 500), so the selectors answer "no match" without asking the database."""
    return any("\x00" in t for t in texts)


def categories() -> QuerySet[Category]:
    return Category.objects.filter(active=True).select_related("agency")


def public_q() -> Q:
    """Published with a public text: an item published before the public text existed has
    none (migration feedback 0003) and stays hidden until the unit head writes one (§24.6)."""
    return Q(status=Status.PUBLISHED) & ~Q(public_title="") & ~Q(public_content="")


def is_public(fb: Feedback) -> bool:
    """`public_q` for one loaded item."""
    return fb.status == Status.PUBLISHED and bool(fb.public_title and fb.public_content)


def published(*, q: str = "", category: str = "") -> QuerySet[Feedback]:
    """Published answers with a public text (`public_q`), newest first, searched in the public
    title and content, the answer and the code (`search_text`, set at publication from the
    public fields only)."""
    qs = Feedback.objects.filter(public_q()).select_related("category", "agency")
    if _nul(q, category):
        return qs.none()
    if q:
        for word in fold(q).split():  # every word, accents and case ignored
            qs = qs.filter(search_text__contains=word)
    if category:
        qs = qs.filter(category__code=category)
    return qs.order_by("-published_at")


def published_get(*, code: str) -> Feedback:
    fb = None if _nul(code) else published().filter(code=code).first()
    if fb is None:
        raise NotFound("Không tìm thấy câu trả lời đã công khai.")
    return fb


def for_official(*, user: Any, status: str = "") -> QuerySet[Feedback]:
    qs = Feedback.objects.filter(agency__in=agencies_in_scope(user, WORKSPACE_ROLES))
    if _nul(status):
        return qs.none()
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("category", "agency", "handler").order_by("due_date", "received_at")


def agencies_for_official(*, user: Any) -> QuerySet[Agency]:
    return agencies_in_scope(user, WORKSPACE_ROLES).order_by("name")


def get_for_official(*, user: Any, code: str) -> Feedback:
    qs = for_official(user=user).filter(code=code).prefetch_related("photos")
    fb = None if _nul(code) else qs.first()
    if fb is None:
        raise NotFound("Không tìm thấy phản ánh, kiến nghị.")
    return fb


def for_submitter(*, user: Any, code: str) -> Feedback:
    if user is None or not user.is_authenticated:
        raise NotFound("Không tìm thấy phản ánh, kiến nghị.")
    fb = None if _nul(code) else Feedback.objects.filter(code=code, submitter=user).first()
    if fb is None:
        raise NotFound("Không tìm thấy phản ánh, kiến nghị.")
    return fb


def handlers(agency: Agency) -> QuerySet[User]:
    ids: set[int] = set()
    for role in ANSWER_ROLES:
        ids |= set(users_with_role(role, agency).values_list("pk", flat=True))
    return User.objects.filter(pk__in=ids).order_by("full_name", "username")


def photo_get_for_user(*, user: Any, code: str, photo_id: int) -> Photo:
    """A photo of feedback `code`, for its signed-in submitter or an official who sees the
    feedback (§24.4); "not found" for anyone else, published or not (photos are never public:
    they may show people, §24.6)."""
    if user is None or not user.is_authenticated or _nul(code):
        raise NotFound("Không tìm thấy ảnh.")
    mine = Q(feedback__submitter=user)
    scope = Q(feedback__agency__in=agencies_in_scope(user, WORKSPACE_ROLES))
    photo = Photo.objects.filter(mine | scope, feedback__code=code, pk=photo_id).first()
    if photo is None:
        raise NotFound("Không tìm thấy ảnh.")
    return photo


def late_q(today: date) -> Q:
    """`services.is_late` in SQL: open and past the due date, or answered late (not refused),
    or refused or published after its limit."""
    closed = ~Q(status__in=OPEN_STATUSES)
    answered_late = Q(answered_late=True) & ~Q(status=Status.REFUSED)
    return Q(status__in=OPEN_STATUSES, due_date__lt=today) | (
        closed & (answered_late | Q(closed_late=True))
    )


def local_day_range(start: date, end: date) -> tuple[datetime, datetime]:
    """The aware instants [start 00:00, the day after end 00:00) in local time, for a filter on
    a UTC datetime column."""
    return (
        datetime.combine(start, time.min, tzinfo=LOCAL_TZ),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=LOCAL_TZ),
    )


def agency_rates(*, agency: Agency, start: date, end: date, today: date | None = None) -> Rates:
    """Decision 766 items 5.2 and 5.3 for the feedback first received by `agency` (its current
    handler) between `start` and `end` (local dates, inclusive), counted by the database in one
    query. An item refused in time is left out (it is not handled); one refused after its limit
    counts, as late (§24.3)."""
    today = today or local_date(timezone.now())
    since, until = local_day_range(start, end)
    counts = (
        Feedback.objects.filter(agency=agency, received_at__gte=since, received_at__lt=until)
        .exclude(status=Status.REFUSED, closed_late=False)
        .aggregate(
            received=Count("pk"),
            late=Count("pk", filter=late_q(today)),
            disliked=Count("pk", filter=Q(satisfied=False)),
            reopened=Count("pk", filter=Q(reopened_at__isnull=False)),
        )
    )
    return rates(**counts)
