"""Pages of official documents in the officials' workspace (/can-bo/van-ban/, docs/documents.md).

Thin: parse, check the caller's role at the agency, call one selector, register or service,
render or redirect (PRG). Every page is for a signed-in official past the second factor. A
document of an agency where the caller holds no document role is a 404 (never a 403 that says
it exists); a register asked for such an agency is a 404 too. The issued PDF leaves only
through `core.downloads`, after the same check. A DomainError shows on the page and changes
nothing (the services check the role again).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from motcua.accounts.access import official_required
from motcua.accounts.models import Agency, Role
from motcua.accounts.selectors import agencies_in_scope
from motcua.core.calendar import LOCAL_TZ
from motcua.core.downloads import file_response
from motcua.core.errors import DomainError
from motcua.documents import forms as f
from motcua.documents import registers, selectors
from motcua.documents._checks import (
    APPROVE_ROLES,
    ASSIGN_ROLES,
    CLERK_ROLES,
    DRAFT_ROLES,
    HANDLE_ROLES,
)
from motcua.documents.models import IncomingDocument, OutgoingDocument, Series
from motcua.documents.selectors_exchange import partner_deliveries
from motcua.documents.services_incoming import (
    OPEN,
    incoming_assign,
    incoming_receive,
    recipient_mark_read,
)
from motcua.dossiers.permissions import has_any_role

# who keeps or reads the registers (Annex IV: the clerk keeps them; leaders follow them up)
REGISTER_ROLES = (Role.CLERK, Role.SIGNER, Role.UNIT_HEAD)
# who may open an outgoing document of their agency
OUTGOING_ROLES = (*DRAFT_ROLES, *APPROVE_ROLES, *CLERK_ROLES)
# who may open an incoming document at the receiving agency
INCOMING_ROLES = (*CLERK_ROLES, *ASSIGN_ROLES, *HANDLE_ROLES)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _today() -> Any:
    return timezone.now().astimezone(LOCAL_TZ).date()


def _agency(request: HttpRequest, roles: Iterable[str]) -> tuple[Agency, list[Agency]]:
    """The agency the page is for (`?agency=`, else the first where the caller holds `roles`)
    and the choices; no such agency: 403; an agency outside them: 404."""
    agencies = list(agencies_in_scope(request.user, roles).order_by("path"))
    if not agencies:
        raise PermissionDenied(_("Trang này dành cho văn thư và lãnh đạo cơ quan."))
    wanted = request.GET.get("agency") or request.POST.get("agency") or ""
    if not wanted:
        return agencies[0], agencies
    for agency in agencies:
        if str(agency.pk) == wanted:
            return agency, agencies
    raise Http404(_("Không tìm thấy cơ quan."))


def _register_filters(
    request: HttpRequest, form_class: type[f.RegisterFilterForm]
) -> tuple[f.RegisterFilterForm, Agency, int, dict[str, Any]]:
    agency, agencies = _agency(request, REGISTER_ROLES)
    form = form_class(request.GET or None, agencies=[(str(a.pk), a.name) for a in agencies])
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    year = data.get("year") or _today().year
    if not form.is_bound:
        form = form_class(
            initial={"agency": str(agency.pk), "year": year},
            agencies=[(str(a.pk), a.name) for a in agencies],
        )
    return form, agency, year, data


def _xlsx(register: registers.Register, name: str) -> HttpResponse:
    response = HttpResponse(registers.xlsx(register), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _register_page(
    request: HttpRequest, register: registers.Register, form: Any, xlsx_url: str
) -> HttpResponse:
    query = request.GET.urlencode()
    ctx = {
        "register": register,
        "form": form,
        "xlsx_url": f"{xlsx_url}?{query}" if query else xlsx_url,
    }
    return render(request, "documents/register.html", ctx)


def _outgoing(request: HttpRequest) -> tuple[registers.Register, Any]:
    form, agency, year, data = _register_filters(request, f.OutgoingFilterForm)
    series = data.get("series") or Series.NORMAL
    return registers.outgoing(agency=agency, year=year, series=series), form


@require_safe
@official_required
def outgoing_register(request: HttpRequest) -> HttpResponse:
    register, form = _outgoing(request)
    return _register_page(request, register, form, reverse("documents:outgoing_register_xlsx"))


@require_safe
@official_required
def outgoing_register_xlsx(request: HttpRequest) -> HttpResponse:
    register, _form = _outgoing(request)
    return _xlsx(register, "so-van-ban-di.xlsx")


def _incoming(request: HttpRequest) -> tuple[registers.Register, Any]:
    form, agency, year, _data = _register_filters(request, f.RegisterFilterForm)
    return registers.incoming(agency=agency, year=year), form


@require_safe
@official_required
def incoming_register(request: HttpRequest) -> HttpResponse:
    register, form = _incoming(request)
    return _register_page(request, register, form, reverse("documents:incoming_register_xlsx"))


@require_safe
@official_required
def incoming_register_xlsx(request: HttpRequest) -> HttpResponse:
    register, _form = _incoming(request)
    return _xlsx(register, "so-van-ban-den.xlsx")


def _followup(request: HttpRequest) -> tuple[registers.Register, Any]:
    form, agency, year, _data = _register_filters(request, f.RegisterFilterForm)
    return registers.followup(agency=agency, year=year, today=_today()), form


@require_safe
@official_required
def followup_register(request: HttpRequest) -> HttpResponse:
    register, form = _followup(request)
    return _register_page(request, register, form, reverse("documents:followup_register_xlsx"))


@require_safe
@official_required
def followup_register_xlsx(request: HttpRequest) -> HttpResponse:
    register, _form = _followup(request)
    return _xlsx(register, "so-theo-doi-van-ban-den.xlsx")


# --- outgoing documents ----------------------------------------------------------------------


def _outgoing_doc(request: HttpRequest, doc_id: int) -> OutgoingDocument:
    """An outgoing document of an agency where the caller holds a document role, else 404."""
    doc = (
        OutgoingDocument.objects.select_related("agency", "signer")
        .filter(pk=doc_id, agency__in=agencies_in_scope(request.user, OUTGOING_ROLES))
        .first()
    )
    if doc is None:
        raise Http404(_("Không tìm thấy văn bản."))
    return doc


@require_safe
@official_required
def outgoing_detail(request: HttpRequest, doc_id: int) -> HttpResponse:
    doc = _outgoing_doc(request, doc_id)
    ctx = {
        "doc": doc,
        "recipients": doc.recipients.select_related("agency"),
        "receipts": selectors.receipts_of(document=doc).select_related("lead_unit"),
        "partners": partner_deliveries(document=doc),
    }
    return render(request, "documents/outgoing_detail.html", ctx)


@require_safe
@official_required  # type: ignore[arg-type]  # a FileResponse streams
def outgoing_pdf(request: HttpRequest, doc_id: int) -> FileResponse:
    doc = _outgoing_doc(request, doc_id)
    if not doc.pdf:
        raise Http404(_("Văn bản chưa có tệp ban hành."))
    name = f"{doc.symbol or 'van-ban'}.pdf".replace("/", "-")
    return file_response(
        stored=doc.pdf, filename=name, content_type="application/pdf", sha256=doc.pdf_sha256
    )


# --- incoming documents ----------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@official_required
def incoming_pending(request: HttpRequest) -> HttpResponse:
    """The documents addressed to the clerk's agency and not yet received; POST receives one."""
    agency, agencies = _agency(request, CLERK_ROLES)
    pending = selectors.incoming_pending(agency=agency).select_related("agency")
    error, status = "", 200
    if request.method == "POST":
        form = f.ReceiveForm(request.POST)
        source = pending.filter(pk=form.cleaned_data["source"]).first() if form.is_valid() else None
        if source is None:
            raise Http404(_("Không tìm thấy văn bản chờ tiếp nhận."))
        try:
            received = incoming_receive(actor=request.user, agency=agency, source=source)
        except DomainError as exc:
            error, status = exc.message, exc.status
        else:
            messages.success(
                request,
                _("Đã tiếp nhận văn bản %(s)s, số đến %(n)s.")
                % {"s": received.number_symbol, "n": received.incoming_number},
            )
            return redirect("documents:incoming_detail", doc_id=received.pk)
    ctx = {"agency": agency, "agencies": agencies, "pending": list(pending), "error": error}
    return render(request, "documents/pending.html", ctx, status=status)


