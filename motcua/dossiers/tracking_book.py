"""The dossier tracking book (Sổ theo dõi hồ sơ: form 06 of Circular 01/2018, form 07 of
Circular 03/2025) for one agency and a period, as PDF (A4 landscape) and XLSX."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from motcua.accounts.models import Agency
from motcua.core.pdf import render_pdf
from motcua.core.spreadsheet import append_text_row
from motcua.dossiers.models import Dossier, StepInstance
from motcua.dossiers.profiles import form_for, profile_for
from motcua.dossiers.slips import LOCAL_TZ, fmt_date, fmt_dt, issuing_unit, local, place_date

BOOK_HEADERS = (
    "STT",
    "Mã hồ sơ",
    "Thủ tục hành chính",
    "Người nộp",
    "Liên hệ",
    "Cơ quan chủ trì giải quyết",
    "Thời gian nhận",
    "Hẹn trả kết quả",
    "Ngày có kết quả",
    "Ngày trả kết quả",
    "Ghi chú",
)


def book_dossiers(agency: Agency, date_from: date, date_to: date) -> list[Dossier]:
    """Dossiers received by `agency` between two local dates (inclusive), in receipt order."""
    start = datetime.combine(date_from, time.min, tzinfo=LOCAL_TZ)
    end = datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=LOCAL_TZ)
    steps = StepInstance.objects.select_related("agency").order_by("activated_at", "id")
    return list(
        Dossier.objects.filter(receiving_agency=agency, received_at__gte=start, received_at__lt=end)
        .select_related("procedure_version")
        .prefetch_related(Prefetch("steps", queryset=steps))
        .order_by("received_at", "code")
    )


def book_row(seq: int, dossier: Dossier) -> dict[str, Any]:
    """One book entry. The lead agency is the agency of the last step (the one that produced the
    result), else the procedure's stated agency, else the receiving agency."""
    steps = list(dossier.steps.all())
    lead = steps[-1].agency.name if steps else ""
    notes = [dossier.get_status_display()]
    if dossier.extended_due_at:
        notes.append(f"Hẹn lại: {fmt_dt(dossier.extended_due_at)}")
    contact = ", ".join(
        v
        for v in (dossier.applicant_phone, dossier.applicant_email, dossier.applicant_address)
        if v
    )
    return {
        "seq": seq,
        "code": dossier.code,
        "procedure": dossier.procedure_version.name,
        "applicant": dossier.applicant_name,
        "contact": contact,
        "lead": lead or dossier.procedure_version.agency_text or dossier.receiving_agency.name,
        "received": dossier.received_at,
        "appointment": dossier.effective_due_at,
        "result": dossier.finished_at,
        "returned": dossier.returned_at,
        "notes": "; ".join(notes),
    }


def tracking_book_rows(agency: Agency, date_from: date, date_to: date) -> list[dict[str, Any]]:
    return [book_row(i, d) for i, d in enumerate(book_dossiers(agency, date_from, date_to), 1)]


def tracking_book_pdf(agency: Agency, date_from: date, date_to: date) -> bytes:
    form = form_for(profile_for(date_to), "tracking_book", date_to)
    rows = tracking_book_rows(agency, date_from, date_to)
    for row in rows:
        for key in ("received", "appointment"):
            row[key] = fmt_dt(row[key])
        for key in ("result", "returned"):
            row[key] = fmt_date(row[key])
    context = {
        "kind": "tracking_book",
        "form": form,
        "unit": issuing_unit(agency, desk=True),
        "place_date": place_date(timezone.localdate()),
        "period": f"Từ ngày {fmt_date(date_from)} đến ngày {fmt_date(date_to)}",
        "rows": rows,
    }
    return render_pdf("slips/tracking_book.html", context, paper=f"{form.paper}-landscape")


def tracking_book_xlsx(agency: Agency, date_from: date, date_to: date) -> bytes:
    """The book as a workbook. Every text (names, addresses, procedure names) is a string cell,
    so an applicant called "=HYPERLINK(...)" is shown, never evaluated."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "Sổ theo dõi hồ sơ"
    append_text_row(ws, ["SỔ THEO DÕI HỒ SƠ"])
    append_text_row(ws, [agency.name])
    append_text_row(ws, [f"Từ ngày {fmt_date(date_from)} đến ngày {fmt_date(date_to)}"])
    ws.append([])
    append_text_row(ws, list(BOOK_HEADERS))
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    ws["A1"].font = Font(bold=True, size=14)
    naive = ("received", "appointment", "result", "returned")
    for row in tracking_book_rows(agency, date_from, date_to):
        for key in naive:  # Excel has no time zones: store Vietnam wall-clock time
            row[key] = local(row[key]).replace(tzinfo=None) if row[key] else None
        append_text_row(ws, list(row.values()))
        for col in (7, 8, 9, 10):
            ws.cell(ws.max_row, col).number_format = "hh:mm dd/mm/yyyy"
    widths = (6, 28, 40, 24, 30, 30, 17, 17, 17, 17, 30)
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
