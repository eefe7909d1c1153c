"""The three registers of Decree 30/2020/NĐ-CP Annex IV as tables (docs/documents.md): the
outgoing register (Sổ đăng ký văn bản đi, 10 columns), the incoming register (Sổ đăng ký văn
bản đến, 10 columns) and the follow-up register (Sổ theo dõi giải quyết văn bản đến, 7
columns), and their XLSX (Vietnamese headers, numbers as numbers, texts as text cells, never
formulas: `core.spreadsheet`).

Pure of HTTP: a view checks the caller's role at the agency, then asks for the rows. A column
the model has nothing for (copies, the paper signature of receipt, the reply's number) stays
empty. Dates are written as "dd/mm/yyyy" texts, the way the paper register is kept.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Prefetch

from motcua.accounts.models import Agency
from motcua.core.calendar import LOCAL_TZ
from motcua.core.spreadsheet import append_text_row
from motcua.documents import selectors
from motcua.documents.models import (
    IncomingDocument,
    IncomingStatus,
    Medium,
    OutgoingDocument,
    OutgoingStatus,
)
from motcua.documents.types import BY_CODE

Cell = str | int


@dataclass(frozen=True)
class Register:
    title: str
    columns: tuple[str, ...]
    rows: list[list[Cell]]


OUTGOING_COLUMNS = (
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung văn bản",
    "Người ký",
    "Nơi nhận văn bản",
    "Đơn vị, người nhận bản lưu",
    "Số lượng bản",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
)
INCOMING_COLUMNS = (
    "Ngày đến",
    "Số đến",
    "Tác giả",
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung",
    "Đơn vị hoặc người nhận",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
)
FOLLOWUP_COLUMNS = (
    "Số đến",
    "Văn bản",
    "Đơn vị, người giải quyết",
    "Thời hạn giải quyết",
    "Tiến độ giải quyết",
    "Số, ký hiệu văn bản trả lời",
    "Ghi chú",
)


def _day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(LOCAL_TZ).date()
    return f"{value:%d/%m/%Y}"


def _type_subject(doc_type: str, subject: str) -> str:
    known = BY_CODE.get(doc_type)
    return f"{known.name}: {subject}" if known else subject


def _marks(doc: OutgoingDocument | IncomingDocument) -> list[str]:
    marks = []
    if doc.urgency:
        marks.append(str(doc.get_urgency_display()))
    if doc.secrecy:
        marks.append(str(doc.get_secrecy_display()))
    return marks


def _outgoing_row(doc: OutgoingDocument) -> list[Cell]:
    recipients = "; ".join(r.display_name for r in doc.recipients.all())
    receipts = "; ".join(
        f"{r.agency.short_name or r.agency.name} {_day(r.acknowledged_at or r.received_at)}"
        for r in doc.receipts.all()
    )
    notes = _marks(doc)
    if doc.medium == Medium.PAPER:
        notes.append("Văn bản giấy")
    if doc.status == OutgoingStatus.RECALLED:
        notes.append(f"Đã thu hồi ngày {_day(doc.recalled_at)}: {doc.recall_reason}")
    sent = _day(doc.issued_at) if doc.medium == Medium.ELECTRONIC else ""
    return [
        doc.symbol,
        _day(doc.document_date),
        _type_subject(doc.doc_type, doc.subject),
        doc.signer_name,
        recipients,
        f"VT, {doc.drafting_unit}" if doc.drafting_unit else "VT",
        "",
        sent,
        receipts,
        "; ".join(notes),
    ]


def outgoing(*, agency: Agency, year: int, series: str = "normal") -> Register:
    """The outgoing register of `agency` for `year` and `series`, in number order."""
    docs = selectors.outgoing_register(agency=agency, year=year, series=series).prefetch_related(
        "recipients__agency",
        Prefetch("receipts", IncomingDocument.objects.select_related("agency")),
    )
    title = f"Sổ đăng ký văn bản đi năm {year} — {agency.name}"
    return Register(title, OUTGOING_COLUMNS, [_outgoing_row(d) for d in docs])


def _incoming_docs(agency: Agency, year: int) -> Any:
    return selectors.incoming_register(agency=agency, year=year).select_related(
        "lead_unit", "sender_agency"
    )


def _incoming_row(doc: IncomingDocument) -> list[Cell]:
    notes = _marks(doc)
    if doc.medium == Medium.PAPER:
        notes.append("Văn bản giấy")
    if doc.status == IncomingStatus.RETURNED:
        notes.append(f"Đã trả lại ngày {_day(doc.returned_at)}: {doc.return_reason}")
    acknowledged = f"Đã báo nhận {_day(doc.acknowledged_at)}" if doc.acknowledged_at else ""
    return [
        _day(doc.received_at),
        doc.incoming_number,
        doc.sender_name or (doc.sender_agency.name if doc.sender_agency else ""),
        doc.number_symbol,
        _day(doc.document_date),
        _type_subject(doc.doc_type, doc.subject),
        doc.lead_unit.name if doc.lead_unit else "",
        _day(doc.assigned_at),
        acknowledged,
        "; ".join(notes),
    ]


def incoming(*, agency: Agency, year: int) -> Register:
    """The incoming register of `agency` for `year`, in incoming-number order."""
    title = f"Sổ đăng ký văn bản đến năm {year} — {agency.name}"
    return Register(
        title, INCOMING_COLUMNS, [_incoming_row(d) for d in _incoming_docs(agency, year)]
    )


def _followup_row(doc: IncomingDocument, today: date) -> list[Cell]:
    units = [doc.lead_unit.name] if doc.lead_unit else []
    units += [f"{a.unit.name} (phối hợp)" for a in doc.assignments.all()]
    document = f"{doc.number_symbol} ngày {_day(doc.document_date)}: {doc.subject}"
    late = (
        doc.deadline is not None
        and doc.status in (IncomingStatus.ASSIGNED, IncomingStatus.IN_PROGRESS)
        and doc.deadline < today
    )
    notes = ["Quá hạn"] if late else []
    if doc.status == IncomingStatus.RETURNED:
        notes.append(f"Đã trả lại: {doc.return_reason}")
    return [
        doc.incoming_number,
        document,
        "; ".join(units),
        _day(doc.deadline),
        str(doc.get_status_display()),
        "",
        "; ".join(notes),
    ]


def followup(*, agency: Agency, year: int, today: date) -> Register:
    """The follow-up register: the incoming documents of `agency` in `year` given to a lead
    unit (Art. 22), with their deadline and progress; "Quá hạn" when open past it on `today`."""
    docs = (
        _incoming_docs(agency, year)
        .filter(lead_unit__isnull=False)
        .prefetch_related(Prefetch("assignments__unit"))
    )
    title = f"Sổ theo dõi giải quyết văn bản đến năm {year} — {agency.name}"
    return Register(title, FOLLOWUP_COLUMNS, [_followup_row(d, today) for d in docs])


def xlsx(register: Register) -> bytes:
    """`register` as one XLSX sheet: the title, a blank row, the headers, then the rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "So dang ky"
    append_text_row(ws, [register.title])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([])
    append_text_row(ws, list(register.columns))
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for row in register.rows:
        append_text_row(ws, list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
