"""Bearer-token and session authentication for the API."""

from __future__ import annotations

import hashlib
import secrets

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from motcua.accounts.models import ApiToken, User

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


def session_auth(request: HttpRequest) -> User | None:
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def optional_user(request: HttpRequest) -> User | None:
    """The caller if a valid bearer token or session is present, else None (public endpoints)."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return user_for_key(header[7:].strip())
    return session_auth(request)


token_or_session = [TokenAuth(), session_auth]
