"""Which outbox rows one notification to an applicant becomes: one per channel they can receive.

Contract (docs/notifications.md, docs/rules.md §Notifications):
- The portal row is always written: it is the inbox entry when the dossier has an account and
  the record that the notice was given when it has none (recipient: the dossier code).
- An e-mail row when the dossier has an e-mail address; an SMS row when it has a phone and the
  kind is one of `MOTCUA["NOTIFICATIONS"]["SMS_KINDS"]` (SMS costs money per segment: by default
  only the notices a person must act on or wait for).
- Only the portal row names the account (`user`): the inbox reads the portal rows, so a
  notification shows there once whatever the number of channels.
- Every e-mail and SMS row carries the language to render it in (`payload["language"]`): the
  account's `NotificationPreference`, Vietnamese without one; a later change of preference does
  not change queued messages. The preference is read only when such a row is written (one
  indexed read); the portal row has none: the inbox speaks the reader's page language.
- A `dedupe` key is suffixed with the channel: each channel is deduplicated on its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from motcua.core.models import OutboxMessage
from motcua.notifications.models import Language, NotificationPreference

DEFAULT_SMS_KINDS = (
    "dossier.received",  # the receipt and the appointment
    "dossier.supplement_requested",
    "dossier.payment_due",
    "dossier.apology",
    "dossier.result_ready",
)


@dataclass(frozen=True)
class Addressee:
    """Who a dossier notice goes to: the dossier code (the portal recipient), the account, the
    contacts given on the dossier."""

    code: str
    user_id: int | None
    email: str = ""
    phone: str = ""


def sms_kinds() -> frozenset[str]:
    config: dict[str, Any] = settings.MOTCUA.get("NOTIFICATIONS", {})
    return frozenset(config.get("SMS_KINDS") or DEFAULT_SMS_KINDS)


def languages_of(user_ids: Iterable[int | None]) -> dict[int, str]:
    """The chosen language of each account that chose one (one query)."""
    ids = {pk for pk in user_ids if pk is not None}
    if not ids:
        return {}
    rows = NotificationPreference.objects.filter(user_id__in=ids)
    return dict(rows.values_list("user_id", "language"))


def rows_for(
    to: Addressee,
    *,
    kind: str,
    payload: dict[str, Any],
    language: str = Language.VI,
    dedupe: str | None = None,
) -> list[OutboxMessage]:
    """The unsaved rows of one notice (see the module contract)."""
    body = {"code": to.code, **payload}
    rows = [_row(to, "portal", to.code, kind, body, dedupe)]
    sent = {**body, "language": language}
    rows += [
        _row(to, channel, address, kind, sent, dedupe) for channel, address in sent_to(to, kind)
    ]
    return rows


def sent_to(to: Addressee, kind: str) -> list[tuple[str, str]]:
    """The channels that send `kind` to `to`, with the address on each."""
    targets = [("email", to.email)] if to.email else []
    if to.phone and kind in sms_kinds():
        targets.append(("sms", to.phone))
    return targets


def _row(
    to: Addressee,
    channel: str,
    recipient: str,
    kind: str,
    payload: dict[str, Any],
    dedupe: str | None,
) -> OutboxMessage:
    return OutboxMessage(
        kind=kind,
        channel=channel,
        recipient=recipient,
        subject_type="dossier",
        subject_id=to.code,
        user_id=to.user_id if channel == "portal" else None,
        payload=payload,
        dedupe_key=f"{dedupe}:{channel}" if dedupe else None,
    )


def notice_create(
    to: Addressee, *, kind: str, payload: dict[str, Any], dedupe: str | None = None
) -> list[OutboxMessage]:
    """Write the rows of one notice in the caller's transaction (the change that caused it)."""
    chosen = languages_of([to.user_id]) if sent_to(to, kind) else {}
    language = chosen.get(to.user_id or 0, Language.VI)
    rows = rows_for(to, kind=kind, payload=payload, language=language, dedupe=dedupe)
    return OutboxMessage.objects.bulk_create(rows)
