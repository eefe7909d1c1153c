"""Online submissions per second on PostgreSQL, against the raw-SQL ceiling of their own
statements, in a temporary database (docs/adr/0005-fast-submission.md).

1. The statements of one submission are captured (CaptureQueriesContext) through the service
   (`dossier_submit`) and through the API (`POST /api/v1/dossiers`, in process with Django's
   test client and a bearer token) and printed.
2. BENCH_SUBMISSIONS submissions over BENCH_THREADS threads (each its own connection), into
   one agency (every submission queues on its daily counter) and spread over BENCH_AGENCIES
   agencies (only the global audit head is shared), through the service and through the API.
3. The ceiling: the captured statements replayed with plain psycopg by the same number of
   threads in the same run (the reads in autocommit, the writes in one transaction, a fresh
   dossier code and audit number each time), and again without the audit head's two
   statements: what the one global chain head costs.

Environment: BENCH_DATABASE_URL (server; default postgres://postgres@127.0.0.1:5432/),
BENCH_SUBMISSIONS (default 400), BENCH_THREADS (default 4), BENCH_AGENCIES (default 8).

    .venv/bin/python -c "import bench.submission_bench as m; m.main()"
"""

from __future__ import annotations

import itertools
import os
import re
import threading
import time
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from types import SimpleNamespace
from typing import Any

from bench._setup import temporary_database

PROCEDURE = "9.900002"
CCCD = "079090001234"
BODY = {
    "procedure_code": PROCEDURE,
    "applicant": {"kind": "person", "name": "Nguyễn Văn An", "id_number": CCCD},
    "form_data": {"purpose": "Đi học"},
}
CONTROL = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE")  # sent by the replay itself
Captured = dict[str, tuple[list[str], str]]  # agency code -> (statements, dossier code)
EVENT_GSEQ = re.compile(r"""(INSERT INTO "core_auditevent" .*? VALUES \()(\d+)(, 'dossier')""")


def say(text: str) -> None:
    print(text, flush=True)


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, "").replace("_", "") or default)


def _world(agencies: int) -> SimpleNamespace:
    """`agencies` wards under the city, one online procedure they all receive, a citizen."""
    from motcua.accounts.models import AgencyKind, User
    from motcua.accounts.services import agency_create
    from motcua.api.auth import token_create
    from motcua.catalog.models import Field
    from motcua.catalog.services import (
        FeeData,
        ProcedureData,
        procedure_draft_save,
        procedure_publish,
    )

    Field.objects.get_or_create(code="HT", defaults={"name": "Hộ tịch"})
    city = agency_create(
        code="000.00.00.H29",
        name="UBND Thành phố",
        short_name="UBND",
        kind=AgencyKind.CITY_COMMITTEE,
    )
    wards = [
        agency_create(
            code=f"000.{k // 100:02d}.{k % 100:02d}.H29",
            name=f"UBND Phường {k}",
            short_name="UBNDP",
            kind=AgencyKind.WARD,
            parent=city,
        )
        for k in range(1, agencies + 1)
    ]
    data = ProcedureData(
        code=PROCEDURE,
        name="Đăng ký khai sinh (bench)",
        field_code="HT",
        level="commune",
        time_limit_value=Decimal(3),
        time_limit_unit="working_days",
        applicants="Công dân",
        result_type="Giấy khai sinh",
        agency_codes=[w.code for w in wards],
        channels=["counter", "online"],
        online_type="partial",
        fees=[FeeData(kind="charge", description="Lệ phí", amount=50000)],
        form_schema=[{"name": "purpose", "label": "Mục đích", "type": "text", "required": True}],
    )
    procedure_publish(version=procedure_draft_save(data=data))
    citizen = User.objects.create_user(
        username="citizen", password="x-bench-pass", kind="citizen", cccd=CCCD
    )
    return SimpleNamespace(
        wards=[w.code for w in wards], citizen=citizen, token=token_create(user=citizen)
    )


def _service(w: SimpleNamespace) -> Callable[[str], str]:
    from motcua.dossiers.services.submission import ApplicantData, dossier_submit

    def submit(agency: str) -> str:
        applicant = ApplicantData(**BODY["applicant"])  # type: ignore[arg-type]
        dossier, _ = dossier_submit(
            actor=w.citizen,
            procedure_code=PROCEDURE,
            agency_code=agency,
            applicant=applicant,
            form_data={"purpose": "Đi học"},
        )
        return dossier.code

    return submit


def _api(w: SimpleNamespace) -> Callable[[], Callable[[str], str]]:
    """A factory: each thread gets its own test client."""
    from django.test import Client

    def make() -> Callable[[str], str]:
        client = Client(HTTP_HOST="localhost")
        auth = {"HTTP_AUTHORIZATION": f"Bearer {w.token}"}

        def submit(agency: str) -> str:
            resp = client.post(
                "/api/v1/dossiers",
                {**BODY, "agency_code": agency},
                content_type="application/json",
                **auth,
            )
            if resp.status_code != 201:
                raise RuntimeError(f"{resp.status_code} {resp.content[:200]!r}")
            return str(resp.json()["code"])

        return submit

    return make


