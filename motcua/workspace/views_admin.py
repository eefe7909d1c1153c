"""Agency admin pages (/can-bo/quan-tri/): processes and officials of the admin's agencies.

Thin: `workspace.agency_admin` holds the scope and calls the owning services; a refused write
shows its Vietnamese message and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from motcua.accounts.access import official_required
from motcua.accounts.models import RoleAssignment
from motcua.accounts.services import is_city_admin, role_grant, role_revoke
from motcua.core.errors import DomainError
from motcua.core.http import found_or_404
from motcua.workspace import agency_admin as aa
from motcua.workspace.forms_admin import OfficialCreateForm, ProcessImportForm, RoleGrantForm

View = Callable[..., HttpResponse]


def admin_required(view: View) -> View:
    """An official who administers at least one agency (else 403)."""

    @official_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not aa.is_agency_admin(request.user):
            raise DjangoPermissionDenied("Trang này dành cho quản trị cơ quan.")
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _render(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200):  # type: ignore[no-untyped-def]
    return render(request, template, {"section": "admin", **context}, status=status)


@require_safe
@admin_required
def admin_home(request: HttpRequest) -> HttpResponse:
    agencies = list(aa.admin_agencies(request.user)[:50])
    return _render(request, "workspace/admin_home.html", {"agencies": agencies})


# -- processes ---------------------------------------------------------------------------------


@require_safe
@admin_required
def process_list(request: HttpRequest) -> HttpResponse:
    processes = aa.admin_processes(user=request.user)
    return _render(request, "workspace/admin_processes.html", {"processes": processes})


def _process_action(request: HttpRequest, process: Any) -> HttpResponse:
    action = request.POST.get("action")
    try:
        if action == "new_version":
            created = aa.admin_process_new_version(actor=request.user, process=process)
            messages.success(request, _("Đã tạo dự thảo phiên bản %(v)s.") % {"v": created.version})
            return redirect("workspace:admin_process", pk=created.pk)
        if action == "publish":
            aa.admin_process_publish(actor=request.user, process=process)
            messages.success(request, _("Đã công bố quy trình."))
            return redirect("workspace:admin_process", pk=process.pk)
    except DomainError as exc:
        return _process_page(request, process, error=_explain(exc), status=400)
    return _process_page(request, process, error=_("Thao tác không hợp lệ."), status=400)


def _explain(exc: DomainError) -> str:
    if isinstance(exc.details, list) and exc.details:
        return exc.message + " " + "; ".join(str(p) for p in exc.details)
    return exc.message


def _process_page(
    request: HttpRequest, process: Any, *, error: str = "", status: int = 200
) -> HttpResponse:
    context = {
        "process": process,
        "steps": list(process.steps.select_related("agency").order_by("order")),
        "edges": list(process.transitions.select_related("source", "target")),
        "may_edit": aa.may_edit_process(request.user, process),
        "error": error,
    }
    return _render(request, "workspace/admin_process.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@admin_required
def process_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A process's steps and edges; POST `action` = new_version | publish."""
    process = found_or_404(aa.admin_process_get, user=request.user, pk=pk)
    if request.method == "POST":
        return _process_action(request, process)
    return _process_page(request, process)


@require_http_methods(["GET", "HEAD", "POST"])
@admin_required
def process_import(request: HttpRequest) -> HttpResponse:
    """A new draft (or published version) from the process_export JSON."""
    form = ProcessImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            process = aa.admin_process_import(
                actor=request.user, data=form.cleaned_data["data"],
                publish=form.cleaned_data["publish"],
            )  # fmt: skip
        except DomainError as exc:
            form.add_error(None, _explain(exc))
        else:
            messages.success(request, _("Đã nhập quy trình «%(n)s».") % {"n": process.name})
            return redirect("workspace:admin_process", pk=process.pk)
    status = 400 if form.errors else 200
    return _render(request, "workspace/admin_process_import.html", {"form": form}, status)


# -- officials ---------------------------------------------------------------------------------


@require_safe
@admin_required
def official_list(request: HttpRequest) -> HttpResponse:
    officials = aa.admin_officials(user=request.user)
    return _render(request, "workspace/admin_officials.html", {"officials": officials})


@require_http_methods(["GET", "HEAD", "POST"])
@admin_required
def official_create(request: HttpRequest) -> HttpResponse:
    agencies = list(aa.admin_agencies(request.user))
    form = OfficialCreateForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            home = aa.admin_agency_get(user=request.user, code=data["home_agency"])
            user = aa.admin_official_create(
                actor=request.user, username=data["username"], full_name=data["full_name"],
                home_agency=home, email=data["email"], phone=data["phone"],
                password=data["password"],
            )  # fmt: skip
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã tạo tài khoản %(u)s.") % {"u": user.username})
            return redirect("workspace:admin_official", pk=user.pk)
    status = 400 if form.errors else 200
    return _render(request, "workspace/admin_official_create.html", {"form": form}, status)


def _official_action(request: HttpRequest, official: Any, form: RoleGrantForm) -> str | None:
    """Run the POSTed action; the error message, or None when done."""
    action = request.POST.get("action")
    try:
        if action == "grant":
            if not form.is_valid():
                return _("Hãy chọn vai trò và cơ quan.")
            data = form.cleaned_data
            agency = aa.admin_agency_get(user=request.user, code=data["agency"])
            role_grant(
                user=official, agency=agency, role=data["role"],
                include_descendants=data["include_descendants"], actor=request.user,
            )  # fmt: skip
        elif action == "revoke":
            row = official.role_assignments.filter(pk=request.POST.get("assignment") or 0)
            assignment = row.select_related("agency", "user").first()
            if assignment is None:
                return _("Không tìm thấy vai trò này.")
            role_revoke(assignment=assignment, actor=request.user)
        elif action == "deactivate":
            aa.admin_official_deactivate(actor=request.user, user=official)
        else:
            return _("Thao tác không hợp lệ.")
    except DomainError as exc:
        return exc.message
    return None


@require_http_methods(["GET", "HEAD", "POST"])
@admin_required
def official_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One official: their roles, grant/revoke a role, deactivate."""
    official = found_or_404(aa.admin_official_get, user=request.user, pk=pk)
    agencies = list(aa.admin_agencies(request.user))
    city = is_city_admin(request.user)
    form = RoleGrantForm(request.POST or None, agencies=agencies, city_admin=city)
    error = ""
    if request.method == "POST":
        error = _official_action(request, official, form) or ""
        if not error:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("workspace:admin_official", pk=official.pk)
    roles = RoleAssignment.objects.filter(user=official).select_related("agency")
    context = {"official": official, "roles": roles, "form": form, "error": error}
    return _render(request, "workspace/admin_official.html", context, 400 if error else 200)
