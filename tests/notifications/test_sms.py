"""SMS over real HTTP to the local gateway: delivered once per row, a 500 and a timeout retried
with back-off, a refused message failed at once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from motcua.core import outbox
from motcua.core.models import OutboxMessage, OutboxStatus
from motcua.notifications.fanout import Addressee, notice_create
from motcua.notifications.sms import international
from motcua.testing.fake_sms import FakeSmsGateway

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
AT = datetime(2026, 3, 2, 9, 0, tzinfo=HCM)


@pytest.fixture
def gateway(settings: Any) -> Iterator[FakeSmsGateway]:
    with FakeSmsGateway() as fake:
        settings.MOTCUA = {
            **settings.MOTCUA,
            "OUTBOX_TRANSPORTS": {"sms": "motcua.notifications.transports.deliver_sms"},
            "NOTIFICATIONS": {
                **settings.MOTCUA["NOTIFICATIONS"],
                "SMS": {
                    "URL": f"{fake.url}/v1/sms",
                    "TOKEN": fake.token,
                    "SENDER": "MOTCUA",
                    "TIMEOUT": 0.5,
                },
            },
        }
        yield fake


def _queue(phone: str = "0901234567", code: str = "C-1") -> OutboxMessage:
    to = Addressee(code=code, user_id=None, phone=phone)
    notice_create(to, kind="dossier.result_ready", payload={})
    return OutboxMessage.objects.get(channel="sms", subject_id=code)


def _sms_status(row: OutboxMessage) -> tuple[str, int]:
    row.refresh_from_db()
    return row.status, row.attempts


def test_an_sms_is_posted_with_its_key_and_sent_once(
    gateway: FakeSmsGateway, settings: Any
) -> None:
    with time_machine.travel(AT, tick=True):
        row = _queue()
        assert outbox.deliver_pending() == 1
        assert outbox.deliver_pending() == 0
    (request,) = gateway.requests
    assert request.path == "/v1/sms"
    assert request.headers["idempotency-key"] == f"motcua-outbox-{row.pk}"
    assert request.body["sender"] == "MOTCUA"
    base = settings.MOTCUA["PUBLIC_BASE_URL"]
    assert gateway.texts() == [
        ("84901234567", f"Ho so C-1 da co ket qua. Xem tai: {base}/tra-cuu/C-1/")
    ]
    assert _sms_status(row) == (OutboxStatus.SENT, 1)


def test_a_500_is_retried_after_the_back_off(gateway: FakeSmsGateway) -> None:
    gateway.fail_next(1, 500)
    with time_machine.travel(AT, tick=True) as clock:
        row = _queue()
        assert outbox.deliver_pending() == 0
        assert _sms_status(row) == (OutboxStatus.PENDING, 1)
        assert row.last_error == "SmsUnavailable: HTTP 500"
        clock.shift(timedelta(seconds=31))
        assert outbox.deliver_pending() == 1
    assert _sms_status(row) == (OutboxStatus.SENT, 2)
    assert len(gateway.requests) == 2
    assert len(gateway.accepted()) == 1


def test_a_timeout_is_retried_and_the_gateway_keeps_one_copy(gateway: FakeSmsGateway) -> None:
    gateway.delay = 1.0  # longer than the 0.5 s timeout: the gateway took it, we never knew
    with time_machine.travel(AT, tick=True) as clock:
        row = _queue()
        assert outbox.deliver_pending() == 0
        assert _sms_status(row) == (OutboxStatus.PENDING, 1)
        assert "Timeout" in row.last_error
        gateway.delay = 0
        clock.shift(timedelta(seconds=31))
        assert outbox.deliver_pending() == 1
    assert _sms_status(row) == (OutboxStatus.SENT, 2)
    keys = {r.headers["idempotency-key"] for r in gateway.requests}
    assert (len(gateway.requests), keys) == (2, {f"motcua-outbox-{row.pk}"})
    assert len(gateway.accepted()) == 1  # the repeat is recognised: one SMS reaches the phone


def test_a_refused_number_fails_at_once(gateway: FakeSmsGateway) -> None:
    with time_machine.travel(AT, tick=True):
        row = _queue(phone="không có số")
        assert outbox.deliver_pending() == 0
    assert _sms_status(row) == (OutboxStatus.FAILED, 1)
    assert row.last_error.startswith("Undeliverable: HTTP 422")


def test_a_wrong_token_is_retried_not_lost(gateway: FakeSmsGateway) -> None:
    gateway.token = "rotated"
    with time_machine.travel(AT, tick=True):
        row = _queue()
        assert outbox.deliver_pending() == 0
    assert _sms_status(row) == (OutboxStatus.PENDING, 1)
    assert row.last_error == "SmsUnavailable: HTTP 401"


def test_international_numbers() -> None:
    assert international("0901234567") == "84901234567"
    assert international("+84 90 123 4567") == "84901234567"
    assert international("84901234567") == "84901234567"
