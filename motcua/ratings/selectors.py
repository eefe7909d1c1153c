"""Reads of ratings: what a dossier's rating form offers (the computed indicators, the
officials who served it), a dossier's rating, and the kiosk code lookup. The scorecards are in
`scorecards.py`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.core.errors import NotFound
from motcua.core.models import AuditEvent
from motcua.dossiers.models import Dossier, DossierStatus, StepInstance, SupplementRequest
from motcua.ratings import rules
from motcua.ratings.models import OfficialRole, Rating

# A dossier may be rated once its result exists (docs/rules.md §22.1).
RATEABLE_STATUSES = (DossierStatus.RESULT_READY, DossierStatus.RETURNED)
DEFAULT_LABELS = {2: _("Tốt"), 1: _("Bình thường"), 0: _("Chưa tốt")}
INDICATOR_NAMES = {
    1: _("Tổng thời gian giải quyết so với thời gian quy định"),
    2: _("Thời gian thực hiện của từng cơ quan tham gia so với thời gian được giao"),
    3: _("Số lần phải liên hệ với nơi tiếp nhận hồ sơ để hoàn thiện hồ sơ"),
    4: _("Số cơ quan phải liên hệ để hoàn thiện hồ sơ"),
    5: _("Việc tiếp nhận, giải quyết, trả kết quả qua Bộ phận Một cửa"),
    6: _("Thái độ của cán bộ, công chức (lịch sự, không gây phiền hà)"),
    7: _("Việc công khai thủ tục hành chính"),
    8: _("Việc tiếp nhận, giải trình ý kiến phản ánh, kiến nghị"),
    9: _("Tiến độ và chất lượng dịch vụ công trực tuyến"),
}


def kiosk_hash(code: str) -> str:
    """The stored form of a kiosk code: an HMAC keyed with SECRET_KEY (the code is short; a
    plain hash of 10^8 values would be reversed at once)."""
    return salted_hmac("motcua.ratings.kiosk", code).hexdigest()


def point_labels() -> dict[int, str]:
    """Labels of the person's 0/1/2 points: `MOTCUA_RATINGS["LABELS"]` overrides the defaults
    (the point rules of indicators 5–9 are unconfirmed [U]; docs/rules.md §22.2)."""
    configured = getattr(settings, "MOTCUA_RATINGS", {}).get("LABELS") or {}
    return {p: str(configured.get(p, DEFAULT_LABELS[p])) for p in (2, 1, 0)}


@dataclass(frozen=True)
class ServingOfficial:
    user: User
    role: str  # OfficialRole


def officials_of(dossier: Dossier) -> list[ServingOfficial]:
    """Exactly the officials who received the dossier (the actor of its `dossier.received`
    event) or completed one of its steps, in that order, each once (receiving first)."""
    received = (
        AuditEvent.objects.filter(
            stream_type="dossier",
            stream_id=dossier.code,
            kind="dossier.received",
            actor__isnull=False,
        )
        .order_by("seq")
        .values_list("actor_id", flat=True)
    )
    handled = (
        StepInstance.objects.filter(dossier=dossier, completed_by__isnull=False)
        .order_by("completed_at", "id")
        .values_list("completed_by_id", flat=True)
    )
    order: dict[int, str] = {}
    for uid in received:
        order.setdefault(uid, OfficialRole.RECEIVED)
    for uid in handled:
        order.setdefault(uid, OfficialRole.HANDLED)
    users = User.objects.in_bulk(list(order))
    return [ServingOfficial(users[uid], role) for uid, role in order.items() if uid in users]


def computed_indicators(dossier: Dossier) -> rules.Computed:
    """Indicators 1–4 from the dossier's timestamps and contacts (rules.compute)."""
    timings = list(
        StepInstance.objects.filter(dossier=dossier)
        .exclude(timing="")
        .exclude(completed_by__isnull=True)
        .values_list("timing", flat=True)
    )
    requests = SupplementRequest.objects.filter(dossier=dossier)
    others = (
        requests.exclude(agency_id=dossier.receiving_agency_id)
        .values("agency_id")
        .distinct()
        .count()
    )
    finished = dossier.finished_at or dossier.returned_at
    due = dossier.due_at or finished
    if finished is None or due is None:
        raise NotFound("Hồ sơ chưa có kết quả.", code="not_finished")
    return rules.compute(
        finished_at=finished,
        due_at=due,
        step_timings=timings,
        supplement_requests=requests.count(),
        other_agencies=others,
    )


