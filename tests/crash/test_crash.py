"""Crash safety (issue 8 item 5): the web server and the task worker are SIGKILLed at random
moments during a burst of submissions and actions, and started again; afterwards no dossier is
lost, duplicated or half-written, the audit chain has no gap and verifies, every outbox message
took effect exactly once at the receiver, and every received dossier has its receipt slip.

The kills are random (seeded: MOTCUA_CRASH_SEED); the invariants must hold for every seed."""

from __future__ import annotations

import os
import random
import threading
from pathlib import Path
from typing import Any

import pytest
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from motcua.core.models import OutboxMessage, OutboxStatus
from motcua.dossiers.models import Dossier, Slip
from motcua.national_portal.fake_receiver import FakePortal
from motcua.testing import processes
from motcua.testing.fake_http import FakeReceiver
from tests.crash import burst, invariants
from tests.crash.conftest import Database, Servers

pytestmark = [pytest.mark.crash, pytest.mark.django_db(transaction=True)]

SEED = int(os.environ.get("MOTCUA_CRASH_SEED", "20261202"))
CITIZENS, PER_CITIZEN = 3, 6
# the national portal sync (its transport is on when MOTCUA_DVCQG_URL is set), and the SMS
# notifications, which tests/crash/settings.py sends to a receiver of the test's
TRANSPORTED = {"dvcqg", "sms"}
KILLS = ["web", "worker", "both", "web"]


def _body(city: dict[str, Any], citizen: str) -> dict[str, Any]:
    return {
        "procedure_code": city["procedure"],
        "agency_code": city["agency"],
        "applicant": {
            "kind": "person",
            "name": "Nguyễn Văn An",
            "id_number": city["cccd"][citizen],
            "phone": "0901234567",
        },
        "form_data": {"purpose": "Đi học"},
    }


def _run_burst(
    servers: Servers, city: dict[str, Any], rng: random.Random, using: str
) -> burst.Ledger:
    ledger, stop = burst.Ledger(), threading.Event()
    tokens = city["tokens"]

    def api(name: str) -> burst.Api:
        return burst.Api(servers.base_url, tokens[name], ledger, stop)

    clients = [
        threading.Thread(
            target=burst.guarded(
                ledger,
                burst.submitter(
                    api(f"citizen{i}"),
                    random.Random(rng.getrandbits(64)),
                    count=PER_CITIZEN,
                    body=_body(city, f"citizen{i}"),
                ),
            ),
            daemon=True,
        )
        for i in range(CITIZENS)
    ]
    officials = [
        threading.Thread(target=burst.guarded(ledger, burst.official(api(who), act)), daemon=True)
        for who, act in [("reception", burst.receive), ("specialist", burst.process)]
    ]
    targets = {
        "web": [servers.web],
        "worker": [servers.worker],
        "both": [servers.web, servers.worker],
    }
    kill = threading.Thread(
        target=burst.guarded(ledger, burst.killer(targets, rng, rounds=KILLS, stop=stop)),
        daemon=True,
    )
    try:
        for thread in [*clients, *officials, kill]:
            thread.start()
        for thread in [*clients, kill]:
            thread.join(timeout=120)
        total = CITIZENS * PER_CITIZEN
        processes.wait_until(lambda: _worked_off(total, using), timeout=40, interval=0.3)
    finally:
        stop.set()
        for thread in officials:
            thread.join(timeout=30)
    return ledger


def _worked_off(total: int, using: str) -> bool:
    """Every submission was received and its review step completed."""
    done = Dossier.objects.using(using).filter(steps__step__key="sign").count()
    return done == total


def _drained(using: str) -> bool:
    """No task waits or runs (the periodic delivery aside), every message is sent, every
    received dossier has its receipt slip."""
    pending_tasks = (
        DBTaskResult.objects.using(using)
        .filter(status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING])
        .exclude(task_path="motcua.core.tasks.outbox_deliver")
        .exists()
    )
    unsent = (
        OutboxMessage.objects.using(using)
        .filter(channel__in=TRANSPORTED)
        .exclude(status=OutboxStatus.SENT)
        .exists()
    )
    received = Dossier.objects.using(using).filter(received_at__isnull=False).count()
    slipped = Slip.objects.using(using).filter(kind="receipt").values("dossier").distinct()
    return not pending_tasks and not unsent and received == slipped.count()


def _recovered(using: str) -> str:
    """How much recovery the kills caused (shown with every failure, and with -rA)."""
    tasks = sum(
        len(ids) > 1
        for ids in DBTaskResult.objects.using(using).values_list("worker_ids", flat=True)
    )
    resent = OutboxMessage.objects.using(using).filter(attempts__gt=1).count()
    return f"tasks run again {tasks}, outbox rows sent again {resent}"


def test_no_dossier_lost_duplicated_or_half_written_when_servers_are_killed(
    servers: Servers,
    city: dict[str, Any],
    crash_db: Database,
    crash_env: dict[str, str],
    receiver: FakeReceiver,
    portal: FakePortal,
) -> None:
    using = crash_db.using
    media = Path(crash_env["MOTCUA_MEDIA_ROOT"])
    # given servers that are SIGKILLed and restarted during a burst of submissions and actions
    ledger = _run_burst(servers, city, random.Random(SEED), using)
    # when the worker and the outbox deliverer are left to finish
    drained = processes.wait_until(lambda: _drained(using), timeout=60, interval=0.5)
    # a periodic delivery left RUNNING by a killed worker is made ready again by the
    # scheduler's recovery round (core/task_recovery.py): wait for a moment with nothing
    # unfinished while the scheduler still runs, then stop it and let the last one finish
    processes.wait_until(lambda: not invariants.tasks(using=using), timeout=40, interval=0.3)
    servers.scheduler.stop()
    processes.wait_until(lambda: not invariants.tasks(using=using), timeout=20, interval=0.3)
    for process in servers.all():
        process.stop()
    # then every invariant holds
    kills = {p.name: p.starts - 1 for p in servers.all()}
    repeats = sum(len(r.requests) - len(r.accepted()) for r in (portal, receiver))
    context = (
        f"seed {SEED}, restarts {kills}, client retries {ledger.retries}, "
        f"replayed submissions {ledger.replays}, {_recovered(using)}, "
        f"repeated deliveries {repeats}"
    )
    assert drained, f"not drained ({context})"
    assert not ledger.errors, (context, ledger.errors)
    assert len(ledger.acked) == CITIZENS * PER_CITIZEN, context
    assert invariants.submissions(ledger.acked, using=using) == [], context
    assert invariants.codes(using=using) == [], context
    assert invariants.whole_dossiers(media, using=using) == [], context
    assert invariants.audit_chain(using=using) == [], context
    assert invariants.slips(media, using=using) == [], context
    receivers = {"dvcqg": portal, "sms": receiver}
    assert invariants.outbox(receivers, using=using) == [], context
    assert invariants.portal_copy(portal, using=using) == [], context
    assert invariants.tasks(using=using) == [], context
    # the chain against the checkpoint the scheduler's first round signed (over the city)
    done = processes.run_motcua(["audit_verify"], env=crash_env)
    assert done.returncode == 0, (done.stdout, done.stderr[-2000:])
    print(context)
