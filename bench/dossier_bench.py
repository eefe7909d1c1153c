"""Dossier throughput and deadline-sweep benchmark on PostgreSQL, in a temporary database.

1. Dossiers per second from online submission to returned result through the services
   (submit → receive → approve both steps of a 2-step process → record result → return),
   sequential in one thread, then split over 2 threads (each with its own connection).
2. The raw-SQL ceiling: the statements the services issue for one dossier (counted once with
   CaptureQueriesContext) mirrored one for one in plain psycopg on one connection.
3. `deadline_sweep()` over BENCH_OPEN_DOSSIERS open dossiers bulk-inserted with raw SQL
   (~1% overdue, ~1% due soon), run twice, and the bare UPDATE statements as a ceiling.

Environment: BENCH_DATABASE_URL (server; default postgres://postgres@127.0.0.1:5432/),
BENCH_DOSSIERS (default 300, at most 3,000: the three runs share one daily code counter that
stops at 9,999), BENCH_OPEN_DOSSIERS (default 1,000,000). Slips are not rendered:
MOTCUA_TASK_BACKEND=dummy only queues the on_commit tasks in memory.

    .venv/bin/python -c "import bench.dossier_bench as m; m.main()"
    BENCH_DOSSIERS=30 BENCH_OPEN_DOSSIERS=20000 .venv/bin/python -c "..."   # quick run
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from bench._setup import temporary_database

WARD = "000.01.30.H29"
PROCEDURE = "9.900001"
CCCD = "079090001234"
PHONE = "+84901234567"
MAX_DOSSIERS = 3000
INSERT_CHUNK = 200_000

Probe = Callable[[str], AbstractContextManager[Any]]


def say(text: str) -> None:
    print(text, flush=True)


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, "").replace("_", "") or default)


# -- the world --------------------------------------------------------------------------------


def _user(
    username: str, agency: Any, roles: list[str], kind: str = "official", **extra: Any
) -> Any:
    from motcua.accounts.models import User
    from motcua.accounts.services import role_grant

    user = User.objects.create_user(
        username=username, password="x-bench-pass", kind=kind, full_name=username.title(), **extra
    )
    for role in roles:
        role_grant(user=user, agency=agency, role=role)
    return user


def _world() -> SimpleNamespace:
    """A ward under the city, its officials, a citizen, one online procedure and its published
    2-step process, all made through the services (as tests/dossiers/conftest.py does)."""
    from motcua.accounts.models import AgencyKind, Role
    from motcua.accounts.services import agency_create
    from motcua.catalog.models import Field, Procedure
    from motcua.catalog.services import (
        DocumentData,
        FeeData,
        ProcedureData,
        procedure_draft_save,
        procedure_publish,
    )
    from motcua.dossiers.services.process import process_create, process_publish

    Field.objects.get_or_create(code="HT", defaults={"name": "Hộ tịch"})
    city = agency_create(
        code="000.00.00.H29",
        name="UBND Thành phố Hồ Chí Minh",
        short_name="UBND",
        kind=AgencyKind.CITY_COMMITTEE,
    )
    ward = agency_create(
        code=WARD,
        name="UBND Phường Bến Thành",
        short_name="UBNDP",
        kind=AgencyKind.WARD,
        parent=city,
    )
    data = ProcedureData(
        code=PROCEDURE,
        name="Đăng ký khai sinh (bench)",
        field_code="HT",
        level="commune",
        time_limit_value=Decimal(3),
        time_limit_unit="working_days",
        applicants="Công dân",
        result_type="Giấy khai sinh",
        agency_codes=[WARD],
        channels=["counter", "online"],
        online_type="partial",
        documents=[
            DocumentData(name="Tờ khai"),
            DocumentData(name="Bản sao CCCD", copy_type="copy"),
        ],
        fees=[FeeData(kind="charge", description="Lệ phí", amount=50000)],
        form_schema=[{"name": "purpose", "label": "Mục đích", "type": "text", "required": True}],
    )
    version = procedure_publish(version=procedure_draft_save(data=data))
    common = {"outcomes": ["approve", "return", "refuse"], "agency_rule": "receiving"}
    process = process_create(
        procedure=Procedure.objects.get(code=PROCEDURE),
        name="Quy trình 3 ngày",
        steps=[
            {
                "key": "review",
                "name": "Thẩm định",
                "role": Role.SPECIALIST,
                "allotted_hours": 16,
                **common,
            },
            {"key": "sign", "name": "Ký duyệt", "role": Role.SIGNER, "allotted_hours": 8, **common},
        ],
        edges=[
            {"source": None, "target": "review"},
            {"source": "review", "target": "sign"},
            {"source": "sign", "target": None},
        ],
    )
    process_publish(process=process)
    steps = dict(process.steps.values_list("key", "pk"))
    return SimpleNamespace(
        city=city,
        ward=ward,
        version=version,
        process=process,
        steps=(steps["review"], steps["sign"]),
        reception=_user("reception", ward, [Role.RECEPTION], home_agency=ward),
        specialist=_user("specialist", ward, [Role.SPECIALIST], home_agency=ward),
        signer=_user("signer", ward, [Role.SIGNER, Role.CLERK], home_agency=ward),
        citizen=_user("citizen", ward, [], kind="citizen", cccd=CCCD),
    )


# -- 1. through the services ------------------------------------------------------------------


def _open_step(code: str) -> int:
    """What the caller (API) reads to pick the step; not counted as the services' queries."""
    from motcua.dossiers.models import StepInstance, StepStatus

    return (
        StepInstance.objects.filter(dossier__code=code, status=StepStatus.ACTIVE)
        .values_list("pk", flat=True)
        .get()
    )


