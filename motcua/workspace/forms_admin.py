"""Forms of the agency admin pages. Choices are limited to the admin's agencies; the services
check the scope again."""

from __future__ import annotations

import json
from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Agency, Role
from motcua.core.admin_forms import refusing_control_chars
from motcua.core.models import OverrideKind


def set_choices(field: forms.Field, choices: list[tuple[str, Any]]) -> None:
    cast(forms.ChoiceField, field).choices = choices


def _agency_choices(agencies: list[Agency]) -> list[tuple[str, str]]:
    return [(a.code, a.name) for a in agencies]


@refusing_control_chars
class ProcessImportForm(forms.Form):
    """The JSON of `motcua process_export`, pasted or uploaded."""

    text = forms.CharField(
        label=_("Nội dung JSON của quy trình"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
        help_text=_("Định dạng của lệnh process_export: procedure, agency, name, steps, edges."),
    )
    file = forms.FileField(label=_("Hoặc chọn tệp JSON"), required=False)
    publish = forms.BooleanField(label=_("Công bố ngay sau khi nhập"), required=False)

    MAX_BYTES = 512 * 1024

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        raw = data.get("text") or ""
        upload = data.get("file")
        if upload is not None:
            if upload.size > self.MAX_BYTES:
                raise forms.ValidationError(_("Tệp JSON quá lớn (tối đa 512 KB)."))
            try:
                raw = upload.read().decode("utf-8")
            except UnicodeDecodeError as exc:
                raise forms.ValidationError(_("Tệp phải là văn bản UTF-8.")) from exc
        if not raw.strip():
            raise forms.ValidationError(_("Hãy dán nội dung JSON hoặc chọn tệp."))
        try:
            data["data"] = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(
                _("Không phải JSON hợp lệ (dòng %(line)s, cột %(col)s)."),
                params={"line": exc.lineno, "col": exc.colno},
            ) from exc
        return data


@refusing_control_chars
class OfficialCreateForm(forms.Form):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    home_agency = forms.ChoiceField(label=_("Cơ quan công tác"))
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=20, required=False)
    password = forms.CharField(
        label=_("Mật khẩu ban đầu"),
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Để trống: tài khoản chưa đăng nhập được cho đến khi được đặt mật khẩu."),
    )

    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["home_agency"], _agency_choices(agencies))


@refusing_control_chars
class RoleGrantForm(forms.Form):
    role = forms.ChoiceField(label=_("Vai trò"))
    agency = forms.ChoiceField(label=_("Tại cơ quan"))
    include_descendants = forms.BooleanField(label=_("Cả các cơ quan cấp dưới"), required=False)

    def __init__(self, *args: Any, agencies: list[Agency], city_admin: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        roles = [(v, lbl) for v, lbl in Role.choices if city_admin or v != Role.CITY_ADMIN]
        set_choices(self.fields["role"], roles)
        set_choices(self.fields["agency"], _agency_choices(agencies))


@refusing_control_chars
class OverrideForm(forms.Form):
    date = forms.DateField(
        label=_("Ngày"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    kind = forms.ChoiceField(label=_("Loại điều chỉnh"), choices=OverrideKind.choices)
    agency = forms.ChoiceField(label=_("Cơ quan"))
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)
    source = forms.CharField(label=_("Văn bản căn cứ"), max_length=255, required=False)

    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["agency"], _agency_choices(agencies))

    def clean_date(self) -> Any:
        day = self.cleaned_data["date"]
        first, last = settings.MOTCUA["CALENDAR_YEARS"]
        if not first <= day.year <= last:
            raise forms.ValidationError(
                _("Ngày nằm ngoài phạm vi lịch làm việc (%(first)s–%(last)s)."),
                params={"first": first, "last": last},
            )
        return day
