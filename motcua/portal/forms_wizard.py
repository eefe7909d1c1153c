"""The wizard's forms. The declaration form is generated from the procedure's `form_schema`.

Every field is a plain text field to Django: the draft keeps what was typed, and the rules
(required, formats, bounds) are applied by `dossiers.form_schema` through the draft services,
whose messages are put on the fields. The browser still gets `required`, `inputmode` and
`autocomplete`, so phones show the right keyboard and autofill works."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.core.filetypes import ACCEPTED
from motcua.dossiers.form_schema import MAX_TEXT

ACCEPT = ",".join(
    sorted({t.mime for t in ACCEPTED} | {e for t in ACCEPTED for e in (t.extension, *t.aliases)})
)
ID_ATTRS = {"inputmode": "numeric", "autocomplete": "off", "maxlength": "14"}


def _widget(spec: dict[str, Any]) -> forms.Widget:
    kind = spec.get("type", "text")
    attrs: dict[str, str] = {}
    if spec.get("required"):
        attrs.update({"required": "", "aria-required": "true"})
    if kind == "choice":
        choices = [("", _("— Chọn —"))] + [(str(c), str(c)) for c in spec.get("choices", [])]
        return forms.Select(choices=choices, attrs=attrs)
    if kind == "date":
        return forms.DateInput(attrs={**attrs, "type": "date"})
    if kind == "number":
        mode = "numeric" if spec.get("integer") else "decimal"
        return forms.TextInput(attrs={**attrs, "inputmode": mode, "autocomplete": "off"})
    if kind == "cccd":
        return forms.TextInput(attrs={**attrs, **ID_ATTRS, "maxlength": "12"})
    if kind == "phone":
        return forms.TextInput(attrs={**attrs, "type": "tel", "autocomplete": "tel"})
    return forms.TextInput(attrs={**attrs, "autocomplete": "off"})


def _field(spec: dict[str, Any]) -> forms.CharField:
    widget = _widget(spec)
    own = dict(widget.attrs)
    field = forms.CharField(
        label=spec.get("label", spec["name"]),
        required=False,
        max_length=MAX_TEXT,
        strip=False,
        widget=widget,
    )
    field.widget.attrs.update(own)  # a narrower maxlength of the type wins over MAX_TEXT
    return field


def declaration_form(schema: list[dict[str, Any]], **kwargs: Any) -> forms.Form:
    """A form with one field per entry of `schema` (prefix "f")."""
    fields = {spec["name"]: _field(spec) for spec in schema}
    form_class = type("DeclarationForm", (forms.Form,), fields)
    return form_class(prefix="f", **kwargs)


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
