"""Pages of assigned tasks in the officials' workspace (/can-bo/giao-viec/, docs/directives.md).

Thin: parse, call one selector or service, render or redirect (PRG). Every page is for a
signed-in official past the second factor; a task outside the official's agencies is a 404.
Each action is a confirmation form that posts the task version (a stale one gets the 409 page);
a DomainError shows on the form and changes nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from motcua.accounts.access import official_required
from motcua.accounts.models import Agency, User
from motcua.core.downloads import file_response
from motcua.core.errors import Conflict, DomainError
from motcua.core.http import found_or_404, query_id
from motcua.directives import forms as f
from motcua.directives import selectors, services
from motcua.directives.models import Task

LIST_LIMIT = 200


def _period(request: HttpRequest) -> tuple[f.PeriodForm, date | None, date | None]:
    form = f.PeriodForm(request.GET)
    if not form.is_valid():
        return f.PeriodForm(), None, None
    return form, form.cleaned_data["start"], form.cleaned_data["end"]


def _filters(request: HttpRequest) -> tuple[f.ListFilterForm, selectors.Filters]:
    form = f.ListFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    _period_form, start, end = _period(request)
    bucket = request.GET.get("bucket", "")
    filters = selectors.Filters(
        status=data.get("status", ""),
        overdue=bool(data.get("overdue")),
        bucket=bucket if bucket in (*selectors.BUCKETS, "assigned") else "",
        agency_id=query_id(request.GET.get("agency")),
        direction=data.get("direction", ""),
        start=start,
        end=end,
    )
    return form, filters


@require_safe
@official_required
def task_list(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    tasks = list(selectors.task_list(user=request.user, filters=filters)[:LIST_LIMIT])
    agency = Agency.objects.filter(pk=filters.agency_id).first() if filters.agency_id else None
    may_assign = selectors.assigning_agencies(request.user).exists()
    ctx = {
        "form": form,
        "tasks": tasks,
        "today": services.today(),
        "filters": filters,
        "agency": agency,
        "may_assign": may_assign,
    }
    return render(request, "directives/list.html", ctx)


@require_safe
@official_required
def dashboard(request: HttpRequest) -> HttpResponse:
    period, start, end = _period(request)
    rows = selectors.completion_by_agency(user=request.user, start=start, end=end)
    base: dict[str, str] = {
        k: v.isoformat() for k, v in (("start", start), ("end", end)) if v is not None
    }
    links = [
        (row, {b: urlencode({**base, "agency": str(row.agency.pk), "bucket": b}) for b in _BUCKETS})
        for row in rows
    ]
    ctx = {"period": period, "links": links, "today": services.today()}
    return render(request, "directives/dashboard.html", ctx)


_BUCKETS = (*selectors.BUCKETS, "assigned")


@require_safe
@official_required
def task_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    task = found_or_404(selectors.task_get, user=request.user, task_id=task_id)
    acts = selectors.actions_for(request.user, task)
    form = f.ReportForm(initial={"version": task.version, "percent": task.percent})
    ctx = {"task": task, "acts": acts, "form": form, "today": services.today()}
    return render(request, "directives/detail.html", ctx)


@require_safe
@official_required  # type: ignore[arg-type]  # a FileResponse streams
def report_file(request: HttpRequest, task_id: int, file_id: int) -> FileResponse:
    found = found_or_404(
        selectors.report_file_get, user=request.user, task_id=task_id, file_id=file_id
    )
    return file_response(
        stored=found.file,
        filename=found.original_name,
        content_type=found.content_type,
        sha256=found.sha256,
    )


# --- assigning -----------------------------------------------------------------------------


def _assign_form(request: HttpRequest) -> f.AssignForm:
    leads = selectors.assigning_agencies(request.user)
    agencies = selectors.assignee_choices(request.user)
    officials = selectors.officials_of(agencies)
    return f.AssignForm(
        request.POST if request.method == "POST" else None,
        leads=[(str(a.pk), a.name) for a in leads],
        agencies=[(str(a.pk), a.name) for a in agencies],
        officials=[(str(u.pk), u.full_name or u.username) for u in officials],
    )


def _assign_data(d: dict[str, Any]) -> services.AssignData:
    agencies = Agency.objects.in_bulk(
        [int(d["assigning_agency"]), int(d["assignee_agency"])]
        + [int(pk) for pk in d["coordinating_agencies"]]
    )
    official = d["assignee_official"]
    return services.AssignData(
        assigning_agency=agencies[int(d["assigning_agency"])],
        source_kind=d["source_kind"],
        source_reference=d["source_reference"],
        source_document_id=d["source_document_id"],
        title=d["title"],
        description=d["description"],
        assignee_agency=agencies[int(d["assignee_agency"])],
        assignee_official=User.objects.filter(pk=int(official)).first() if official else None,
        coordinating_agencies=tuple(agencies[int(pk)] for pk in d["coordinating_agencies"]),
        working_days=d["working_days"],
    )


@require_http_methods(["GET", "HEAD", "POST"])
@official_required
def assign(request: HttpRequest) -> HttpResponse:
    if not selectors.assigning_agencies(request.user).exists():
        raise PermissionDenied(_("Chỉ lãnh đạo cơ quan mới giao nhiệm vụ."))
    form = _assign_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            task = services.task_assign(actor=request.user, data=_assign_data(form.cleaned_data))
        except DomainError as exc:
            form.add_error(None, exc.message)
            return render(request, "directives/assign.html", {"form": form}, status=exc.status)
        messages.success(
            request, _("Đã giao nhiệm vụ, hạn %(d)s.") % {"d": f"{task.deadline:%d/%m/%Y}"}
        )
        return redirect("directives:detail", task_id=task.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "directives/assign.html", {"form": form}, status=status)


# --- actions on a task -----------------------------------------------------------------------


def _stale(request: HttpRequest, task: Task) -> HttpResponse:
    message = _("Nhiệm vụ vừa được người khác cập nhật; không có gì thay đổi. Tải lại để xem.")
    ctx = {"task": task, "message": message}
    return render(request, "directives/conflict.html", ctx, status=409)


def _action_page(
    request: HttpRequest, task: Task, form: forms.Form, title: str, status: int = 200
) -> HttpResponse:
    ctx = {"task": task, "form": form, "title": title}
    return render(request, "directives/action.html", ctx, status=status)


def _act(
    request: HttpRequest,
    task: Task,
    form: forms.Form,
    title: str,
    perform: Any,
    done: str,
) -> HttpResponse:
    """GET shows `form`; POST runs `perform(cleaned_data, version)` and redirects (PRG)."""
    if request.method != "POST":
        return _action_page(request, task, form, title)
    if not form.is_valid():
        return _action_page(request, task, form, title, status=400)
    try:
        perform(form.cleaned_data)
    except Conflict as exc:
        if exc.code == "stale":
            return _stale(request, task)
        form.add_error(None, exc.message)
        return _action_page(request, task, form, title, status=exc.status)
    except DomainError as exc:
        form.add_error(None, exc.message)
        return _action_page(request, task, form, title, status=exc.status)
    messages.success(request, done)
    return redirect("directives:detail", task_id=task.pk)


def _bound(request: HttpRequest, cls: type[forms.Form], task: Task) -> Any:
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    return cls(data, files, initial={"version": task.version, "percent": task.percent})


@require_http_methods(["GET", "HEAD", "POST"])
@official_required
def report(request: HttpRequest, task_id: int) -> HttpResponse:
    task = found_or_404(selectors.task_get, user=request.user, task_id=task_id)

    def perform(d: dict[str, Any]) -> None:
        services.task_report_progress(
            actor=request.user,
            task_id=task.pk,
            text=d["text"],
            percent=d["percent"],
            files=d["attachments"],
            expected_version=d["version"],
        )

    form = _bound(request, f.ReportForm, task)
    return _act(request, task, form, _("Báo cáo tiến độ"), perform, _("Đã ghi báo cáo tiến độ."))


@require_http_methods(["GET", "HEAD", "POST"])
@official_required
def complete(request: HttpRequest, task_id: int) -> HttpResponse:
    task = found_or_404(selectors.task_get, user=request.user, task_id=task_id)

    def perform(d: dict[str, Any]) -> None:
        services.task_complete(
            actor=request.user, task_id=task.pk, note=d["note"], expected_version=d["version"]
        )

    form = _bound(request, f.CompleteForm, task)
    title, done = _("Xác nhận hoàn thành"), _("Nhiệm vụ đã hoàn thành.")
    return _act(request, task, form, title, perform, done)


@require_http_methods(["GET", "HEAD", "POST"])
@official_required
def extend(request: HttpRequest, task_id: int) -> HttpResponse:
    task = found_or_404(selectors.task_get, user=request.user, task_id=task_id)

    def perform(d: dict[str, Any]) -> None:
        services.task_extend(
            actor=request.user,
            task_id=task.pk,
            new_deadline=d["new_deadline"],
            reason=d["reason"],
            expected_version=d["version"],
        )

    form = _bound(request, f.ExtendForm, task)
    title, done = _("Gia hạn nhiệm vụ"), _("Đã gia hạn nhiệm vụ.")
    return _act(request, task, form, title, perform, done)


@require_http_methods(["GET", "HEAD", "POST"])
@official_required
def cancel(request: HttpRequest, task_id: int) -> HttpResponse:
    task = found_or_404(selectors.task_get, user=request.user, task_id=task_id)

    def perform(d: dict[str, Any]) -> None:
        services.task_cancel(
            actor=request.user, task_id=task.pk, reason=d["reason"], expected_version=d["version"]
        )

    form = _bound(request, f.CancelForm, task)
    return _act(request, task, form, _("Hủy nhiệm vụ"), perform, _("Đã hủy nhiệm vụ."))
