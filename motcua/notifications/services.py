"""Writes of the notifications app: an account's language, and requeueing failed messages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from motcua.core import audit
from motcua.core.errors import DomainError, PermissionDenied
from motcua.core.models import OutboxMessage, OutboxStatus
from motcua.notifications.models import Language, NotificationPreference


@transaction.atomic
def preference_set(*, user: Any, language: str) -> NotificationPreference:
    """Set the language the signed-in `user` receives notices in (applies to notices queued
    from now on). One audit event when it changes. Errors: permission_denied,
    language_invalid."""
    if user is None or not getattr(user, "is_authenticated", False):
        raise PermissionDenied()
    if language not in Language.values:
        raise DomainError("Ngôn ngữ không được hỗ trợ.", code="language_invalid")
    pref, _created = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    if pref.language != language or _created:
        old = pref.language if not _created else ""
        pref.language = language
        pref.save(update_fields=["language", "updated_at"])
        audit.append(
            stream_type="user",
            stream_id=str(user.pk),
            kind="notification.language_set",
            actor=user,
            payload={"from": old, "to": language},
        )
    return pref


@transaction.atomic
def outbox_retry_failed(
    *, actor: Any = None, channels: Sequence[str] = (), kinds: Sequence[str] = ()
) -> int:
    """Put the failed rows (of `channels` / `kinds` when given) back in the queue with a fresh
    count of attempts, to go out on the next delivery round; their last error is kept until
    then. One audit event (stream "outbox") naming the rows; returns how many. The operator
    runs it once the cause is fixed (`motcua outbox_retry --failed`)."""
    rows = OutboxMessage.objects.select_for_update().filter(status=OutboxStatus.FAILED)
    if channels:
        rows = rows.filter(channel__in=channels)
    if kinds:
        rows = rows.filter(kind__in=kinds)
    ids = sorted(rows.values_list("pk", flat=True))
    if not ids:
        return 0
    OutboxMessage.objects.filter(pk__in=ids).update(
        status=OutboxStatus.PENDING, attempts=0, next_attempt_at=None
    )
    audit.append(
        stream_type="outbox",
        stream_id="retry",
        kind="outbox.requeued",
        actor=actor,
        payload={"count": len(ids), "ids": ids[:1000]},
    )
    return len(ids)