def _lifecycle(w: SimpleNamespace, i: int, probe: Probe | None = None) -> str:
    """One dossier from online submission to returned result; returns its code."""
    from motcua.dossiers.services import processing, reception, results
    from motcua.dossiers.services.submission import ApplicantData, dossier_submit

    probe = probe or (lambda _name: nullcontext())
    applicant = ApplicantData(
        kind="person",
        name="Nguyễn Văn An",
        id_number=CCCD,
        phone="0901234567",
        address=f"{i} Lê Lợi, Phường Bến Thành",
    )
    with probe("submit"):
        dossier, _ = dossier_submit(
            actor=w.citizen,
            procedure_code=PROCEDURE,
            agency_code=WARD,
            applicant=applicant,
            form_data={"purpose": "Đi học"},
        )
    code = dossier.code
    with probe("receive"):
        reception.dossier_receive(actor=w.reception, code=code)
    for name, user in (("complete review", w.specialist), ("complete sign", w.signer)):
        step_id = _open_step(code)
        with probe(name):
            processing.step_complete(actor=user, code=code, step_id=step_id, outcome="approve")
    with probe("record result"):
        results.result_record(actor=w.signer, code=code, summary=f"Giấy khai sinh số {i}")
    with probe("return"):
        results.result_return(actor=w.reception, code=code, channel="counter")
    return code


def _kind(sql: str) -> str:
    word = sql.lstrip().split(None, 1)[0].upper()
    if word in ("BEGIN", "COMMIT"):
        return "BEGIN/COMMIT"
    if word in ("SAVEPOINT", "RELEASE"):
        return "SAVEPOINT/RELEASE"
    if word == "SELECT" and sql.rstrip().endswith("FOR UPDATE"):
        return "SELECT FOR UPDATE"
    return word


def _shape(statements: list[str]) -> str:
    kinds = Counter(_kind(s) for s in statements)
    order = ["SELECT", "SELECT FOR UPDATE", "INSERT", "UPDATE", "BEGIN/COMMIT", "SAVEPOINT/RELEASE"]
    return ", ".join(f"{kinds[k]} {k}" for k in order if kinds[k])


def _count_queries(w: SimpleNamespace) -> int:
    """Run one lifecycle under CaptureQueriesContext and print what each service issued."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    per_call: dict[str, list[str]] = {}

    @contextmanager
    def probe(name: str) -> Iterator[None]:
        with CaptureQueriesContext(connection) as ctx:
            yield
        per_call[name] = [q["sql"] for q in ctx.captured_queries]

    _lifecycle(w, 0, probe)
    every = [sql for statements in per_call.values() for sql in statements]
    say(f"statements the services issue per dossier: {len(every)} ({_shape(every)})")
    say("  " + "; ".join(f"{name} {len(s)}" for name, s in per_call.items()))
    return len(every)


def _timed(fn: Callable[[], Any]) -> tuple[float, float]:
    """Wall and CPU (this process, every thread) seconds of `fn()`."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def _sequential(w: SimpleNamespace, n: int, start: int) -> None:
    for i in range(start, start + n):
        _lifecycle(w, i)


