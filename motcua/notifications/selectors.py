"""Reads of the notifications app: the state of the outbox by kind and channel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Min, Q

from motcua.core.models import OutboxMessage, OutboxStatus


@dataclass(frozen=True)
class OutboxLine:
    kind: str
    channel: str
    pending: int
    sent: int
    failed: int
    oldest_pending: datetime | None


def outbox_summary() -> list[OutboxLine]:
    """Counts per (kind, channel), in one grouped query, ordered by kind then channel."""
    rows = (
        OutboxMessage.objects.values("kind", "channel")
        .annotate(
            pending=Count("pk", filter=Q(status=OutboxStatus.PENDING)),
            sent=Count("pk", filter=Q(status=OutboxStatus.SENT)),
            failed=Count("pk", filter=Q(status=OutboxStatus.FAILED)),
            oldest=Min("created_at", filter=Q(status=OutboxStatus.PENDING)),
        )
        .order_by("kind", "channel")
    )
    return [
        OutboxLine(r["kind"], r["channel"], r["pending"], r["sent"], r["failed"], r["oldest"])
        for r in rows
    ]


def failed_messages(*, limit: int = 200) -> list[OutboxMessage]:
    """The failed rows, oldest first, with what is needed to list them."""
    return list(
        OutboxMessage.objects.filter(status=OutboxStatus.FAILED)
        .only("pk", "kind", "channel", "recipient", "subject_id", "attempts", "last_error",
              "created_at")
        .order_by("created_at", "pk")[:limit]
    )  # fmt: skip
