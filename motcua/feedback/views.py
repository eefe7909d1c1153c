"""Pages of feedback: the public form and answers (/phan-anh/), the submitter's rating and
reopening, and the officials' workspace (/can-bo/phan-anh/, docs/rules.md §24).

Thin: parse, call one selector or service, render or redirect (PRG). Public pages never show the
submitter's personal data (§24.6). Every workspace action is a confirmation form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from motcua.accounts.access import official_required, signed_in
from motcua.accounts.models import Agency, User
from motcua.core.clientip import client_ip
from motcua.core.downloads import file_response
from motcua.core.errors import DomainError, NotFound, RateLimited
from motcua.core.http import found_or_404
from motcua.feedback import forms as f
from motcua.feedback import selectors, services
from motcua.feedback.models import Feedback, Status

PAGE = 20


@require_safe
def public_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    items = list(selectors.published(q=q)[:PAGE])
    return render(request, "feedback/public_list.html", {"items": items, "q": q})


@require_safe
def public_detail(request: HttpRequest, code: str) -> HttpResponse:
    fb = found_or_404(selectors.published_get, code=code)
    mine = request.user.is_authenticated and fb.submitter_id == request.user.pk
    ctx = {"fb": fb, "mine": mine, "rate_form": f.RateForm()}
    return render(request, "feedback/public_detail.html", ctx)


def _category_choices() -> list[tuple[str, str]]:
    return [(c.code, c.name) for c in selectors.categories()]


@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    form = f.SubmitForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        categories=_category_choices(),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = services.SubmitData(
            category_code=d["category"],
            subject=d["subject"],
            subject_ref=d["subject_ref"],
            title=d["title"],
            content=d["content"],
            name=d["name"],
            contact=d["contact"],
            address=d["address"],
            place=d["place"],
            lat=d["lat"],
            lon=d["lon"],
            photos=d["photos"],
        )
        try:
            fb = services.feedback_submit(actor=request.user, data=data, client=client_ip(request))
        except DomainError as exc:
            form.add_error(None, exc.message)
            status = exc.status if isinstance(exc, RateLimited) else 200
            return render(request, "feedback/submit.html", {"form": form}, status=status)
        return render(request, "feedback/received.html", {"fb": fb})
    return render(request, "feedback/submit.html", {"form": form})


@require_safe
@signed_in
def mine(request: HttpRequest, code: str) -> HttpResponse:
    """The submitter's own page: their text, photos and where the item stands."""
    fb = found_or_404(selectors.for_submitter, user=request.user, code=code)
    return render(request, "feedback/mine.html", {"fb": fb, "photos": list(fb.photos.all())})


@require_safe
def photo(request: HttpRequest, code: str, photo_id: int) -> HttpResponse:
    """A photo, for the submitter and the officials who see the feedback; 404 for anyone
    else, signed in or not, even once the answer is published (docs/rules.md §24.6)."""
    if not request.user.is_authenticated:
        raise Http404("Không tìm thấy ảnh.")
    return _photo(request, code, photo_id)


@signed_in  # type: ignore[arg-type]  # FileResponse is a streaming response; officials pass 2FA
def _photo(request: HttpRequest, code: str, photo_id: int) -> FileResponse:
    p = found_or_404(selectors.photo_get_for_user, user=request.user, code=code, photo_id=photo_id)
    extension = ".png" if p.content_type == "image/png" else ".jpg"
    return file_response(
        stored=p.file,
        filename=f"{code}-anh-{p.pk}{extension}",
        content_type=p.content_type,
        sha256=p.sha256,
        inline=True,
    )


@require_http_methods(["POST"])
@signed_in
def rate(request: HttpRequest, code: str) -> HttpResponse:
    form = f.RateForm(request.POST)
    if form.is_valid():
        try:
            services.feedback_rate(
                actor=request.user, code=code, satisfied=form.cleaned_data["satisfied"]
            )
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Cảm ơn bạn đã đánh giá câu trả lời."))
    return redirect("feedback:public_detail", code=code)


