"""Every bad callback changes nothing and is logged; a good IPN marks paid once; a return-URL
visit never marks paid. IPNs are sent to the real endpoint through the test client."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from motcua.core.models import AuditEvent, OutboxMessage
from motcua.dossiers.models import PauseReason
from motcua.payments import vnpay
from motcua.payments.models import CallbackLog, Payment, PaymentStatus
from motcua.payments.services import payment_start
from motcua.testing.auth import sign_in
from motcua.testing.vnpay_sim import DEMO_SECRET, DEMO_TMN_CODE
from tests.payments.conftest import PayWorld, at

IPN = "/api/v1/payments/vnpay/ipn"


def started(pw: PayWorld) -> Payment:
    with at(2026, 3, 2, 11, 0):
        payment, _url = payment_start(
            actor=pw.w.u("citizen"),
            code=pw.code,
            return_url="http://testserver/thanh-toan/vnpay/ket-qua/",
            ip_addr="127.0.0.1",
        )
    return payment


def result(payment: Payment, **overrides: str) -> dict[str, str]:
    params = {
        "vnp_Amount": str(payment.amount * 100),
        "vnp_BankCode": "NCB",
        "vnp_BankTranNo": "VNP14000001",
        "vnp_CardType": "ATM",
        "vnp_OrderInfo": "Nop phi",
        "vnp_PayDate": "20260302113000",
        "vnp_ResponseCode": "00",
        "vnp_TmnCode": DEMO_TMN_CODE,
        "vnp_TransactionNo": "14000001",
        "vnp_TransactionStatus": "00",
        "vnp_TxnRef": payment.order_ref,
    }
    params.update(overrides)
    return {**params, "vnp_SecureHash": vnpay.sign(params, DEMO_SECRET)}


def send(params: dict[str, str]) -> dict[str, str]:
    with at(2026, 3, 3, 9, 0):
        response = Client().get(IPN, params)
    assert response.status_code == 200
    return response.json()


def snapshot(pw: PayWorld) -> tuple[Any, ...]:
    d = pw.dossier()
    payments = tuple(
        Payment.objects.values_list("order_ref", "status", "transaction_no", "paid_at")
    )
    return (
        d.version,
        d.pause_reason,
        d.due_at,
        payments,
        AuditEvent.objects.count(),
        OutboxMessage.objects.filter(kind="dossier.paid").count(),
    )


def test_a_valid_ipn_marks_paid_and_resumes_the_clock(pay_world: PayWorld) -> None:
    payment = started(pay_world)
    assert pay_world.dossier().pause_reason == PauseReason.PAYMENT
    assert send(result(payment)) == {"RspCode": "00", "Message": "Confirm Success"}
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    assert payment.transaction_no == "14000001"
    assert pay_world.dossier().pause_reason == PauseReason.NONE
    log = CallbackLog.objects.get()
    assert (log.verified, log.applied, log.rsp_code, log.reason) == (True, True, "00", "applied")
    assert OutboxMessage.objects.filter(kind="dossier.paid", subject_id=pay_world.code).count() == 1


def _tampered_amount(p: Payment) -> dict[str, str]:
    params = result(p)
    params["vnp_Amount"] = str(p.amount * 10)  # changed after signing
    return params


def _forged(p: Payment) -> dict[str, str]:
    params = result(p)
    del params["vnp_SecureHash"]
    return {**params, "vnp_SecureHash": vnpay.sign(params, "not-our-secret")}


def _wrong_currency(p: Payment) -> dict[str, str]:
    return result(p, vnp_CurrCode="USD")


BAD = [
    ("forged signature", _forged, "97", "bad_signature"),
    ("tampered amount", _tampered_amount, "97", "bad_signature"),
    (
        "no signature",
        lambda p: {k: v for k, v in result(p).items() if k != "vnp_SecureHash"},
        "97",
        "bad_signature",
    ),
    ("wrong TmnCode", lambda p: result(p, vnp_TmnCode="OTHER001"), "99", "wrong_tmn_code"),
    ("unknown TxnRef", lambda p: result(p, vnp_TxnRef="MC0000000000000000"), "01", "unknown_order"),
    (
        "amount mismatch (signed)",
        lambda p: result(p, vnp_Amount=str(p.amount * 100 - 100)),
        "04",
        "amount_mismatch",
    ),
    (
        "amount not whole đồng",
        lambda p: result(p, vnp_Amount=str(p.amount * 100 + 1)),
        "04",
        "amount_mismatch",
    ),
    ("currency wrong", _wrong_currency, "99", "wrong_currency"),
]


@pytest.mark.parametrize(("label", "make", "rsp", "reason"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_ipn_changes_nothing_and_is_logged(
    pay_world: PayWorld, label: str, make: Any, rsp: str, reason: str
) -> None:
    payment = started(pay_world)
    before = snapshot(pay_world)
    answer = send(make(payment))
    assert answer == {"RspCode": rsp, "Message": vnpay.RSP[rsp]}
    assert snapshot(pay_world) == before
    log = CallbackLog.objects.get()
    assert (log.rsp_code, log.reason, log.applied) == (rsp, reason, False)
    assert log.params["vnp_TxnRef"]


def test_the_same_ipn_twice_is_harmless(pay_world: PayWorld) -> None:
    payment = started(pay_world)
    params = result(payment)
    assert send(params)["RspCode"] == "00"
    before = snapshot(pay_world)
    assert send(params) == {"RspCode": "02", "Message": "Order already confirmed"}
    assert snapshot(pay_world) == before
    assert list(CallbackLog.objects.order_by("id").values_list("rsp_code", "applied")) == [
        ("00", True),
        ("02", False),
    ]


def test_a_replayed_decline_after_payment_changes_nothing(pay_world: PayWorld) -> None:
    payment = started(pay_world)
    send(result(payment))
    before = snapshot(pay_world)
    assert (
        send(result(payment, vnp_ResponseCode="24", vnp_TransactionStatus="02"))["RspCode"] == "02"
    )
    assert snapshot(pay_world) == before


def test_a_declined_ipn_fails_the_payment_and_the_clock_stays_paused(pay_world: PayWorld) -> None:
    payment = started(pay_world)
    assert (
        send(result(payment, vnp_ResponseCode="24", vnp_TransactionStatus="02"))["RspCode"] == "00"
    )
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.FAILED
    assert pay_world.dossier().pause_reason == PauseReason.PAYMENT


def test_a_return_visit_without_ipn_never_marks_paid(pay_world: PayWorld) -> None:
    payment = started(pay_world)
    client = sign_in(Client(), pay_world.w.u("citizen"))
    with at(2026, 3, 2, 11, 5):
        page = client.get("/thanh-toan/vnpay/ket-qua/", result(payment))
    assert page.status_code == 200
    assert "Chờ thanh toán" in page.content.decode()
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
    assert pay_world.dossier().pause_reason == PauseReason.PAYMENT
    log = CallbackLog.objects.get()
    assert (log.kind, log.verified, log.applied, log.reason) == (
        "return",
        True,
        False,
        "shown_only",
    )


def test_an_ipn_while_payments_are_not_configured_answers_99(
    pay_world: PayWorld, settings: Any
) -> None:
    payment = started(pay_world)
    settings.MOTCUA_VNPAY_HASH_SECRET = ""
    assert send(result(payment))["RspCode"] == "99"
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
    assert CallbackLog.objects.get().reason == "error"
