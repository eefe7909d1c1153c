"""The wizard's forms. The declaration form is `dossiers.declaration_form` (shared with the
counter intake), with prefix "f".

Every field is a plain text field to Django: the draft keeps what was typed, and the rules
(required, formats, bounds) are applied by `dossiers.form_schema` through the draft services,
whose messages are put on the fields. The browser still gets `required`, `inputmode` and
`autocomplete`, so phones show the right keyboard and autofill works."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.core.filetypes import ACCEPTED
from motcua.dossiers.declaration_form import ID_ATTRS

ACCEPT = ",".join(
    sorted({t.mime for t in ACCEPTED} | {e for t in ACCEPTED for e in (t.extension, *t.aliases)})
)


def _text(
    label: Any, attrs: dict[str, str] | None = None, *, required: bool = False
) -> forms.CharField:
    attrs = dict(attrs or {})
    if required:
        attrs.update({"required": "", "aria-required": "true"})
    field = forms.CharField(
        label=label, required=False, max_length=500, widget=forms.TextInput(attrs=attrs)
    )
    if "maxlength" in attrs:  # a narrower maxlength wins over the field's
        field.widget.attrs["maxlength"] = attrs["maxlength"]
    return field


class ApplicantForm(forms.Form):
    """The applicant, prefilled from the account (prefix "applicant")."""

    kind = forms.ChoiceField(
        label=_("Người nộp là"),
        choices=[("person", _("Cá nhân")), ("organisation", _("Tổ chức"))],
        required=False,
    )
    name = _text(_("Họ và tên (hoặc tên tổ chức)"), {"autocomplete": "name"}, required=True)
    id_number = _text(_("Số định danh cá nhân (CCCD) hoặc mã số thuế"), ID_ATTRS, required=True)
    phone = _text(_("Số điện thoại"), {"type": "tel", "autocomplete": "tel"})
    email = forms.CharField(
        label=_("Thư điện tử"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    address = _text(_("Địa chỉ liên hệ"), {"autocomplete": "street-address"})
    representative_name = _text(_("Họ tên người đại diện (nếu nộp thay)"), {"autocomplete": "off"})
    representative_id_number = _text(
        _("Số định danh của người đại diện"), {**ID_ATTRS, "maxlength": "12"}
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["prefix"] = "applicant"
        super().__init__(*args, **kwargs)


def put_errors(form: forms.Form, problems: dict[str, list[str]], key_prefix: str) -> None:
    """Put the services' problems (`<key_prefix>.<field>`) on the form's fields."""
    for key, messages in problems.items():
        if not key.startswith(f"{key_prefix}."):
            continue
        name = key.removeprefix(f"{key_prefix}.")
        for message in messages:
            form.add_error(name if name in form.fields else None, message)


class UploadForm(forms.Form):
    """One file for one required document (works as a plain multipart POST)."""

    document = forms.IntegerField(widget=forms.HiddenInput)
    file = forms.FileField(
        label=_("Chọn tệp"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
