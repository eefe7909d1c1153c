"""Every write to agencies (and the shared helpers of the account services).

Each service runs in one transaction, checks its input, and appends one audit event: agency
changes on the "agency" stream (id = agency code), user and role changes on the "user" stream
(id = user pk). Errors are `DomainError`s with a stable code and a Vietnamese message.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from motcua.accounts.models import Agency, AgencyKind
from motcua.core import audit
from motcua.core.errors import Conflict, DomainError

AGENCY_STREAM = "agency"
USER_STREAM = "user"

# QCVN 102:2016/BTTTT agency identifier V1V2V3.Z1Z2.Y1Y2.MX1X2 (13 characters), docs/rules.md §5.
AGENCY_CODE_RE = re.compile(r"\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}")
_HHMM = re.compile(r"([01]\d|2[0-3]):[0-5]\d")

# Fields `agency_update` may change. Code and parent are identity and position in the tree.
AGENCY_EDITABLE = (
    "name",
    "short_name",
    "kind",
    "address",
    "office_hours",
    "saturday_hours",
    "phone",
    "email",
    "is_active",
)


def validate_agency_code(code: str) -> str:
    """Return the code (trimmed, upper case) or raise ValidationError(code="agency_code_format")."""
    value = (code or "").strip().upper()
    if not AGENCY_CODE_RE.fullmatch(value):
        raise ValidationError(
            f"Mã định danh cơ quan '{code}' không đúng định dạng QCVN 102:2016 "
            "V1V2V3.Z1Z2.Y1Y2.MX1X2 (13 ký tự, ví dụ 000.00.00.H29).",
            code="agency_code_format",
        )
    return value


def validate_sessions(value: Any, *, label: str = "giờ làm việc") -> list[list[str]]:
    """Check office sessions [["07:30","11:30"], ...]: HH:MM pairs, each start < end, in order,
    not overlapping. Raise ValidationError(code="office_hours_format") otherwise."""
    if value in (None, ""):
        return []
    problem = f'Khung {label} không hợp lệ: cần danh sách các ca ["HH:MM", "HH:MM"]'
    if not isinstance(value, list | tuple):
        raise ValidationError(problem + ".", code="office_hours_format")
    sessions: list[list[str]] = []
    previous_end = ""
    for item in value:
        if not (isinstance(item, list | tuple) and len(item) == 2):
            raise ValidationError(problem + ".", code="office_hours_format")
        start, end = (str(x).strip() for x in item)
        if not (_HHMM.fullmatch(start) and _HHMM.fullmatch(end)):
            raise ValidationError(f"{problem}; gặp {list(item)}.", code="office_hours_format")
        if not previous_end <= start < end:
            raise ValidationError(
                f"Khung {label} {start}–{end} phải kết thúc sau khi bắt đầu và không chồng lên "
                "ca trước.",
                code="office_hours_format",
            )
        sessions.append([start, end])
        previous_end = end
    return sessions


def _domain(exc: ValidationError, fallback: str) -> DomainError:
    return DomainError(" ".join(exc.messages), code=exc.code or fallback)


def _agency_payload(agency: Agency) -> dict[str, Any]:
    return {
        "code": agency.code,
        "name": agency.name,
        "short_name": agency.short_name,
        "kind": agency.kind,
        "parent": agency.parent.code if agency.parent else None,
        "is_active": agency.is_active,
    }


@transaction.atomic
def agency_create(
    *,
    code: str,
    name: str,
    short_name: str,
    kind: str,
    parent: Agency | None = None,
    address: str = "",
    office_hours: list[list[str]] | None = None,
    saturday_hours: list[list[str]] | None = None,
    phone: str = "",
    email: str = "",
    is_active: bool = True,
    actor: Any = None,
) -> Agency:
    """Create an agency under `parent` (None = a root) and set its materialised path
    `<parent path><id>/` ("/<id>/" for a root). Errors: agency_code_format, agency_code_taken,
    invalid_agency_kind, office_hours_format, invalid_parent."""
    try:
        code = validate_agency_code(code)
        office = validate_sessions(office_hours)
        saturday = validate_sessions(saturday_hours, label="giờ làm việc thứ Bảy")
    except ValidationError as exc:
        raise _domain(exc, "invalid") from exc
    if kind not in AgencyKind.values:
        raise DomainError(f"Loại cơ quan không hợp lệ: {kind!r}.", code="invalid_agency_kind")
    if not name.strip() or not short_name.strip():
        raise DomainError("Tên và tên viết tắt của cơ quan không được để trống.", code="invalid")
    if parent is not None and not parent.path:
        raise DomainError("Cơ quan cấp trên chưa có đường dẫn cây.", code="invalid_parent")
    if Agency.objects.filter(code=code).exists():
        raise Conflict(f"Mã định danh {code} đã được dùng.", code="agency_code_taken")
    agency = Agency.objects.create(
        code=code,
        name=name.strip(),
        short_name=short_name.strip(),
        kind=kind,
        parent=parent,
        address=address,
        office_hours=office,
        saturday_hours=saturday,
        phone=phone,
        email=email,
        is_active=is_active,
    )
    agency.path = f"{parent.path if parent else '/'}{agency.pk}/"
    agency.save(update_fields=["path"])
    audit.append(
        stream_type=AGENCY_STREAM,
        stream_id=agency.code,
        kind="agency.created",
        actor=actor,
        payload=_agency_payload(agency),
    )
    return agency


@transaction.atomic
def agency_update(*, agency: Agency, actor: Any = None, **changes: Any) -> list[str]:
    """Change the given fields of `agency` (any of AGENCY_EDITABLE). Returns the names of the
    fields that really changed; when none did, nothing is written (no audit event)."""
    unknown = set(changes) - set(AGENCY_EDITABLE)
    if unknown:
        raise DomainError(f"Không thể sửa trường: {', '.join(sorted(unknown))}.", code="invalid")
    try:
        if "office_hours" in changes:
            changes["office_hours"] = validate_sessions(changes["office_hours"])
        if "saturday_hours" in changes:
            changes["saturday_hours"] = validate_sessions(
                changes["saturday_hours"], label="giờ làm việc thứ Bảy"
            )
    except ValidationError as exc:
        raise _domain(exc, "invalid") from exc
    if "kind" in changes and changes["kind"] not in AgencyKind.values:
        raise DomainError(
            f"Loại cơ quan không hợp lệ: {changes['kind']!r}.", code="invalid_agency_kind"
        )
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    changed = {k: v for k, v in changes.items() if getattr(agency, k) != v}
    if not changed:
        return []
    before = {k: getattr(agency, k) for k in changed}
    for key, value in changed.items():
        setattr(agency, key, value)
    agency.save(update_fields=list(changed))
    audit.append(
        stream_type=AGENCY_STREAM,
        stream_id=agency.code,
        kind="agency.updated",
        actor=actor,
        payload={"before": before, "after": changed},
    )
    return sorted(changed)
