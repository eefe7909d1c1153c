"""The declaration form (tờ khai) built from a procedure's `ProcedureVersion.form_schema`: one
builder for the counter intake (workspace) and the online wizard (portal).

Every field only collects text, with the input each type calls for (a date picker, a list of
choices, the right phone keyboard through `inputmode`, `autocomplete`, a narrower `maxlength`).
The rules (required, formats, bounds) are checked once, by `dossiers.form_schema`, inside the
services, whose messages the pages put back on the fields; so a rule never lives in two places.
Required fields are still marked for people and browsers (`required`, `aria-required`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.form_schema import MAX_TEXT

ID_ATTRS = {"inputmode": "numeric", "autocomplete": "off", "maxlength": "14"}
"""An identity number (CCCD 12 digits, or a tax code up to 14 characters)."""


def _attrs(spec: dict[str, Any], *, autofill: bool) -> dict[str, str]:
    kind = spec.get("type", "text")
    if kind == "date":
        return {"type": "date"}
    if kind == "number":
        mode = "numeric" if spec.get("integer") else "decimal"
        return {"inputmode": mode, "autocomplete": "off"}
    if kind == "cccd":
        return {**ID_ATTRS, "maxlength": "12"}
    if kind == "phone":
        return {"type": "tel", "inputmode": "tel", "autocomplete": "tel" if autofill else "off"}
    return {"autocomplete": "off"}


def _field(spec: dict[str, Any], *, autofill: bool) -> forms.Field:
    label = spec.get("label") or spec["name"]
    field: forms.Field
    if spec.get("type") == "choice":
        choices = [("", _("— Chọn —"))] + [(str(c), str(c)) for c in spec.get("choices", [])]
        field = forms.ChoiceField(label=label, choices=choices, required=False)
    else:
        attrs = _attrs(spec, autofill=autofill)
        widget = forms.TextInput(attrs=dict(attrs))  # takes "type" out of the attributes
        field = forms.CharField(
            label=label, required=False, max_length=MAX_TEXT, strip=False, widget=widget
        )
        if "maxlength" in attrs:  # a narrower maxlength of the type wins over MAX_TEXT
            field.widget.attrs["maxlength"] = attrs["maxlength"]
    if spec.get("required"):
        field.widget.attrs.update({"required": "", "aria-required": "true"})
    return field


def declaration_form(
    schema: list[dict[str, Any]],
    data: Any = None,
    *,
    prefix: str,
    initial: dict[str, Any] | None = None,
    autofill: bool = False,
) -> forms.Form:
    """An unbound (`data` None) or bound form with one field per schema entry, in order, names
    prefixed with `prefix`. Every field is optional to Django (the service refuses what is
    missing, so every problem is reported in one answer); an unknown choice is refused by the
    form. `autofill` lets the browser fill a phone field from the user's own details (the
    citizen's device; not at the counter, where the browser is the official's)."""
    form = forms.Form(data=data, initial=initial, prefix=prefix)
    for spec in schema:
        form.fields[spec["name"]] = _field(spec, autofill=autofill)
    form.use_required_attribute = False
    return form


def declaration_values(form: forms.Form) -> dict[str, Any]:
    """The non-empty values typed, as the service expects them (text; dates as yyyy-mm-dd)."""
    return {name: value for name, value in form.cleaned_data.items() if value not in ("", None)}