@contextmanager
def _lock_waits(url: str, every: float = 0.01) -> Iterator[list[int]]:
    """Sample pg_stat_activity every `every` seconds: yields [samples, samples in which some
    session of this database was waiting for a lock] (filled in when the block ends)."""
    import psycopg

    counts = [0, 0]
    done = threading.Event()

    def sample() -> None:
        with psycopg.connect(url, autocommit=True) as conn:
            while not done.wait(every):
                waiting = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND wait_event_type = 'Lock'"
                ).fetchone()[0]
                counts[0] += 1
                counts[1] += waiting > 0

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        yield counts
    finally:
        done.set()
        sampler.join()


def _threaded(w: SimpleNamespace, n: int, start: int, threads: int = 2) -> None:
    """`n` dossiers split over `threads` threads; Django gives each thread its own connection."""
    from django.db import connection

    errors: list[BaseException] = []

    def work(first: int, count: int) -> None:
        try:
            for i in range(first, first + count):
                _lifecycle(w, i)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    share = n // threads
    counts = [n - share * (threads - 1)] + [share] * (threads - 1)
    workers = [
        threading.Thread(target=work, args=(start + sum(counts[:k]), counts[k]))
        for k in range(threads)
    ]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    if errors:
        raise errors[0]


# -- 2. the raw-SQL ceiling -------------------------------------------------------------------

LOCK_DOSSIER = (
    "SELECT d.*, a.*, v.* FROM dossiers_dossier d"
    " JOIN accounts_agency a ON a.id = d.receiving_agency_id"
    " JOIN catalog_procedureversion v ON v.id = d.procedure_version_id"
    " WHERE d.code = %s LIMIT 21 FOR UPDATE"
)
ROLE = (
    "SELECT 1 FROM accounts_roleassignment WHERE (agency_id = %s OR (agency_id = ANY(%s)"
    " AND include_descendants)) AND role = ANY(%s) AND user_id = %s LIMIT 1"
)
HEAD_LOCK = "SELECT id, last_gseq, last_hash FROM core_audithead WHERE id = 1 LIMIT 1 FOR UPDATE"
STREAM_SEQ = (
    "SELECT seq FROM core_auditevent WHERE stream_type = 'dossier' AND stream_id = %s"
    " ORDER BY seq DESC LIMIT 1"
)
EVENT = (
    "INSERT INTO core_auditevent (gseq, stream_type, stream_id, seq, kind, actor_id, actor_label,"
    " occurred_at, payload, prev_hash, hash)"
    " VALUES (%s, 'dossier', %s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id"
)
OUTBOX = (
    "INSERT INTO core_outboxmessage (kind, channel, recipient, subject_type, subject_id, payload,"
    " dedupe_key, status, attempts, created_at, sent_at)"
    " VALUES (%s, 'sms', %s, 'dossier', %s, %s, NULL, 'pending', 0, %s, NULL) RETURNING id"
)
STEP_LOCK = (
    "SELECT i.*, s.*, a.* FROM dossiers_stepinstance i"
    " JOIN dossiers_processstep s ON s.id = i.step_id JOIN accounts_agency a ON a.id = i.agency_id"
    " WHERE i.dossier_id = %s AND i.id = %s LIMIT 1 FOR UPDATE"
)
STEP_INSERT = (
    "INSERT INTO dossiers_stepinstance (dossier_id, step_id, agency_id, status, assignee_id,"
    " handed_by_id, activated_at, due_at, completed_at, completed_by_id, outcome, note, timing,"
    " due_state, version) VALUES (%s, %s, %s, 'active', NULL, %s, %s, %s, NULL, NULL, '', '', '',"
    " 'on_track', 1) RETURNING id"
)
STEP_CLOSE = (
    "UPDATE dossiers_stepinstance SET status = 'done', completed_at = %s, completed_by_id = %s,"
    " outcome = 'approve', note = '', timing = 'early', version = 2 WHERE id = %s"
)
OUT_EDGES = (
    "SELECT t.*, s.* FROM dossiers_processtransition t"
    " LEFT JOIN dossiers_processstep s ON s.id = t.target_id WHERE t.source_id = %s"
)
DOSSIER_INSERT = (
    "INSERT INTO dossiers_dossier (code, procedure_version_id, process_id, profile_code,"
    " receiving_agency_id, channel, status, pause_reason, due_state, applicant_kind,"
    " applicant_name, applicant_id_number, applicant_phone, applicant_email, applicant_address,"
    " representative_name, representative_id_number, applicant_user_id, form_data, fee_total,"
    " submitted_at, received_at, deemed_received_at, due_at, extended_due_at, paused_at,"
    " paused_seconds, finished_at, returned_at, calendar_version, return_channel, result_summary,"
    " refusal_reasons, reception_supplements, supplement_flagged, apology_count, idempotency_key,"
    " submitted_by_id, version, created_at, tracking_pin)"
    " VALUES (%s, %s, NULL, 'ND118_2025', %s, 'online', 'submitted', '', 'on_track', 'person',"
    " 'Nguyễn Văn An', %s, %s, '', %s, '', '', %s, %s, 50000, %s, NULL, NULL, NULL, NULL, NULL,"
    " 0, NULL, NULL, '', '', '', '[]', 0, false, 0, NULL, %s, 1, %s, %s) RETURNING id"
)


