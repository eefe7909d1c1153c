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


@task()
def risk_scores_update() -> int:
    """Score the lateness risk of every open dossier again (`risk_scores.scores_refresh`)."""
    from motcua.analytics.risk_scores import scores_refresh

    with job_run("risk_scores_update"):
        return scores_refresh()


@task()
def forecasts_weekly() -> int:
    """Once a week (the job checks daily): the forecasts made on this week's Monday, then the
    risk digest to the agency heads. A second run in the same week makes nothing new."""
    from datetime import timedelta

    from django.utils import timezone

    from motcua.analytics.forecasting import forecasts_refresh
    from motcua.analytics.models import VolumeForecast
    from motcua.analytics.risk_scores import digest_send

    with job_run("forecasts_weekly"):
        today = timezone.localdate()
        monday = today - timedelta(days=today.weekday())
        made = 0
        if not VolumeForecast.objects.filter(as_of=monday).exists():
            made = forecasts_refresh(monday)
        digest_send(monday)
        return made


@task()
def index766_close() -> int:
    """Keep the 766 index of the periods that ended this month (`index_store.close_periods`)."""
    from django.utils import timezone

    from motcua.analytics.index_store import close_periods

    with job_run("index766_close"):
        return close_periods(timezone.localdate())
