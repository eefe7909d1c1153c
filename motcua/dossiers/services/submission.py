"""Submission: online (idempotent) and at the counter (submitted and received at once)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from motcua.accounts.models import Agency, Role, User
from motcua.catalog.models import Channel, Fee, OnlineType, Procedure, ProcedureVersion
from motcua.core.errors import Conflict, DomainError, NotFound
from motcua.dossiers.form_schema import validate_form_data
from motcua.dossiers.models import ApplicantKind, Dossier, DossierStatus
from motcua.dossiers.permissions import require_role
from motcua.dossiers.profiles import profile_for
from motcua.dossiers.services._common import notify, now, record
from motcua.dossiers.services.applicants import (
    ApplicantData,
    check_eligible,
    check_online_identity,
    clean_applicant,
)
from motcua.dossiers.services.numbering import allocate_code


@dataclass(frozen=True)
class Prepared:
    """What a submission checked before taking any lock: the version in force (its procedure
    loaded), the competent agency, the cleaned applicant and form, and the fee total."""

    version: ProcedureVersion
    agency: Agency
    applicant: ApplicantData
    form_data: dict[str, Any]
    fee_total: int


def _current_version(procedure_code: str) -> tuple[ProcedureVersion, int]:
    """The version in force (with its procedure) and its fee total, in one query."""
    fees = (
        Fee.objects.filter(version=OuterRef("current"))
        .values("version")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    procedure = (
        Procedure.objects.select_related("current")
        .annotate(fee_total=Coalesce(Subquery(fees), 0))
        .filter(code=procedure_code)
        .first()
    )
    if procedure is None or procedure.current is None:
        raise NotFound(f"Không có thủ tục đang áp dụng với mã '{procedure_code}'.")
    version = procedure.current
    version.procedure = procedure  # the payload and the answer name it: no second read
    return version, int(procedure.fee_total)


def _check_agency(version: ProcedureVersion, agency_code: str) -> Agency:
    """The active agency and whether it receives `version`, in one query."""
    competent = ProcedureVersion.agencies.through.objects.filter(
        procedureversion_id=version.pk, agency_id=OuterRef("pk")
    )
    agency = (
        Agency.objects.filter(code=agency_code, is_active=True)
        .annotate(competent=Exists(competent))
        .first()
    )
    if agency is None:
        raise NotFound(f"Không tìm thấy cơ quan '{agency_code}'.")
    if not agency.competent:
        raise DomainError(
            f"{agency.name} không tiếp nhận thủ tục '{version.name}'.", code="agency_not_competent"
        )
    return agency


def _applicant_user(actor: Any, applicant: ApplicantData) -> Any:
    """The applicant's account: the submitter online; at the counter, the citizen account with
    the same CCCD (if any), so the citizen sees the dossier in the portal too."""
    if getattr(actor, "kind", "") != "official":
        return actor
    if applicant.kind != ApplicantKind.PERSON:
        return None
    return User.objects.filter(cccd=applicant.id_number, kind="citizen", is_active=True).first()


def _existing(actor: Any, key: str | None, prep: Prepared) -> Dossier | None:
    """The dossier this submitter already made with `key`; the same key for a different
    request (procedure, agency or applicant) is a client error, not a replay."""
    if not key or actor is None:
        return None
    found = (
        Dossier.objects.select_related("procedure_version__procedure", "receiving_agency")
        .filter(submitted_by=actor, idempotency_key=key)
        .first()
    )
    same = found is not None and (
        found.procedure_version.procedure.code,
        found.receiving_agency_id,
        found.applicant_id_number,
    ) == (prep.version.procedure.code, prep.agency.pk, prep.applicant.id_number)
    if found and not same:
        raise Conflict(
            "Idempotency-Key này đã dùng cho một hồ sơ khác.", code="idempotency_key_reused"
        )
    return found


def _build(*, actor: Any, prep: Prepared, channel: str, key: str | None) -> Dossier:
    """The unsaved dossier, without its code: everything that reads comes before the code."""
    at = now()
    applicant = prep.applicant
    return Dossier(
        procedure_version=prep.version,
        receiving_agency=prep.agency,
        profile_code=profile_for(timezone.localtime(at).date()).code,
        channel=channel,
        status=DossierStatus.SUBMITTED,
        applicant_kind=applicant.kind,
        applicant_name=applicant.name,
        applicant_id_number=applicant.id_number,
        applicant_phone=applicant.phone,
        applicant_email=applicant.email,
        applicant_address=applicant.address,
        representative_name=applicant.representative_name,
        representative_id_number=applicant.representative_id_number,
        applicant_user=_applicant_user(actor, applicant),
        form_data=prep.form_data,
        fee_total=prep.fee_total,
        submitted_at=at,
        idempotency_key=key or None,
        submitted_by=actor,
        version=0,
    )


def _insert(dossier: Dossier, *, actor: Any, notice: bool) -> Dossier:
    """Allocate the code (the counter lock, held to commit), then write: the applicant's
    notification (`notice`), the dossier row and its first audit event (the global head
    lock, last). Runs inside the caller's transaction."""
    day = timezone.localtime(dossier.submitted_at).date()
    agency, version = dossier.receiving_agency, dossier.procedure_version
    dossier.code = allocate_code(agency.pk, agency.code, day)
    if notice:
        notify(dossier, kind="dossier.submitted", payload={"procedure": version.name})
    record(
        dossier,
        kind="dossier.submitted",
        actor=actor,
        payload={
            "procedure": version.procedure.code,
            "procedure_version": version.number,
            "channel": dossier.channel,
            "agency": agency.code,
        },
    )
    return dossier