class _Raw:
    """The services' statements for one dossier, mirrored one for one with plain psycopg on an
    autocommit connection (BEGIN and COMMIT are sent as statements, as psycopg does for Django).
    Reads are the same tables, joins and locks; updates set only the changed columns (Django
    writes every column when a service saves without update_fields)."""

    def __init__(self, conn: Any, w: SimpleNamespace) -> None:
        self.cur = conn.cursor()
        self.w = w
        self.statements: list[str] = []
        self.ancestors = [w.city.pk]

    def x(self, sql: str, params: Any = None) -> Any:
        self.statements.append(sql)
        return self.cur.execute(sql, params)

    def one(self, sql: str, params: Any = None) -> Any:
        return self.x(sql, params).fetchone()

    def role(self, roles: list[str], user: Any) -> None:
        self.x(ROLE, (self.w.ward.pk, self.ancestors, roles, user.pk))

    def audit(self, d: dict[str, Any], kind: str, actor: Any, payload: dict[str, Any]) -> None:
        """audit.append: the global head locked, the stream's last number, the hashed event,
        the head moved."""
        from psycopg.types.json import Jsonb

        _, gseq, prev = self.one(HEAD_LOCK)
        last = self.one(STREAM_SEQ, (d["code"],))
        prev, gseq, seq, at = (
            prev or "0" * 64,
            gseq + 1,
            (last[0] if last else 0) + 1,
            datetime.now(UTC),
        )
        body = json.dumps(
            {
                "gseq": gseq,
                "stream": f"dossier:{d['code']}",
                "seq": seq,
                "kind": kind,
                "actor": actor.pk,
                "at": at.isoformat(),
                "payload": payload,
            },
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
        )
        digest = hashlib.sha256((prev + body).encode()).hexdigest()
        self.x(
            EVENT,
            (gseq, d["code"], seq, kind, actor.pk, str(actor), at, Jsonb(payload), prev, digest),
        )
        self.x(
            "UPDATE core_audithead SET last_gseq = %s, last_hash = %s WHERE id = 1", (gseq, digest)
        )

    def outbox(self, d: dict[str, Any], kind: str, payload: dict[str, Any]) -> None:
        from psycopg.types.json import Jsonb

        self.x(
            OUTBOX,
            (kind, PHONE, d["code"], Jsonb({"code": d["code"], **payload}), datetime.now(UTC)),
        )

    def bump(self, d: dict[str, Any], sql: str, params: tuple[Any, ...]) -> None:
        d["version"] += 1
        self.x(
            f"UPDATE dossiers_dossier SET {sql}, version = %s WHERE id = %s",
            (*params, d["version"], d["id"]),
        )

    def lifecycle(self, i: int) -> None:
        d: dict[str, Any] = {"version": 0}
        self.submit(d, i)
        self.receive(d)
        self.complete(d, self.w.specialist, self.w.steps[0], self.w.steps[1])
        self.complete(d, self.w.signer, self.w.steps[1], None)
        self.result(d, i)
        self.give_back(d)

    def submit(self, d: dict[str, Any], i: int) -> None:
        from psycopg.types.json import Jsonb

        w, ward = self.w, self.w.ward.pk
        self.x(
            "SELECT p.*, v.* FROM catalog_procedure p LEFT JOIN catalog_procedureversion v"
            " ON v.id = p.current_id WHERE p.code = %s LIMIT 1",
            (PROCEDURE,),
        )
        self.x("SELECT * FROM accounts_agency WHERE code = %s AND is_active LIMIT 1", (WARD,))
        self.x(
            "SELECT 1 FROM accounts_agency a JOIN catalog_procedureversion_agencies pa"
            " ON a.id = pa.agency_id WHERE pa.procedureversion_id = %s AND a.id = %s LIMIT 1",
            (w.version.pk, ward),
        )
        at = datetime.now(UTC)
        day = at.astimezone(w.tz).date()
        self.x("BEGIN")
        for _ in range(2):  # dossier_submit takes the counter lock, then next_code again
            self.x(
                "INSERT INTO dossiers_dossiercounter (agency_id, day, last)"
                " VALUES (%s, %s, 0) ON CONFLICT DO NOTHING",
                (ward, day),
            )
            counter, last = self.one(
                "SELECT id, last FROM dossiers_dossiercounter"
                " WHERE agency_id = %s AND day = %s LIMIT 21 FOR UPDATE",
                (ward, day),
            )
        self.x("UPDATE dossiers_dossiercounter SET last = %s WHERE id = %s", (last + 1, counter))
        self.x("SELECT * FROM catalog_fee WHERE version_id = %s", (w.version.pk,))
        self.x("SELECT * FROM catalog_procedure WHERE id = %s LIMIT 21", (w.version.procedure_id,))
        d["code"] = f"{WARD}-{day:%y%m%d}-{last + 1:04d}"
        d["version"] = 1
        d["id"] = self.one(
            DOSSIER_INSERT,
            (
                d["code"],
                w.version.pk,
                ward,
                CCCD,
                PHONE,
                f"{i} Lê Lợi, Phường Bến Thành",
                w.citizen.pk,
                Jsonb({"purpose": "Đi học"}),
                at,
                w.citizen.pk,
                at,
                f"{secrets.randbelow(10**6):06d}",  # the tracking PIN the model draws
            ),
        )[0]
        self.audit(d, "dossier.submitted", w.citizen, {"status": "submitted", "channel": "online"})
        self.outbox(d, "dossier.submitted", {"procedure": w.version.name})
        self.x("COMMIT")

    def receive(self, d: dict[str, Any]) -> None:
        w, at = self.w, datetime.now(UTC)
        due = at + timedelta(days=3)
        self.x("BEGIN")
        self.x(LOCK_DOSSIER, (d["code"],))
        self.role(["reception"], w.reception)
        self.x("SELECT * FROM catalog_procedure WHERE id = %s LIMIT 21", (w.version.procedure_id,))
        for agency in ("agency_id = %s", "agency_id IS NULL"):
            self.x(
                "SELECT * FROM dossiers_processdefinition WHERE procedure_id = %s"
                f" AND status = 'published' AND {agency} ORDER BY version DESC LIMIT 1",
                (w.version.procedure_id, w.ward.pk)
                if "%s" in agency
                else (w.version.procedure_id,),
            )
        self.bump(
            d,
            "received_at = %s, deemed_received_at = %s, due_at = %s,"
            " calendar_version = %s, profile_code = %s, process_id = %s, status = %s",
            (at, at, due, "bench", "ND118_2025", w.process.pk, "received"),
        )
        self.audit(d, "dossier.received", w.reception, {"status": "received"})
        self.x(
            'SELECT DISTINCT s.*, s.process_id, s."order" FROM dossiers_processstep s'
            " LEFT JOIN dossiers_processtransition t ON s.id = t.target_id"
            " WHERE s.process_id = %s AND t.source_id IS NULL"
            ' ORDER BY s.process_id, s."order"',
            (w.process.pk,),
        )
        d["step"] = self.one(
            STEP_INSERT,
            (d["id"], w.steps[0], w.ward.pk, w.reception.pk, at, at + timedelta(days=2)),
        )[0]
        self.outbox(d, "dossier.received", {"due_at": due.isoformat()})
        self.x("COMMIT")

    def complete(self, d: dict[str, Any], user: Any, step: int, following: int | None) -> None:
        at = datetime.now(UTC)
        self.x("BEGIN")
        self.x(LOCK_DOSSIER, (d["code"],))
        self.x(STEP_LOCK, (d["id"], d["step"]))
        self.role(["specialist" if following else "signer"], user)
        self.x(STEP_CLOSE, (at, user.pk, d["step"]))
        self.x(OUT_EDGES, (step,))
        if following is not None:
            self.x("SELECT * FROM dossiers_processtransition WHERE target_id = %s", (following,))
            self.x(
                "SELECT 1 FROM dossiers_stepinstance WHERE dossier_id = %s"
                " AND status = 'active' AND step_id = ANY(%s) LIMIT 1",
                (d["id"], [step]),
            )
            self.x(
                "SELECT step_id FROM dossiers_stepinstance WHERE dossier_id = %s"
                " AND status = 'done' AND step_id = ANY(%s)",
                (d["id"], [step]),
            )
            d["step"] = self.one(
                STEP_INSERT,
                (d["id"], following, self.w.ward.pk, user.pk, at, at + timedelta(days=1)),
            )[0]
        self.bump(d, "status = %s", ("in_progress",))
        self.audit(d, "step.approve", user, {"status": "in_progress", "outcome": "approve"})
        self.x("COMMIT")

    def result(self, d: dict[str, Any], i: int) -> None:
        w, at = self.w, datetime.now(UTC)
        self.x("BEGIN")
        self.x(LOCK_DOSSIER, (d["code"],))
        self.x(
            "SELECT 1 FROM dossiers_stepinstance WHERE dossier_id = %s AND status = 'active'"
            " LIMIT 1",
            (d["id"],),
        )
        self.x(
            "SELECT i.*, a.* FROM dossiers_stepinstance i JOIN accounts_agency a"
            " ON a.id = i.agency_id WHERE i.dossier_id = %s",
            (d["id"],),
        )
        self.role(["specialist", "signer", "clerk"], w.signer)
        summary = f"Giấy khai sinh số {i}"
        self.bump(
            d, "result_summary = %s, status = %s, finished_at = %s", (summary, "result_ready", at)
        )
        self.audit(d, "dossier.result_recorded", w.signer, {"summary": summary})
        self.outbox(d, "dossier.result_ready", {})
        self.x("COMMIT")

    def give_back(self, d: dict[str, Any]) -> None:
        w, at = self.w, datetime.now(UTC)
        self.x("BEGIN")
        self.x(LOCK_DOSSIER, (d["code"],))
        self.role(["reception"], w.reception)
        self.bump(
            d, "status = %s, returned_at = %s, return_channel = %s", ("returned", at, "counter")
        )
        self.audit(d, "dossier.returned", w.reception, {"channel": "counter"})
        self.outbox(d, "dossier.returned", {"channel": "counter"})
        self.x("COMMIT")


