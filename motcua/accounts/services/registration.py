"""Self-registration of citizens and business representatives, and password reset
("user" audit stream, id = user pk).

Contract:
- `registration_citizen` / `registration_business` create the account with the existing
  `user_create_citizen` / `user_create_business` (their checks: CCCD, tax code, one account
  per CCCD, each representative once, the password validators), inactive, and send a 6-digit
  verification code through the outbox (`codes.code_send`, kind `account.verify`). A phone or
  an e-mail address is required: it is where the code goes. Any error leaves nothing behind.
  A citizen's username is their CCCD; a representative's is "<tax code>.<CCCD>".
- `registration_verify` activates the account with its code (audit `user.verified`);
  `registration_resend` sends a new code (throttled).
- `password_reset_request` never tells whether the login name exists: for an unknown, inactive
  or unreachable account, or one whose sends are throttled, it does nothing, silently. Requests
  and wrong codes are also throttled per client address. `password_reset_confirm` checks the
  code, then sets the password through `user_set_password` (which revokes API tokens).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction

from motcua.accounts.backends import user_for_login_name
from motcua.accounts.models import CodePurpose, User
from motcua.accounts.services.agencies import USER_STREAM
from motcua.accounts.services.codes import (
    MESSAGES,
    code_check,
    code_send,
    has_contact,
    raise_for,
)
from motcua.accounts.services.credentials import user_set_password
from motcua.accounts.services.users import user_create_business, user_create_citizen
from motcua.core import audit
from motcua.core.errors import Conflict, DomainError, RateLimited
from motcua.core.throttle import throttle_blocked, throttle_fail

VERIFY_KIND = "account.verify"
RESET_KIND = "account.password_reset"
CLIENT_LIMIT = 10
CLIENT_WINDOW = timedelta(hours=1)


def _check_contact(phone: str, email: str) -> None:
    if not (phone or "").strip() and not (email or "").strip():
        raise DomainError(
            "Vui lòng nhập số điện thoại di động hoặc thư điện tử để nhận mã xác minh.",
            code="contact_required",
        )


def _registered(user: User) -> User:
    user.is_active = False
    user.save(update_fields=["is_active"])
    message = code_send(user=user, purpose=CodePurpose.VERIFY, kind=VERIFY_KIND)
    audit.append(
        stream_type=USER_STREAM,
        stream_id=str(user.pk),
        kind="user.registered",
        actor=user,
        payload={"channel": message.channel},
    )
    return user


@transaction.atomic
def registration_citizen(
    *, full_name: str, cccd: str, password: str, phone: str = "", email: str = ""
) -> User:
    """A new inactive citizen account. Errors: contact_required, the cccd_* codes, cccd_taken,
    username_taken, phone_*, weak_password."""
    _check_contact(phone, email)
    user = user_create_citizen(
        username="".join(cccd.split()),
        full_name=full_name,
        cccd=cccd,
        password=password,
        phone=phone,
        email=email.strip(),
    )
    return _registered(user)


@transaction.atomic
def registration_business(
    *,
    tax_code: str,
    organisation_name: str,
    full_name: str,
    cccd: str,
    password: str,
    phone: str = "",
    email: str = "",
) -> User:
    """A new inactive representative account. Errors: contact_required, cccd_required, the
    tax_code_* and cccd_* codes, representative_taken, username_taken, phone_*,
    weak_password."""
    _check_contact(phone, email)
    if not cccd.strip():
        raise DomainError("Vui lòng nhập số CCCD của người đại diện.", code="cccd_required")
    user = user_create_business(
        username=f"{''.join(tax_code.split())}.{''.join(cccd.split())}",
        full_name=full_name,
        tax_code=tax_code,
        organisation_name=organisation_name,
        cccd=cccd,
        password=password,
        phone=phone,
        email=email.strip(),
    )
    return _registered(user)


def registration_verify(*, user: User, code: str) -> User:
    """Activate `user` with their code. Errors: already_active, code_expired, code_attempts,
    code_invalid (the failed attempt is counted)."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.is_active:
            raise Conflict("Tài khoản đã được xác minh.", code="already_active")
        error = code_check(user=user, purpose=CodePurpose.VERIFY, code=code)
        if error is None:
            user.is_active = True
            user.save(update_fields=["is_active"])
            audit.append(
                stream_type=USER_STREAM, stream_id=str(user.pk), kind="user.verified", actor=user
            )
    raise_for(error)
    return user


@transaction.atomic
def registration_resend(*, user: User) -> None:
    """A new verification code. Errors: already_active, code_send_blocked."""
    if User.objects.filter(pk=user.pk, is_active=True).exists():
        raise Conflict("Tài khoản đã được xác minh.", code="already_active")
    code_send(user=user, purpose=CodePurpose.VERIFY, kind=VERIFY_KIND)


_BLOCKED = "Quá nhiều yêu cầu từ địa chỉ của bạn. Vui lòng thử lại sau một giờ."


def _count(action: str, client: str) -> bool:
    """Count one request or failure of `client`; False when it is blocked."""
    return throttle_fail(f"{action}:{client}", limit=CLIENT_LIMIT, window=CLIENT_WINDOW)


def password_reset_request(*, login_name: str, client: str) -> None:
    """Send a reset code to the account `login_name` designates, if any (never says).
    `client` is the caller's address key (`core.clientip`). Errors: reset_blocked."""
    if not _count("reset-request", client):
        raise RateLimited(_BLOCKED, code="reset_blocked")
    user = user_for_login_name(login_name)
    if user is None or not user.is_active or not has_contact(user):
        return
    try:
        with transaction.atomic():
            message = code_send(user=user, purpose=CodePurpose.RESET, kind=RESET_KIND)
            audit.append(
                stream_type=USER_STREAM,
                stream_id=str(user.pk),
                kind="user.password_reset_requested",
                payload={"channel": message.channel},
            )
    except RateLimited:
        return


def password_reset_confirm(*, login_name: str, code: str, password: str, client: str) -> User:
    """Set a new password with a reset code. Errors: reset_blocked, code_invalid,
    code_expired, code_attempts, weak_password (the code is then still usable)."""
    if throttle_blocked(f"reset-confirm:{client}"):
        raise RateLimited(_BLOCKED, code="reset_blocked")
    user = user_for_login_name(login_name)
    if user is None or not user.is_active:
        _count("reset-confirm", client)
        raise DomainError(MESSAGES["code_invalid"], code="code_invalid")
    _validate_password(password, user)
    with transaction.atomic():
        error = code_check(user=user, purpose=CodePurpose.RESET, code=code)
        if error is None:
            user = user_set_password(user=user, password=password, actor=user)
    if error is not None:
        _count("reset-confirm", client)
    raise_for(error)
    return user


def _validate_password(password: str, user: Any) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), code="weak_password") from exc
