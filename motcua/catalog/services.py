"""Every write to the catalogue. A published version is frozen; revising makes a new draft."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from motcua.accounts.models import Agency
from motcua.catalog.models import (
    Fee,
    Field,
    Procedure,
    ProcedureVersion,
    RequiredDocument,
    VersionStatus,
)
from motcua.core import audit
from motcua.core.errors import DomainError
from motcua.core.text import fold
from motcua.core.validators import control_char_problems

STREAM = "procedure"


@dataclass
class DocumentData:
    name: str
    copy_type: str = "original"
    quantity: int = 1
    is_required: bool = True
    reusable: bool = False
    template_name: str = ""


@dataclass
class FeeData:
    kind: str
    description: str
    amount: int
    condition: str = ""
    online_amount: int | None = None
    exempt_categories: list[str] = field(default_factory=list)


@dataclass
class ProcedureData:
    """Everything a procedure version publishes: the seven parts of Decree 63/2010/NĐ-CP
    Art. 8(2) and what the national database carries (docs/rules.md §4)."""

    code: str
    name: str
    field_code: str
    level: str
    time_limit_value: Decimal
    time_limit_unit: str
    applicants: str
    result_type: str
    agency_codes: list[str] = field(default_factory=list)
    agency_text: str = ""
    steps_text: str = ""
    channels: list[str] = field(default_factory=lambda: ["counter"])
    time_limit_text: str = ""
    receipt_cutoff: time | None = None
    applicant_types: list[str] = field(default_factory=lambda: ["individual"])
    legal_basis: str = ""
    requirements: str = ""
    publication_decision_number: str = ""
    publication_decision_date: date | None = None
    effective_from: date | None = None  # the date the decision puts this version in force
    online_type: str = "none"
    eligible_end_to_end: bool = False
    paper_result_required: bool = False
    fee_before_processing: bool = False
    form_schema: list[dict[str, Any]] = field(default_factory=list)
    documents: list[DocumentData] = field(default_factory=list)
    fees: list[FeeData] = field(default_factory=list)


_SCALARS = (
    "name",
    "level",
    "agency_text",
    "steps_text",
    "channels",
    "time_limit_value",
    "time_limit_unit",
    "time_limit_text",
    "receipt_cutoff",
    "applicants",
    "applicant_types",
    "result_type",
    "legal_basis",
    "requirements",
    "publication_decision_number",
    "publication_decision_date",
    "effective_from",
    "online_type",
    "eligible_end_to_end",
    "paper_result_required",
    "fee_before_processing",
    "form_schema",
)


def version_data(version: ProcedureVersion) -> ProcedureData:
    """The content of `version` as `ProcedureData`, agency codes sorted; uses prefetched
    agencies, documents and fees when present. Uploaded template files are not carried."""
    return ProcedureData(
        code=version.procedure.code,
        field_code=version.field.code,
        agency_codes=sorted(a.code for a in version.agencies.all()),
        documents=[
            DocumentData(
                name=d.name,
                copy_type=d.copy_type,
                quantity=d.quantity,
                is_required=d.is_required,
                reusable=d.reusable,
                template_name=d.template_name,
            )
            for d in sorted(version.documents.all(), key=lambda d: d.order)
        ],
        fees=[
            FeeData(
                kind=f.kind,
                description=f.description,
                amount=f.amount,
                condition=f.condition,
                online_amount=f.online_amount,
                exempt_categories=list(f.exempt_categories),
            )
            for f in sorted(version.fees.all(), key=lambda f: f.pk)
        ],
        **{name: getattr(version, name) for name in _SCALARS},
    )


def search_text(version: ProcedureVersion, documents: list[str], field_name: str) -> str:
    parts = [
        version.name,
        field_name,
        version.agency_text,
        version.applicants,
        version.result_type,
        version.steps_text,
        version.requirements,
        *documents,
        version.legal_basis,
    ]
    return fold(" ".join(p for p in parts if p))


def _apply(version: ProcedureVersion, data: ProcedureData) -> None:
    try:
        fld = Field.objects.get(code=data.field_code)
    except Field.DoesNotExist as exc:
        raise DomainError(
            f"Lĩnh vực '{data.field_code}' không tồn tại.", code="unknown_field"
        ) from exc
    agencies = list(Agency.objects.filter(code__in=data.agency_codes))
    if len(agencies) != len(set(data.agency_codes)):
        missing = set(data.agency_codes) - {a.code for a in agencies}
        raise DomainError(
            f"Không tìm thấy cơ quan: {', '.join(sorted(missing))}.", code="unknown_agency"
        )
    for name in _SCALARS:
        setattr(version, name, getattr(data, name))
    version.field = fld
    version.name_folded = fold(data.name)
    version.search_folded = search_text(version, [d.name for d in data.documents], fld.name)
    version.save()
    version.agencies.set(agencies)
    version.documents.all().delete()
    RequiredDocument.objects.bulk_create(
        RequiredDocument(version=version, order=i, **vars(d))
        for i, d in enumerate(data.documents, 1)
    )
    version.fees.all().delete()
    Fee.objects.bulk_create(Fee(version=version, **vars(f)) for f in data.fees)


_MULTILINE = ("steps_text", "legal_basis", "requirements", "agency_text", "time_limit_text")
APPLICANT_TYPES = ("individual", "organisation")


def _check_input(data: ProcedureData) -> None:
    """Refuse control characters in every text of the version (tab and line breaks allowed in
    the long texts) and applicant types other than individual/organisation."""
    texts: dict[str, object] = {k: v for k, v in vars(data).items() if isinstance(v, str)}
    texts["documents"] = [t for d in data.documents for t in (d.name, d.template_name)]
    texts["fees"] = [t for f in data.fees for t in (f.description, f.condition)]
    texts["form_schema"] = [
        str(v) for spec in data.form_schema for v in (*spec.values(), *spec.get("choices", []))
    ]
    errors = control_char_problems(texts, multiline=_MULTILINE)
    if not set(data.applicant_types) <= set(APPLICANT_TYPES):
        errors["applicant_types"] = ["Đối tượng thực hiện chỉ gồm 'individual', 'organisation'."]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def procedure_draft_save(*, data: ProcedureData, actor: Any = None) -> ProcedureVersion:
    """Create or update the draft of `data.code`. If the newest version is frozen, a new draft
    version is started (this is how a published procedure is revised). Errors: 422
    `validation_error` for control characters or unknown applicant types."""
    _check_input(data)
    procedure, _ = Procedure.objects.get_or_create(code=data.code)
    procedure = Procedure.objects.select_for_update().get(pk=procedure.pk)
    latest = procedure.versions.order_by("-number").first()
    if latest is None or latest.is_frozen:
        version = ProcedureVersion(procedure=procedure, number=(latest.number + 1) if latest else 1)
    else:
        version = latest
    _apply(version, data)
    audit.append(
        stream_type=STREAM,
        stream_id=procedure.code,
        kind="procedure.draft_saved",
        actor=actor,
        payload={"version": version.number, "name": version.name},
    )
    return version


@transaction.atomic
def procedure_publish(*, version: ProcedureVersion, actor: Any = None) -> ProcedureVersion:
    """Freeze `version` and make it the one in force; the previous one is superseded."""
    procedure = Procedure.objects.select_for_update().get(pk=version.procedure_id)
    version = ProcedureVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != VersionStatus.DRAFT:
        raise DomainError(
            "Phiên bản này đã công bố, không thể công bố lại.", code="already_published"
        )
    if procedure.current_id:
        ProcedureVersion.objects.filter(pk=procedure.current_id).update(
            status=VersionStatus.SUPERSEDED
        )
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.save(update_fields=["status", "published_at"])
    procedure.current = version
    procedure.save(update_fields=["current"])
    audit.append(
        stream_type=STREAM,
        stream_id=procedure.code,
        kind="procedure.published",
        actor=actor,
        payload={"version": version.number},
    )
    return version


@transaction.atomic
def procedure_create(*, code: str, actor: Any = None) -> Procedure:
    """A procedure code with no version yet (the admin's "add procedure"). Errors:
    procedure_exists."""
    code = code.strip()
    if Procedure.objects.filter(code=code).exists():
        raise DomainError(f"Thủ tục {code} đã có.", code="procedure_exists")
    procedure = Procedure.objects.create(code=code)
    audit.append(stream_type=STREAM, stream_id=code, kind="procedure.created", actor=actor)
    return procedure


@transaction.atomic
def procedure_delete(*, procedure: Procedure, actor: Any = None) -> None:
    """Delete a procedure that never published a version (its drafts go with it). Errors:
    procedure_frozen."""
    procedure = Procedure.objects.select_for_update().get(pk=procedure.pk)
    if procedure.versions.exclude(status=VersionStatus.DRAFT).exists():
        raise DomainError(
            f"Thủ tục {procedure.code} đã công bố, không thể xoá.", code="procedure_frozen"
        )
    drafts = list(procedure.versions.values_list("number", flat=True))
    audit.append(
        stream_type=STREAM,
        stream_id=procedure.code,
        kind="procedure.deleted",
        actor=actor,
        payload={"drafts": drafts},
    )
    procedure.versions.all().delete()
    procedure.delete()


def _lock_version_draft(version: ProcedureVersion) -> ProcedureVersion:
    Procedure.objects.select_for_update().filter(pk=version.procedure_id).first()
    locked = ProcedureVersion.objects.select_for_update().get(pk=version.pk)
    if locked.is_frozen:
        raise DomainError("Phiên bản này đã công bố, không thể sửa hay xoá.", code="version_frozen")
    return locked


def next_draft_number(procedure: Procedure) -> int:
    return (procedure.versions.aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def procedure_draft_saved(*, version: ProcedureVersion, actor: Any = None) -> ProcedureVersion:
    """Finish a draft the admin's form and inlines wrote in this transaction: re-check it is
    still a draft under the procedure lock, recompute the folded search copies and write the
    audit event. (The admin's rows carry uploaded template files, which `procedure_draft_save`
    does not.) Errors: version_frozen."""
    locked = _lock_version_draft(version)
    documents = list(locked.documents.order_by("order").values_list("name", flat=True))
    locked.name_folded = fold(locked.name)
    locked.search_folded = search_text(locked, documents, locked.field.name)
    locked.save(update_fields=["name_folded", "search_folded"])
    audit.append(
        stream_type=STREAM,
        stream_id=locked.procedure.code,
        kind="procedure.draft_saved",
        actor=actor,
        payload={"version": locked.number, "name": locked.name, "via": "admin"},
    )
    return locked


@transaction.atomic
def procedure_draft_delete(*, version: ProcedureVersion, actor: Any = None) -> None:
    """Delete a draft version. Errors: version_frozen."""
    locked = _lock_version_draft(version)
    audit.append(
        stream_type=STREAM,
        stream_id=locked.procedure.code,
        kind="procedure.draft_deleted",
        actor=actor,
        payload={"version": locked.number, "name": locked.name},
    )
    locked.delete()
