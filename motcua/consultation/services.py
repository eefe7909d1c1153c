"""Every write of a public consultation on a draft (docs/rules.md §26–§28).

Error codes: forbidden (PermissionDenied), not_found (NotFound), period_too_short,
invalid_period, invalid_state (Conflict), not_open (Conflict), not_closed (Conflict),
file_type_not_allowed, file_empty, file_too_large, reason_required, text_required,
control_characters, text_too_long, unknown_article, no_documents, already_moderated (Conflict),
already_responded (Conflict), invalid_response, too_many_comments (RateLimited, 429).

Assumptions:
- The issuing agency's agency admin or unit head acts (`permissions.MANAGE_ROLES`); they are
  checked against the consultation's agency on the row read under its lock.
- Documents are PDFs checked by the same functions as dossier attachments
  (`dossiers.services.attachments.measure` and `sniff`: size, emptiness, type by content) and
  stored the same way (a server-chosen name, the file deleted again if the row is not written).
- Nothing is deleted: a rejected comment keeps its text (hidden from the public) and its
  published reason; a moderation decision and the summary of responses are final.
- Every service writes one audit event on the stream `consultation/<id>`.
- One person sends at most `comments_per_hour()` comments in any sliding hour, on all drafts
  together (rules §27); their user row is locked after the consultation's (one lock order) so
  two comments sent at once are counted one after the other.
- Texts are bounded: one-line fields by their column (300), free text by `TEXT_MAX`, a comment
  by `COMMENT_MAX`, so no text reaches the database longer than it takes.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from motcua.accounts.models import Agency
from motcua.consultation.models import (
    Article,
    ArticleResponse,
    Comment,
    CommentStatus,
    Consultation,
    ConsultationDocument,
    ConsultationStatus,
    DraftKind,
)
from motcua.consultation.permissions import require_manage
from motcua.consultation.rules import period_problem
from motcua.core import audit, filetypes
from motcua.core.errors import Conflict, DomainError, NotFound, PermissionDenied, RateLimited
from motcua.core.text import fold, has_control_chars
from motcua.dossiers.services.attachments import delete_quietly, measure, sniff

STREAM = "consultation"
ANONYMOUS_NAME = "Người góp ý"
LINE_MAX = 300  # the CharFields of titles
TEXT_MAX = 50_000  # a summary, an article, a reason, an explanation
COMMENT_MAX = 10_000
HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class ArticleData:
    number: int
    text: str
    title: str = ""


@dataclass(frozen=True)
class ArticleResponseData:
    number: int
    response: str  # ArticleResponse.ACCEPTED | NOT_ACCEPTED
    text: str


def _now() -> datetime:
    """The services' clock (one place, so the demo seed can record a consultation that ran in
    the past through these same services; consultation/demo.py)."""
    return timezone.now()


def min_days() -> int:
    return int(settings.MOTCUA.get("CONSULTATION_MIN_DAYS", 30))


def comments_per_hour() -> int:
    return int(settings.MOTCUA.get("CONSULTATION_COMMENTS_PER_HOUR", 20))


def _clean(
    value: str,
    label: str,
    *,
    multiline: bool = True,
    required: bool = True,
    max_length: int | None = None,
) -> str:
    value = (value or "").strip()
    if required and not value:
        raise DomainError(f"Cần nhập {label}.", code="text_required")
    if has_control_chars(value, multiline=multiline):
        raise DomainError(
            f"{label.capitalize()} chứa ký tự không hợp lệ.", code="control_characters"
        )
    limit = max_length or (TEXT_MAX if multiline else LINE_MAX)
    if len(value) > limit:
        raise DomainError(
            f"{label.capitalize()} dài quá {limit:,} ký tự.".replace(",", "."),
            code="text_too_long",
        )
    return value


def _lock(consultation_id: int) -> Consultation:
    found = (
        Consultation.objects.select_for_update()
        .select_related("agency")
        .filter(pk=consultation_id)
        .first()
    )
    if found is None:
        raise NotFound("Không tìm thấy dự thảo lấy ý kiến.")
    return found


def _event(actor: Any, c: Consultation, kind: str, payload: dict, *, new: bool = False) -> None:
    audit.append(
        stream_type=STREAM,
        stream_id=str(c.pk),
        kind=f"consultation.{kind}",
        actor=actor,
        payload=payload,
        new_stream=new,
    )


def _slug(title: str) -> str:
    base = slugify(fold(title))
    if len(base) > 60:  # cut at a word boundary
        base = base[:61].rsplit("-", 1)[0]
    base = base.strip("-") or "du-thao"
    slug, n = base, 1
    while Consultation.objects.filter(slug=slug).exists() or slug.isdigit():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check_articles(articles: list[ArticleData]) -> list[ArticleData]:
    numbers = [a.number for a in articles]
    if len(set(numbers)) != len(numbers) or any(n < 1 for n in numbers):
        raise DomainError("Số điều phải là số dương và không trùng nhau.", code="invalid_articles")
    return [
        ArticleData(
            a.number,
            _clean(a.text, "nội dung điều"),
            _clean(a.title, "tên điều", required=False, max_length=LINE_MAX),
        )
        for a in articles
    ]


def consultation_create(
    *,
    actor: Any,
    agency: Agency,
    title: str,
    summary: str,
    kind: str,
    opens_at: datetime,
    closes_at: datetime,
    articles: list[ArticleData] | None = None,
) -> Consultation:
    """A draft (status `draft`, seen by the agency only) with its articles. The period is
    checked now and again at publication (rules §26)."""
    require_manage(actor, agency)
    title = _clean(title, "tên dự thảo", multiline=False)
    summary = _clean(summary, "tóm tắt")
    if kind not in DraftKind.values:
        raise DomainError("Loại dự thảo không hợp lệ.", code="invalid_kind")
    _check_period(opens_at, closes_at)
    checked = _check_articles(articles or [])
    with transaction.atomic():
        c = Consultation.objects.create(
            slug=_slug(title),
            title=title,
            summary=summary,
            kind=kind,
            agency=agency,
            opens_at=opens_at,
            closes_at=closes_at,
            created_by=actor,
            created_at=_now(),
        )
        Article.objects.bulk_create(
            Article(consultation=c, number=a.number, title=a.title, text=a.text) for a in checked
        )
        _event(
            actor,
            c,
            "created",
            {"title": title, "agency": agency.code, "articles": len(checked)},
            new=True,
        )
    return c


def _check_period(opens_at: datetime, closes_at: datetime) -> None:
    problem = period_problem(
        opens_at=opens_at, closes_at=closes_at, now=_now(), min_days=min_days()
    )
    if problem:
        code = "period_too_short" if "ít nhất" in problem else "invalid_period"
        raise DomainError(problem, code=code)


def consultation_document_add(
    *, actor: Any, consultation_id: int, title: str, upload: File
) -> ConsultationDocument:
    """One PDF of a draft not yet published (checked as dossier attachments are, then PDF
    only). Stored file removed again if the row is not written."""
    c = Consultation.objects.select_related("agency").filter(pk=consultation_id).first()
    if c is None:
        raise NotFound("Không tìm thấy dự thảo lấy ý kiến.")
    require_manage(actor, c.agency)
    title = _clean(title, "tên tài liệu", multiline=False)
    size, sha256 = measure(upload)
    ftype = sniff(upload)
    if ftype != filetypes.PDF:
        raise DomainError("Tài liệu dự thảo phải là tệp PDF.", code="file_type_not_allowed")
    storage = ConsultationDocument._meta.get_field("file").storage
    stored: str | None = None
    try:
        with transaction.atomic():
            c = _lock(consultation_id)
            require_manage(actor, c.agency)
            if c.status != ConsultationStatus.DRAFT:
                raise Conflict("Dự thảo đã công bố, không thêm tài liệu.", code="invalid_state")
            upload.seek(0)
            stored = storage.save(f"consultations/{c.pk}/{uuid.uuid4().hex}.pdf", upload)
            doc = ConsultationDocument.objects.create(
                consultation=c,
                title=title,
                file=stored,
                original_name=filetypes.display_name(upload.name or "", ftype),
                content_type=ftype.mime,
                size=size,
                sha256=sha256,
                uploaded_by=actor,
                uploaded_at=_now(),
            )
            _event(actor, c, "document_added", {"document": doc.pk, "sha256": sha256})
            return doc
    except BaseException:
        if stored is not None:
            delete_quietly(storage, stored)
        raise


def consultation_publish(*, actor: Any, consultation_id: int) -> Consultation:
    """Make a draft public. Refused without a document, or when the period left is shorter
    than the minimum (rules §26)."""
    with transaction.atomic():
        c = _lock(consultation_id)
        require_manage(actor, c.agency)
        if c.status != ConsultationStatus.DRAFT:
            raise Conflict("Dự thảo đã được công bố.", code="invalid_state")
        if not c.documents.exists():
            raise DomainError("Cần ít nhất một tài liệu dự thảo (PDF).", code="no_documents")
        _check_period(c.opens_at, c.closes_at)
        c.status = ConsultationStatus.PUBLISHED
        c.published_at = _now()
        c.save(update_fields=["status", "published_at"])
        _event(actor, c, "published", {"opens_at": c.opens_at, "closes_at": c.closes_at})
    return c


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


def response_publish(
    *,
    actor: Any,
    consultation_id: int,
    summary: str,
    articles: list[ArticleResponseData] | None = None,
) -> Consultation:
    """The agency's summary of responses and what changed, once, after the period closed;
    optionally per article: accepted, or not accepted with an explanation (rules §28)."""
    summary = _clean(summary, "báo cáo tổng hợp")
    with transaction.atomic():
        c = _lock(consultation_id)
        require_manage(actor, c.agency)
        if not c.is_closed(_now()):
            raise Conflict(
                "Chỉ công bố tổng hợp sau khi hết thời gian lấy ý kiến.", code="not_closed"
            )
        if c.response_published_at is not None:
            raise Conflict("Báo cáo tổng hợp đã được công bố.", code="already_responded")
        _article_responses(c, articles or [])
        c.response_summary = summary
        c.response_published_at = _now()
        c.save(update_fields=["response_summary", "response_published_at"])
        _event(actor, c, "response_published", {"articles": len(articles or [])})
    return c


def _article_responses(c: Consultation, responses: list[ArticleResponseData]) -> None:
    by_number = {a.number: a for a in c.articles.all()}
    for r in responses:
        article = by_number.get(r.number)
        if article is None:
            raise DomainError(f"Dự thảo không có Điều {r.number}.", code="unknown_article")
        if r.response not in (ArticleResponse.ACCEPTED, ArticleResponse.NOT_ACCEPTED):
            raise DomainError("Ý kiến tiếp thu không hợp lệ.", code="invalid_response")
        text = _clean(r.text, "giải trình", required=r.response == ArticleResponse.NOT_ACCEPTED)
        article.response, article.response_text = r.response, text
        article.save(update_fields=["response", "response_text"])
