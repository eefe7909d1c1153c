"""Passwords and API tokens ("user" audit stream, id = user pk).

Contract: a password change and a deactivation end every live API token of the user in the same
transaction (the token was issued on the strength of the old password or of an active account);
each service writes one audit event that says how many tokens it revoked."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import ApiToken, User
from motcua.accounts.services.agencies import USER_STREAM
from motcua.core import audit
from motcua.core.errors import DomainError


def revoke_live_tokens(user: User) -> int:
    """Mark every unrevoked token of `user` revoked now; the number revoked. Callers write the
    audit event (it is part of their change)."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


@transaction.atomic
def user_set_password(*, user: User, password: str | None, actor: Any = None) -> User:
    """Set `user`'s password (validated), or make it unusable when `password` is None, and
    revoke their API tokens. Errors: weak_password."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if password is None:
        user.set_unusable_password()
    else:
        try:
            password_validation.validate_password(password, user)
        except ValidationError as exc:
            raise DomainError(" ".join(exc.messages), code="weak_password") from exc
        user.set_password(password)
    user.save(update_fields=["password"])
    revoked = revoke_live_tokens(user)
    audit.append(
        stream_type=USER_STREAM,
        stream_id=str(user.pk),
        kind="user.password_changed" if password is not None else "user.password_disabled",
        actor=actor,
        payload={"tokens_revoked": revoked},
    )
    return user


@transaction.atomic
def token_revoke(*, token: ApiToken, actor: Any = None) -> bool:
    """Revoke one token; False (and nothing written) when it was already revoked."""
    done = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if done:
        audit.append(
            stream_type=USER_STREAM,
            stream_id=str(token.user_id),
            kind="user.token_revoked",
            actor=actor,
            payload={"token": token.prefix, "name": token.name},
        )
    return bool(done)
