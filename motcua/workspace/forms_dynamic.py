"""A Django form built from a procedure's form definition (`ProcedureVersion.form_schema`).

The form only collects the values as text, with the widget each type calls for (a date picker,
a list of choices); the rules are checked once, by `dossiers.form_schema.validate_form_data`
inside the submission service, and its messages are put back on the fields by the page. So a
rule never lives in two places.
"""

from __future__ import annotations

from typing import Any

from django import forms

from motcua.dossiers.form_schema import MAX_TEXT

PREFIX = "tk"  # tờ khai: keeps the declaration's names apart from the applicant's fields


def _field(spec: dict[str, Any]) -> forms.Field:
    kind = spec.get("type", "text")
    common: dict[str, Any] = {"label": spec.get("label") or spec["name"], "required": False}
    if kind == "choice":
        choices = [("", "—")] + [(str(c), str(c)) for c in spec.get("choices", [])]
        return forms.ChoiceField(choices=choices, **common)
    widget: forms.Widget
    if kind == "date":
        widget = forms.DateInput(attrs={"type": "date"})
    elif kind == "number":
        widget = forms.TextInput(attrs={"inputmode": "decimal"})
    elif kind in ("cccd", "phone"):
        widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
    else:
        widget = forms.TextInput()
    return forms.CharField(max_length=MAX_TEXT, strip=False, widget=widget, **common)


def declaration_form(
    schema: list[dict[str, Any]], data: Any = None, initial: dict[str, Any] | None = None
) -> forms.Form:
    """An unbound (`data` None) or bound form with one field per schema entry, in order.
    Required fields are marked for people and browsers (`required` attribute) but left to the
    service to refuse, so every problem is reported in one answer."""
    form = forms.Form(data=data, initial=initial, prefix=PREFIX)
    for spec in schema:
        field = _field(spec)
        if spec.get("required"):
            field.widget.attrs["required"] = True
            field.widget.attrs["aria-required"] = "true"
        form.fields[spec["name"]] = field
    form.use_required_attribute = False
    return form


def declaration_values(form: forms.Form) -> dict[str, Any]:
    """The non-empty values typed, as the service expects them (text; dates as yyyy-mm-dd)."""
    return {name: value for name, value in form.cleaned_data.items() if value not in ("", None)}
