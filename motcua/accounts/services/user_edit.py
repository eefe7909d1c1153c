"""Creating and changing any user from the admin ("user" audit stream, id = user pk).

Contract: identifiers are normalised and checked free (one citizen account per CCCD; one account
per representative per business tax code; the database enforces both); privileged fields
(`PRIVILEGED`) are changed by the city admin only (`is_city_admin`); a deactivation revokes the
user's API tokens. One audit event per call, naming the fields changed (never a password)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from motcua.accounts.models import Role, RoleAssignment, User, UserKind
from motcua.accounts.services.agencies import USER_STREAM, _domain
from motcua.accounts.services.credentials import revoke_live_tokens
from motcua.core import audit
from motcua.core.errors import Conflict, DomainError, PermissionDenied
from motcua.core.identifiers import validate_cccd, validate_phone, validate_tax_code

USER_EDITABLE = (
    "username",
    "first_name",
    "last_name",
    "email",
    "is_active",
    "kind",
    "full_name",
    "cccd",
    "tax_code",
    "organisation_name",
    "phone",
    "home_agency",
)
PRIVILEGED = ("is_staff", "is_superuser", "groups", "user_permissions")
# Who the account is: a citizen's CCCD links the counter's dossiers of that CCCD to the account
# (`dossiers.services.submission`), so only the city admin changes these.
IDENTITY = ("kind", "cccd", "tax_code", "organisation_name")
_M2M = ("groups", "user_permissions")


def is_city_admin(user: Any) -> bool:
    """A superuser or a holder of `city_admin`: the only ones who change privileged fields."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    roles = RoleAssignment.objects.filter(user=user, role=Role.CITY_ADMIN)
    return bool(user.is_superuser) or roles.exists()


def identity_conflict(*, kind: str, cccd: str, tax_code: str, exclude_pk: int | None) -> str:
    """A Vietnamese message when another account already holds this identity, else ""."""
    others = User.objects.exclude(pk=exclude_pk) if exclude_pk else User.objects.all()
    if kind == UserKind.CITIZEN and cccd and others.filter(kind=kind, cccd=cccd).exists():
        return f"Số CCCD {cccd} đã có tài khoản công dân khác."
    if (
        kind == UserKind.BUSINESS
        and tax_code
        and others.filter(kind=kind, tax_code=tax_code, cccd=cccd).exists()
    ):
        who = f"người đại diện CCCD {cccd}" if cccd else "người đại diện không ghi CCCD"
        return f"Mã số thuế {tax_code} đã có tài khoản của {who}."
    return ""


def normalise_identity(changes: dict[str, Any]) -> None:
    """Normalise cccd, tax_code and phone in place. Errors: the *_format codes."""
    try:
        if changes.get("cccd"):
            changes["cccd"] = validate_cccd(changes["cccd"])
        if changes.get("tax_code"):
            changes["tax_code"] = validate_tax_code(changes["tax_code"], allow_personal_id=True)
        if changes.get("phone"):
            changes["phone"] = validate_phone(changes["phone"])
    except ValidationError as exc:
        raise _domain(exc, "identifier_format") from exc


def _check(user: User, changes: dict[str, Any], actor: Any) -> None:
    if set(PRIVILEGED) & changes.keys() and not is_city_admin(actor):
        raise PermissionDenied(
            "Chỉ quản trị thành phố được đổi quyền quản trị, siêu người dùng và phân quyền.",
            code="privileged_field",
        )
    if set(IDENTITY) & changes.keys() and not is_city_admin(actor):
        raise PermissionDenied(
            "Chỉ quản trị thành phố được đổi loại tài khoản, số CCCD, mã số thuế và tên tổ chức.",
            code="identity_field",
        )
    unknown = changes.keys() - set(USER_EDITABLE) - set(PRIVILEGED)
    if unknown:
        raise DomainError(f"Không sửa được: {', '.join(sorted(unknown))}.", code="invalid")
    normalise_identity(changes)
    problem = identity_conflict(
        kind=changes.get("kind", user.kind),
        cccd=changes.get("cccd", user.cccd),
        tax_code=changes.get("tax_code", user.tax_code),
        exclude_pk=user.pk,
    )
    if problem:
        raise Conflict(problem, code="identity_taken")


def _payload(user: User, fields: list[str], revoked: int) -> dict[str, Any]:
    payload: dict[str, Any] = {"username": user.username, "fields": fields}
    for name in ("is_active", "is_staff", "is_superuser", "kind"):
        if name in fields:
            payload[name] = getattr(user, name)
    if revoked:
        payload["tokens_revoked"] = revoked
    return payload


def _revoke_roles(user: User, actor: Any) -> None:
    """Only officials hold roles: an account that stops being one loses them (one
    user.role_revoked event each)."""
    from motcua.accounts.services.users import role_revoke

    for row in RoleAssignment.objects.filter(user=user).select_related("agency"):
        role_revoke(assignment=row, actor=actor)


@transaction.atomic
def user_update(*, user: User, actor: Any = None, **changes: Any) -> User:
    """Change the given fields of `user` (see `USER_EDITABLE`, `PRIVILEGED`, `IDENTITY`); a
    change of kind away from official revokes the user's roles. Errors: privileged_field and
    identity_field (403, city admin only), identity_taken (409), the identifier *_format codes."""
    row = User.objects.select_for_update().get(pk=user.pk)
    _check(row, changes, actor)
    was_active = row.is_active
    if changes.get("kind", row.kind) != UserKind.OFFICIAL and row.kind == UserKind.OFFICIAL:
        _revoke_roles(row, actor)
    plain = {k: v for k, v in changes.items() if k not in _M2M}
    for name, value in plain.items():
        setattr(row, name, value)
    if plain:
        row.save(update_fields=list(plain))
    for name in _M2M:
        if name in changes:
            getattr(row, name).set(changes[name])
    revoked = revoke_live_tokens(row) if was_active and not row.is_active else 0
    audit.append(
        stream_type=USER_STREAM,
        stream_id=str(row.pk),
        kind="user.changed",
        actor=actor,
        payload=_payload(row, sorted(changes), revoked),
    )
    return row


@transaction.atomic
def user_create(
    *, username: str, password_hash: str, kind: str, actor: Any = None, **fields: Any
) -> User:
    """Create any kind of user from the admin's add form (password already validated and
    hashed by the form). Errors: username_taken, identity_taken, the *_format codes."""
    from motcua.accounts.services.users import _user_create

    normalise_identity(fields)
    problem = identity_conflict(
        kind=kind, cccd=fields.get("cccd", ""), tax_code=fields.get("tax_code", ""), exclude_pk=None
    )
    if problem:
        raise Conflict(problem, code="identity_taken")
    return _user_create(
        kind=kind,
        username=username,
        password=None,
        password_hash=password_hash,
        actor=actor,
        payload={"via": "admin"},
        **fields,
    )