def _prepare(
    procedure_code: str,
    agency_code: str,
    applicant: ApplicantData,
    form_data: dict[str, Any] | None,
) -> Prepared:
    """Check everything the caller sent and report every problem at once, by field."""
    version, fee_total = _current_version(procedure_code)
    agency = _check_agency(version, agency_code)
    errors: dict[str, list[str]] = {}
    try:
        applicant = clean_applicant(applicant)
        check_eligible(version, applicant)
    except ValidationError as exc:
        errors.update(
            {
                f"applicant.{k}" if k in ("kind", "name") else k: v
                for k, v in exc.message_dict.items()
            }
        )
    today = timezone.localdate(now())
    try:
        data = validate_form_data(version.form_schema, form_data or {}, today=today)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return Prepared(version, agency, applicant, data, fee_total)


def _check_online(actor: Any, prep: Prepared) -> None:
    check_online_identity(actor, prep.applicant)
    version = prep.version
    if version.online_type == OnlineType.NONE or Channel.ONLINE not in version.channels:
        raise DomainError("Thủ tục này chưa cung cấp dịch vụ công trực tuyến.", code="not_online")


def dossier_submit(
    *,
    actor: Any,
    procedure_code: str,
    agency_code: str,
    applicant: ApplicantData,
    form_data: dict[str, Any] | None = None,
    idempotency_key: str | None = None,
) -> tuple[Dossier, bool]:
    """Online submission. Returns (dossier, created). The same `idempotency_key` from the same
    submitter returns the first dossier instead of creating another.

    Every read and check runs before the transaction's first lock; the agency's counter is
    taken last, just before the insert (numbering.py). A replay is found by a read before any
    lock; two requests with one key racing past that read are settled by the unique
    (submitted_by, idempotency_key) constraint: the loser's insert fails, its transaction
    (and its number) rolls back, and it answers with the winner's dossier."""
    if actor is None or not actor.is_authenticated:
        raise DomainError("Cần đăng nhập để nộp hồ sơ trực tuyến.", code="unauthenticated")
    if idempotency_key is not None and not (0 < len(idempotency_key) <= 100):
        raise DomainError("Idempotency-Key phải dài từ 1 đến 100 ký tự.", code="invalid_key")
    prep = _prepare(procedure_code, agency_code, applicant, form_data)
    _check_online(actor, prep)
    existing = _existing(actor, idempotency_key, prep)
    if existing:
        return existing, False
    dossier = _build(actor=actor, prep=prep, channel=Channel.ONLINE, key=idempotency_key)
    try:
        with transaction.atomic():
            _insert(dossier, actor=actor, notice=True)
    except IntegrityError:
        existing = _existing(actor, idempotency_key, prep)
        if existing is None:
            raise
        return existing, False
    return dossier, True


def dossier_intake_counter(
    *,
    actor: Any,
    procedure_code: str,
    agency_code: str,
    applicant: ApplicantData,
    form_data: dict[str, Any] | None = None,
    channel: str = Channel.COUNTER,
) -> Dossier:
    """A reception officer enters a dossier brought to the counter (or by post) and receives it
    at once: the appointment slip is issued in the same transaction."""
    from motcua.dossiers.services.reception import receive_locked

    if channel not in (Channel.COUNTER, Channel.POSTAL):
        raise DomainError(
            "Kênh nộp tại quầy phải là 'counter' hoặc 'postal'.", code="invalid_channel"
        )
    prep = _prepare(procedure_code, agency_code, applicant, form_data)
    require_role(actor, (Role.RECEPTION,), prep.agency)
    dossier = _build(actor=actor, prep=prep, channel=channel, key=None)
    with transaction.atomic():
        _insert(dossier, actor=actor, notice=False)
        receive_locked(dossier, actor=actor)
        return dossier
