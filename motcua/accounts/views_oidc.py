"""Sign-in through the identity provider (VNeID): `/dang-nhap/vneid/` and its callback.

Both pages answer 404 while MOTCUA_OIDC_ISSUER is empty. Any failure (state, signature, expiry,
audience, the provider's refusal or absence, a missing or invalid ID number, an official's ID
number) renders `accounts/oidc_error.html` with the reason: nobody is signed in and nothing is
created (docs/oidc.md).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from motcua.accounts import oidc
from motcua.accounts.services.oidc import user_sign_in_oidc
from motcua.core.errors import DomainError

NEXT_KEY = "oidc_next"
BACKEND = "django.contrib.auth.backends.ModelBackend"


def callback_url() -> str:
    """The redirect URI registered at the provider: the public base URL + the callback path."""
    return settings.MOTCUA["PUBLIC_BASE_URL"].rstrip("/") + reverse("accounts:oidc_callback")


def _require_enabled() -> None:
    if not oidc.enabled():
        raise Http404(_("Đăng nhập bằng định danh điện tử chưa được bật."))


def _error(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(request, "accounts/oidc_error.html", {"message": message}, status=status)


@never_cache
def oidc_start(request: HttpRequest) -> HttpResponse:
    _require_enabled()
    target = request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    request.session[NEXT_KEY] = target if safe else ""
    try:
        return oidc.start(request, callback_url())
    except oidc.OIDCError as exc:
        return _error(request, exc.message, 502)


@never_cache
def oidc_callback(request: HttpRequest) -> HttpResponse:
    _require_enabled()
    try:
        identity = oidc.finish(request)
        user = user_sign_in_oidc(
            issuer=identity.issuer,
            subject=identity.subject,
            cccd=identity.cccd,
            full_name=identity.full_name,
        )
    except oidc.OIDCError as exc:
        return _error(request, exc.message, 400)
    except DomainError as exc:
        return _error(request, exc.message, exc.status)
    target = request.session.pop(NEXT_KEY, "")
    login(request, user, backend=BACKEND)
    return redirect(target or resolve_url(settings.LOGIN_REDIRECT_URL))
