"""The official slips of a dossier (forms of Circulars 01/2018 and 03/2025/TT-VPCP, docs/rules.md
§7–§9) and the tracking book, as PDF (and XLSX).

Each slip kind has a context builder; `render_slip` picks the form (number, title, circular,
paper) from the dossier's regulation profile on its receipt date (or submission date when it was
never received), renders the template under `slips/` and returns unsigned PDF bytes. Storing and
signing is `services.slips.slip_generate`.

Assumptions:
- Times are printed in Asia/Ho_Chi_Minh as "hh:mm dd/mm/yyyy"; the place-and-date line follows
  Decree 30/2020 (day below 10 and months 1–2 zero-padded).
- The receiving officer printed on a slip is the actor of the matching audit event
  (`dossier.received`, `dossier.refused`, `dossier.withdrawn`); the line is left blank if none.
- The control sheet is printed on A4 (one row per hand-over does not fit A5 legibly); the
  other slips use the paper of their form (A5).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, overload
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.http import urlencode

from motcua.accounts.models import Agency, AgencyKind
from motcua.catalog.models import CopyType, TimeUnit
from motcua.core.errors import DomainError
from motcua.core.models import AuditEvent
from motcua.core.pdf import render_pdf
from motcua.core.qr import qr_svg_data_uri
from motcua.dossiers.models import (
    Apology,
    ApplicantKind,
    AttachmentPurpose,
    Dossier,
    DossierStatus,
    StepInstance,
    StepStatus,
    SupplementRequest,
    Timing,
)
from motcua.dossiers.profiles import FORMS_TT03, FormSpec, form_for, get_profile, profile_for

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DEFAULT_PLACE = "TP. Hồ Chí Minh"
DESK_NAME = "Bộ phận Một cửa"
SLIP_KINDS = ("receipt", "supplement", "refusal", "apology", "stop_notice", "control_sheet")
# Symbol after the dossier code in "Số: <code>/<symbol>" (local practice, cf. "/HDHS").
NUMBER_SYMBOLS = {
    "receipt": "TN",
    "supplement": "HDBS",
    "refusal": "TC",
    "apology": "XL",
    "stop_notice": "DGQ",
}
PAPER_OVERRIDES = {"control_sheet": "A4"}


@dataclass(frozen=True)
class RenderedSlip:
    kind: str
    form: FormSpec
    pdf: bytes


# --- formatting -------------------------------------------------------------------------------


@overload
def local(dt: datetime) -> datetime: ...
@overload
def local(dt: None) -> None: ...
def local(dt: datetime | None) -> datetime | None:
    return dt.astimezone(LOCAL_TZ) if dt else None


def fmt_dt(dt: datetime | None) -> str:
    """ "hh:mm dd/mm/yyyy" in Vietnam time; empty for None."""
    return f"{local(dt):%H:%M %d/%m/%Y}" if dt else ""


def fmt_date(value: datetime | date | None) -> str:
    if value is None:
        return ""
    day = local(value) if isinstance(value, datetime) else value
    return f"{day:%d/%m/%Y}"


def place_date(day: date) -> str:
    """ "TP. Hồ Chí Minh, ngày 05 tháng 02 năm 2026" (Decree 30/2020, Annex I)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    place = getattr(settings, "MOTCUA", {}).get("SLIP_PLACE", DEFAULT_PLACE)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def person(user: Any) -> str:
    if user is None:
        return ""
    return user.full_name or user.get_full_name() or user.username


def time_limit(version: Any) -> str:
    if version.time_limit_text:
        return version.time_limit_text
    value = Decimal(version.time_limit_value).normalize()
    return f"{value:f} {TimeUnit(version.time_limit_unit).label}"


def tracking_url(code: str, pin: str = "") -> str:
    """The public tracking page of `code`; with `pin` (receipt slip's QR) it opens with details."""
    url = f"{settings.MOTCUA['PUBLIC_BASE_URL'].rstrip('/')}/tra-cuu/{code}/"
    return f"{url}?{urlencode({'pin': pin})}" if pin else url


# --- shared pieces ------------------------------------------------------------------------------


def issuing_unit(agency: Agency, *, desk: bool) -> dict[str, str]:
    """Header lines: parent body over the issuing unit (Decree 30/2020 Art. 8). A one-stop
    centre or a division prints under its parent; an agency's own desk prints under the agency."""
    if agency.kind in (AgencyKind.SERVICE_CENTRE, AgencyKind.DIVISION) and agency.parent:
        parent, name, label = agency.parent.name, agency.name, agency.name
    elif desk:
        parent, name, label = agency.name, DESK_NAME, f"{DESK_NAME} {agency.name}"
    else:
        parent = agency.parent.name if agency.parent else ""
        name = label = agency.name
    return {"parent": parent.upper(), "name": name.upper(), "label": label}


def form_date(dossier: Dossier) -> date:
    at = dossier.received_at or dossier.submitted_at or timezone.now()
    return local(at).date()


