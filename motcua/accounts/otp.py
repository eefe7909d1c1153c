"""The second factor for officials (django-otp): an authenticator app (TOTP, RFC 6238) and ten
one-use recovery codes (otp_static). docs/rules.md on access: officials reach the workspace and
the admin only after it (`access.second_factor_passed`).

Contract:
- `second_factor_verify` takes a 6-digit TOTP code or one recovery code (which is then used
  up, with an audit event). Failures are counted per account with `core.throttle`
  (`FAIL_LIMIT` in `FAIL_WINDOW`); while blocked nothing is checked, not even a right code.
- `totp_enrol_start` gives an official without a confirmed device one unconfirmed device (the
  same one on every visit, so reloading the page keeps the QR code); `totp_enrol_confirm`
  confirms it with a code from the app and issues `RECOVERY_CODES` recovery codes, returned
  once and stored by django-otp. An official who already has a device cannot enrol another
  from a password alone (a stolen password must not add the thief's phone).
- The admin site (`SecondFactorAdminSite`) refuses officials who have not passed the second
  factor and sends them to the second-factor page.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.access import is_official, second_factor_passed
from motcua.accounts.models import User
from motcua.accounts.services.agencies import USER_STREAM
from motcua.core import audit
from motcua.core.errors import Conflict, DomainError, RateLimited
from motcua.core.throttle import throttle_blocked, throttle_fail

RECOVERY_CODES = 10
FAIL_LIMIT = 5
FAIL_WINDOW = timedelta(minutes=15)
TOTP_NAME = "Ứng dụng xác thực"
RECOVERY_NAME = "Mã dự phòng"


def _throttle_key(user: User) -> str:
    return f"otp:{user.pk}"


def has_second_factor(user: User) -> bool:
    """True when the account has a confirmed authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def _match(user: User, token: str) -> Device | None:
    if len(token) == 6 and token.isascii() and token.isdigit():
        devices: Any = TOTPDevice.objects.filter(user=user, confirmed=True)
    else:
        devices = StaticDevice.objects.filter(user=user, confirmed=True)
    for device in devices:
        if device.verify_token(token):
            return device
    return None


def _refuse_if_blocked(key: str) -> None:
    if throttle_blocked(key):
        raise RateLimited(
            "Đã nhập sai mã quá nhiều lần. Vui lòng thử lại sau 15 phút.", code="otp_blocked"
        )


def second_factor_verify(*, user: User, token: str) -> Device:
    """The device that accepts `token`. Errors: otp_blocked (429), otp_invalid. A failure is
    counted after its transaction, so raising does not undo the count."""
    key = _throttle_key(user)
    _refuse_if_blocked(key)
    with transaction.atomic():
        device = _match(user, "".join((token or "").split()).lower())
        if isinstance(device, StaticDevice):
            audit.append(
                stream_type=USER_STREAM,
                stream_id=str(user.pk),
                kind="user.recovery_code_used",
                actor=user,
                payload={"left": device.token_set.count()},
            )
    if device is None:
        throttle_fail(key, limit=FAIL_LIMIT, window=FAIL_WINDOW)
        raise DomainError("Mã xác thực không đúng hoặc đã được dùng.", code="otp_invalid")
    return device


@transaction.atomic
def totp_enrol_start(*, user: User) -> TOTPDevice:
    """The unconfirmed device to show as a QR code. Errors: otp_enrolled (409)."""
    if has_second_factor(user):
        raise Conflict("Tài khoản đã có ứng dụng xác thực.", code="otp_enrolled")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def issue_recovery_codes(user: User, codes: list[str]) -> StaticDevice:
    static, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    static.token_set.all().delete()
    StaticToken.objects.bulk_create(StaticToken(device=static, token=c) for c in codes)
    return static


def totp_enrol_confirm(*, user: User, token: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the unconfirmed device with a code from the app; the device and the new recovery
    codes (shown once). Errors: otp_enrolled, otp_blocked, otp_invalid."""
    key = _throttle_key(user)
    _refuse_if_blocked(key)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=totp_enrol_start(user=user).pk)
        accepted = device.verify_token("".join((token or "").split()))
        if accepted:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            issue_recovery_codes(user, codes)
            audit.append(
                stream_type=USER_STREAM,
                stream_id=str(user.pk),
                kind="user.second_factor_enrolled",
                actor=user,
                payload={"recovery_codes": RECOVERY_CODES},
            )
    if not accepted:
        throttle_fail(key, limit=FAIL_LIMIT, window=FAIL_WINDOW)
        raise DomainError(
            "Mã không đúng. Hãy nhập mã 6 chữ số đang hiện trong ứng dụng.", code="otp_invalid"
        )
    return device, codes


def second_factor_url(next_url: str) -> str:
    """The second-factor page, coming back to `next_url`."""
    return f"{reverse('accounts:otp_verify')}?{urlencode({'next': next_url})}"


class SecondFactorAdminSite(admin.AdminSite):
    """Django's admin site; an official enters it only after the second factor."""

    def has_permission(self, request: HttpRequest) -> bool:
        if not super().has_permission(request):
            return False
        return not is_official(request.user) or second_factor_passed(request)

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        user = request.user
        if user.is_active and user.is_staff and not self.has_permission(request):
            return redirect(second_factor_url(request.GET.get("next") or reverse("admin:index")))
        return super().login(request, extra_context)
