"""One-time 6-digit codes sent through the outbox: account verification and password reset.

Contract:
- `code_send` invalidates the account's earlier codes for the purpose, stores only an HMAC
  (keyed with SECRET_KEY) of a new random code valid `CODE_TTL`, and writes one outbox row
  addressed to the account (`user=`), by SMS when it has a phone, else by e-mail. The outbox
  row carries the code itself: it is the message to deliver. Sends are throttled per account
  and purpose (`SEND_LIMIT` in `SEND_WINDOW`, `core.throttle`).
- `code_check` runs under a row lock on the newest code: a code works once, before it expires,
  within `OneTimeCode.MAX_ATTEMPTS` guesses. It returns an error code instead of raising, so a
  caller that raises can first commit the counted attempt (`raise_for`).
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from motcua.accounts.models import OneTimeCode, User
from motcua.core.errors import DomainError, RateLimited
from motcua.core.models import OutboxMessage
from motcua.core.throttle import throttle_fail

CODE_TTL = timedelta(minutes=10)
SEND_LIMIT = 3
SEND_WINDOW = timedelta(minutes=15)

MESSAGES = {
    "code_invalid": "Mã xác minh không đúng.",
    "code_expired": "Mã xác minh đã hết hạn hoặc đã được dùng. Vui lòng yêu cầu gửi mã mới.",
    "code_attempts": "Đã nhập sai mã 5 lần. Vui lòng yêu cầu gửi mã mới.",
}


def _hash(user: User, purpose: str, code: str) -> str:
    return salted_hmac("motcua.accounts.code", f"{user.pk}:{purpose}:{code}").hexdigest()


def has_contact(user: User) -> bool:
    return bool(user.phone or user.email)


def code_send(*, user: User, purpose: str, kind: str) -> OutboxMessage:
    """Send a new code (call inside the caller's transaction). Errors: code_send_blocked."""
    if not throttle_fail(f"code-send:{purpose}:{user.pk}", limit=SEND_LIMIT, window=SEND_WINDOW):
        raise RateLimited(
            "Đã gửi mã quá nhiều lần. Vui lòng chờ 15 phút rồi yêu cầu lại.",
            code="code_send_blocked",
        )
    now = timezone.now()
    OneTimeCode.objects.filter(user=user, purpose=purpose, expires_at__gt=now).update(
        expires_at=now
    )
    code = f"{secrets.randbelow(10**6):06d}"
    OneTimeCode.objects.create(
        user=user, purpose=purpose, code_hash=_hash(user, purpose, code), expires_at=now + CODE_TTL
    )
    channel, recipient = ("sms", user.phone) if user.phone else ("email", user.email)
    return OutboxMessage.objects.create(
        kind=kind,
        channel=channel,
        recipient=recipient,
        subject_type="user",
        subject_id=str(user.pk),
        user=user,
        payload={"code": code, "minutes": int(CODE_TTL.total_seconds() // 60)},
    )


def code_check(*, user: User, purpose: str, code: str) -> str | None:
    """None when `code` is the account's live code (now used up), else an error code:
    code_expired, code_attempts, code_invalid. Call inside a transaction."""
    row = (
        OneTimeCode.objects.select_for_update()
        .filter(user=user, purpose=purpose, used_at__isnull=True)
        .order_by("-created_at", "-pk")
        .first()
    )
    now = timezone.now()
    if row is None or row.expires_at <= now:
        return "code_expired"
    if row.attempts >= OneTimeCode.MAX_ATTEMPTS:
        return "code_attempts"
    if not constant_time_compare(row.code_hash, _hash(user, purpose, "".join(code.split()))):
        row.attempts += 1
        row.save(update_fields=["attempts"])
        return "code_attempts" if row.attempts >= OneTimeCode.MAX_ATTEMPTS else "code_invalid"
    row.used_at = now
    row.save(update_fields=["used_at"])
    return None


def raise_for(error: str | None) -> None:
    if error is not None:
        raise DomainError(MESSAGES[error], code=error)
