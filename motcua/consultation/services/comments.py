"""Comments: submit (limited per person per hour) and moderate (rules §27)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from motcua.consultation.models import (
    Article,
    Comment,
    CommentStatus,
    Consultation,
    ConsultationStatus,
)
from motcua.consultation.permissions import require_manage
from motcua.consultation.services._common import (
    ANONYMOUS_NAME,
    COMMENT_MAX,
    HOUR,
    _clean,
    _event,
    _lock,
    _now,
    comments_per_hour,
)
from motcua.core.errors import Conflict, DomainError, NotFound, PermissionDenied, RateLimited


def comment_submit(
    *, actor: Any, consultation_id: int, text: str, article_id: int | None = None
) -> Comment:
    """A signed-in person's comment, on the whole draft or one article, while the period is
    open. It waits for moderation (rules §27)."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDenied("Cần đăng nhập để góp ý.", code="sign_in_required")
    text = _clean(text, "nội dung góp ý", max_length=COMMENT_MAX)
    with transaction.atomic():
        c = _lock(consultation_id)
        if c.status != ConsultationStatus.PUBLISHED:
            raise NotFound("Không tìm thấy dự thảo lấy ý kiến.")
        if not c.is_open(_now()):
            raise Conflict("Dự thảo không trong thời gian lấy ý kiến.", code="not_open")
        article = None
        if article_id is not None:
            article = Article.objects.filter(pk=article_id, consultation=c).first()
            if article is None:
                raise DomainError("Điều không thuộc dự thảo này.", code="unknown_article")
        _check_rate(actor)
        comment = Comment.objects.create(
            consultation=c,
            article=article,
            author=actor,
            display_name=(getattr(actor, "full_name", "") or "").strip() or ANONYMOUS_NAME,
            text=text,
            created_at=_now(),
        )
        _event(actor, c, "comment_submitted", {"comment": comment.pk, "article": article_id})
    return comment


def _check_rate(actor: Any) -> None:
    """RateLimited `too_many_comments` when `actor` already sent `comments_per_hour()` comments
    in the hour before now. FOR NO KEY UPDATE on the user row: the comment's insert, which
    references the row, is not blocked by it."""
    users = get_user_model().objects.select_for_update(no_key=True).filter(pk=actor.pk)
    list(users.values_list("pk", flat=True))
    limit = comments_per_hour()
    if Comment.objects.filter(author=actor, created_at__gt=_now() - HOUR).count() >= limit:
        raise RateLimited(
            f"Mỗi người gửi tối đa {limit} góp ý trong một giờ. Vui lòng thử lại sau.",
            code="too_many_comments",
        )


def _lock_comment(actor: Any, comment_id: int) -> tuple[Consultation, Comment]:
    found = Comment.objects.filter(pk=comment_id).values_list("consultation_id", flat=True).first()
    if found is None:
        raise NotFound("Không tìm thấy góp ý.")
    c = _lock(found)  # the consultation first, then the comment: one lock order
    require_manage(actor, c.agency)
    comment = Comment.objects.select_for_update().get(pk=comment_id)
    if comment.status != CommentStatus.PENDING:
        raise Conflict("Góp ý này đã được kiểm duyệt.", code="already_moderated")
    return c, comment


def comment_publish(*, actor: Any, comment_id: int) -> Comment:
    """The agency publishes a pending comment: its text and display name become public."""
    with transaction.atomic():
        c, comment = _lock_comment(actor, comment_id)
        _moderate(comment, actor, CommentStatus.PUBLISHED, "")
        _event(actor, c, "comment_published", {"comment": comment.pk})
    return comment


def comment_reject(*, actor: Any, comment_id: int, reason: str) -> Comment:
    """The agency declines to publish a comment, with a reason that is published in its place.
    The text stays stored (nothing is deleted) but is never shown to the public."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Cần nêu lý do không đăng góp ý.", code="reason_required")
    reason = _clean(reason, "lý do")
    with transaction.atomic():
        c, comment = _lock_comment(actor, comment_id)
        _moderate(comment, actor, CommentStatus.REJECTED, reason)
        _event(actor, c, "comment_rejected", {"comment": comment.pk, "reason": reason})
    return comment


def _moderate(comment: Comment, actor: Any, status: str, reason: str) -> None:
    comment.status = status
    comment.reason = reason
    comment.moderated_by = actor
    comment.moderated_at = _now()
    comment.save(update_fields=["status", "reason", "moderated_by", "moderated_at"])
