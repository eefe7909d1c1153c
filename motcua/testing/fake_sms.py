"""A local SMS gateway for tests and `make run`: the HTTP API of `motcua.notifications.sms`.

A real HTTP server on 127.0.0.1 and a free port (`FakeReceiver`): it checks the bearer token
(401 otherwise), refuses a body without `to` digits or `text` (422), keeps the first copy of each
`Idempotency-Key` and answers a repeat with the first message id, as a gateway built for
at-least-once senders does. Scripted faults are those of `FakeReceiver` (`fail_next`, `delay`).
`texts()` lists (number, text) of the first copies.
"""

from __future__ import annotations

from typing import Any

from motcua.testing.fake_http import FakeReceiver, Received


class FakeSmsGateway(FakeReceiver):
    def __init__(self, token: str = "test-sms-token") -> None:  # noqa: S107 (a test fake)
        super().__init__()
        self.token = token
        self._ids: dict[str, str] = {}

    def answer(self, received: Received) -> tuple[int, dict[str, Any]]:
        if received.headers.get("authorization") != f"Bearer {self.token}":
            with self._lock:
                self.requests.append(received)
            return 401, {"error": "unauthorized"}
        body = received.body if isinstance(received.body, dict) else {}
        if not str(body.get("to", "")).isdigit() or not body.get("text"):
            with self._lock:
                self.requests.append(received)
            return 422, {"error": "invalid message"}
        status, answer = super().answer(received)
        if status != 200:
            return status, answer
        key = received.headers.get("idempotency-key", "")
        with self._lock:
            message_id = self._ids.setdefault(key, f"sms-{len(self._ids) + 1}")
        return 202, {"id": message_id, "duplicate": answer["duplicate"]}

    def texts(self) -> list[tuple[str, str]]:
        return [(r.body["to"], r.body["text"]) for r in self.accepted()]
