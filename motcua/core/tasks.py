"""Background tasks of the shared kernel: thin, safe to run twice."""

from __future__ import annotations

from django_tasks import task

from motcua.core.jobs import job_run


@task()
def audit_checkpoint() -> int | None:
    """Sign the head of the audit chain (skipped when nothing was appended since the last
    checkpoint). A missing key fails the run, which the job heartbeat shows."""
    from motcua.core.audit_signing import checkpoint_create

    with job_run("audit_checkpoint"):
        cp = checkpoint_create()
        return cp.gseq if cp else None


@task()
def outbox_deliver() -> int:
    """Deliver due outbox messages (motcua.core.outbox); a run killed half-way is finished by
    the next one."""
    from motcua.core.outbox import deliver_pending

    with job_run("outbox_deliver"):
        return deliver_pending(limit=500)
