"""Calendar overrides of the admin's agencies (/can-bo/quan-tri/lich/): list, add, delete.
Every change goes through `core.services` (audited, cache dropped on commit)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua.core.errors import DomainError
from motcua.workspace import agency_admin as aa
from motcua.workspace.forms_admin import OverrideForm
from motcua.workspace.views_admin import admin_required


def _change(request: HttpRequest, form: OverrideForm) -> str | None:
    """Run the POSTed add or delete; the error message, or None when done."""
    try:
        if request.POST.get("action") == "delete":
            pk = request.POST.get("override", "")
            aa.admin_override_delete(actor=request.user, pk=int(pk) if pk.isdigit() else 0)
            return None
        if not form.is_valid():
            return _("Hãy sửa các lỗi bên dưới.")
        data = form.cleaned_data
        agency = aa.admin_agency_get(user=request.user, code=data["agency"])
        aa.admin_override_set(
            actor=request.user, agency=agency, date=data["date"], kind=data["kind"],
            note=data["note"], source=data["source"],
        )  # fmt: skip
    except DomainError as exc:
        return exc.message
    return None


@require_http_methods(["GET", "HEAD", "POST"])
@admin_required
def calendar_list(request: HttpRequest) -> HttpResponse:
    agencies = list(aa.admin_agencies(request.user))
    form = OverrideForm(request.POST or None, agencies=agencies)
    error = ""
    if request.method == "POST":
        error = _change(request, form) or ""
        if not error:
            messages.success(request, _("Đã lưu lịch làm việc."))
            return redirect("workspace:admin_calendar")
    context = {
        "overrides": aa.admin_overrides(user=request.user),
        "form": form,
        "error": error,
        "section": "admin",
    }
    return render(request, "workspace/admin_calendar.html", context, status=400 if error else 200)
