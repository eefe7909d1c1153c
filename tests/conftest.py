"""Root fixtures. Area-specific fixtures live in tests/<area>/conftest.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

import pytest
from django.db import connection, transaction
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


@pytest.fixture
def is_postgres() -> bool:
    return connection.vendor == "postgresql"


@pytest.fixture(autouse=True)
def _fresh_calendar() -> Iterator[None]:
    """The working-day calendar is cached per process; a test's overrides roll back with its
    transaction, so the cache must not outlive the test."""
    from motcua.core import calendar

    calendar.reset()
    yield
    calendar.reset()


@pytest.fixture(autouse=True)
def _fast_passwords(settings: pytest.FixtureRequest) -> None:
    """Hashing demo passwords with PBKDF2 costs seconds per test; tests need no strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_root(settings: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Uploaded and rendered files go to a temporary folder, never to var/."""
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))


def run_queued_tasks(backend_name: str = "default") -> list[DBTaskResult]:
    """Run every ready task of the database queue the way `db_worker` does (claim the row under
    a lock, then `Worker.run_task`), until none is left; a failed task fails the test with its
    traceback. Returns the rows that ran, in order."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name=backend_name,
        startup_delay=False,
        max_tasks=None,
        worker_id="pytest",
        excluded_queue_names=[],
    )
    ran: list[DBTaskResult] = []
    while True:
        with transaction.atomic():
            ready = DBTaskResult.objects.ready().filter(backend_name=backend_name)
            row = ready.get_locked()
            if row is None:
                return ran
            row.claim(worker.worker_id)
        worker.run_task(row)
        row.refresh_from_db()
        ran.append(row)
        if row.status != TaskResultStatus.SUCCESSFUL:
            pytest.fail(f"task {row.task_path} {row.status}:\n{row.traceback}")


@pytest.fixture
def run_tasks(
    django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[list]],
) -> Callable[[], AbstractContextManager[list[DBTaskResult]]]:
    """`with run_tasks() as ran: <services>`: the services' commit hooks run on leaving the
    block (inside a test's transaction they never would), so what they enqueue reaches the real
    database queue; then the queue is worked off as `db_worker` would, and `ran` lists the task
    rows that ran. A task the code forgot to enqueue is simply absent, and the test that expects
    its effect fails."""

    @contextmanager
    def block() -> Iterator[list[DBTaskResult]]:
        ran: list[DBTaskResult] = []
        with django_capture_on_commit_callbacks(execute=True):
            yield ran
        ran.extend(run_queued_tasks())

    return block


@pytest.fixture(autouse=True)
def _audit_key(settings: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every test signs audit checkpoints with a key of its own, never the demo key under var/,
    and keeps its copy of the latest checkpoint in a folder of its own; tests about a missing or
    wrong key override it."""
    import base64

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    raw = Ed25519PrivateKey.generate().private_bytes_raw()
    settings.MOTCUA = {
        **settings.MOTCUA,
        "AUDIT_KEY": base64.b64encode(raw).decode(),
        "AUDIT_CHECKPOINT_FILE": str(tmp_path_factory.mktemp("audit") / "audit-checkpoint.json"),
    }
