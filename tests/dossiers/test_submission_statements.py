"""The statements of the write path, counted (SQLite and PostgreSQL): one online submission
through the API, a replay, and the officials' receive, claim and complete; and the dossier code
after number 9,999 of a day (docs/adr/0005-fast-submission.md)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from motcua.api.auth import token_create
from motcua.core.errors import DomainError
from motcua.core.models import AuditEvent
from motcua.dossiers.models import Dossier, DossierCounter
from motcua.dossiers.services.numbering import format_code
from motcua.dossiers.services.submission import dossier_submit
from tests.dossiers.conftest import World, applicant
from tests.dossiers.test_api import BODY

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=HCM)
TOKEN_TABLE = '"accounts_apitoken"'  # the bearer token's read belongs to api/auth.py


@pytest.fixture(autouse=True)
def _monday_morning() -> Iterator[None]:
    with time_machine.travel(MONDAY, tick=False):
        yield


class Api:
    def __init__(self, world: World) -> None:
        self.tokens = {name: token_create(user=u) for name, u in world.users.items()}
        self.client = Client()

    def post(self, path: str, who: str, body: Any, **headers: str) -> tuple[Any, list[str]]:
        """The response and the SQL it ran, without the bearer token's read."""
        headers["HTTP_AUTHORIZATION"] = f"Bearer {self.tokens[who]}"
        with CaptureQueriesContext(connection) as ctx:
            resp = self.client.post(
                f"/api/v1{path}", json.dumps(body), content_type="application/json", **headers
            )
        assert resp.status_code in (200, 201), resp.content[:300]
        return resp, [q["sql"] for q in ctx.captured_queries if TOKEN_TABLE not in q["sql"]]


@pytest.fixture
def api(world: World) -> Api:
    api = Api(world)
    api.post("/dossiers", "citizen", BODY)  # the tokens' first use records it; a warm cache
    return api


def _kinds(sql: list[str]) -> list[str]:
    return [" ".join(s.split()[:3]) if s.startswith("INSERT") else s.split()[0] for s in sql]


def test_an_online_submission_runs_nine_statements_and_the_answer_reads_nothing(api: Api) -> None:
    # when a citizen submits with an Idempotency-Key
    resp, sql = api.post("/dossiers", "citizen", BODY, HTTP_IDEMPOTENCY_KEY="k-1")
    # then: procedure with its fees, agency with its competence, the key, then in the
    # transaction the counter (last lock but the audit head), the outbox, the dossier, audit
    assert resp.status_code == 201
    body = [s for s in sql if not s.startswith(("SAVEPOINT", "RELEASE"))]
    assert len(body) == 9, sql
    assert _kinds(body) == [
        "SELECT",  # the procedure in force, its fee total in a subquery
        "SELECT",  # the agency, whether it receives the procedure in a subquery
        "SELECT",  # a dossier with this key (a replay)
        'INSERT INTO "dossiers_dossiercounter"',  # the number: counter locked from here
        'INSERT INTO "core_outboxmessage"',
        'INSERT INTO "dossiers_dossier"',
        "SELECT",  # the audit head, locked: no read of the new stream
        'INSERT INTO "core_auditevent"',
        "UPDATE",  # the audit head
    ], sql
    assert 'FROM "dossiers_dossiercounter"' not in " ".join(sql)  # no read of the counter
    assert '"core_audithead"' in body[6]
    assert not [s for s in sql if '"dossiers_stepinstance"' in s or '"dossiers_apology"' in s]
    assert resp.json()["steps"] == []
    assert resp.json()["apologies"] == []
    event = AuditEvent.objects.get(stream_id=resp.json()["code"])
    assert (event.seq, event.kind) == (1, "dossier.submitted")


def test_a_replay_writes_nothing_and_takes_no_lock(api: Api) -> None:
    first, _ = api.post("/dossiers", "citizen", BODY, HTTP_IDEMPOTENCY_KEY="k-2")
    again, sql = api.post("/dossiers", "citizen", BODY, HTTP_IDEMPOTENCY_KEY="k-2")
    assert (again.status_code, again.json()) == (200, first.json())
    assert not [s for s in sql if s.startswith(("INSERT", "UPDATE", "SAVEPOINT"))], sql
    assert len(sql) == 5, sql  # procedure, agency, the dossier by key, its steps, apologies


def _steps(resp: Any) -> int:
    (step,) = [s for s in resp.json()["steps"] if s["status"] == "active"]
    return int(step["id"])


