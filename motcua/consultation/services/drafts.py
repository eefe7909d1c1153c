"""Drafts: create, documents, publish, and the summary of responses (rules §26, §28)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils.text import slugify

from motcua.accounts.models import Agency
from motcua.consultation.models import (
    Article,
    ArticleResponse,
    Consultation,
    ConsultationDocument,
    ConsultationStatus,
    DraftKind,
)
from motcua.consultation.permissions import require_manage
from motcua.consultation.rules import period_problem
from motcua.consultation.services._common import (
    LINE_MAX,
    ArticleData,
    ArticleResponseData,
    _clean,
    _event,
    _lock,
    _now,
    min_days,
)
from motcua.core import filetypes
from motcua.core.errors import Conflict, DomainError, NotFound
from motcua.core.text import fold
from motcua.dossiers.services.attachments import delete_quietly, measure, sniff


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
