"""Background work of the analytics centre: thin, safe to run twice."""

from __future__ import annotations

from django_tasks import task

from motcua.core.jobs import job_run


@task()
def rollups_update() -> int:
    """Apply the audit events appended since the last run to the rollups (`rollups.consume`);
    a run killed half-way leaves its batch unapplied and the next run applies it."""
    from motcua.analytics.rollups import consume

    with job_run("rollups_update"):
        return consume()
