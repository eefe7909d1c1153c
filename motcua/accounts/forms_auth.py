"""Forms of the sign-in, registration, password-reset and second-factor pages. They parse and
check the shape of the input; the services decide (their errors land on the right field
through `add_service_error`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motcua.accounts.backends import login_name_ambiguous
from motcua.core.errors import DomainError

# error code prefix → the field it belongs to (the rest go to the top of the form)
_FIELD_OF = {
    "cccd": "cccd",
    "representative_taken": "cccd",
    "tax_code": "tax_code",
    "phone": "phone",
    "weak_password": "password1",
    "code_": "code",
    "otp_": "token",
}


def add_service_error(form: forms.Form, exc: DomainError) -> None:
    """Show a service error next to its field (or at the top of the form)."""
    field = next((f for p, f in _FIELD_OF.items() if exc.code.startswith(p)), None)
    form.add_error(field if field in form.fields else None, exc.message)


class LoginForm(AuthenticationForm):
    """Django's sign-in form (fields `username`, `password`; `authenticate(request=...)`, so
    axes counts failures) with a message that never tells whether the account exists."""

    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa, chữ thường."
        ),
        "inactive": _("Tên đăng nhập hoặc mật khẩu không đúng."),
        "ambiguous": _(
            "Mã số thuế này có nhiều người đại diện. Vui lòng đăng nhập bằng tên đăng nhập của "
            "bạn (mã số thuế, dấu chấm, số CCCD của bạn)."
        ),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Tên đăng nhập, số CCCD hoặc mã số thuế")
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].label = _("Mật khẩu")

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except ValidationError:
            if login_name_ambiguous(self.cleaned_data.get("username", "")):
                raise ValidationError(self.error_messages["ambiguous"], code="ambiguous") from None
            raise


class _PasswordPair(forms.Form):
    password1 = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Ít nhất 8 ký tự, không toàn chữ số, không chứa số CCCD hay mã số thuế."),
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_password2(self) -> str:
        value: str = self.cleaned_data["password2"]
        if self.cleaned_data.get("password1") and value != self.cleaned_data["password1"]:
            raise ValidationError(_("Hai lần nhập mật khẩu không giống nhau."), code="mismatch")
        return value


def _cccd_field(label: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=20,
        help_text=_("12 chữ số trên thẻ căn cước."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class _Contact(forms.Form):
    phone = forms.CharField(
        label=_("Số điện thoại di động"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("Thư điện tử"),
        required=False,
        help_text=_("Nhập số điện thoại hoặc thư điện tử: mã xác minh được gửi đến đó."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class CitizenRegistrationForm(_Contact, _PasswordPair):
    field_order = ("full_name", "cccd", "phone", "email", "password1", "password2")
    full_name = forms.CharField(
        label=_("Họ và tên"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    cccd = _cccd_field(_("Số CCCD"))

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        keys = ("full_name", "cccd", "phone", "email")
        return {**{k: data[k] for k in keys}, "password": data["password1"]}


class BusinessRegistrationForm(_Contact, _PasswordPair):
    field_order = (
        *("tax_code", "organisation_name", "full_name", "cccd"),
        *("phone", "email", "password1", "password2"),
    )
    tax_code = forms.CharField(
        label=_("Mã số thuế của tổ chức"),
        max_length=20,
        help_text=_("10 chữ số, hoặc 10 chữ số, dấu '-' và 3 chữ số của đơn vị phụ thuộc."),
    )
    organisation_name = forms.CharField(
        label=_("Tên tổ chức"),
        max_length=255,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    full_name = forms.CharField(label=_("Họ và tên người đại diện"), max_length=200)
    cccd = _cccd_field(_("Số CCCD của người đại diện"))

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        keys = ("tax_code", "organisation_name", "full_name", "cccd", "phone", "email")
        return {**{k: data[k] for k in keys}, "password": data["password1"]}


def _code_field() -> forms.CharField:
    return forms.CharField(
        label=_("Mã xác minh"),
        max_length=10,
        help_text=_("6 chữ số, có hiệu lực 10 phút."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class VerifyForm(forms.Form):
    code = _code_field()


class ResetRequestForm(forms.Form):
    login_name = forms.CharField(
        label=_("Tên đăng nhập, số CCCD hoặc mã số thuế"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )


class ResetConfirmForm(ResetRequestForm, _PasswordPair):
    field_order = ("login_name", "code", "password1", "password2")
    code = _code_field()


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Mã xác thực"),
        max_length=20,
        help_text=_("6 chữ số trong ứng dụng xác thực, hoặc một mã dự phòng."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


class EnrolForm(forms.Form):
    token = forms.CharField(
        label=_("Mã 6 chữ số trong ứng dụng"),
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
