"""Analytics at city scale (issue 11): a generated city-year in PostgreSQL, then
- the rollup rebuild of every dossier (`motcua rollups_rebuild`), target ≤ 5 minutes for 5 million;
- the city dashboard for a year (the page, signed in), target ≤ 300 ms;
- the Decision 766 index for the city and a quarter, target ≤ 1 s;
- one ward's drill-down (its dashboard and the list of its late dossiers).
Each page is also measured as its raw ceiling: the same SQL statements, captured from the page,
replayed through plain psycopg on the same server in the same run (the machine is shared, so only
the ratio to the ceiling is comparable between runs).

BENCH_ANALYTICS_DOSSIERS sets the number of dossiers (default 5,000,000).
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from typing import Any

from bench._setup import temporary_database

RUNS = 7


def _median_ms(fn: Callable[[], Any], runs: int = RUNS) -> float:
    fn()  # warm the caches once
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _captured(fn: Callable[[], Any]) -> list[tuple[str, Any]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        fn()
    return [(q["sql"], None) for q in ctx.captured_queries]


def _raw_ms(url: str, statements: list[tuple[str, Any]]) -> float:
    """The same statements, already rendered with their parameters, through plain psycopg."""
    import psycopg

    skip = ("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "SET ")
    sqls = [s for s, _ in statements if not s.lstrip().upper().startswith(skip)]
    with psycopg.connect(url, autocommit=True) as conn:

        def run() -> None:
            with conn.cursor() as cur:
                for sql in sqls:
                    cur.execute(sql.encode())
                    if cur.description:
                        cur.fetchall()

        return _median_ms(run)


def main() -> None:
    n = int(os.environ.get("BENCH_ANALYTICS_DOSSIERS", "5000000"))
    os.environ["ALLOWED_HOSTS"] = "testserver"  # the test Client's host name
    with temporary_database("analytics") as url:
        from django.core.management import call_command
        from django.test import Client

        from motcua.accounts.models import Agency, Role, User
        from motcua.accounts.services import role_grant
        from motcua.analytics import index766, index_counts, periods
        from motcua.testing.auth import sign_in

        start = time.perf_counter()
        call_command("generate_city", dossiers=n, year=2026, seed=1)
        print(f"generate_city {n:,} dossiers: {time.perf_counter() - start:.1f} s", flush=True)

        start = time.perf_counter()
        call_command("rollups_rebuild")
        rebuild_s = time.perf_counter() - start
        print(f"rollups_rebuild {n:,} dossiers: {rebuild_s:.1f} s (target ≤ 300 s)", flush=True)

        city = Agency.objects.filter(parent__isnull=True).order_by("path").first()
        assert city is not None
        ward = Agency.objects.filter(parent=city, kind="ward").order_by("code").first()
        viewer = User.objects.create_user(username="bench-leader", password="x", kind="official")
        role_grant(user=viewer, agency=city, role=Role.CITY_ADMIN, include_descendants=True)
        client = sign_in(Client(), viewer)

        def page(path: str, **params: str) -> Callable[[], Any]:
            def get() -> None:
                r = client.get(path, params)
                assert r.status_code == 200, r.status_code

            return get

        quarter = periods.parse("2026-Q2")

        def index_city_quarter() -> None:
            index766.compute(index_counts.counts(city, quarter, today=quarter.end))

        cases = [
            ("city dashboard, year 2026", page("/can-bo/thong-ke/", ky="2026"), 300),
            ("766 index, city, 2026-Q2", index_city_quarter, 1000),
            ("766 page, city, 2026-Q2", page("/can-bo/thong-ke/chi-so-766/", ky="2026-Q2"), 1000),
        ]
        if ward is not None:
            cases += [
                ("ward dashboard, 2026", page("/can-bo/thong-ke/", ky="2026", co_quan=ward.code),
                 300),
                ("ward late dossiers list, 2026",
                 page("/can-bo/thong-ke/ho-so/", ky="2026", co_quan=ward.code, so="resolved_late"),
                 300),
            ]  # fmt: skip
        for label, fn, target in cases:
            ms = _median_ms(fn)
            statements = _captured(fn)
            raw = _raw_ms(url, statements)
            print(
                f"{label}: {ms:.0f} ms (target ≤ {target} ms); raw SQL ceiling {raw:.0f} ms "
                f"for its {len(statements)} statements; ratio {ms / max(raw, 0.1):.1f}×",
                flush=True,
            )
