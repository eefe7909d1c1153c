"""Every service that issues a slip enqueues `render_slip` after commit; the task, run from the
real database queue the way `db_worker` runs it, stores the PDF it hashed. A service that forgot
to enqueue leaves no Slip row and fails here."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from motcua.core.taskqueue import queued_in_transaction
from motcua.dossiers.models import Slip, StepInstance, StepStatus
from motcua.dossiers.services import lateness, reception, results
from motcua.dossiers.services.submission import dossier_intake_counter, dossier_submit
from motcua.dossiers.tasks import render_slip
from tests.conftest import run_queued_tasks
from tests.dossiers.conftest import World, applicant

pytestmark = pytest.mark.backends  # CI runs these again on RQ and S3 too

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
RunTasks = Callable[[], AbstractContextManager[list[DBTaskResult]]]


def online(w: World) -> str:
    dossier, _ = dossier_submit(
        actor=w.u("citizen"),
        procedure_code=w.simple,
        agency_code=w.ward.code,
        applicant=applicant(),
        form_data={"purpose": "Đi học"},
    )
    return dossier.code


def stored(code: str) -> list[str]:
    """The kinds of the slips stored for `code`, each checked against the hash it recorded."""
    kinds = []
    for slip in Slip.objects.filter(dossier__code=code).order_by("created_at", "id"):
        with slip.file.open("rb") as f:
            assert hashlib.sha256(f.read()).hexdigest() == slip.sha256
        kinds.append(slip.kind)
    return kinds


def test_receipt_supplement_and_refusal_slips_come_from_the_queue(
    world: World, run_tasks: RunTasks
) -> None:
    w = world
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=HCM), tick=False):
        received, refused = online(w), online(w)
        with run_tasks() as ran:
            reception.dossier_receive(actor=w.u("reception"), code=received)
        assert [(r.task_name, r.task_result.kwargs) for r in ran] == [
            ("render_slip", {"code": received, "kind": "receipt"})
        ]
        with run_tasks() as ran:
            items = [{"name": "Bản sao CCCD", "reason": "Ảnh mờ"}]
            reception.dossier_request_supplement(actor=w.u("reception"), code=refused, items=items)
            reception.dossier_supplement(actor=w.u("citizen"), code=refused)
            reception.dossier_refuse(actor=w.u("reception"), code=refused, reasons=["Sai nơi"])
    assert stored(received) == ["receipt"]
    assert stored(refused) == ["supplement", "refusal"]
    assert len(ran) == 2


def test_apology_and_stop_notice_slips_come_from_the_queue(
    world: World, run_tasks: RunTasks
) -> None:
    w = world
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=HCM), tick=False):
        late = dossier_intake_counter(
            actor=w.u("reception"),
            procedure_code=w.simple,
            agency_code=w.ward.code,
            applicant=applicant(),
            form_data={"purpose": "x"},
        ).code
        stopped = online(w)
    with time_machine.travel(datetime(2026, 3, 4, 9, 0, tzinfo=HCM), tick=False):
        assert StepInstance.objects.filter(dossier__code=late, status=StepStatus.ACTIVE).exists()
        with run_tasks():
            lateness.apology_issue(
                actor=w.u("signer"), code=late, reason="Chờ xác minh", new_due=date(2026, 3, 10)
            )
            results.dossier_withdraw(actor=w.u("citizen"), code=stopped, reason="Không cần nữa")
    assert "apology" in stored(late)
    assert stored(stopped) == ["stop_notice"]


def test_the_slip_task_is_queued_with_the_receipt_and_rolls_back_with_it(world: World) -> None:
    # given a receipt whose commit hooks never run (the test's transaction never commits)
    code = online(world)
    reception.dossier_receive(actor=world.u("reception"), code=code)
    ran = [r.task_path for r in run_queued_tasks()]
    if queued_in_transaction(render_slip):
        # then on the database queue its slip task is already queued: the task row is part of
        # the change itself, so a process killed right after the commit cannot lose it
        assert ran == ["motcua.dossiers.tasks.render_slip"]
        assert stored(code) == ["receipt"]
    else:
        # on Redis (MOTCUA_TASK_BACKEND=rq) the task is queued only once the change commits
        assert ran == []
        assert stored(code) == []


def test_a_rolled_back_receipt_leaves_no_slip_task(world: World) -> None:
    code = online(world)

    def receive_then_fail() -> None:
        with transaction.atomic():
            reception.dossier_receive(actor=world.u("reception"), code=code)
            raise RuntimeError("the change fails after the receipt")

    with pytest.raises(RuntimeError):
        receive_then_fail()
    assert run_queued_tasks() == []
    assert stored(code) == []


def test_a_failing_task_fails_the_test_with_its_traceback(db: None) -> None:
    render_slip.enqueue(code="000.00.00.H29-260302-9999", kind="receipt")
    with pytest.raises(pytest.fail.Exception, match="DoesNotExist"):
        run_queued_tasks()
