"""Background work of assigned tasks: thin, safe to run twice."""

from __future__ import annotations

from django_tasks import task


@task()
def task_reminders() -> int:
    """Send the deadline reminders due now (`services.send_reminders`); returns how many
    tasks were reminded."""
    from django.utils import timezone

    from motcua.core.jobs import job_run
    from motcua.directives.services import send_reminders

    with job_run("task_reminders"):
        return sum(send_reminders(timezone.now()).values())