@require_safe
@official_required  # type: ignore[arg-type]  # a FileResponse streams
def pending_pdf(request: HttpRequest, doc_id: int) -> FileResponse:
    """A document awaiting receipt, read by the clerk before receiving it: the read receipt."""
    agency, _agencies = _agency(request, CLERK_ROLES)
    source = selectors.incoming_pending(agency=agency).filter(pk=doc_id).first()
    if source is None or not source.pdf:
        raise Http404(_("Không tìm thấy văn bản chờ tiếp nhận."))
    name = f"{source.symbol}.pdf".replace("/", "-")
    response = file_response(
        stored=source.pdf, filename=name, content_type="application/pdf", sha256=source.pdf_sha256
    )  # opened first: a file gone is a 404 and no read receipt
    recipient_mark_read(actor=request.user, agency=agency, source=source)
    return response


def _incoming_doc(request: HttpRequest, doc_id: int) -> IncomingDocument:
    """An incoming document of the caller's agency, or one whose lead or coordinating unit the
    caller works in; else 404."""
    user = request.user
    at_agency = Q(agency__in=agencies_in_scope(user, INCOMING_ROLES))
    handling = agencies_in_scope(user, HANDLE_ROLES)
    as_unit = Q(lead_unit__in=handling) | Q(assignments__unit__in=handling)
    doc = (
        IncomingDocument.objects.select_related("agency", "lead_unit", "source")
        .filter(at_agency | as_unit, pk=doc_id)
        .first()
    )
    if doc is None:
        raise Http404(_("Không tìm thấy văn bản."))
    return doc


