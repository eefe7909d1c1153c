"""Counter intake (tiếp nhận tại quầy): what a reception officer may take in, and the one service
that takes a dossier in with its scanned documents.

Rules (Decree 61/2018 Art. 15 and Decree 118/2025 on one-stop reception; docs/rules.md §4
deadlines, §11 identifiers, §12 attachments): a reception officer takes in, at the counter or by
post, the procedures their agency receives; the dossier is received at once
(`dossier_intake_counter`: appointment fixed, receipt slip rendered by a task after commit) and
every scanned component is checked by content and stored through `attachment_add`. Either the
dossier and all its files are recorded, or nothing is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet

from motcua.accounts.models import Agency, Role, User, UserKind
from motcua.accounts.selectors import agencies_in_scope
from motcua.catalog.models import Channel, ProcedureVersion
from motcua.core.errors import DomainError, NotFound
from motcua.core.text import fold
from motcua.dossiers.models import Attachment, Dossier, Slip
from motcua.dossiers.selectors.dossiers import dossier_get_for_user
from motcua.dossiers.services.attachments import attachment_add, delete_quietly
from motcua.dossiers.services.submission import ApplicantData, dossier_intake_counter

INTAKE_CHANNELS = (Channel.COUNTER, Channel.POSTAL)


def intake_agencies(user: Any) -> QuerySet[Agency]:
    """The active agencies where `user` holds the reception role."""
    return agencies_in_scope(user, [Role.RECEPTION]).filter(is_active=True).order_by("path")


def _in_force() -> QuerySet[ProcedureVersion]:
    return ProcedureVersion.objects.filter(procedure__current=F("pk")).select_related("procedure")


def _received_by(scope: QuerySet[Agency]) -> Exists:
    through = ProcedureVersion.agencies.through
    return Exists(through.objects.filter(procedureversion_id=OuterRef("pk"), agency__in=scope))


def _takes_counter(version: ProcedureVersion) -> bool:
    return bool(set(version.channels or []) & set(INTAKE_CHANNELS))


def intake_procedures(*, user: Any, q: str = "", limit: int = 50) -> list[ProcedureVersion]:
    """The versions in force that an agency of the user's reception scope receives at the
    counter or by post, matching every word of `q` (in the name, with or without diacritics,
    or as the start of the code), by name. One query."""
    qs = _in_force().filter(_received_by(intake_agencies(user)))
    for word in fold(q).split():
        qs = qs.filter(Q(name_folded__contains=word) | Q(procedure__code__startswith=word))
    rows = qs.order_by("name_folded", "id")
    return [v for v in rows if _takes_counter(v)][:limit]


@dataclass
class IntakeChoice:
    """A procedure the officer may take in, with its documents and the agencies of the
    officer's scope that receive it."""

    version: ProcedureVersion
    agencies: list[Agency] = field(default_factory=list)


def intake_procedure_get(*, user: Any, code: str) -> IntakeChoice:
    """The version in force of `code` with the receiving agencies in the user's reception
    scope; NotFound when there is none (not in force, not received here, no counter channel)."""
    version = _in_force().prefetch_related("documents", "fees").filter(procedure__code=code).first()
    if version is None or not _takes_counter(version):
        raise NotFound("Không tìm thấy thủ tục tiếp nhận tại quầy.")
    agencies = list(intake_agencies(user).filter(pk__in=version.agencies.values("pk")))
    if not agencies:
        raise NotFound("Không tìm thấy thủ tục tiếp nhận tại quầy.")
    return IntakeChoice(version=version, agencies=agencies)


def citizen_prefill(*, cccd: str) -> dict[str, str] | None:
    """The name and contacts of the active citizen account with this CCCD, to prefill the
    applicant at the counter (the intake links the dossier to that account too)."""
    user = User.objects.filter(kind=UserKind.CITIZEN, cccd=cccd, is_active=True).first()
    if user is None:
        return None
    return {
        "name": user.full_name or user.get_full_name(),
        "phone": user.phone,
        "email": user.email,
    }


@dataclass
class IntakeFiles:
    """Scanned uploads by required-document id (one file each, any may be missing)."""

    by_document: Mapping[int, File]


def _attach_all(actor: Any, dossier: Dossier, files: IntakeFiles) -> dict[str, list[str]]:
    """Store every file; each failed one is reported by field `doc-<id>` (its savepoint rolls
    back alone, so the others are still checked and every problem is reported at once). A
    required component without its scan is reported the same way."""
    errors: dict[str, list[str]] = {}
    for document in dossier.procedure_version.documents.all():
        if document.is_required and document.pk not in files.by_document:
            errors[f"doc-{document.pk}"] = [f"Chưa có bản quét của «{document.name}»."]
    for document_id, upload in files.by_document.items():
        try:
            attachment_add(
                actor=actor, dossier=dossier, upload=upload, required_document_id=document_id
            )
        except DomainError as exc:
            errors[f"doc-{document_id}"] = [exc.message]
    return errors


def _delete_files(names: list[str]) -> None:
    storage = Attachment._meta.get_field("file").storage
    for name in names:
        delete_quietly(storage, name)


def counter_intake(
    *,
    actor: Any,
    procedure_code: str,
    agency_code: str,
    applicant: ApplicantData,
    form_data: dict[str, Any],
    files: IntakeFiles,
    channel: str = Channel.COUNTER,
) -> Dossier:
    """Take a dossier in at the counter (or by post) with its scanned components, in one
    transaction: the dossier is submitted and received (`dossier_intake_counter`, which checks
    the reception role at the agency, the applicant and the declaration), then every file goes
    through `attachment_add` (type by content, size limits, its audit event).

    Raises ValidationError by field (the applicant's, the declaration's, `doc-<id>` for a file)
    or DomainError; then no dossier, no attachment row and no stored file remain (the files
    stored before the failure are deleted again)."""
    stored: list[str] = []
    try:
        with transaction.atomic():
            dossier = dossier_intake_counter(
                actor=actor,
                procedure_code=procedure_code,
                agency_code=agency_code,
                applicant=applicant,
                form_data=form_data,
                channel=channel,
            )
            errors = _attach_all(actor, dossier, files)
            stored = list(dossier.attachments.values_list("file", flat=True))
            if errors:
                raise ValidationError(errors)
            return dossier
    except BaseException:
        _delete_files(stored)
        raise


@dataclass
class IntakeReceipt:
    dossier: Dossier
    slip: Slip | None  # None while the task is still rendering it


def intake_receipt(*, user: Any, code: str) -> IntakeReceipt:
    """The dossier just taken in (visible to the user) and its stored receipt slip, if the
    background task has rendered it yet."""
    dossier = dossier_get_for_user(user=user, code=code)
    slip = Slip.objects.filter(dossier=dossier, kind="receipt").order_by("-pk").first()
    return IntakeReceipt(dossier=dossier, slip=slip)
