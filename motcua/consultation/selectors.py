"""Reads of consultations. The public sees published drafts only; a comment's text is public
once published, a rejected comment shows only its reason, a pending one nothing (rules §27).
Managers of the issuing agency also see drafts and pending comments."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Max, Q, QuerySet

from motcua.consultation.models import (
    Article,
    Comment,
    CommentStatus,
    Consultation,
    ConsultationDocument,
    ConsultationStatus,
)
from motcua.consultation.permissions import managed_agencies, may_manage
from motcua.core.errors import NotFound
from motcua.core.text import has_control_chars

PUBLIC_COMMENTS = (CommentStatus.PUBLISHED, CommentStatus.REJECTED)
SLUG_MAX = 80  # Consultation.slug


def consultations_public() -> QuerySet[Consultation]:
    return (
        Consultation.objects.filter(status=ConsultationStatus.PUBLISHED)
        .select_related("agency")
        .annotate(
            published_comments=Count("comments", filter=Q(comments__status=CommentStatus.PUBLISHED))
        )
        .order_by("-opens_at", "-pk")
    )


def _by_key(qs: QuerySet[Consultation], key: str | int) -> Consultation:
    """By id (ASCII digits: "²" is a digit to `str.isdigit` but not to `int`) or slug; a key
    that no slug can be (a control character, which PostgreSQL would refuse) is not found."""
    text = str(key)
    if text.isascii() and text.isdigit():
        found = qs.filter(pk=int(text)).first()
    elif has_control_chars(text) or len(text) > SLUG_MAX:
        found = None
    else:
        found = qs.filter(slug=text).first()
    if found is None:
        raise NotFound("Không tìm thấy dự thảo lấy ý kiến.")
    return found


def consultation_get_public(*, key: str | int) -> Consultation:
    """A published consultation by id or slug, else NotFound (a draft is not found)."""
    return _by_key(consultations_public(), key)


def consultation_get_for_manager(*, user: Any, key: str | int) -> Consultation:
    """Any consultation of an agency `user` manages (drafts included), else NotFound."""
    qs = Consultation.objects.filter(agency__in=managed_agencies(user)).select_related("agency")
    return _by_key(qs, key)


def consultations_for_manager(*, user: Any) -> QuerySet[Consultation]:
    return (
        Consultation.objects.filter(agency__in=managed_agencies(user))
        .select_related("agency")
        .annotate(pending=Count("comments", filter=Q(comments__status=CommentStatus.PENDING)))
        .order_by("-created_at", "-pk")
    )


@dataclass
class PublicArticle:
    article: Article
    comments: list[Comment] = field(default_factory=list)


@dataclass
class PublicView:
    consultation: Consultation
    documents: list[ConsultationDocument]
    general: list[Comment]  # on the whole draft
    articles: list[PublicArticle]


def public_view(consultation: Consultation) -> PublicView:
    """The draft's documents, its articles, and the comments the public may see (published
    and rejected; the template shows a rejected one's reason, never its text). Four queries."""
    comments = list(
        Comment.objects.filter(consultation=consultation, status__in=PUBLIC_COMMENTS).order_by(
            "created_at", "pk"
        )
    )
    articles = [PublicArticle(a) for a in consultation.articles.all()]
    by_id = {pa.article.pk: pa for pa in articles}
    general: list[Comment] = []
    for c in comments:
        (by_id[c.article_id].comments if c.article_id in by_id else general).append(c)
    return PublicView(consultation, list(consultation.documents.all()), general, articles)


def document_get_public(*, key: str | int, document_id: int, user: Any = None) -> Any:
    """A document of a published consultation (or of a draft, for its managers)."""
    try:
        c = consultation_get_public(key=key)
    except NotFound:
        c = consultation_get_for_manager(user=user, key=key)
    doc = ConsultationDocument.objects.filter(pk=document_id, consultation=c).first()
    if doc is None:
        raise NotFound("Không tìm thấy tài liệu.")
    return doc


def comment_get_for_manager(*, user: Any, comment_id: int) -> Comment:
    """A comment on a consultation of an agency `user` manages, else NotFound."""
    comment = (
        Comment.objects.select_related("consultation", "article").filter(pk=comment_id).first()
    )
    if comment is None:
        raise NotFound("Không tìm thấy góp ý.")
    consultation_get_for_manager(user=user, key=comment.consultation_id)
    return comment


def comments_pending(*, consultation: Consultation) -> QuerySet[Comment]:
    return Comment.objects.filter(
        consultation=consultation, status=CommentStatus.PENDING
    ).select_related("article")


def comments_for_export(*, consultation: Consultation) -> QuerySet[Comment]:
    return Comment.objects.filter(
        consultation=consultation, status__in=PUBLIC_COMMENTS
    ).select_related("article")


@dataclass(frozen=True)
class ExportVersion:
    """What the export shows that can still change once a draft is published: its public
    comments (each moderation adds one and is final), the summary, the agency's name."""

    key: str
    stamp: datetime  # the latest of publication, moderation and summary: the file's date


def export_version(*, consultation: Consultation) -> ExportVersion:
    c = consultation
    found = Comment.objects.filter(consultation=c, status__in=PUBLIC_COMMENTS).aggregate(
        n=Count("pk"), last=Max("moderated_at")
    )
    parts = (c.pk, found["n"], found["last"], c.response_published_at, c.title, c.agency.name)
    stamps = [t for t in (c.published_at, found["last"], c.response_published_at) if t]
    return ExportVersion(repr(parts), max(stamps, default=c.created_at))


def user_may_manage(user: Any, consultation: Consultation) -> bool:
    return may_manage(user, consultation.agency)
