"""Workspace page latency with 10,000 open dossiers in one agency, on PostgreSQL and SQLite.

For each page (the officials' queues and the dossier page; the inspector's search): the
server time of BENCH_REQUESTS (default 200, at least 100) requests through Django's test Client
(middleware, session and second-factor checks, selectors, templates: everything but the
network), p50/p95/p99; then the raw ceiling: the very statements the request issued (captured
once), replayed with plain psycopg (PostgreSQL) or sqlite3 on one connection, same percentiles;
and the ratio. Target: p95 ≤ 200 ms on PostgreSQL.

Pages measured: the workspace home, the reception and specialist queues and the dossier page
(`/can-bo/`, `workspace:queue`, `workspace:dossier`), the API's queues
(`/api/v1/dossiers?queue=agency|mine`) and dossier, and the inspector's search
(`/can-bo/giam-sat/`). A page answering other than 200 is reported and skipped.

The dossiers are bulk-inserted (`bulk_create`, 1,000 a batch) with one open step each, half of
them assigned to the specialist: a realistic reception and specialist queue.

Environment: BENCH_DATABASE_URL (PostgreSQL server, as bench/_setup.py), BENCH_OPEN (default
10,000), BENCH_REQUESTS (default 200), BENCH_BACKENDS (default "postgresql,sqlite").

    .venv/bin/python -c "import bench.bench_workspace as m; m.main()"
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

from bench.dossier_bench import WARD, _world

TARGET_P95_MS = 200.0
BATCH = 1000


def say(text: str) -> None:
    print(text, flush=True)


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, "").replace("_", "") or default)


# -- the databases -----------------------------------------------------------------------------


def _prepare_env() -> None:
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ["DEBUG"] = "1"  # settings' development defaults; switched off before requests
    os.environ["MOTCUA_HTTPS"] = "0"
    os.environ["DB_CONN_MAX_AGE"] = "60"  # as in production: connections are kept
    os.environ["MOTCUA_TASK_BACKEND"] = "dummy"
    os.environ["ALLOWED_HOSTS"] = "testserver"  # the test Client's host name
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")


@contextmanager
def _sqlite_database() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="motcua-bench-") as folder:
        path = os.path.join(folder, "bench.sqlite3")
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0, interactive=False)
        yield path


@contextmanager
def _postgres_database() -> Iterator[str]:
    from bench._setup import temporary_database

    with temporary_database("workspace") as url:
        yield url


# -- the data ----------------------------------------------------------------------------------


def _fill(w: SimpleNamespace, n: int) -> None:
    """`n` received dossiers at the ward, due over the next weeks (1% overdue), each with its
    first step open; every other step assigned to the specialist."""
    from django.utils import timezone

    from motcua.dossiers.models import Dossier, StepInstance

    now = timezone.now()
    started = time.perf_counter()
    for first in range(0, n, BATCH):
        rows = [_dossier(w, i, now) for i in range(first, min(n, first + BATCH))]
        Dossier.objects.bulk_create(rows, batch_size=BATCH)
        made = Dossier.objects.filter(code__in=[d.code for d in rows]).values_list("pk", "due_at")
        StepInstance.objects.bulk_create(
            [
                StepInstance(
                    dossier_id=pk,
                    step_id=w.steps[0],
                    agency=w.ward,
                    activated_at=now,
                    due_at=due - timedelta(days=1),
                    assignee=w.specialist if pk % 2 else None,
                )
                for pk, due in made
            ],
            batch_size=BATCH,
        )
    say(f"  {n:,} open dossiers and steps inserted in {time.perf_counter() - started:.1f} s")


def _dossier(w: SimpleNamespace, i: int, now: Any) -> Any:
    from motcua.dossiers.models import Dossier

    due = now - timedelta(days=1) if i % 100 == 0 else now + timedelta(hours=2 + i % 500)
    return Dossier(
        code=f"{WARD}-260302-{i:05d}"[:32], procedure_version=w.version, process=w.process,
        profile_code="ND118_2025", receiving_agency=w.ward, channel="counter",
        status="received" if i % 2 else "in_progress", applicant_kind="person",
        applicant_name=f"Nguyễn Văn An {i}", applicant_id_number="079090001234",
        applicant_address=f"{i} Lê Lợi", form_data={"purpose": "Đi học"}, fee_total=50000,
        submitted_at=due - timedelta(days=3), received_at=due - timedelta(days=3),
        deemed_received_at=due - timedelta(days=3), due_at=due, calendar_version="bench",
        submitted_by=w.reception, version=2,
    )  # fmt: skip


def _inspector(w: SimpleNamespace) -> Any:
    from motcua.accounts.models import Role, User
    from motcua.accounts.services import role_grant

    user = User.objects.create_user(username="inspector", password="x", kind="official")
    role_grant(user=user, agency=w.city, role=Role.INSPECTOR, include_descendants=True)
    return user


# -- measuring ---------------------------------------------------------------------------------


def _percentiles(samples: list[float]) -> tuple[float, float, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[94] * 1000, cuts[98] * 1000


def _timed(fn: Callable[[], Any], n: int) -> list[float]:
    fn()  # warm-up: caches, template loading, the calendar
    out = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def _captured(get: Callable[[], Any]) -> tuple[int, list[str]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        status = get().status_code
    skip = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE", "ROLLBACK")
    return status, [q["sql"] for q in ctx.captured_queries if not q["sql"].startswith(skip)]


def _raw_runner(vendor: str, target: str) -> tuple[Callable[[list[str]], None], Callable[[], None]]:
    """A function running the statements on one raw connection, and its closer."""
    if vendor == "postgresql":
        import psycopg
        from django.db import connection

        # the session options Django's connections get (settings: jit=off), for a fair ceiling
        options = connection.settings_dict.get("OPTIONS", {}).get("options", "")
        conn = psycopg.connect(target, autocommit=True, options=options)
    else:
        import sqlite3

        conn = sqlite3.connect(target, isolation_level=None)  # type: ignore[assignment]

    def run(statements: list[str]) -> None:
        cur = conn.cursor()
        for sql in statements:
            cur.execute(sql)
            if cur.description is not None:  # an UPDATE (the token's last use) has no rows
                cur.fetchall()

    return run, conn.close


def _measure(
    name: str, get: Callable[[], Any], run_raw: Callable[[list[str]], None], n: int
) -> bool:
    status, statements = _captured(get)
    if status != 200:
        say(f"{name:<44} skipped (HTTP {status})")
        return True
    page = _percentiles(_timed(get, n))
    raw = _percentiles(_timed(lambda: run_raw(statements), n))
    say(
        f"{name:<44} {len(statements):>3} q  Django p50 {page[0]:6.1f}  p95 {page[1]:6.1f}"
        f"  p99 {page[2]:6.1f} ms | raw p50 {raw[0]:5.2f}  p95 {raw[1]:5.2f}  p99 {raw[2]:5.2f} ms"
        f" | p95 ratio {page[1] / max(raw[1], 1e-6):5.1f}×"
    )
    return page[1] <= TARGET_P95_MS


def _clients(w: SimpleNamespace, inspector: Any) -> dict[str, Any]:
    from django.test import Client

    from motcua.api.auth import token_create
    from motcua.testing.auth import sign_in

    out: dict[str, Any] = {}
    for who, user in (("reception", w.reception), ("specialist", w.specialist),
                      ("inspector", inspector)):  # fmt: skip
        out[who] = sign_in(Client(), user)
        out[f"{who}_token"] = f"Bearer {token_create(user=user)}"
    return out


def _pages(w: SimpleNamespace, c: dict[str, Any], code: str) -> list[tuple[str, Callable[[], Any]]]:
    from django.urls import reverse

    def page(who: str, path: str) -> Callable[[], Any]:
        return lambda: c[who].get(path)

    def api(who: str, path: str) -> Callable[[], Any]:
        return lambda: c[who].get(path, HTTP_AUTHORIZATION=c[f"{who}_token"])

    pages = [
        ("workspace home /can-bo/ (reception)", page("reception", "/can-bo/")),
        ("workspace home /can-bo/ (specialist)", page("specialist", "/can-bo/")),
        ("reception queue, to check, 50", page("reception", "/can-bo/viec/reception/?ds=check")),
        ("specialist queue, steps, 50", page("specialist", "/can-bo/viec/specialist/?ds=steps")),
        (
            "specialist queue, overdue",
            page("specialist", "/can-bo/viec/specialist/?ds=steps&han=overdue"),
        ),
        (
            "dossier page (specialist)",
            page("specialist", reverse("workspace:dossier", args=[code])),
        ),
    ]
    return [
        *pages,
        ("API queue=agency, 50 (reception)", api("reception", "/api/v1/dossiers?limit=50")),
        ("API queue=mine, 50 (specialist)", api("specialist", "/api/v1/dossiers?queue=mine")),
        ("API dossier (specialist)", api("specialist", f"/api/v1/dossiers/{code}")),
        ("inspector search, page 1 of 25", page("inspector", "/can-bo/giam-sat/")),
        ("inspector search, overdue", page("inspector", "/can-bo/giam-sat/?due=overdue")),
    ]


def run(vendor: str) -> int:
    """One backend, in this process (settings read the environment once)."""
    _prepare_env()
    n, requests = _env_int("BENCH_OPEN", 10_000), max(100, _env_int("BENCH_REQUESTS", 200))
    database = _postgres_database() if vendor == "postgresql" else _sqlite_database()
    with database as target:
        from django.conf import settings
        from django.db import connection

        # DEBUG off before the first request: no query log, production template engine (not
        # setup_test_environment, whose instrumented template rendering would be measured).
        settings.DEBUG = False
        say(f"{connection.vendor}: {n:,} open dossiers at {WARD}, {requests} requests per page")
        say(f"  load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        w = _world()
        _fill(w, n)
        if vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("ANALYZE")
        inspector = _inspector(w)
        clients = _clients(w, inspector)
        run_raw, close = _raw_runner(vendor, target)
        code = f"{WARD}-260302-{n // 2 + 1:05d}"
        results = [_measure(name, get, run_raw, requests) for name, get in _pages(w, clients, code)]
        ok = all(results)  # every page is measured, even after one misses the target
        close()
        say(f"p95 ≤ {TARGET_P95_MS:.0f} ms on every page: {'yes' if ok else 'NO'}")
        return 0 if ok or vendor != "postgresql" else 1


def main() -> None:
    backends = os.environ.get("BENCH_BACKENDS", "postgresql,sqlite").split(",")
    failed = 0
    for vendor in backends:
        say(f"\n== {vendor}")
        failed += subprocess.call(
            [sys.executable, "-c", f"import bench.bench_workspace as m; m.run({vendor.strip()!r})"]
        )
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()
