"""Daily reconciliation per agency: the provider's settlement file against our payments
(docs/payments.md). Four lists: matched, missing on our side (the gateway settled money we do
not hold as paid), missing on theirs (we hold as paid what the gateway did not settle), and
amount mismatches. The XLSX writes every text as a text cell: a reference or a name starting
with "=" is shown, never evaluated."""

from __future__ import annotations

import csv
import io
import urllib.request
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.utils import timezone

from motcua.accounts.models import Agency
from motcua.core.spreadsheet import append_text_row
from motcua.payments import vnpay
from motcua.payments.models import Payment, PaymentStatus


@dataclass(frozen=True)
class SettlementRow:
    txn_ref: str
    transaction_no: str
    amount: int
    bank_code: str
    pay_date: str  # as the file has it (GMT+7 yyyyMMddHHmmss)


@dataclass
class Report:
    day: date
    agency: str
    matched: list[tuple[Payment, SettlementRow]] = field(default_factory=list)
    missing_ours: list[tuple[Payment | None, SettlementRow]] = field(default_factory=list)
    missing_theirs: list[Payment] = field(default_factory=list)
    amount_mismatch: list[tuple[Payment, SettlementRow]] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "matched": len(self.matched),
            "missing_ours": len(self.missing_ours),
            "missing_theirs": len(self.missing_theirs),
            "amount_mismatch": len(self.amount_mismatch),
        }


def parse_settlement(text: str) -> list[SettlementRow]:
    """The simulator's (and VNPAY's report's) columns: vnp_TxnRef, vnp_TransactionNo,
    Amount_VND, vnp_BankCode, vnp_PayDate; only rows with vnp_TransactionStatus 00."""
    rows = []
    for n, rec in enumerate(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))), start=2):
        if rec.get("vnp_TransactionStatus", "00") != "00":
            continue
        amount = (rec.get("Amount_VND") or "").strip()
        if not amount.isdigit():
            raise ValueError(f"dòng {n}: số tiền không hợp lệ {amount!r}")
        rows.append(
            SettlementRow(
                txn_ref=(rec.get("vnp_TxnRef") or "").strip(),
                transaction_no=(rec.get("vnp_TransactionNo") or "").strip(),
                amount=int(amount),
                bank_code=(rec.get("vnp_BankCode") or "").strip(),
                pay_date=(rec.get("vnp_PayDate") or "").strip(),
            )
        )
    return rows


def fetch_settlement(day: date) -> str:
    """The day's settlement file from the provider (a signed GET)."""
    params = {"vnp_TmnCode": settings.MOTCUA_VNPAY_TMN_CODE, "date": day.strftime("%Y%m%d")}
    query = urlencode(
        {**params, "vnp_SecureHash": vnpay.sign(params, settings.MOTCUA_VNPAY_HASH_SECRET)}
    )
    url = f"{settings.MOTCUA_VNPAY_SETTLEMENT_URL}?{query}"
    with urllib.request.urlopen(url, timeout=60) as resp:  # noqa: S310 (configured URL)
        return resp.read().decode("utf-8")


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


def reconcile(*, day: date, rows: list[SettlementRow], agency: Agency | None = None) -> Report:
    """Match the settlement rows against our payments paid that (Vietnam) day. A row whose
    reference is a payment of another agency belongs to that agency's report; a row whose
    reference we do not know at all is in every report (it cannot be attributed)."""
    start, end = _day_bounds(day)
    ours = Payment.objects.filter(
        status__in=(PaymentStatus.PAID, PaymentStatus.REFUNDED), paid_at__gte=start, paid_at__lt=end
    ).select_related("dossier")
    if agency is not None:
        ours = ours.filter(dossier__receiving_agency=agency)
    by_ref = {p.order_ref: p for p in ours}
    known = {
        p.order_ref: p
        for p in Payment.objects.filter(order_ref__in=[r.txn_ref for r in rows]).select_related(
            "dossier"
        )
    }
    report = Report(day=day, agency=agency.code if agency else "")
    seen: set[str] = set()
    for row in rows:
        other = known.get(row.txn_ref)
        if (
            agency is not None
            and other is not None
            and other.dossier.receiving_agency_id != agency.pk
        ):
            continue
        payment = by_ref.get(row.txn_ref)
        if payment is None:
            report.missing_ours.append((other, row))
            continue
        seen.add(row.txn_ref)
        target = report.matched if payment.amount == row.amount else report.amount_mismatch
        target.append((payment, row))
    report.missing_theirs = [p for ref, p in by_ref.items() if ref not in seen]
    return report


HEADERS = (
    "Kết quả",
    "Mã giao dịch (TxnRef)",
    "Mã hồ sơ",
    "Số tiền của hệ thống (đồng)",
    "Số tiền trong file đối soát (đồng)",
    "Mã giao dịch VNPAY",
    "Ngân hàng",
    "Trạng thái của hệ thống",
)


def _lines(report: Report) -> list[list[Any]]:
    out: list[list[Any]] = []
    for p, r in report.matched:
        out.append(
            [
                "Khớp",
                p.order_ref,
                p.dossier.code,
                p.amount,
                r.amount,
                r.transaction_no,
                r.bank_code,
                p.status,
            ]
        )
    for p, r in report.amount_mismatch:
        out.append(
            [
                "Lệch số tiền",
                p.order_ref,
                p.dossier.code,
                p.amount,
                r.amount,
                r.transaction_no,
                r.bank_code,
                p.status,
            ]
        )
    for maybe, r in report.missing_ours:
        code = maybe.dossier.code if maybe else ""
        status = maybe.status if maybe else "không có"
        out.append(
            [
                "Thiếu ở hệ thống",
                r.txn_ref,
                code,
                maybe.amount if maybe else None,
                r.amount,
                r.transaction_no,
                r.bank_code,
                status,
            ]
        )
    for p in report.missing_theirs:
        out.append(
            [
                "Thiếu ở cổng thanh toán",
                p.order_ref,
                p.dossier.code,
                p.amount,
                None,
                p.transaction_no,
                p.bank_code,
                p.status,
            ]
        )
    return out


def report_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Đối soát"
    append_text_row(ws, [f"ĐỐI SOÁT THANH TOÁN NGÀY {report.day:%d/%m/%Y}"])
    append_text_row(ws, [f"Cơ quan: {report.agency or 'tất cả'}"])
    counts = report.counts
    append_text_row(
        ws,
        [
            f"Khớp: {counts['matched']}; lệch số tiền: {counts['amount_mismatch']}; thiếu ở hệ "
            f"thống: {counts['missing_ours']}; thiếu ở cổng: {counts['missing_theirs']}"
        ],
    )
    ws.append([])
    append_text_row(ws, list(HEADERS))
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for line in _lines(report):
        append_text_row(ws, line)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