def slip_form(dossier: Dossier, kind: str) -> FormSpec:
    day = form_date(dossier)
    profile = get_profile(dossier.profile_code) if dossier.profile_code else profile_for(day)
    return form_for(profile, kind, day)


def last_event(dossier: Dossier, kind: str) -> AuditEvent | None:
    return (
        AuditEvent.objects.filter(stream_type="dossier", stream_id=dossier.code, kind=kind)
        .select_related("actor")
        .order_by("-seq")
        .first()
    )


def event_actor(dossier: Dossier, kind: str) -> str:
    event = last_event(dossier, kind)
    return (person(event.actor) or event.actor_label) if event else ""


def addressee(dossier: Dossier) -> str:
    return "Quý tổ chức" if dossier.applicant_kind == ApplicantKind.ORGANISATION else "Ông/Bà"


def base_context(dossier: Dossier, kind: str, form: FormSpec, day: date) -> dict[str, Any]:
    symbol = NUMBER_SYMBOLS.get(kind)
    return {
        "kind": kind,
        "form": form,
        "unit": issuing_unit(dossier.receiving_agency, desk=True),
        "number": f"{dossier.code}/{symbol}" if symbol else "",
        "place_date": place_date(day),
        "dossier": dossier,
        "code": dossier.code,
        "procedure": dossier.procedure_version.name,
        "addressee": addressee(dossier),
        "received": fmt_dt(dossier.received_at or dossier.submitted_at),
        "received_date": fmt_date(dossier.received_at or dossier.submitted_at),
        "appointment": fmt_dt(dossier.due_at),
        "qr": qr_svg_data_uri(tracking_url(dossier.code)),
        "tracking_url": tracking_url(dossier.code),
        "agency": dossier.receiving_agency,
    }


# --- per-kind context ---------------------------------------------------------------------------


def submitted_documents(dossier: Dossier) -> list[dict[str, Any]]:
    """Rows of the receipt table: each required document with the files attached to it, then
    files not tied to a component. With no file at all (paper at the counter) the required
    components of the procedure are listed, as the officer checked them on paper."""
    files = [a for a in dossier.attachments.all() if a.purpose == AttachmentPurpose.COMPONENT]
    by_doc: dict[int | None, list[Any]] = defaultdict(list)
    for attachment in files:
        by_doc[attachment.required_document_id].append(attachment)
    rows = []
    for doc in dossier.procedure_version.documents.all():
        attached = by_doc.pop(doc.pk, [])
        if attached or (not files and doc.is_required):
            rows.append(
                {
                    "name": doc.name,
                    "copy_type": CopyType(doc.copy_type).label,
                    "quantity": doc.quantity,
                    "files": [a.original_name for a in attached],
                }
            )
    for attached in by_doc.values():
        rows.extend(
            {"name": a.original_name, "copy_type": "Bản điện tử", "quantity": 1, "files": []}
            for a in attached
        )
    return rows


def receipt_context(dossier: Dossier) -> tuple[dict[str, Any], date]:
    """The receipt carries the tracking PIN, printed and inside its QR link."""
    deemed = dossier.deemed_received_at
    return {
        "pin": dossier.tracking_pin,
        "qr": qr_svg_data_uri(tracking_url(dossier.code, dossier.tracking_pin)),
        "documents": submitted_documents(dossier),
        "time_limit": time_limit(dossier.procedure_version),
        "deemed_received": fmt_dt(deemed) if deemed and deemed != dossier.received_at else "",
        "officer": event_actor(dossier, "dossier.received"),
        "channel": dossier.get_channel_display(),
    }, local(dossier.received_at or dossier.submitted_at or timezone.now()).date()


def supplement_context(dossier: Dossier) -> tuple[dict[str, Any], date]:
    request = (
        SupplementRequest.objects.filter(dossier=dossier)
        .select_related("requested_by", "agency")
        .order_by("-requested_at", "-id")
        .first()
    )
    if request is None:
        raise DomainError("Hồ sơ chưa có yêu cầu bổ sung.", code="no_supplement_request")
    officer = request.requested_by
    return {
        "request": request,
        "items": request.items,
        "legal_basis": request.legal_basis or dossier.procedure_version.legal_basis,
        "officer": person(officer),
        "officer_phone": officer.phone or request.agency.phone,
        "stage": request.get_stage_display().lower(),
    }, local(request.requested_at).date()


def refusal_context(dossier: Dossier) -> tuple[dict[str, Any], date]:
    reasons = []
    for reason in dossier.refusal_reasons or []:
        if isinstance(reason, dict):
            reason = ": ".join(str(v) for v in (reason.get("name"), reason.get("reason")) if v)
        reasons.append(str(reason))
    return {
        "reasons": reasons,
        "officer": event_actor(dossier, "dossier.refused"),
    }, local(dossier.finished_at or timezone.now()).date()


