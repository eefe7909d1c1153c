"""Sign-in by login name: the username, a citizen's CCCD or a business's tax code.

Contract (docs/rules.md §11 for the identifiers):
- `user_for_login_name(name)` resolves, in order: a username (case-insensitive, as usernames
  are unique regardless of case); 12 digits → the citizen account with that CCCD; a valid tax
  code (`validate_tax_code`) → the one business representative with it. A tax code held by
  several representatives resolves to nobody (`login_name_ambiguous` says so, so the page can
  ask for the username instead).
- `LoginNameBackend.authenticate` checks the password of the resolved account and refuses an
  inactive one (an account waiting for its verification code). When nobody is resolved it still
  hashes the password, so an unknown name takes as long as a wrong password.
- The backend sits after axes' backend in AUTHENTICATION_BACKENDS: every page calls
  `authenticate(request=...)`, so axes counts each failure against the name that was typed.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from motcua.accounts.models import User, UserKind
from motcua.core.identifiers import validate_tax_code


def _is_cccd_shape(name: str) -> bool:
    return len(name) == 12 and name.isascii() and name.isdigit()


def _tax_code(name: str) -> str | None:
    try:
        return validate_tax_code(name)
    except ValidationError:
        return None


def _candidates(name: str) -> list[User]:
    name = "".join(name.split())
    if not name:
        return []
    by_username = list(User.objects.filter(username__iexact=name)[:1])
    if by_username:
        return by_username
    if _is_cccd_shape(name):
        return list(User.objects.filter(kind=UserKind.CITIZEN, cccd=name)[:1])
    tax_code = _tax_code(name)
    if tax_code is None:
        return []
    return list(User.objects.filter(kind=UserKind.BUSINESS, tax_code=tax_code)[:2])


def user_for_login_name(name: str) -> User | None:
    """The one account `name` designates, or None (unknown or ambiguous)."""
    found = _candidates(name or "")
    return found[0] if len(found) == 1 else None


def login_name_ambiguous(name: str) -> bool:
    """True when `name` is a tax code held by several representatives."""
    return len(_candidates(name or "")) > 1


class LoginNameBackend(ModelBackend):
    """Django's model backend, with the login name resolved by `user_for_login_name`."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        user = user_for_login_name(username)
        if user is None:
            User().set_password(password)  # as slow as a wrong password
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
