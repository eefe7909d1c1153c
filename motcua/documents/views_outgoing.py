"""Pages that write outgoing documents (/can-bo/van-ban/di/, docs/documents.md): the drafting
form and the steps of the flow — submit to the leader (trình ký), approve (Decree 30/2020/NĐ-CP
Art. 13), number, sign and issue (Art. 15, Art. 18).

Thin, like motcua/documents/views.py: the caller's role at the issuing agency is checked here
(403 otherwise; a document of an agency where the caller holds no document role is a 404), one
service is called and a DomainError shows on the page and changes nothing. Each step is a GET
confirmation page and a POST (PRG), like the actions of motcua/directives.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from motcua.accounts.access import official_required
from motcua.accounts.models import Agency
from motcua.accounts.selectors import agencies_in_scope
from motcua.core.errors import DomainError
from motcua.documents._checks import APPROVE_ROLES, CLERK_ROLES, DRAFT_ROLES
from motcua.documents.forms_outgoing import ConfirmForm, DraftForm
from motcua.documents.models import OutgoingDocument, OutgoingStatus
from motcua.documents.selectors_exchange import active_partners
from motcua.documents.services_outgoing import (
    document_approve,
    document_draft_create,
    document_issue,
    document_submit_review,
)
from motcua.documents.views import _outgoing_doc
from motcua.dossiers.permissions import has_any_role


@dataclass(frozen=True)
class Step:
    """One step of the outgoing flow: who may take it, from which status, and the service."""

    slug: str
    title: Any  # lazy text
    done: Any
    roles: tuple[str, ...]
    status: str
    perform: Callable[..., OutgoingDocument]

    @property
    def url_name(self) -> str:
        return f"documents:outgoing_{self.slug}"


STEPS: dict[str, Step] = {
    s.slug: s
    for s in (
        Step(
            "submit",
            gettext_lazy("Trình duyệt"),
            gettext_lazy("Đã trình văn bản lên lãnh đạo duyệt."),
            DRAFT_ROLES,
            OutgoingStatus.DRAFT,
            document_submit_review,
        ),
        Step(
            "approve",
            gettext_lazy("Duyệt"),
            gettext_lazy("Đã duyệt văn bản; văn thư sẽ cấp số và ban hành."),
            APPROVE_ROLES,
            OutgoingStatus.IN_REVIEW,
            document_approve,
        ),
        Step(
            "issue",
            gettext_lazy("Cấp số, ký số và ban hành"),
            gettext_lazy("Đã cấp số, ký số và ban hành văn bản."),
            CLERK_ROLES,
            OutgoingStatus.APPROVED,
            document_issue,
        ),
    )
}


def _draft_agencies(request: HttpRequest) -> list[Agency]:
    agencies = list(agencies_in_scope(request.user, DRAFT_ROLES).order_by("path"))
    if not agencies:
        raise PermissionDenied(_("Chỉ chuyên viên và lãnh đạo đơn vị mới soạn văn bản đi."))
    return agencies


def _recipient_choices() -> list[tuple[str, str]]:
    """The agencies here, then the partners on other platforms (sent as edXML)."""
    rows = Agency.objects.filter(is_active=True).order_by("path").values_list("code", "name")
    outside = _("%(name)s (hệ thống khác, gửi liên thông)")
    return [(code, name) for code, name in rows] + [
        (p.organ_id, outside % {"name": p.name}) for p in active_partners()
    ]


@require_http_methods(["GET", "HEAD", "POST"])
@official_required
def outgoing_new(request: HttpRequest) -> HttpResponse:
    """The drafting form; POST creates the draft and goes to its page."""
    agencies = _draft_agencies(request)
    by_pk = {str(a.pk): a for a in agencies}
    form = DraftForm(
        request.POST if request.method == "POST" else None,
        initial={"agency": str(agencies[0].pk)},
        agencies=[(pk, a.name) for pk, a in by_pk.items()],
        recipients=_recipient_choices(),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                doc = document_draft_create(
                    actor=request.user,
                    agency=by_pk[form.cleaned_data["agency"]],
                    data=form.document_data(),
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = exc.status
            else:
                messages.success(request, _("Đã lưu dự thảo văn bản."))
                return redirect("documents:outgoing_detail", doc_id=doc.pk)
        else:
            status = 400
    return render(request, "documents/outgoing_new.html", {"form": form}, status=status)


def _allowed(request: HttpRequest, doc: OutgoingDocument) -> list[Step]:
    """The steps the caller may take on `doc` now (its status and their role at its agency)."""
    return [
        s
        for s in STEPS.values()
        if doc.status == s.status and has_any_role(request.user, s.roles, doc.agency)
    ]


@require_safe
@official_required
def outgoing_actions(request: HttpRequest, doc_id: int) -> HttpResponse:
    """The steps of the flow open to the caller on this document."""
    doc = _outgoing_doc(request, doc_id)
    ctx = {"doc": doc, "steps": _allowed(request, doc)}
    return render(request, "documents/outgoing_actions.html", ctx)


@require_http_methods(["GET", "HEAD", "POST"])
@official_required
def outgoing_step(request: HttpRequest, doc_id: int, step: str) -> HttpResponse:
    """GET: the confirmation page of `step`; POST: the service, then the document's page."""
    doc = _outgoing_doc(request, doc_id)
    chosen = STEPS[step]
    if not has_any_role(request.user, chosen.roles, doc.agency):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này với văn bản."))
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            chosen.perform(actor=request.user, document=doc)
        except DomainError as exc:
            form.add_error(None, exc.message)
            status = exc.status
        else:
            messages.success(request, str(chosen.done))
            return redirect("documents:outgoing_detail", doc_id=doc.pk)
    ctx = {"doc": doc, "step": chosen, "form": form}
    return render(request, "documents/outgoing_step.html", ctx, status=status)
