"""Who may open a page: the one place page views check sign-in and the second factor.

Every page view that shows or changes anything personal is wrapped in one of these; the services
it calls still check the role at the agency (the page check only decides what to show).

- `signed_in`: any active account; otherwise the sign-in page, coming back to this one.
- `official_required`: an official who passed the second factor (TOTP or a recovery code,
  django-otp) in this session; an official who has not is sent to the second-factor page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from motcua.accounts.models import UserKind

View = Callable[..., HttpResponse]


def is_official(user: Any) -> bool:
    return bool(user.is_authenticated and user.kind == UserKind.OFFICIAL)


def second_factor_passed(request: HttpRequest) -> bool:
    """True when the official passed TOTP or a recovery code in this session (or the city
    switched the second factor off with MOTCUA_OTP_REQUIRED=0)."""
    if not settings.MOTCUA["OTP_REQUIRED"]:
        return True
    verified = getattr(request.user, "is_verified", None)
    return bool(verified and verified())


def signed_in(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if is_official(request.user) and not second_factor_passed(request):
            target = reverse("accounts:otp_verify")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return view(request, *args, **kwargs)

    return wrapper


def official_required(view: View) -> View:
    @signed_in
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_official(request.user):
            raise PermissionDenied("Trang này dành cho cán bộ, công chức.")
        return view(request, *args, **kwargs)

    return wrapper