def _raw(url: str, w: SimpleNamespace, n: int, start: int) -> tuple[float, float, list[str]]:
    """`n` raw lifecycles on one connection: wall and CPU seconds, one dossier's statements."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        raw = _Raw(conn, w)
        raw.lifecycle(start)  # warm-up, and the statement list of one dossier
        one = list(raw.statements)
        wall, cpu = _timed(lambda: [raw.lifecycle(i) for i in range(start + 1, start + 1 + n)])
        return wall, cpu, one


def throughput(url: str, w: SimpleNamespace, n: int) -> None:
    from django.utils import timezone

    w.tz = timezone.get_current_timezone()
    say(f"\n[1] dossiers from online submission to returned result, N = {n}")
    _sequential(w, 3, 1)  # warm-up; the calendar has just checked its overrides table, so
    count = _count_queries(w)  # its occasional freshness query is not counted
    seq, cpu = _timed(lambda: _sequential(w, n, 10))
    say(
        f"services, 1 thread:    {n / seq:8.1f} dossiers/s  ({seq * 1000 / n:.1f} ms per dossier,"
        f" of which {cpu * 1000 / n:.1f} ms CPU in Python; {count * n / seq:,.0f} statements/s)"
    )
    with _lock_waits(url) as waits:
        two, cpu = _timed(lambda: _threaded(w, n, 10 + n))
    say(
        f"services, 2 threads:   {n / two:8.1f} dossiers/s  ({n / two / (n / seq):.2f}× one thread;"
        f" {cpu * 1000 / n:.1f} ms CPU per dossier)"
    )
    say(
        f"  a session was waiting for a row lock in {waits[1] / max(waits[0], 1) * 100:.0f}% of"
        f" {waits[0]} samples taken every 10 ms"
    )

    say("\n[2] raw-SQL ceiling (plain psycopg, one connection, sequential, same statements)")
    raw_time, cpu, one = _raw(url, w, n, 10 + 2 * n)
    say(f"raw statements per dossier: {len(one)} ({_shape(one)})")
    say(
        f"raw SQL, 1 connection: {n / raw_time:8.1f} dossiers/s  ({raw_time * 1000 / n:.1f} ms per"
        f" dossier, of which {cpu * 1000 / n:.1f} ms CPU in Python;"
        f" {len(one) * n / raw_time:,.0f} statements/s)"
    )
    say(
        f"services / raw: {raw_time / seq:.2f} (the services reach {raw_time / seq * 100:.0f}% of"
        " the raw rate)"
    )


# -- 3. the deadline sweep --------------------------------------------------------------------

BULK_INSERT = """
INSERT INTO dossiers_dossier (code, procedure_version_id, process_id, profile_code,
  receiving_agency_id, channel, status, pause_reason, due_state, applicant_kind, applicant_name,
  applicant_id_number, applicant_phone, applicant_email, applicant_address, representative_name,
  representative_id_number, form_data, fee_total, submitted_at, received_at, deemed_received_at,
  due_at, paused_seconds, calendar_version, return_channel, result_summary, refusal_reasons,
  reception_supplements, supplement_flagged, apology_count, version, created_at, tracking_pin)
