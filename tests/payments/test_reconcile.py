"""Reconciliation against a settlement file holding each kind of mismatch, the XLSX (texts as
text), the command; refunds of a refused dossier."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from motcua.core.errors import Conflict, PermissionDenied
from motcua.dossiers.services import processing
from motcua.payments import reconcile
from motcua.payments.models import Payment, PaymentStatus, RefundStatus
from motcua.payments.refunds import payment_refund
from motcua.payments.selectors import refunds_due
from motcua.testing.vnpay_sim import settlement_csv
from tests.payments.conftest import PayWorld, at, submit_and_receive
from tests.payments.test_callbacks import result, send, started

DAY = date(2026, 3, 3)  # `send` confirms at 09:00 on 3 March


def paid(pw: PayWorld, code: str | None = None) -> Payment:
    if code is not None:
        pw = PayWorld(pw.w, code)
    payment = started(pw)
    send(result(payment, vnp_TransactionNo=f"9{payment.pk:07d}", vnp_PayDate="20260303090000"))
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    return payment


def row(ref: str, amount: int, no: str = "1") -> dict[str, str]:
    return {
        "vnp_TmnCode": "MOTCUA01",
        "vnp_TransactionNo": no,
        "vnp_TxnRef": ref,
        "vnp_Amount": str(amount * 100),
        "vnp_BankCode": "NCB",
        "vnp_CardType": "ATM",
        "vnp_PayDate": "20260303090000",
        "vnp_TransactionStatus": "00",
    }


@pytest.fixture
def settled(pay_world: PayWorld) -> tuple[list[Payment], str]:
    ok = paid(pay_world)
    short = paid(pay_world, submit_and_receive(pay_world.w))
    missing = paid(pay_world, submit_and_receive(pay_world.w))
    text = settlement_csv(
        [
            row(ok.order_ref, ok.amount),
            row(short.order_ref, short.amount - 1000),
            row('=HYPERLINK("http://x")', 7000),  # a reference we never issued
        ]
    )
    return [ok, short, missing], text


def test_each_kind_of_mismatch_is_listed(settled: tuple[list[Payment], str]) -> None:
    (ok, short, missing), text = settled
    report = reconcile.reconcile(day=DAY, rows=reconcile.parse_settlement(text))
    assert [p.order_ref for p, _ in report.matched] == [ok.order_ref]
    assert [(p.order_ref, r.amount) for p, r in report.amount_mismatch] == [
        (short.order_ref, short.amount - 1000)
    ]
    assert [r.txn_ref for _, r in report.missing_ours] == ['=HYPERLINK("http://x")']
    assert [p.order_ref for p in report.missing_theirs] == [missing.order_ref]


def test_another_agency_sees_only_the_unattributable_row(
    settled: tuple[list[Payment], str], pay_world: PayWorld
) -> None:
    _, text = settled
    report = reconcile.reconcile(
        day=DAY, rows=reconcile.parse_settlement(text), agency=pay_world.w.other_ward
    )
    assert report.counts == {
        "matched": 0,
        "missing_ours": 1,
        "missing_theirs": 0,
        "amount_mismatch": 0,
    }


def test_the_command_writes_an_xlsx_whose_texts_are_never_formulas(
    settled: tuple[list[Payment], str], tmp_path: Path, pay_world: PayWorld
) -> None:
    _, text = settled
    src, out = tmp_path / "s.csv", tmp_path / "r.xlsx"
    src.write_text(text, "utf-8")
    stdout = io.StringIO()
    call_command(
        "payments_reconcile",
        "--date",
        "2026-03-03",
        "--agency",
        pay_world.w.ward.code,
        "--file",
        str(src),
        "--out",
        str(out),
        stdout=stdout,
    )
    assert "matched=1 amount_mismatch=1 missing_ours=1 missing_theirs=1" in stdout.getvalue()
    ws = load_workbook(io.BytesIO(out.read_bytes())).active
    cells = [c for r in ws.iter_rows() for c in r if c.value is not None]
    formula = next(c for c in cells if str(c.value).startswith("=HYPERLINK"))
    assert formula.data_type == "s"
    kinds = {ws.cell(r, 1).value for r in range(6, ws.max_row + 1)}
    assert kinds == {"Khớp", "Lệch số tiền", "Thiếu ở hệ thống", "Thiếu ở cổng thanh toán"}


def test_a_refused_dossier_that_paid_is_due_a_refund_the_clerk_confirms(
    pay_world: PayWorld,
) -> None:
    w = pay_world.w
    payment = paid(pay_world)
    step = pay_world.dossier().steps.get()
    with at(2026, 3, 3, 10, 0):
        processing.step_complete(
            actor=w.u("specialist"),
            code=pay_world.code,
            step_id=step.pk,
            outcome="refuse",
            reasons=["Không đủ điều kiện"],
        )
    assert list(refunds_due(agency_id=w.ward.pk)) == [payment]
    with pytest.raises(PermissionDenied):
        payment_refund(
            actor=w.u("specialist"),
            code=pay_world.code,
            order_ref=payment.order_ref,
            reference="UNC-1",
        )
    with at(2026, 3, 4, 9, 0):
        refund = payment_refund(
            actor=w.u("signer"),
            code=pay_world.code,
            order_ref=payment.order_ref,
            reference="UNC-0001",
        )
    assert refund.status == RefundStatus.DONE
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REFUNDED
    assert list(refunds_due(agency_id=w.ward.pk)) == []
    with pytest.raises(Conflict):
        payment_refund(
            actor=w.u("signer"),
            code=pay_world.code,
            order_ref=payment.order_ref,
            reference="UNC-0002",
        )


def test_an_open_dossier_is_not_due_a_refund(pay_world: PayWorld) -> None:
    payment = paid(pay_world)
    with pytest.raises(Conflict, match="không thuộc diện hoàn phí"):
        payment_refund(
            actor=pay_world.w.u("signer"),
            code=pay_world.code,
            order_ref=payment.order_ref,
            reference="UNC-1",
        )
