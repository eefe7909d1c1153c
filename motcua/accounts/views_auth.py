"""Sign-in, sign-out and the officials' second factor.

After the password an official goes to the second factor (enrolling an authenticator app the
first time), then to `next` or the workspace; a citizen or business goes to `next` or their
dossiers. `next` is followed only when it stays on this site (url_has_allowed_host_and_scheme).
"""

from __future__ import annotations

from base64 import b32encode
from typing import Any

import django_otp
import segno
from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua.accounts import otp
from motcua.accounts.access import is_official, second_factor_passed
from motcua.accounts.forms_auth import EnrolForm, LoginForm, TokenForm, add_service_error
from motcua.core.errors import DomainError

OFFICIAL_HOME = "/can-bo/"  # the officials' workspace
CITIZEN_HOME = "/ho-so-cua-toi/"  # a citizen's or business's dossiers


def home_for(user: Any) -> str:
    return OFFICIAL_HOME if is_official(user) else CITIZEN_HOME


def safe_next(request: HttpRequest, default: str) -> str:
    """`next` from the query or form when it points at this site, else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed else default


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm

    def get_default_redirect_url(self) -> str:
        return home_for(self.request.user)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        if is_official(self.request.user) and not second_factor_passed(self.request):
            return redirect(otp.second_factor_url(self.get_success_url()))
        return response


@require_http_methods(["GET", "POST"])
def sign_out(request: HttpRequest) -> HttpResponse:
    """GET asks to confirm; POST (the header's button) signs out."""
    if request.method == "POST":
        auth_logout(request)
        messages.success(request, _("Bạn đã đăng xuất."))
        return redirect("portal:home")
    return render(request, "accounts/logout.html")


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponseBase:
    """The second factor: a TOTP code or one recovery code."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    user: Any = request.user
    next_url = safe_next(request, home_for(user))
    if not is_official(user) or second_factor_passed(request):
        return redirect(next_url)
    if not otp.has_second_factor(user):
        return redirect(_with_next("accounts:otp_enrol", next_url))
    form = TokenForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            device = otp.second_factor_verify(user=user, token=form.cleaned_data["token"])
        except DomainError as exc:
            add_service_error(form, exc)
            status = exc.status
        else:
            django_otp.login(request, device)
            return redirect(next_url)
    context = {"form": form, "next": next_url}
    return render(request, "accounts/otp_verify.html", context, status=status)


def _qr_data_uri(text: str) -> str:
    """Not `core.qr` (its cache would keep secrets in memory)."""
    qr = segno.make(text, error="m")
    return str(qr.svg_data_uri(scale=5, border=2, dark="#000", light="#fff"))


def _spaced(key: str) -> str:
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@require_http_methods(["GET", "POST"])
def otp_enrol(request: HttpRequest) -> HttpResponseBase:
    """First enrolment of an authenticator app: QR code, confirm with a code, recovery codes."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    user: Any = request.user
    if not is_official(user):
        raise PermissionDenied(_("Trang này dành cho cán bộ, công chức."))
    next_url = safe_next(request, OFFICIAL_HOME)
    if otp.has_second_factor(user):
        return redirect(_with_next("accounts:otp_verify", next_url))
    form = EnrolForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = otp.totp_enrol_confirm(user=user, token=form.cleaned_data["token"])
        except DomainError as exc:
            add_service_error(form, exc)
            status = exc.status
        else:
            django_otp.login(request, device)
            return render(request, "accounts/otp_codes.html", {"codes": codes, "next": next_url})
    device = otp.totp_enrol_start(user=user)
    secret = b32encode(device.bin_key).decode()
    context: dict[str, Any] = {
        "form": form,
        "next": next_url,
        "qr": _qr_data_uri(device.config_url),
        "secret": _spaced(secret),
    }
    return render(request, "accounts/otp_enrol.html", context, status=status)
