"""The inspector's read-only search (/can-bo/giam-sat/): dossiers of the inspector's scope by
code, applicant, procedure, status, due state, receipt dates and agency, a page at a time."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from motcua.accounts.access import official_required
from motcua.dossiers.selectors.due import dossier_due_state
from motcua.dossiers.selectors.search import dossier_search, inspector_agencies
from motcua.workspace.forms_inspect import PAGE_SIZE, InspectForm


@require_safe
@official_required
def inspect_search(request: HttpRequest) -> HttpResponse:
    agencies = list(inspector_agencies(request.user))
    if not agencies:
        raise PermissionDenied("Trang này dành cho cán bộ thanh tra, giám sát.")
    form = InspectForm(request.GET, agencies=agencies)
    if not form.is_valid():
        context = {"form": form, "rows": [], "count": 0, "section": "inspect"}
        return render(request, "workspace/inspect_search.html", context, status=400)
    page = form.page_number()
    count, dossiers = dossier_search(
        user=request.user, query=form.query(), limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    params = request.GET.copy()
    params.pop("page", None)
    last = max(1, -(-count // PAGE_SIZE))
    context = {
        "form": form,
        "rows": [(d, dossier_due_state(d)) for d in dossiers],
        "count": count,
        "page": page,
        "last": last,
        "base_query": params.urlencode(),
        "section": "inspect",
    }
    return render(request, "workspace/inspect_search.html", context)