@require_http_methods(["GET", "POST"])
@signed_in
def reopen(request: HttpRequest, code: str) -> HttpResponse:
    fb = found_or_404(selectors.for_submitter, user=request.user, code=code)
    form = f.ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_reopen(
                actor=request.user, code=code, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Phản ánh đã được mở lại và chuyển cho người xử lý."))
            return redirect("feedback:public_list")
    title = _("Mở lại phản ánh")
    return render(request, "feedback/reopen.html", {"fb": fb, "form": form, "title": title})


# --- workspace ---------------------------------------------------------------------------------


@require_safe
@official_required
def ws_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    items = list(selectors.for_official(user=request.user, status=status)[:200])
    today = services.local_date(timezone.now())
    rows = [(fb, services.is_late(fb, today)) for fb in items]
    start = today.replace(month=1, day=1)  # the year so far (Decision 766 items 5.2, 5.3)
    rates = [
        (agency, selectors.agency_rates(agency=agency, start=start, end=today, today=today))
        for agency in selectors.agencies_for_official(user=request.user)
    ]
    ctx = {"rows": rows, "status": status, "statuses": Status.choices, "rates": rates}
    return render(request, "feedback/ws_list.html", ctx)


@require_safe
@official_required
def ws_detail(request: HttpRequest, code: str) -> HttpResponse:
    fb = found_or_404(selectors.get_for_official, user=request.user, code=code)
    late = services.is_late(fb)
    return render(request, "feedback/ws_detail.html", {"fb": fb, "late": late})


def _action(
    request: HttpRequest,
    fb: Feedback,
    form: forms.Form,
    title: str,
    error: str = "",
    original: bool = False,
) -> HttpResponse:
    """`original`: show the submitter's title, content and place read-only beside the form."""
    ctx = {"fb": fb, "form": form, "title": title, "error": error, "original": original}
    return render(request, "feedback/ws_action.html", ctx)


def _done(request: HttpRequest, code: str, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect("feedback:ws_detail", code=code)


@require_http_methods(["GET", "POST"])
@official_required
def ws_classify(request: HttpRequest, code: str) -> HttpResponse:
    fb = found_or_404(selectors.get_for_official, user=request.user, code=code)
    agencies = [(a.code, a.name) for a in Agency.objects.order_by("name")]
    form = f.ClassifyForm(
        request.POST if request.method == "POST" else None,
        agencies=agencies,
        initial={"agency": fb.agency.code},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.feedback_classify(
                actor=request.user,
                code=code,
                kind=d["kind"],
                agency_code=d["agency"],
                reason=d["reason"],
            )
        except DomainError as exc:
            return _action(request, fb, form, _("Phân loại, chuyển xử lý"), exc.message)
        return _done(request, code, _("Đã phân loại phản ánh."))
    return _action(request, fb, form, _("Phân loại, chuyển xử lý"))


@require_http_methods(["GET", "POST"])
@official_required
def ws_refuse(request: HttpRequest, code: str) -> HttpResponse:
    fb = found_or_404(selectors.get_for_official, user=request.user, code=code)
    form = f.ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_refuse(
                actor=request.user, code=code, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            return _action(request, fb, form, _("Không tiếp nhận"), exc.message)
        return _done(request, code, _("Đã từ chối tiếp nhận phản ánh."))
    return _action(request, fb, form, _("Không tiếp nhận"))


@require_http_methods(["GET", "POST"])
@official_required
def ws_assign(request: HttpRequest, code: str) -> HttpResponse:
    fb = found_or_404(selectors.get_for_official, user=request.user, code=code)
    people = selectors.handlers(fb.agency)
    choices = [(str(u.pk), u.full_name or u.username) for u in people]
    form = f.AssignForm(request.POST if request.method == "POST" else None, handlers=choices)
    if request.method == "POST" and form.is_valid():
        handler = User.objects.filter(pk=form.cleaned_data["handler"]).first()
        try:
            services.feedback_assign(actor=request.user, code=code, handler=handler)
        except DomainError as exc:
            return _action(request, fb, form, _("Giao xử lý"), exc.message)
        return _done(request, code, _("Đã giao xử lý."))
    return _action(request, fb, form, _("Giao xử lý"))


@require_http_methods(["GET", "POST"])
@official_required
def ws_answer(request: HttpRequest, code: str) -> HttpResponse:
    fb = found_or_404(selectors.get_for_official, user=request.user, code=code)
    form = f.AnswerForm(
        request.POST if request.method == "POST" else None, initial={"answer": fb.answer}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_answer(
                actor=request.user, code=code, answer=form.cleaned_data["answer"]
            )
        except DomainError as exc:
            return _action(request, fb, form, _("Trả lời"), exc.message)
        return _done(request, code, _("Đã ghi câu trả lời."))
    return _action(request, fb, form, _("Trả lời"))


@require_http_methods(["GET", "POST"])
@official_required
def ws_publish(request: HttpRequest, code: str) -> HttpResponse:
    """The public text starts empty (never the submitter's words, §24.6)."""
    fb = found_or_404(selectors.get_for_official, user=request.user, code=code)
    form: Any = f.PublishForm(request.POST if request.method == "POST" else None)
    title = _("Công khai câu trả lời")
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_publish(actor=request.user, code=code, **form.cleaned_data)
        except DomainError as exc:
            return _action(request, fb, form, title, exc.message, original=True)
        return _done(request, code, _("Câu trả lời đã được công khai."))
    return _action(request, fb, form, title, original=True)