def apology_context(dossier: Dossier) -> tuple[dict[str, Any], date]:
    apology = (
        Apology.objects.filter(dossier=dossier)
        .select_related("issued_by__home_agency__parent")
        .order_by("-issued_at", "-id")
        .first()
    )
    if apology is None:
        raise DomainError("Hồ sơ chưa có văn bản xin lỗi.", code="no_apology")
    agency = apology.issued_by.home_agency or dossier.receiving_agency
    form = slip_form(dossier, "apology")
    return {
        "extension": form.title == FORMS_TT03["apology"].title,
        "apology": apology,
        "unit": issuing_unit(agency, desk=False),
        "agency_name": agency.name,
        "old_due": fmt_dt(apology.old_due_at),
        "new_due": fmt_dt(apology.new_due_at),
        "signer": person(apology.issued_by),
    }, local(apology.issued_at).date()


def stop_notice_context(dossier: Dossier) -> tuple[dict[str, Any], date]:
    event = last_event(dossier, "dossier.withdrawn")
    stopped_at = dossier.finished_at or (event.occurred_at if event else timezone.now())
    last_step = (
        StepInstance.objects.filter(dossier=dossier)
        .select_related("step", "agency")
        .order_by("-activated_at", "-id")
        .first()
    )
    stage = f"{last_step.step.name} ({last_step.agency.name})" if last_step else ""
    return {
        "stopped_at": fmt_dt(stopped_at),
        "reason": (event.payload.get("reason", "") if event else ""),
        "stage": stage or "Đã tiếp nhận, chưa chuyển xử lý",
        "fee_total": f"{dossier.fee_total:,}".replace(",", "."),
        "officer": (person(event.actor) or event.actor_label) if event else "",
    }, local(stopped_at).date()


def control_rows(dossier: Dossier) -> list[dict[str, str]]:
    steps = StepInstance.objects.filter(dossier=dossier).select_related(
        "step", "agency", "handed_by", "assignee", "completed_by"
    )
    rows: list[dict[str, str]] = []
    for si in steps.order_by("activated_at", "id"):
        if si.timing:
            result = str(Timing(si.timing).label)
        else:
            result = "Đang xử lý" if si.status == StepStatus.ACTIVE else ""
        notes = [si.note] if si.note else []
        if si.status in (StepStatus.RETURNED, StepStatus.CANCELLED):
            notes.append(si.get_status_display())
        if si.outcome == "refuse":  # who refused and when stay on the sheet
            refused = f"{person(si.completed_by)}, {fmt_dt(si.completed_at)}"
            notes.append(f"Từ chối giải quyết: {refused}")
        rows.append(
            {
                "agency": si.agency.name,
                "step": si.step.name,
                "handed_at": fmt_dt(si.activated_at),
                "completed_at": fmt_dt(si.completed_at),
                "giver": person(si.handed_by),
                "receiver": person(si.assignee or si.completed_by),
                "result": result,
                "notes": "; ".join(notes),
            }
        )
    return rows


def control_sheet_context(dossier: Dossier) -> tuple[dict[str, Any], date]:
    return {
        "rows": control_rows(dossier),
        "extended_due": fmt_dt(dossier.extended_due_at),
    }, form_date(dossier)


BUILDERS: dict[str, Callable[[Dossier], tuple[dict[str, Any], date]]] = {
    "receipt": receipt_context,
    "supplement": supplement_context,
    "refusal": refusal_context,
    "apology": apology_context,
    "stop_notice": stop_notice_context,
    "control_sheet": control_sheet_context,
}


def slip_context(dossier: Dossier, kind: str) -> tuple[dict[str, Any], FormSpec, str]:
    """Template context, form and paper of one slip."""
    if kind not in BUILDERS:
        raise DomainError(f"Loại phiếu không hợp lệ: {kind}.", code="unknown_slip_kind")
    form = slip_form(dossier, kind)
    specific, day = BUILDERS[kind](dossier)
    context = {**base_context(dossier, kind, form, day), **specific}
    return context, form, PAPER_OVERRIDES.get(kind, form.paper)


def slip_applies(dossier: Dossier, kind: str) -> bool:
    """Whether the dossier has reached the point where this slip is issued. The supplement and
    apology slips also need their rows; `render_slip` refuses them otherwise."""
    if kind not in BUILDERS:
        return False
    if kind == "refusal":
        return dossier.status == DossierStatus.REJECTED
    if kind == "stop_notice":
        return dossier.status == DossierStatus.WITHDRAWN
    if kind == "apology":
        return Apology.objects.filter(dossier=dossier).exists()
    if kind == "supplement":
        return SupplementRequest.objects.filter(dossier=dossier).exists()
    return dossier.received_at is not None  # receipt, control sheet


def render_slip(dossier: Dossier, kind: str) -> RenderedSlip:
    context, form, paper = slip_context(dossier, kind)
    pdf = render_pdf(f"slips/{kind}.html", context, paper=paper)
    return RenderedSlip(kind=kind, form=form, pdf=pdf)
