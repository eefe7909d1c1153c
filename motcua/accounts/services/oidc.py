"""The write behind an OpenID Connect sign-in: find or create the citizen the provider vouched for.

Contract (docs/oidc.md):
- The person is identified by the 12-digit personal ID number (số định danh cá nhân, the CCCD
  number; Law on Identity 2023 Art. 12) from the ID token, checked with `validate_cccd`; the
  provider's `sub` is recorded in the audit event but never used to match.
- Only a citizen account is matched. A CCCD held only by an official's account is refused:
  officials sign in with password and the second factor (docs/rules.md, TOTP for officials), so
  an identity provider must not open the workspace. A business representative's account is not
  matched either; the person gets a citizen account of their own.
- A new citizen gets an account through `user_create_citizen` with no usable password.
- Every sign-in records the issuer and time on the user (`idp_issuer`, `idp_verified_at`) and
  writes one audit event on the "user" stream: `account.oidc_created` (new account),
  `account.oidc_linked` (first sign-in of an existing account with this issuer) or
  `account.oidc_verified` (later sign-ins).
Errors: oidc_cccd_invalid, oidc_official, oidc_inactive.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User, UserKind
from motcua.accounts.services.agencies import USER_STREAM
from motcua.accounts.services.users import user_create_citizen
from motcua.core import audit
from motcua.core.errors import Conflict, DomainError, PermissionDenied
from motcua.core.identifiers import validate_cccd
from motcua.core.text import find_control_char

NAME_MAX = 200


def _clean_cccd(raw: object) -> str:
    try:
        if not isinstance(raw, str) or not raw:
            raise ValidationError(_("Thiếu số định danh cá nhân."), code="cccd_missing")
        return validate_cccd(raw)
    except ValidationError as exc:
        raise DomainError(
            _("Nhà cung cấp định danh không gửi số định danh cá nhân hợp lệ.")
            + " "
            + " ".join(exc.messages),
            code="oidc_cccd_invalid",
        ) from exc


def _clean_name(raw: object) -> str:
    name = raw.strip() if isinstance(raw, str) else ""
    if find_control_char(name) is not None:
        return ""
    return name[:NAME_MAX]


def _free_username(cccd: str) -> str:
    """The CCCD itself (what citizens type on the national portal), else with a random tail."""
    username = cccd
    while User.objects.filter(username__iexact=username).exists():
        username = f"{cccd}-{secrets.token_hex(2)}"
    return username


def _citizen(number: str) -> User | None:
    return User.objects.select_for_update().filter(kind=UserKind.CITIZEN, cccd=number).first()


def _create_or_find(number: str, full_name: object) -> tuple[User, bool]:
    """Create the citizen; if a concurrent sign-in of the same person created it after our
    look-up (PostgreSQL's READ COMMITTED: our check saw nothing, our insert then hits the unique
    constraint or the service's own check), use theirs. (User, created)."""
    try:
        user = user_create_citizen(
            username=_free_username(number), full_name=_clean_name(full_name), cccd=number
        )
    except (IntegrityError, Conflict):
        found = _citizen(number)
        if found is None:
            raise
        return found, False
    return user, True


@transaction.atomic
def user_sign_in_oidc(
    *, issuer: str, subject: str, cccd: object, full_name: object, at: datetime | None = None
) -> User:
    """Return the citizen account for the identity the provider `issuer` vouched for (creating
    it if needed) and record the verification. See the module docstring for the rules."""
    number = _clean_cccd(cccd)
    at = at or timezone.now()
    user, created = _citizen(number), False
    if user is None and User.objects.filter(kind=UserKind.OFFICIAL, cccd=number).exists():
        raise PermissionDenied(
            _(
                "Tài khoản cán bộ, công chức không đăng nhập bằng VNeID. Vui lòng đăng nhập bằng "
                "tên đăng nhập, mật khẩu và mã xác thực hai bước."
            ),
            code="oidc_official",
        )
    if user is None:
        user, created = _create_or_find(number, full_name)
    if not user.is_active:
        raise PermissionDenied(_("Tài khoản này đã bị khóa."), code="oidc_inactive")
    if created:
        kind = "account.oidc_created"
    else:
        kind = "account.oidc_verified" if user.idp_issuer == issuer else "account.oidc_linked"
    user.idp_issuer = issuer
    user.idp_verified_at = at
    user.save(update_fields=["idp_issuer", "idp_verified_at"])
    audit.append(
        stream_type=USER_STREAM,
        stream_id=str(user.pk),
        kind=kind,
        actor=user,
        payload={"issuer": issuer, "subject": subject},
        occurred_at=at,
    )
    return user
