"""Background tasks: thin, load by id, call a service, safe to run twice."""

from __future__ import annotations

from django_tasks import task

from motcua.core.jobs import job_run


@task()
def render_slip(*, code: str, kind: str) -> str:
    """Render and store a slip; a second run stores a fresh copy of the same content."""
    from motcua.dossiers.models import Dossier
    from motcua.dossiers.services.slips import slip_generate

    dossier = Dossier.objects.get(code=code)
    return slip_generate(dossier=dossier, kind=kind).sha256


@task()
def deadline_sweep() -> dict[str, int]:
    from motcua.dossiers.services.lateness import deadline_sweep as sweep

    with job_run("deadline_sweep"):
        return vars(sweep())
