"""Writes of ratings (docs/rules.md §22): the applicant's rating (online or at the kiosk), a
correction as a new linked record, and the kiosk's one-time codes.

Contract:
- Every write locks the dossier row first (`lock_dossier`, the platform's fixed lock order),
  so two ratings of one dossier racing are serialised: the second sees the first and is refused
  (`already_rated`); the unique constraint `uniq_rating_first_per_dossier` backs it.
- A rating never changes after it is written; there is no update function here.
- An official who received or handled the dossier can never rate it, nor correct its rating,
  and nobody rates themselves in the per-official part.
- One audit event per write, stream `rating:<dossier code>`, appended last.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from motcua.accounts.models import Role
from motcua.accounts.selectors import user_has_any_role
from motcua.core import audit
from motcua.core.errors import Conflict, DomainError, PermissionDenied
from motcua.core.validators import refuse_control_chars
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import is_applicant, require_role
from motcua.dossiers.services._common import lock_dossier, require_status
from motcua.ratings import rules
from motcua.ratings.models import KioskCode, OfficialRating, Rating, RatingChannel, RatingSource
from motcua.ratings.selectors import (
    RATEABLE_STATUSES,
    computed_indicators,
    kiosk_hash,
    officials_of,
    rating_effective,
    rating_first,
)

STREAM = "rating"
CORRECTION_ROLES = (Role.UNIT_HEAD, Role.AGENCY_ADMIN)  # the agency's self-assessment
KIOSK_CODE_DIGITS = 8
ALREADY_RATED = "Hồ sơ này đã được đánh giá. Mỗi hồ sơ chỉ được đánh giá một lần."
OWN_WORK = "Cán bộ đã tiếp nhận hoặc giải quyết hồ sơ không được đánh giá hồ sơ này."


@dataclass(frozen=True)
class OfficialScore:
    official_id: int
    courtesy: int
    guidance: int
    timeliness: int
    comment: str = ""


@dataclass(frozen=True)
class RatingData:
    satisfied: bool
    points: dict[int, int]  # indicators 5–9 → 0/1/2
    comment: str = ""
    officials: list[OfficialScore] = field(default_factory=list)


def kiosk_ttl() -> timedelta:
    """How long a kiosk code works: `MOTCUA_RATINGS["KIOSK_CODE_HOURS"]`, default 72 hours
    (no legal source; a city setting, docs/rules.md §22.5)."""
    hours = getattr(settings, "MOTCUA_RATINGS", {}).get("KIOSK_CODE_HOURS", 72)
    return timedelta(hours=int(hours))


def _clean(data: RatingData) -> None:
    problems = rules.check_points(data.points)
    if problems:
        raise DomainError(
            "Mỗi tiêu chí từ 5 đến 9 phải được chấm 0, 1 hoặc 2 điểm.",
            code="points_invalid",
        )
    texts = {"comment": data.comment} | {
        f"official_{o.official_id}": o.comment for o in data.officials
    }
    refuse_control_chars(texts, multiline=texts)
    for o in data.officials:
        if not rules.official_points_ok(o.courtesy, o.guidance, o.timeliness):
            raise DomainError(
                "Điểm đánh giá cán bộ phải là 0, 1 hoặc 2.", code="official_points_invalid"
            )


def _served_by(dossier: Dossier) -> dict[int, str]:
    return {s.user.pk: s.role for s in officials_of(dossier)}


def _write(
    dossier: Dossier,
    *,
    data: RatingData,
    source: str,
    channel: str,
    rater: Any,
    served: dict[int, str],
    corrects: Rating | None = None,
    reason: str = "",
    kiosk: KioskCode | None = None,
) -> Rating:
    _clean(data)
    rater_id = getattr(rater, "pk", None)
    computed = computed_indicators(dossier)
    pts = data.points
    total = computed.i1 + computed.i2 + computed.i3 + computed.i4 + sum(pts[n] for n in pts)
    try:
        with transaction.atomic():  # a savepoint: the constraint's refusal keeps the outer one
            rating = Rating.objects.create(
                dossier=dossier,
                source=source,
                channel=channel,
                rater=rater if rater_id else None,
                satisfied=data.satisfied,
                i1=computed.i1,
                i2=computed.i2,
                i3=computed.i3,
                i4=computed.i4,
                **{f"i{n}": pts[n] for n in rules.PERSON_INDICATORS},
                total=total,
                computed=computed.inputs,
                rules_version=rules.RULES_VERSION,
                comment=data.comment.strip(),
                corrects=corrects,
                correction_reason=reason,
                kiosk_code=kiosk,
                created_at=timezone.now(),
            )
    except IntegrityError as exc:
        raise Conflict(ALREADY_RATED, code="already_rated") from exc
    _officials(rating, data.officials, served=served, rater_id=rater_id)
    audit.append(
        stream_type=STREAM,
        stream_id=dossier.code,
        kind="rating.corrected" if corrects else "rating.submitted",
        actor=rater if rater_id else None,
        payload={
            "rating": rating.pk,
            "source": source,
            "channel": channel,
            "total": total,
            "satisfied": data.satisfied,
            "corrects": corrects.pk if corrects else None,
            "rules_version": rules.RULES_VERSION,
        },
    )
    return rating


def _officials(
    rating: Rating, scores: list[OfficialScore], *, served: dict[int, str], rater_id: int | None
) -> None:
    seen: set[int] = set()
    for s in scores:
        if s.official_id == rater_id:
            raise PermissionDenied("Không được tự đánh giá chính mình.", code="self_rating")
        if s.official_id not in served or s.official_id in seen:
            raise DomainError(
                "Chỉ đánh giá được cán bộ đã tiếp nhận hoặc giải quyết hồ sơ này, mỗi người một "
                "lần.",
                code="official_not_serving",
            )
        seen.add(s.official_id)
        OfficialRating.objects.create(
            rating=rating,
            official_id=s.official_id,
            role=served[s.official_id],
            courtesy=s.courtesy,
            guidance=s.guidance,
            timeliness=s.timeliness,
            comment=s.comment.strip(),
        )


def _refuse_if_rated(dossier: Dossier) -> None:
    if rating_first(dossier) is not None:
        raise Conflict(ALREADY_RATED, code="already_rated")


@transaction.atomic
def rating_submit(*, actor: Any, code: str, data: RatingData) -> Rating:
    """The applicant (or the representative who filed it online) rates a finished dossier,
    once. Refused: not the applicant (403 `forbidden`), an official who served it (403
    `own_work`), not finished (409 `invalid_state`), already rated (409 `already_rated`)."""
    dossier = lock_dossier(code)
    if not is_applicant(actor, dossier):
        raise PermissionDenied(
            "Chỉ người nộp hồ sơ hoặc người đại diện được đánh giá hồ sơ này.", code="forbidden"
        )
    served = _served_by(dossier)
    if actor.pk in served:
        raise PermissionDenied(OWN_WORK, code="own_work")
    require_status(dossier, *RATEABLE_STATUSES)
    _refuse_if_rated(dossier)
    return _write(
        dossier,
        data=data,
        source=RatingSource.APPLICANT,
        channel=RatingChannel.ONLINE,
        rater=actor,
        served=served,
    )


@transaction.atomic
def rating_correct(*, actor: Any, code: str, data: RatingData, reason: str) -> Rating:
    """A correction of the dossier's effective rating: a new record linked to it, by the
    receiving agency's head or admin (self-assessment) or an inspector in scope (inspection),
    with a reason. The corrected record stays as it was."""
    dossier = lock_dossier(code)
    agency = dossier.receiving_agency
    if user_has_any_role(actor, (Role.INSPECTOR,), agency):
        source = RatingSource.INSPECTION
    else:
        require_role(actor, CORRECTION_ROLES, agency)
        source = RatingSource.SELF
    served = _served_by(dossier)
    if actor.pk in served:
        raise PermissionDenied(OWN_WORK, code="own_work")
    if not reason.strip():
        raise DomainError("Phải ghi lý do điều chỉnh đánh giá.", code="reason_required")
    refuse_control_chars({"reason": reason}, multiline=["reason"])
    current = rating_effective(dossier)
    if current is None:
        raise Conflict("Hồ sơ chưa có đánh giá để điều chỉnh.", code="not_rated")
    return _write(
        dossier,
        data=data,
        source=source,
        channel=RatingChannel.DESK,
        rater=actor,
        served=served,
        corrects=current,
        reason=reason.strip(),
    )


@transaction.atomic
def kiosk_code_issue(*, actor: Any, code: str) -> tuple[KioskCode, str]:
    """A new one-time code for the counter device, shown once to the reception official who
    hands it to the applicant (only its HMAC is kept). Earlier live codes of the dossier stop
    working. Returns (row, the code in clear)."""
    dossier = lock_dossier(code)
    require_role(actor, (Role.RECEPTION,), dossier.receiving_agency)
    require_status(dossier, *RATEABLE_STATUSES)
    _refuse_if_rated(dossier)
    now = timezone.now()
    KioskCode.objects.filter(dossier=dossier, used_at__isnull=True, expires_at__gt=now).update(
        expires_at=now
    )
    plain = f"{secrets.randbelow(10**KIOSK_CODE_DIGITS):0{KIOSK_CODE_DIGITS}d}"
    row = KioskCode.objects.create(
        dossier=dossier,
        code_hash=kiosk_hash(plain),
        issued_by=actor,
        created_at=now,
        expires_at=now + kiosk_ttl(),
    )
    audit.append(
        stream_type=STREAM,
        stream_id=dossier.code,
        kind="rating.kiosk_code_issued",
        actor=actor,
        payload={"kiosk_code": row.pk, "expires_at": row.expires_at.isoformat()},
    )
    return row, plain


@transaction.atomic
def kiosk_rating_submit(*, kiosk_code: KioskCode, data: RatingData) -> Rating:
    """The rating typed at the counter device with a live code (found by
    `selectors_kiosk.kiosk_code_find`): the code is used up with the rating, in one
    transaction, under the dossier's lock and then the code's."""
    dossier = lock_dossier(kiosk_code.dossier.code)
    row = KioskCode.objects.select_for_update().get(pk=kiosk_code.pk)
    if row.used_at is not None or row.expires_at <= timezone.now():
        raise DomainError("Mã đánh giá đã được dùng hoặc đã hết hạn.", code="kiosk_code_invalid")
    require_status(dossier, *RATEABLE_STATUSES)
    _refuse_if_rated(dossier)
    row.used_at = timezone.now()
    row.save(update_fields=["used_at"])
    return _write(
        dossier,
        data=data,
        source=RatingSource.APPLICANT,
        channel=RatingChannel.KIOSK,
        rater=None,
        served=_served_by(dossier),
        kiosk=row,
    )
