"""A real SMTP server for tests (aiosmtpd on 127.0.0.1): records every message it accepts."""

from __future__ import annotations

import email
import socket
import threading
from email.message import Message
from typing import Any

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Mailbox:
    """What the server accepted, in order: parsed messages with their envelope recipients."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Message]] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.original_content or envelope.content)
        with self._lock:
            self.messages.append((list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"

    def message_ids(self) -> list[str]:
        with self._lock:
            return [str(m["Message-ID"]) for _to, m in self.messages]


class SmtpServer:
    """Start and stop a server on a fixed port, keeping one mailbox across restarts."""

    def __init__(self) -> None:
        self.port = free_port()
        self.mailbox = Mailbox()
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
