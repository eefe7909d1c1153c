"""Submission: online (idempotent) and at the counter (submitted and received at once)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from motcua.accounts.models import Agency, Role, User
from motcua.catalog.models import Channel, OnlineType, Procedure, ProcedureVersion
from motcua.core.errors import Conflict, DomainError, NotFound
from motcua.dossiers.form_schema import validate_form_data
from motcua.dossiers.models import ApplicantKind, Dossier, DossierCounter, DossierStatus
from motcua.dossiers.permissions import require_role
from motcua.dossiers.profiles import profile_for
from motcua.dossiers.services._common import notify, now, record
from motcua.dossiers.services.applicants import (
    ApplicantData,
    check_eligible,
    check_online_identity,
    clean_applicant,
)


def _current_version(procedure_code: str) -> ProcedureVersion:
    procedure = Procedure.objects.select_related("current").filter(code=procedure_code).first()
    if procedure is None or procedure.current is None:
        raise NotFound(f"Không có thủ tục đang áp dụng với mã '{procedure_code}'.")
    return procedure.current


def _check_agency(version: ProcedureVersion, agency_code: str) -> Agency:
    agency = Agency.objects.filter(code=agency_code, is_active=True).first()
    if agency is None:
        raise NotFound(f"Không tìm thấy cơ quan '{agency_code}'.")
    if not version.agencies.filter(pk=agency.pk).exists():
        raise DomainError(
            f"{agency.name} không tiếp nhận thủ tục '{version.name}'.", code="agency_not_competent"
        )
    return agency


def lock_counter(agency: Agency, day: date) -> DossierCounter:
    """Lock the agency's counter for `day`, creating it on the day's first dossier. Every
    submission to the agency that day queues here, which keeps the sequence gap-free."""
    counters = DossierCounter.objects.select_for_update()
    try:
        return counters.get(agency=agency, day=day)
    except DossierCounter.DoesNotExist:
        DossierCounter.objects.bulk_create(
            [DossierCounter(agency=agency, day=day, last=0)], ignore_conflicts=True
        )
        return counters.get(agency=agency, day=day)


def next_code(counter: DossierCounter, agency: Agency) -> str:
    """`<agency code>-YYMMDD-NNNN` (Circular 01/2018 Art. 19) from a locked counter; a rolled-back
    submission rolls its number back too."""
    counter.last += 1
    if counter.last > 9999:
        raise DomainError("Đã hết số thứ tự hồ sơ trong ngày (9999).", code="sequence_exhausted")
    counter.save(update_fields=["last"])
    return f"{agency.code}-{counter.day:%y%m%d}-{counter.last:04d}"


def _applicant_user(actor: Any, applicant: ApplicantData) -> Any:
    """The applicant's account: the submitter online; at the counter, the citizen account with
    the same CCCD (if any), so the citizen sees the dossier in the portal too."""
    if getattr(actor, "kind", "") != "official":
        return actor
    if applicant.kind != ApplicantKind.PERSON:
        return None
    return User.objects.filter(cccd=applicant.id_number, kind="citizen", is_active=True).first()


def _existing(
    actor: Any, key: str | None, procedure_code: str, agency: Agency, id_number: str
) -> Dossier | None:
    """The dossier this submitter already made with `key`; the same key for a different
    request (procedure, agency or applicant) is a client error, not a replay."""
    if not key or actor is None:
        return None
    found = Dossier.objects.filter(submitted_by=actor, idempotency_key=key).first()
    same = found is not None and (
        found.procedure_version.procedure.code,
        found.receiving_agency_id,
        found.applicant_id_number,
    ) == (procedure_code, agency.pk, id_number)
    if found and not same:
        raise Conflict(
            "Idempotency-Key này đã dùng cho một hồ sơ khác.", code="idempotency_key_reused"
        )
    return found


def _create(
    *,
    actor: Any,
    version: ProcedureVersion,
    agency: Agency,
    applicant: ApplicantData,
    form_data: dict[str, Any],
    channel: str,
    key: str | None,
    counter: DossierCounter | None = None,
) -> Dossier:
    at = now()
    day = timezone.localtime(at).date()
    counter = counter or lock_counter(agency, day)
    dossier = Dossier(
        code=next_code(counter, agency),
        procedure_version=version,
        receiving_agency=agency,
        profile_code=profile_for(day).code,
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
        form_data=form_data,
        fee_total=sum(f.amount for f in version.fees.all()),
        submitted_at=at,
        idempotency_key=key or None,
        submitted_by=actor,
        version=0,
    )
    record(
        dossier,
        kind="dossier.submitted",
        actor=actor,
        payload={
            "procedure": version.procedure.code,
            "procedure_version": version.number,
            "channel": channel,
            "agency": agency.code,
        },
    )
    return dossier


def _prepare(
    procedure_code: str,
    agency_code: str,
    applicant: ApplicantData,
    form_data: dict[str, Any] | None,
) -> tuple[ProcedureVersion, Agency, ApplicantData, dict]:
    """Check everything the caller sent and report every problem at once, by field."""
    version = _current_version(procedure_code)
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
    return version, agency, applicant, data


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
    submitter returns the first dossier instead of creating another."""
    if actor is None or not actor.is_authenticated:
        raise DomainError("Cần đăng nhập để nộp hồ sơ trực tuyến.", code="unauthenticated")
    if idempotency_key is not None and not (0 < len(idempotency_key) <= 100):
        raise DomainError("Idempotency-Key phải dài từ 1 đến 100 ký tự.", code="invalid_key")
    version, agency, applicant, data = _prepare(procedure_code, agency_code, applicant, form_data)
    check_online_identity(actor, applicant)
    if version.online_type == OnlineType.NONE or Channel.ONLINE not in version.channels:
        raise DomainError("Thủ tục này chưa cung cấp dịch vụ công trực tuyến.", code="not_online")
    try:
        with transaction.atomic():
            # The counter lock comes before the key check: a concurrent request with the same
            # key waits here, then finds the dossier the first one committed.
            counter = lock_counter(agency, timezone.localdate(now()))
            existing = _existing(
                actor, idempotency_key, procedure_code, agency, applicant.id_number
            )
            if existing:
                return existing, False
            dossier = _create(
                actor=actor,
                version=version,
                agency=agency,
                applicant=applicant,
                form_data=data,
                channel=Channel.ONLINE,
                key=idempotency_key,
                counter=counter,
            )
            notify(dossier, kind="dossier.submitted", payload={"procedure": version.name})
            return dossier, True
    except IntegrityError:
        existing = _existing(actor, idempotency_key, procedure_code, agency, applicant.id_number)
        if existing is None:
            raise
        return existing, False


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
    version, agency, applicant, data = _prepare(procedure_code, agency_code, applicant, form_data)
    require_role(actor, (Role.RECEPTION,), agency)
    with transaction.atomic():
        dossier = _create(
            actor=actor,
            version=version,
            agency=agency,
            applicant=applicant,
            form_data=data,
            channel=channel,
            key=None,
        )
        receive_locked(dossier, actor=actor)
        return dossier
