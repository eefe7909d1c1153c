"""An outbox transport for the crash test: POST the message as JSON to the test's
`FakeReceiver` (env MOTCUA_CRASH_RECEIVER_URL) with the row's stable `Idempotency-Key`, and
raise on anything but a 2xx answer, so the outbox retries with back-off."""

from __future__ import annotations

import json
import os
import urllib.request

from motcua.core.models import OutboxMessage
from motcua.core.outbox import idempotency_key

RECEIVER_ENV = "MOTCUA_CRASH_RECEIVER_URL"


def deliver(message: OutboxMessage) -> None:
    body = {
        "id": message.pk,
        "kind": message.kind,
        "recipient": message.recipient,
        "subject": message.subject_id,
        "payload": message.payload,
    }
    request = urllib.request.Request(
        f"{os.environ[RECEIVER_ENV]}/messages",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Idempotency-Key": idempotency_key(message)},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=5) as answer:
        if not 200 <= answer.status < 300:
            raise RuntimeError(f"receiver answered {answer.status}")
