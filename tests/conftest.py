"""Root fixtures. Area-specific fixtures live in tests/<area>/conftest.py."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

import pytest
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from motcua.testing import rq, s3

S3_BUCKET = "motcua-test"


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


def run_queued_tasks(backend_name: str = "default") -> list[DBTaskResult] | list[rq.RanTask]:
    """Run every ready task of the database queue the way `db_worker` does (claim the row under
    a lock, then `Worker.run_task`), until none is left; a failed task fails the test with its
    traceback. Returns the rows that ran, in order. With MOTCUA_TASK_BACKEND=rq the same for
    the RQ queue in Redis, as `rqworker --burst` does (motcua/testing/rq.py)."""
    if rq.rq_mode():
        return _run_rq_tasks()
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


def _run_rq_tasks() -> list[rq.RanTask]:
    ran = rq.work_burst()
    for task in ran:
        if task.status != "SUCCESSFUL":
            pytest.fail(f"task {task.task_path} {task.status}:\n{task.traceback}")
    return ran


@pytest.fixture(autouse=True)
def _empty_rq_queue() -> None:
    """In rq mode a test starts with no job waiting in Redis (the test's Redis database)."""
    if rq.rq_mode():
        rq.empty_queues()


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """A local S3-compatible server (moto) for the session, with the test bucket."""
    s3.set_fake_credentials()
    with s3.moto_s3() as endpoint:
        s3.create_bucket(endpoint, S3_BUCKET)
        yield endpoint


@pytest.fixture
def s3_storage(
    settings: pytest.FixtureRequest, s3_endpoint: str, request: pytest.FixtureRequest
) -> str:
    """Files of this test go to the local S3 server, under a prefix of their own (as with
    MOTCUA_STORAGE=s3); returns the prefix."""
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    settings.STORAGES = s3.s3_storages(endpoint=s3_endpoint, bucket=S3_BUCKET, location=prefix)
    return prefix


@pytest.fixture(autouse=True)
def _s3_mode(settings: pytest.FixtureRequest) -> None:
    """With MOTCUA_STORAGE=s3 (a moto server at MOTCUA_S3_ENDPOINT_URL, as `make test-scaleout`
    starts) every test starts with an empty bucket, as it starts with an empty media folder."""
    if os.environ.get("MOTCUA_STORAGE") == "s3":
        options = settings.STORAGES["default"]["OPTIONS"]
        s3.empty_bucket(options["endpoint_url"], options["bucket_name"])


@pytest.fixture(autouse=True)
def _primary_reads(request: pytest.FixtureRequest, settings: pytest.FixtureRequest) -> None:
    """Reads stay on default unless a test is marked `replica`: a replica alias mirrors default
    through a connection of its own, which sees only committed rows (motcua/core/dbrouter.py)."""
    if request.node.get_closest_marker("replica") is None:
        settings.MOTCUA_READ_REPLICAS = []


def stored_names(folder: str = "") -> list[str]:
    """Every name the default storage holds under `folder`, listed through the storage API, so
    the same check reads the local folder or the S3 bucket (MOTCUA_STORAGE=s3); sorted."""

    def walk(path: str) -> Iterator[str]:
        try:
            dirs, files = default_storage.listdir(path)
        except FileNotFoundError:
            return
        for name in files:
            yield f"{path}/{name}" if path else name
        for name in dirs:
            yield from walk(f"{path}/{name}" if path else name)

    return sorted(walk(folder))


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
