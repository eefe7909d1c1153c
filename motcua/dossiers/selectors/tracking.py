"""Public tracking by dossier code. Personal data only with the last 4 digits of the
applicant's ID number; wrong guesses are rate-limited per client and per dossier."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from motcua.core.errors import NotFound, PermissionDenied, RateLimited
from motcua.core.models import Throttle
from motcua.dossiers.models import Dossier, StepStatus
from motcua.dossiers.selectors.due import dossier_due_state

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)


@dataclass
class TrackView:
    code: str
    status: str
    status_label: str
    procedure: str
    agency: str
    submitted_at: datetime | None
    received_at: datetime | None
    due_at: datetime | None
    extended_due_at: datetime | None
    finished_at: datetime | None
    returned_at: datetime | None
    due_state: str
    steps: list[dict[str, Any]] = field(default_factory=list)
    apologies: list[dict[str, Any]] = field(default_factory=list)
    applicant: dict[str, str] | None = None


def _hit(key: str) -> int:
    """Count one failure in the current window; returns the failures in the window."""
    now = timezone.now()
    with transaction.atomic():
        Throttle.objects.bulk_create(
            [Throttle(key=key, window_started_at=now, hits=0)], ignore_conflicts=True
        )
        row = Throttle.objects.select_for_update().get(key=key)
        if now - row.window_started_at > WINDOW:
            row.window_started_at, row.hits = now, 0
        row.hits += 1
        row.save(update_fields=["window_started_at", "hits"])
        return row.hits


def _blocked(key: str) -> bool:
    row = Throttle.objects.filter(key=key).first()
    return bool(
        row and timezone.now() - row.window_started_at <= WINDOW and row.hits >= MAX_FAILURES
    )


def _view(d: Dossier) -> TrackView:
    steps = [
        {
            "name": s.step.name,
            "agency": s.agency.name,
            "completed_at": s.completed_at,
            "timing": s.timing,
        }
        for s in d.steps.filter(status__in=[StepStatus.DONE]).select_related("step", "agency")
    ]
    apologies = [
        {"issued_at": a.issued_at, "reason": a.reason, "new_due_at": a.new_due_at}
        for a in d.apologies.all()
    ]
    return TrackView(
        code=d.code,
        status=d.status,
        status_label=str(d.get_status_display()),
        procedure=d.procedure_version.name,
        agency=d.receiving_agency.name,
        submitted_at=d.submitted_at,
        received_at=d.received_at,
        due_at=d.due_at,
        extended_due_at=d.extended_due_at,
        finished_at=d.finished_at,
        returned_at=d.returned_at,
        due_state=dossier_due_state(d),  # computed when read (docs/rules.md §4)
        steps=steps,
        apologies=apologies,
    )


def track_public(*, code: str, id_last4: str | None, client: str) -> TrackView:
    """Status for anyone with the code; applicant details only with the matching last 4 digits.
    After MAX_FAILURES wrong guesses in WINDOW (per client and per dossier) further attempts
    with digits are refused with 429."""
    dossier = (
        Dossier.objects.select_related("procedure_version", "receiving_agency")
        .filter(code=code.strip())
        .first()
    )
    if dossier is None:
        raise NotFound("Không tìm thấy hồ sơ với mã này.")
    view = _view(dossier)
    if not id_last4:
        return view
    keys = (f"track:client:{client}", f"track:code:{dossier.code}")
    if any(_blocked(k) for k in keys):
        raise RateLimited("Nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.")
    if id_last4.strip() != dossier.applicant_id_number[-4:]:
        for key in keys:
            _hit(key)
        raise PermissionDenied(
            "4 số cuối giấy tờ tuỳ thân không khớp với hồ sơ.", code="id_mismatch"
        )
    view.applicant = {
        "name": dossier.applicant_name,
        "address": dossier.applicant_address,
        "phone": dossier.applicant_phone,
    }
    return view
