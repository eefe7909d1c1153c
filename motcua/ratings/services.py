"""Writes of ratings (docs/rules.md §22): the applicant's rating (online or at the kiosk), a
correction as a new linked record, and the kiosk's one-time codes.

Contract:
- Every write locks the dossier row first (`lock_dossier`, the platform's fixed lock order),
  so two ratings of one dossier racing are serialised: the second sees the first and is refused
  (`already_rated`); the unique constraint `uniq_rating_first_per_dossier` backs it.
- A rating never changes after it is written; there is no update function here.
- An official who received or handled the dossier can never rate it, nor correct its rating,
  and nobody rates themselves in the per-official part. A dossier gets one kiosk code, ever
  (a second is refused: nobody can issue a fresh code after the applicant has left), and the
  counter device refuses a rating while an official is signed in on it.
- Only the applicant scores officials: a correction carries no official scores.
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

from motcua.accounts.models import Role, RoleAssignment, UserKind
from motcua.accounts.selectors import user_has_any_role
from motcua.core import audit
from motcua.core.errors import Conflict, DomainError, PermissionDenied
from motcua.core.text import CONTROL_CHAR_CODE
from motcua.core.validators import control_char_problems
from motcua.dossiers.models import Dossier, DossierStatus
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


def _refuse_control_chars(texts: dict[str, str]) -> None:
    problems = control_char_problems(texts, multiline=texts)
    if problems:
        raise DomainError(
            "Ý kiến chứa ký tự điều khiển không hợp lệ.", code=CONTROL_CHAR_CODE, details=problems
        )


def _clean(data: RatingData) -> None:
    if rules.check_points(data.points):
        raise DomainError(
            "Mỗi tiêu chí từ 5 đến 9 phải được chấm 0, 1 hoặc 2 điểm (không có tiêu chí khác).",
            code="points_invalid",
        )
    texts = {"comment": data.comment} | {
        f"official_{o.official_id}": o.comment for o in data.officials
    }
    _refuse_control_chars(texts)
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
    pts = {n: data.points[n] for n in rules.PERSON_INDICATORS}
    total = computed.i1 + computed.i2 + computed.i3 + computed.i4 + sum(pts.values())
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
        if "uniq_rating_first_per_dossier" not in str(exc) and not _is_second_first(dossier):
            raise
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


def _is_second_first(dossier: Dossier) -> bool:
    """SQLite names the columns, not the constraint, in its message: a first rating that
    exists already is what the partial unique index refused."""
    return rating_first(dossier) is not None


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


def _independent_inspector(actor: Any, agency: Any) -> bool:
    """An inspector whose role covers `agency` from above (held at an ancestor, with its
    descendants): a supervising body, not the agency itself. An inspector role granted at the
    agency's own level is the agency's own people, so their corrections are self-assessment."""
    held = RoleAssignment.objects.filter(
        user=actor, role=Role.INSPECTOR, include_descendants=True
    ).exclude(agency_id=agency.pk)
    return any(agency.path.startswith(a.agency.path) for a in held.select_related("agency"))


def _correction_source(actor: Any, dossier: Dossier, survey_reference: str) -> str:
    agency = dossier.receiving_agency
    independent = _independent_inspector(actor, agency)
    if survey_reference:
        if not independent:
            raise PermissionDenied(
                "Chỉ cơ quan thanh tra, giám sát cấp trên ghi kết quả khảo sát độc lập.",
                code="forbidden",
            )
        return RatingSource.SURVEY
    if independent:
        return RatingSource.INSPECTION
    if user_has_any_role(actor, (Role.INSPECTOR,), agency):
        return RatingSource.SELF  # an inspector of the agency itself
    require_role(actor, CORRECTION_ROLES, agency)
    return RatingSource.SELF


@transaction.atomic
def rating_correct(
    *, actor: Any, code: str, data: RatingData, reason: str, survey_reference: str = ""
) -> Rating:
    """A correction of the dossier's effective rating: a new record linked to it, by the
    receiving agency's head or admin (self-assessment) or an inspector in scope (inspection),
    with a reason. The corrected record stays as it was. Only an inspector of a supervising
    level (`_independent_inspector`) makes an `inspection` record; anyone of the agency itself
    makes a `self` one, which never replaces the applicant's word in the scorecards.

    With `survey_reference` (the number of an independent survey's form, docs/rules.md §22.3)
    such an inspector records that survey's answer (source `survey`), linked to the effective
    rating: a survey never takes the applicant's place as the first rating."""
    dossier = lock_dossier(code)
    source = _correction_source(actor, dossier, survey_reference.strip())
    served = _served_by(dossier)
    if actor.pk in served:
        raise PermissionDenied(OWN_WORK, code="own_work")
    if not reason.strip():
        raise DomainError("Phải ghi lý do điều chỉnh đánh giá.", code="reason_required")
    _refuse_control_chars({"reason": reason, "survey_reference": survey_reference})
    if data.officials:
        raise DomainError(
            "Chỉ người nộp hồ sơ chấm điểm cán bộ; bản điều chỉnh không kèm điểm cán bộ.",
            code="officials_not_allowed",
        )
    current = rating_effective(dossier)
    if current is None:
        raise Conflict("Hồ sơ chưa có đánh giá để điều chỉnh.", code="not_rated")
    note = reason.strip()
    if survey_reference.strip():
        note = f"Khảo sát độc lập, phiếu số {survey_reference.strip()[:50]}: {note}"
    return _write(
        dossier,
        data=data,
        source=source,
        channel=RatingChannel.DESK,
        rater=actor,
        served=served,
        corrects=current,
        reason=note,
    )


def _fresh_code() -> str:
    """A random code whose HMAC no earlier code has (`code_hash` is unique over every code
    ever issued, so a repeat is drawn again rather than refused by the database)."""
    for _attempt in range(20):
        plain = f"{secrets.randbelow(10**KIOSK_CODE_DIGITS):0{KIOSK_CODE_DIGITS}d}"
        if not KioskCode.objects.filter(code_hash=kiosk_hash(plain)).exists():
            return plain
    raise Conflict("Không tạo được mã đánh giá; vui lòng thử lại.", code="kiosk_code_busy")


@transaction.atomic
def kiosk_code_issue(*, actor: Any, code: str) -> tuple[KioskCode, str]:
    """The dossier's one-time code for the counter device, printed once on the return slip the
    reception hands to the applicant when the result is returned (only its HMAC is kept).
    Refused: before the return (409 `invalid_state`), by an official who received or handled
    the dossier (403 `own_work`: they would hold a code to rate their own work), a second code
    (409 `kiosk_code_issued`). An applicant without the slip rates online. Returns (row, the
    code in clear)."""
    dossier = lock_dossier(code)
    require_role(actor, (Role.RECEPTION,), dossier.receiving_agency)
    require_status(dossier, DossierStatus.RETURNED)
    if actor.pk in _served_by(dossier):
        raise PermissionDenied(
            "Cán bộ đã tiếp nhận hoặc giải quyết hồ sơ không cấp mã đánh giá cho hồ sơ này; "
            "nhờ một cán bộ khác của bộ phận một cửa, hoặc người nộp đánh giá trực tuyến.",
            code="own_work",
        )
    _refuse_if_rated(dossier)
    if KioskCode.objects.filter(dossier=dossier).exists():
        raise Conflict(
            "Hồ sơ đã được cấp mã đánh giá tại quầy; mỗi hồ sơ chỉ có một mã. Người nộp có thể "
            "đánh giá trực tuyến tại mục Hồ sơ của tôi.",
            code="kiosk_code_issued",
        )
    now = timezone.now()
    plain = _fresh_code()
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


def _refuse_official_session(session_user: Any, served: dict[int, str]) -> None:
    """The counter device is for applicants: not while an official is signed in on it."""
    if session_user is None or not getattr(session_user, "is_authenticated", False):
        return
    if session_user.pk in served:
        raise PermissionDenied(OWN_WORK, code="own_work")
    if getattr(session_user, "kind", "") == UserKind.OFFICIAL:
        raise PermissionDenied(
            "Thiết bị đánh giá tại quầy không nhận đánh giá khi đang đăng nhập tài khoản cán bộ. "
            "Hãy đăng xuất.",
            code="kiosk_official_session",
        )


@transaction.atomic
def kiosk_rating_submit(
    *, kiosk_code: KioskCode, data: RatingData, session_user: Any = None
) -> Rating:
    """The rating typed at the counter device with a live code (found by
    `selectors.kiosk_code_find`): the code is used up with the rating, in one transaction,
    under the dossier's lock and then the code's. `session_user` is whoever is signed in on
    the device's browser: an official is refused (403 `own_work` when they served the
    dossier, else `kiosk_official_session`)."""
    dossier = lock_dossier(kiosk_code.dossier.code)
    served = _served_by(dossier)
    _refuse_official_session(session_user, served)
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
        served=served,
        kiosk=row,
    )
