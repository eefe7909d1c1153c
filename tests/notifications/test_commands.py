"""`motcua outbox_status` and `motcua outbox_retry --failed`."""

from __future__ import annotations

from datetime import datetime, timedelta
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.core.models import AuditEvent, OutboxMessage, OutboxStatus

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
AT = datetime(2026, 3, 2, 9, 0, tzinfo=HCM)


def _row(kind: str, channel: str, status: str = OutboxStatus.PENDING, **more: Any) -> None:
    OutboxMessage.objects.create(kind=kind, channel=channel, status=status, **more)


def _status(*args: str) -> tuple[str, CommandError | None]:
    out = StringIO()
    try:
        call_command("outbox_status", *args, stdout=out)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


def _fill() -> None:
    with time_machine.travel(AT - timedelta(minutes=75), tick=False):
        _row("dossier.received", "sms")
    with time_machine.travel(AT, tick=False):
        _row("dossier.received", "sms", OutboxStatus.SENT)
        _row("dossier.received", "portal", OutboxStatus.SENT)
        _row(
            "dossier.received",
            "email",
            OutboxStatus.FAILED,
            recipient="an.nguyen@example.vn",
            subject_id="C-1",
            attempts=8,
            last_error="SMTPServerDisconnected: Connection unexpectedly closed",
        )


def test_counts_by_kind_and_channel_and_the_oldest_pending() -> None:
    with time_machine.travel(AT, tick=False):
        _row("dossier.received", "sms")
        _row("dossier.received", "portal", OutboxStatus.SENT)
        out, error = _status()
    assert error is None  # nothing failed: exit code 0
    lines = out.splitlines()
    assert lines[1].split() == ["dossier.received", "portal", "0", "1", "0"]
    assert lines[2].split() == ["dossier.received", "sms", "1", "0", "0"]
    assert lines[3].split() == ["tổng", "1", "1", "0"]
    assert "Thư chờ lâu nhất: 0 phút" in out
    assert "Kênh chưa cấu hình (thư chờ đến khi cấu hình): sms" in out


def test_failed_rows_are_listed_masked_and_set_the_exit_code() -> None:
    _fill()
    with time_machine.travel(AT + timedelta(minutes=5), tick=False):
        out, error = _status("--failed")
    assert error is not None
    assert error.returncode == 1
    assert "Có 1 thư gửi thất bại" in str(error)
    assert "Thư chờ lâu nhất: 1 giờ 20 phút" in out
    failed = [line for line in out.splitlines() if line.startswith("#")]
    assert len(failed) == 1
    assert "dossier.received email a***@example.vn (C-1, 8 lần)" in failed[0]
    assert failed[0].endswith("SMTPServerDisconnected: Connection unexpectedly closed")
    assert "an.nguyen" not in out


def test_retry_requeues_the_failed_rows_with_an_audit_event() -> None:
    _fill()
    out = StringIO()
    call_command("outbox_retry", "--failed", "--channel", "email", stdout=out)
    assert "Đã đưa 1 thư trở lại hàng đợi." in out.getvalue()
    row = OutboxMessage.objects.get(channel="email")
    assert (row.status, row.attempts, row.next_attempt_at) == (OutboxStatus.PENDING, 0, None)
    event = AuditEvent.objects.get(kind="outbox.requeued")
    assert event.payload["ids"] == [row.pk]
    assert _status()[1] is None
    call_command("outbox_retry", "--failed", stdout=out)  # nothing left: no second event
    assert AuditEvent.objects.filter(kind="outbox.requeued").count() == 1


def test_retry_wants_the_failed_flag() -> None:
    with pytest.raises(CommandError):
        call_command("outbox_retry")
