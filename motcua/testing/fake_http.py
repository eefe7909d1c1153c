"""A local HTTP receiver for tests of what the platform sends out (the outbox's transports).

It is a real server (the standard library's threaded HTTP server on 127.0.0.1 and a free port)
that speaks JSON over HTTP: it records every request, keeps the first copy of each
`Idempotency-Key` and answers a repeat with the first answer (`duplicate: true`), as a receiver
built for at-least-once senders does. Faults a test may script: `fail_next(n, status)` answers
the next n requests with that status; `delay` (seconds) holds every answer, to outlast a
sender's timeout. `accepted()` lists the first copy of each key; `requests` everything that came.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any


@dataclass(frozen=True)
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


class FakeReceiver:
    def __init__(self) -> None:
        self.requests: list[Received] = []
        self._first: dict[str, Received] = {}
        self._failures: list[int] = []
        self.delay = 0.0
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def fail_next(self, n: int, status: int = 503) -> None:
        with self._lock:
            self._failures.extend([status] * n)

    def accepted(self) -> list[Received]:
        with self._lock:
            return list(self._first.values())

    def answer(self, received: Received) -> tuple[int, dict[str, Any]]:
        """Record one request and decide the answer (status, JSON body)."""
        with self._lock:
            self.requests.append(received)
            if self._failures:
                return self._failures.pop(0), {"error": "scripted failure"}
            key = received.headers.get("idempotency-key", "")
            if key and key in self._first:
                return 200, {"ok": True, "duplicate": True}
            if key:
                self._first[key] = received
            return 200, {"ok": True, "duplicate": False}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    body = raw.decode("utf-8", "replace")
                headers = {k.lower(): v for k, v in self.headers.items()}
                status, answer = receiver.answer(Received(self.command, self.path, headers, body))
                if receiver.delay:
                    time.sleep(receiver.delay)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_POST = do_PUT = do_GET = _serve

            def log_message(self, format: str, *args: Any) -> None:
                return

        return Handler

    def __enter__(self) -> FakeReceiver:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
