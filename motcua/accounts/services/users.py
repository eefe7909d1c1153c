"""Every write to users and role assignments ("user" audit stream, id = user pk)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction

from motcua.accounts.models import Agency, Role, RoleAssignment, User, UserKind
from motcua.accounts.services.agencies import USER_STREAM, _domain
from motcua.core import audit
from motcua.core.errors import Conflict, DomainError, PermissionDenied
from motcua.core.identifiers import validate_cccd, validate_phone, validate_tax_code


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
    representatives of one organisation may exist, each once). Errors: the tax_code_* codes,
    representative_taken."""
    try:
        tax_code = validate_tax_code(tax_code)
        cccd = validate_cccd(cccd) if cccd else ""
    except ValidationError as exc:
        raise _domain(exc, "tax_code_format") from exc
    if not organisation_name.strip():
        raise DomainError("Tên tổ chức không được để trống.", code="invalid")
    if User.objects.filter(kind=UserKind.BUSINESS, tax_code=tax_code, cccd=cccd).exists():
        raise Conflict(
            "Người đại diện này đã có tài khoản cho mã số thuế này.", code="representative_taken"
        )
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


def _check_role_authority(
    actor: Any, user: User, agency: Agency, role: str, include_descendants: bool = False
) -> None:
    """Who may grant or revoke a role: the system (no actor: the seed, imports), the city admin,
    or an agency admin for a role other than `city_admin`, for someone else whose home agency
    (if set) is in their scope, at an agency in their scope (with its whole subtree when
    `include_descendants`). So nobody else changes their own roles or widens their scope. The
    admin offers no more than this; the service holds the rule for every caller."""
    from motcua.accounts.selectors import agencies_in_scope
    from motcua.accounts.services.user_edit import is_city_admin

    if actor is None or is_city_admin(actor):
        return
    scope = agencies_in_scope(actor, [Role.AGENCY_ADMIN])
    covered = Agency.objects.filter(path__startswith=agency.path) if include_descendants else None
    allowed = (
        role != Role.CITY_ADMIN
        and user.pk != actor.pk
        and scope.filter(pk=agency.pk).exists()
        and (user.home_agency_id is None or scope.filter(pk=user.home_agency_id).exists())
        and (covered is None or not covered.exclude(pk__in=scope.values("pk")).exists())
    )
    if not allowed:
        raise PermissionDenied(
            "Bạn không có quyền phân vai trò này tại cơ quan này.", code="role_not_allowed"
        )


@transaction.atomic
def role_grant(
    *, user: User, agency: Agency, role: str, include_descendants: bool = False, actor: Any = None
) -> RoleAssignment:
    """Give `user` the `role` at `agency` (and below it when `include_descendants`).

    Safe to run twice: an identical grant returns the existing row and writes nothing; a grant
    that differs only in `include_descendants` updates the flag. Errors: invalid_role,
    not_official, agency_inactive, role_not_allowed."""
    if role not in Role.values:
        raise DomainError(f"Vai trò không hợp lệ: {role!r}.", code="invalid_role")
    if user.kind != UserKind.OFFICIAL:
        raise DomainError("Chỉ cán bộ, công chức mới được phân quyền.", code="not_official")
    if not agency.is_active:
        raise DomainError(f"{agency.name} đã ngừng hoạt động.", code="agency_inactive")
    _check_role_authority(actor, user, agency, role, include_descendants)
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
    """Remove one role assignment (writes one audit event on the user's stream). Errors:
    role_not_allowed."""
    _check_role_authority(actor, assignment.user, assignment.agency, assignment.role)
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
