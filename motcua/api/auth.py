"""Bearer-token and session authentication for the API."""

from __future__ import annotations

import hashlib
import secrets

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer
from ninja.utils import check_csrf

from motcua.accounts.models import ApiToken, User
from motcua.core.errors import PermissionDenied

TOKEN_PREFIX = "mc_"  # noqa: S105


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_create(*, user: User, name: str = "") -> str:
    """Create a token for `user` and return the clear key (shown once, never stored)."""
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, key_hash=hash_key(key), prefix=key[:8])
    return key


def user_for_key(key: str) -> User | None:
    """The user of a live token: not revoked, not expired, its user active."""
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(
            key_hash=hash_key(key),
            revoked_at__isnull=True,
            expires_at__gt=now,
            user__is_active=True,
        )
        .first()
    )
    if token is None:
        return None
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_key(token)
        if user is not None:
            request.user = user
        return user


def _session_user(request: HttpRequest) -> User | None:
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def session_auth(request: HttpRequest) -> User | None:
    """The signed-in user of a session cookie, after Django's CSRF check.

    A browser sends the session cookie with any cross-site request, so a session alone proves
    nothing about who wrote the request: an unsafe method must carry the CSRF token (header
    `X-CSRFToken` or form field) and, where the browser sends one, a same-site `Origin` or
    `Referer`, exactly as `CsrfViewMiddleware` checks the pages. A bearer token is not sent by
    browsers on their own, so `TokenAuth` (tried first) needs no such check. A failure is a 403
    `csrf_failed` in the API's error shape."""
    user = _session_user(request)
    if user is None:
        return None
    if check_csrf(request) is not None:
        raise PermissionDenied(
            "Yêu cầu bị từ chối: thiếu hoặc sai mã chống giả mạo (CSRF). Tải lại trang rồi thử "
            "lại, hoặc dùng mã truy cập API (Bearer).",
            code="csrf_failed",
        )
    return user


def optional_user(request: HttpRequest) -> User | None:
    """The caller if a valid bearer token or session is present, else None (public endpoints)."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return user_for_key(header[7:].strip())
    return session_auth(request)


token_or_session = [TokenAuth(), session_auth]