def _assign_form(request: HttpRequest, doc: IncomingDocument) -> f.AssignForm:
    units = Agency.objects.filter(path__startswith=doc.agency.path, is_active=True).order_by("path")
    initial = {
        "lead_unit": str(doc.lead_unit_id or ""),
        "coordinating_units": [str(a.unit_id) for a in doc.assignments.all()],
        "deadline": doc.deadline,
    }
    return f.AssignForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        units=[(str(u.pk), u.name) for u in units],
    )


@require_http_methods(["GET", "HEAD", "POST"])
@official_required
def incoming_detail(request: HttpRequest, doc_id: int) -> HttpResponse:
    doc = _incoming_doc(request, doc_id)
    may_assign = doc.status in OPEN and has_any_role(request.user, ASSIGN_ROLES, doc.agency)
    form = _assign_form(request, doc) if may_assign else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("Chỉ lãnh đạo cơ quan, đơn vị mới phân công văn bản đến."))
        if form.is_valid():
            d = form.cleaned_data
            units = Agency.objects.in_bulk(
                [int(d["lead_unit"]), *map(int, d["coordinating_units"])]
            )
            try:
                incoming_assign(
                    actor=request.user,
                    document=doc,
                    lead_unit=units[int(d["lead_unit"])],
                    coordinating_units=[units[int(pk)] for pk in d["coordinating_units"]],
                    deadline=d["deadline"],
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = exc.status
            else:
                messages.success(request, _("Đã phân công giải quyết văn bản."))
                return redirect("documents:incoming_detail", doc_id=doc.pk)
        else:
            status = 400
    ctx = {
        "doc": doc,
        "assignments": doc.assignments.select_related("unit"),
        "form": form,
        "has_pdf": bool(doc.pdf or (doc.source_id and doc.source and doc.source.pdf)),
    }
    return render(request, "documents/incoming_detail.html", ctx, status=status)


@require_safe
@official_required  # type: ignore[arg-type]  # a FileResponse streams
def incoming_pdf(request: HttpRequest, doc_id: int) -> FileResponse:
    """The received file: the edXML copy, or the sender's stored copy verified on receipt."""
    doc = _incoming_doc(request, doc_id)
    stored = doc.pdf if doc.pdf else (doc.source.pdf if doc.source else None)
    if not stored:
        raise Http404(_("Văn bản không có tệp điện tử."))
    name = f"{doc.number_symbol or 'van-ban-den'}.pdf".replace("/", "-")
    return file_response(
        stored=stored, filename=name, content_type="application/pdf", sha256=doc.pdf_sha256
    )
