"""The outbox deliverer: claims with a lease, retries with back-off, and with a receiver that
keeps the first copy of each key, a message takes effect once even when it is sent twice."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import requests
import time_machine

from motcua.core import outbox
from motcua.core.models import OutboxMessage, OutboxStatus
from motcua.testing.fake_http import FakeReceiver

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
AT = datetime(2026, 3, 2, 9, 0, tzinfo=HCM)
_receiver: FakeReceiver | None = None


def post_to_receiver(message: OutboxMessage) -> None:
    """A transport as a real one is written: the stable key, a timeout, raise on failure."""
    assert _receiver is not None
    answer = requests.post(
        f"{_receiver.url}/messages",
        json=message.payload,
        headers={"Idempotency-Key": outbox.idempotency_key(message)},
        timeout=5,
    )
    answer.raise_for_status()


@pytest.fixture
def receiver(settings: pytest.FixtureRequest) -> Iterator[FakeReceiver]:
    global _receiver
    settings.MOTCUA = {  # type: ignore[attr-defined]
        **settings.MOTCUA,  # type: ignore[attr-defined]
        "OUTBOX_TRANSPORTS": {
            "portal": "motcua.core.outbox.deliver_portal",
            "webhook": f"{__name__}.post_to_receiver",
        },
    }
    with FakeReceiver() as fake:
        _receiver = fake
        yield fake
    _receiver = None


def _message(channel: str, n: int = 1) -> OutboxMessage:
    return OutboxMessage.objects.create(kind="test", channel=channel, payload={"n": n})


@pytest.mark.django_db(transaction=True)
def test_delivers_configured_channels_and_leaves_the_others_pending(
    receiver: FakeReceiver,
) -> None:
    portal, hook, sms = _message("portal"), _message("webhook", 2), _message("sms")
    with time_machine.travel(AT, tick=False):
        assert outbox.deliver_pending() == 2
    for row in (portal, hook):
        row.refresh_from_db()
        assert (row.status, row.attempts, row.sent_at) == (OutboxStatus.SENT, 1, AT)
    sms.refresh_from_db()
    assert (sms.status, sms.attempts) == (OutboxStatus.PENDING, 0)
    assert [r.body for r in receiver.accepted()] == [{"n": 2}]
    assert receiver.accepted()[0].headers["idempotency-key"] == f"motcua-outbox-{hook.pk}"


@pytest.mark.django_db(transaction=True)
def test_a_failure_backs_off_and_the_last_attempt_fails_the_message(
    receiver: FakeReceiver,
) -> None:
    hook = _message("webhook")
    receiver.fail_next(outbox.MAX_ATTEMPTS, status=503)
    at = AT
    for attempt in range(1, outbox.MAX_ATTEMPTS + 1):
        with time_machine.travel(at, tick=False):
            assert outbox.deliver_pending() == 0
            assert outbox.deliver_pending() == 0  # not due again during the back-off
        hook.refresh_from_db()
        assert hook.attempts == attempt
        assert "503" in hook.last_error
        if attempt < outbox.MAX_ATTEMPTS:
            assert hook.status == OutboxStatus.PENDING
            assert hook.next_attempt_at == at + outbox.backoff(attempt)
            at = hook.next_attempt_at
    assert hook.status == OutboxStatus.FAILED
    assert hook.next_attempt_at is None
    assert receiver.accepted() == []


@pytest.mark.django_db(transaction=True)
def test_a_deliverer_killed_after_sending_is_finished_by_the_next_and_takes_effect_once(
    receiver: FakeReceiver,
) -> None:
    hook = _message("webhook")
    with time_machine.travel(AT, tick=False):
        # the first deliverer claims and sends, then dies before marking the row sent
        [claimed] = outbox._claim(["webhook"], AT, 10)
        post_to_receiver(claimed)
        assert outbox.deliver_pending() == 0  # its lease still holds the row
    with time_machine.travel(AT + outbox.LEASE + timedelta(seconds=1), tick=False):
        assert outbox.deliver_pending() == 1
    hook.refresh_from_db()
    assert (hook.status, hook.attempts) == (OutboxStatus.SENT, 2)
    assert len(receiver.requests) == 2
    assert len(receiver.accepted()) == 1


def test_backoff_doubles_up_to_an_hour() -> None:
    assert [outbox.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert outbox.backoff(20) == timedelta(hours=1)
