"""The periodic jobs go from the scheduler through the real database queue to the worker, and
each run leaves its heartbeat."""

from __future__ import annotations

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from motcua.core.jobs import JOBS
from motcua.core.models import JobRun
from tests.conftest import run_queued_tasks

pytestmark = pytest.mark.backends  # CI runs these again on RQ and S3 too

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.django_db
def test_scheduler_once_enqueues_every_job_and_the_worker_records_each_run() -> None:
    at = datetime(2026, 3, 2, 9, 0, tzinfo=HCM)
    with time_machine.travel(at, tick=False):
        out = StringIO()
        call_command("scheduler", "--once", stdout=out)
        assert JobRun.objects.count() == 0  # enqueued, not run
        ran = run_queued_tasks()
    assert sorted(r.task_path for r in ran) == sorted(job.task for job in JOBS)
    runs = {r.name: r for r in JobRun.objects.all()}
    assert set(runs) == {job.name for job in JOBS}
    for job in JOBS:
        assert runs[job.name].last_ok, runs[job.name].last_message
        assert runs[job.name].last_finished_at == at
        assert job.name in out.getvalue()
