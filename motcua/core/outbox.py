"""Delivery of the outbox: at least once by the sender, exactly once in effect at the receiver.

Contract:
- A row is written by a service in the same transaction as the change that caused it, so a
  change that rolls back leaves no message and a committed one always has its message.
- `deliver_pending` claims due rows of the channels that have a transport in a short transaction
  (`SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL, so several deliverers never claim the same
  row): the claim counts the attempt and sets `next_attempt_at` to the end of a lease. The
  transport runs outside any transaction (no lock is held during a network call); success marks
  the row sent, a failure records the error and a back-off, and after `MAX_ATTEMPTS` the row is
  failed (visible on /healthz and /metrics). A transport that raises `Undeliverable` (the
  receiver refused this message for good: a bad address) fails the row at once.
- A deliverer killed between the claim and the mark leaves the row pending; it is claimed again
  when the lease ends. A transport therefore sends `idempotency_key(message)`, stable for the
  row, and the receiver keeps the first copy: a message takes effect exactly once.
- Transports are named in `settings.MOTCUA["OUTBOX_TRANSPORTS"]` (channel → dotted path of a
  function taking the message and raising on failure). A channel with no transport (SMS and
  e-mail until their gateways are configured) stays pending and is never claimed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from motcua.core.models import OutboxMessage, OutboxStatus

Transport = Callable[[OutboxMessage], None]

LEASE = timedelta(seconds=60)  # default of MOTCUA["OUTBOX_LEASE_SECONDS"]
MAX_ATTEMPTS = 8


class Undeliverable(Exception):
    """Raised by a transport when sending the same message again cannot succeed."""


def idempotency_key(message: OutboxMessage) -> str:
    """The key a transport sends with the message; the same for every attempt."""
    return f"motcua-outbox-{message.pk}"


def backoff(attempts: int) -> timedelta:
    """Wait before the next attempt: 30 s, 1, 2, 4 ... minutes, at most an hour."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def transports() -> dict[str, Transport]:
    """The configured transports, imported by name (an import error is a configuration error
    and is raised, not hidden)."""
    names: dict[str, str] = settings.MOTCUA.get("OUTBOX_TRANSPORTS", {})
    return {channel: import_string(path) for channel, path in names.items()}


def deliver_portal(message: OutboxMessage) -> None:
    """The portal channel: the applicant's inbox reads the row itself, nothing to send."""


def lease() -> timedelta:
    """How long a claim holds a row: a deliverer killed after claiming it is replaced then."""
    seconds = settings.MOTCUA.get("OUTBOX_LEASE_SECONDS")
    return timedelta(seconds=int(seconds)) if seconds else LEASE


def _claim(channels: list[str], at: datetime, limit: int) -> list[OutboxMessage]:
    with transaction.atomic():
        rows = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(status=OutboxStatus.PENDING, channel__in=channels)
            .exclude(next_attempt_at__gt=at)
            .order_by("created_at", "pk")[:limit]
        )
        until = at + lease()
        for row in rows:
            row.attempts += 1
            row.next_attempt_at = until
        OutboxMessage.objects.bulk_update(rows, ["attempts", "next_attempt_at"])
    return rows


def _mark_sent(message: OutboxMessage) -> None:
    OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.PENDING).update(
        status=OutboxStatus.SENT, sent_at=timezone.now(), next_attempt_at=None, last_error=""
    )


def _mark_failed_attempt(message: OutboxMessage, error: Exception) -> None:
    final = message.attempts >= MAX_ATTEMPTS or isinstance(error, Undeliverable)
    OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.PENDING).update(
        status=OutboxStatus.FAILED if final else OutboxStatus.PENDING,
        next_attempt_at=None if final else timezone.now() + backoff(message.attempts),
        last_error=f"{type(error).__name__}: {error}"[:500],
    )


def deliver_pending(*, limit: int = 100) -> int:
    """Deliver up to `limit` due messages; returns how many were sent."""
    by_channel = transports()
    if not by_channel:
        return 0
    sent = 0
    for message in _claim(sorted(by_channel), timezone.now(), limit):
        try:
            by_channel[message.channel](message)
        except Exception as exc:  # any transport failure: counted, retried with back-off
            _mark_failed_attempt(message, exc)
            continue
        _mark_sent(message)
        sent += 1
    return sent
