"""Public pages of consultations on drafts: `/lay-y-kien/` (docs/consultation.md).

Thin: parse, call one selector or service, render or redirect (PRG). Everything published stays
public; a draft not yet published is a 404 for everyone but its managers (workspace pages).
Documents and the export leave only through views (`core.downloads.file_response`)."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from motcua.accounts.access import signed_in
from motcua.consultation import selectors
from motcua.consultation.export import consultation_xlsx
from motcua.consultation.forms import CommentForm
from motcua.consultation.models import Consultation
from motcua.consultation.services import comment_submit
from motcua.core.downloads import content_disposition, file_response
from motcua.core.errors import DomainError
from motcua.core.http import found_or_404

RECEIVED = gettext_lazy(
    "Đã nhận góp ý của bạn. Góp ý được công khai sau khi cơ quan soạn thảo kiểm duyệt."
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_safe
def consultation_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    items = list(selectors.consultations_public())
    groups = {
        "open": [c for c in items if c.opens_at <= now < c.closes_at],
        "upcoming": [c for c in items if now < c.opens_at],
        "closed": [c for c in items if c.closes_at <= now],
    }
    return render(request, "consultation/list.html", {"groups": groups})


def _detail(
    request: HttpRequest, c: Consultation, form: CommentForm | None, status: int = 200
) -> HttpResponse:
    view = selectors.public_view(c)
    now = timezone.now()
    is_open = c.is_open(now)
    phase = "open" if is_open else ("closed" if c.is_closed(now) else "upcoming")
    if form is None and is_open:
        form = CommentForm(articles=[pa.article for pa in view.articles])
    context = {"c": c, "view": view, "is_open": is_open, "phase": phase, "form": form}
    return render(request, "consultation/detail.html", context, status=status)


@require_safe
def consultation_detail(request: HttpRequest, key: str) -> HttpResponse:
    c = found_or_404(selectors.consultation_get_public, key=key)
    return _detail(request, c, None)


@require_POST
@signed_in
def comment_create(request: HttpRequest, key: str) -> HttpResponse:
    c = found_or_404(selectors.consultation_get_public, key=key)
    form = CommentForm(request.POST, articles=list(c.articles.all()))
    if not form.is_valid():
        return _detail(request, c, form, status=400)
    try:
        comment_submit(
            actor=request.user,
            consultation_id=c.pk,
            text=form.cleaned_data["text"],
            article_id=form.cleaned_data["article"],
        )
    except DomainError as exc:
        form.add_error("text" if exc.code.startswith("text") else None, exc.message)
        return _detail(request, c, form, status=exc.status)
    messages.success(request, RECEIVED)
    return redirect("consultation:detail", key=c.slug)


@require_safe
def document_download(request: HttpRequest, key: str, document_id: int) -> FileResponse:
    doc = found_or_404(
        selectors.document_get_public, key=key, document_id=document_id, user=request.user
    )
    return file_response(
        stored=doc.file,
        filename=doc.original_name,
        content_type=doc.content_type,
        sha256=doc.sha256,
    )


@require_safe
def export_xlsx(request: HttpRequest, key: str) -> HttpResponse:
    c = found_or_404(selectors.consultation_get_public, key=key)
    response = HttpResponse(consultation_xlsx(c), content_type=XLSX)
    response["Content-Disposition"] = content_disposition(f"gop-y-{c.slug}.xlsx", inline=False)
    response["X-Content-Type-Options"] = "nosniff"
    return response
