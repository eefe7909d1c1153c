"""E-mail over a real SMTP server stopped mid-run: deliveries fail and back off, nothing is
lost, and once the server returns every message arrives exactly once (counted by Message-ID)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from motcua.core import outbox
from motcua.core.models import OutboxMessage, OutboxStatus
from motcua.notifications.fanout import Addressee, notice_create
from motcua.notifications.transports import deliver_email, message_id
from tests.notifications.smtp import SmtpServer

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
AT = datetime(2026, 3, 2, 9, 0, tzinfo=HCM)
_stop_after: tuple[SmtpServer, int] | None = None


def deliver_then_maybe_stop(message: OutboxMessage) -> None:
    """The real e-mail transport; the server goes down once it has taken `n` messages, in the
    middle of a delivery round."""
    deliver_email(message)
    if _stop_after is not None:
        server, n = _stop_after
        if len(server.mailbox.messages) == n:
            server.stop()


@pytest.fixture
def smtp(settings: Any) -> Iterator[SmtpServer]:
    server = SmtpServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = False, 5
    settings.DEFAULT_FROM_EMAIL = "Một Cửa <no-reply@motcua.test>"
    settings.MOTCUA = {
        **settings.MOTCUA,
        "OUTBOX_TRANSPORTS": {"email": "motcua.notifications.transports.deliver_email"},
    }
    server.start()
    yield server
    server.stop()


def _queue(n: int) -> list[OutboxMessage]:
    for i in range(n):
        to = Addressee(code=f"C-{i}", user_id=None, email=f"a{i}@example.vn")
        notice_create(to, kind="dossier.received", payload={"due_at": "2026-03-05T10:00:00+00:00"})
    return list(OutboxMessage.objects.filter(channel="email").order_by("pk"))


@pytest.fixture
def stopping(smtp: SmtpServer, settings: Any) -> Iterator[SmtpServer]:
    global _stop_after
    settings.MOTCUA = {
        **settings.MOTCUA,
        "OUTBOX_TRANSPORTS": {"email": f"{__name__}.deliver_then_maybe_stop"},
    }
    _stop_after = (smtp, 2)
    yield smtp
    _stop_after = None


def test_smtp_down_mid_run_loses_nothing_and_sends_nothing_twice(stopping: SmtpServer) -> None:
    smtp = stopping
    with time_machine.travel(AT, tick=True) as clock:
        rows = _queue(6)
        # one round: the server takes two messages and goes down; four attempts fail
        assert outbox.deliver_pending() == 2
        waiting = OutboxMessage.objects.filter(status=OutboxStatus.PENDING, channel="email")
        assert waiting.count() == 4
        assert all(m.attempts == 1 and "Connection" in m.last_error for m in waiting)
        assert outbox.deliver_pending() == 0  # within the back-off nothing is tried
        assert set(waiting.values_list("attempts", flat=True)) == {1}
        clock.shift(timedelta(seconds=31))
        assert outbox.deliver_pending() == 0  # still down: the second back-off is a minute
        assert set(waiting.values_list("attempts", flat=True)) == {2}
        smtp.start()
        clock.shift(timedelta(seconds=30))
        assert outbox.deliver_pending() == 0  # back up, but the back-off still runs
        clock.shift(timedelta(seconds=31))
        assert outbox.deliver_pending() == 4
        assert outbox.deliver_pending() == 0
    emails = OutboxMessage.objects.filter(channel="email")
    assert set(emails.values_list("status", flat=True)) == {OutboxStatus.SENT}
    received = Counter(smtp.mailbox.message_ids())
    assert received == Counter(message_id(m) for m in rows)  # each row once, none missing
    assert set(received.values()) == {1}


def test_the_message_as_the_server_received_it(smtp: SmtpServer) -> None:
    with time_machine.travel(AT, tick=True):
        (row,) = _queue(1)
        assert outbox.deliver_pending() == 1
    ((to, message),) = smtp.mailbox.messages
    assert to == ["a0@example.vn"]
    assert message["Message-ID"] == f"<motcua-outbox-{row.pk}@motcua.test>"
    assert str(message["Subject"]) != ""
    body = message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")
    assert "Hồ sơ C-0 đã được tiếp nhận. Ngày hẹn trả kết quả: 05/03/2026 17:00." in body


def test_a_permanently_refused_recipient_fails_at_once(smtp: SmtpServer) -> None:
    class Refusing:
        async def handle_RCPT(
            self, server: Any, session: Any, envelope: Any, address: str, options: Any
        ) -> str:
            return "550 No such user"

    smtp.stop()
    smtp.mailbox = Refusing()  # type: ignore[assignment]
    smtp.start()
    with time_machine.travel(AT, tick=True):
        (row,) = _queue(1)
        assert outbox.deliver_pending() == 0
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboxStatus.FAILED, 1)
    assert "550" in row.last_error
