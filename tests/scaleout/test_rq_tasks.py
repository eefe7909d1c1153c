"""The task queue on Redis (MOTCUA_TASK_BACKEND=rq, django-tasks-rq): the periodic registry and
`motcua scheduler` enqueue through `task.enqueue()`, so the same jobs run on RQ unchanged, in
this process (the `run_tasks` way) and through a real `motcua rqworker --burst` process."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from motcua.core.jobs import JOBS
from motcua.core.models import JobRun
from motcua.testing import rq
from tests.conftest import run_queued_tasks

pytestmark = pytest.mark.backends
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
RQ_TASKS = {"default": {"BACKEND": rq.RQ_BACKEND, "QUEUES": ["default"]}}


@pytest.fixture
def on_rq(settings: Any) -> None:
    """This test's tasks go to the RQ queue in the test Redis database, empty at the start."""
    settings.TASKS = RQ_TASKS
    rq.empty_queues()


@pytest.mark.django_db
@pytest.mark.usefixtures("on_rq")
def test_the_scheduler_enqueues_on_redis_and_a_burst_worker_runs_every_job() -> None:
    at = datetime(2026, 3, 2, 9, 0, tzinfo=HCM)
    with time_machine.travel(at, tick=False):
        out = StringIO()
        call_command("scheduler", "--once", stdout=out)
        # the jobs wait in Redis, none in the database queue
        assert rq.queue().count == len(JOBS)
        assert DBTaskResult.objects.count() == 0
        ran = run_queued_tasks()
    assert sorted(r.task_path for r in ran) == sorted(job.task for job in JOBS)
    assert rq.queue().count == 0
    for run in JobRun.objects.all():
        assert run.last_ok, run.last_message
        assert run.last_finished_at == at
    assert JobRun.objects.count() == len(JOBS)


@pytest.mark.django_db
@pytest.mark.usefixtures("on_rq")
def test_a_failing_job_is_reported_with_its_traceback() -> None:
    from motcua.dossiers.tasks import render_slip

    render_slip.enqueue(code="000.00.00.H29-260302-9999", kind="receipt")
    with pytest.raises(pytest.fail.Exception, match="DoesNotExist"):
        run_queued_tasks()


def _env_for(settings: Any) -> dict[str, str]:
    """The environment of a worker process on this test's database and Redis database."""
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DATABASE_REPLICA_URL": "",
        "MOTCUA_TASK_BACKEND": "rq",
        "MOTCUA_REDIS_URL": settings.REDIS_URL,
        "MOTCUA_AUDIT_KEY": settings.MOTCUA["AUDIT_KEY"],
        "MOTCUA_AUDIT_CHECKPOINT_FILE": settings.MOTCUA["AUDIT_CHECKPOINT_FILE"],
        "MOTCUA_HTTPS": "0",
    }


@pytest.mark.postgres_only
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="a second process needs a server")
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("on_rq")
def test_the_periodic_jobs_run_through_real_scheduler_and_rqworker_processes(
    settings: Any,
) -> None:
    # given the scale-out environment: only variables differ from the default mode
    env = _env_for(settings)
    motcua = [sys.executable, "-m", "motcua"]
    # when the scheduler enqueues once and a burst worker works the queue, each its own process
    subprocess.run([*motcua, "scheduler", "--once"], env=env, check=True, timeout=120)
    assert rq.queue().count == len(JOBS)
    worker = subprocess.run(
        [*motcua, "rqworker", "--burst", "default"],
        env=env,
        check=True,
        timeout=180,
        capture_output=True,
        text=True,
    )
    # then every job ran in the worker and left its heartbeat in the database
    assert rq.queue().count == 0
    runs = {r.name: r for r in JobRun.objects.all()}
    assert set(runs) == {job.name for job in JOBS}, worker.stderr[-2000:]
    for job in JOBS:
        assert runs[job.name].last_ok, runs[job.name].last_message
    assert rq.queue().finished_job_registry.count == len(JOBS)


@pytest.mark.django_db
@pytest.mark.usefixtures("on_rq")
def test_healthz_reads_the_depth_and_age_of_the_redis_queue() -> None:
    from motcua.core.health import RQ_BACKEND, QueueState, queue_state

    assert queue_state() == QueueState(RQ_BACKEND, 0, None)
    call_command("scheduler", "--once", stdout=StringIO())
    state = queue_state()
    assert (state.backend, state.depth) == (RQ_BACKEND, len(JOBS))
    assert state.oldest_age_seconds is not None
    assert state.oldest_age_seconds >= 0
