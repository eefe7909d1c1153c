"""SMS providers: an interface and one provider speaking a generic JSON-over-HTTPS SMS API.

The HTTP API (what `motcua.testing.fake_sms.FakeSmsGateway` speaks, and what the usual
Vietnamese brandname-SMS gateways offer in some form; docs/notifications.md):
- `POST <URL>` with `Authorization: Bearer <TOKEN>`, `Idempotency-Key: <key>` and the JSON body
  `{"to": "84901234567", "text": "...", "sender": "<brandname>"}`; `to` is the number in
  international form without "+".
- 200/201/202 with `{"id": "..."}`: accepted (a repeat of a key answers the first acceptance).
- 400/422: the message is refused as it is (a bad number, a text the gateway does not take);
  sending it again cannot succeed, so the row fails at once (`outbox.Undeliverable`).
- Anything else, a timeout or no connection: temporary; the outbox retries with back-off.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import requests
from django.conf import settings

from motcua.core.outbox import Undeliverable

REFUSED = (400, 422)


class SmsUnavailable(Exception):
    """The gateway gave no definitive answer; the outbox tries again later."""


class SmsProvider(Protocol):
    def send(self, *, to: str, text: str, key: str) -> str:
        """Send `text` to `to` once per `key`; returns the provider's message id; raises
        `SmsUnavailable` (try again) or `Undeliverable` (never)."""
        ...


def international(phone: str) -> str:
    """A Vietnamese number in international form without "+": 0901234567 → 84901234567."""
    digits = "".join(c for c in phone if c.isdigit())
    if phone.strip().startswith("+") or digits.startswith("84"):
        return digits
    return "84" + digits[1:] if digits.startswith("0") else digits


@dataclass(frozen=True)
class HttpSmsProvider:
    url: str
    token: str
    sender: str
    timeout: float = 10.0

    def send(self, *, to: str, text: str, key: str) -> str:
        try:
            response = requests.post(
                self.url,
                json={"to": international(to), "text": text, "sender": self.sender},
                headers={"Authorization": f"Bearer {self.token}", "Idempotency-Key": key},
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            raise SmsUnavailable(f"{type(exc).__name__}: {exc}") from exc
        if response.status_code in REFUSED:
            raise Undeliverable(f"HTTP {response.status_code}: {response.text[:200]}")
        if not response.ok:
            raise SmsUnavailable(f"HTTP {response.status_code}")
        return _message_id(response)


def _message_id(response: requests.Response) -> str:
    try:
        answer: Any = response.json()
    except ValueError as exc:
        raise SmsUnavailable(f"HTTP {response.status_code}: not JSON") from exc
    if not isinstance(answer, dict) or not answer.get("id"):
        raise SmsUnavailable(f"HTTP {response.status_code}: no message id")
    return str(answer["id"])


def provider() -> SmsProvider:
    """The configured provider (MOTCUA["NOTIFICATIONS"]["SMS"])."""
    config = settings.MOTCUA["NOTIFICATIONS"]["SMS"]
    return HttpSmsProvider(
        url=config["URL"],
        token=config["TOKEN"],
        sender=config["SENDER"],
        timeout=float(config["TIMEOUT"]),
    )
