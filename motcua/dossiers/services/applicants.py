"""Who applies: the applicant's data, checked and normalised, and the rules on who may file in
whose name. Used by `submission`; pure checks plus one lookup of the caller's account fields."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from motcua.catalog.models import ProcedureVersion
from motcua.core.errors import DomainError, PermissionDenied
from motcua.core.identifiers import validate_cccd, validate_phone, validate_tax_code
from motcua.core.validators import control_char_problems
from motcua.dossiers.models import ApplicantKind

# ApplicantKind -> the word the catalogue uses in `ProcedureVersion.applicant_types`.
CATALOGUE_KIND = {ApplicantKind.PERSON: "individual", ApplicantKind.ORGANISATION: "organisation"}
KIND_LABEL = {"individual": "cá nhân", "organisation": "tổ chức"}


@dataclass
class ApplicantData:
    kind: str  # ApplicantKind
    name: str
    id_number: str  # CCCD for a person, tax code for an organisation
    phone: str = ""
    email: str = ""
    address: str = ""
    representative_name: str = ""
    representative_id_number: str = ""


def _check_email(value: str) -> str:
    try:
        validate_email(value)
    except ValidationError as exc:
        raise ValidationError("Địa chỉ thư điện tử không hợp lệ.", code="email_invalid") from exc
    return value


def clean_applicant(a: ApplicantData) -> ApplicantData:
    """The normalised applicant, or ValidationError by field (every problem at once). Text with
    control characters is refused (one-line fields: none at all)."""
    errors = control_char_problems(vars(a))

    def check(field: str, fn: Any, value: str) -> str:
        if field in errors:
            return value
        try:
            return fn(value)
        except ValidationError as exc:
            errors[field] = exc.messages
            return value

    if a.kind not in ApplicantKind.values:
        errors["kind"] = ["Loại người nộp phải là 'person' hoặc 'organisation'."]
    if not a.name.strip() and "name" not in errors:
        errors["name"] = ["Bắt buộc nhập họ tên hoặc tên tổ chức."]
    validator = validate_cccd if a.kind == ApplicantKind.PERSON else validate_tax_code
    id_number = check("id_number", validator, a.id_number)
    phone = check("phone", validate_phone, a.phone) if a.phone else ""
    email = check("email", _check_email, a.email.strip()) if a.email.strip() else ""
    rep_id = a.representative_id_number
    if rep_id:
        rep_id = check("representative_id_number", validate_cccd, rep_id)
    if errors:
        raise ValidationError(errors)
    return ApplicantData(
        kind=a.kind,
        name=a.name.strip(),
        id_number=id_number,
        phone=phone,
        email=email,
        address=a.address.strip(),
        representative_name=a.representative_name.strip(),
        representative_id_number=rep_id,
    )


def check_eligible(version: ProcedureVersion, applicant: ApplicantData) -> None:
    """The procedure's published subjects (`applicant_types`; empty means anyone) include the
    applicant's kind: an organisation cannot apply for an individual-only procedure."""
    allowed = version.applicant_types or list(CATALOGUE_KIND.values())
    kind = CATALOGUE_KIND.get(applicant.kind)  # type: ignore[call-overload]
    if kind not in allowed:
        who = " hoặc ".join(KIND_LABEL.get(k, k) for k in allowed)
        raise ValidationError(
            {"applicant.kind": [f"Thủ tục '{version.name}' chỉ dành cho {who}."]},
            code="applicant_not_eligible",
        )


def _own_ids(actor: Any) -> tuple[str, str]:
    return getattr(actor, "cccd", "") or "", getattr(actor, "tax_code", "") or ""


def check_online_identity(actor: Any, applicant: ApplicantData) -> None:
    """Online, a person files in their own name: the applicant is the caller (their CCCD, or the
    tax code of their organisation or one of its branches), or the caller is the applicant's
    representative recorded on the dossier (`representative_id_number` = the caller's CCCD: an
    authorised representative, who brings the authorisation as a dossier component). Officials
    do not file online for others: they take dossiers at the counter
    (`dossier_intake_counter`), where the dossier records them as the receiver."""
    if getattr(actor, "kind", "") == "official":
        raise PermissionDenied(
            "Cán bộ không nộp hồ sơ trực tuyến thay người dân; hãy tiếp nhận hồ sơ tại quầy "
            "(kênh 'counter' hoặc 'postal').",
            code="official_online_submission",
        )
    cccd, tax_code = _own_ids(actor)
    if not cccd and not tax_code:
        raise DomainError(
            "Tài khoản chưa có số định danh cá nhân hoặc mã số thuế nên chưa nộp hồ sơ được.",
            code="identity_missing",
        )
    own = applicant.id_number
    is_self = (applicant.kind == ApplicantKind.PERSON and cccd and own == cccd) or (
        applicant.kind == ApplicantKind.ORGANISATION
        and tax_code
        and (own == tax_code or own.startswith(f"{tax_code}-"))
    )
    represents = bool(cccd) and applicant.representative_id_number == cccd
    if not (is_self or represents):
        raise PermissionDenied(
            "Chỉ được nộp hồ sơ trực tuyến đứng tên chính mình hoặc với tư cách người đại diện "
            "(ghi số định danh của mình ở mục người đại diện).",
            code="applicant_not_caller",
        )