SELECT 'SW-' || lpad(g::text, 9, '0'), %(version)s, %(process)s, 'ND118_2025', %(agency)s,
  'online', CASE WHEN g %% 2 = 0 THEN 'received' ELSE 'in_progress' END, '', 'on_track',
  'person', 'Nguyễn Văn An', '079090001234', '+84901234567', '', g || ' Lê Lợi, Phường Bến Thành',
  '', '', '{"purpose": "Đi học"}', 50000, due - interval '5 days', due - interval '5 days',
  due - interval '5 days', due, 0, 'bench', '', '', '[]', 0, false, 0, 2, %(now)s,
  lpad((g %% 1000000)::text, 6, '0')
FROM generate_series(%(first)s::int, %(last)s::int) AS g,
LATERAL (SELECT CASE g %% 100
  WHEN 0 THEN %(now)s - (1 + g %% 30) * interval '1 day'                 -- overdue
  WHEN 1 THEN %(now)s + (%(soon)s - %(now)s) * ((g / 100 %% 98) + 1) / 100.0  -- due soon
  ELSE %(soon)s + interval '1 hour' + (g %% 60) * interval '1 day'        -- on track
  END AS due) AS d
"""
CLOCK = "status IN ('received', 'in_progress') AND pause_reason = ''"
DUE_BEFORE = "((extended_due_at IS NULL AND due_at < %(at)s) OR extended_due_at < %(at)s)"


def _bulk_open(url: str, w: SimpleNamespace, n: int, at: datetime, soon: datetime) -> None:
    """Insert `n` open dossiers with the plain indexes dropped, then rebuild them (the same
    end state, about a third faster than maintaining 14 indexes row by row) and ANALYZE."""
    import psycopg

    params = {
        "version": w.version.pk,
        "process": w.process.pk,
        "agency": w.ward.pk,
        "now": at,
        "soon": soon,
    }
    began = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        indexes = conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'dossiers_dossier'"
            " AND indexname NOT IN (SELECT conname FROM pg_constraint)"
        ).fetchall()
        for name, _ in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        for first in range(1, n + 1, INSERT_CHUNK):
            last = min(n, first + INSERT_CHUNK - 1)
            conn.execute(BULK_INSERT, {**params, "first": first, "last": last})
            say(f"  inserted {last:,} open dossiers ({time.perf_counter() - began:.1f} s)")
        for _, definition in indexes:
            conn.execute(definition)
        say(f"  {len(indexes)} indexes rebuilt ({time.perf_counter() - began:.1f} s)")
        conn.execute("ANALYZE dossiers_dossier")
        say(f"  ANALYZE ({time.perf_counter() - began:.1f} s)")


def _raw_updates(url: str, at: datetime, soon: datetime) -> None:
    """The sweep's two dossier UPDATEs as single statements (no chunks, no outbox), timed, then
    the states reset and the table vacuumed so the sweep starts from the same rows."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        t = time.perf_counter()
        over = conn.execute(
            f"UPDATE dossiers_dossier SET due_state = 'overdue' WHERE {CLOCK} AND {DUE_BEFORE}"
            " AND due_state <> 'overdue'",
            {"at": at},
        ).rowcount
        t_over = time.perf_counter() - t
        t = time.perf_counter()
        soon_rows = conn.execute(
            f"UPDATE dossiers_dossier SET due_state = 'due_soon' WHERE {CLOCK} AND {DUE_BEFORE}"
            " AND due_state = 'on_track'",
            {"at": soon},
        ).rowcount
        t_soon = time.perf_counter() - t
        say(f"raw UPDATE overdue:  {over:>8,} rows in {t_over:6.2f} s")
        say(
            f"raw UPDATE due soon: {soon_rows:>8,} rows in {t_soon:6.2f} s"
            f"  (ceiling for both: {t_over + t_soon:.2f} s)"
        )
        t = time.perf_counter()
        conn.execute(
            "UPDATE dossiers_dossier SET due_state = 'on_track' WHERE due_state <> 'on_track'"
        )
        conn.execute("VACUUM ANALYZE dossiers_dossier")
        say(f"  states reset and VACUUM ANALYZE: {time.perf_counter() - t:.1f} s")


