"""The workspace home (counts per role and queue) and the queues (`/can-bo/viec/<role>/`)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.accounts.access import official_required
from motcua.accounts.models import Role
from motcua.core.dbrouter import replica_reads
from motcua.core.errors import NotFound
from motcua.dossiers.selectors.due import DUE_FILTERS
from motcua.workspace.selectors import queue_page, workspace_home
from motcua.workspace.templatetags.workspace import DUE_TEXT


@official_required
@replica_reads()  # counts may trail by the replica lag (docs/scale-out.md)
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "workspace/home.html", {"homes": workspace_home(request.user)})


@official_required
def queue(request: HttpRequest, role: str) -> HttpResponse:
    """One list of a role's work, sorted by due time, 50 a page, filtered by `han` (due state)."""
    due = request.GET.get("han") or None
    if due not in (None, *DUE_FILTERS):
        due = None
    try:
        qp = queue_page(
            user=request.user,
            role=role,
            key=request.GET.get("ds"),
            due=due,
            number=request.GET.get("trang"),
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc
    context = {
        "qp": qp,
        "due": due or "",
        "due_choices": [(state, DUE_TEXT[state]) for state in DUE_FILTERS],
        "role_label": Role(role).label,
    }
    return render(request, "workspace/queue.html", context)
