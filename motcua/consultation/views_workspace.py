"""Workspace pages of consultations: `/can-bo/lay-y-kien/` for the issuing agency's agency admin
or unit head (docs/rules.md §26). Each action is a confirmation page: GET shows its form, POST
performs it through one named service and redirects (PRG); a DomainError is shown on the form
with its status. A consultation of an agency the user does not manage is a 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from motcua.accounts.access import official_required
from motcua.consultation import selectors, services
from motcua.consultation.forms import (
    ConfirmForm,
    CreateForm,
    DocumentForm,
    ModerateForm,
    ResponseForm,
)
from motcua.consultation.models import Consultation
from motcua.consultation.permissions import managed_agencies
from motcua.core.errors import DomainError
from motcua.core.http import found_or_404

DONE = {
    "created": _("Đã tạo dự thảo. Thêm tài liệu PDF rồi công bố."),
    "document": _("Đã thêm tài liệu."),
    "published": _("Đã công bố dự thảo để lấy ý kiến."),
    "moderated": _("Đã kiểm duyệt góp ý."),
    "responded": _("Đã công bố báo cáo tổng hợp, tiếp thu, giải trình."),
}


def _manage_url(c: Consultation) -> HttpResponse:
    return redirect("consultation:ws_detail", pk=c.pk)


def _form_page(
    request: HttpRequest,
    title: Any,
    c: Consultation | None,
    form: Any,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    context = {"title": title, "c": c, "form": form, **extra}
    return render(request, "consultation/ws_form.html", context, status=status)


def _failed(form: Any, exc: DomainError) -> int:
    form.add_error(None, exc.message)
    return exc.status


@require_safe
@official_required
def ws_list(request: HttpRequest) -> HttpResponse:
    items = list(selectors.consultations_for_manager(user=request.user))
    may_create = managed_agencies(request.user).exists()
    return render(request, "consultation/ws_list.html", {"items": items, "may_create": may_create})


@require_http_methods(["GET", "POST"])
@official_required
def ws_create(request: HttpRequest) -> HttpResponse:
    agencies = managed_agencies(request.user).order_by("name")
    form = CreateForm(request.POST or None, agencies=agencies)
    status = 200
    if request.method == "POST" and form.is_valid():
        opens_at, closes_at = form.period()
        articles = [services.ArticleData(n, x, t) for n, t, x in form.articles()]
        try:
            c = services.consultation_create(
                actor=request.user,
                agency=form.cleaned_data["agency"],
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
                kind=form.cleaned_data["kind"],
                opens_at=opens_at,
                closes_at=closes_at,
                articles=articles,
            )
        except DomainError as exc:
            status = _failed(form, exc)
        else:
            messages.success(request, DONE["created"])
            return _manage_url(c)
    elif request.method == "POST":
        status = 400
    return render(request, "consultation/ws_create.html", {"form": form}, status=status)


@require_safe
@official_required
def ws_detail(request: HttpRequest, pk: int) -> HttpResponse:
    c = found_or_404(selectors.consultation_get_for_manager, user=request.user, key=pk)
    context = {
        "c": c,
        "documents": list(c.documents.all()),
        "articles": list(c.articles.all()),
        "pending": list(selectors.comments_pending(consultation=c)),
        "document_form": DocumentForm(),
    }
    return render(request, "consultation/ws_detail.html", context)


@require_http_methods(["GET", "POST"])
@official_required
def ws_document(request: HttpRequest, pk: int) -> HttpResponse:
    c = found_or_404(selectors.consultation_get_for_manager, user=request.user, key=pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_document_add(
                actor=request.user,
                consultation_id=c.pk,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except DomainError as exc:
            status = _failed(form, exc)
        else:
            messages.success(request, DONE["document"])
            return _manage_url(c)
    elif request.method == "POST":
        status = 400
    return _form_page(request, _("Thêm tài liệu dự thảo"), c, form, status, multipart=True)


@require_http_methods(["GET", "POST"])
@official_required
def ws_publish(request: HttpRequest, pk: int) -> HttpResponse:
    c = found_or_404(selectors.consultation_get_for_manager, user=request.user, key=pk)
    form = ConfirmForm(request.POST or None)
    status = 200
    if request.method == "POST":
        try:
            services.consultation_publish(actor=request.user, consultation_id=c.pk)
        except DomainError as exc:
            status = _failed(form, exc)
        else:
            messages.success(request, DONE["published"])
            return _manage_url(c)
    return _form_page(request, _("Công bố dự thảo để lấy ý kiến"), c, form, status)


@require_http_methods(["GET", "POST"])
@official_required
def ws_moderate(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = found_or_404(
        selectors.comment_get_for_manager, user=request.user, comment_id=comment_id
    )
    c = comment.consultation
    form = ModerateForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "publish":
                services.comment_publish(actor=request.user, comment_id=comment.pk)
            else:
                services.comment_reject(
                    actor=request.user, comment_id=comment.pk, reason=form.cleaned_data["reason"]
                )
        except DomainError as exc:
            status = _failed(form, exc)
        else:
            messages.success(request, DONE["moderated"])
            return _manage_url(c)
    elif request.method == "POST":
        status = 400
    return _form_page(request, _("Kiểm duyệt góp ý"), c, form, status, comment=comment)


@require_http_methods(["GET", "POST"])
@official_required
def ws_respond(request: HttpRequest, pk: int) -> HttpResponse:
    c = found_or_404(selectors.consultation_get_for_manager, user=request.user, key=pk)
    articles = list(c.articles.all())
    form = ResponseForm(request.POST or None, articles=articles)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        responses = [
            services.ArticleResponseData(n, data[f"response_{n}"], data[f"explain_{n}"])
            for n in form.article_numbers
            if data.get(f"response_{n}")
        ]
        try:
            services.response_publish(
                actor=request.user,
                consultation_id=c.pk,
                summary=data["summary"],
                articles=responses,
            )
        except DomainError as exc:
            status = _failed(form, exc)
        else:
            messages.success(request, DONE["responded"])
            return _manage_url(c)
    elif request.method == "POST":
        status = 400
    return _form_page(request, _("Công bố báo cáo tổng hợp, tiếp thu, giải trình"), c, form, status)