def _plan(at: datetime) -> str:
    """The plan PostgreSQL picks for one chunk of the sweep's overdue query (as _mark builds it)."""
    from motcua.dossiers.models import CLOCK_STATUSES, Dossier, DueState
    from motcua.dossiers.selectors.due import due_before
    from motcua.dossiers.services.lateness import CHUNK

    qs = (
        Dossier.objects.filter(status__in=CLOCK_STATUSES, pause_reason="")
        .filter(due_before(at))
        .exclude(due_state=DueState.OVERDUE)
        .values_list("pk", "code")[:CHUNK]
    )
    lines = qs.explain().splitlines()
    nodes = [line.strip().removeprefix("->  ").split("  (")[0] for line in lines]
    return " → ".join(node for node in nodes if not node.startswith(("Filter", "Index Cond")))


def sweep(url: str, w: SimpleNamespace, n: int) -> None:
    from django.conf import settings
    from django.utils import timezone

    from motcua.core import calendar
    from motcua.core.models import OutboxMessage
    from motcua.dossiers.services.lateness import deadline_sweep

    at = timezone.now()
    soon = calendar.add_working_time(at, Decimal(settings.MOTCUA["DUE_SOON_WORKING_DAYS"] * 8))
    say(
        f"\n[3] deadline_sweep over {n:,} open dossiers (received / in_progress), at = now,"
        f" due soon before {timezone.localtime(soon):%Y-%m-%d %H:%M}"
    )
    _bulk_open(url, w, n, at, soon)
    _raw_updates(url, at, soon)
    say(f"  plan of one sweep chunk: {_plan(at)}")
    for run in ("first", "second"):
        before = OutboxMessage.objects.count()
        t = time.perf_counter()
        result = deadline_sweep(at=at)
        elapsed = time.perf_counter() - t
        say(
            f"deadline_sweep, {run} run: {elapsed:6.2f} s — overdue {result.overdue:,}, due soon"
            f" {result.due_soon:,}, steps overdue {result.steps_overdue:,}, steps due soon"
            f" {result.steps_due_soon:,}; outbox +{OutboxMessage.objects.count() - before:,}"
        )


def main() -> None:
    n = _env_int("BENCH_DOSSIERS", 300)
    open_n = _env_int("BENCH_OPEN_DOSSIERS", 1_000_000)
    if not 0 < n <= MAX_DOSSIERS:
        raise SystemExit(f"BENCH_DOSSIERS must be 1..{MAX_DOSSIERS} (daily code counter)")
    began = time.perf_counter()
    with temporary_database("dossier") as url:
        say(
            f"PostgreSQL database {url.rsplit('/', 1)[-1]} (dropped at the end); slips are not"
            " rendered: MOTCUA_TASK_BACKEND=dummy only queues the on_commit tasks in memory"
        )
        say(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        w = _world()
        throughput(url, w, n)
        from django_tasks import default_task_backend

        queued = len(getattr(default_task_backend, "results", []))
        say(f"slip tasks queued in memory (main thread): {queued:,}")
        sweep(url, w, open_n)
    say(f"\ntotal {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
