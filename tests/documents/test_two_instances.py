"""Two running instances of the platform exchange a document over HTTP (issue 12 acceptance;
QCVN 102:2016/BTTTT; docs/edxml.md "Partners").

This test process is the Ho Chi Minh City instance (its database, pytest-django's live
server); the peer is a second instance in its own processes — gunicorn over its own SQLite
database, media folder, signing keys and demo PKI (tests/documents/peer.py). Neither trusts the
other's CA as its own: each registers the other as a partner with the bundle the other's
`exchange_certificate` prints. The ward issues a decision to the peer's department; the
outbox sends the package; the peer verifies seal and PDF signature (fetching our CRLs from our
live server), registers it and answers "02"; its head assigns it and the peer's outbox tells
us "03"; the ward's clerk sees that on the document's page.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from time_machine import escape_hatch

from motcua.core.models import OutboxMessage
from motcua.core.outbox import deliver_pending
from motcua.documents.models import DocumentRecipient, ExchangePartner
from motcua.documents.services_outgoing import RecipientData, document_issue
from motcua.testing import processes
from motcua.testing.auth import sign_in
from tests.documents.conftest import City, approved, demo_pki
from tests.documents.peer import CODE, DIVISION, NAME

pytestmark = [pytest.mark.django_db(transaction=True)]


def _clock_offset() -> float:
    if not escape_hatch.is_travelling():
        return 0.0
    return timezone.now().timestamp() - escape_hatch.time.time()


class Peer:
    """The second instance: its environment, its commands and its web server."""

    def __init__(self, root: Path) -> None:
        root.mkdir()
        self.root = root
        self.port = processes.free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            "DATABASE_URL": f"sqlite:///{root / 'peer.sqlite3'}",
            "DATABASE_REPLICA_URL": "",
            "MOTCUA_VAR_DIR": str(root),
            "MOTCUA_MEDIA_ROOT": str(root / "media"),
            "MOTCUA_STORAGE": "local",
            "MOTCUA_TASK_BACKEND": "db",
            "MOTCUA_CACHE_URL": "",
            "MOTCUA_SIGNING_KEY": "",
            "MOTCUA_SIGNING_KEY_FILE": str(root / "signing-key"),
            "DEBUG": "0",
            "SECRET_KEY": "peer-instance-test-secret",
            "MOTCUA_HTTPS": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            "MOTCUA_PUBLIC_BASE_URL": self.url,
            "MOTCUA_BIND": f"127.0.0.1:{self.port}",
            "MOTCUA_WEB_WORKERS": "1",
            # the peer's clock follows ours (the suite may run under `--clock`)
            "PEER_CLOCK_OFFSET": str(_clock_offset()),
        }

    def run(self, *args: str) -> str:
        done = processes.run_python(["-m", "tests.documents.peer", *args], env=self.env)
        assert done.returncode == 0, f"peer {args}: {done.stdout}\n{done.stderr}"
        return done.stdout

    def server(self) -> processes.Process:
        return processes.Process(
            "peer",
            [sys.executable, "-m", "tests.documents.peer", "serve"],
            env=self.env,
            log=self.root / "web.log",
            ready=processes.http_ready(f"{self.url}/healthz"),
        )


def _state(peer: Peer) -> list[dict[str, Any]]:
    return json.loads(peer.run("state"))


def test_two_instances_exchange_a_document_and_its_status(
    town: City, live_server: Any, settings: Any, tmp_path: Path
) -> None:
    c = town
    peer = Peer(tmp_path / "peer")
    with demo_pki(settings, tmp_path, base_url=live_server.url):
        peer.run("manage", "migrate", "--noinput", "--verbosity=0")
        peer.run("setup")
        web = peer.server().start(timeout=90)
        try:
            _exchange(c, peer, live_server.url, tmp_path)
        finally:
            web.stop()


def _register_each_other(c: City, peer: Peer, our_url: str, tmp_path: Path) -> None:
    theirs, ours = tmp_path / "peer.pem", tmp_path / "ours.pem"
    peer.run("manage", "exchange_certificate", CODE, "--out", str(theirs))
    call_command(
        "exchange_partner_add",
        "--ma", CODE, "--ten", NAME, "--dia-chi", f"{peer.url}/lien-thong/edxml/",
        "--chung-thu", str(theirs),
    )  # fmt: skip
    call_command("exchange_certificate", c.ward.code, "--out", str(ours))
    peer.run(
        "manage", "exchange_partner_add",
        "--ma", c.ward.code, "--ten", c.ward.name, "--dia-chi", f"{our_url}/lien-thong/edxml/",
        "--chung-thu", str(ours),
    )  # fmt: skip


def _exchange(c: City, peer: Peer, our_url: str, tmp_path: Path) -> None:
    _register_each_other(c, peer, our_url, tmp_path)
    assert ExchangePartner.objects.get().organ_id == CODE
    recipients = [RecipientData(agency_code=CODE, purpose="to")]
    doc = document_issue(actor=c.u("clerk"), document=approved(c, recipients=recipients))
    recipient = DocumentRecipient.objects.get(document=doc)
    assert (recipient.partner_id, recipient.name) == (ExchangePartner.objects.get().pk, NAME)
    assert _state(peer) == []  # queued here, not sent inside the issue

    deliver_pending()

    recipient.refresh_from_db()
    sending = OutboxMessage.objects.get(channel="lienthong")
    assert recipient.status_code == "02", (sending.last_error, recipient.status_text)
    assert recipient.delivered_at is not None
    assert recipient.read_at is not None
    received = _state(peer)
    assert len(received) == 1
    assert received[0]["incoming_number"] == 1
    assert received[0]["symbol"] == doc.symbol
    assert received[0]["subject"] == doc.subject
    assert received[0]["status"] == "received"
    assert received[0]["partner"] == c.ward.code
    assert received[0]["sender_agency"] is None  # not an agency of the peer's platform
    assert received[0]["pdf_sha256"] == doc.pdf_sha256  # the very bytes signed here

    peer.run("assign")
    assert peer.run("deliver").strip() == "1"  # the status message, to our live server

    recipient.refresh_from_db()
    assert recipient.status_code == "03"
    assert DIVISION[1] in recipient.status_text
    page = (
        sign_in(Client(), c.u("clerk"))
        .get(reverse("documents:outgoing_detail", args=[doc.pk]))
        .content.decode()
    )
    for text in (NAME, "Đã phân công xử lý", DIVISION[1]):
        assert text in page
