"""The outbox transports of channels "email" and "sms" (registered in settings only when
configured: docs/notifications.md).

Contract (core/outbox.py calls them outside any transaction, at least once per row):
- The text is rendered from the row's kind and payload in the row's language
  (`messages.render`): what was queued is what is sent, whenever it is sent.
- E-mail goes through Django's e-mail backend (SMTP in production). Its `Message-ID` is derived
  from `outbox.idempotency_key`, the same on every attempt, so a copy sent twice (a deliverer
  killed after the server accepted it) is recognisable as the same message by the receiver and
  in the mail logs. A recipient refused permanently (5xx) fails the row at once.
- SMS goes through the configured provider with the same key as its `Idempotency-Key`.
- Anything else raises, and the outbox retries with back-off, then fails the row.
"""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage

from motcua.core.models import OutboxMessage
from motcua.core.outbox import Undeliverable, idempotency_key
from motcua.notifications import sms
from motcua.notifications.messages import render


def message_id(message: OutboxMessage) -> str:
    """`<motcua-outbox-<pk>@<domain of the sender address>>`: stable for the row."""
    sender = str(settings.DEFAULT_FROM_EMAIL)
    domain = sender.rsplit("@", 1)[-1].strip(" >") if "@" in sender else "motcua.local"
    return f"<{idempotency_key(message)}@{domain}>"


def deliver_email(message: OutboxMessage) -> None:
    text = render(message.kind, message.payload)
    email = EmailMessage(
        subject=text.subject,
        body=text.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        headers={"Message-ID": message_id(message)},
    )
    try:
        email.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _text in exc.recipients.values()]
        if codes and all(code >= 500 for code in codes):
            raise Undeliverable(f"SMTP {codes[0]}: người nhận bị từ chối") from exc
        raise


def deliver_sms(message: OutboxMessage) -> None:
    text = render(message.kind, message.payload)
    sms.provider().send(to=message.recipient, text=text.sms, key=idempotency_key(message))
