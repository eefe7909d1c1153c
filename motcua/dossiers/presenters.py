"""Turn dossiers into the API's plain dictionaries (reads only)."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from django.db.models import prefetch_related_objects

from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors.dossiers import PRESENTED
from motcua.dossiers.selectors.due import dossier_due_state
from motcua.dossiers.selectors.tracking import TrackView


def _step(s: Any) -> dict[str, Any]:
    return {
        "id": s.pk,
        "key": s.step.key,
        "name": s.step.name,
        "agency": {"code": s.agency.code, "name": s.agency.name},
        "role": s.step.role,
        "status": s.status,
        "assignee": s.assignee.username if s.assignee else None,
        "activated_at": s.activated_at,
        "due_at": s.due_at,
        "completed_at": s.completed_at,
        "outcome": s.outcome,
        "timing": s.timing,
    }


def dossier_out(d: Dossier, *, new: bool = False) -> dict[str, Any]:
    """The API's view of `d`. Reads what is not loaded yet (for one dossier from a selector or
    a service: its steps, its apologies, perhaps its procedure; at most 3 queries); a page from
    `dossier_list_for_user` has it all, so a page costs the same whatever its length.
    `new`: the caller's service has just created `d` (`dossier_submit` answered `created`), so
    it has no steps or apologies yet and they are not read."""
    if new:
        _known_empty(d, "steps", "apologies")
    prefetch_related_objects([d], "procedure_version__procedure", "receiving_agency", *PRESENTED)
    version = d.procedure_version
    return {
        "code": d.code,
        "status": d.status,
        "status_label": str(d.get_status_display()),
        "procedure": {"code": version.procedure.code, "name": version.name},
        "procedure_version": version.number,
        "agency": {"code": d.receiving_agency.code, "name": d.receiving_agency.name},
        "channel": d.channel,
        "profile": d.profile_code,
        "paused": bool(d.pause_reason),
        "due_state": dossier_due_state(d),  # computed when read (docs/rules.md §4)
        "submitted_at": d.submitted_at,
        "received_at": d.received_at,
        "due_at": d.due_at,
        "extended_due_at": d.extended_due_at,
        "finished_at": d.finished_at,
        "returned_at": d.returned_at,
        "fee_total": d.fee_total,
        "version": d.version,
        "refusal_reasons": d.refusal_reasons,
        "steps": [_step(s) for s in d.steps.all()],
        "apologies": [
            {
                "issued_at": a.issued_at,
                "reason": a.reason,
                "old_due_at": a.old_due_at,
                "new_due_at": a.new_due_at,
                "issued_in_time": a.issued_in_time,
            }
            for a in d.apologies.all()
        ],
    }


def _known_empty(d: Dossier, *relations: str) -> None:
    """Mark `relations` of `d` loaded and empty, as a prefetch that found nothing would."""
    cache = d.__dict__.setdefault("_prefetched_objects_cache", {})
    for name in relations:
        empty = getattr(d, name).none()
        empty._result_cache = []
        empty._prefetch_done = True
        cache[name] = empty


def track_out(view: TrackView) -> dict[str, Any]:
    """The view's fields as they are (a shallow copy: the response schema validates them, so
    the deep copy of `dataclasses.asdict` would be work done twice on the hottest public read)."""
    return {f.name: getattr(view, f.name) for f in fields(view)}
