"""The simulator's four outcomes end to end over real HTTP: our payment URL → the simulator's
pay page (it checks our signature) → a button → its signed IPN to our live server → the 303
back to our return URL with the signed result."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from datetime import datetime
from html import unescape
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
import time_machine

from motcua.dossiers.models import PauseReason
from motcua.payments import vnpay
from motcua.payments.models import CallbackLog, Payment, PaymentStatus
from motcua.payments.services import payment_start
from motcua.testing.vnpay_sim import Simulator
from tests.payments.conftest import HCM, PayWorld

pytestmark = pytest.mark.django_db(transaction=True)
RETURN = "http://testserver/thanh-toan/vnpay/ket-qua/"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _open(url: str, data: bytes | None = None) -> tuple[int, dict[str, str], str]:
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(url, data=data, timeout=60) as resp:
            return resp.status, dict(resp.headers), resp.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read().decode()


def pay_through(pw: PayWorld, sim: Simulator, outcome: str) -> tuple[Payment, dict[str, str]]:
    payment, url = payment_start(
        actor=pw.w.u("citizen"), code=pw.code, return_url=RETURN, ip_addr="127.0.0.1"
    )
    status, _, page = _open(url)
    assert status == 200
    assert "15.000 VND" in page
    q = unescape(re.search(r'name="q" value="([^"]*)"', page).group(1))  # type: ignore[union-attr]
    form = urlencode({"q": q, "outcome": outcome}).encode()
    status, headers, _ = _open(f"{sim.base_url}/paymentv2/decide", form)  # type: ignore[attr-defined]
    assert status == 303
    location = headers["Location"]
    assert location.startswith(RETURN + "?")
    back = dict(parse_qsl(urlsplit(location).query))
    assert vnpay.signature_ok(back, sim.secret)
    payment.refresh_from_db()
    return payment, back


@pytest.fixture
def clock() -> Any:
    with time_machine.travel(datetime(2026, 3, 2, 14, 0, tzinfo=HCM)):
        yield


@pytest.mark.usefixtures("clock")
def test_approve_marks_paid_through_the_ipn(pay_world: PayWorld, vnpay_sim: Simulator) -> None:
    payment, back = pay_through(pay_world, vnpay_sim, "approve")
    assert back["vnp_ResponseCode"] == "00"
    assert payment.status == PaymentStatus.PAID
    assert payment.transaction_no == back["vnp_TransactionNo"]
    assert pay_world.dossier().pause_reason == PauseReason.NONE
    assert [e["answer"]["RspCode"] for e in vnpay_sim.ipn_log] == ["00"]


@pytest.mark.usefixtures("clock")
def test_decline_fails_the_payment(pay_world: PayWorld, vnpay_sim: Simulator) -> None:
    payment, back = pay_through(pay_world, vnpay_sim, "decline")
    assert back["vnp_ResponseCode"] == "24"
    assert payment.status == PaymentStatus.FAILED
    assert pay_world.dossier().pause_reason == PauseReason.PAYMENT


@pytest.mark.usefixtures("clock")
def test_time_out_expires_the_payment(pay_world: PayWorld, vnpay_sim: Simulator) -> None:
    payment, back = pay_through(pay_world, vnpay_sim, "timeout")
    assert back["vnp_ResponseCode"] == "11"
    assert payment.status == PaymentStatus.EXPIRED
    assert pay_world.dossier().pause_reason == PauseReason.PAYMENT


@pytest.mark.usefixtures("clock")
def test_the_ipn_sent_twice_is_applied_once(pay_world: PayWorld, vnpay_sim: Simulator) -> None:
    payment, _ = pay_through(pay_world, vnpay_sim, "approve_twice")
    assert payment.status == PaymentStatus.PAID
    assert [e["answer"]["RspCode"] for e in vnpay_sim.ipn_log] == ["00", "02"]
    assert list(CallbackLog.objects.order_by("id").values_list("applied", flat=True)) == [
        True,
        False,
    ]
    assert Payment.objects.filter(status=PaymentStatus.PAID).count() == 1


@pytest.mark.usefixtures("clock")
def test_the_simulator_refuses_a_url_we_did_not_sign(
    pay_world: PayWorld, vnpay_sim: Simulator
) -> None:
    _payment, url = payment_start(
        actor=pay_world.w.u("citizen"), code=pay_world.code, return_url=RETURN, ip_addr="1.2.3.4"
    )
    tampered = url.replace("vnp_Amount=1500000", "vnp_Amount=100")
    status, _, page = _open(tampered)
    assert status == 400
    assert "Sai chữ ký" in page
