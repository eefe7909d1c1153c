"""The second platform of test_two_instances.py, run as its own processes with its own
database, media and keys: `python -m tests.documents.peer <action> [args]`.

The peer's clock runs at the test's clock (env PEER_CLOCK_OFFSET: seconds between the test's
clock and the real one; none when the suite runs on the real clock), so certificates and CRLs
issued on either side are valid on the other even when the suite runs under `--clock`. Actions:
- `serve`: gunicorn (one worker) on MOTCUA_BIND, the production server;
- `manage <command> …`: any `motcua` command (migrate, exchange_certificate, …);
- `setup`: the peer's department, its division and officials, and the demo PKI;
- `assign`: the head assigns the one received document to the division;
- `deliver`: one run of the outbox (what the periodic job does);
- `state`: the received documents as JSON on stdout.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import UTC, datetime, timedelta

CODE, NAME = "000.00.05.H26", "Sở Tư pháp thành phố Hà Nội"
DIVISION = ("000.00.05.H27", "Phòng Hành chính tư pháp")


def _clock() -> None:
    offset = float(os.environ.get("PEER_CLOCK_OFFSET") or 0)
    if abs(offset) > 1:
        import time_machine

        now = datetime.now(UTC) + timedelta(seconds=offset)
        time_machine.travel(now, tick=True).start()


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    import django

    django.setup()


def setup() -> None:
    from motcua.accounts.models import AgencyKind, Role, User
    from motcua.accounts.services import agency_create, role_grant
    from motcua.signing.services.demo import pki_seed_demo

    dept = agency_create(code=CODE, name=NAME, short_name="STP HN", kind=AgencyKind.DEPARTMENT)
    division = agency_create(
        code=DIVISION[0], name=DIVISION[1], short_name="HCTP", kind=AgencyKind.DIVISION, parent=dept
    )
    for username, agency, role in (
        ("peer_clerk", dept, Role.CLERK),
        ("peer_head", dept, Role.UNIT_HEAD),
        ("peer_specialist", division, Role.SPECIALIST),
    ):
        user = User.objects.create_user(
            username=username, password="x-peer-pass", kind="official", home_agency=agency
        )
        role_grant(user=user, agency=agency, role=role)
    pki_seed_demo()


def assign() -> None:
    from motcua.accounts.models import Agency, User
    from motcua.documents.models import IncomingDocument
    from motcua.documents.services_incoming import incoming_assign

    incoming = IncomingDocument.objects.get()
    incoming_assign(
        actor=User.objects.get(username="peer_head"),
        document=incoming,
        lead_unit=Agency.objects.get(code=DIVISION[0]),
    )


def deliver() -> None:
    from motcua.core.outbox import deliver_pending

    print(deliver_pending())


def state() -> None:
    from motcua.documents.models import IncomingDocument

    rows = IncomingDocument.objects.select_related("edxml", "edxml__partner").order_by("pk")
    print(
        json.dumps(
            [
                {
                    "incoming_number": d.incoming_number,
                    "symbol": d.number_symbol,
                    "subject": d.subject,
                    "status": d.status,
                    "sender_name": d.sender_name,
                    "sender_agency": d.sender_agency_id,
                    "partner": d.edxml.partner.organ_id if d.edxml.partner else None,
                    "pdf_sha256": d.pdf_sha256,
                }
                for d in rows
            ],
            ensure_ascii=False,
        )
    )


def main(argv: list[str]) -> None:
    _clock()
    action, rest = argv[0], argv[1:]
    if action == "serve":
        from gunicorn.app.wsgiapp import run

        sys.argv = ["gunicorn", "-c", "python:motcua.gunicorn_conf", "motcua.wsgi"]
        run()
        return
    if action == "manage":
        from motcua.__main__ import main as motcua_main

        sys.argv = ["motcua", *rest]
        motcua_main()
        return
    _django()
    if action == "setup":
        setup()
    elif action == "assign":
        assign()
    elif action == "deliver":
        deliver()
    elif action == "state":
        state()
    else:
        raise SystemExit(f"unknown action {action}")


if __name__ == "__main__":
    main(sys.argv[1:])
