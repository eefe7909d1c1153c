"""Public tracking by dossier code.

Contract:
- The code is matched after removing every whitespace character and upper-casing (codes are
  generated from upper-case agency codes); anything that is not a well-formed code is "not
  found" without touching the database (a NUL byte would make PostgreSQL fail).
- Without the secret anyone with the code sees only the status, the receipt time and the
  appointment (and an apology's new appointment); the due state is derived from those. The
  procedure, agencies, steps and timings, apology reasons and the applicant's name, address and
  phone need the secret: the dossier's tracking PIN (printed on the receipt slip and in its QR
  link) or the last 4 digits of the applicant's CCCD / tax code (digits only, so a branch tax
  code `0312345673-001` answers `3001`).
- One secret per request, well-formed: `pin` is exactly 6 ASCII digits, `id_last4` exactly 4
  (surrounding whitespace ignored; Arabic-Indic or full-width digits are not digits here). Both
  at once, or a malformed one, is a ValidationError (422) before anything is compared or
  counted: two secrets in one request would be two guesses counted once, and a malformed
  secret can never match, so refusing it tells nothing and costs no guess.
- The secret is checked first. A right secret is refused (429) only when the asking client is
  itself blocked, never because of failures elsewhere. A wrong secret counts one failure for
  the client and one for the dossier (`motcua.core.throttle`): after MAX_FAILURES in WINDOW
  either key answers further wrong guesses with 429 for WINDOW.
"""

from __future__ import annotations

import hmac
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError

from motcua.core.compiled import CompiledLookup
from motcua.core.errors import NotFound, PermissionDenied, RateLimited
from motcua.core.throttle import throttle_blocked, throttle_fail
from motcua.dossiers.models import Dossier, DossierStatus, StepStatus
from motcua.dossiers.selectors.due import dossier_due_state

logger = logging.getLogger(__name__)

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)
CODE_RE = re.compile(r"[A-Z0-9.\-]{1,32}")
BLOCKED = "Nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút."
PIN_RE = re.compile(r"[0-9]{6}")
ID_LAST4_RE = re.compile(r"[0-9]{4}")
BAD_PIN = "Mã tra cứu gồm 6 chữ số, in trên giấy tiếp nhận và hẹn trả kết quả."
BAD_DIGITS = "Nhập đúng 4 chữ số cuối của số CCCD hoặc mã số thuế."
BOTH = "Chỉ nhập một trong hai: mã tra cứu hoặc 4 chữ số cuối CCCD/mã số thuế."
# the lazy labels, translated when shown (get_status_display rebuilds this dict on every call)
STATUS_LABELS = dict(DossierStatus.choices)
NOT_FOUND = "Không tìm thấy hồ sơ với mã này."
MISMATCH = "Mã tra cứu hoặc 4 số cuối giấy tờ tuỳ thân không khớp với hồ sơ."


@dataclass
class TrackView:
    """What the caller may see. Fields left None were not shown (no secret)."""

    code: str
    status: str
    status_label: str
    received_at: datetime | None
    due_at: datetime | None
    extended_due_at: datetime | None
    due_state: str
    details: bool = False
    procedure: str | None = None
    agency: str | None = None
    submitted_at: datetime | None = None
    finished_at: datetime | None = None
    returned_at: datetime | None = None
    steps: list[dict[str, Any]] | None = None
    apologies: list[dict[str, Any]] = field(default_factory=list)
    applicant: dict[str, str] | None = None
    # "Cần xác minh" moved the appointment once (docs/rules.md §15): public like the apology's
    # new date; the reason needs the secret.
    verification_extended: bool = False
    verification_reason: str | None = None


def normalise_code(raw: str) -> str | None:
    """`" 000.01.30.h29 -260302-0001 "` → `"000.01.30.H29-260302-0001"`; None if malformed."""
    code = "".join(str(raw or "").split()).upper()
    return code if CODE_RE.fullmatch(code) else None


def id_digits(id_number: str) -> str:
    """The last 4 digits of a CCCD or tax code, ignoring the branch dash."""
    return "".join(ch for ch in id_number if ch.isdigit())[-4:]


def _public(d: Dossier) -> TrackView:
    return TrackView(
        code=d.code,
        status=d.status,
        status_label=str(STATUS_LABELS.get(d.status, d.status)),
        received_at=d.received_at,
        due_at=d.due_at,
        extended_due_at=d.extended_due_at,
        due_state=dossier_due_state(d),  # computed when read (docs/rules.md §4)
        # `apology_count` is kept by `apology_issue`: most dossiers have none, and no query
        apologies=[{"new_due_at": a.new_due_at} for a in d.apologies.all()]
        if d.apology_count
        else [],
        verification_extended=d.verification_at is not None,
    )


