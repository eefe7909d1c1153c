"""Every write to agencies, users and role assignments.

Each service runs in one transaction, checks its input, and appends one audit event: agency
changes on the "agency" stream (id = agency code), user and role changes on the "user" stream
(id = user pk). Errors are `DomainError`s with a stable code and a Vietnamese message.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction

from motcua.accounts.models import Agency, AgencyKind, Role, RoleAssignment, User, UserKind
from motcua.core import audit
from motcua.core.errors import Conflict, DomainError
from motcua.core.identifiers import validate_cccd, validate_phone, validate_tax_code

AGENCY_STREAM = "agency"
USER_STREAM = "user"

# QCVN 102:2016/BTTTT agency identifier V1V2V3.Z1Z2.Y1Y2.MX1X2 (13 characters), domain.md §1.6.
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
        "parent": agency.parent.code if agency.parent_id else None,
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


def _check_username(username: str) -> str:
    username = (username or "").strip()
    if not username:
        raise DomainError("Tên đăng nhập không được để trống.", code="invalid_username")
    if User.objects.filter(username__iexact=username).exists():
        raise Conflict(f"Tên đăng nhập {username} đã được dùng.", code="username_taken")
    return username


def _set_password(user: User, password: str | None, password_hash: str | None) -> None:
    """`password_hash` (from make_password) lets imports and the demo seed skip re-hashing."""
    if password_hash:
        user.password = password_hash
    elif password:
        try:
            password_validation.validate_password(password, user)
        except ValidationError as exc:
            raise DomainError(" ".join(exc.messages), code="weak_password") from exc
        user.set_password(password)
    else:
        user.set_unusable_password()


def _normalise_phone(phone: str) -> str:
    if not phone:
        return ""
    try:
        return validate_phone(phone)
    except ValidationError as exc:
        raise _domain(exc, "phone_format") from exc


def _user_create(
    *,
    kind: str,
    username: str,
    password: str | None,
    password_hash: str | None,
    actor: Any,
    payload: dict[str, Any],
    **fields: Any,
) -> User:
    user = User(kind=kind, username=_check_username(username), **fields)
    _set_password(user, password, password_hash)
    user.save()
    audit.append(
        stream_type=USER_STREAM,
        stream_id=str(user.pk),
        kind="user.created",
        actor=actor,
        payload={"username": user.username, "kind": kind, **payload},
    )
    return user


@transaction.atomic
def user_create_official(
    *,
    username: str,
    full_name: str,
    home_agency: Agency | None = None,
    password: str | None = None,
    password_hash: str | None = None,
    email: str = "",
    phone: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
    actor: Any = None,
) -> User:
    """Create an official (cán bộ, công chức). Roles are granted separately with `role_grant`.
    `is_staff` opens the Django admin (master data) to this person."""
    return _user_create(
        kind=UserKind.OFFICIAL,
        username=username,
        password=password,
        password_hash=password_hash,
        actor=actor,
        full_name=full_name.strip(),
        home_agency=home_agency,
        email=email,
        phone=_normalise_phone(phone),
        is_staff=is_staff or is_superuser,
        is_superuser=is_superuser,
        payload={
            "home_agency": home_agency.code if home_agency else None,
            "is_superuser": is_superuser,
        },
    )


@transaction.atomic
def user_create_citizen(
    *,
    username: str,
    full_name: str,
    cccd: str,
    birth_date: date | None = None,
    sex: str | None = None,
    password: str | None = None,
    password_hash: str | None = None,
    email: str = "",
    phone: str = "",
    actor: Any = None,
) -> User:
    """Create a citizen account identified by CCCD (checked against birth date and sex when
    given). One account per CCCD. Errors: the cccd_* codes of `validate_cccd`, cccd_taken."""
    try:
        cccd = validate_cccd(cccd, birth_date=birth_date, sex=sex)
    except ValidationError as exc:
        raise _domain(exc, "cccd_format") from exc
    if User.objects.filter(kind=UserKind.CITIZEN, cccd=cccd).exists():
        raise Conflict("Số CCCD này đã có tài khoản.", code="cccd_taken")
    return _user_create(
        kind=UserKind.CITIZEN,
        username=username,
        password=password,
        password_hash=password_hash,
        actor=actor,
        full_name=full_name.strip(),
        cccd=cccd,
        email=email,
        phone=_normalise_phone(phone),
        payload={"cccd": cccd},
    )


@transaction.atomic
def user_create_business(
    *,
    username: str,
    full_name: str,
    tax_code: str,
    organisation_name: str,
    cccd: str = "",
    password: str | None = None,
    password_hash: str | None = None,
    email: str = "",
    phone: str = "",
    actor: Any = None,
) -> User:
    """Create the account of a business representative (tax code of the organisation; several
    representatives of one organisation may exist). Errors: the tax_code_* codes."""
    try:
        tax_code = validate_tax_code(tax_code)
        cccd = validate_cccd(cccd) if cccd else ""
    except ValidationError as exc:
        raise _domain(exc, "tax_code_format") from exc
    if not organisation_name.strip():
        raise DomainError("Tên tổ chức không được để trống.", code="invalid")
    return _user_create(
        kind=UserKind.BUSINESS,
        username=username,
        password=password,
        password_hash=password_hash,
        actor=actor,
        full_name=full_name.strip(),
        tax_code=tax_code,
        cccd=cccd,
        organisation_name=organisation_name.strip(),
        email=email,
        phone=_normalise_phone(phone),
        payload={"tax_code": tax_code},
    )


def _role_payload(assignment: RoleAssignment) -> dict[str, Any]:
    return {
        "agency": assignment.agency.code,
        "role": assignment.role,
        "include_descendants": assignment.include_descendants,
    }


@transaction.atomic
def role_grant(
    *, user: User, agency: Agency, role: str, include_descendants: bool = False, actor: Any = None
) -> RoleAssignment:
    """Give `user` the `role` at `agency` (and below it when `include_descendants`).

    Safe to run twice: an identical grant returns the existing row and writes nothing; a grant
    that differs only in `include_descendants` updates the flag. Errors: invalid_role,
    not_official, agency_inactive."""
    if role not in Role.values:
        raise DomainError(f"Vai trò không hợp lệ: {role!r}.", code="invalid_role")
    if user.kind != UserKind.OFFICIAL:
        raise DomainError("Chỉ cán bộ, công chức mới được phân quyền.", code="not_official")
    if not agency.is_active:
        raise DomainError(f"{agency.name} đã ngừng hoạt động.", code="agency_inactive")
    row = (
        RoleAssignment.objects.select_for_update()
        .filter(user=user, agency=agency, role=role)
        .first()
    )
    if row is not None and row.include_descendants == include_descendants:
        return row
    kind = "user.role_changed" if row is not None else "user.role_granted"
    row = row or RoleAssignment(user=user, agency=agency, role=role)
    row.include_descendants = include_descendants
    row.save()
    audit.append(
        stream_type=USER_STREAM,
        stream_id=str(user.pk),
        kind=kind,
        actor=actor,
        payload=_role_payload(row),
    )
    return row


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment, actor: Any = None) -> None:
    """Remove one role assignment (writes one audit event on the user's stream)."""
    payload = _role_payload(assignment)
    deleted, _ = RoleAssignment.objects.filter(pk=assignment.pk).delete()
    if deleted:
        audit.append(
            stream_type=USER_STREAM,
            stream_id=str(assignment.user_id),
            kind="user.role_revoked",
            actor=actor,
            payload=payload,
        )
