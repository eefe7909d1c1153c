"""Forms of the official-document pages (officials' workspace, /can-bo/van-ban/)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.documents.models import Series


def _choices(form: forms.Form, name: str, choices: list[tuple[str, Any]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class RegisterFilterForm(forms.Form):
    """A register's GET filters (Decree 30/2020 Annex IV: one register per calendar year); a bad
    value is ignored, never an error page."""

    agency = forms.ChoiceField(label=_("Cơ quan"), required=False)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100, required=False)

    def __init__(self, *args: Any, agencies: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "agency", agencies)


class OutgoingFilterForm(RegisterFilterForm):
    series = forms.ChoiceField(label=_("Sổ"), choices=Series.choices, required=False)


class ReceiveForm(forms.Form):
    """The clerk receives one pending document (Art. 21)."""

    source = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AssignForm(forms.Form):
    """Phiếu giải quyết văn bản đến (Art. 22, Annex IV): the lead unit, the coordinating units
    and the deadline."""

    lead_unit = forms.ChoiceField(label=_("Đơn vị chủ trì"))
    coordinating_units = forms.MultipleChoiceField(
        label=_("Đơn vị phối hợp"), required=False, widget=forms.CheckboxSelectMultiple
    )
    deadline = forms.DateField(
        label=_("Hạn giải quyết (ngày/tháng/năm)"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Nhập ngày theo dạng ngày/tháng/năm.")},
    )

    def __init__(self, *args: Any, units: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "lead_unit", units)
        _choices(self, "coordinating_units", units)