def _with_details(view: TrackView, d: Dossier) -> TrackView:
    done = d.steps.filter(status=StepStatus.DONE).select_related("step", "agency")
    view.details = True
    view.procedure = d.procedure_version.name
    view.verification_reason = d.verification_reason or None
    view.agency = d.receiving_agency.name
    view.submitted_at, view.finished_at, view.returned_at = (
        d.submitted_at,
        d.finished_at,
        d.returned_at,
    )
    view.steps = [
        {
            "name": s.step.name,
            "agency": s.agency.name,
            "completed_at": s.completed_at,
            "timing": s.timing,
        }
        for s in done
    ]
    view.apologies = [
        {"issued_at": a.issued_at, "reason": a.reason, "new_due_at": a.new_due_at}
        for a in d.apologies.all()
    ]
    view.applicant = {
        "name": d.applicant_name,
        "address": d.applicant_address,
        "phone": d.applicant_phone,
    }
    return view


def secret_matches(dossier: Dossier, *, pin: str | None, id_last4: str | None) -> bool:
    """Either secret, compared in constant time (as bytes: any text may come in); an empty
    one never matches."""
    checks = [(pin, dossier.tracking_pin), (id_last4, id_digits(dossier.applicant_id_number))]
    return any(
        bool(given)
        and bool(real)
        and hmac.compare_digest(str(given).strip().encode(), real.encode())
        for given, real in checks
    )


def secret_check(*, pin: str | None, id_last4: str | None) -> None:
    """Raise ValidationError (422) unless at most one secret is given and it is well-formed."""
    pin, id_last4 = (pin or "").strip(), (id_last4 or "").strip()
    if pin and id_last4:
        raise ValidationError({"pin": [BOTH]}, code="both_secrets")
    if pin and not PIN_RE.fullmatch(pin):
        raise ValidationError({"pin": [BAD_PIN]}, code="bad_pin")
    if id_last4 and not ID_LAST4_RE.fullmatch(id_last4):
        raise ValidationError({"id_last4": [BAD_DIGITS]}, code="bad_id_last4")


# What the public answer and the secret check read: one narrow row, one statement.
PUBLIC_FIELDS = (
    *("code", "status", "received_at", "due_at", "extended_due_at", "due_state"),
    *("pause_reason", "paused_at", "apology_count", "verification_at"),
    *("tracking_pin", "applicant_id_number"),
)


_PUBLIC_ROW = CompiledLookup(Dossier, key="code", fields=PUBLIC_FIELDS)


def _find(code: str, *, details: bool) -> Dossier:
    """The dossier of `code`: the public fields only (one statement compiled once per process),
    or (`details`) the whole row with its procedure version and receiving agency for a caller
    who gave a secret."""
    normalised = normalise_code(code)
    if normalised is None:
        raise NotFound(NOT_FOUND)
    if not details:
        dossier = _PUBLIC_ROW.get(normalised)
    else:
        rows = Dossier.objects.select_related("procedure_version", "receiving_agency")
        dossier = rows.filter(code=normalised).order_by().first()
    if dossier is None:
        raise NotFound(NOT_FOUND)
    return dossier


def _refuse_wrong(dossier: Dossier, client: str) -> None:
    """Count a wrong secret and raise: 403 while guesses remain, 429 once a key is blocked."""
    if not throttle_fail(f"track:client:{client}", limit=MAX_FAILURES, window=WINDOW):
        raise RateLimited(BLOCKED)
    if not throttle_fail(f"track:code:{dossier.code}", limit=MAX_FAILURES, window=WINDOW):
        logger.warning("tracking guesses blocked for dossier %s", dossier.code)
        raise RateLimited(BLOCKED)
    raise PermissionDenied(MISMATCH, code="id_mismatch")


def track_public(
    *, code: str, client: str, id_last4: str | None = None, pin: str | None = None
) -> TrackView:
    """The tracking view of `code` for `client` (see the module docstring).

    Raises ValidationError (422: two secrets, or a malformed one), NotFound (404),
    PermissionDenied `id_mismatch` (403) or RateLimited (429); on 422/403/429 the caller may
    still show `track_public(code=..., client=...)` without a secret."""
    secret_check(pin=pin, id_last4=id_last4)
    dossier = _find(code, details=bool(pin or id_last4))
    view = _public(dossier)
    if not (pin or id_last4):
        return view
    if not secret_matches(dossier, pin=pin, id_last4=id_last4):
        _refuse_wrong(dossier, client)
    if throttle_blocked(f"track:client:{client}"):
        raise RateLimited(BLOCKED)
    return _with_details(view, dossier)