def _capture(fn: Callable[[str], str], agency: str) -> tuple[list[str], str]:
    """The statements `fn(agency)` sends, as sent, and the dossier code it made."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        code = fn(agency)
    return [q["sql"] for q in ctx.captured_queries], code


def _threads(n: int, threads: int, work: Callable[[int], Callable[[int], Any]]) -> float:
    """Run `n` calls split over `threads` threads (`work(t)` gives thread t its call, made
    with the call's number); returns calls per second."""
    from django.db import connections

    errors: list[BaseException] = []
    barrier = threading.Barrier(threads + 1)

    def run(t: int) -> None:
        try:
            call = work(t)
            barrier.wait()
            for i in range(t, n, threads):
                call(i)
        except BaseException as exc:
            errors.append(exc)
            barrier.abort()
        finally:
            connections.close_all()

    pool = [threading.Thread(target=run, args=(t,)) for t in range(threads)]
    for p in pool:
        p.start()
    barrier.wait()
    start = time.perf_counter()
    for p in pool:
        p.join()
    elapsed = time.perf_counter() - start
    if errors:
        raise errors[0]
    return n / elapsed


class Replay:
    """One captured submission replayed with plain psycopg: the statements before the first
    write in autocommit, the writes (from the counter on) in one transaction, the reads after
    it in autocommit. Each replay uses a fresh dossier code and audit number."""

    serial = itertools.count(1)
    lock = threading.Lock()

    def __init__(self, statements: list[str], code: str, *, head: bool = True) -> None:
        statements = [s for s in statements if s.split()[0] not in CONTROL]
        first = next(i for i, s in enumerate(statements) if '"dossiers_dossiercounter"' in s)
        last = max(i for i, s in enumerate(statements) if s.startswith(("INSERT", "UPDATE")))
        keep = [s for s in statements if head or '"core_audithead"' not in s]
        self.code = code
        body = statements[first : last + 1]
        self.before = statements[:first]
        self.writes = [s for s in body if s in keep]
        self.after = statements[last + 1 :]

    def run(self, cur: Any) -> None:
        with self.lock:
            n = next(self.serial)
        code = f"{self.code.rsplit('-', 2)[0]}-RAW-{n:08d}"
        gseq = str(10**12 + n)
        for sql in self.before:
            cur.execute(sql)
        cur.execute("BEGIN")
        for sql in self.writes:
            sql = EVENT_GSEQ.sub(lambda m: m.group(1) + gseq + m.group(3), sql)
            cur.execute(sql.replace(self.code, code))
        cur.execute("COMMIT")
        for sql in self.after:
            cur.execute(sql.replace(self.code, code))


RESTORE_HEAD = (
    "UPDATE core_audithead SET (last_gseq, last_hash) = (SELECT gseq, hash FROM core_auditevent"
    " WHERE gseq < %s ORDER BY gseq DESC LIMIT 1) WHERE id = 1"
)


def _raw(url: str, replays: list[Replay], n: int, threads: int) -> float:
    """Replays per second; then the audit head is put back on the services' chain (the
    replayed head updates wrote a captured number)."""
    import psycopg

    def work(t: int) -> Callable[[int], None]:
        cur = psycopg.connect(url, autocommit=True).cursor()
        return lambda i: replays[i % len(replays)].run(cur)

    try:
        return _threads(n, threads, work)
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(RESTORE_HEAD, (10**12,))


def _shape(statements: list[str]) -> str:
    tx = [s for s in statements if not s.startswith(("SAVEPOINT", "RELEASE"))]
    words = [s.split()[0] for s in tx]
    return (
        f"{len(tx)} statements ({', '.join(f'{words.count(k)} {k}' for k in sorted(set(words)))})"
    )


def _compare(
    label: str,
    url: str,
    captured: Captured,
    measure: Callable[[], float],
    n: int,
    threads: int,
    agencies: list[str],
) -> None:
    """`measure()` against the raw ceiling of the same statements into the same agencies,
    replayed just before and just after it (their mean: the machine's load drifts)."""
    replays = [Replay(*captured[a]) for a in agencies]
    before = _raw(url, replays, n, threads)
    rate = measure()
    ceiling = (before + _raw(url, replays, n, threads)) / 2
    headless = _raw(url, [Replay(*captured[a], head=False) for a in agencies], n, threads)
    say(
        f"  {label}: {rate:7.1f}/s   raw ceiling {ceiling:7.1f}/s   ratio {rate / ceiling:5.1%}"
        f"   (raw without the audit head: {headless:7.1f}/s, x{headless / ceiling:.2f})"
    )


def _capture_all(w: SimpleNamespace, fn: Callable[[str], str], name: str) -> Captured:
    captured = {a: _capture(fn, a) for a in w.wards}
    say(f"{name}: {_shape(captured[w.wards[0]][0])} per submission")
    return captured


def _round(url: str, w: SimpleNamespace, agencies: list[str], n: int, threads: int) -> None:
    """Service and API into `agencies`, each against its own raw ceiling."""
    service, api = _service(w), _api(w)

    def service_work(t: int) -> Callable[[int], Any]:
        return lambda i: service(agencies[i % len(agencies)])

    def api_work(t: int) -> Callable[[int], Any]:
        call = api()
        return lambda i: call(agencies[i % len(agencies)])

    for label, work, path in (("service", service_work, "service"), ("API    ", api_work, "API")):
        measure = partial(_threads, n, threads, work)
        _compare(label, url, w.captured[path], measure, n, threads, agencies)


def main() -> None:
    n = _env_int("BENCH_SUBMISSIONS", 400)
    threads = _env_int("BENCH_THREADS", 4)
    count = _env_int("BENCH_AGENCIES", 8)
    with temporary_database("submission") as url:
        w = _world(count)
        api_one = _api(w)()
        _capture(api_one, w.wards[0])  # the token's first use is recorded once
        w.captured = {
            "service": _capture_all(w, _service(w), "service"),
            "API": _capture_all(w, api_one, "API"),
        }
        say(f"{n} submissions, {threads} threads, PostgreSQL (ratio = measured / raw ceiling)")
        for label, agencies in (("one agency", w.wards[:1]), (f"{count} agencies", w.wards)):
            say(f"{label}:")
            _round(url, w, agencies, n, threads)


if __name__ == "__main__":
    main()
