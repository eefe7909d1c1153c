"""Registration of citizens and business representatives, its verification code, and the
password reset. Views parse, call one service (accounts/services/registration.py), render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua.accounts.forms_auth import (
    BusinessRegistrationForm,
    CitizenRegistrationForm,
    ResetConfirmForm,
    ResetRequestForm,
    VerifyForm,
    add_service_error,
)
from motcua.accounts.models import User
from motcua.accounts.services import registration
from motcua.accounts.views_auth import CITIZEN_HOME, safe_next
from motcua.core.clientip import client_ip
from motcua.core.errors import DomainError

PENDING_KEY = "motcua_registration_user"  # the account waiting for its code, in the session
RESET_KEY = "motcua_reset_login_name"
NEXT_KEY = "motcua_registration_next"  # where the person was going (a procedure's wizard)
BACKEND = "motcua.accounts.backends.LoginNameBackend"


def _register(
    request: HttpRequest,
    form_class: type[CitizenRegistrationForm | BusinessRegistrationForm],
    service: Callable[..., User],
    template: str,
) -> HttpResponse:
    form = form_class(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            user = service(**form.service_kwargs())
        except DomainError as exc:
            add_service_error(form, exc)
            status = exc.status
        else:
            request.session[PENDING_KEY] = user.pk
            request.session[NEXT_KEY] = safe_next(request, CITIZEN_HOME)
            return redirect("accounts:register_verify")
    context = {"form": form, "next": safe_next(request, "")}
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
def register_citizen(request: HttpRequest) -> HttpResponse:
    return _register(
        request,
        CitizenRegistrationForm,
        registration.registration_citizen,
        "accounts/register_citizen.html",
    )


@require_http_methods(["GET", "POST"])
def register_business(request: HttpRequest) -> HttpResponse:
    return _register(
        request,
        BusinessRegistrationForm,
        registration.registration_business,
        "accounts/register_business.html",
    )


def _pending(request: HttpRequest) -> User | None:
    pk = request.session.get(PENDING_KEY)
    return User.objects.filter(pk=pk, is_active=False).first() if pk else None


@require_http_methods(["GET", "POST"])
def register_verify(request: HttpRequest) -> HttpResponse:
    """Type the code (or ask for a new one): the account becomes active and signed in."""
    user = _pending(request)
    form = VerifyForm(request.POST if "code" in request.POST else None)
    status = 200
    if user is not None and "resend" in request.POST:
        try:
            registration.registration_resend(user=user)
        except DomainError as exc:
            messages.error(request, exc.message)
            status = exc.status
        else:
            messages.success(request, _("Đã gửi mã xác minh mới."))
            return redirect("accounts:register_verify")
    elif user is not None and form.is_valid():
        try:
            user = registration.registration_verify(user=user, code=form.cleaned_data["code"])
        except DomainError as exc:
            add_service_error(form, exc)
            status = exc.status
        else:
            return _signed_in(request, user)
    context: dict[str, Any] = {"form": form, "pending": user}
    return render(request, "accounts/register_verify.html", context, status=status)


def _signed_in(request: HttpRequest, user: User) -> HttpResponse:
    request.session.pop(PENDING_KEY, None)
    target = request.session.pop(NEXT_KEY, CITIZEN_HOME)
    auth_login(request, user, backend=BACKEND)
    messages.success(
        request,
        _("Tài khoản đã được kích hoạt. Tên đăng nhập của bạn: %(username)s")
        % {"username": user.username},
    )
    return redirect(target)


def _form_or_throttled(form: forms.Form, exc: DomainError) -> int:
    add_service_error(form, exc)
    return exc.status


@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    """Ask for a reset code by login name; the answer is the same whether it exists or not."""
    form = ResetRequestForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["login_name"]
        try:
            registration.password_reset_request(login_name=name, client=client_ip(request))
        except DomainError as exc:
            status = _form_or_throttled(form, exc)
        else:
            request.session[RESET_KEY] = name
            messages.info(
                request,
                _(
                    "Nếu tài khoản tồn tại và có số điện thoại hoặc thư điện tử, mã đặt lại mật "
                    "khẩu đã được gửi đến đó. Mã có hiệu lực 10 phút."
                ),
            )
            return redirect("accounts:password_reset_confirm")
    return render(request, "accounts/password_reset.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def password_reset_confirm(request: HttpRequest) -> HttpResponse:
    """Type the code and a new password."""
    initial = {"login_name": request.session.get(RESET_KEY, "")}
    form = ResetConfirmForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration.password_reset_confirm(
                login_name=data["login_name"],
                code=data["code"],
                password=data["password1"],
                client=client_ip(request),
            )
        except DomainError as exc:
            status = _form_or_throttled(form, exc)
        else:
            request.session.pop(RESET_KEY, None)
            messages.success(request, _("Đã đặt mật khẩu mới. Vui lòng đăng nhập."))
            return redirect("accounts:login")
    return render(request, "accounts/password_reset_confirm.html", {"form": form}, status=status)
