"""Signing fixtures: an at-rest key, the demo PKI, the platform's TSA on a real HTTP port, and
a frozen clock inside the certificates' validity."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from cryptography.fernet import Fernet
from django.utils import timezone

from tests.dossiers.conftest import World, world  # noqa: F401

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
T0 = datetime(2026, 12, 2, 9, 0, tzinfo=HCM)


@pytest.fixture
def clock() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.fixture
def signing_settings(settings: Any, tmp_path: Any) -> dict[str, Any]:
    """A fresh Fernet key for keys at rest (never var/), and no TSA URL yet."""
    signing = {
        **settings.MOTCUA["SIGNING"],
        "KEY": Fernet.generate_key().decode(),
        "KEY_FILE": str(tmp_path / "signing-key"),
    }
    settings.MOTCUA = {
        **settings.MOTCUA,
        "SIGNING": signing,
        "PUBLIC_BASE_URL": "http://testserver",
    }
    return signing


class _TsaHandler(BaseHTTPRequestHandler):
    responder: Any = None

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.headers.get("Content-Type") != "application/timestamp-query":
            self.send_response(415)
            self.end_headers()
            return
        reply = self.responder.respond(body, now=timezone.now())
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture
def pki(world: World, signing_settings: dict[str, Any], clock: Any, settings: Any) -> Iterator[Any]:  # noqa: F811
    """The demo PKI over the world's agencies, and the platform's TSA responder (built from the
    stored TSA credential, as the /pki/tsa view builds it) served on a local HTTP port."""
    from motcua.signing.services.demo import pki_seed_demo
    from motcua.signing.tsa_service import _cached, authority

    pki_seed_demo()
    _cached.cache_clear()
    handler = type("Handler", (_TsaHandler,), {"responder": authority()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/pki/tsa"
    settings.MOTCUA = {
        **settings.MOTCUA,
        "SIGNING": {**settings.MOTCUA["SIGNING"], "TSA_URL": url},
    }
    yield world
    server.shutdown()
    server.server_close()
    _cached.cache_clear()