def rating_first(dossier: Dossier) -> Rating | None:
    """The first (uncorrected or not) rating of the dossier."""
    return Rating.objects.filter(dossier=dossier, corrects__isnull=True).first()


def rating_effective(dossier: Dossier) -> Rating | None:
    """The end of the correction chain that starts at the dossier's first rating."""
    rating = rating_first(dossier)
    while rating is not None:
        nxt = Rating.objects.filter(corrects=rating).first()
        if nxt is None:
            return rating
        rating = nxt
    return None


def rating_chain(dossier: Dossier) -> list[Rating]:
    chain: list[Rating] = []
    rating = rating_first(dossier)
    while rating is not None:
        chain.append(rating)
        rating = Rating.objects.filter(corrects=rating).first()
    return chain


def rating_out(rating: Rating) -> dict[str, Any]:
    return {
        "id": rating.pk,
        "dossier": rating.dossier.code,
        "source": rating.source,
        "channel": rating.channel,
        "satisfied": rating.satisfied,
        "indicators": rating.points,
        "total": rating.total,
        "rules_version": rating.rules_version,
        "computed": rating.computed,
        "comment": rating.comment,
        "corrects": rating.corrects_id,
        "correction_reason": rating.correction_reason,
        "created_at": rating.created_at,
        "officials": [
            {
                "official": str(o.official),
                "role": o.role,
                "courtesy": o.courtesy,
                "guidance": o.guidance,
                "timeliness": o.timeliness,
                "comment": o.comment,
            }
            for o in rating.officials.select_related("official")
        ],
    }


KIOSK_MAX_FAILURES = 5
KIOSK_WINDOW_MINUTES = 15
KIOSK_WRONG = "Mã đánh giá không đúng, đã được dùng hoặc đã hết hạn."
KIOSK_BLOCKED = "Nhập sai mã quá nhiều lần. Vui lòng thử lại sau 15 phút."


def kiosk_code_find(*, code: str, client: str) -> Any:
    """The live kiosk code `code` (typed at the counter device at `client`), with its dossier.
    A wrong, used or expired code counts one failure for the client (`core.throttle`: 5 per
    15 minutes, then blocked for 15 minutes) and raises; a blocked client is refused before
    the code is looked at, so guessing stops even with a right code."""
    from datetime import timedelta

    from django.utils import timezone

    from motcua.core.errors import PermissionDenied, RateLimited
    from motcua.core.throttle import throttle_blocked, throttle_fail
    from motcua.ratings.models import KioskCode

    key = f"rating-kiosk:{client}"
    if throttle_blocked(key):
        raise RateLimited(KIOSK_BLOCKED)
    digits = "".join(ch for ch in code if ch.isdigit() and ch.isascii())
    row = None
    if digits and len(digits) <= 16:
        row = (
            KioskCode.objects.select_related(
                "dossier__procedure_version", "dossier__receiving_agency"
            )
            .filter(
                code_hash=kiosk_hash(digits), used_at__isnull=True, expires_at__gt=timezone.now()
            )
            .first()
        )
    if row is None:
        window = timedelta(minutes=KIOSK_WINDOW_MINUTES)
        if not throttle_fail(key, limit=KIOSK_MAX_FAILURES, window=window):
            raise RateLimited(KIOSK_BLOCKED)
        raise PermissionDenied(KIOSK_WRONG, code="kiosk_code_invalid")
    return row