def test_the_officials_actions_statement_counts(api: Api) -> None:
    resp, _ = api.post("/dossiers", "citizen", BODY)
    code = resp.json()["code"]
    # receive: visibility, lock (with its version and procedure), role, process, first steps,
    # their insert, outbox (the applicant's notice language: an SMS goes out, then the rows),
    # the dossier's update, then audit last (head, stream, insert, head), the receipt slip's
    # task row (queued with the change: core/taskqueue.py); the answer: steps, apologies.
    # Each action's count includes the savepoint pair. Receipt also fixes the fee lines
    # (payments.services.fees_on_receipt): the fee rules' read and the lines' insert.
    resp, sql = api.post(f"/dossiers/{code}/actions/receive", "reception", {})
    assert len(sql) == 20, sql
    assert [s for s in sql if s.startswith('INSERT INTO "django_tasks_database_dbtaskresult"')]
    assert '"core_audithead"' in sql[-7], sql[-7:]
    assert sql[-4].startswith('UPDATE "core_audithead"'), sql[-7:]
    step = _steps(resp)
    resp, sql = api.post(f"/dossiers/{code}/actions/claim", "specialist", {"step_id": step})
    assert len(sql) == 14, sql
    body = {"step_id": step, "outcome": "approve"}
    resp, sql = api.post(f"/dossiers/{code}/actions/complete_step", "specialist", body)
    assert len(sql) == 18, sql
    assert not [s for s in sql if 'FROM "catalog_procedure"' in s], sql


# --- after 9,999 -------------------------------------------------------------------------


def test_format_code_pads_to_four_digits_and_widens_after_9999() -> None:
    day = date(2026, 3, 2)
    assert format_code("000.01.30.H29", day, 1) == "000.01.30.H29-260302-0001"
    assert format_code("000.01.30.H29", day, 9999) == "000.01.30.H29-260302-9999"
    assert format_code("000.01.30.H29", day, 10000) == "000.01.30.H29-260302-10000"
    with pytest.raises(DomainError) as exc:
        format_code("000.01.30.H29", day, 10000, overflow="refuse")
    assert exc.value.code == "sequence_exhausted"
    with pytest.raises(ValueError, match="positive"):
        format_code("000.01.30.H29", day, 0)


def _submit(world: World) -> Dossier:
    return dossier_submit(
        actor=world.u("citizen"),
        procedure_code=world.simple,
        agency_code=world.ward.code,
        applicant=applicant(),
        form_data={"purpose": "x"},
    )[0]


def _counter_at(world: World, last: int) -> DossierCounter:
    day = timezone.localdate(timezone.now())
    return DossierCounter.objects.create(agency=world.ward, day=day, last=last)


def test_the_10000th_dossier_of_a_day_is_accepted_with_a_fifth_digit(world: World) -> None:
    counter = _counter_at(world, 9999)
    assert _submit(world).code == f"{world.ward.code}-260302-10000"
    assert _submit(world).code == f"{world.ward.code}-260302-10001"
    counter.refresh_from_db()
    assert counter.last == 10001


def test_refuse_after_9999_when_configured_and_the_number_is_not_spent(
    world: World, settings: Any
) -> None:
    settings.MOTCUA = {**settings.MOTCUA, "DOSSIER_SEQUENCE_OVERFLOW": "refuse"}
    counter = _counter_at(world, 9998)
    assert _submit(world).code.endswith("-9999")
    with pytest.raises(DomainError) as exc:
        _submit(world)
    assert exc.value.code == "sequence_exhausted"
    counter.refresh_from_db()
    assert counter.last == 9999
    assert Dossier.objects.count() == 1


def test_an_unknown_overflow_rule_is_a_configuration_error(world: World, settings: Any) -> None:
    settings.MOTCUA = {**settings.MOTCUA, "DOSSIER_SEQUENCE_OVERFLOW": "wrap"}
    with pytest.raises(ValueError, match="DOSSIER_SEQUENCE_OVERFLOW"):
        _submit(world)
    assert Dossier.objects.count() == 0


def _submit_then_fail(world: World) -> None:
    with transaction.atomic():
        assert _submit(world).code.endswith("-0002")
        raise RuntimeError("the caller fails after the insert")


def test_a_rolled_back_submission_gives_its_number_to_the_next(world: World) -> None:
    # given the first dossier of the day, then one whose caller's transaction rolls back
    assert _submit(world).code.endswith("-0001")
    with pytest.raises(RuntimeError, match="after the insert"):
        _submit_then_fail(world)
    # then the next dossier takes the number back: no gap
    assert _submit(world).code.endswith("-0002")
    assert DossierCounter.objects.get().last == 2


def test_the_first_dossier_of_the_day_creates_the_counter_in_the_same_statement(
    world: World, django_assert_num_queries: Any
) -> None:
    with CaptureQueriesContext(connection) as ctx:
        _submit(world)
    counter_sql = [q["sql"] for q in ctx.captured_queries if "dossiercounter" in q["sql"]]
    assert len(counter_sql) == 1, counter_sql
    assert DossierCounter.objects.get().last == 1
